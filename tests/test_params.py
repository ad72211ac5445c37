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
