"""One start-up from its first round to its market value: what the company dossiers state.

Every amount is converted to US dollars at the monthly mean rate of its own month (a market value at the
rate of the month it was quoted), and every figure keeps its qualifier, grade and source. The rules:

- **Raised** is the sum of completed private rounds (rumours and rounds after a listing left out; a range
  counts at its low end, a floor at its value, by the sum rule). The listing's proceeds are shown apart.
- **Worth now** is the latest dated value: a market value (`market_values`, or a `listings` row's value on
  its date) for a listed company, else the latest post-money valuation of a completed private round.
  Rumoured valuations are shown as such in the rounds table, never as the value.
- **Step-up** is worth now over the last private valuation, when both exist.
- **Revenue multiple** is worth now over the latest full-year revenue of the best grade, both in US dollars;
  the two dates are stated, since the revenue is older than the value.
- **Stakes**: one per holder, the highest grade first, then the latest date (as in the deal-share report).
- **Cornerstones**: the total the listing's pages state (the best-graded `listings` row with one), and beside
  it the cheques round_participants reports for the IPO; a sum of the reported cheques is a lower bound when
  some cornerstone's cheque is not reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.analysis import figures as F
from helpers.analysis import rounds as round_universe
from helpers.analysis.dealshare import best_stakes, capital, group_of, with_count_amount
from helpers.data.fx import convert

TABLES = (
    "rounds",
    "round_participants",
    "stakes",
    "listings",
    "financials",
    "market_values",
    "compute_deals",
    "events",
    "event_companies",
    "fx_rates",
)
PEERS = ("zhipu", "moonshot", "minimax", "baichuan", "01ai", "stepfun", "deepseek")
STATUS = {
    "completed": "completed private round",
    "rumour": "rumour or talks",
    "ipo": "public offering",
    "listed": "after listing",
}


@dataclass
class Result:
    company: str
    name: str
    as_of: pd.Timestamp
    rounds: pd.DataFrame  # every round of the company, date order, with `status` and investor names
    raised: F.Figure  # completed private rounds, USD
    private_rounds: int
    undisclosed: int  # completed private rounds without a disclosed amount
    first_round: pd.Timestamp | None
    last_private: dict | None  # {"figure", "date", "round_id"}: the latest completed round's valuation
    worth: dict | None  # {"figure", "date", "kind", "source_id"}
    step_up: F.Figure | None
    steps: pd.DataFrame  # valuation of each completed round and the offering, with its step over the one before
    backers: pd.DataFrame  # investor groups: rounds joined, first joined, kind
    stakes: pd.DataFrame  # one per holder
    listing: dict | None
    market_values: pd.DataFrame  # dated points in USD
    financials: pd.DataFrame
    revenue: dict | None  # {"figure" (USD), "period", "original"}: the latest full year, best grade
    multiple: F.Figure | None
    compute: pd.DataFrame
    events: pd.DataFrame  # events linked to the company (event_companies), date order
    peers: pd.DataFrame  # per peer: raised, worth now, date, listed
    investor_names: dict  # investor id -> English name


def _usd(values, currencies, months, fx, what, ids) -> pd.Series:
    return convert(
        pd.Series(values).reset_index(drop=True),
        pd.Series(currencies).reset_index(drop=True),
        pd.Series(months).reset_index(drop=True),
        "USD",
        fx,
        what=what,
        ids=pd.Series(ids).reset_index(drop=True),
    )["value"]


def company_rounds(pkg, r: pd.DataFrame, company: str) -> pd.DataFrame:
    """The company's rounds in date order with `status` (a key of STATUS) and who led and joined (names)."""
    listed_on = pkg["listings"].loc[pkg["listings"]["company_id"] == company, "listing_date"].min()
    rc = r[r["company_id"] == company].sort_values(["announced", "round_id"]).copy()
    status = pd.Series("completed", index=rc.index, dtype=object)
    if pd.notna(listed_on):
        status[(rc["announced"] >= listed_on) & (rc["stage"].astype(object) != "ipo")] = "listed"
    status[rc["stage"].astype(object) == "ipo"] = "ipo"
    status[rc["grade"].astype(object) == "rumour"] = "rumour"  # a rumoured placement is a rumour first
    rc["status"] = status
    names = pkg["investors"].set_index("investor_id")["name_en"].astype(str)
    rp = pkg["round_participants"]
    rp = rp[rp["round_id"].isin(rc["round_id"])]
    lead = rp[rp["role"].astype(object) == "lead"].groupby("round_id")["investor_id"].agg(list)
    rest = rp[rp["role"].astype(object) != "lead"].groupby("round_id")["investor_id"].agg(list)
    rc["leads"] = [[names.get(i, i) for i in lead.get(x, [])] for x in rc["round_id"]]
    rc["others"] = [[names.get(i, i) for i in rest.get(x, [])] for x in rc["round_id"]]
    return rc.reset_index(drop=True)


