"""Compute arithmetic against hand-worked answers."""

import math

import pandas as pd
import pytest

from conftest import load_once

from helpers.analysis import compute as C


DEFAULTS = dict(
    investor="alibaba",
    company="moonshot",
    round_usd=1e9,
    credit_share=None,
    gpu="h100-sxm",
    gpu_hour_usd=None,
    credit_value=1.0,
    usage_quarters=4,
)


def real(**overrides):
    """The real package and the compute analysis at the report's defaults, with `overrides`."""
    from conftest import DATA

    pkg = load_once(DATA, tables=list(C.TABLES))
    return pkg, C.analyse(pkg, **{**DEFAULTS, **overrides})


def test_round_worked_by_hand():
    # $1,000 round, 25% credits, $1 of credits worth $1.20 cash, $2/GPU-hour, chip half an H100.
    m = C.RoundCompute(1000, 0.25, 1.2, 2.0, 0.5)
    assert m.credits_face_usd == 250 and m.cash_usd == 750
    assert m.cash_equivalent_usd == pytest.approx(1050)  # 750 + 250 x 1.2
    assert m.credit_gpu_hours == pytest.approx(125)  # 250 / 2
    assert m.cash_gpu_hours == pytest.approx(312.5)  # 750 / (2 x 1.2)
    assert m.h100_gpu_years == pytest.approx(437.5 * 0.5 / 8760)


def test_credit_share_changes_figures_by_the_arithmetic():
    a, b = C.RoundCompute(1e9, 0.2, 1.0, 2.0, 1.0), C.RoundCompute(1e9, 0.5, 1.0, 2.0, 1.0)
    assert b.credits_face_usd - a.credits_face_usd == pytest.approx(0.3e9)
    assert b.credit_gpu_hours - a.credit_gpu_hours == pytest.approx(0.3e9 / 2.0)
    assert b.total_gpu_hours == pytest.approx(a.total_gpu_hours)  # at credit_value 1 the mix does not matter


def test_premium_above_one_favours_credits():
    at_par, premium = C.RoundCompute(1e9, 0.4, 1.0, 2.0, 1.0), C.RoundCompute(1e9, 0.4, 1.5, 2.0, 1.0)
    assert premium.cash_equivalent_usd - at_par.cash_equivalent_usd == pytest.approx(0.4e9 * 0.5)
    assert premium.cash_gpu_hours == pytest.approx(at_par.cash_gpu_hours / 1.5)
    assert premium.credit_gpu_hours == at_par.credit_gpu_hours


def test_gpu_hour_price_scales_hours_inversely():
    cheap, dear = C.RoundCompute(1e9, 0.5, 1.0, 2.0, 1.0), C.RoundCompute(1e9, 0.5, 1.0, 4.0, 1.0)
    assert dear.total_gpu_hours == pytest.approx(cheap.total_gpu_hours / 2)


def test_sensitivity_grid_matches_the_model():
    g = C.sensitivity(1e9, 1.2, 0.5, [0.0, 0.5], [2.0, 4.0])
    assert g.loc[0.5, 4.0] == pytest.approx(C.RoundCompute(1e9, 0.5, 1.2, 4.0, 0.5).h100_gpu_years)
    assert g.loc[0.5, 2.0] > g.loc[0.0, 2.0]  # with a premium, credits buy more than cash


def test_relative_throughput_and_default_price():
    gpus = pd.DataFrame({"gpu_id": ["h100-sxm", "h20", "x"], "bf16_dense_tflops": [1000.0, 150.0, float("nan")]})
    assert C.relative_throughput(gpus, "h20") == pytest.approx(0.15)
    assert math.isnan(C.relative_throughput(gpus, "x"))
    prices = pd.DataFrame(
        {
            "price_id": ["a", "b", "c"],
            "gpu": ["h100-sxm"] * 3,
            "kind": ["rental_gpu_hour"] * 3,
            "currency": ["USD"] * 3,
            "price": [3.0, 2.0, None],
            "qualifier": ["exact", "approx", "range"],
            "date": pd.to_datetime(["2024-01-01", "2025-01-01", "2026-01-01"]),
        }
    )
    assert C.default_gpu_hour_price(prices, "h100-sxm")["price_id"] == "b"  # the range is skipped


