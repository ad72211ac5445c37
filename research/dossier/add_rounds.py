"""Adds the rounds the dossier research found and the project lacked (#18 item 8), from research/dossier/<company>.md.

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

Baichuan, 01.AI and StepFun (research/dossier/<company>.md):
- Baichuan's July 2024 plan to start a Series B at a CN¥20bn valuation (a spokesperson to Yicai) is a rumour:
  no closing was found (the SCMP copy's "about" CN¥5bn at "more than" CN¥20bn is already a report of the
  July 2024 round). The "Series A3" market talk is left out: the page is undated and gives no amount.
- 01.AI's mid-2024 round (international strategic investors, per a 36Kr rewrite) is a round of its own;
  no page gives its amount. Lee's March 2023 launch post ("funds and computing power secured") names no
  round, so it is left out.
- StepFun's reported talks of nearly US$2.5bn (May 2026, one aggregator page) are a rumour; Phoenix Tech's
  March 2026 report of a faster fundraising is a report of it. The February 2026 IPO plan is not a round.
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
# round id, announced, precision, stage, amount, currency, qualifier, post-money, its currency and qualifier, source key,
# grade, via, note
MOONSHOT_ROUNDS = [
    ("moonshot-2023-07-pre_a", "2023-07-01", "month", "pre_a", "", "", "", "", "", "", "m1", "registry", "Qichacha",
     "Meituan's Long-Z and Xianghe Capital joined; amount not disclosed."),
    ("moonshot-2026-01-undisclosed", "2026-01-19", "day", "undisclosed", "", "", "", "4800", "USD", "approx", "m10", "rumour",
     "CNBC", "Reported to be closing a round at about US$4.8bn; talks still under way."),
    ("moonshot-2026-03-undisclosed", "2026-03-29", "day", "undisclosed", "1000", "USD", "approx", "", "", "", "m15",
     "rumour", "Phoenix Tech", "Reported to seek about US$1bn in a further round."),
]  # fmt: skip
# round id, source key, amount, currency, qualifier, post-money, its currency, grade, note
MOONSHOT_REPORTS = [
    ("moonshot-2023-06-seed", "m1", "200", "USD", "lower_bound", "300", "USD", "registry", "Registry data: over US$200M."),
    ("moonshot-2023-06-seed", "m3", "60", "USD", "exact", "300", "USD", "media_unnamed", "Self-media page: US$60M in all."),
]  # fmt: skip
MOONSHOT_PARTICIPANTS = [
    ("moonshot-2023-07-pre_a", "meituan-dragonball", "m1"),
    ("moonshot-2023-07-pre_a", "xianghe-capital", "m1"),
]


BAICHUAN_ROUNDS = [
    ("baichuan-2024-07-b", "2024-07-25", "day", "b", "", "", "", "20000", "CNY", "exact", "b3", "rumour", "Yicai",
     "A spokesperson said a Series B would start at a CN¥20bn valuation; no closing found."),
]  # fmt: skip
O1AI_ROUNDS = [
    ("01ai-2024-06-undisclosed", "2024-06-01", "month", "undisclosed", "", "", "", "", "", "", "o4", "media_unnamed",
     "36Kr", "International strategic investors joined around mid-2024; no amount or valuation on the page."),
]  # fmt: skip
STEPFUN_ROUNDS = [
    ("stepfun-2026-05-undisclosed", "2026-05-08", "day", "undisclosed", "2500", "USD", "approx", "", "", "", "s4",
     "rumour", "", "Said to be closing nearly US$2.5bn while unwinding its offshore structure; one page, no investors."),
]  # fmt: skip
STEPFUN_REPORTS = [
    ("stepfun-2026-05-undisclosed", "s5", "", "", "", "", "", "rumour",
     "Phoenix Tech (March 2026): StepFun was speeding up a new round; no amount."),
]  # fmt: skip
# per research file: its rounds, reports of rounds, participants
COMPANIES = {
    "moonshot": (MOONSHOT_ROUNDS, MOONSHOT_REPORTS, MOONSHOT_PARTICIPANTS),
    "baichuan": (BAICHUAN_ROUNDS, [], []),
    "01ai": (O1AI_ROUNDS, [], []),
    "stepfun": (STEPFUN_ROUNDS, STEPFUN_REPORTS, []),
}


def main() -> int:
    src = pd.read_csv(D / "sources.csv", dtype=str, keep_default_na=False)
    src = src[~src["source_id"].str.startswith("rounds-")]
    by_url = dict(zip(src["url"], src["source_id"]))
    new_src: list[dict] = []
    rd = pd.read_csv(D / "rounds.csv", dtype=str, keep_default_na=False)
    rr = pd.read_csv(D / "round_reports.csv", dtype=str, keep_default_na=False)
    rp = pd.read_csv(D / "round_participants.csv", dtype=str, keep_default_na=False)
    ids = {r[0] for rounds, _, _ in COMPANIES.values() for r in rounds}
    rd = rd[~rd["round_id"].isin(ids)]
    rr = rr[~rr["round_id"].isin(ids) & ~rr["source_id"].str.startswith("rounds-")]
    rp = rp[~rp["round_id"].isin(ids)]
    new_rd, reps, parts = [], [], []
    pages = {c: blocks(HERE / f"{c}.md")["sources"].set_index("key") for c in COMPANIES}

    def source_id(company: str, key: str) -> str:
        p = pages[company].loc[key]
        if p["url"] not in by_url:  # a page already cited (by any company) keeps its id
            by_url[p["url"]] = f"rounds-{company}-{key}"
            new_src.append(source_row(by_url[p["url"]], p))
        return by_url[p["url"]]

    for company, (rounds, reports, participants) in COMPANIES.items():
        rows = [
            {
                "round_id": rid,
                "company_id": company,
                "announced": date,
                "date_precision": prec,
                "stage": stage,
                "amount_m": amt,
                "currency": cur,
                "qualifier": q,
                "post_money_m": post,
                "valuation_currency": vcur,
                "valuation_qualifier": vq,
                "payment": "unknown",
                "headline_source_id": source_id(company, key),
                "grade": grade,
                "via": via,
                "note": note,
            }
            for rid, date, prec, stage, amt, cur, q, post, vcur, vq, key, grade, via, note in rounds
        ]
        new_rd += rows
        reps += [
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
            for x in rows
        ]
        reps += [
            {
                "round_id": rid,
                "source_id": source_id(company, key),
                "amount_m": amt,
                "currency": cur,
                "qualifier": q,
                "post_money_m": post,
                "valuation_currency": vcur,
                "grade": grade,
                "note": note,
            }
            for rid, key, amt, cur, q, post, vcur, grade, note in reports
        ]
        parts += [
            {"round_id": rid, "investor_id": inv, "role": "participant", "source_id": source_id(company, key)}
            for rid, inv, key in participants
        ]
    rd = pd.concat([rd, pd.DataFrame(new_rd, columns=rd.columns)]).fillna("").sort_values("round_id")
    rr = pd.concat([rr, pd.DataFrame(reps, columns=rr.columns)]).fillna("").sort_values(["round_id", "source_id"])
    rp = pd.concat([rp, pd.DataFrame(parts, columns=rp.columns)]).fillna("").sort_values(["round_id", "investor_id"])

    inv = pd.read_csv(D / "investors.csv", dtype=str, keep_default_na=False)
    if "xianghe-capital" not in set(inv["investor_id"]):
        row = {"investor_id": "xianghe-capital", "name_en": "Xianghe Capital", "name_zh": "", "kind": "other"}
        row["source_id"] = source_id("moonshot", "m1")
        inv = pd.concat([inv, pd.DataFrame([row], columns=inv.columns)]).fillna("")

    for name, frame in (("rounds", rd), ("round_reports", rr), ("round_participants", rp), ("investors", inv)):
        frame.to_csv(D / f"{name}.csv", index=False, lineterminator="\n")
    pd.concat([src, pd.DataFrame(new_src, columns=src.columns)]).fillna("").to_csv(
        D / "sources.csv", index=False, lineterminator="\n"
    )
    print(len(new_rd), "rounds;", len(reps), "reports;", len(parts), "participants;", len(new_src), "new sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