def market_points(pkg, company: str) -> pd.DataFrame:
    """Every dated market value of the company in USD: `market_values` rows and the `listings` rows' values."""
    fx = pkg["fx_rates"]
    mv = pkg["market_values"]
    mv = mv[(mv["company_id"] == company) & mv["market_value_m"].notna()]
    rows = pd.DataFrame(
        {
            "date": mv["date"],
            "value_m": mv["market_value_m"],
            "currency": mv["value_currency"].astype(object),
            "qualifier": mv["qualifier"].astype(object),
            "kind": mv["kind"].astype(object),
            "source_id": mv["source_id"].astype(object),
            "grade": mv["grade"].astype(object),
            "id": mv["value_id"],
        }
    )
    ls = pkg["listings"]
    ls = ls[(ls["company_id"] == company) & ls["market_cap_m"].notna() & ls["market_cap_date"].notna()]
    rows = pd.concat(
        [
            rows,
            pd.DataFrame(
                {
                    "date": ls["market_cap_date"],
                    "value_m": ls["market_cap_m"],
                    "currency": ls["market_cap_currency"].astype(object),
                    "qualifier": "approx",  # a listings row does not say how it rounded
                    "kind": "at listing",
                    "source_id": ls["source_id"].astype(object),
                    "grade": "data_provider",
                    "id": ls["listing_id"],
                }
            ),
        ],
        ignore_index=True,
    )
    if rows.empty:
        return rows.assign(usd_m=pd.Series(dtype=float))
    rows["usd_m"] = _usd(
        rows["value_m"], rows["currency"], rows["date"].dt.strftime("%Y-%m"), fx, "market value", rows["id"]
    ).to_numpy()
    return rows.sort_values(["date", "id"]).reset_index(drop=True)


def worth_now(pkg, rounds: pd.DataFrame, points: pd.DataFrame) -> tuple[dict | None, dict | None]:
    """(worth now, last private valuation): see the module's rules."""
    done = rounds[(rounds["status"] == "completed") & rounds["post_money_usd_m"].notna()]
    last_private = None
    if len(done):
        x = done.iloc[-1]
        last_private = {
            "figure": F.money(
                x["post_money_usd_m"],
                "USD",
                x["valuation_qualifier"] if isinstance(x["valuation_qualifier"], str) else "exact",
                sources=(x["headline_source_id"],),
                grade=str(x["grade"]),
                period=f"{x['announced']:%Y-%m}",
            ),
            "date": x["announced"],
            "round_id": x["round_id"],
        }
    if len(points):
        # the latest day; on that day the highest grade, then the largest id (a later row) decides
        p = points[points["date"] == points["date"].max()]
        p = p.assign(_r=p["grade"].map(F.GRADE_RANK).fillna(9)).sort_values(["_r", "id"]).iloc[0]
        fig = F.money(p["usd_m"], "USD", p["qualifier"] or "exact", sources=(p["source_id"],), grade=p["grade"])
        return {"figure": fig, "date": p["date"], "kind": "market value", "source_id": p["source_id"]}, last_private
    if last_private:
        return {**last_private, "kind": "private round", "source_id": last_private["figure"].sources[0]}, last_private
    return None, None


def valuation_steps(rounds: pd.DataFrame) -> pd.DataFrame:
    """The valuation of each completed private round and of the public offering, in date order, with its step
    over the one before (a ratio by the ratio rule; the first has none). Rumoured valuations are left out:
    a step is from one price investors paid to the next."""
    v = rounds[rounds["status"].isin(["completed", "ipo"]) & rounds["post_money_usd_m"].notna()]
    figs = [
        F.money(
            x.post_money_usd_m,
            "USD",
            x.valuation_qualifier if isinstance(x.valuation_qualifier, str) else "exact",
            sources=(x.headline_source_id,),
            grade=str(x.grade),
        )
        for x in v.itertuples()
    ]
    steps: list[F.Figure | None] = [None]
    for before, now in zip(figs, figs[1:]):
        q, unbounded = F.ratio_qualifier(now, before)
        steps.append(
            F.Figure(
                now.value / before.value,
                "ratio",
                qualifier=q,
                unbounded=unbounded,
                sources=now.sources + before.sources,
            )
        )
    return pd.DataFrame(
        {
            "round_id": v["round_id"].to_numpy(),
            "date": v["announced"].to_numpy(),
            "date_precision": v["date_precision"].astype(object).to_numpy(),
            "status": v["status"].astype(object).to_numpy(),
            "valuation": figs,
            "step": steps[: len(figs)],
        }
    )