def test_credit_share_case_inherits_weaker_qualifier():
    deals = pd.DataFrame(
        {
            "case_id": ["k1", "k2"],
            "company_id": ["m", "m"],
            "investor_id": ["a", "a"],
            "mechanism": ["cloud_credits"] * 2,
            "amount_m": [300.0, 800.0],
            "currency": ["USD"] * 2,
            "qualifier": ["lower_bound", "approx"],
            "source_id": ["s1", "s2"],
            "grade": ["media_unnamed"] * 2,
        }
    )
    stakes = pd.DataFrame(
        {
            "company_id": ["m"],
            "investor_id": ["a"],
            "invested_m": [800.0],
            "currency": ["USD"],
            "invested_qualifier": ["approx"],
            "source_id": ["s3"],
            "grade": ["official"],
            "as_of": [pd.Timestamp("2024-03-31")],
        }
    )
    out = C.credit_share_cases(deals, stakes).set_index("case_id")
    assert (
        out.loc["k1", "credit_share_pct"] == pytest.approx(37.5) and out.loc["k1", "share_qualifier"] == "lower_bound"
    )
    assert out.loc["k2", "credit_share_pct"] == 100 and "misreading" in out.loc["k2", "flag"]
    assert out.loc["k1", "credits_grade"] == "media_unnamed" and out.loc["k1", "invested_grade"] == "official"


def test_credit_revenue_and_yoy_increase():
    assert C.credit_revenue_per_quarter(2200, 4) == 550
    rev = pd.DataFrame(
        {
            "fact_id": ["a", "b", "c"],
            "period_end": pd.to_datetime(["2023-06-30", "2024-06-30", "2024-06-30"]),
            "value": [100.0, 130.0, 999.0],
            "source_id": ["s", "t", "u"],
            "fiscal_quarter": ["FY2024Q1", "FY2025Q1", "FY2025Q1"],
        }
    )
    inc = C.yoy_increase(rev).set_index("fiscal_quarter")
    assert inc.loc["FY2025Q1", "increase"] == 30 and inc.loc["FY2025Q1", "source_id"] == "t"


def test_sensitivity_of_the_credits_alone():
    g = C.sensitivity(1000, 1.0, 1.0, [0.25], [2.0], part="credits")
    assert g.loc[0.25, 2.0] == pytest.approx(1000 * 0.25 / 2.0 / 8760)


def test_default_case_is_the_focus_pair_latest_usable_report_not_the_first_sorted():
    """Two usable cases for (a, m): dated March and May, so May's wins; a case of another company that sorts
    first ('b' before 'm') and a 100% case are never the default."""
    cases = pd.DataFrame(
        {
            "case_id": ["x1", "x2", "x3", "x4"],
            "investor_id": ["a", "a", "a", "a"],
            "company_id": ["m", "m", "b", "m"],
            "credit_share_pct": [30.0, 40.0, 10.0, 100.0],
            "credits_date": pd.to_datetime(["2024-03-01", "2024-05-01", "2023-01-01", "2024-06-01"]),
        }
    )
    assert C._default_case(cases, "a", "m")["case_id"] == "x2"
    assert C._default_case(cases, "a", "z") is None


def test_analyse_on_the_real_data_matches_a_hand_count_of_the_csv():
    """compute_deals comp-cd-002: $300M of credits; stakes: Alibaba's ~$800M in Moonshot, so 300/800 = 37.5%,
    approximate. The growth guidance (metric external_revenue_growth_outlook) is held twice: cl-005 and cl-007."""

    pkg, res = real()
    assert res.case["case_id"] == "comp-cd-002" and res.model.credit_share == pytest.approx(0.375)
    assert sorted(res.forecasts["claim_id"]) == ["comp-cl-005", "comp-cl-007"]
    assert res.credit_share_from == "case"
    with pytest.raises(C.ComputeParameterError, match="credit_share"):
        C.analyse(pkg, **{**DEFAULTS, "investor": "tencent"})


def test_fx_table_means_daily_cross_rates_by_month_and_year():
    """ECB daily rates per euro: CNY 7.0 and 8.0 with USD 1.0 on two January days give 7.5 CNY per USD for
    January and the year; one February day with CNY 9.0 and USD 1.5 gives 6.0; the year is (7 + 8 + 6) / 3 = 7."""
    from helpers.data import fx

    daily = pd.DataFrame(
        {"CNY": [7.0, 8.0, 9.0], "HKD": [8.0, 8.0, 12.0], "USD": [1.0, 1.0, 1.5]},
        index=pd.to_datetime(["2024-01-02", "2024-01-03", "2024-02-01"]),
    )
    t = fx.fx_table(daily).set_index(["currency", "period"])
    assert t.loc[("CNY", "2024-01"), "per_usd"] == 7.5 and t.loc[("CNY", "2024-01"), "days"] == 2
    assert t.loc[("CNY", "2024-02"), "per_usd"] == 6.0 and t.loc[("CNY", "2024"), "per_usd"] == 7.0
    assert t.loc[("HKD", "2024"), "per_usd"] == 8.0 and set(t["source_id"]) == {fx.ECB_SOURCE_ID}


