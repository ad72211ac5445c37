"""Links events to the companies they touched (#18, dossier item 6) and adds the companies' own events.

Run from the repository root: `python research/dossier/add_events.py` (re-running replaces its own rows).

- A new table `event_companies` (event_id, company_id): an event may touch several companies (the hearings
  Zhipu and MiniMax passed on one day), so the link is a table of its own rather than a column of `events`.
- Existing events that name a company are linked to it.
- Listing milestones, Entity List and export-control matters, and reported listing plans are added from the
  research files in this folder (the `compute_and_events` blocks), one event per matter, with the first page
  the research lists as its source. Titles are written here; a matter only media or rumour report says so in
  its title ("reported"), because `events` has no grade column. Only government export-control steps are
  `export_control` (the compute report lists those as the US steps); a company's own matters under those
  rules (chips it is said to have used, probes, hearings) are `other`.
- evt-e023 (Zhipu's Entity List addition) was dated 2025-01-01 at day precision from a page that gives only
  the month; it now carries the rule's Federal Register date, 16 January 2025, from that page.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from build_dossier_facts import blocks, source_row  # noqa: E402

from helpers.data.descriptor import write_descriptor  # noqa: E402
from helpers.data.validate import read_descriptor  # noqa: E402

D = ROOT / "data"
ID = {"required": True, "pattern": "^[a-z0-9][a-z0-9._-]*$"}
SCHEMA = {
    "fields": [
        {"name": "event_id", "type": "string", "constraints": ID},
        {"name": "company_id", "type": "string", "constraints": ID},
        {
            "name": "source_id",
            "type": "string",
            "description": "The page that ties the event to the company (the event's own source where it names it).",
            "constraints": ID,
        },
    ],
    "primaryKey": ["event_id", "company_id"],
    "foreignKeys": [
        {"fields": "event_id", "reference": {"resource": "events", "fields": "event_id"}},
        {"fields": "company_id", "reference": {"resource": "companies", "fields": "company_id"}},
        {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}},
    ],
}

# Existing events and the companies they name.
LINKS = {
    "evt-e011": ["moonshot"],
    "evt-e020": ["deepseek"],
    "evt-e023": ["zhipu"],
    "evt-e024": ["deepseek"],
    "evt-e026": ["deepseek"],
    "evt-e028": ["zhipu"],
    "evt-e039": ["zhipu", "minimax"],
    "evt-e042": ["zhipu"],
    "evt-e043": ["minimax"],
}

# (company, row of the research file's compute_and_events block, kind, date precision, title)
NEW = [
    (
        "zhipu",
        3,
        "listing",
        "month",
        "Zhipu registers for A-share listing tutoring with the Beijing securities regulator",
    ),
    ("zhipu", 8, "listing", "day", "China's securities regulator completes Zhipu's filing to list H shares abroad"),
    (
        "zhipu",
        13,
        "listing",
        "day",
        "Zhipu's updated tutoring filing targets a second listing on Shanghai's STAR Market",
    ),
    ("minimax", 2, "listing", "day", "MiniMax reported to have filed confidentially for a Hong Kong listing"),
    ("minimax", 6, "listing", "day", "China's securities regulator clears MiniMax's filing to list shares abroad"),
    ("minimax", 11, "listing", "day", "MiniMax reported to have signed up a tutor for a STAR Market listing"),
    ("moonshot", 3, "other", "month", "Moonshot staff say Kimi K2 Thinking was trained on Nvidia H800 chips"),
    ("moonshot", 7, "listing", "day", "Moonshot reported in talks with banks about a Hong Kong listing"),
    ("moonshot", 8, "listing", "day", "Moonshot reported to plan unwinding its offshore structure before a listing"),
    ("stepfun", 2, "listing", "day", "StepFun reported to plan a Hong Kong listing of about US$500M"),
    ("stepfun", 3, "listing", "day", "StepFun reported to unwind its Cayman structure to prepare a listing"),
    ("baichuan", 6, "listing", "day", "Baichuan's founder says its listing process will start in 2027"),
    (
        "01ai",
        8,
        "other",
        "day",
        "01.AI and Alibaba Cloud form a joint lab that takes over training of very large models",
    ),
    (
        "deepseek",
        4,
        "export_control",
        "day",
        "US officials reported to probe whether DeepSeek got Nvidia chips via Singapore",
    ),
    ("deepseek", 9, "other", "day", "US Commerce bureaus reported to bar DeepSeek from government devices"),
    (
        "deepseek",
        11,
        "export_control",
        "day",
        "A House committee report says DeepSeek was built with diverted Nvidia chips",
    ),
    ("deepseek", 16, "other", "day", "A US official says DeepSeek supports China's military and intelligence"),
    (
        "deepseek",
        25,
        "other",
        "day",
        "US reported to hold back Entity List additions, DeepSeek among them, that a committee approved",
    ),
]


def main() -> int:
    dp = read_descriptor(D)
    dp["resources"] = [r for r in dp["resources"] if r["name"] != "event_companies"]
    at = next(i for i, r in enumerate(dp["resources"]) if r["name"] == "events") + 1
    dp["resources"].insert(
        at,
        {
            "name": "event_companies",
            "path": "event_companies.csv",
            "profile": "tabular-data-resource",
            "title": "Companies an event touched",
            "description": "Which companies each event names or directly affects (an event may touch several).",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": SCHEMA,
        },
    )
    write_descriptor(D, dp)

    ev = pd.read_csv(D / "events.csv", dtype=str, keep_default_na=False)
    ev = ev[~ev["event_id"].str.startswith("evt-d")]  # this script's own rows are made again
    src = pd.read_csv(D / "sources.csv", dtype=str, keep_default_na=False)
    # made again below; a prefix of their own, as build_dossier_facts.py remakes the dossier- ones
    src = src[~src["source_id"].str.startswith("events-")]
    by_url = dict(zip(src["url"], src["source_id"]))
    new_src, rows, links = [], [], [(e, c) for e, cs in LINKS.items() for c in cs]

    def source_id(company: str, pages: pd.DataFrame, key: str) -> str:
        page = pages.loc[key]
        if page["url"] in by_url:
            return by_url[page["url"]]
        sid = f"events-{company}-{key}"
        new_src.append(source_row(sid, page))
        by_url[page["url"]] = sid
        return sid

    cache: dict[str, dict] = {}
    for n, (company, row, kind, precision, title) in enumerate(NEW, start=1):
        b = cache.setdefault(company, blocks(HERE / f"{company}.md"))
        r = b["compute_and_events"].iloc[row]
        key = r["source_key"].strip('"').split(";")[0].strip()
        date = r["date"] if precision == "day" else f"{r['date'][:7]}-01"
        assert len(date) == 10, (company, row, r["date"])
        eid = f"evt-d{n:03d}"
        rows.append(
            {
                "event_id": eid,
                "date": date,
                "date_precision": precision,
                "kind": kind,
                "title": title,
                "source_id": source_id(company, b["sources"].set_index("key"), key),
            }
        )
        links.append((eid, company))

    z = cache.setdefault("zhipu", blocks(HERE / "zhipu.md"))
    fr = z["compute_and_events"].iloc[2]  # the Federal Register rule adding Zhipu and its units
    ev.loc[ev["event_id"] == "evt-e023", ["date", "date_precision", "title", "source_id"]] = [
        fr["date"],
        "day",
        "US adds Zhipu and its subsidiaries to the Entity List (rule effective date)",
        source_id("zhipu", z["sources"].set_index("key"), fr["source_key"].split(";")[0]),
    ]
    out = pd.concat([ev, pd.DataFrame(rows, columns=ev.columns)]).sort_values(["date", "event_id"])
    source_of = dict(zip(out["event_id"], out["source_id"]))
    links = [(e, c, source_of[e]) for e, c in links]
    out.to_csv(D / "events.csv", index=False, lineterminator="\n")
    pd.DataFrame(links, columns=["event_id", "company_id", "source_id"]).sort_values(["company_id", "event_id"]).to_csv(
        D / "event_companies.csv", index=False, lineterminator="\n"
    )
    if new_src:
        pd.concat([src, pd.DataFrame(new_src, columns=src.columns)]).fillna("").to_csv(
            D / "sources.csv", index=False, lineterminator="\n"
        )
    print(len(rows), "events added;", len(links), "links;", len(new_src), "new sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
