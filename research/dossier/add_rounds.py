"""Adds Moonshot's rounds the research found and the project lacked (#18 item 8), from research/dossier/moonshot.md.

Run from the repository root: `python research/dossier/add_rounds.py` (re-running replaces its own rows:
round reports and participants from sources `rounds-*`, and the rounds listed below).

Curation:
- The July 2023 pre-A round (Meituan's Long-Z and Xianghe Capital, from company-registry data a page
  quotes) is a round of its own; its amount is not disclosed.
- The June 2023 first round keeps no headline amount: the registry-based page says over US$200M and a
  self-media page says US$60M. Both become reports of the round, so the disagreement stays visible.
- January 2026 (~US$4.8bn, CNBC's sources: the round was still closing) and late March 2026 (a round of about
  US$1bn sought) are talks: rounds graded rumour, not counted as raised.
- "Nearly CN¥2bn" in October 2023 is left out: the page may be summing the angel and pre-A rounds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from build_dossier_facts import blocks, source_row  # noqa: E402

D = ROOT / "data"
FILE = "moonshot"
ROUNDS = [
    # round id, announced, precision, stage, amount, currency, qualifier, post-money, qualifier, key, grade, via, note
    ("moonshot-2023-07-pre_a", "2023-07-01", "month", "pre_a", "", "", "", "", "", "m1", "registry", "Qichacha",
     "Meituan's Long-Z and Xianghe Capital joined; amount not disclosed."),
    ("moonshot-2026-01-undisclosed", "2026-01-19", "day", "undisclosed", "", "", "", "4800", "approx", "m10", "rumour",
     "CNBC", "Reported to be closing a round at about US$4.8bn; talks still under way."),
    ("moonshot-2026-03-undisclosed", "2026-03-29", "day", "undisclosed", "1000", "USD", "approx", "", "", "m15",
     "rumour", "Phoenix Tech", "Reported to seek about US$1bn in a further round."),
]  # fmt: skip
REPORTS = [
    # round id, key, amount, currency, qualifier, post-money, grade, note
    ("moonshot-2023-06-seed", "m1", "200", "USD", "lower_bound", "300", "registry", "Registry data: over US$200M."),
    ("moonshot-2023-06-seed", "m3", "60", "USD", "exact", "300", "media_unnamed", "Self-media page: US$60M in all."),
]
PARTICIPANTS = [
    ("moonshot-2023-07-pre_a", "meituan-dragonball", "m1"),
    ("moonshot-2023-07-pre_a", "xianghe-capital", "m1"),
]


def main() -> int:
    b = blocks(HERE / f"{FILE}.md")
    pages = b["sources"].set_index("key")
    src = pd.read_csv(D / "sources.csv", dtype=str, keep_default_na=False)
    src = src[~src["source_id"].str.startswith("rounds-")]
    by_url = dict(zip(src["url"], src["source_id"]))
    new_src: list[dict] = []

    def source_id(key: str) -> str:
        p = pages.loc[key]
        if p["url"] not in by_url:
            by_url[p["url"]] = f"rounds-{FILE}-{key}"
            new_src.append(source_row(by_url[p["url"]], p))
        return by_url[p["url"]]

    ids = {r[0] for r in ROUNDS}
    rd = pd.read_csv(D / "rounds.csv", dtype=str, keep_default_na=False)
    rd = rd[~rd["round_id"].isin(ids)]
    new_rd = [
        {
            "round_id": rid,
            "company_id": FILE,
            "announced": date,
            "date_precision": prec,
            "stage": stage,
            "amount_m": amt,
            "currency": cur,
            "qualifier": q,
            "post_money_m": post,
            "valuation_currency": "USD" if post else "",
            "valuation_qualifier": vq,
            "payment": "unknown",
            "headline_source_id": source_id(key),
            "grade": grade,
            "via": via,
            "note": note,
        }
        for rid, date, prec, stage, amt, cur, q, post, vq, key, grade, via, note in ROUNDS
    ]
    rd = pd.concat([rd, pd.DataFrame(new_rd, columns=rd.columns)]).fillna("").sort_values("round_id")

    rr = pd.read_csv(D / "round_reports.csv", dtype=str, keep_default_na=False)
    rr = rr[~rr["round_id"].isin(ids) & ~rr["source_id"].str.startswith("rounds-")]
    reps = [
        {
            "round_id": x["round_id"],
            "source_id": x["headline_source_id"],
            "amount_m": x["amount_m"],
            "currency": x["currency"],
            "qualifier": x["qualifier"],
            "post_money_m": x["post_money_m"],
            "valuation_currency": x["valuation_currency"],
            "grade": x["grade"],
            "via": x["via"],
            "note": x["note"],
        }
        for x in new_rd
    ]
    reps += [
        {
            "round_id": rid,
            "source_id": source_id(key),
            "amount_m": amt,
            "currency": cur,
            "qualifier": q,
            "post_money_m": post,
            "valuation_currency": "USD",
            "grade": grade,
            "note": note,
        }
        for rid, key, amt, cur, q, post, grade, note in REPORTS
    ]
    rr = pd.concat([rr, pd.DataFrame(reps, columns=rr.columns)]).fillna("").sort_values(["round_id", "source_id"])

    rp = pd.read_csv(D / "round_participants.csv", dtype=str, keep_default_na=False)
    rp = rp[~rp["round_id"].isin(ids)]
    parts = [
        {"round_id": rid, "investor_id": inv, "role": "participant", "source_id": source_id(key)}
        for rid, inv, key in PARTICIPANTS
    ]
    rp = pd.concat([rp, pd.DataFrame(parts, columns=rp.columns)]).fillna("").sort_values(["round_id", "investor_id"])

    inv = pd.read_csv(D / "investors.csv", dtype=str, keep_default_na=False)
    if "xianghe-capital" not in set(inv["investor_id"]):
        row = {"investor_id": "xianghe-capital", "name_en": "Xianghe Capital", "name_zh": "", "kind": "other"}
        inv = pd.concat([inv, pd.DataFrame([{**row, "source_id": source_id("m1")}], columns=inv.columns)]).fillna("")

    for name, frame in (("rounds", rd), ("round_reports", rr), ("round_participants", rp), ("investors", inv)):
        frame.to_csv(D / f"{name}.csv", index=False, lineterminator="\n")
    pd.concat([src, pd.DataFrame(new_src, columns=src.columns)]).fillna("").to_csv(
        D / "sources.csv", index=False, lineterminator="\n"
    )
    print(len(new_rd), "rounds;", len(reps), "reports;", len(parts), "participants;", len(new_src), "new sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