def test_analyse_tables_recounted_from_the_csvs():
    """Each table of the Result, recounted with plain pandas from the CSVs (not from a run):
    vouchers are credit rows with no company (comp-cd-004, -013 to -018, -020 to -024 minus the
    discounted-cloud ones); `other` is every non-credit mechanism; growth and quarters hold one row per
    quarter; the events are export controls and model launches from three months before the first
    revenue quarter (at most 10) plus one "Credits in <company> round" per company with dated credits;
    a GPU price range counts at its midpoint (2.0-2.5 -> 2.25 an hour); the credits in CNY are 300 at the
    2024 mean rate from fx_rates.csv, spread over the usage quarters."""
    import pandas as pd
    from conftest import DATA

    rd = lambda t: pd.read_csv(DATA / f"{t}.csv", keep_default_na=False, na_values=[""])  # noqa: E731
    cd, cr, ev, cl, fx = rd("compute_deals"), rd("cloud_revenue"), rd("events"), rd("claims"), rd("fx_rates")
    pkg, res = real()
    credits = cd[cd["mechanism"] == "cloud_credits"]
    assert set(res.vouchers["case_id"]) == set(credits.loc[credits["company_id"].isna(), "case_id"])
    assert set(res.other["case_id"]) == set(cd.loc[cd["mechanism"] != "cloud_credits", "case_id"])
    assert set(res.accounting["case_id"]) == set(cd.loc[cd["accounting"].notna(), "case_id"])
    assert list(res.growth["period_end"].dt.strftime("%Y-%m-%d")) == sorted(
        set(cr.loc[cr["metric"] == "revenue_yoy_pct", "period_end"])
    )
    assert list(res.quarters["period_end"].dt.strftime("%Y-%m-%d")) == sorted(
        set(cr.loc[cr["metric"] == "revenue", "period_end"])
    )
    first = pd.Timestamp(cr.loc[cr["metric"] == "revenue", "period_end"].min()) - pd.DateOffset(months=3)
    ev["date"] = pd.to_datetime(ev["date"])
    kept = ev[ev["kind"].isin(["export_control", "model_launch"]) & (ev["date"] >= first)].sort_values("date").head(10)
    dated = credits[credits["company_id"].notna() & credits["date"].notna()].drop_duplicates("company_id")
    names = rd("companies").set_index("company_id")["name_en"]
    assert sorted(res.events["title"]) == sorted(
        list(kept["title"]) + [f"Credits in {names[c]} round" for c in dated["company_id"]]
    )
    assert res.events["date"].is_monotonic_increasing
    assert set(res.export_controls["event_id"]) == set(ev.loc[ev["kind"] == "export_control", "event_id"])
    assert set(res.access["claim_id"]) == set(cl.loc[cl["metric"].isin(C.ACCESS_METRICS), "claim_id"])
    made = pd.to_datetime(cl.loc[cl["metric"] == C.FORECAST_METRIC, "made_on"]).min()
    ext = cr[cr["metric"] == C.OUTCOME_METRIC]
    assert set(res.outcomes["fact_id"]) == set(ext.loc[pd.to_datetime(ext["period_end"]) > made, "fact_id"])
    p = res.prices.set_index("price_id")
    assert p.loc["comp-gp-008", "usd"] == pytest.approx(2.25) and p.loc["comp-gp-001", "usd"] == pytest.approx(8.0)
    assert p.loc["comp-gp-001", "gpu_name"] == rd("gpus").set_index("gpu_id").loc["h100-sxm", "name"]
    cny = float(fx.loc[(fx["period"] == "2024") & (fx["currency"] == "CNY"), "per_usd"].iloc[0])
    assert res.credits_cny_m == pytest.approx(300 * cny) and res.per_quarter_cny_m == pytest.approx(300 * cny / 4)
    # $800M reported as credits against the ~$800M invested: the whole investment, flagged, never the default.
    assert sorted(res.flagged["case_id"]) == ["comp-cd-009", "comp-cd-010"]
    assert (res.investor, res.company, res.gpu) == ("alibaba", "moonshot", "h100-sxm")
    assert res.credit_share_from == "case" and res.price_from.startswith("rental price reported")


