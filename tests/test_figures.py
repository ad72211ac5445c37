"""The one formatter and the qualifier rules, at their boundaries. Expected texts are worked by hand."""

from __future__ import annotations

import pytest

from helpers.analysis import figures as F
from helpers.analysis.figures import Figure, fmt


@pytest.mark.parametrize(
    "value_m, currency, q, expected",
    [
        (24900, "USD", "exact", "$24.9B"),
        (4400, "USD", "exact", "$4.4B"),
        (999.96, "USD", "exact", "$1.0B"),  # rounds up into billions, never "$1,000M"
        (999.4, "USD", "exact", "$999M"),
        (1000, "USD", "exact", "$1.0B"),
        (0.11, "CNY", "exact", "CN¥110k"),  # CN¥110,000, not "CN¥0M"
        (30, "USD", "exact", "$30M"),
        (7.5, "USD", "exact", "$7.5M"),
        (12.5, "USD", "exact", "$12.5M"),
        (120000, "USD", "exact", "$120B"),
        (2000, "USD", "approx", "~$2.0B"),
        (300, "USD", "lower_bound", "≥$300M"),
        (50, "HKD", "upper_bound", "≤HK$50M"),
        (-1500, "USD", "exact", "−$1.5B"),  # a fall, not "$-1.5B"
        (0, "USD", "exact", "$0"),
        (None, "USD", "exact", "not disclosed"),
        (1_500_000, "USD", "exact", "$1.5T"),
        (800, "EUR", "exact", "€800M"),
        (10, "JPY", "exact", "JPY 10M"),
    ],
)
def test_money_boundaries(value_m, currency, q, expected):
    assert fmt(F.money(value_m, currency, q)) == expected


def test_money_per_unit_and_range_keep_both_ends():
    rate = Figure(2.0, "money", "USD", "range", high=2.5, scale=1, per="an hour")
    assert fmt(rate) == "$2.00–2.50 an hour"  # a unit price to the cent, not "USD 2–2"
    assert fmt(Figure(116.2, "money", "HKD", scale=1, per="a share")) == "HK$116.20 a share"
    assert fmt(Figure(999.994, "money", "USD", "approx", scale=1, per="a share")) == "~$999.99 a share"
    assert fmt(Figure(800, "money", "USD", "range", high=1200)) == "$800M–1.2B"
    assert fmt(Figure(75_000, "money", "CNY", scale=1, per="a month")) == "CN¥75k a month"


@pytest.mark.parametrize(
    "value, style, expected",
    [
        (37.0, "table", "37%"),
        (37.5, "table", "38%"),
        (7.25, "table", "7.2%"),
        (0.4, "table", "0.4%"),
        (0.04, "table", "0.04%"),
        (-71.2, "table", "−71%"),
        (-71.2, "prose", "down 71%"),
        (5, "prose", "up 5.0%"),
        (0, "prose", "unchanged"),
        (-0.01, "table", "0.01%".replace("0.01", "−0.01")),
    ],
)
def test_percent_boundaries(value, style, expected):
    assert fmt(F.percent(value), style) == expected


def test_change_range_in_prose_reads_as_a_fall():
    assert fmt(Figure(-80, "percent", qualifier="range", high=-60), "prose") == "down 60–80%"


def test_approx_and_bounds_keep_their_marks_in_prose():
    assert fmt(F.percent(-71, "approx"), "prose") == "down ~71%"
    assert fmt(F.count(1411)) == "1,411"
    assert fmt(F.count(372, "approx")) == "~372"


def test_bad_figures_are_refused():
    with pytest.raises(F.FigureError, match="qualifier"):
        F.money(1, "USD", "roughly")
    with pytest.raises(F.FigureError, match="both ends"):
        Figure(3, "money", "USD", "range")
    with pytest.raises(F.FigureError, match="currency"):
        Figure(3, "money")


# ---------------------------------------------------------------- qualifier rules
def m(v, q="exact", **kw):
    return F.money(v, "USD", q, **kw)


