"""Deal-share figures on the hand-made mini package (answers worked out in conftest.mini_tables' docstring)."""

import pandas as pd
import pytest

from conftest import load_once

from helpers.analysis import rounds as round_universe

from helpers.analysis import dealshare as DS


@pytest.fixture
def setup(mini):
    pkg = load_once(mini)
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
