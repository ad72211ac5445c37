"""Decline figures: hand-made rows for the rules, the real data for conversion and parameter effects."""

import pandas as pd
import pytest

from conftest import DATA, load_once
from helpers.analysis import decline as D

FX = pd.DataFrame(
    {
        "period": ["2020", "2021", "2022", "2023", "2021-05"],
        "currency": ["CNY"] * 5,
        "per_usd": [7.0, 6.5, 6.8, 7.1, 6.4],
    }
)


def mt(rows):
    base = {
        "scope": "all_ai",
        "segment": "all",
        "coverage": "venture",
        "currency": "USD",
        "qualifier": "exact",
        "deal_count": pd.NA,
        "excluded_reason": pd.NA,
        "edition": pd.NaT,
        "partial": False,
        "source_id": "s",
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    for c in ("period_start", "period_end", "edition"):
        df[c] = pd.to_datetime(df[c])
    df["deal_count"] = df["deal_count"].astype("Int64")
    return df


SOURCES = pd.DataFrame({"source_id": ["s"], "published": pd.to_datetime(["2024-01-01"])})


def year(y, amount, **kw):
    return {
        "fact_id": f"f{y}{kw.get('tag', '')}",
        "provider": kw.pop("provider", "P"),
        "period_start": f"{y}-01-01",
        "period_end": kw.pop("end", f"{y}-12-31"),
        "amount_m": amount,
        **{k: v for k, v in kw.items() if k != "tag"},
    }


def rows_of(frame, **kw):
    args = dict(scope="all_ai", providers=["P", "Q"], start_year=2016, end_year=2026, currency="USD", fx=FX)
    args.update(kw)
    return D.yearly_rows(frame, SOURCES, **args)


def test_peak_decline_and_consecutive_falls():
    f = mt([year(2020, 10_000), year(2021, 25_000), year(2022, 15_000), year(2023, 5_000)])
    p = D.peak_and_decline(rows_of(f)).iloc[0]
    assert (p.peak_year, p.peak_amount, p.latest_year, p.latest_amount) == (2021, 25_000, 2023, 5_000)
    assert p.change_pct == pytest.approx(-80) and p.consecutive_falls_after_peak == 2 and p.peak_shown


def test_latest_edition_is_the_headline_and_nothing_is_averaged():
    f = mt(
        [
            year(2021, 20_000, edition="2022-01-01", tag="a"),
            year(2021, 24_000, edition="2023-01-01", tag="b"),
            year(2022, 10_000),
        ]
    )
    r = rows_of(f)
    head = r[r["headline"] & (r["year"] == 2021)]
    assert list(head["amount"]) == [24_000] and len(r[r["year"] == 2021]) == 2


def test_partial_multi_year_and_excluded_rows_are_not_headlines():
    f = mt(
        [
            year(2021, 20_000),
            year(2022, 3_000, end="2022-06-30", partial=True),
            year(2022, 90_000, excluded_reason="scope", tag="x"),
            {
                "fact_id": "cum",
                "provider": "P",
                "period_start": "2013-01-01",
                "period_end": "2022-12-31",
                "amount_m": 95_000,
            },
        ]
    )
    r = rows_of(f)
    assert "cum" not in set(r["fact_id"])
    assert list(r.loc[r["headline"], "year"]) == [2021]
    assert not r.loc[r["fact_id"] == "f2022x", "used"].iloc[0]


def test_cny_amount_is_usd_times_annual_rate():
    f = mt([year(2021, 1_000), year(2022, 6_800, currency="CNY", tag="c")])
    usd, cny = rows_of(f), rows_of(f, currency="CNY")
    assert cny.set_index("fact_id").loc["f2021", "amount"] == pytest.approx(6_500)
    assert usd.set_index("fact_id").loc["f2022c", "amount"] == pytest.approx(1_000)


def test_provider_range():
    f = mt([year(2021, 10_000), year(2021, 30_000, provider="Q", tag="q")])
    rng = D.provider_range(rows_of(f)).iloc[0]
    assert (rng.low, rng.high, rng.high_to_low, rng.providers) == (10_000, 30_000, 3, 2)


def test_concentration_two_largest_rounds():
    r = pd.DataFrame(
        {
            "round_id": list("abcd"),
            "year": [2024] * 4,
            "amount_usd_m": [1000.0, 600.0, 300.0, 100.0],
            "headline_source_id": ["s"] * 4,
        }
    )
    c = D.concentration(r, 2024)
    assert (
        c["top_usd_m"] == 1600
        and c["total_usd_m"] == 2000
        and c["share_pct"] == pytest.approx(80)
        and c["top_round_ids"] == ["a", "b"]
    )


@pytest.fixture(scope="module")
def real():
    return load_once(DATA, tables=["market_totals", "fx_rates"])


def test_real_data_cny_view_equals_usd_times_cited_rate(real):
    mtab, src, fx = real["market_totals"], real["sources"], real["fx_rates"]
    args = dict(scope="all_ai", providers=sorted(mtab["provider"].unique()), start_year=2016, end_year=2026)
    usd = D.yearly_rows(mtab, src, currency="USD", fx=fx, **args).set_index("fact_id")
    cny = D.yearly_rows(mtab, src, currency="CNY", fx=fx, **args).set_index("fact_id")
    rate = fx[fx["currency"] == "CNY"].set_index("period")["per_usd"]
    both = usd["amount"].notna() & (usd["price_basis"] == "current")
    assert both.sum() > 30
    # constant-dollar figures are never converted at a year's rate: shown in US dollars only
    assert cny.loc[usd.index[usd["price_basis"] != "current"], "amount"].isna().all()
    for fid in usd.index[both]:
        assert cny.loc[fid, "amount"] == pytest.approx(
            usd.loc[fid, "amount"] * rate[str(usd.loc[fid, "year"])], rel=1e-9
        )


def test_real_data_later_start_year_drops_years_and_keeps_peak(real):
    mtab, src, fx = real["market_totals"], real["sources"], real["fx_rates"]
    args = dict(scope="all_ai", providers=sorted(mtab["provider"].unique()), end_year=2026, currency="USD", fx=fx)
    full, late = D.yearly_rows(mtab, src, start_year=2016, **args), D.yearly_rows(mtab, src, start_year=2021, **args)
    assert late["year"].min() >= 2021 and full["year"].min() < 2021
    pf, pl = D.peak_and_decline(full).set_index("provider"), D.peak_and_decline(late).set_index("provider")
    assert pf.loc["PitchBook", "peak_year"] == pl.loc["PitchBook", "peak_year"] == 2021
    assert pf.loc["PitchBook", "peak_amount"] == pl.loc["PitchBook", "peak_amount"] == 24_900
    late2 = D.yearly_rows(mtab, src, start_year=2022, **args)
    assert (late2["year"] >= 2022).all()
    assert 2021 not in set(D.peak_and_decline(late2).get("peak_year", pd.Series(dtype=int)))


def test_peak_and_latest_alternatives_are_reported_not_hidden():
    f = mt(
        [
            year(2021, 25_000),
            year(2023, 5_000, tag="a", edition="2024-01-01"),
            year(2023, 7_000, tag="b", edition="2023-06-01"),
        ]
    )
    p = D.peak_and_decline(rows_of(f)).iloc[0]
    assert (
        p.latest_amount == 5_000 and [a for a, _, _ in p.latest_alternatives] == [7_000] and p.peak_alternatives == []
    )


def test_peak_needs_an_observed_year_on_both_sides():
    # Series starts at its maximum: 2018 has no observed year before it, so it is not shown as a peak.
    p = D.peak_and_decline(rows_of(mt([year(2018, 30_000), year(2019, 20_000), year(2020, 10_000)]))).iloc[0]
    assert (p.peak_year, bool(p.peak_shown), p.missing_years) == (2018, False, [2017])
    # Two points can never show a peak.
    assert not D.peak_and_decline(rows_of(mt([year(2020, 9_000), year(2021, 3_000)]))).iloc[0].peak_shown
    # A gap after the maximum (2022 missing) also leaves the peak unproven, and the gap is named.
    p = D.peak_and_decline(rows_of(mt([year(2020, 5_000), year(2021, 9_000), year(2023, 3_000)]))).iloc[0]
    assert (bool(p.peak_shown), p.missing_years) == (False, [2022])
    p = D.peak_and_decline(rows_of(mt([year(2020, 5_000), year(2021, 9_000), year(2022, 3_000)]))).iloc[0]
    assert (bool(p.peak_shown), p.missing_years) == (True, [])


def test_consecutive_falls_stop_at_a_rise_or_a_gap():
    # 2021 peak 25, 2022 15 (fall), 2023 18 (rise), 2024 5 (fall): one consecutive fall, not two.
    f = mt([year(2020, 10_000), year(2021, 25_000), year(2022, 15_000), year(2023, 18_000), year(2024, 5_000)])
    assert D.peak_and_decline(rows_of(f)).iloc[0].consecutive_falls_after_peak == 1
    # 2022 15, then a gap (no 2023), 2024 5: the gap stops the count at one.
    f = mt([year(2020, 10_000), year(2021, 25_000), year(2022, 15_000), year(2024, 5_000)])
    assert D.peak_and_decline(rows_of(f)).iloc[0].consecutive_falls_after_peak == 1


def test_latest_figure_keeps_its_qualifier():
    f = mt([year(2020, 10_000), year(2021, 25_000), year(2022, 15_000), year(2023, 2_000, qualifier="approx")])
    p = D.peak_and_decline(rows_of(f)).iloc[0]
    assert p.latest_qualifier == "approx" and p.peak_qualifier == "exact"


# ---------------------------------------------------------------- analysis rules added with analyse()
def test_range_compares_like_with_like_only():
    """P (venture) 10,000 and Q (venture) 30,000 in 2021 range 3x; R counts all equity (90,000): ranged alone,
    so no spread, and never 9x against P."""
    f = mt(
        [
            year(2021, 10_000),
            year(2021, 30_000, provider="Q", tag="q"),
            year(2021, 90_000, provider="R", tag="r", coverage="all_equity"),
        ]
    )
    rows = rows_of(f, providers=["P", "Q", "R"])
    rng = D.provider_range(rows).set_index("coverage")
    assert rng.loc["venture", "high_to_low"] == 3 and rng.loc["venture", "providers"] == 2
    assert rng.loc["all_equity", "providers"] == 1 and pd.isna(rng.loc["all_equity", "high_to_low"])
    only_pq = D.provider_range(rows, among=["P", "R"]).set_index("coverage")
    assert only_pq.loc["venture", "providers"] == 1 and pd.isna(only_pq.loc["venture", "high_to_low"])


def test_recent_change_takes_the_last_two_years_two_providers_share():
    """P: 2023 5,000 -> 2024 6,000 (up); Q: 2023 4,000 -> 2024 3,000 (down); only P has 2025.
    2024-2025 has one provider, so the pair is 2023 to 2024, one of two up."""
    f = mt(
        [
            year(2023, 5_000),
            year(2024, 6_000),
            year(2025, 7_000),
            year(2023, 4_000, provider="Q", tag="q"),
            year(2024, 3_000, provider="Q", tag="q"),
        ]
    )
    rc = D.recent_change(rows_of(f))
    assert (rc["from"], rc["to"], rc["up"], [p for p, _, _ in rc["pairs"]]) == (2023, 2024, ["P"], ["P", "Q"])
    assert D.recent_change(rows_of(mt([year(2023, 5_000), year(2024, 6_000)]))) is None


def test_floors_keep_headline_lower_bounds_but_not_the_latest_partial_year():
    """P: a 2024 half-year lower bound (kept), a 2024 exact half-year (not a floor), a 2026 quarter lower
    bound (the latest partial year after the last full year 2025: the answer's, so not a floor); Q is not a
    headline provider."""
    f = mt(
        [
            year(2025, 9_000),
            year(2024, 4_400, end="2024-07-01", partial=True, qualifier="lower_bound", tag="a"),
            year(2024, 4_200, end="2024-06-30", partial=True, tag="b"),
            year(2026, 1_000, end="2026-03-31", partial=True, qualifier="lower_bound", tag="c"),
            year(2024, 5_000, provider="Q", end="2024-06-30", partial=True, qualifier="lower_bound", tag="q"),
        ]
    )
    fl = D.floors(rows_of(f), ["P"])
    assert list(fl["fact_id"]) == ["f2024a"]


def test_peak_order_follows_the_headline_parameter():
    f = mt(
        [
            year(2020, 5_000),
            year(2021, 9_000),
            year(2022, 3_000),
            year(2020, 1_000, provider="Q", tag="q"),
            year(2021, 2_000, provider="Q", tag="q"),
            year(2022, 1_500, provider="Q", tag="q"),
        ]
    )
    assert list(D.peak_and_decline(rows_of(f), ["Q", "P"])["provider"]) == ["Q", "P"]
    assert list(D.peak_and_decline(rows_of(f), ["P"])["provider"]) == ["P", "Q"]


def test_top_rounds_claim_is_compared_only_with_periods_holding_both_rounds():
    """Two largest 2024 rounds: February 1,000 and July 700 (of 2,000 recorded). A first-half total does not
    contain the July round, so only the full-year total (5,000) is a denominator: 1,700 / 5,000 = 34%."""
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2"],
            "metric": ["top2_rounds_share_of_capital", "other"],
            "period": ["2024", "2024"],
            "source_id": ["s", "s"],
            "statement": ["x", "y"],
        }
    )
    ru = pd.DataFrame(
        {
            "round_id": ["a", "b", "c"],
            "year": [2024] * 3,
            "amount_usd_m": [1000.0, 700.0, 300.0],
            "announced": pd.to_datetime(["2024-02-10", "2024-07-20", "2024-03-01"]),
            "headline_source_id": ["s"] * 3,
        }
    )
    f = mt([year(2024, 5_000), year(2024, 3_000, end="2024-06-30", partial=True, tag="h")])
    t = D.top_rounds_check({"claims": claims}, ru, rows_of(f))
    assert t["year"] == 2024 and t["concentration"]["top_usd_m"] == 1700 and t["concentration"]["share_pct"] == 85
    assert list(t["denominators"]["fact_id"]) == ["f2024"] and list(t["not_containing"]["fact_id"]) == ["f2024h"]
    assert D.top_rounds_check({"claims": claims.iloc[1:]}, ru, rows_of(f)) is None