def test_sum_rules():
    assert F.total([m(1), m(2)]).qualifier == "exact" and F.total([m(1), m(2)]).value == 3
    s = F.total([m(100), m(300, "lower_bound")])
    assert (s.value, s.qualifier) == (400, "lower_bound")
    assert F.total([m(100), m(30, "upper_bound")]).qualifier == "upper_bound"
    a = F.total([m(100), m(50, "approx"), m(300, "lower_bound")])
    assert (a.value, a.qualifier, a.unbounded) == (450, "approx", False)
    lu = F.total([m(100, "lower_bound"), m(50, "upper_bound")])
    assert (lu.qualifier, lu.unbounded) == ("approx", True)
    assert fmt(lu) == "~$150M"
    r = F.total([m(100), Figure(200, "money", "USD", "range", high=250)])
    assert (r.value, r.high, r.qualifier) == (300, 350, "range")
    assert F.total([m(1, sources=("a",)), m(None, sources=("b",)), m(2, sources=("a", "c"))]).sources == ("a", "c")


def test_sum_refuses_mixed_currencies():
    with pytest.raises(F.FigureError, match="different"):
        F.total([m(1), F.money(1, "CNY")])


def test_empty_sum_is_zero_in_the_named_unit():
    z = F.total([], unit="money", currency="USD")
    assert (z.value, z.currency, fmt(z)) == (0.0, "USD", "$0")


@pytest.mark.parametrize(
    "qn, qd, expected",
    [
        ("exact", "exact", ("exact", False)),
        ("approx", "exact", ("approx", False)),
        ("exact", "approx", ("approx", False)),
        ("lower_bound", "exact", ("lower_bound", False)),
        ("exact", "lower_bound", ("upper_bound", False)),  # a bigger denominator can only shrink the share
        ("upper_bound", "exact", ("upper_bound", False)),
        ("exact", "upper_bound", ("lower_bound", False)),
        ("lower_bound", "lower_bound", ("approx", True)),  # bounds on both sides: no bound at all
        ("lower_bound", "upper_bound", ("approx", True)),
    ],
)
def test_ratio_rules(qn, qd, expected):
    assert F.ratio_qualifier(m(1, qn), m(2, qd)) == expected


def test_share_and_change_values():
    s = F.share(m(300, "lower_bound"), m(1200))
    assert (s.value, s.qualifier, fmt(s)) == (25.0, "lower_bound", "≥25%")
    c = F.change(m(3500), m(17000))
    assert round(c.value, 2) == round(100 * (3500 / 17000 - 1), 2) and fmt(c, "prose") == "down 79%"
    assert fmt(F.change(m(2000, "approx"), m(7000)), "prose") == "down ~71%"
    both = F.share(m(10, "lower_bound"), m(40, "lower_bound"))
    assert fmt(both) == "~25%" and both.unbounded
    rng = F.share(Figure(300, "money", "USD", "range", high=400), m(800))
    assert (rng.value, rng.high, fmt(rng)) == (37.5, 50.0, "38–50%")
    assert F.share(m(1), m(0)).missing and F.share(m(1), m(None)).missing


def test_grade_words_and_rank():
    assert F.grade_words("media_unnamed") == "media report"
    assert (
        F.GRADE_RANK["official"]
        < F.GRADE_RANK["data_provider"]
        < F.GRADE_RANK["media_unnamed"]
        < F.GRADE_RANK["rumour"]
    )
    assert set(F.GRADE_PLURAL) == set(F.GRADE_WORDS)


