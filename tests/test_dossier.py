"""Company dossier figures on a hand-made package, every answer worked out by hand below.

The mini package (conftest.mini_tables) plus, for c1 ("Model One"):
- r7 2024-12 a rumoured round of $500M at a $5.0B valuation (grade rumour);
- r8 2025-03-10 its IPO: HK$780M; the listing row: HKEX, offer HK$10, market value HK$7,800M on the day;
- cornerstones of r8: vc1 HK$390M, state1 (cheque not reported);
- r9 2025-08 a $100M placement after listing;
- market values on 2025-06-30: HK$23,400M (data provider) and HK$15,600M (media report) the same day;
- financials: 2024 revenue CN¥70M (official) and CN¥80M (media report); H1 2025 revenue CN¥50M;
- stakes: Alibaba 30% (official, 2024-09), Alibaba 35% (media, 2025-01), Tencent 5% (media).
Rates: CNY 7.0 for 2024; HKD 7.8 for 2025-03 and 2025-06.

By hand:
- completed private rounds of c1: r1 $100M exact and r4 >= $300M: raised >= $400M, 2 rounds, none undisclosed;
- last private valuation: r4's $2,000M (the rumoured $5,000M is not a valuation of a completed round);
- worth now: 23,400 / 7.8 = $3,000M on 2025-06-30 (the data provider's row beats the media report that day);
- step-up 3,000 / 2,000 = 1.5x; revenue: the official 70 / 7.0 = $10M for 2024 (H1 2025 is not a full
  year); multiple 3,000 / 10 = 300x;
- listing: offer HK$10, proceeds HK$780M, cornerstones >= HK$390M (1 of 2 cheques reported);
- stakes: Alibaba 30% (the official filing beats the later media report), Tencent 5%.
"""

import types

import pandas as pd
import pytest

from conftest import load_once, mini_tables, write_package
from helpers.analysis import dossier as D
from helpers.analysis import figures as F
from helpers.render import dossier_view as V


def _round(rid, date, stage, amt, cur="USD", q="exact", post=None, grade="official"):
    d = {
        "round_id": rid,
        "company_id": "c1",
        "announced": date,
        "date_precision": "day",
        "stage": stage,
        "payment": "unknown",
        "headline_source_id": "s1",
        "grade": grade,
        "amount_m": amt,
        "currency": cur,
        "qualifier": q,
    }
    if post is not None:
        d.update(post_money_m=post, valuation_currency="USD", valuation_qualifier="exact")
    return d


