"""One-off: market totals become facts with sources, and gain the AI Index, CSET and PitchBook series.

Run once from the project root (kept as the record of how the rows were made):
    .venv/bin/python research/build_market_facts.py
It reads data/ and research/ (market_series.csv from the chart data, recheck.csv from the page re-check)
and rewrites data/market_totals.csv, data/market_total_reports.csv and data/sources.csv.
"""

from __future__ import annotations

import pandas as pd

CHECKED_ON = "2026-12-02"
D = "data"
mt = pd.read_csv(f"{D}/market_totals.csv", dtype=str, keep_default_na=False)
src = pd.read_csv(f"{D}/sources.csv", dtype=str, keep_default_na=False)
ms = pd.read_csv("research/market_series.csv", dtype=str, keep_default_na=False)
rc = pd.read_csv("research/recheck.csv", dtype=str, keep_default_na=False).set_index("fact_id")

# ---------------------------------------------------------------- new dimensions on the existing rows
mt["edition_name"] = ""
mt["region"] = "china_unstated"
mt["price_basis"] = "current"
mt["method"] = "unstated"
for i, r in mt.iterrows():
    c = rc.loc[r["fact_id"]] if r["fact_id"] in rc.index else None
    text = " ".join([r["note"], "" if c is None else c["region_stated"] + " " + c["note"]]).lower()
    if "greater china" in text:
        mt.at[i, "region"] = "greater_china"
    elif "mainland" in text or "中国大陆" in text:
        mt.at[i, "region"] = "mainland"
    if c is not None:
        m = (c["method_stated"] or "").lower()
        if "estimat" in m:
            mt.at[i, "method"] = "estimated"
        elif "disclos" in m or "incomplete" in m or "不完全" in m:
            mt.at[i, "method"] = "disclosed"


def setrow(fid, **kw):
    idx = mt.index[mt["fact_id"] == fid]
    assert len(idx) == 1, fid
    for k, v in kw.items():
        mt.at[idx[0], k] = v


# Semiconductor totals were filed as an AI segment ("chips"): they count every chip company.
for fid in [f"boom-mt-{n}" for n in range(10, 17)] + ["mt-056", "mt-057", "mt-058"]:
    setrow(fid, scope="semiconductors", segment="all")
# Misreads and syndicated copies found by the re-check.
setrow("mt-033", excluded_reason="counts foreign-currency deals only, not every AI venture deal")
setrow("mt-026", excluded_reason="ITJuzi's 2021 total republished (within 0.1% of it): counted once, under ITJuzi")
setrow(
    "boom-mt-04",
    provider="unspecified (TMTPost page)",
    note="The page gives 2021 figures as last year's data without naming who compiled them; another page credits the "
    "same numbers to ITJuzi.",
)
setrow("boom-mt-09", provider="unspecified (Synced)", note="Synced credits only an unnamed Chinese media report.")
setrow(
    "mt-038",
    excluded_reason="a summary of the AI Index 2026 that disagrees with the report's own China figure "
    "($12.4B, as a summary of the report quotes it)",
)
setrow(
    "mt-039",
    excluded_reason="a blog reading of the AI Index 2026 that disagrees with the report's own China figure "
    "($12.4B, as a summary of the report quotes it)",
)
# AI Index editions are named by year; the same statistic on several pages becomes one fact.
for fid, name in (
    ("mt-034", "AI Index 2022"),
    ("mt-035", "AI Index 2024"),
    ("mt-036", "AI Index 2024"),
    ("mt-037", "AI Index 2025"),
    ("mt-038", "AI Index 2026"),
    ("mt-039", "AI Index 2026"),
):
    setrow(fid, edition_name=name)
setrow("mt-037", region="mainland")

reports = [
    {
        "fact_id": r["fact_id"],
        "source_id": r["source_id"],
        "via": r["via"],
        "checked_on": CHECKED_ON,
        "verdict": rc.loc[r["fact_id"], "verdict"] if r["fact_id"] in rc.index else "unchecked",
        "note": "",
    }
    for _, r in mt.iterrows()
]


def merge(keep: str, drop: str, note: str):
    """`drop` was the same statistic on another page: its source becomes a second report of `keep`."""
    global mt
    d = mt[mt["fact_id"] == drop].iloc[0]
    for rep in reports:
        if rep["fact_id"] == drop:
            rep.update(fact_id=keep, note=note)
    mt = mt[mt["fact_id"] != drop]
    return d


