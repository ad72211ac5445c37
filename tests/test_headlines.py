"""Headline figures each built report states, recomputed here independently from the data rows."""
import json

import pandas as pd
import pytest

from conftest import DATA, ROOT

STATE = ROOT / "reports" / ".build"


def findings(name):
    return json.loads((STATE / f"{name}.json").read_text())["findings"]


def csv(name):
    return pd.read_csv(DATA / f"{name}.csv", keep_default_na=True)


def test_decline_pitchbook_peak_and_latest():
    mt = csv("market_totals")
    pb = mt[(mt["provider"] == "PitchBook") & (mt["scope"] == "all_ai") & (mt["segment"] == "all") & (~mt["partial"])
            & mt["excluded_reason"].isna() & (mt["period_start"].str[:4] == mt["period_end"].str[:4])]
    peak = pb.loc[pb["amount_m"].idxmax()]
    latest = pb.loc[pb["period_end"].idxmax()]
    change = round(100 * (latest.amount_m / peak.amount_m - 1))
    text = next(f for f in findings("investment-decline") if f.startswith("PitchBook:"))
    years = set(pb["period_end"].str[:4].astype(int))
    py, ly = int(peak.period_end[:4]), int(latest.period_end[:4])
    missing = [y for y in range(py - 1, ly) if y not in years]
    assert missing == [2020, 2022, 2023]  # PitchBook's full years in the data: 2021 and 2024 only
    # Without the years around 2021 the report must not call it a peak, and must name the gap.
    assert "peaked" not in text
    assert f"the highest full year on record here is {py}, at ${peak.amount_m / 1000:.1f}B across {int(peak.deal_count):,} deals" in text
    assert f"in {ly} it was ${latest.amount_m / 1000:.1f}B, down {-change}%" in text
    assert "With no figure for 2020, 2022 or 2023" in text
    assert (peak.amount_m, int(peak.deal_count), change) == (24900, 1411, -71)


def test_decline_approximate_latest_keeps_its_mark():
    mt = csv("market_totals")
    cb = mt[(mt["provider"] == "CB Insights") & (mt["period_end"] == "2023-12-31")].iloc[0]
    assert cb.qualifier == "approx"
    text = next(f for f in findings("investment-decline") if f.startswith("CB Insights:"))
    assert f"in 2023 it was ~${cb.amount_m / 1000:.1f}B, down ~" in text


def test_decline_2024_partial_lower_bound():
    text = " ".join(findings("investment-decline"))
    assert "PitchBook put 2024 to July 2024 at ≥$4.4B across 372 rounds, a partial-year lower bound" in text


def rounds_joined(group):
    inv, rp, r, comp = csv("investors"), csv("round_participants"), csv("rounds"), csv("companies")
    parent = dict(zip(inv["investor_id"], inv["parent_id"]))
    def top(i):
        while isinstance(parent.get(i), str):
            i = parent[i]
        return i
    llm = set(comp.loc[comp["segment"] == "foundation_model", "company_id"])
    r = r[r["company_id"].isin(llm) & (r["announced"] >= "2019-01-01")]
    joined = set(rp.loc[rp["investor_id"].map(top) == group, "round_id"]) & set(r["round_id"])
    return len(joined), len(r)


@pytest.mark.parametrize("name,group,label", [("deal-share-alibaba", "alibaba", "Alibaba Group"), ("deal-share-tencent", "tencent", "Tencent Holdings")])
def test_deal_share_rounds_joined(name, group, label):
    k, n = rounds_joined(group)
    assert findings(name)[0].startswith(f"{label} joined {k} of the {n} recorded LLM start-up rounds since 2019-01-01")


def test_deal_share_reported_itjuzi_figure():
    assert any("ITJuzi reported that 40% of Alibaba Group's China deals" in f for f in findings("deal-share-alibaba"))
    assert any("ITJuzi reported that 30% of Tencent Holdings's China deals" in f for f in findings("deal-share-tencent"))


def test_compute_moonshot_credit_share():
    cd, st = csv("compute_deals"), csv("stakes")
    credits = cd[(cd["company_id"] == "moonshot") & (cd["mechanism"] == "cloud_credits") & (cd["amount_m"] < 800)]["amount_m"].iloc[0]
    invested = st[(st["company_id"] == "moonshot") & (st["investor_id"] == "alibaba")]["invested_m"].dropna().iloc[0]
    share = 100 * credits / invested
    assert (credits, invested, share) == (300, 800, 37.5)
    assert f"about {share:.0f}% of the money" in findings("compute-as-capital")[0]
