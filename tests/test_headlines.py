"""Headline figures each built report states, recomputed here independently from the data rows."""

import json

import pandas as pd
import pytest

from conftest import DATA, ROOT

STATE = ROOT / "reports" / ".build"


def findings(name):
    return json.loads((STATE / f"{name}.json").read_text())["findings"]


def answer(name):
    return json.loads((STATE / f"{name}.json").read_text())["answer"]


def csv(name):
    return pd.read_csv(DATA / f"{name}.csv", keep_default_na=True)


def test_decline_pitchbook_peak_and_latest():
    mt = csv("market_totals")
    pb = mt[
        (mt["provider"] == "PitchBook")
        & (mt["scope"] == "all_ai")
        & (mt["segment"] == "all")
        & (~mt["partial"])
        & mt["excluded_reason"].isna()
        & (mt["period_start"].str[:4] == mt["period_end"].str[:4])
        & mt["amount_m"].notna()
    ]
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
    assert (
        f"the highest full year on record here is {py}, at ${peak.amount_m / 1000:.1f}B across {int(peak.deal_count):,} deals"
        in text
    )
    assert f"in {ly} it was ${latest.amount_m / 1000:.1f}B, down {-change}%" in text
    assert "With no figure for 2020, 2022 or 2023" in text
    assert (peak.amount_m, int(peak.deal_count), change) == (24900, 1411, -71)


def test_decline_answer_leads_with_the_ai_index_2025_series_recomputed_from_the_csv():
    """One edition, AI Index 2025, China (mainland): the highest year is the maximum of its own rows, with
    rows for the years either side; the falls are counted year by year after it."""
    mt = csv("market_totals")
    ai = (
        mt[
            (mt["edition_name"] == "AI Index 2025")
            & (mt["region"] == "mainland")
            & (mt["scope"] == "all_ai")
            & ~mt["partial"]
            & (mt["count_kind"] != "companies")
        ]
        .assign(year=lambda d: d["period_end"].str[:4].astype(int))
        .set_index("year")["amount_m"]
    )
    py, ly = int(ai.idxmax()), int(ai.index.max())
    assert {py - 1, py + 1} <= set(ai.index)
    falls = 0
    while py + falls + 1 in ai.index and ai[py + falls + 1] < ai[py + falls]:
        falls += 1
    change = round(100 * (ai[ly] / ai[py] - 1))
    text = answer("investment-decline")[0]
    assert (py, ly, falls, change) == (2021, 2024, 3, -64)
    assert (
        f"Stanford AI Index (AI Index 2025, one series from {ai.index.min()} to {ly}): AI investment in China peaked "
        f"in {py} at ${ai[py] / 1000:.1f}B, fell {falls} years running, and in {ly} it was ${ai[ly] / 1000:.1f}B, "
        f"down {-change}% from that peak."
    ) == text


def test_decline_china_share_of_the_world_recomputed_from_the_csv():
    mt = csv("market_totals")
    e = mt[(mt["edition_name"] == "AI Index 2025") & (mt["scope"] == "all_ai") & (mt["count_kind"] != "companies")]
    y = e.assign(year=e["period_end"].str[:4].astype(int)).pivot_table(
        index="year", columns="region", values="amount_m"
    )
    share = 100 * y["mainland"] / y["world"]
    page = (ROOT / "reports" / "investment-decline.html").read_text()
    assert (int(share.idxmax()), round(share.max()), round(share[2024], 1)) == (2018, 32, 6.2)
    assert "peaked at <strong>32%</strong>" in page and "<strong>6.2%</strong>" in page


def test_decline_2024_partial_lower_bound():
    text = " ".join(findings("investment-decline"))
    assert "PitchBook put 2024 to July 2024 at ≥$4.4B across 372 rounds, a partial-year lower bound" in text