merge("mt-031", "mt-032", "Same Q1 2026 figure, without naming the compiler; this page adds about 600 rounds.")
setrow(
    "mt-031",
    deal_count="600",
    deal_count_qualifier="approx",
    note="Q1 2026, about US$16.2B, up 185.4% on a year before; about 600 rounds (mkt-082).",
)
merge("mt-035", "mt-036", "The Global Vibrancy Tool (November 2024) repeats the AI Index 2024 figure.")

# ---------------------------------------------------------------- new sources
GH = "https://github.com/{repo}/blob/{commit}/{path}"
new_src = []


def source(sid, repo, commit, path, original, title, published, kind="dataset", note=""):
    new_src.append(
        {
            "source_id": sid,
            "publisher": f"GitHub ({repo})",
            "title": title,
            "url": GH.format(repo=repo, commit=commit, path=path.replace(" ", "%20")),
            "published": published,
            "language": "en",
            "kind": kind,
            "note": note,
            "original_publisher": original,
            "original_url": "",
        }
    )
    return sid


AIJ, AIJC = "notmattgrossman/ai-jobs-dataviz", "fbcfda13c64414c733f2c74af1738d51ce885b53"
s_area = source(
    "aii25-fig-4-3-10",
    AIJ,
    AIJC,
    "data/4. Economy/Data/fig_4.3.10.csv",
    "Stanford HAI, AI Index 2025 (data: Quid)",
    "Global private investment in AI by geographic area, 2013–24 (figure 4.3.10, chart data)",
    "2025-04-08",
    note="The AI Index's own chart data, republished in a public repository.",
)
s_world = source(
    "aii25-fig-4-3-2",
    AIJ,
    AIJC,
    "data/4. Economy/Data/fig_4.3.2.csv",
    "Stanford HAI, AI Index 2025 (data: Quid)",
    "Global private investment in AI, 2013–24 (figure 4.3.2, chart data)",
    "2025-04-08",
)
s_gen = source(
    "aii25-fig-4-3-11",
    AIJ,
    AIJC,
    "data/4. Economy/Data/fig_4.3.11.csv",
    "Stanford HAI, AI Index 2025 (data: Quid)",
    "Private investment in generative AI by geographic area, 2019–24 (figure 4.3.11, chart data)",
    "2025-04-08",
)
s_genw = source(
    "aii25-fig-4-3-3",
    AIJ,
    AIJC,
    "data/4. Economy/Data/fig_4.3.3.csv",
    "Stanford HAI, AI Index 2025 (data: Quid)",
    "Global private investment in generative AI, 2019–24 (figure 4.3.3, chart data)",
    "2025-04-08",
)
TW = "tingwei161803/ai-index-report"
s_tw = {
    "2022": source(
        "aii22-summary",
        TW,
        "779582e4393ca9e2794ca2c60c3865621bf0f486",
        "2022/data/economy-education.js",
        "Stanford HAI, AI Index 2022",
        "AI Index Report 2022: economy and education, figures as quoted",
        "",
        kind="report",
        note="A third-party summary quoting the report's figures.",
    ),
    "2023": source(
        "aii23-summary",
        TW,
        "1d4290229e3502cd98c8c3a78651d57031f9ed75",
        "2023/data/economy.js",
        "Stanford HAI, AI Index 2023",
        "AI Index Report 2023: the economy, figures as quoted",
        "",
        kind="report",
        note="A third-party summary quoting the report's figures.",
    ),
    "2024": source(
        "aii24-summary",
        TW,
        "5b8f388f48439773adbe6669de3ab6fe76ecfb6f",
        "2024/data/economy.js",
        "Stanford HAI, AI Index 2024",
        "AI Index Report 2024: the economy, figures as quoted",
        "",
        kind="report",
        note="A third-party summary quoting the report's figures.",
    ),
    "2026": source(
        "aii26-summary",
        TW,
        "896dbf49b7d20cb45de0827e92cbd65eb030ab7b",
        "2026/data/economy.js",
        "Stanford HAI, AI Index 2026",
        "AI Index Report 2026: the economy, figures as quoted",
        "2026-04-14",
        kind="report",
        note="A third-party summary quoting the report's figures (report released 2026-04-14).",
    ),
}
s_cset = source(
    "owid-cset-2025",
    "JunyiiBlvd/205_Final_Pro",
    "d5b8c4012d20f93a93b3b2c9aaf8749d4dbd7130",
    "private-investment-in-artificial-intelligence-cset.csv",
    "Our World in Data (data: CSET Country Activity Tracker)",
    "Annual private investment in artificial intelligence, constant 2021 US$ (CSV download)",
    "2025-04-18",
    note="OWID's dataset of 18 April 2025, downloaded into the repository on 26 April 2025.",
)
s_nsf = source(
    "nsf-sei2020-t6-4",
    "bq-org/ncses_stats_explorer_placeholder",
    "1f879ab65ed260668840db406611ddc10e8455bc",
    "output/tables/1974/data.csv",
    "NSF NCSES, Science and Engineering Indicators 2020 (data: PitchBook)",
    "AI companies and deals financed by venture capital in China and the United States (Table 6-4)",
    "",
    note="PitchBook data accessed 24 September 2019.",
)

