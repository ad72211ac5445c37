"""Converts a data folder mapped to the old `market_totals` shape (one source per fact, no region,
price basis, method or edition name) to the current one. See data/README.md, "Migrating"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

NEW_COLUMNS = {"edition_name": "", "region": "china_unstated", "price_basis": "current", "method": "unstated"}


def migrate_market_totals(folder: Path, today: str | None = None) -> list[str]:
    """Adds the new columns with cautious defaults and writes market_total_reports.csv (one unchecked report
    per fact); leaves a folder already in the new shape as it is. Returns what it changed."""
    folder = Path(folder)
    path, reports = folder / "market_totals.csv", folder / "market_total_reports.csv"
    mt = pd.read_csv(path, dtype=str, keep_default_na=False)
    done = []
    for col, default in NEW_COLUMNS.items():
        if col not in mt:
            mt[col] = default
            done.append(f"market_totals.csv: added {col} = {default or '(empty)'}")
    if done:
        mt.to_csv(path, index=False, lineterminator="\n")
    if not reports.exists():
        pd.DataFrame(
            {
                "fact_id": mt["fact_id"],
                "source_id": mt["source_id"],
                "via": mt.get("via", ""),
                "checked_on": today or dt.date.today().isoformat(),
                "verdict": "unchecked",
                "note": "",
            }
        ).to_csv(reports, index=False, lineterminator="\n")
        done.append(f"market_total_reports.csv: {len(mt)} unchecked reports, one per fact")
    return done


def add_commands(sub) -> None:
    p = sub.add_parser("migrate", help="convert a data folder from the old market_totals shape (in place)")
    p.add_argument("folder", type=Path)
    p.set_defaults(
        func=lambda a: print("\n".join(migrate_market_totals(a.folder)) or "already in the current shape") or 0
    )