def test_analyse_on_the_real_data_matches_a_hand_count_of_the_csv():
    """PitchBook's 2021 full year is $24.9B (row mt-001); its 1 July 2024 figure ($4.4B, a lower bound) is a floor."""
    pkg = load_once(DATA, tables=list(D.TABLES))
    res = D.analyse(
        pkg,
        currency="USD",
        start_year=2016,
        end_year=2026,
        scope="all_ai",
        providers=sorted(pkg["market_totals"]["provider"].unique()),
        headline_providers=["PitchBook", "ITJuzi"],
    )
    pb = res.peaks.set_index("provider").loc["PitchBook"]
    assert (pb.peak_year, pb.peak_amount, pb.peak_source) == (2021, 24_900, "dragb-016")
    assert "mt-002" in set(res.floors["fact_id"])
    assert res.peaks.iloc[0]["provider"] == "PitchBook"


# ---------------------------------------------------------------- editions, regions, the world view
def test_a_peak_is_read_from_one_edition_never_spliced():
    """Edition A holds 2019 10, 2020 30, 2021 20 (three years); edition B holds 2021 25 and 2022 40, two
    years. The series is A's (most years): its peak is 2020 with 2019 and 2021 on both sides, latest 2021,
    a change of 20/30 - 1 = -33.3%. B's 40 in 2022 is higher, but splicing it onto A would move the peak."""
    f = mt(
        [
            year(2019, 10_000, edition_name="A", tag="a"),
            year(2020, 30_000, edition_name="A", tag="a"),
            year(2021, 20_000, edition_name="A", tag="a"),
            year(2021, 25_000, edition_name="B", tag="b"),
            year(2022, 40_000, edition_name="B", tag="b"),
        ]
    )
    r = rows_of(f)
    assert set(D.best_series(r, "P")["series"]) == {"A"}
    p = D.peak_and_decline(r).iloc[0]
    assert (p.series, p.spliced, p.peak_year, p.latest_year, p.peak_shown) == ("A", False, 2020, 2021, True)
    assert p.change_pct == pytest.approx(100 * (20 / 30 - 1))