# ---------------------------------------------------------------- new facts
REGION = {"China": "mainland", "United States": "us", "Europe": "europe", "World": "world"}
CODE = {"mainland": "cn", "china_unstated": "cn", "us": "us", "europe": "eu", "world": "world"}
new = []


def fact(
    fid,
    provider,
    edition,
    edition_name,
    region,
    year,
    amount_bn,
    source_id,
    *,
    scope="all_ai",
    coverage="private",
    qualifier="exact",
    price_basis="current",
    method="unstated",
    deals="",
    note="",
    via="",
):
    if any(n["fact_id"] == fid for n in new):
        return  # the same figure in two of the edition's charts (by area, and the 2024 bar chart)
    new.append(
        {
            "fact_id": fid,
            "provider": provider,
            "edition": edition,
            "edition_name": edition_name,
            "scope": scope,
            "coverage": coverage,
            "segment": "all",
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
            "partial": "false",
            "amount_m": "" if amount_bn == "" else f"{float(amount_bn) * 1000:.3f}".rstrip("0").rstrip("."),
            "currency": "" if amount_bn == "" else "USD",
            "qualifier": "" if amount_bn == "" else qualifier,
            "amount_low_m": "",
            "amount_high_m": "",
            "deal_count": deals,
            "deal_count_qualifier": "exact" if deals else "",
            "grade": "data_provider",
            "source_id": source_id,
            "via": via,
            "excluded_reason": "",
            "note": note,
            "region": region,
            "price_basis": price_basis,
            "method": method,
        }
    )
    reports.append(
        {
            "fact_id": fid,
            "source_id": source_id,
            "via": via,
            "checked_on": CHECKED_ON,
            "verdict": "confirmed",
            "note": "read from the chart data file" if via else "",
        }
    )


AI = "Stanford AI Index"
a25 = ms[ms["commit"] == AIJC]
for _, r in a25[a25["measure"] == "private investment in AI"].iterrows():
    if not r["year"].isdigit() or r["region"] not in REGION:
        continue
    reg = REGION[r["region"]]
    if reg == "mainland" and r["year"] == "2024":
        continue  # mt-037 holds it, with the pages that quote it
    fact(
        f"mt-aii25-{CODE[reg]}-{r['year']}",
        AI,
        "2025-04-08",
        "AI Index 2025",
        reg,
        r["year"],
        r["amount"],
        s_world if reg == "world" else s_area,
        via=f"{AIJ}@{AIJC[:8]}",
        note="Hong Kong is counted apart in this edition: this is China without Hong Kong."
        if reg == "mainland"
        else "",
    )
for _, r in a25[a25["measure"] == "private investment in generative AI"].iterrows():
    if not r["year"].isdigit() or r["region"] not in REGION:
        continue
    reg = REGION[r["region"]]
    fact(
        f"mt-aii25-gen-{CODE[reg]}-{r['year']}",
        AI,
        "2025-04-08",
        "AI Index 2025",
        reg,
        r["year"],
        r["amount"],
        s_genw if reg == "world" else s_gen,
        scope="generative_ai",
        via=f"{AIJ}@{AIJC[:8]}",
    )
# mt-037: the chart's own value, with the pages that quote it rounded
setrow(
    "mt-037",
    amount_m="9290.338",
    source_id=s_area,
    via=f"{AIJ}@{AIJC[:8]}",
    note="2025 AI Index: US $109.1B, nearly 12 times China; pages round China to $9.3B.",
)
for rep in reports:
    if rep["fact_id"] == "mt-037":
        rep.update(note="quotes the figure rounded to $9.3B")
reports.append(
    {
        "fact_id": "mt-037",
        "source_id": s_area,
        "via": f"{AIJ}@{AIJC[:8]}",
        "checked_on": CHECKED_ON,
        "verdict": "confirmed",
        "note": "read from the chart data file",
    }
)
if "mkt-018" in set(src["source_id"]):
    reports.append(
        {
            "fact_id": "mt-037",
            "source_id": "mkt-018",
            "via": "",
            "checked_on": CHECKED_ON,
            "verdict": "unchecked",
            "note": "gives the same $9.3B (per the row's earlier note)",
        }
    )

