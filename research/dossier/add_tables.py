"""Adds the two tables the company dossiers (#18) need, `financials` and `market_values`, to data/.

Run once from the repository root: `python research/dossier/add_tables.py`. It writes each table's schema
file (data/schemas/<table>.json), its resource entry in datapackage.json and a header-only CSV when none
exists; rows come from the curated research files in this folder, added by build_dossier_facts.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from helpers.data.descriptor import write_descriptor  # noqa: E402
from helpers.data.validate import read_descriptor  # noqa: E402

D = ROOT / "data"
ID = {"required": True, "pattern": "^[a-z0-9][a-z0-9._-]*$"}
QUALIFIER = {"enum": ["exact", "approx", "lower_bound", "upper_bound", "range"]}
CURRENCY = {"enum": ["USD", "CNY", "HKD"]}
GRADE = {"required": True, "enum": ["official", "registry", "data_provider", "media_unnamed", "rumour"]}


def fk(field, resource):
    return {"fields": field, "reference": {"resource": resource, "fields": field}}


FINANCIALS = {
    "fields": [
        {"name": "fact_id", "type": "string", "constraints": {**ID, "unique": True}},
        {"name": "company_id", "type": "string", "constraints": ID},
        {"name": "period_start", "type": "date", "constraints": {"required": True}},
        {"name": "period_end", "type": "date", "constraints": {"required": True}},
        {
            "name": "metric",
            "type": "string",
            "description": "revenue; gross_profit; net_loss and adjusted_net_loss (a loss as a positive amount; "
            "adjusted as the company defines it, usually before share-based pay and preferred-share revaluation); "
            "rd_expense; annualised_revenue (a run-rate the company states, not a period's revenue).",
            "constraints": {
                "required": True,
                "enum": [
                    "revenue",
                    "gross_profit",
                    "net_loss",
                    "adjusted_net_loss",
                    "rd_expense",
                    "annualised_revenue",
                ],
            },
        },
        {
            "name": "value_m",
            "type": "number",
            "description": "Millions of `currency`.",
            "constraints": {"required": True},
        },
        {"name": "currency", "type": "string", "constraints": {"required": True, **CURRENCY}},
        {"name": "qualifier", "type": "string", "constraints": {"required": True, **QUALIFIER}},
        {"name": "source_id", "type": "string", "description": "The page the figure is read from.", "constraints": ID},
        {"name": "grade", "type": "string", "constraints": GRADE},
        {"name": "note", "type": "string"},
    ],
    "primaryKey": ["fact_id"],
    "foreignKeys": [fk("company_id", "companies"), fk("source_id", "sources")],
}

MARKET_VALUES = {
    "fields": [
        {"name": "value_id", "type": "string", "constraints": {**ID, "unique": True}},
        {"name": "company_id", "type": "string", "constraints": ID},
        {"name": "date", "type": "date", "constraints": {"required": True}},
        {
            "name": "kind",
            "type": "string",
            "description": "What the price is: the day's close, an intraday or opening price, or unstated.",
            "constraints": {"required": True, "enum": ["close", "intraday", "opening", "unstated"]},
        },
        {"name": "share_price", "type": "number", "constraints": {"minimum": 0}},
        {"name": "price_currency", "type": "string", "constraints": CURRENCY},
        {"name": "market_value_m", "type": "number", "description": "Millions.", "constraints": {"minimum": 0}},
        {"name": "value_currency", "type": "string", "constraints": CURRENCY},
        {"name": "qualifier", "type": "string", "description": "Of the market value.", "constraints": QUALIFIER},
        {"name": "source_id", "type": "string", "constraints": ID},
        {"name": "grade", "type": "string", "constraints": GRADE},
        {"name": "note", "type": "string"},
    ],
    "primaryKey": ["value_id"],
    "foreignKeys": [fk("company_id", "companies"), fk("source_id", "sources")],
}
REQUIRES = {
    "market_values": [
        {"when": "share_price", "then": ["price_currency"]},
        {"when": "market_value_m", "then": ["value_currency", "qualifier"]},
    ],
}

NEW = {
    "financials": ("Financials", "Reported revenue, losses and R&D spend, company x period x metric.", FINANCIALS),
    "market_values": ("Market values", "Share price and market value of a listed company on a date.", MARKET_VALUES),
}


def main() -> None:
    dp = read_descriptor(D)
    have = {r["name"] for r in dp["resources"]}
    template = next(r for r in dp["resources"] if r["name"] == "stakes")
    for name, (title, description, schema) in NEW.items():
        if name in have:
            continue
        keep = ("profile", "format", "mediatype", "encoding")
        entry = {k: v for k, v in template.items() if k in keep}
        dp["resources"].append(
            {"name": name, "path": f"{name}.csv", **entry, "title": title, "description": description, "schema": schema}
        )
        if name in REQUIRES:
            dp["resources"][-1]["x-requires"] = REQUIRES[name]
        csv = D / f"{name}.csv"
        if not csv.exists():
            csv.write_text(",".join(f["name"] for f in schema["fields"]) + "\n", encoding="utf-8")
    write_descriptor(D, dp)


if __name__ == "__main__":
    main()