def test_analyse_parameters_override_the_data_and_a_bad_gpu_lists_the_choices():
    from conftest import DATA

    pkg = load_once(DATA, tables=list(C.TABLES))
    res = C.analyse(
        pkg,
        investor="alibaba",
        company="moonshot",
        round_usd=1e9,
        credit_share=0.5,
        gpu="h100-sxm",
        gpu_hour_usd=2.75,
        credit_value=1.0,
        usage_quarters=4,
    )
    assert (res.credit_share_from, res.price_from, res.model.credit_share) == ("parameter", "parameter", 0.5)
    grid = res.sensitivity  # GPU-years from the credits alone: rows credit share, columns $ an hour
    assert list(grid.index) == [0.0, 0.2, 0.5, 0.8, 1.0] and list(grid.columns) == [1.5, 2.0, 2.75, 3.0, 5.0, 8.0]
    # 20% of $1B = $200M at $1.50 an hour = 133.3M hours = 15,220.7 GPU-years of 8,760 hours
    assert grid.loc[0.2, 1.5] == pytest.approx(200e6 / 1.5 / 8760) and grid.loc[0.0, 8.0] == 0
    with pytest.raises(C.ComputeParameterError, match=r"gpu='nope'.*choose one of .*h100-sxm"):
        C.analyse(
            pkg,
            investor="alibaba",
            company="moonshot",
            round_usd=1e9,
            credit_share=0.5,
            gpu="nope",
            gpu_hour_usd=2.0,
            credit_value=1.0,
            usage_quarters=4,
        )


def test_increase_comes_from_the_reported_growth_and_never_crosses_a_basis():
    """Q4 2022 revenue 20 on the old basis, Q4 2023 27 on the new one: their difference (7) mixes bases, so
    without a reported growth it is a gap; with growth 8% the increase is 27 x 8 / 108 = 2.0. Two quarters on
    one basis without growth fall back to their difference (30 - 27 = 3)."""
    import pandas as pd

    rev = pd.DataFrame(
        {
            "fact_id": ["a", "b", "c"],
            "period_end": pd.to_datetime(["2022-12-31", "2023-12-31", "2024-12-31"]),
            "value": [20.0, 27.0, 30.0],
            "source_id": ["s"] * 3,
            "fiscal_quarter": ["FY23Q3", "FY24Q3", "FY25Q3"],
            "basis": ["old", "new", "new"],
        }
    )
    inc = C.yoy_increase(rev)
    assert pd.isna(inc["increase"].iloc[1]) and inc["increase"].iloc[2] == pytest.approx(3.0)
    g = pd.DataFrame(
        {"fact_id": ["g"], "period_end": pd.to_datetime(["2023-12-31"]), "value": [8.0], "source_id": ["t"]}
    )
    inc = C.yoy_increase(rev, g)
    assert inc["increase"].iloc[1] == pytest.approx(2.0) and inc["year_before"].iloc[1] == pytest.approx(25.0)
    assert list(inc["increase_from"]) == ["", "reported growth", "difference"]


def test_usage_window_is_the_whole_quarters_after_the_deal():
    """Credits agreed 11 March 2024: the March quarter started before, so the window is June 2024 to March
    2025. Credits of 540 a quarter against increases 1,500 and 4,500 are 36% and 12%."""
    import pandas as pd

    inc = pd.DataFrame(
        {
            "period_end": pd.to_datetime(
                ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31", "2025-06-30"]
            ),
            "increase": [None, 1500.0, 1900.0, 3600.0, 4500.0, 6900.0],
        }
    )
    w = C.usage_window(inc, pd.Timestamp("2024-03-11"), 4, 540.0)
    assert list(w["period_end"].dt.strftime("%Y-%m")) == ["2024-06", "2024-09", "2024-12", "2025-03"]
    assert w["credits_share_pct"].iloc[0] == pytest.approx(36.0) and w["credits_share_pct"].iloc[-1] == pytest.approx(
        12.0
    )