# Other AI Index editions, as quoted by a summary of each report.
tw = ms[ms["source_url_or_repo"].str.contains("tingwei") & (ms["measure"] == "private investment in AI")]
for _, r in tw.iterrows():
    ed = r["edition"][:4]
    if r["region"] not in REGION or not r["year"].isdigit():
        continue
    reg = REGION[r["region"]]
    fid = f"mt-aii{ed[2:]}-{CODE[reg]}-{r['year']}"
    name, sid = f"AI Index {ed}", s_tw[ed]
    if (ed, reg) == ("2022", "mainland"):  # mt-034: a page quoting ~$17.0B; the summary has 17.21
        setrow(
            "mt-034",
            amount_m="17210",
            qualifier="exact",
            source_id=sid,
            via=f"{TW}@{r['commit'][:8]}",
            region="china_unstated",
        )
        reports.append(
            {
                "fact_id": "mt-034",
                "source_id": sid,
                "via": f"{TW}@{r['commit'][:8]}",
                "checked_on": CHECKED_ON,
                "verdict": "confirmed",
                "note": "the summary gives $17.21B",
            }
        )
        continue
    if (ed, reg) == ("2024", "mainland"):  # mt-035 holds it
        reports.append(
            {
                "fact_id": "mt-035",
                "source_id": sid,
                "via": f"{TW}@{r['commit'][:8]}",
                "checked_on": CHECKED_ON,
                "verdict": "confirmed",
                "note": "the summary gives $7.76B",
            }
        )
        continue
    fact(
        fid,
        AI,
        "2026-04-14" if ed == "2026" else "",
        name,
        reg if reg != "mainland" else "china_unstated",
        r["year"],
        r["amount"],
        sid,
        qualifier=r["qualifier"] or "exact",
        via=f"{TW}@{r['commit'][:8]}",
    )

# CSET via Our World in Data: constant 2021 dollars, with estimates for undisclosed deals.
cs = ms[ms["source_url_or_repo"].str.contains("JunyiiBlvd")]
for _, r in cs.iterrows():
    reg = REGION[r["region"]]
    fact(
        f"mt-cset-{CODE[reg]}-{r['year']}",
        "CSET",
        "2025-04-18",
        "Our World in Data release of April 2025",
        reg if reg != "mainland" else "china_unstated",
        r["year"],
        float(r["amount"]) / 1e9,
        s_cset,  # whole dollars
        price_basis="constant 2021",
        method="estimated",
        via="JunyiiBlvd/205_Final_Pro@d5b8c401",
        note="Estimated investment, all fields; constant 2021 US dollars (OWID's adjustment).",
    )

# PitchBook venture deal counts, 2014-2018, through the NSF's indicators.
pb = ms[ms["source_url_or_repo"].str.contains("ncses")]
for _, r in pb.iterrows():
    reg = REGION[r["region"]]
    fact(
        f"mt-pb-nsf-{CODE[reg]}-{r['year']}",
        "PitchBook",
        "",
        "NSF Science and Engineering Indicators 2020",
        reg,
        r["year"],
        "",
        s_nsf,
        coverage="venture",
        deals=str(int(float(r["deal_count"]))),
        via="bq-org/ncses_stats_explorer_placeholder@1f879ab6",
        note="Venture-financed AI deals (counts only; the table gives no amounts).",
    )

cols = list(mt.columns)
out = pd.concat([mt, pd.DataFrame(new)[cols]], ignore_index=True)
out = out.drop(columns=["source_id", "via"]).assign(source_id=out["source_id"], via=out["via"])
order = [
    "fact_id",
    "provider",
    "edition",
    "edition_name",
    "scope",
    "coverage",
    "region",
    "segment",
    "price_basis",
    "method",
    "period_start",
    "period_end",
    "partial",
    "amount_m",
    "currency",
    "qualifier",
    "amount_low_m",
    "amount_high_m",
    "deal_count",
    "deal_count_qualifier",
    "grade",
    "source_id",
    "via",
    "excluded_reason",
    "note",
]
out[order].to_csv(f"{D}/market_totals.csv", index=False, lineterminator="\n")
rep = pd.DataFrame(reports).drop_duplicates(["fact_id", "source_id"], keep="last")
rep = rep.sort_values(["fact_id", "source_id"])
rep[["fact_id", "source_id", "via", "checked_on", "verdict", "note"]].to_csv(
    f"{D}/market_total_reports.csv", index=False, lineterminator="\n"
)
src_out = pd.concat([src, pd.DataFrame(new_src)[src.columns]], ignore_index=True).drop_duplicates(
    "source_id", keep="first"
)
src_out.to_csv(f"{D}/sources.csv", index=False, lineterminator="\n")
print(len(out), "facts;", len(rep), "reports;", len(new_src), "new sources")