def headline_universe():
    """The deal-share universe recomputed from the CSVs alone: LLM start-ups, completed private rounds
    (no IPO, no rumour, nothing on or after the first listing), in USD at the monthly rate."""
    r, c, lst, fx = (
        csv("rounds"),
        csv("companies"),
        csv("listings"),
        pd.read_csv(DATA / "fx_rates.csv", dtype={"period": str}),
    )
    llm = set(c.loc[c["segment"] == "foundation_model", "company_id"])
    listed = r["company_id"].map(lst.groupby("company_id")["listing_date"].min())
    r = r[
        r["company_id"].isin(llm)
        & (r["stage"] != "ipo")
        & (r["grade"] != "rumour")
        & ~(listed.notna() & (r["announced"] >= listed))
    ].copy()
    rate = fx.set_index(["period", "currency"])["per_usd"]
    r["usd"] = [
        a if cur == "USD" else (a / rate[(d[:7], cur)] if a == a else a)
        for a, cur, d in zip(r["amount_m"], r["currency"], r["announced"])
    ]
    r["year"] = r["announced"].str[:4].astype(int)
    return r


def group_rounds(group):
    inv, rp = csv("investors"), csv("round_participants")
    parent = dict(zip(inv["investor_id"], inv["parent_id"]))

    def top(i):
        while isinstance(parent.get(i), str):
            i = parent[i]
        return i

    return set(rp.loc[rp["investor_id"].map(top) == group, "round_id"])


def test_deal_share_headline_recomputed_from_the_csvs():
    r = headline_universe()
    asof = max(r["announced"].max(), csv("stakes")["as_of"].max())
    last_full = int(asof[:4]) - 1
    full = r[r["year"].between(2019, last_full)]
    total = full["usd"].sum()
    a = full[full["round_id"].isin(group_rounds("alibaba"))]["usd"].sum()
    t = full[full["round_id"].isin(group_rounds("tencent"))]["usd"].sum()
    both = full[full["round_id"].isin(group_rounds("alibaba") & group_rounds("tencent"))]["usd"].sum()
    answer = " ".join(json.loads((STATE / "deal-share.json").read_text())["answer"])
    # Lower bounds in the amounts make every share approximate: "~".
    assert (
        f"From 2019 to {last_full}, rounds that Alibaba joined raised ~{100 * a / total:.0f}% of the ~${total / 1000:.1f}B"
        in answer
    )
    assert f"in the {len(full)} completed private rounds" in answer
    assert f"rounds that Tencent joined raised ~{100 * t / total:.0f}%" in answer
    assert f"rounds both joined hold ~{100 * both / total:.0f}%, so the shares cannot be added" in answer
    # IPO proceeds, rumours and the as-of year are outside the headline.
    assert (
        not full["round_id"].str.endswith("-ipo").any()
        and (full["grade"] != "rumour").all()
        and full["year"].max() <= last_full
    )


def test_deal_share_single_investor_variant_uses_the_same_definitions():
    both = json.loads((STATE / "deal-share.json").read_text())["answer"][0]
    alone = json.loads((STATE / "deal-share-tencent.json").read_text())["answer"][0]
    share = both.split("rounds that Tencent joined raised ")[1].split(";")[0]
    assert f"rounds that Tencent joined raised {share} of the" in alone


def test_deal_share_reported_itjuzi_figure():
    idl = csv("investor_deals")
    share = idl[idl["metric"] == "ai_share_pct"].set_index("investor_id")["value"]
    assert any(
        f"ITJuzi reported that {share['alibaba']:.0f}% of Alibaba's and {share['tencent']:.0f}% of Tencent's China deals"
        in f
        for f in findings("deal-share")
    )


def test_tencent_deal_count_fall_recomputed():
    idl = csv("investor_deals")
    t = idl[
        (idl["provider"] == "ITJuzi")
        & idl["investor_id"].isin(["tencent", "tencent-investment"])
        & (idl["metric"] == "total_deals")
        & idl["period_start"].str.endswith("-01-01")
        & idl["period_end"].str.endswith("-12-31")
        & (idl["period_start"].str[:4] == idl["period_end"].str[:4])
    ]
    by_year = t.groupby(t["period_end"].str[:4].astype(int))["value"].agg(
        lambda v: v.mode().max() if v.mode().size == 1 else None
    )
    # 2021: 296 is printed by two pages (evt-016's 276, 299, 300 once each); 2024 25; 2025 37.
    assert (by_year[2021], by_year[2024], by_year[2025]) == (296, 25, 37)
    assert by_year.idxmax() == 2021 and by_year[by_year.index > 2021].idxmin() == 2024
    assert (
        "By ITJuzi's count, Tencent's deals of all kinds fell from 296 in 2021 to 25 in 2024, then rose to 37 in 2025."
        in findings("deal-share")
    )


