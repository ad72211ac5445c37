"""Deal share v2: the headline universe, its share Figures, co-investment and stake precedence.

The fixture extends the mini package (conftest.mini_tables). Rounds, in USD (CNY at 7.0):
  r1 c1 2023-03 100            alibaba-cloud, vc1
  r2 c2 2024-02 700 CNY = 100  alibaba (own cheque 50), tencent
  r3 c2 2024-06 undisclosed    tencent
  r4 c1 2024-08 >=300          alibaba-cloud, tencent-investment
  r5 c3 2024-09 50 (chip firm) state1                       -> out: not an LLM start-up
  r6 c2 2024-10 200            vc1
  r8 c2 2024-11 500, rumour    alibaba                      -> out: rumour
  r7 c1 2025-01-15 IPO 1000    alibaba-cloud cornerstone 30 -> out: IPO (c1 lists that day)
  r9 c1 2025-03 placement 400  tencent                      -> out: after listing
  r10 c2 2025-06-01 300        tencent                      -> the as-of year, 2025, kept apart
As of 2025-06-01, the full years end in 2024. Universe r1, r2, r3, r4, r6: capital >=100+100+300+200 = >=700.
Alibaba joined r1, r2, r4: >=500, share 500/700 = 71.43%, approximate (lower bounds on both sides).
Tencent joined r2, r3, r4: >=400, 57.14%. Both: r2, r4 = 400 (57.14%); Alibaba only r1 = 100 (14.29%);
Tencent only r3 = 0; neither r6 = 200 (28.57%): 100% in all. Year to date 2025: r10 300, Tencent 100%.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.analysis import rounds as round_universe

from conftest import mini_tables, write_package, load_once
from helpers.analysis import dealshare as DS
from helpers.analysis import figures as F


@pytest.fixture
def pkg(tmp_path):
    t = mini_tables()

    def rnd(rid, c, date, stage, amt, grade="official"):
        return {
            "round_id": rid,
            "company_id": c,
            "announced": date,
            "date_precision": "day",
            "stage": stage,
            "amount_m": amt,
            "currency": "USD",
            "qualifier": "exact",
            "payment": "unknown",
            "headline_source_id": "s1",
            "grade": grade,
        }

    t["rounds"] += [
        rnd("r7", "c1", "2025-01-15", "ipo", 1000),
        rnd("r8", "c2", "2024-11-01", "b", 500, grade="rumour"),
        rnd("r9", "c1", "2025-03-01", "private_placement", 400),
        rnd("r10", "c2", "2025-06-01", "c", 300),
    ]
    t["round_participants"] += [
        {"round_id": r, "investor_id": i, "role": role, "source_id": "s2"}
        for r, i, role in [
            ("r7", "alibaba-cloud", "cornerstone"),
            ("r8", "alibaba", "lead"),
            ("r9", "tencent", "lead"),
            ("r10", "tencent", "lead"),
        ]
    ]
    for p in t["round_participants"]:
        if (p["round_id"], p["investor_id"]) == ("r2", "alibaba"):
            p.update(amount_m=50, currency="USD", qualifier="exact")
        if (p["round_id"], p["investor_id"]) == ("r7", "alibaba-cloud"):
            p.update(amount_m=30, currency="USD", qualifier="exact")
    t["listings"] = [
        {
            "listing_id": "l1",
            "grade": "official",
            "company_id": "c1",
            "round_id": "r7",
            "exchange": "HKEX",
            "ticker": "0001",
            "listing_date": "2025-01-15",
            "source_id": "s1",
        }
    ]
    t["fx_rates"] += [
        {"period": p, "currency": "CNY", "per_usd": 7.0, "days": 20, "source_id": "fx-src"}
        for p in ("2024-11", "2025-01", "2025-03", "2025-06", "2025")
    ]
    t["stakes"] = [
        {
            "stake_id": "st-filing",
            "investor_id": "alibaba",
            "company_id": "c1",
            "as_of": "2024-03-31",
            "stake_pct": 36,
            "stake_qualifier": "approx",
            "source_id": "s1",
            "grade": "official",
        },
        {
            "stake_id": "st-media",
            "investor_id": "alibaba-cloud",
            "company_id": "c1",
            "as_of": "2024-05-01",
            "stake_pct": 40,
            "stake_qualifier": "approx",
            "source_id": "s2",
            "grade": "media_unnamed",
        },
        {
            "stake_id": "st-tencent",
            "investor_id": "tencent",
            "company_id": "c2",
            "as_of": "2024-01-01",
            "stake_pct": 5,
            "stake_qualifier": "exact",
            "source_id": "s2",
            "grade": "media_unnamed",
        },
    ]
    return load_once(write_package(tmp_path / "v2", t))


def universe(pkg):
    r = DS.with_count_amount(round_universe.in_usd(pkg, pkg["fx_rates"]), pkg["fx_rates"])
    r["out"] = DS.classify(r, pkg["listings"])
    return r


def test_universe_excludes_ipo_listed_rumour_and_other_segments(pkg):
    r = universe(pkg).set_index("round_id")["out"].fillna("in")
    assert r.to_dict() == {
        "r1": "in",
        "r2": "in",
        "r3": "in",
        "r4": "in",
        "r5": "segment",
        "r6": "in",
        "r7": "ipo",
        "r8": "rumour",
        "r9": "listed",
        "r10": "in",
    }


def test_as_of_year_is_kept_apart(pkg):
    assert pkg.as_of() == pd.Timestamp("2025-06-01")
    assert DS.full_years(2019, pkg.as_of()) == (2019, 2024)


def test_headline_share_by_hand(pkg):
    r = universe(pkg)
    parts = DS.participants(pkg, "group")
    full = r[r["out"].isna() & r["year"].between(2019, 2024)]
    own = DS.own_cheques(pkg, pkg["fx_rates"], "group")
    a = DS.share_figures(full, parts, "alibaba", own)
    assert (a["rounds"], a["joined"], a["undisclosed"]) == (5, 3, 1)
    assert (a["capital"].value, a["capital"].qualifier) == (700, "lower_bound")
    assert (a["capital_joined"].value, a["capital_joined"].qualifier) == (500, "lower_bound")
    assert a["share"].value == pytest.approx(100 * 500 / 700)
    assert a["share"].qualifier == "approx" and F.fmt(a["share"]) == "~71%"  # a lower bound makes it approximate
    # Own cheques: r2's 50 only; r7's cornerstone 30 is an IPO and stays out.
    assert (a["own_cheques"].value, a["own_cheques"].qualifier, F.fmt(a["own_cheques"])) == (50, "lower_bound", "≥$50M")
    t = DS.share_figures(full, parts, "tencent", own)
    assert (t["joined"], t["capital_joined"].value) == (3, 400) and t["share"].value == pytest.approx(100 * 400 / 700)
    ytd = r[r["out"].isna() & (r["year"] == 2025)]
    ty = DS.share_figures(ytd, parts, "tencent")
    assert (list(ytd["round_id"]), ty["share"].value, ty["share"].qualifier) == (["r10"], 100.0, "exact")


def test_share_and_cheques_carry_their_inputs_grades(pkg):
    """All five universe rounds are filed ("official"), so the share is too. Mark r6 (200, joined by
    neither group) as press-reported: the universe's capital and any share of it are then graded by
    their weakest input, media report, and flagged mixed, while Alibaba's joined capital (r1, r2, r4)
    stays filed. The own cheque (r2, 50) is reported on s2, a news page: a media report."""
    r = universe(pkg)
    parts = DS.participants(pkg, "group")
    own = DS.own_cheques(pkg, pkg["fx_rates"], "group")
    full = r[r["out"].isna() & r["year"].between(2019, 2024)].copy()
    a = DS.share_figures(full, parts, "alibaba", own)
    assert (a["share"].grade, a["share"].grade_mixed) == ("official", False)
    assert (a["own_cheques"].grade, F.grade_note(a["own_cheques"])) == ("media_unnamed", "media report")
    full.loc[full["round_id"] == "r6", "grade"] = "media_unnamed"
    a = DS.share_figures(full, parts, "alibaba", own)
    assert (a["capital_joined"].grade, a["capital_joined"].grade_mixed) == ("official", False)
    assert (a["capital"].grade, a["capital"].grade_mixed) == ("media_unnamed", True)
    assert F.grade_note(a["share"]) == "partly media reports"


def test_exact_amounts_give_an_exact_share(pkg):
    r = universe(pkg)
    parts = DS.participants(pkg, "group")
    exact = r[r["round_id"].isin(["r1", "r2", "r6"])]
    s = DS.share_figures(exact, parts, "alibaba")["share"]
    assert (s.value, s.qualifier) == (pytest.approx(50.0), "exact")  # 200 of 400


def test_coinvestment_partition_adds_to_100(pkg):
    r = universe(pkg)
    full = r[r["out"].isna() & r["year"].between(2019, 2024)]
    co = DS.coinvestment(full, DS.participants(pkg, "group"), "alibaba", "tencent").set_index("part")
    assert {k: v.value for k, v in co["capital"].items()} == {"both": 400, "a_only": 100, "b_only": 0, "neither": 200}
    assert co.loc["both", "round_ids"] == ["r2", "r4"] and co.loc["b_only", "round_ids"] == ["r3"]
    assert sum(f.value for f in co["share"]) == pytest.approx(100.0)
    assert co.loc["both", "share"].value == pytest.approx(100 * 400 / 700)


def test_a_filing_beats_a_later_media_stake(pkg):
    owner = pkg["stakes"]["investor_id"].astype(str).map(DS.group_of(pkg["investors"]))
    best = DS.best_stakes(pkg["stakes"], owner).set_index(["unit", "company_id"])
    assert best.loc[("alibaba", "c1"), "stake_id"] == "st-filing" and best.loc[("alibaba", "c1"), "stake_pct"] == 36
    assert best.loc[("alibaba", "c1"), "others"] == ["st-media"]
    assert best.loc[("tencent", "c2"), "stake_id"] == "st-tencent"


def test_deal_counts_collapse_repeats_and_keep_the_spread():
    idl = pd.DataFrame(
        {
            "fact_id": ["a", "b", "c", "d", "e", "f"],
            "investor_id": ["tencent", "tencent", "tencent-investment", "tencent", "tencent", "alibaba"],
            "provider": ["ITJuzi"] * 6,
            "metric": ["total_deals"] * 6,
            "period_start": pd.to_datetime(["2021-01-01"] * 3 + ["2022-01-01", "2022-01-01", "2022-01-01"]),
            "period_end": pd.to_datetime(["2021-12-31"] * 3 + ["2022-12-31", "2022-06-30", "2022-12-31"]),
            "value": [296, 299, 296, 95, 32, 18],
            "source_id": ["s1", "s2", "s3", "s1", "s2", "s3"],
        }
    )
    src = pd.DataFrame(
        {"source_id": ["s1", "s2", "s3"], "published": pd.to_datetime(["2024-01-01", "2025-01-01", "2023-01-01"])}
    )
    groups = pd.Series({"tencent": "tencent", "tencent-investment": "tencent", "alibaba": "alibaba"})
    s = DS.deal_count_series(idl, src, groups).set_index(["unit", "year"])
    # 2021: 296 twice beats 299 once; all three sources kept; the spread 296-299 shown.
    assert (s.loc[("tencent", 2021), "deals"], s.loc[("tencent", 2021), "reports"]) == (296, 3)
    assert (s.loc[("tencent", 2021), "low"], s.loc[("tencent", 2021), "high"]) == (296, 299)
    assert s.loc[("tencent", 2021), "sources"] == ["s1", "s2", "s3"]
    # The half-year count (32) is not a full year and stays out.
    assert s.loc[("tencent", 2022), "deals"] == 95 and s.loc[("tencent", 2022), "reports"] == 1


def test_a_tie_goes_to_the_latest_published_page():
    idl = pd.DataFrame(
        {
            "fact_id": ["a", "b"],
            "investor_id": ["alibaba"] * 2,
            "provider": ["ITJuzi"] * 2,
            "metric": ["total_deals"] * 2,
            "period_start": pd.to_datetime(["2021-01-01"] * 2),
            "period_end": pd.to_datetime(["2021-12-31"] * 2),
            "value": [91, 47],
            "source_id": ["old", "new"],
        }
    )
    src = pd.DataFrame({"source_id": ["old", "new"], "published": pd.to_datetime(["2022-01-01", "2024-01-01"])})
    s = DS.deal_count_series(idl, src, pd.Series({"alibaba": "alibaba"})).iloc[0]
    assert (s.deals, s.low, s.high) == (47, 47, 91)


def test_fall_and_where_it_ended():
    s = pd.DataFrame(
        {"year": [2020, 2021, 2022, 2023, 2024, 2025], "deals": [179, 296, 95, 41, 25, 37], "sources": [["a"]] * 6}
    )
    f = DS.fall_and_turn(s)
    assert (f["high_year"], f["low_year"], f["rose_after"], f["next"]) == (2021, 2024, True, 37)
    assert DS.fall_and_turn(s.head(2)) is None


def test_analyse_and_the_ownership_table_by_hand(pkg):
    res = DS.analyse(pkg, ["alibaba", "tencent"], "group", 2019, ["c1", "c2"])
    assert (res.units, res.names["alibaba"], res.first_year, res.last_full_year) == (
        ["alibaba", "tencent"],
        "Alibaba",
        2019,
        2024,
    )
    assert list(res.per_year["year"]) == [2023, 2024]
    o = res.ownership.set_index(["company_id", res.ownership["unit"].fillna("-")])
    c1 = o.loc[("c1", "-")]
    # c1's private rounds: r1 100 and r4 >=300 (the IPO r7 and the placement r9 after listing are out).
    assert (c1["raised"].value, c1["raised"].qualifier, c1["private_rounds"]) == (400, "lower_bound", 2)
    assert (c1["latest_valuation_usd_m"], c1["latest_valuation_kind"]) == (2000, "private round")
    assert (c1["listed_on"], c1["exchange"]) == (pd.Timestamp("2025-01-15"), "HKEX")
    a1 = o.loc[("c1", "alibaba")]
    # Alibaba in c1: r1 and r4; entry at r1's 500; the filing's 36% beats the later 40%; it paid the 30 cornerstone
    # cheque it is reported to have written; 36% of the latest 2,000 valuation is 720.
    assert (a1["rounds_joined"], a1["entry_valuation_usd_m"], a1["stake_pct"], a1["stake_grade"]) == (
        2,
        500,
        36,
        "official",
    )
    assert (a1["paid_usd_m"], a1["implied_usd_m"]) == (30, 720)
    t1 = o.loc[("c1", "tencent")]
    assert (
        (t1["rounds_joined"], t1["entry_valuation_usd_m"]) == (1, 2000)
        and pd.isna(t1["stake_pct"])
        and pd.isna(t1["implied_usd_m"])
    )
    c2 = o.loc[("c2", "-")]
    assert (c2["raised"].value, c2["raised"].qualifier) == (600, "exact") and pd.isna(c2["latest_valuation_usd_m"])
    assert o.loc[("c2", "alibaba"), "paid_usd_m"] == 50 and o.loc[("c2", "tencent"), "rounds_joined"] == 3
    assert o.loc[("c2", "tencent"), "stake_pct"] == 5
    out = res.outside
    assert list(zip(out["round_id"], out["unit"], out["why"])) == [
        ("r8", "alibaba", "rumour or talks only"),
        ("r7", "alibaba", "IPO (public offering)"),
        ("r9", "tencent", "after the company listed"),
    ]
    assert out.set_index("round_id").loc["r7", "cheque_usd_m"] == 30


def test_one_investor_is_set_against_the_rest_of_big_tech(pkg):
    res = DS.analyse(pkg, ["tencent"], "group", 2019, ["c1"])
    co = res.coinvest.set_index("part")
    # Tencent vs Alibaba and Baidu together: both r2, r4 (400); Tencent only r3 (0); the rest only r1 (100); neither r6 (200).
    assert {k: v.value for k, v in co["capital"].items()} == {"both": 400, "a_only": 0, "b_only": 100, "neither": 200}


@pytest.mark.parametrize(
    "name, short, poss",
    [
        ("Alibaba Group", "Alibaba", "Alibaba's"),
        ("Tencent Holdings", "Tencent", "Tencent's"),
        ("ByteDance Ltd", "ByteDance", "ByteDance's"),
        ("Hong Shan Partners", "Hong Shan Partners", "Hong Shan Partners'"),
    ],
)
def test_names_in_prose(name, short, poss):
    assert DS.short_name(name) == short and DS.possessive(short) == poss


def test_labels_use_the_package_names(pkg):
    from helpers.render import labels

    labels.use_package(pkg)
    assert labels.value("c1") == "Model One" and labels.value("alibaba-cloud") == "Alibaba Cloud"
    assert labels.value("r4") == "Model One, Series C, Aug 2024"


def test_valuation_steps_leave_out_rumours_and_keep_order(pkg):
    res = DS.analyse(pkg, ["alibaba"], "group", 2019, ["c1", "c2"])
    v = DS.valuation_steps(pkg, res.rounds, ["c1", "c2"])
    # c1: r1 at 500 (Mar 2023), r4 at 2,000 (Aug 2024); c2 has no valuations; no market value recorded.
    assert list(zip(v["company_id"], v["usd_m"], v["kind"])) == [
        ("c1", 500, "private round"),
        ("c1", 2000, "private round"),
    ]


def test_rounds_of_a_company_bought_soon_after_are_flagged():
    comp = pd.DataFrame(
        {
            "company_id": ["ly", "c2"],
            "acquired_by": ["meituan", None],
            "acquired_on": pd.to_datetime(["2023-06-30", None]),
            "acquisition_source_id": ["s", None],
        }
    )
    uni = pd.DataFrame(
        {
            "round_id": ["ly-a", "ly-seed", "ly-old", "c2-a"],
            "company_id": ["ly", "ly", "ly", "c2"],
            "announced": pd.to_datetime(["2023-05-01", "2023-02-13", "2022-01-01", "2023-05-01"]),
            "count_usd_m": [230, 50, 10, 5],
            "count_qualifier": ["approx", "exact", "exact", "exact"],
        }
    )
    b = DS.bought_soon(comp, uni)
    # Within six months before the purchase: May (2 months) and February (4.5 months); January 2022 is too early.
    assert list(b["round_id"]) == ["ly-a", "ly-seed"] and set(b["acquired_by"]) == {"meituan"}


def test_valuation_steps_by_hand():
    """Company c: a completed round valued 1,000 (Jan 2024), a rumoured one at 5,000 (left out), an IPO valued 3,000
    (Jan 2026); its listing's market value HK$15,600M at 7.8 HKD per USD is $2,000M. Company d is not asked for."""
    r = pd.DataFrame(
        {
            "company_id": ["c", "c", "c", "d"],
            "round_id": ["c1", "c2", "c3", "d1"],
            "announced": pd.to_datetime(["2024-01-10", "2025-01-10", "2026-01-08", "2024-05-01"]),
            "post_money_usd_m": [1000.0, 5000.0, 3000.0, 700.0],
            "valuation_qualifier": ["exact", "exact", "approx", "exact"],
            "grade": ["official", "rumour", "official", "official"],
            "stage": ["b", "c", "ipo", "a"],
            "headline_source_id": ["s1", "s2", "s3", "s4"],
        }
    )
    listings = pd.DataFrame(
        {
            "listing_id": ["L1"],
            "company_id": ["c"],
            "market_cap_m": [15600.0],
            "market_cap_currency": ["HKD"],
            "market_cap_date": pd.to_datetime(["2026-01-09"]),
            "source_id": ["s5"],
        }
    )
    fx = pd.DataFrame({"period": ["2026-01"], "currency": ["HKD"], "per_usd": [7.8]})
    out = DS.valuation_steps({"listings": listings, "fx_rates": fx}, r, ["c"])
    assert list(out["round_id"].fillna("-")) == ["c1", "c3", "-"]
    assert list(out["kind"]) == ["private round", "IPO", "market value"]
    assert out["usd_m"].tolist() == pytest.approx([1000, 3000, 2000])
    assert list(out["qualifier"]) == ["exact", "approx", "approx"] and list(out["source_id"]) == ["s1", "s3", "s5"]
    assert out["date"].iloc[-1] == pd.Timestamp("2026-01-09") and set(out["company_id"]) == {"c"}
    assert DS.valuation_steps({"listings": listings.iloc[:0], "fx_rates": fx}, r, ["d"])["usd_m"].tolist() == [700]