def test_equal_editions_go_to_the_latest_and_single_year_editions_fall_back_to_spliced_headlines():
    f = mt(
        [
            year(2020, 10, edition="2021-01-01", edition_name="old", tag="a"),
            year(2021, 5, edition="2021-01-01", edition_name="old", tag="a"),
            year(2020, 12, edition="2022-01-01", edition_name="new", tag="b"),
            year(2021, 6, edition="2022-01-01", edition_name="new", tag="b"),
        ]
    )
    assert set(D.best_series(rows_of(f), "P")["series"]) == {"new"}
    g = mt([year(2021, 30, edition="2022-01-01", tag="a"), year(2023, 10, edition="2024-01-01", tag="b")])
    p = D.peak_and_decline(rows_of(g)).iloc[0]
    assert (p.spliced, p.peak_year, p.latest_year, p.peak_shown, p.missing_years) == (
        True,
        2021,
        2023,
        False,
        [2020, 2022],
    )


def test_the_change_is_computed_in_the_currency_the_provider_reports():
    """CN¥100B in 2020 and CN¥124B in 2021: +24% in yuan, whatever the dollar rates (7.0, then 6.5)."""
    f = mt([year(2020, 100_000, currency="CNY"), year(2021, 124_000, currency="CNY")])
    r = rows_of(f)
    assert r["amount"].tolist() == pytest.approx([100_000 / 7.0, 124_000 / 6.5])
    from helpers.analysis import figures as F
    from helpers.render.decline_view import original_change

    usd = [F.money(a) for a in r["amount"]]
    c = original_change(usd[1], usd[0], (124_000, "CNY"), (100_000, "CNY"))
    assert c.value == pytest.approx(24.0) and F.change(usd[1], usd[0]).value == pytest.approx(
        100 * (124 / 6.5 / (100 / 7.0) - 1)
    )