def test_compute_moonshot_credit_share():
    cd, st = csv("compute_deals"), csv("stakes")
    credits = cd[(cd["company_id"] == "moonshot") & (cd["mechanism"] == "cloud_credits") & (cd["amount_m"] < 800)][
        "amount_m"
    ].iloc[0]
    invested = st[(st["company_id"] == "moonshot") & (st["investor_id"] == "alibaba")]["invested_m"].dropna().iloc[0]
    share = 100 * credits / invested
    assert (credits, invested, share) == (300, 800, 37.5)
    # an approximate whole (~$800M) makes the share approximate: ~38%
    assert f"~{share:.0f}% of the money" in answer("compute-as-capital")[0]


def test_compute_cost_and_growth_share_recomputed_from_the_csvs():
    """Credits of $300M from March 2024, at the 2024 mean CNY rate, spread over the four whole quarters
    after the deal (June 2024 to March 2025); each quarter's increase is revenue x g / (100 + g) from its
    reported growth. The margin is the median reported adjusted EBITA margin in those quarters."""
    cr, fx = csv("cloud_revenue"), pd.read_csv(DATA / "fx_rates.csv", dtype={"period": str})
    quarters = ["2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"]
    first = lambda metric: (
        cr[cr["metric"] == metric].sort_values("fact_id").drop_duplicates("period_end").set_index("period_end")["value"]
    )  # noqa: E731
    rev, g = first("revenue"), first("revenue_yoy_pct")
    increase = sum(rev[q] * g[q] / (100 + g[q]) for q in quarters)
    rate = fx[(fx["period"] == "2024") & (fx["currency"] == "CNY")]["per_usd"].iloc[0]
    share = 100 * 300 * rate / increase
    m = cr[(cr["metric"] == "adj_ebita_margin_pct") & cr["period_end"].isin(quarters)]["value"].median() / 100
    text = " ".join(answer("compute-as-capital"))
    assert round(share) == 18 and f"~{share:.0f}% of the cloud unit's year-on-year revenue growth" in text
    assert m == pytest.approx(0.09) and f"a median of {100 * m:.1f}%" in text
    assert f"~${800 - 400 * m:.0f}M to ~${800 - 300 * m:.0f}M in cash terms" in text
    assert "so the credit share runs from ~38% to just under half" in text


def test_compute_china_rent_like_for_like_recomputed_from_the_csvs():
    """The latest China H100 rental (a server-month) over 8 x 730 GPU-hours at its month's CNY rate, against
    the nearest abroad H100 GPU-hour price within six months."""
    gp, fx = csv("gpu_prices"), pd.read_csv(DATA / "fx_rates.csv", dtype={"period": str})
    cn = gp[(gp["gpu"] == "h100-sxm") & (gp["market"] == "china") & (gp["kind"] == "rental_server_month_8gpu")].iloc[-1]
    rate = fx[(fx["period"] == cn["date"][:7]) & (fx["currency"] == "CNY")]["per_usd"].iloc[0]
    china = cn["price"] / rate / (8 * 730)
    ab = gp[
        (gp["gpu"] == "h100-sxm")
        & (gp["market"] == "abroad")
        & (gp["kind"] == "rental_gpu_hour")
        & gp["qualifier"].isin(["exact", "approx"])
    ]
    gap = (pd.to_datetime(ab["date"]) - pd.Timestamp(cn["date"])).abs().dt.days
    abroad = ab.loc[gap[gap <= 183].sort_values().index[0], "price"]
    text = " ".join(answer("compute-as-capital"))
    assert (round(china, 1), abroad, round(100 * (china / abroad - 1))) == (1.8, 2.99, -41)
    assert (
        f"an H100 SXM5 at ${china:.2f} a GPU-hour in January 2025 against $2.99 a GPU-hour abroad in October 2024, down 41%"
        in text
    )