@pytest.fixture
def pkg(tmp_path):
    t = mini_tables()
    t["rounds"] += [
        _round("r7", "2024-12-01", "b", 500, post=5000, grade="rumour"),
        _round("r8", "2025-03-10", "ipo", 780, "HKD"),
        _round("r9", "2025-08-01", "private_placement", 100),
    ]
    t["round_participants"] += [
        {"round_id": "r8", "investor_id": "vc1", "role": "cornerstone", "amount_m": 390, "currency": "HKD",
         "qualifier": "exact", "source_id": "s2"},
        {"round_id": "r8", "investor_id": "state1", "role": "cornerstone", "source_id": "s2"},
    ]  # fmt: skip
    t["fx_rates"] += [
        {"period": p, "currency": "HKD", "per_usd": 7.8, "days": 20, "source_id": "fx-src"}
        for p in ("2025-03", "2025-06")
    ]
    t["listings"] = [
        {"listing_id": "l1", "grade": "official", "company_id": "c1", "round_id": "r8", "exchange": "HKEX", "ticker": "0001",
         "listing_date": "2025-03-10", "offer_price": 10, "price_currency": "HKD", "amount_raised_m": 780,
         "raised_currency": "HKD", "raised_qualifier": "exact", "market_cap_m": 7800, "market_cap_currency": "HKD",
         "market_cap_date": "2025-03-10", "source_id": "s1"}
    ]  # fmt: skip
    mv = {"company_id": "c1", "date": "2025-06-30", "kind": "close", "value_currency": "HKD", "qualifier": "exact"}
    t["market_values"] = [
        {**mv, "value_id": "v1", "market_value_m": 23400, "source_id": "s2", "grade": "data_provider"},
        {**mv, "value_id": "v2", "market_value_m": 15600, "source_id": "s1", "grade": "media_unnamed"},
    ]
    fin = {"company_id": "c1", "metric": "revenue", "currency": "CNY", "qualifier": "exact", "source_id": "s1"}
    t["financials"] = [
        {**fin, "fact_id": "f1", "period_start": "2024-01-01", "period_end": "2024-12-31", "value_m": 70, "grade": "official"},
        {**fin, "fact_id": "f2", "period_start": "2024-01-01", "period_end": "2024-12-31", "value_m": 80,
         "grade": "media_unnamed"},
        {**fin, "fact_id": "f3", "period_start": "2025-01-01", "period_end": "2025-06-30", "value_m": 50, "grade": "official"},
    ]  # fmt: skip
    st = {"company_id": "c1", "stake_qualifier": "exact", "source_id": "s2"}
    t["stakes"] = [
        {**st, "stake_id": "st1", "investor_id": "alibaba", "as_of": "2024-09-30", "stake_pct": 30, "grade": "official"},
        {**st, "stake_id": "st2", "investor_id": "alibaba", "as_of": "2025-01-31", "stake_pct": 35,
         "grade": "media_unnamed"},
        {**st, "stake_id": "st3", "investor_id": "tencent", "as_of": "2025-01-31", "stake_pct": 5, "grade": "media_unnamed"},
    ]  # fmt: skip
    ev = {"date_precision": "day", "source_id": "s1"}
    t["events"] = [
        {**ev, "event_id": "e1", "date": "2025-02-01", "kind": "listing", "title": "c1 files to list"},
        {**ev, "event_id": "e2", "date": "2024-05-01", "kind": "export_control", "title": "c1 and c2 on a list"},
        {**ev, "event_id": "e3", "date": "2024-01-01", "kind": "policy", "title": "A rule naming no one"},
    ]
    t["event_companies"] = [
        {"event_id": "e1", "company_id": "c1", "source_id": "s1"},
        {"event_id": "e2", "company_id": "c2", "source_id": "s1"},
        {"event_id": "e2", "company_id": "c1", "source_id": "s1"},
    ]
    return load_once(write_package(tmp_path / "dossier", t))


def test_raised_counts_completed_private_rounds_only(pkg):
    res = D.analyse(pkg, "c1", ("c1", "c2"))
    assert list(res.rounds["round_id"]) == ["r1", "r4", "r7", "r8", "r9"]
    assert list(res.rounds["status"]) == ["completed", "completed", "rumour", "ipo", "listed"]
    assert (res.raised.value, res.raised.qualifier) == (400, "lower_bound")
    assert (res.private_rounds, res.undisclosed, res.first_round) == (2, 0, pd.Timestamp("2023-03-01"))


def test_worth_now_is_the_best_market_value_of_the_latest_day_and_the_step_up_is_from_the_last_private_round(pkg):
    res = D.analyse(pkg, "c1", ("c1", "c2"))
    assert res.last_private["figure"].value == 2000 and res.last_private["round_id"] == "r4"
    w = res.worth
    assert (w["kind"], w["date"], w["source_id"]) == ("market value", pd.Timestamp("2025-06-30"), "s2")
    assert w["figure"].value == pytest.approx(3000) and w["figure"].qualifier == "exact"
    assert res.step_up.value == pytest.approx(1.5) and res.step_up.qualifier == "exact"
    assert F.fmt(V._ratio(res.step_up)) == "1.5×"


def test_events_are_the_ones_linked_to_the_company_in_date_order(pkg):
    """e2 touches c1 and c2, e1 only c1, e3 no company: c1 gets e2 (May 2024) then e1; c2 gets e2 alone."""
    assert list(D.analyse(pkg, "c1", ("c1",)).events["event_id"]) == ["e2", "e1"]
    assert list(D.company_events(pkg, "c2")["event_id"]) == ["e2"]
    assert D.company_events(pkg, "c9").empty
    shown = V.events_table(D.analyse(pkg, "c1", ("c1",)))
    assert list(shown["Date"]) == ["1 May 2024", "1 February 2025"]
    assert list(shown["Kind"]) == ["export control", "listing"]


