"""Findings: a template and its values are checked against each other when the finding is made."""

import pytest

from helpers.analysis import figures as F
from helpers.analysis.findings import Finding, FindingError, checked, finding, slots


def test_slots_in_order_with_repeats():
    assert slots("{a} rose to {b!p}; {a} again") == ["a", "b", "a"]
    assert slots("no slots") == []


def test_a_finding_keeps_its_figures_and_unpacks_as_a_pair():
    peak = F.money(24900, grade="data_provider")
    f = finding("{who} peaked at {peak} in {year}", {"who": "PitchBook", "peak": peak, "year": 2021})
    template, values = f
    assert isinstance(f, Finding) and template.startswith("{who}") and values["year"] == 2021
    assert f.figures == {"peak": peak}


def test_every_problem_is_named_at_once():
    with pytest.raises(FindingError) as e:
        finding("{a} and {b}", {"a": 1, "c": 2})
    assert "slots without a value: b" in str(e.value) and "values without a slot: c" in str(e.value)


def test_checked_turns_a_views_pairs_into_findings_and_rejects_a_broken_one():
    @checked
    def good():
        return [("{x} rounds", {"x": 3})]

    @checked
    def bad():
        return [("{x} rounds in {y}", {"x": 3})]

    assert good() == [Finding("{x} rounds", {"x": 3})] and good.__name__ == "good"
    with pytest.raises(FindingError, match="slots without a value: y"):
        bad()