def test_only_china_regions_enter_the_series_and_constant_dollars_are_not_converted():
    f = mt(
        [
            year(2021, 100, region="mainland"),
            year(2021, 900, region="us", tag="u"),
            year(2022, 50, region="greater_china"),
            year(2022, 70, region="china_unstated", price_basis="constant 2021", tag="k"),
        ]
    )
    r = rows_of(f)
    assert sorted(r["fact_id"]) == ["f2021", "f2022", "f2022k"]
    cny = rows_of(f, currency="CNY").set_index("fact_id")
    assert cny.loc["f2022", "amount"] == pytest.approx(50 * 6.8) and pd.isna(cny.loc["f2022k", "amount"])


def test_world_view_shares_only_within_one_edition():
    """Edition E gives China 10 and the world 50 in 2021 (China 20% of the world) and China only in 2022
    (no share). Edition F gives the world in 2022 but no China: nothing is read across editions."""
    f = mt(
        [
            year(2021, 10, region="mainland", edition_name="E", tag="c"),
            year(2021, 50, region="world", edition_name="E", tag="w"),
            year(2021, 30, region="us", edition_name="E", tag="u"),
            year(2022, 8, region="mainland", edition_name="E", tag="c"),
            year(2022, 60, region="world", edition_name="F", tag="w"),
        ]
    )
    w = D.world_view(f, SOURCES, scope="all_ai", start_year=2016, end_year=2026, currency="USD", fx=FX)
    assert list(zip(w["series"], w["year"])) == [("E", 2021)]
    row = w.iloc[0]
    assert (row["china"], row["us"], row["world"], row["china_share_pct"]) == (10, 30, 50, pytest.approx(20.0))