def test_derived_figures_carry_the_grade_of_their_inputs():
    """Worked by hand: two filed rounds sum to a filed total; add a press-reported round and the total,
    and any share of it, is graded by its weakest input (media report) and flagged as mixed. An input
    with no grade does not count; a grade the caller names wins."""
    filed = [m(10, grade="official"), m(20, grade="official")]
    t = F.total(filed)
    assert (t.grade, t.grade_mixed, F.grade_note(t)) == ("official", False, "company filing or statement")
    mixed = F.total(filed + [m(5, grade="media_unnamed"), m(1)])
    assert (mixed.value, mixed.grade, mixed.grade_mixed) == (36.0, "media_unnamed", True)
    assert F.grade_note(mixed) == "partly media reports"
    s = F.share(t, mixed)
    assert (s.grade, s.grade_mixed) == ("media_unnamed", True)  # mixedness is inherited too
    c = F.change(m(7, grade="data_provider"), m(25, grade="data_provider"))
    assert (c.grade, c.grade_mixed, F.grade_note(c)) == ("data_provider", False, "data provider")
    assert F.change(m(7, grade="rumour"), m(25, grade="official")).grade == "rumour"
    assert F.total(filed, grade="registry").grade == "registry"
    assert F.grade_note(m(5)) == "" and F.grade_note(m(5, grade="nan")) == ""
    assert F.total([m(1), m(2)]).grade == ""


def test_change_edges():
    assert F.change(m(None), m(10)).missing and F.change(m(10), m(None)).missing and F.change(m(10), m(0)).missing
    c = F.change(m(50, sources=("new",)), m(100, sources=("old",)), period="2024")
    assert (c.value, c.unit, c.qualifier, c.sources, c.period) == (-50.0, "percent", "exact", ("new", "old"), "2024")
    r = F.change(Figure(60, "money", "USD", "range", high=80), m(100))
    assert (r.value, r.high, r.qualifier) == (-40.0, pytest.approx(-20.0), "range")
    assert fmt(r, "prose") == "down 20–40%"
    up = F.change(m(150), m(100, "lower_bound"))
    assert (up.value, up.qualifier) == (50.0, "upper_bound")  # a bigger old value can only shrink the rise
    assert F.change(m(150, "approx"), m(100)).qualifier == "approx"


def test_share_edges():
    s = F.share(m(25, sources=("a",)), m(100, sources=("b",)), href="#t")
    assert (s.value, s.unit, s.sources, s.href) == (25.0, "percent", ("a", "b"), "#t")
    with pytest.raises(F.FigureError, match="unlike"):
        F.share(F.money(1, "USD"), F.money(2, "CNY"))
    assert F.share(m(0), m(100)).value == 0.0 and fmt(F.share(m(0), m(100))) == "0%"


def test_constructors_keep_qualifier_and_missing():
    assert F.percent(None).missing and F.count("x").missing and F.money(float("nan")).missing
    assert F.percent(5, None).qualifier == "exact" and F.count(3, "approx").qualifier == "approx"
    assert F.money(5, "USD", float("nan")).qualifier == "exact"
    assert F.money(1, "USD", sources=("a", "", "a", "b")).sources == ("a", "b")


@pytest.mark.parametrize(
    "values,quals",
    [
        ([100, 300, None], ["exact", "lower_bound", None]),  # a floor makes a floor; a missing amount is skipped
        ([100, 50], ["exact", "exact"]),
        ([100, 50, 20], ["upper_bound", "exact", "lower_bound"]),  # bounds both ways: approximate, unbounded
        ([100, 50], ["approx", "lower_bound"]),
        ([10, 20], ["", "upper_bound"]),  # an empty qualifier reads as exact
        ([None, None], ["exact", "approx"]),  # nothing disclosed: zero
        ([], []),
    ],
)
def test_money_total_from_columns_equals_total_of_figures(values, quals):
    srcs = [f"s{i % 2}" for i in range(len(values))]
    grades = ["official", "media_unnamed", "rumour"][: len(values)] + ["official"] * max(0, len(values) - 3)
    figs = [F.money(v, "USD", q, sources=(s,), grade=g) for v, q, s, g in zip(values, quals, srcs, grades)]
    assert F.money_total(values, quals, srcs, grades, href="#t") == F.total(
        figs, unit="money", currency="USD", href="#t"
    )


def test_money_total_by_hand():
    t = F.money_total(
        [100, 300, None], ["exact", "lower_bound", "exact"], ["a", "b", "c"], ["official", "rumour", "official"]
    )
    # 100 + 300 = 400, a floor; source c's amount is missing, so c is not a source; grades official and rumour
    assert (t.value, t.qualifier, t.sources, t.grade, t.grade_mixed) == (400, "lower_bound", ("a", "b"), "rumour", True)