def test_a_market_value_after_listing_is_the_latest_valuation(tmp_path):
    """c1 lists on 2025-01-15; give the listing a market value of HK$31.2B on 2025-03-20 at 7.8 HKD per
    USD = $4.0B. It is later than c1's last private valuation ($2.0B, r4), so it becomes the latest
    valuation, approximate, kind "market value", cited to the listing's source; Alibaba's filed 36%
    is then worth 0.36 x 4,000 = $1,440M."""
    t = mini_tables()
    t["rounds"] += [
        {
            "round_id": "r7",
            "company_id": "c1",
            "announced": "2025-01-15",
            "date_precision": "day",
            "stage": "ipo",
            "amount_m": 1000,
            "currency": "USD",
            "qualifier": "exact",
            "payment": "unknown",
            "headline_source_id": "s1",
            "grade": "official",
        }
    ]
    t["listings"] = [
        {
            "listing_id": "l1",
            "grade": "official",
            "company_id": "c1",
            "round_id": "r7",
            "exchange": "HKEX",
            "ticker": "0001",
            "listing_date": "2025-01-15",
            "market_cap_m": 31200,
            "market_cap_currency": "HKD",
            "market_cap_date": "2025-03-20",
            "source_id": "s2",
        }
    ]
    t["fx_rates"] += [
        {"period": p, "currency": "HKD", "per_usd": 7.8, "days": 20, "source_id": "fx-src"}
        for p in ("2025-01", "2025-03", "2025")
    ]
    t["stakes"] = [
        {
            "stake_id": "st-filing",
            "investor_id": "alibaba",
            "company_id": "c1",
            "as_of": "2024-03-31",
            "stake_pct": 36,
            "stake_qualifier": "approx",
            "source_id": "s1",
            "grade": "official",
        }
    ]
    pkg = load_once(write_package(tmp_path / "mv", t))
    res = DS.analyse(pkg, ["alibaba"], "group", 2019, ["c1"])
    o = res.ownership.set_index(res.ownership["unit"].fillna("-"))
    c1 = o.loc["-"]
    assert c1["latest_valuation_usd_m"] == pytest.approx(4000)
    assert (c1["latest_valuation_q"], c1["latest_valuation_kind"], c1["latest_valuation_source"]) == (
        "approx",
        "market value",
        "s2",
    )
    assert c1["latest_valuation_date"] == pd.Timestamp("2025-03-20")
    assert o.loc["alibaba", "implied_usd_m"] == pytest.approx(1440)


def test_a_range_counts_at_its_low_end_and_becomes_approximate():
    """A round reported as CN¥700-1,400M in a month at 7.0 counts $100M, approximate; an exact round keeps
    its amount and qualifier; an undisclosed round counts nothing and has no qualifier."""
    r = pd.DataFrame(
        {
            "round_id": ["a", "b", "c"],
            "currency": ["CNY", "USD", None],
            "qualifier": ["range", "exact", None],
            "amount_low_m": [700.0, None, None],
            "amount_usd_m": [150.0, 80.0, None],
            "announced": pd.to_datetime(["2024-02-01"] * 3),
        }
    )
    fx = pd.DataFrame({"period": ["2024-02"], "currency": ["CNY"], "per_usd": [7.0], "days": [20], "source_id": ["x"]})
    out = DS.with_count_amount(r, fx)
    assert list(out["count_usd_m"].fillna(-1)) == [pytest.approx(100.0), 80.0, -1]
    assert list(out["count_qualifier"].iloc[:2]) == ["approx", "exact"] and pd.isna(out["count_qualifier"].iloc[2])