def latest_revenue(pkg, company: str) -> dict | None:
    """The latest full-year revenue (a period of 12 months) of the best grade, in USD at that year's rate."""
    f = pkg["financials"]
    f = f[(f["company_id"] == company) & (f["metric"].astype(object) == "revenue")]
    days = (f["period_end"] - f["period_start"]).dt.days
    f = f[days.between(360, 370)]
    if f.empty:
        return None
    f = f.assign(_r=f["grade"].astype(object).map(F.GRADE_RANK).fillna(9))
    best = f.sort_values(["_r", "period_end", "fact_id"], ascending=[True, False, True]).iloc[0]
    usd = _usd(
        [best["value_m"]],
        [best["currency"]],
        [f"{best['period_end']:%Y}"],
        pkg["fx_rates"],
        "revenue",
        [best["fact_id"]],
    )
    fig = F.money(usd.iloc[0], "USD", best["qualifier"], sources=(best["source_id"],), grade=str(best["grade"]))
    return {
        "figure": fig.with_(period=f"{best['period_end']:%Y}"),
        "year": int(best["period_end"].year),
        "original": F.money(best["value_m"], str(best["currency"]), best["qualifier"], sources=(best["source_id"],)),
    }


def listing_figures(pkg, company: str, rounds: pd.DataFrame) -> dict | None:
    """Offer price, proceeds, cornerstone cheques and the first day's close, from the listing's headline row."""
    ls = pkg["listings"]
    ls = ls[ls["company_id"] == company].sort_values(["listing_date", "listing_id"])
    if ls.empty:
        return None
    ipo = rounds[rounds["status"] == "ipo"]
    head = ipo.iloc[0] if len(ipo) else None
    proceeds = None
    if head is not None and pd.notna(head["amount_m"]):
        proceeds = F.money(
            head["amount_m"],
            str(head["currency"]),
            head["qualifier"],
            sources=(head["headline_source_id"],),
            grade=str(head["grade"]),
        )
    first = ls.iloc[0]
    price = ls[ls["offer_price"].notna()]
    rp = pkg["round_participants"]
    corner = rp[rp["round_id"].isin(ipo["round_id"]) & (rp["role"].astype(object) == "cornerstone")]
    names = pkg["investors"].set_index("investor_id")["name_en"].astype(str)
    cheques = [
        F.money(a, str(c), q if isinstance(q, str) else "exact", sources=(s,))
        for a, c, q, s in zip(corner["amount_m"], corner["currency"], corner["qualifier"], corner["source_id"])
        if pd.notna(a)
    ]
    by_cur = {f.currency for f in cheques}
    total = None
    if cheques and len(by_cur) == 1:
        total = F.total(cheques, unit="money", currency=by_cur.pop())
        if len(cheques) < len(corner):  # some cheques unreported: the total is a floor
            total = total.with_(qualifier="lower_bound" if total.qualifier in ("exact", "lower_bound") else "approx")
    stated = None
    if "cornerstone_m" in ls:
        cs = ls[ls["cornerstone_m"].notna()]
        if len(cs):
            cs = cs.assign(_r=cs["grade"].astype(object).map(F.GRADE_RANK).fillna(9)).sort_values(["_r", "listing_id"])
            c = cs.iloc[0]
            stated = F.money(
                c["cornerstone_m"],
                str(c["cornerstone_currency"]),
                str(c["cornerstone_qualifier"]),
                sources=(c["source_id"],),
                grade=str(c["grade"]),
            )
    return {
        "date": first["listing_date"],
        "source_id": str(first["source_id"]),
        "cornerstone_stated": stated,
        "exchange": str(first["exchange"]),
        "ticker": str(first["ticker"]),
        "offer_price": None
        if price.empty
        else F.Figure(
            float(price["offer_price"].iloc[0]),
            "money",
            str(price["price_currency"].iloc[0]),
            scale=1,
            sources=(price["source_id"].iloc[0],),
            per="a share",
        ),
        "proceeds": proceeds,
        "cornerstones": pd.DataFrame(
            {
                "investor": [names.get(i, i) for i in corner["investor_id"]],
                "amount_m": corner["amount_m"].to_numpy(),
                "currency": corner["currency"].astype(object).to_numpy(),
                "qualifier": corner["qualifier"].astype(object).to_numpy(),
                "source_id": corner["source_id"].astype(object).to_numpy(),
            }
        ),
        "cornerstone_total": total,
        "cornerstones_reported": len(cheques),
        "round_id": None if head is None else head["round_id"],
    }