def test_recent_change_reads_both_years_inside_one_edition():
    """P has 2024 and 2025 in edition X (100 -> 120: up); Q's 2024 and 2025 are in different editions, so Q
    has no pair. With headline providers [P, Q] the one pair is P's; without a list two pairs are needed."""
    f = mt(
        [
            year(2024, 100, edition_name="X", tag="x"),
            year(2025, 120, edition_name="X", tag="x"),
            year(2024, 50, provider="Q", edition_name="Y", tag="q"),
            year(2025, 40, provider="Q", edition_name="Z", tag="q"),
        ]
    )
    r = rows_of(f)
    rc = D.recent_change(r, ["P", "Q"])
    assert (rc["from"], rc["to"], [p for p, _, _ in rc["pairs"]], rc["up"]) == (2024, 2025, ["P"], ["P"])
    assert D.recent_change(r) is None


def test_vintages_take_the_provider_with_most_editions():
    f = mt(
        [
            year(2021, 17, edition_name="E22", tag="a"),
            year(2021, 26, edition_name="E25", tag="b"),
            year(2022, 15, edition_name="E25", tag="b"),
            year(2021, 5, provider="Q", edition_name="only", tag="q"),
        ]
    )
    v = D.vintages(rows_of(f), ["P", "Q"])
    assert set(v["provider"]) == {"P"} and sorted(v["series"]) == ["E22", "E25", "E25"]


