"""Gives every `listings` row a disclosure grade and adds the stated cornerstone totals of the two listings.

Run once from the repository root: `python research/dossier/listing_grades.py` (re-running is harmless).

- `grade`: a row that gives the offer price or the amount raised reads the offering documents (the
  prospectus, the allotment results) and is `official`, as `data/README.md` defines it (a filing or a page
  quoting one); a row that gives only a market value is market data, `data_provider`.
- `cornerstone_m` (with `cornerstone_currency`, `cornerstone_qualifier`): the cornerstone investors' total
  subscription as the page states it from the prospectus. Zhipu: 11 cornerstones, about HK$2.98bn (21st
  Century Business Herald, copied by several pages; research/dossier/zhipu.md). MiniMax: 14 cornerstones,
  about HK$2.723bn (AsiaICT; research/dossier/minimax.md; SCMP's "about US$350m" is the same total).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from helpers.data.descriptor import write_descriptor  # noqa: E402
from helpers.data.validate import read_descriptor  # noqa: E402

D = ROOT / "data"
NEW_FIELDS = [
    {
        "name": "cornerstone_m",
        "type": "number",
        "description": "The cornerstone investors' total subscription as stated (millions), not a sum of cheques.",
        "constraints": {"minimum": 0},
    },
    {"name": "cornerstone_currency", "type": "string", "constraints": {"enum": ["USD", "CNY", "HKD"]}},
    {
        "name": "cornerstone_qualifier",
        "type": "string",
        "constraints": {"enum": ["exact", "approx", "lower_bound", "upper_bound", "range"]},
    },
    {
        "name": "grade",
        "type": "string",
        "description": "official when the row gives the offer price or amount raised (offering documents); "
        "data_provider when it gives a market value only.",
        "constraints": {
            "required": True,
            "enum": ["official", "registry", "data_provider", "media_unnamed", "rumour"],
        },
    },
]
CORNERSTONES = [
    # listing_id, company, round, ticker, date, total, currency, qualifier, source key in the research file
    (
        "zhipu-hkex-cornerstones",
        "zhipu",
        "zhipu-2026-01-ipo",
        "2513",
        "2026-01-08",
        2980,
        "HKD",
        "approx",
        "zhipu",
        "z4",
    ),
    (
        "minimax-hkex-cornerstones",
        "minimax",
        "minimax-2026-01-ipo",
        "0100",
        "2026-01-09",
        2723,
        "HKD",
        "approx",
        "minimax",
        "m25",
    ),
]


def main() -> None:
    dp = read_descriptor(D)
    res = next(r for r in dp["resources"] if r["name"] == "listings")
    have = {f["name"] for f in res["schema"]["fields"]}
    fields = [f for f in res["schema"]["fields"] if f["name"] not in ("source_id", "note")]
    tail = [f for f in res["schema"]["fields"] if f["name"] in ("source_id", "note")]
    res["schema"]["fields"] = fields + [f for f in NEW_FIELDS if f["name"] not in have] + tail
    res.setdefault("x-requires", [])
    rule = {"when": "cornerstone_m", "then": ["cornerstone_currency", "cornerstone_qualifier"]}
    if rule not in res["x-requires"]:
        res["x-requires"].append(rule)
    write_descriptor(D, dp)

    cols = [f["name"] for f in res["schema"]["fields"]]
    ls = pd.read_csv(D / "listings.csv", dtype=str, keep_default_na=False)
    for c in cols:
        ls[c] = ls[c] if c in ls else ""
    ls = ls[~ls["listing_id"].str.endswith("-cornerstones")]
    offering = (ls["offer_price"] != "") | (ls["amount_raised_m"] != "")
    ls["grade"] = ["official" if o else "data_provider" for o in offering]

    src = pd.read_csv(D / "sources.csv", dtype=str, keep_default_na=False)
    rows, new_src = [], []
    for lid, comp, rid, ticker, date, total, cur, q, file, key in CORNERSTONES:
        from build_dossier_facts import blocks  # the research file's CSV blocks

        page = blocks(Path(__file__).parent / f"{file}.md")["sources"].set_index("key").loc[key]
        hit = src[src["url"] == page["url"]]
        sid = hit["source_id"].iloc[0] if len(hit) else f"listing-{file}-{key}"
        if not len(hit) and sid not in {s["source_id"] for s in new_src}:
            new_src.append(
                {
                    "source_id": sid,
                    "publisher": page["publisher"],
                    "title": page["title"],
                    "url": page["url"],
                    "published": page["published"] if len(page["published"]) == 10 else "",
                    "language": page["language"],
                    "kind": "news",
                }
            )
        rows.append(
            {
                "listing_id": lid,
                "company_id": comp,
                "round_id": rid,
                "exchange": "HKEX",
                "ticker": ticker,
                "listing_date": date,
                "cornerstone_m": str(total),
                "cornerstone_currency": cur,
                "cornerstone_qualifier": q,
                "grade": "official",
                "source_id": sid,
                "note": "Cornerstone total as stated from the prospectus.",
            }
        )
    out = pd.concat([ls[cols], pd.DataFrame(rows, columns=cols)]).fillna("")
    out.to_csv(D / "listings.csv", index=False, lineterminator="\n")
    if new_src:
        pd.concat([src, pd.DataFrame(new_src, columns=src.columns)]).fillna("").to_csv(
            D / "sources.csv", index=False, lineterminator="\n"
        )
    print(len(ls), "listing rows graded;", len(rows), "cornerstone totals;", len(new_src), "new sources")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
