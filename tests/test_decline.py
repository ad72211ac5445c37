"""Decline figures: hand-made rows for the rules, the real data for conversion and parameter effects."""
import pandas as pd
import pytest

from conftest import DATA
from helpers import decline as D
from helpers import load_package

FX = pd.DataFrame({"period": ["2020", "2021", "2022", "2023", "2021-05"], "currency": ["CNY"] * 5, "per_usd": [7.0, 6.5, 6.8, 7.1, 6.4]})


def mt(rows):
    base = {"scope": "all_ai", "segment": "all", "coverage": "venture", "currency": "USD", "qualifier": "exact", "deal_count": pd.NA,
            "excluded_reason": pd.NA, "edition": pd.NaT, "partial": False, "source_id": "s"}
    df = pd.DataFrame([{**base, **r} for r in rows])
    for c in ("period_start", "period_end", "edition"):
        df[c] = pd.to_datetime(df[c])
    df["deal_count"] = df["deal_count"].astype("Int64")
    return df


SOURCES = pd.DataFrame({"source_id": ["s"], "published": pd.to_datetime(["2024-01-01"])})


def year(y, amount, **kw):
    return {"fact_id": f"f{y}{kw.get('tag', '')}", "provider": kw.pop("provider", "P"), "period_start": f"{y}-01-01",
            "period_end": kw.pop("end", f"{y}-12-31"), "amount_m": amount, **{k: v for k, v in kw.items() if k != "tag"}}


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
    f = mt([year(2021, 20_000, edition="2022-01-01", tag="a"), year(2021, 24_000, edition="2023-01-01", tag="b"), year(2022, 10_000)])
    r = rows_of(f)
    head = r[r["headline"] & (r["year"] == 2021)]
    assert list(head["amount"]) == [24_000] and len(r[r["year"] == 2021]) == 2


def test_partial_multi_year_and_excluded_rows_are_not_headlines():
    f = mt([year(2021, 20_000), year(2022, 3_000, end="2022-06-30", partial=True), year(2022, 90_000, excluded_reason="scope", tag="x"),
            {"fact_id": "cum", "provider": "P", "period_start": "2013-01-01", "period_end": "2022-12-31", "amount_m": 95_000}])
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
    r = pd.DataFrame({"round_id": list("abcd"), "year": [2024] * 4, "amount_usd_m": [1000.0, 600.0, 300.0, 100.0], "headline_source_id": ["s"] * 4})
    c = D.concentration(r, 2024)
    assert c["top_usd_m"] == 1600 and c["total_usd_m"] == 2000 and c["share_pct"] == pytest.approx(80) and c["top_round_ids"] == ["a", "b"]


@pytest.fixture(scope="module")
def real():
    return load_package(DATA, tables=["market_totals", "fx_rates"])


def test_real_data_cny_view_equals_usd_times_cited_rate(real):
    mtab, src, fx = real["market_totals"], real["sources"], real["fx_rates"]
    args = dict(scope="all_ai", providers=sorted(mtab["provider"].unique()), start_year=2016, end_year=2026)
    usd = D.yearly_rows(mtab, src, currency="USD", fx=fx, **args).set_index("fact_id")
    cny = D.yearly_rows(mtab, src, currency="CNY", fx=fx, **args).set_index("fact_id")
    rate = fx[fx["currency"] == "CNY"].set_index("period")["per_usd"]
    both = usd["amount"].notna()
    assert both.sum() > 30
    for fid in usd.index[both]:
        assert cny.loc[fid, "amount"] == pytest.approx(usd.loc[fid, "amount"] * rate[str(usd.loc[fid, "year"])], rel=1e-9)


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
    f = mt([year(2021, 25_000), year(2023, 5_000, tag="a", edition="2024-01-01"), year(2023, 7_000, tag="b", edition="2023-06-01")])
    p = D.peak_and_decline(rows_of(f)).iloc[0]
    assert p.latest_amount == 5_000 and [a for a, _, _ in p.latest_alternatives] == [7_000] and p.peak_alternatives == []


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


def test_series_lines_join_consecutive_years_only():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from helpers import charts
    f = mt([year(2020, 5_000), year(2021, 9_000), year(2024, 3_000), year(2025, 4_000)])
    rows = rows_of(f)
    fig, ax = plt.subplots()
    D._plot_provider(ax, rows, "amount", 1000, "#000", charts.Marks("t"), lambda r: "x", type("C", (), {"sources": SOURCES.set_index("source_id").assign(publisher="P")})(), "P")
    lines = [l for l in ax.get_lines() if len(l.get_xdata()) > 1]
    assert [list(map(int, l.get_xdata())) for l in lines] == [[2020, 2021], [2024, 2025]]  # no line across 2022-2023
    plt.close(fig)
