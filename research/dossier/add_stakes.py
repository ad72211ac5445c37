"""Adds the prospectus-era holdings of the two listed dragons (#18 item 3) and MiniMax's last pre-IPO round as
the prospectus summaries give it, from the research files in this folder (zhipu.md, minimax.md).

Run from the repository root: `python research/dossier/add_stakes.py` (re-running replaces its own rows:
stake ids `dossier-st-*`, sources `stakes-*`, and the round report below).

Curation:
- MiniMax: the cap table a prospectus summary (Sohu via Reportify, 22 Dec 2025) prints as of the PHIP of
  21 Dec 2025: the founders Yan Junjie (~28.25%) and Yun Yeyi (~2.50%), Alibaba 13.66%, IDG 2.80%, Tencent
  2.58%, Richard Li 1.30%, Hillhouse 1.23%. Hillhouse's 1.23% disagrees with LatePost's 7.14% (kept, a media
  report); the official figure is the one a dossier shows, with the disagreement in its note.
- Zhipu: the controlling concert group (~33.03%, Caizhongshe quoting the prospectus), Xinglian Capital 3.77%,
  Qiming 3.57%, GL Ventures 2.27% (post-IPO, as a page lists the prospectus), Huakong Fund ~1.88%, the
  Tsinghua unit Huakong Technology Transfer 3.53% (a blog page: media_unnamed), and CAS Star's 2019 cheque
  (CN¥40M; no current percentage is stated, so none is kept).
- MiniMax's July 2025 round: the prospectus summaries name it Pre-B++, US$390.4M at about US$4.24bn. It is the
  round held from Sina (~US$300M, led by Shanghai state capital); the official figure becomes its headline and
  Sina's stays as a report.
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
NEW_INVESTORS = [
    # id, English name, Chinese name, kind, research file, source key
    ("yan-junjie", "Yan Junjie (founder)", "闫俊杰", "other", "minimax", "m5"),
    ("yun-yeyi", "Yun Yeyi (co-founder)", "贠烨祎", "other", "minimax", "m5"),
    ("richard-li", "Richard Li", "李泽楷", "other", "minimax", "m5"),
    ("zhipu-concert-group", "Zhipu founders' concert group", "", "other", "zhipu", "z87"),
    ("xinglian-capital", "Xinglian Capital", "星连资本", "vc_rmb", "zhipu", "z15"),
    ("huakong-fund", "Huakong Fund", "华控基金", "vc_rmb", "zhipu", "z13"),
    ("huakong-tech", "Huakong Technology Transfer (Tsinghua unit)", "华控技术", "corporate", "zhipu", "z47"),
]
STAKES = [
    # investor, company, as_of, pct, qualifier, invested, currency, invested qualifier, file, key, note
    ("yan-junjie", "minimax", "2025-12-21", "28.25", "approx", "", "", "", "minimax", "m5",
     "Before the offering, through entities he controls; about 75% of the votes."),
    ("yun-yeyi", "minimax", "2025-12-21", "2.50", "approx", "", "", "", "minimax", "m5", "Before the offering, held indirectly."),
    ("alibaba", "minimax", "2025-12-21", "13.66", "exact", "", "", "", "minimax", "m5", "Largest outside holder before the offering."),
    ("idg-capital", "minimax", "2025-12-21", "2.80", "exact", "", "", "", "minimax", "m5", "Before the offering."),
    ("tencent", "minimax", "2025-12-21", "2.58", "exact", "", "", "", "minimax", "m5",
     "Before the offering; 2.37% around the listing in another report."),
    ("richard-li", "minimax", "2025-12-21", "1.30", "exact", "", "", "", "minimax", "m5", "Before the offering."),
    ("hillhouse", "minimax", "2025-12-21", "1.23", "exact", "", "", "", "minimax", "m5",
     "Before the offering; LatePost gives 7.14% (perhaps all Hillhouse vehicles): unresolved."),
    ("zhipu-concert-group", "zhipu", "2025-12-30", "33.03", "approx", "", "", "", "zhipu", "z87",
     "Founders and their platforms acting in concert, as the prospectus gives it."),
    ("xinglian-capital", "zhipu", "2026-01-08", "3.77", "exact", "", "", "", "zhipu", "z15", "After the offering."),
    ("qiming", "zhipu", "2026-01-08", "3.57", "exact", "", "", "", "zhipu", "z15", "After the offering."),
    ("gl-ventures", "zhipu", "2026-01-08", "2.27", "exact", "", "", "", "zhipu", "z15", "After the offering."),
    ("huakong-fund", "zhipu", "2026-01-08", "1.88", "approx", "", "", "", "zhipu", "z13", "Through two Huakong vehicles."),
    ("huakong-tech", "zhipu", "2026-01-18", "3.53", "exact", "", "", "", "zhipu", "z47",
     "A co-founding holder; a different entity from Huakong Fund."),
    ("cas-star", "zhipu", "2019-06-01", "", "", "40", "CNY", "exact", "zhipu", "z12",
     "First investor: its 2019 cheque at a CN¥375M valuation; still a holder at listing."),
]  # fmt: skip
ROUND = "minimax-2025-07-undisclosed"


def main() -> int:
    src = pd.read_csv(D / "sources.csv", dtype=str, keep_default_na=False)
    src = src[~src["source_id"].str.startswith("stakes-")]
    by_url = dict(zip(src["url"], src["source_id"]))
    new_src: list[dict] = []
    cache: dict[str, dict] = {}

    def page(file: str, key: str):
        b = cache.setdefault(file, blocks(HERE / f"{file}.md"))
        return b["sources"].set_index("key").loc[key]

    def source_id(file: str, key: str) -> str:
        p = page(file, key)
        if p["url"] not in by_url:
            by_url[p["url"]] = f"stakes-{file}-{key}"
            new_src.append(source_row(by_url[p["url"]], p))
        return by_url[p["url"]]

    inv = pd.read_csv(D / "investors.csv", dtype=str, keep_default_na=False)
    mine = {i[0] for i in NEW_INVESTORS}
    inv = inv[~inv["investor_id"].isin(mine)]
    inv = pd.concat(
        [
            inv,
            pd.DataFrame(
                [
                    {"investor_id": i, "name_en": en, "name_zh": zh, "kind": k, "source_id": source_id(f, key)}
                    for i, en, zh, k, f, key in NEW_INVESTORS
                ],
                columns=inv.columns,
            ),
        ]
    ).fillna("")
    st = pd.read_csv(D / "stakes.csv", dtype=str, keep_default_na=False)
    st = st[~st["stake_id"].str.startswith("dossier-st-")]
    rows = []
    for n, (i, c, as_of, pct, q, amt, cur, iq, f, key, note) in enumerate(STAKES, start=1):
        rows.append(
            {
                "stake_id": f"dossier-st-{n:02d}",
                "investor_id": i,
                "company_id": c,
                "as_of": as_of,
                "stake_pct": pct,
                "stake_qualifier": q,
                "invested_m": amt,
                "currency": cur,
                "invested_qualifier": iq,
                "source_id": source_id(f, key),
                "grade": "media_unnamed" if page(f, key)["kind"] == "blog" else "official",
                "note": note,
            }
        )
    st = pd.concat([st, pd.DataFrame(rows, columns=st.columns)]).fillna("")

    sid = source_id("minimax", "m5")
    rr = pd.read_csv(D / "round_reports.csv", dtype=str, keep_default_na=False)
    rr = rr[~((rr["round_id"] == ROUND) & (rr["source_id"] == sid))]
    report = {
        "round_id": ROUND,
        "source_id": sid,
        "amount_m": "390.4",
        "currency": "USD",
        "qualifier": "exact",
        "post_money_m": "4240",
        "valuation_currency": "USD",
        "grade": "official",
        "via": "",
        "note": "Prospectus summary: the Pre-B++ round, the last before the offering.",
    }
    rr = pd.concat([rr, pd.DataFrame([report], columns=rr.columns)]).fillna("").sort_values(["round_id", "source_id"])
    rd = pd.read_csv(D / "rounds.csv", dtype=str, keep_default_na=False)
    at = rd["round_id"] == ROUND
    rd.loc[at, ["amount_m", "currency", "qualifier", "post_money_m", "valuation_currency", "valuation_qualifier"]] = [
        "390.4",
        "USD",
        "exact",
        "4240",
        "USD",
        "approx",
    ]
    rd.loc[at, ["headline_source_id", "grade", "via", "note"]] = [
        sid,
        "official",
        "",
        "Pre-B++ in the prospectus summaries; Sina reported about US$300M led by Shanghai state capital.",
    ]

    for name, frame in (("investors", inv), ("stakes", st), ("round_reports", rr), ("rounds", rd)):
        frame.to_csv(D / f"{name}.csv", index=False, lineterminator="\n")
    pd.concat([src, pd.DataFrame(new_src, columns=src.columns)]).fillna("").to_csv(
        D / "sources.csv", index=False, lineterminator="\n"
    )
    print(len(rows), "stakes;", len(NEW_INVESTORS), "investors;", len(new_src), "new sources; 1 round report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