def test_margin_is_the_median_reported_in_those_quarters_and_the_cost_counts_credits_at_cost():
    """Margins 9.0, 9.9 and 8.0 in the window: median 9.0%. A stake of 800 with 300 of credits costs
    800 - 300 + 300 x 0.91 = 773; with 400 of credits, 764; at a 30% margin, 710 and 680."""
    import pandas as pd

    cr = pd.DataFrame(
        {
            "fact_id": ["m1", "m2", "m3", "m4"],
            "metric": ["adj_ebita_margin_pct"] * 4,
            "value": [9.0, 9.9, 8.0, 20.0],
            "source_id": ["a", "b", "c", "d"],
            "period_end": pd.to_datetime(["2024-09-30", "2024-12-31", "2025-03-31", "2026-03-31"]),
        }
    )
    m, facts, srcs = C.cloud_margin(
        cr, pd.Series(pd.to_datetime(["2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"]))
    )
    assert (m, facts, srcs) == (pytest.approx(0.09), ["m1", "m2", "m3"], ["a", "b", "c"])
    assert C.cloud_margin(cr, pd.Series(pd.to_datetime(["2020-03-31"]))) is None
    assert [round(C.effective_cost(800, c, mm)) for c in (300, 400) for mm in (0.09, 0.3)] == [773, 710, 764, 680]


def test_rental_prices_compare_like_for_like_per_gpu_hour():
    """A China H100 server at CN¥73,000 a month (7.3 per USD that month) is 73,000 / 7.3 / (8 x 730) =
    $1.712 a GPU-hour; the abroad H100 at $2.50 four months earlier pairs with it (within six months): 31.5%
    less. The abroad price 10 months away and the yearly server quote (unit in doubt) are left out; an
    A800 in China has no abroad twin."""
    import pandas as pd

    prices = pd.DataFrame(
        {
            "price_id": ["c1", "a1", "a2", "c2", "c3"],
            "gpu": ["h100", "h100", "h100", "h100", "a800"],
            "market": ["china", "abroad", "abroad", "china", "china"],
            "kind": [
                "rental_server_month_8gpu",
                "rental_gpu_hour",
                "rental_gpu_hour",
                "rental_server_year_8gpu",
                "rental_gpu_hour",
            ],
            "price": [73_000.0, 2.5, 4.0, 70_000.0, 1.0],
            "currency": ["CNY", "USD", "USD", "CNY", "USD"],
            "qualifier": ["exact"] * 5,
            "source_id": list("abcde"),
            "date": pd.to_datetime(["2025-01-01", "2024-09-01", "2024-03-01", "2025-01-01", "2025-01-01"]),
        }
    )
    fx = pd.DataFrame(
        {
            "period": ["2025-01", "2024-09", "2024-03"],
            "currency": ["CNY"] * 3,
            "per_usd": [7.3, 7.1, 7.2],
            "days": [20] * 3,
            "source_id": ["x"] * 3,
        }
    )
    hourly = C.per_gpu_hour(prices, fx)
    assert set(hourly["price_id"]) == {"c1", "a1", "a2", "c3"}
    assert hourly.set_index("price_id").loc["c1", "usd_per_gpu_hour"] == pytest.approx(73_000 / 7.3 / 5840)
    lf = C.like_for_like(hourly)
    assert list(zip(lf["china_id"], lf["abroad_id"])) == [("c1", "a1")]
    assert lf["premium_pct"].iloc[0] == pytest.approx(100 * (73_000 / 7.3 / 5840 / 2.5 - 1))
    d = C.default_gpu_hour_price(prices, "h100", "china", fx)
    assert d["price_id"] == "c1" and d["price"] == pytest.approx(1.7123, abs=1e-4) and d["quoted"] == 73_000


def test_credit_value_scenarios_come_from_the_claims_and_the_grid_is_value_over_cost():
    """Big clouds at 2 to 4 times small clouds' rent: credits worth 1/4 or 1/2 of face; a 50% black-market
    premium: 1.5. With 300 of credits in 800: at worth 0.25 and margin 0 the start-up gets (500 + 75) / 800
    = 0.719 per dollar spent; at 1.5 and 30%, (500 + 450) / (800 - 90) = 1.338."""
    import pandas as pd

    claims = pd.DataFrame(
        {
            "metric": [C.MULTIPLE_METRIC, C.PREMIUM_METRIC, "other"],
            "value": [None, 50.0, 9.0],
            "value_low": [2.0, None, None],
            "value_high": [4.0, None, None],
            "source_id": ["a", "b", "c"],
        }
    )
    sc = C.credit_value_scenarios(claims)
    assert list(sc["credit_value"]) == [0.25, 0.5, 1.0, 1.5] and list(sc["source_id"].fillna("-")) == [
        "a",
        "a",
        "-",
        "b",
    ]
    assert C.value_per_cost(800, 300, 0.25, 0.0) == pytest.approx(575 / 800)
    assert C.value_per_cost(800, 300, 1.5, 0.3) == pytest.approx(950 / 710)
