"""Adds the curated financials and market values of the two listed dragons (Zhipu, MiniMax) to data/.

Inputs are the sourcing notes in this folder (`zhipu.md`, `minimax.md`, written from stored pages with the
brief in BRIEF.md); each holds CSV blocks. Run after add_tables.py, from the repository root:
`python research/dossier/build_dossier_facts.py`. Re-running replaces the rows it made (ids `fin-*`, `mv-*`).

Curation rules, applied below and recorded here:
- A row keeps the first page its note lists as its source; the other pages that print the same figure stay
  in the research file (one fact, its headline page).
- Financials come from pages that quote the prospectus, the post-hearing information pack or the annual
  results (`official`); figures only in commentary keep their grade (`media_unnamed`). Two pages that print
  different figures for one period are two rows. Figures a note marks as a typo or as shifted by one period
  (MiniMax 2023 revenue US$2.46m; the R&D series one page labels a year late) are left out.
- Market values: pages that are user posts, or that a note marks as unreliable or as mixing figures, are
  left out, as are points with neither a price nor a value, or without an exact day. `kind` is read from the
  note (close, intraday, opening); a market value the page gives as "over" keeps its lower bound.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
D = ROOT / "data"
COMPANIES = {"zhipu": "z", "minimax": "m"}
DROP_FINANCIALS = {("minimax", "m8")}  # the typo and shifted-series page, see the docstring
UNRELIABLE = re.compile(r"user post|unreliable|not reliable|mixes figures|UNCLEAR|looks like", re.I)


def blocks(path: Path) -> dict[str, pd.DataFrame]:
    """The ```csv blocks of a research file, by the heading above each."""
    text, out = path.read_text(encoding="utf-8"), {}
    for m in re.finditer(r"^## (.+?)\n(?:.*?\n)??```csv\n(.*?)```", text, flags=re.S | re.M):
        out[m.group(1).strip()] = pd.read_csv(io.StringIO(m.group(2)), dtype=str, keep_default_na=False)
    return out


def published(value: str) -> str:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%B %d, %Y", "%d %B %Y", "%m/%d %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return ""  # "Jun 24", "June 2026" and the like: no full date stated, so none is kept


def source_row(source_id: str, page) -> dict:
    """A `sources` row for a page of a research file's sources block."""
    return {
        "source_id": source_id,
        "publisher": page["publisher"],
        "title": page["title"],
        "url": page["url"],
        "published": published(page["published"]),
        "language": page["language"],
        "kind": page["kind"] if page["kind"] in ("news", "report", "filing", "official", "dataset") else "news",
        "note": "Blog or commentary page." if page["kind"] == "blog" else "",
    }


def kind_of(note: str) -> str:
    n = note.lower()
    if "likely" in n or "probably" in n:
        return "unstated"
    if "close" in n and "midday" not in n:
        return "close"
    if "opening" in n:
        return "opening"
    if re.search(r"\b\d{1,2}:\d{2}\b", n) or any(
        w in n for w in ("intraday", "midday", "time of writing", "snapshot", "high", "record")
    ):
        return "intraday"
    return "unstated"


def main() -> int:
    src = pd.read_csv(D / "sources.csv", dtype=str, keep_default_na=False)
    src = src[~src["source_id"].str.startswith("dossier-")]  # this script's own rows are made again
    by_url = dict(zip(src["url"], src["source_id"]))
    new_src, fin, mv = [], [], []
    for company, letter in COMPANIES.items():
        b = blocks(HERE / f"{company}.md")
        pages = b["sources"].set_index("key")

        def source_id(keys: str) -> str:
            key = keys.split(";")[0].strip()
            page = pages.loc[key]
            if page["url"] in by_url:
                return by_url[page["url"]]
            sid = f"dossier-{company}-{key}"
            new_src.append(source_row(sid, page))
            by_url[page["url"]] = sid
            return sid

        for i, r in b["financials"].iterrows():
            first = r["source_key"].split(";")[0].strip()
            if (company, first) in DROP_FINANCIALS or UNRELIABLE.search(pages.loc[first, "title"]):
                continue
            fin.append(
                {
                    "fact_id": f"fin-{company}-{i + 1:03d}",
                    "company_id": company,
                    "period_start": r["period_start"],
                    "period_end": r["period_end"],
                    "metric": r["metric"],
                    "value_m": r["value_m"],
                    "currency": r["currency"],
                    "qualifier": r["qualifier"],
                    "source_id": source_id(r["source_key"]),
                    "grade": r["grade"],
                    "note": "",
                }
            )
        for i, r in b["market_values"].iterrows():
            first = r["source_key"].split(";")[0].strip()
            page = pages.loc[first]
            if UNRELIABLE.search(r["note"] + " " + page["publisher"] + " " + page["title"]):
                continue
            if not (r["share_price"] or r["market_value_m"]) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]):
                continue
            if "day not stated" in r["note"] or "is a Sunday" in r["note"] or "Grey" in r["note"]:
                continue  # grey-market trades are before listing; an approximate day is not a dated point
            mv.append(
                {
                    "value_id": f"mv-{company}-{i + 1:03d}",
                    "company_id": company,
                    "date": r["date"],
                    "kind": kind_of(r["note"]),
                    "share_price": r["share_price"],
                    "price_currency": r["price_currency"],
                    "market_value_m": r["market_value_m"],
                    "value_currency": r["value_currency"],
                    "qualifier": r["qualifier"] if r["market_value_m"] else "",
                    "source_id": source_id(r["source_key"]),
                    # a price is the exchange's, as an outlet or quote service printed it
                    "grade": "media_unnamed" if page["kind"] == "blog" else "data_provider",
                    "note": "",
                }
            )

    def write(name, rows, prefix, key):
        old = pd.read_csv(D / f"{name}.csv", dtype=str, keep_default_na=False)
        old = old[~old[key].str.startswith(prefix)]
        out = pd.concat([old, pd.DataFrame(rows, columns=old.columns)]).fillna("")
        out.to_csv(D / f"{name}.csv", index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        return len(rows)

    src = pd.concat([src, pd.DataFrame(new_src, columns=src.columns)]).fillna("")
    src.to_csv(D / "sources.csv", index=False, lineterminator="\n")
    print(
        write("financials", fin, "fin-", "fact_id"),
        "financial facts;",
        write("market_values", mv, "mv-", "value_id"),
        "market values;",
        len(new_src),
        "new sources",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
