"""The figures the project started from are in the data, each with its value, period, qualifier and source URL."""

import pandas as pd
import pytest

from conftest import DATA
from helpers import load_package


@pytest.fixture(scope="module")
def pkg():
    return load_package(DATA)


def url(pkg, source_id):
    return pkg["sources"].set_index("source_id").loc[source_id, "url"]


def one(frame, **eq):
    m = pd.Series(True, index=frame.index)
    for k, v in eq.items():
        m &= frame[k] == v
    rows = frame[m]
    assert len(rows) == 1, f"expected one row with {eq}, found {len(rows)}"
    return rows.iloc[0]


PITCHBOOK_URL = (
    "https://getcoai.com/news/chinese-ai-startup-baichuan-raises-691m-amid-push-to-boost-global-competitiveness"
)


def test_pitchbook_2021_peak(pkg):
    r = one(pkg["market_totals"], fact_id="mt-001")
    assert (r.provider, r.amount_m, r.currency, r.qualifier, r.deal_count, bool(r.partial)) == (
        "PitchBook",
        24900,
        "USD",
        "exact",
        1411,
        False,
    )
    assert (r.period_start, r.period_end) == (pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"))
    assert url(pkg, r.source_id) == PITCHBOOK_URL


def test_pitchbook_2024_to_mid_year_is_a_partial_lower_bound(pkg):
    r = one(pkg["market_totals"], fact_id="mt-002")
    assert (r.amount_m, r.qualifier, r.deal_count, bool(r.partial)) == (4400, "lower_bound", 372, True)
    assert r.period_start == pd.Timestamp("2024-01-01") and r.period_end.year == 2024 and r.period_end.month in (6, 7)
    assert pd.isna(r.excluded_reason) and "Baichuan" in r.note
    assert url(pkg, r.source_id) == PITCHBOOK_URL


def test_baichuan_july_2024_round(pkg):
    r = one(pkg["rounds"], round_id="baichuan-2024-07-a")
    assert (r.amount_m, r.currency, r.qualifier, r.post_money_m, r.valuation_currency) == (
        5000,
        "CNY",
        "exact",
        20000,
        "CNY",
    )
    assert r.announced == pd.Timestamp("2024-07-25")
    assert "691" in r.note
    assert url(pkg, r.headline_source_id).startswith("https://www.bnnbloomberg.ca/")


def test_moonshot_alibaba_led_round_and_first_valuation(pkg):
    r = one(pkg["rounds"], round_id="moonshot-2024-02-b")
    assert (r.amount_m, r.currency, r.post_money_m, r.valuation_qualifier) == (1000, "USD", 2500, "approx")
    assert (r.announced.year, r.announced.month) == (2024, 2)
    lead = one(pkg["round_participants"], round_id="moonshot-2024-02-b", investor_id="alibaba")
    assert lead.role == "lead"
    first = pkg["rounds"][pkg["rounds"]["company_id"] == "moonshot"].sort_values("announced").iloc[0]
    assert (first.post_money_m, first.valuation_currency) == (300, "USD")
    assert (
        url(pkg, r.headline_source_id)
        == "https://www.businesstimes.com.sg/international/global/alibaba-leads-record-deal-to-create-us-2-5-billion-china-ai-firm"
    )


def test_alibaba_cumulative_moonshot_stake(pkg):
    s = one(pkg["stakes"], stake_id="draga-st-01")
    assert (
        s.investor_id,
        s.company_id,
        s.stake_pct,
        s.stake_qualifier,
        s.invested_m,
        s.currency,
        s.invested_qualifier,
    ) == ("alibaba", "moonshot", 36, "approx", 800, "USD", "approx")


def test_over_190_model_products(pkg):
    c = one(pkg["claims"], claim_id="cl-001")
    assert (c.value, c.qualifier) == (190, "lower_bound")
    assert url(pkg, c.source_id) == "http://en.people.cn/n3/2024/1202/c90000-20248924.html"


def test_369_unicorns_kept_with_the_difference_flagged(pkg):
    article = one(pkg["claims"], claim_id="cl-008")
    original = one(pkg["claims"], claim_id="cl-009")
    assert (article.value, article.unit) == (3800, "USD_m") and article.original_source_id == original.source_id
    assert "$3B" in article.flag and original.value == 369
    assert url(pkg, article.source_id).endswith("china-now-home-to-369-unicorns-with-an-average-value-of-us3-8-billion")


def test_two_largest_2024_rounds_claim(pkg):
    c = one(pkg["claims"], claim_id="cl-015")
    assert (c.value, c.unit, c.qualifier) == (33, "pct", "lower_bound")
    assert "Alibaba" in c.statement
    assert url(pkg, c.source_id) == PITCHBOOK_URL


def test_itjuzi_deal_shares(pkg):
    d = pkg["investor_deals"]
    a, t = one(d, fact_id="evt-d001"), one(d, fact_id="evt-d002")
    assert (a.investor_id, a.value, a.provider, a.period_start) == ("alibaba", 40, "ITJuzi", pd.Timestamp("2023-01-01"))
    assert (t.investor_id, t.value, t.provider) == ("tencent", 30, "ITJuzi")


def test_rounds_are_distinct_and_cover_enough_companies(pkg):
    r = pkg["rounds"]
    key = r[["company_id", "announced", "stage"]].astype(str).agg("|".join, axis=1)
    assert not key.duplicated().any(), list(key[key.duplicated()])
    assert len(r) >= 80 and r["company_id"].nunique() >= 15
    for comp in ("zhipu", "moonshot", "minimax", "baichuan", "01ai", "stepfun", "deepseek"):
        assert (r["company_id"] == comp).any(), comp
    ipo = r[(r["stage"] == "ipo") & r["company_id"].isin(["zhipu", "minimax"])]
    assert set(ipo["company_id"]) == {"zhipu", "minimax"} and (ipo["announced"].dt.year == 2026).all()


def test_every_fact_table_cites_sources(pkg):
    for name, frame in pkg.tables.items():
        cols = [c for c in frame.columns if c in ("source_id", "headline_source_id")]
        if name in ("sources", "companies", "investors", "gpus"):
            continue
        assert cols and frame[cols[0]].notna().all(), name


def test_every_market_fact_lists_its_headline_source_among_its_reports(pkg):
    mt, rep = pkg["market_totals"], pkg["market_total_reports"]
    pairs = set(zip(rep["fact_id"].astype(str), rep["source_id"].astype(str)))
    missing = [f for f, s in zip(mt["fact_id"].astype(str), mt["source_id"].astype(str)) if (f, s) not in pairs]
    assert missing == []


def test_ai_index_2025_china_series_recounted_from_its_chart_data():
    """The AI Index 2025 chart data (fig 4.3.10, research/market_series.csv) gives China 25.891B for 2021,
    15.068B for 2022, 9.468B for 2023 and 9.290B for 2024: the market rows hold the same values, in
    millions, under one edition name."""
    import pandas as pd
    from conftest import DATA

    mt = pd.read_csv(DATA / "market_totals.csv")
    cn = mt[
        (mt["edition_name"] == "AI Index 2025")
        & (mt["region"] == "mainland")
        & (mt["scope"] == "all_ai")
        & (mt["count_kind"] != "companies")
    ]
    by = dict(zip(pd.to_datetime(cn["period_end"]).dt.year, cn["amount_m"]))
    assert [round(by[y]) for y in (2021, 2022, 2023, 2024)] == [25891, 15068, 9468, 9290]
    assert sorted(by) == list(range(2013, 2025))