def test_tables_show_status_only_for_rounds_not_completed_and_the_largest_stake_first(pkg):
    res = D.analyse(pkg, "c1", ("c1",))
    rounds = V.rounds_table(res)
    # r1 seed and r4 a are completed; r7 a rumour; r8 the IPO; r9 the placement after listing
    assert [x.endswith(")") for x in rounds["Round"]] == [False, False, True, True, True]
    assert rounds["Round"].iloc[3].endswith("(public offering)")
    # Alibaba 30% (the official filing) and Tencent 5%
    assert list(V.stakes_table(res)["Stake"]) == ["30%", "5.0%"]
    st = pd.DataFrame(
        {
            "investor_id": ["a", "b", "c", "d"],
            "stake_pct": [2.0, None, 40.0, 2.0],
            "stake_qualifier": "exact",
            "as_of": pd.Timestamp("2025-01-01"),
            "invested_m": [None, 10.0, None, None],
            "currency": [None, "USD", None, None],
            "invested_qualifier": None,
            "grade": "official",
            "source_id": "s1",
        }
    )
    shown = V.stakes_table(types.SimpleNamespace(stakes=st, investor_names={"c": "Cee"}))
    assert list(shown["Holder"]) == ["Cee", "a", "d", "b"]  # 40%, then the 2% pair by id, then paid-only


def test_valuation_steps_run_over_completed_rounds_and_the_offering():
    """Three valued rounds and a rumour: $100M exact (2023), >= $300M (2024), the rumoured $5B left out,
    the IPO at ~$600M. Steps: none; 300 / 100 = >= 3x (a floor over an exact value); 600 / 300 = ~2x
    (an approximate value over a floor is approximate)."""
    r = pd.DataFrame(
        {
            "round_id": ["a", "b", "c", "d"],
            "announced": pd.to_datetime(["2023-01-01", "2024-01-01", "2024-06-01", "2025-01-09"]),
            "date_precision": ["year", "month", "month", "day"],
            "status": ["completed", "completed", "rumour", "ipo"],
            "post_money_usd_m": [100.0, 300.0, 5000.0, 600.0],
            "valuation_qualifier": ["exact", "lower_bound", "exact", "approx"],
            "headline_source_id": ["s1", "s2", "s3", "s4"],
            "grade": "official",
        }
    )
    st = D.valuation_steps(r)
    assert list(st["round_id"]) == ["a", "b", "d"]
    assert st["step"].iloc[0] is None
    assert [(f.value, f.qualifier) for f in st["step"].iloc[1:]] == [(3.0, "lower_bound"), (2.0, "approx")]
    assert st["step"].iloc[2].sources == ("s4", "s2")
    shown = V.steps_table(types.SimpleNamespace(steps=st))
    assert list(shown["Step over the one before"]) == ["first recorded", "≥3.0×", "~2.0×"]
    assert list(shown["Round"]) == ["private round", "private round", "public offering"]
    assert list(shown["Date"]) == ["2023", "January 2024", "January 2025"]  # a year-dated round says only its year


def test_revenue_multiple_uses_the_best_graded_full_year(pkg):
    res = D.analyse(pkg, "c1", ("c1", "c2"))
    assert (res.revenue["year"], res.revenue["figure"].sources) == (2024, ("s1",))
    assert res.revenue["figure"].value == pytest.approx(10)
    assert res.multiple.value == pytest.approx(300)


def test_listing_figures_and_a_cornerstone_total_with_an_unreported_cheque_is_a_floor(pkg):
    L = D.analyse(pkg, "c1", ("c1", "c2")).listing
    assert (L["exchange"], L["date"], L["round_id"]) == ("HKEX", pd.Timestamp("2025-03-10"), "r8")
    assert (L["offer_price"].value, L["offer_price"].currency) == (10, "HKD")
    assert (L["proceeds"].value, L["proceeds"].currency, L["proceeds"].qualifier) == (780, "HKD", "exact")
    t = L["cornerstone_total"]
    assert (t.value, t.currency, t.qualifier, L["cornerstones_reported"], len(L["cornerstones"])) == (
        390,
        "HKD",
        "lower_bound",
        1,
        2,
    )


def test_one_stake_per_holder_the_filing_beats_a_later_media_report(pkg):
    s = D.analyse(pkg, "c1", ("c1", "c2")).stakes.set_index("investor_id")
    assert s["stake_pct"].to_dict() == {"alibaba": 30, "tencent": 5}


