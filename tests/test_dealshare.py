"""Deal-share figures on the hand-made mini package (answers worked out in conftest.mini_tables' docstring)."""
import math

import pandas as pd
import pytest

from helpers.analysis import rounds as round_universe

from helpers.analysis import dealshare as DS
from helpers import load_package


@pytest.fixture
def setup(mini):
    pkg = load_package(mini)
    rounds = round_universe.in_usd(pkg, pkg["fx_rates"], pd.Timestamp("2019-01-01"))
    llm = rounds[rounds["segment"] == "foundation_model"]
    return pkg, rounds, llm


def test_subsidiary_rolls_up_to_its_group(setup):
    pkg, rounds, llm = setup
    groups = DS.group_of(pkg["investors"])
    assert groups["alibaba-cloud"] == "alibaba" and groups["tencent-investment"] == "tencent" and groups["vc1"] == "vc1"
    g = DS.participants(pkg, "group")
    assert set(llm[DS.joined(llm, g, "alibaba").to_numpy()]["round_id"]) == {"r1", "r2", "r4"}
    e = DS.participants(pkg, "entity")
    assert set(llm[DS.joined(llm, e, "alibaba").to_numpy()]["round_id"]) == {"r2"}


def test_share_by_year_at_group_level(setup):
    pkg, rounds, llm = setup
    s = DS.share_by_year(llm, DS.participants(pkg, "group"), "alibaba").set_index("year")
    # 2023: r1 100 of 100. 2024: r2 (700 CNY / 7.0 = 100) + r4 (floor 300) = 400 of 600 (r3 undisclosed, r6 200).
    assert s.loc[2023, "capital_usd_m"] == 100 and s.loc[2023, "share_pct"] == 100
    assert s.loc[2024, "rounds"] == 4 and s.loc[2024, "rounds_joined"] == 2
    assert s.loc[2024, "capital_usd_m"] == pytest.approx(600) and s.loc[2024, "capital_joined_usd_m"] == pytest.approx(400)
    assert s.loc[2024, "share_pct"] == pytest.approx(200 / 3)
    assert s.loc[2024, "undisclosed"] == 1 and s.loc[2024, "lower_bounds"] == 1


def test_share_by_year_at_entity_level(setup):
    pkg, rounds, llm = setup
    s = DS.share_by_year(llm, DS.participants(pkg, "entity"), "alibaba").set_index("year")
    assert s.loc[2023, "share_pct"] == 0 and s.loc[2024, "share_pct"] == pytest.approx(100 / 6)


def test_coinvestment_of_the_two_groups(setup):
    pkg, rounds, llm = setup
    assert set(DS.coinvestments(rounds, DS.participants(pkg, "group"), "alibaba", "tencent")["round_id"]) == {"r2", "r4"}
    assert set(DS.coinvestments(rounds, DS.participants(pkg, "entity"), "alibaba", "tencent")["round_id"]) == {"r2"}


def test_investor_with_no_rounds(setup):
    pkg, rounds, llm = setup
    s = DS.share_by_year(llm, DS.participants(pkg, "group"), "baidu")
    assert s["rounds_joined"].sum() == 0 and s["capital_joined_usd_m"].sum() == 0
    assert DS.stake_outcomes(pkg, rounds, DS.participants(pkg, "group"), "baidu", DS.group_of(pkg["investors"]), "group").empty


def test_matrix_counts_rounds_joined(setup):
    pkg, rounds, llm = setup
    m = DS.matrix(rounds, DS.participants(pkg, "group"), ["c1", "c2"], ["alibaba", "tencent", "baidu"])
    assert m.loc["alibaba"].tolist() == [2, 1] and m.loc["tencent"].tolist() == [1, 2] and m.loc["baidu"].tolist() == [0, 0]


def test_capital_by_kind_overlaps(setup):
    pkg, rounds, llm = setup
    k = DS.capital_by_kind(rounds, DS.participants(pkg, "group"))
    # 2024 big tech: r2 100 + r4 300 (r3 undisclosed); state fund: r5 50; vc_usd: r6 200.
    assert k.loc[2024, "big_tech"] == pytest.approx(400) and k.loc[2024, "state_fund"] == 50 and k.loc[2024, "vc_usd"] == 200
    assert k.loc[2023, "big_tech"] == 100 and k.loc[2023, "vc_usd"] == 100


def test_stake_outcomes_entry_and_last_valuation(setup):
    pkg, rounds, llm = setup
    out = DS.stake_outcomes(pkg, rounds, DS.participants(pkg, "group"), "alibaba", DS.group_of(pkg["investors"]), "group").set_index("company_id")
    assert out.loc["c1", "entry_valuation_usd_m"] == 500 and out.loc["c1", "last_private_valuation_usd_m"] == 2000
    assert math.isnan(out.loc["c2", "entry_valuation_usd_m"])


def test_paper_value_and_recomputed_share():
    assert DS.paper_value(36, 10_000) == pytest.approx(3600)
    assert math.isnan(DS.paper_value(float("nan"), 1))
    assert DS.recomputed_share(12, 30) == pytest.approx(40)
    assert math.isnan(DS.recomputed_share(3, 0))
