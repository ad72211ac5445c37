"""One-off: the cloud unit's quarters get a segment basis, the missing quarters and margins found in
research/cloud_quarters.csv, one derived revenue, and the FT's credit share as a claim.
Run once from the project root: .venv/bin/python research/build_cloud_quarters.py"""

from __future__ import annotations


import pandas as pd

from helpers.data.descriptor import write_descriptor
from helpers.data.validate import read_descriptor

D = "data"
cr = pd.read_csv(f"{D}/cloud_revenue.csv", dtype=str, keep_default_na=False)
src = pd.read_csv(f"{D}/sources.csv", dtype=str, keep_default_na=False)
cl = pd.read_csv(f"{D}/claims.csv", dtype=str, keep_default_na=False)
rq = pd.read_csv("research/cloud_quarters.csv", dtype=str, keep_default_na=False)


def basis(period_end: str) -> str:
    """Alibaba reported a Cloud segment to December 2022; the March 2023 quarter carried the Cloud
    Intelligence Group name before the restated segments; from June 2023 the new basis applies."""
    return (
        "old_cloud_segment"
        if period_end <= "2022-12-31"
        else "cig_label_pre_restatement"
        if period_end == "2023-03-31"
        else "cloud_intelligence_group"
    )


cr["basis"] = cr["period_end"].map(basis)
cr["derived_from"] = ""
held = set(zip(cr["period_end"], cr["metric"]))
by_url = dict(zip(src["url"], src["source_id"]))
new_src, new_rows, n = [], [], 100
for _, r in rq.iterrows():
    metric = r["metric"]
    if metric not in ("revenue", "revenue_yoy_pct", "adj_ebita", "adj_ebita_margin_pct"):
        continue
    if (r["period_end"], metric) in held:
        continue  # the data already holds this quarter's figure
    held.add((r["period_end"], metric))
    sid = by_url.get(r["url"])
    if sid is None:
        sid = f"comp-q{len(new_src) + 1:03d}"
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in r["title"] + r["publisher"]) else "en"
        new_src.append(
            {
                "source_id": sid,
                "publisher": r["publisher"],
                "title": r["title"],
                "url": r["url"],
                "published": r["published"] if len(r["published"]) == 10 else "",
                "language": lang,
                "kind": "news",
                "note": "",
                "original_publisher": "",
                "original_url": "",
            }
        )
        by_url[r["url"]] = sid
    n += 1
    new_rows.append(
        {
            "fact_id": f"comp-cr-{n:03d}",
            "period_end": r["period_end"],
            "fiscal_quarter": r["fiscal_quarter"],
            "metric": metric,
            "value": r["value"],
            "unit": "CNY_m" if r["unit"] == "CNY_m" else "pct",
            "qualifier": r["qualifier"] or "exact",
            "source_id": sid,
            "note": r["note"][:200],
            "basis": basis(r["period_end"]),
            "derived_from": "",
        }
    )
out = pd.concat([cr, pd.DataFrame(new_rows)], ignore_index=True)
# December 2025: growth (36%, comp-cr-039) is reported, the amount is not; December 2024 is on the same basis.
prior = out[(out["period_end"] == "2024-12-31") & (out["metric"] == "revenue")].sort_values("fact_id").iloc[0]
growth = out[(out["period_end"] == "2025-12-31") & (out["metric"] == "revenue_yoy_pct")].sort_values("fact_id").iloc[0]
value = round(float(prior["value"]) * (1 + float(growth["value"]) / 100))
out = pd.concat(
    [
        out,
        pd.DataFrame(
            [
                {
                    "fact_id": "comp-cr-200",
                    "period_end": "2025-12-31",
                    "fiscal_quarter": "FY2026Q3",
                    "metric": "revenue",
                    "value": str(value),
                    "unit": "CNY_m",
                    "qualifier": "approx",
                    "source_id": growth["source_id"],
                    "basis": "cloud_intelligence_group",
                    "derived_from": f"{prior['fact_id']} {growth['fact_id']}",
                    "note": f"Derived: December 2024 revenue ({prior['value']}m) times 1 + the reported {growth['value']}% "
                    "growth; no stored page gives the amount.",
                }
            ]
        ),
    ],
    ignore_index=True,
)
cols = [
    "fact_id",
    "period_end",
    "fiscal_quarter",
    "basis",
    "metric",
    "value",
    "unit",
    "qualifier",
    "source_id",
    "derived_from",
    "note",
]
out[cols].sort_values(["period_end", "metric", "fact_id"]).to_csv(
    f"{D}/cloud_revenue.csv", index=False, lineterminator="\n"
)
pd.concat([src, pd.DataFrame(new_src)[src.columns]]).to_csv(f"{D}/sources.csv", index=False, lineterminator="\n")

# The FT's share ("just under half" of the ~$800M) as a claim the report can look up by key.
if "comp-cl-ft-share" not in set(cl["claim_id"]):
    row = {c: "" for c in cl.columns}
    row.update(
        claim_id="comp-cl-ft-share",
        made_on="2024-05-13",
        subject="alibaba",
        metric="credit_share_of_investment",
        value="50",
        unit="pct",
        qualifier="upper_bound",
        source_id="comp-027",
        period="2024",
        statement="FT sources: just under half of Alibaba's roughly $800M in Moonshot came as cloud computing credits.",
    )
    cl = pd.concat([cl, pd.DataFrame([row])])
    cl.to_csv(f"{D}/claims.csv", index=False, lineterminator="\n")

dp = read_descriptor(D)  # schemas resolved from data/schemas/
res = {r["name"]: r for r in dp["resources"]}
f = {x["name"]: x for x in res["cloud_revenue"]["schema"]["fields"]}
f["metric"]["constraints"]["enum"] = [
    "revenue",
    "revenue_yoy_pct",
    "external_revenue_yoy_pct",
    "ai_revenue_yoy_pct",
    "adj_ebita",
    "adj_ebita_margin_pct",
]
f["basis"] = {
    "name": "basis",
    "type": "string",
    "description": "The segment the figure belongs to: Alibaba's Cloud segment (to "
    "December 2022), the Cloud Intelligence Group name before the restated segments (March 2023), or the restated "
    "Cloud Intelligence Group (from June 2023). Revenue is never subtracted across bases.",
    "constraints": {
        "required": True,
        "enum": ["old_cloud_segment", "cig_label_pre_restatement", "cloud_intelligence_group"],
    },
}
f["derived_from"] = {
    "name": "derived_from",
    "type": "string",
    "description": "For a derived figure, the fact ids it is computed "
    "from (space-separated); empty for a reported figure.",
}
res["cloud_revenue"]["schema"]["fields"] = [f[c] for c in cols]
write_descriptor(D, dp)
print(len(new_rows), "new quarter rows,", len(new_src), "new sources; derived December 2025 revenue", value)