def test_backers_are_groups_with_their_first_round(pkg):
    b = D.analyse(pkg, "c1", ("c1", "c2")).backers.set_index("group")
    assert b.loc["alibaba", "rounds"] == 2 and b.loc["alibaba", "first"] == pd.Timestamp("2023-03-01")
    assert b.loc["tencent", "rounds"] == 1 and b.loc["tencent", "first"] == pd.Timestamp("2024-08-01")
    assert "state1" not in b.index  # a cornerstone of the IPO is not a backer of a private round


def test_peers_and_rank(pkg):
    res = D.analyse(pkg, "c1", ("c1", "c2"))
    p = res.peers.set_index("company_id")
    assert p.loc["c2", "raised"].value == pytest.approx(300) and p.loc["c2", "rounds"] == 3
    assert p.loc["c2", "worth"] is None and bool(p.loc["c1", "listed"]) and not bool(p.loc["c2", "listed"])
    assert D.rank_by_worth(res.peers, "c1") == (1, 1) and D.rank_by_worth(res.peers, "c2") is None


def test_the_answer_states_the_figures_with_their_marks(pkg):
    res = D.analyse(pkg, "c1", ("c1", "c2"))
    text = [
        t.format(**{k: F.fmt(v) if isinstance(v, F.Figure) else v for k, v in vals.items()})
        for t, vals in V.answer(res)
    ]
    assert text[0].startswith("Model One raised ≥$400M in 2 completed private rounds recorded here from March 2023")
    assert "big tech in those rounds: Alibaba Group and Tencent" in text[0]
    assert text[1] == "It listed on HKEX on 10 March 2025, raising HK$780M in its offering."
    assert text[2] == (
        "Its latest market value recorded, on 30 June 2025, is $3.0B, 1.5× its last private valuation of $2.0B (August 2024)."
    )


def test_a_company_without_rounds_says_so(pkg):
    res = D.analyse(pkg, "c3", ("c1", "c3"))
    assert res.private_rounds == 1  # c3 has r5
    bare = D.analyse(pkg, "c2", ("c2",))
    assert bare.worth is None and bare.listing is None
    assert V.answer(bare)[-1][0] == "No valuation of {c} is recorded."


def test_peers_show_a_gap_not_zero_when_no_round_discloses_an_amount(tmp_path):
    """Peers c4 (one completed round, amount undisclosed) and c5 (no round): their raised money is unknown
    and nothing, in words; c1 keeps its >= $400M (r1 $100M + r4 >= $300M)."""
    t = mini_tables()
    c2 = next(c for c in t["companies"] if c["company_id"] == "c2")
    t["companies"] += [
        {**c2, "company_id": "c4", "name_en": "Model Four"},
        {**c2, "company_id": "c5", "name_en": "Model Five"},
    ]
    t["rounds"] += [{**_round("r10", "2024-05-01", "a", None), "company_id": "c4", "currency": None, "qualifier": None}]
    pkg = load_once(write_package(tmp_path / "gap", t))
    res = D.analyse(pkg, "c1", ("c1", "c4", "c5"))
    table = V.peers_table(res).set_index("Start-up")
    assert table.loc["Model Four", "Raised in private rounds"] == "not disclosed"
    assert table.loc["Model Four", "Rounds"] == "1"
    assert table.loc["Model Five", "Raised in private rounds"] == "none recorded"
    assert table.loc["Model One (this report)", "Raised in private rounds"] == "≥$400M"


def test_valuation_axis_labels_are_dollars_even_within_one_decade(pkg, monkeypatch):
    """c1's valuations run from $0.5B (r1) to $5.0B (the r7 rumour), about one decade, so matplotlib labels
    minor ticks too: every label on the chart's value axis reads as dollars, none as a power of ten."""
    drawn = {}

    def keep(fig, **kw):
        fig.canvas.draw()
        ax = fig.axes[0]
        drawn["labels"] = [t.get_text() for t in ax.yaxis.get_majorticklabels() + ax.yaxis.get_minorticklabels()]
        return "chart"

    monkeypatch.setattr(V.charts, "figure", keep)
    res = D.analyse(pkg, "c1", ("c1", "c2"))
    V.valuation_chart(res, types.SimpleNamespace(use=lambda ids: None))
    shown = [s for s in drawn["labels"] if s]
    assert "$1.0B" in shown and "$2.0B" in shown
    assert all(s.startswith("$") for s in shown), shown
