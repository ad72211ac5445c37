"""Parameter checks name the parameter and what is allowed."""

import pytest

from helpers.analysis import params as P


def test_data_dir_missing(tmp_path):
    with pytest.raises(P.ParameterError, match=r"parameter data_dir=.*existing data folder"):
        P.data_dir(tmp_path / "nope")


def test_choice_lists_allowed_values():
    with pytest.raises(P.ParameterError, match=r"parameter investor='nobody' is not allowed: one of alibaba, tencent"):
        P.choice("investor", "nobody", ["alibaba", "tencent"])


def test_year_range_order():
    assert P.year_range(2016, 2026) == (2016, 2026)
    with pytest.raises(P.ParameterError, match=r"start_year=2025 .*no later than end_year=2020"):
        P.year_range(2025, 2020)


@pytest.mark.parametrize("value", [1.5, -0.1, "half", True])
def test_share_outside_unit_interval(value):
    with pytest.raises(P.ParameterError, match=r"parameter credit_share="):
        P.number("credit_share", value, lo=0, hi=1)


def test_positive_price():
    with pytest.raises(P.ParameterError, match=r"gpu_hour_usd=0 .*above 0"):
        P.number("gpu_hour_usd", 0, lo=0, lo_open=True)
    assert P.number("gpu_hour_usd", 2.5, lo=0, lo_open=True) == 2.5


def test_choices_all_and_unknown():
    assert P.choices("providers", "all", ["A", "B"]) == ["A", "B"]
    with pytest.raises(P.ParameterError, match=r"unknown: \['C'\]"):
        P.choices("providers", ["A", "C"], ["A", "B"])


def test_date():
    with pytest.raises(P.ParameterError, match="YYYY-MM-DD"):
        P.date("since", "last year")


def test_optional_number_passes_none_and_checks_numbers():
    assert P.optional_number("credit_share", None, lo=0, hi=1) is None
    assert P.optional_number("credit_share", 0.5, lo=0, hi=1) == 0.5
    with pytest.raises(P.ParameterError, match="credit_share"):
        P.optional_number("credit_share", 1.5, lo=0, hi=1)


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: P.choice("currency", "GBP", ["USD", "CNY"]),
            "parameter currency='GBP' is not allowed: one of USD, CNY",
        ),
        (
            lambda: P.choices("providers", ["X"], ["A", "B"]),
            "parameter providers=['X'] is not allowed: a list drawn from A, B (unknown: ['X'])",
        ),
        (
            lambda: P.choices("providers", [], ["A", "B"]),
            "parameter providers=[] is not allowed: a list drawn from A, B (not empty)",
        ),
        (
            lambda: P.year("start_year", 1999),
            "parameter start_year=1999 is not allowed: a whole year from 2000 to 2100",
        ),
        (lambda: P.year("end_year", 2101), "parameter end_year=2101 is not allowed: a whole year from 2000 to 2100"),
        (
            lambda: P.year_range(2020, 2019),
            "parameter start_year=2020 is not allowed: a year no later than end_year=2019",
        ),
        (lambda: P.year_range(2020, 1990), "parameter end_year=1990 is not allowed: a whole year from 2000 to 2100"),
        (lambda: P.number("x", "1"), "parameter x='1' is not allowed: a number"),
        (lambda: P.number("x", float("nan")), "parameter x=nan is not allowed: a number"),
        (lambda: P.number("x", 0, lo=0, lo_open=True), "parameter x=0 is not allowed: a number above 0"),
        (lambda: P.number("x", -1, lo=0, hi=1), "parameter x=-1 is not allowed: a number at least 0 and at most 1"),
        (
            lambda: P.number("x", 2, lo=0, hi=1, lo_open=True),
            "parameter x=2 is not allowed: a number at most 1 and above 0",
        ),
        (lambda: P.number("x", 2, lo=0, hi=1), "parameter x=2 is not allowed: a number at most 1 and at least 0"),
        (lambda: P.number("x", 2, hi=1), "parameter x=2 is not allowed: a number at most 1"),
        (lambda: P.optional_number("x", -1, lo=0), "parameter x=-1 is not allowed: a number at least 0"),
        (
            lambda: P.date("as_of", "2024-13-01"),
            "parameter as_of='2024-13-01' is not allowed: a date written YYYY-MM-DD",
        ),
    ],
)
def test_each_failure_names_parameter_value_and_what_is_allowed(call, message):
    with pytest.raises(P.ParameterError) as e:
        call()
    assert str(e.value) == message


def test_year_bounds_are_inclusive_and_lists_come_back_as_lists():
    assert (P.year("y", 2000), P.year("y", 2100)) == (2000, 2100)
    assert P.year_range(2021, 2021) == (2021, 2021)
    assert P.choices("p", ("A",), ["A", "B"]) == ["A"] and P.choices("p", "B", ["A", "B"]) == ["B"]
    assert P.choices("p", "all", ["A", "B"]) == ["A", "B"] and P.choices("p", None, ["A"]) == ["A"]
    assert P.number("x", 1, lo=0, hi=1) == 1.0 and P.number("x", 0, lo=0) == 0.0
    assert P.optional_number("x", None, lo=0) is None and P.optional_number("x", 3, lo=0) == 3.0
    assert P.date("d", "2024-02-29").isoformat() == "2024-02-29"


def test_data_dir_messages(tmp_path):
    with pytest.raises(P.ParameterError) as e:
        P.data_dir(str(tmp_path / "nowhere"))
    assert str(e.value).startswith(
        f"parameter data_dir={str(tmp_path / 'nowhere')!r} is not allowed: an existing data folder"
    )
    with pytest.raises(P.ParameterError) as e:
        P.data_dir(str(tmp_path))
    assert f"a folder holding datapackage.json; {tmp_path.resolve()} has none" in str(e.value)
    (tmp_path / "datapackage.json").write_text("{}")
    assert P.data_dir(str(tmp_path)) == tmp_path