def test_an_approximate_latest_figure_keeps_its_mark_and_makes_the_change_approximate():
    """2020 10, 2021 25, 2022 ~5 (approximate) in one edition: "~$5.0B", and the change 5/25 - 1 = -80%
    is approximate too: "down ~80%"."""
    from helpers.render.decline_view import peak_finding
    from helpers.render import report

    f = mt(
        [
            year(2020, 10_000, edition_name="E"),
            year(2021, 25_000, edition_name="E"),
            year(2022, 5_000, qualifier="approx", edition_name="E"),
        ]
    )
    pk = next(D.peak_and_decline(rows_of(f)).itertuples())
    template, values = peak_finding(pk, "USD")
    cite = report.Citations(
        pd.DataFrame(
            {"source_id": ["s"], "publisher": ["P"], "title": ["T"], "url": ["https://x"], "published": [pd.NaT]}
        )
    )
    _, plain = report.sentence(template, cite, **values)
    assert (
        "in 2022 it was ~$5.0B, down ~80% from that peak" in plain and "peaked in 2021 at $25B" in plain
    )  # 10-99 shown without ".0"


def test_coverage_names_the_years_no_edition_gives_and_genai_is_a_share_of_the_same_edition():
    """P holds 2019-2021 in edition A and 2023 in B: from 2019 to 2023 the only gap is 2022. Edition A
    also gives generative AI for 2021 (5 of 20: 25%, the rest 15) and B for 2023 (10 of 40: 25%, the rest
    30); edition C's generative figure has no all-AI figure in C, so it is left out."""
    f = mt(
        [
            year(2019, 10, edition_name="A", tag="a"),
            year(2020, 12, edition_name="A", tag="a"),
            year(2021, 20, edition_name="A", tag="a"),
            year(2023, 40, edition_name="B", tag="b"),
            year(2021, 5, edition_name="A", scope="generative_ai", tag="g"),
            year(2023, 10, edition_name="B", scope="generative_ai", tag="h"),
            year(2022, 3, edition_name="C", scope="generative_ai", tag="i"),
        ]
    )
    c = D.coverage(rows_of(f), ["P"], 2019, 2023)
    assert (
        list(c["edition"]) == ["A", "B"]
        and list(c["years"]) == [[2019, 2020, 2021], [2023]]
        and c["gaps"].iloc[0] == [2022]
    )
    g = D.genai_split(f, SOURCES, start_year=2016, end_year=2026, currency="USD", fx=FX)
    assert list(zip(g["series"], g["year"], g["rest"], g["share_pct"])) == [
        ("A", 2021, 15, 25.0),
        ("B", 2023, 30, 25.0),
    ]


def test_constant_and_current_dollars_are_never_ranged_together():
    """2021, private: P counts 20 in current dollars, Q 10 in constant 2021 dollars: two groups of one, no
    spread; a third provider R at 40 current dollars ranges with P only: 2x."""
    f = mt(
        [
            year(2021, 20, coverage="private"),
            year(2021, 10, coverage="private", provider="Q", price_basis="constant 2021"),
            year(2021, 40, coverage="private", provider="R"),
        ]
    )
    r = D.yearly_rows(
        f, SOURCES, scope="all_ai", providers=["P", "Q", "R"], start_year=2016, end_year=2026, currency="USD", fx=FX
    )
    s = D.provider_range(r).set_index("price_basis")
    assert s.loc["current", "high_to_low"] == pytest.approx(2.0) and s.loc["current", "providers"] == 2
    assert s.loc["constant 2021", "providers"] == 1 and pd.isna(s.loc["constant 2021", "high_to_low"])


def test_newly_funded_companies_are_their_own_series_never_deal_counts():
    """Edition E counts 260 new companies in China in 2021 and 109 in 2024 (count_kind companies), and a
    2021 deal count of 500: the company counts leave the deal rows and form their own table; an excluded
    company count stays out of it."""
    f = mt(
        [
            year(2021, 20, deal_count=500, edition_name="E"),
            year(2021, None, deal_count=260, count_kind="companies", region="mainland", edition_name="E", tag="c"),
            year(2024, None, deal_count=109, count_kind="companies", region="mainland", edition_name="E", tag="c"),
            year(
                2024,
                None,
                deal_count=98,
                count_kind="companies",
                region="mainland",
                edition_name="E",
                tag="x",
                excluded_reason="another chart of the edition",
            ),
        ]
    )
    r = rows_of(f)
    assert list(r["deal_count"]) == [500]
    c = D.new_companies(f, 2016, 2026)
    assert list(zip(c["year"], c["companies"])) == [(2021, 260), (2024, 109)]
