"""One-off: the AI Index 2025's newly funded AI companies per year (China, US, Europe, world) as market
facts with count_kind "companies". Run once: .venv/bin/python research/build_company_counts.py"""

import pandas as pd

from helpers.data.descriptor import write_descriptor
from helpers.data.validate import read_descriptor

D = "data"
mt = pd.read_csv(f"{D}/market_totals.csv", dtype=str, keep_default_na=False)
rep = pd.read_csv(f"{D}/market_total_reports.csv", dtype=str, keep_default_na=False)
src = pd.read_csv(f"{D}/sources.csv", dtype=str, keep_default_na=False)
ms = pd.read_csv("research/market_series.csv", dtype=str, keep_default_na=False)
AIJ, AIJC = "notmattgrossman/ai-jobs-dataviz", "fbcfda13c64414c733f2c74af1738d51ce885b53"
GH = "https://github.com/{r}/blob/{c}/{p}"
new_src = []
for sid, path, title in (
    (
        "aii25-fig-4-3-14",
        "data/4. Economy/Data/fig_4.3.14.csv",
        "Number of newly funded AI companies by geographic area, 2013–24 (figure 4.3.14, chart data)",
    ),
    (
        "aii25-fig-4-3-4",
        "data/4. Economy/Data/fig_4.3.4.csv",
        "Number of newly funded AI companies in the world, 2013–24 (figure 4.3.4, chart data)",
    ),
    (
        "aii25-fig-4-3-12",
        "data/4. Economy/Data/fig_4.3.12.csv",
        "Number of newly funded AI companies by geographic area, 2024 (figure 4.3.12, chart data)",
    ),
):
    new_src.append(
        {
            "source_id": sid,
            "publisher": f"GitHub ({AIJ})",
            "title": title,
            "url": GH.format(r=AIJ, c=AIJC, p=path.replace(" ", "%20")),
            "published": "2025-04-08",
            "language": "en",
            "kind": "dataset",
            "note": "The AI Index's own chart data, republished in a public repository.",
            "original_publisher": "Stanford HAI, AI Index 2025 (data: Quid)",
            "original_url": "",
        }
    )
REGION = {
    "China": ("mainland", "cn"),
    "United States": ("us", "us"),
    "Europe": ("europe", "eu"),
    "World": ("world", "world"),
}
x = ms[(ms["commit"] == AIJC) & ms["measure"].str.contains("newly funded") & ms["year"].str.isdigit()]
rows, reps = [], []
for _, r in x.iterrows():
    if r["region"] not in REGION:
        continue
    reg, code = REGION[r["region"]]
    fig = r["path"].rsplit("/", 1)[-1].removesuffix(".csv").replace("fig_", "").replace(".", "-")
    single = fig == "4-3-12"
    fid = f"mt-aii25-co-{code}-{r['year']}" + ("-bar" if single else "")
    sid = f"aii25-fig-{fig}"
    rows.append(
        {c: "" for c in mt.columns}
        | {
            "fact_id": fid,
            "provider": "Stanford AI Index",
            "edition": "2025-04-08",
            "edition_name": "AI Index 2025",
            "scope": "all_ai",
            "coverage": "private",
            "region": reg,
            "segment": "all",
            "price_basis": "current",
            "method": "unstated",
            "period_start": f"{r['year']}-01-01",
            "period_end": f"{r['year']}-12-31",
            "partial": "false",
            "deal_count": str(int(float(r["deal_count"]))),
            "deal_count_qualifier": "exact",
            "count_kind": "companies",
            "grade": "data_provider",
            "source_id": sid,
            "via": f"{AIJ}@{AIJC[:8]}",
            "excluded_reason": (
                "the same edition's series chart (figure 4.3.14) gives another 2024 count; the series is used"
                if single
                else ""
            ),
            "note": "Newly funded AI companies (a count of companies, not deals).",
        }
    )
    reps.append(
        {
            "fact_id": fid,
            "source_id": sid,
            "via": f"{AIJ}@{AIJC[:8]}",
            "checked_on": "2026-12-02",
            "verdict": "confirmed",
            "note": "read from the chart data file",
        }
    )
mt["count_kind"] = mt.get("count_kind", "")
out = pd.concat([mt, pd.DataFrame(rows)[mt.columns]], ignore_index=True).drop_duplicates("fact_id", keep="first")
cols = list(mt.columns)
cols.insert(cols.index("deal_count_qualifier") + 1, cols.pop(cols.index("count_kind")))
out[cols].to_csv(f"{D}/market_totals.csv", index=False, lineterminator="\n")
pd.concat([rep, pd.DataFrame(reps)]).drop_duplicates(["fact_id", "source_id"]).sort_values(
    ["fact_id", "source_id"]
).to_csv(f"{D}/market_total_reports.csv", index=False, lineterminator="\n")
pd.concat([src, pd.DataFrame(new_src)]).drop_duplicates("source_id").to_csv(
    f"{D}/sources.csv", index=False, lineterminator="\n"
)
dp = read_descriptor(D)  # schemas resolved from data/schemas/
res = {r["name"]: r for r in dp["resources"]}
f = {x["name"]: x for x in res["market_totals"]["schema"]["fields"]}
f["count_kind"] = {
    "name": "count_kind",
    "type": "string",
    "description": "What `deal_count` counts: deals (the default, when empty) or newly funded companies.",
    "constraints": {"enum": ["deals", "companies"]},
}
res["market_totals"]["schema"]["fields"] = [f[c] for c in cols]
write_descriptor(D, dp)
print(len(rows), "company-count facts")