def backers(pkg, rounds: pd.DataFrame) -> pd.DataFrame:
    """Investor groups that joined the company's completed private rounds: rounds joined and first date."""
    inv = pkg["investors"]
    groups = group_of(inv)
    names = inv.set_index("investor_id")["name_en"].astype(str)
    kinds = inv.set_index("investor_id")["kind"].astype(str)
    done = rounds[rounds["status"] == "completed"]
    rp = pkg["round_participants"]
    rp = rp[rp["round_id"].isin(done["round_id"])].merge(done[["round_id", "announced"]], on="round_id")
    rp["group"] = rp["investor_id"].astype(str).map(groups)
    g = rp.groupby("group").agg(rounds=("round_id", "nunique"), first=("announced", "min")).reset_index()
    g["name"] = g["group"].map(names)
    g["kind"] = g["group"].map(kinds)
    return g.sort_values(["first", "name"]).reset_index(drop=True)


def analyse(pkg, company: str, peers: tuple[str, ...] = PEERS) -> Result:
    fx = pkg["fx_rates"]
    comp = pkg["companies"].set_index("company_id")
    r = with_count_amount(round_universe.in_usd(pkg, fx), fx)
    rounds = company_rounds(pkg, r, company)
    done = rounds[rounds["status"] == "completed"]
    points = market_points(pkg, company)
    worth, last_private = worth_now(pkg, rounds, points)
    step = None
    if worth and last_private and worth["kind"] == "market value":
        step = F.Figure(
            worth["figure"].value / last_private["figure"].value,
            "ratio",
            qualifier=F.ratio_qualifier(worth["figure"], last_private["figure"])[0],
            sources=worth["figure"].sources + last_private["figure"].sources,
        )
    revenue = latest_revenue(pkg, company)
    multiple = None
    if worth and revenue and revenue["figure"].value:
        multiple = F.Figure(
            worth["figure"].value / revenue["figure"].value,
            "ratio",
            qualifier=F.ratio_qualifier(worth["figure"], revenue["figure"])[0],
            sources=worth["figure"].sources + revenue["figure"].sources,
        )
    st = pkg["stakes"]
    st = st[st["company_id"] == company]
    stakes = best_stakes(st, st["investor_id"].astype(str)) if len(st) else st.assign(unit=[], others=[])
    fin = pkg["financials"]
    peer_rows = []
    for p in peers:
        if p not in comp.index:
            continue
        pr = company_rounds(pkg, r, p)
        w, _ = worth_now(pkg, pr, market_points(pkg, p))
        peer_rows.append(
            {
                "company_id": p,
                "name": str(comp.loc[p, "name_en"]),
                "raised": capital(pr[pr["status"] == "completed"]),
                "rounds": int((pr["status"] == "completed").sum()),
                "disclosed": int(((pr["status"] == "completed") & pr["count_usd_m"].notna()).sum()),
                "worth": None if w is None else w["figure"],
                "worth_date": None if w is None else w["date"],
                "worth_kind": None if w is None else w["kind"],
                "listed": bool((pkg["listings"]["company_id"] == p).any()),
            }
        )
    cd = pkg["compute_deals"]
    return Result(
        company=company,
        name=str(comp.loc[company, "name_en"]),
        as_of=pkg.as_of(),
        rounds=rounds,
        raised=capital(done),
        private_rounds=len(done),
        undisclosed=int(done["count_usd_m"].isna().sum()),
        first_round=done["announced"].min() if len(done) else None,
        last_private=last_private,
        worth=worth,
        step_up=step,
        steps=valuation_steps(rounds),
        backers=backers(pkg, rounds),
        stakes=stakes.reset_index(drop=True),
        listing=listing_figures(pkg, company, rounds),
        market_values=points,
        financials=fin[fin["company_id"] == company]
        .sort_values(["period_end", "metric", "fact_id"])
        .reset_index(drop=True),
        revenue=revenue,
        multiple=multiple,
        compute=cd[cd["company_id"] == company].sort_values("date").reset_index(drop=True),
        events=company_events(pkg, company),
        peers=pd.DataFrame(peer_rows),
        investor_names=dict(zip(pkg["investors"]["investor_id"].astype(str), pkg["investors"]["name_en"].astype(str))),
    )


def company_events(pkg, company: str) -> pd.DataFrame:
    """The events `event_companies` links to the company: listing steps, export-control matters, launches."""
    ev, links = pkg["events"], pkg["event_companies"]
    ids = set(links.loc[links["company_id"] == company, "event_id"])
    return ev[ev["event_id"].isin(ids)].sort_values(["date", "event_id"]).reset_index(drop=True)


def rank_by_worth(peers: pd.DataFrame, company: str) -> tuple[int, int] | None:
    """(place, of how many) of the company among peers with a value, by worth now in USD (largest first)."""
    valued = peers[peers["worth"].notna()]
    if company not in set(valued["company_id"]):
        return None
    order = valued.assign(v=[f.value for f in valued["worth"]]).sort_values("v", ascending=False)
    return int(np.flatnonzero(order["company_id"].to_numpy() == company)[0]) + 1, len(order)
