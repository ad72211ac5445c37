"""Narrative 2, big-tech deal share: who joined which rounds, what share of capital, and what stakes became.

Counting rules (stated in the report):
- At `level="group"` an investor counts through its group: a cloud unit, investment arm or fund
  whose `parent_id` chain leads to the group. At `level="entity"` only the named investor counts.
- "Capital in rounds joined" is the whole disclosed round amount, not the investor's own cheque
  (rarely disclosed). Undisclosed rounds count as rounds but add no capital; a lower-bound amount
  adds its stated floor, so capital totals are lower bounds where any such round is present.
- Amounts convert to USD with the monthly mean ECB rate of the announcement month.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.fx import convert

SIX_DRAGONS = ("zhipu", "moonshot", "minimax", "baichuan", "01ai", "stepfun")
LEVELS = ("group", "entity")


def group_of(investors: pd.DataFrame) -> pd.Series:
    """Map each investor id to its top-level group (itself when it has no parent)."""
    parent = dict(zip(investors["investor_id"].astype(str), investors["parent_id"].astype(object)))
    out = {}
    for inv in parent:
        seen, cur = [], inv
        while isinstance(parent.get(cur), str) and parent[cur] and cur not in seen:
            seen.append(cur)
            cur = parent[cur]
        out[inv] = cur
    return pd.Series(out, name="group_id")


def participants(pkg, level: str) -> pd.DataFrame:
    """Round participants with the counting unit (`unit`) for this level, one row per round × unit."""
    rp = pkg["round_participants"][["round_id", "investor_id", "role"]].copy()
    rp["investor_id"] = rp["investor_id"].astype(str)
    groups = group_of(pkg["investors"])
    rp["unit"] = rp["investor_id"].map(groups) if level == "group" else rp["investor_id"]
    kinds = pkg["investors"].set_index("investor_id")["kind"].astype(str)
    rp["kind"] = rp["unit"].map(kinds)
    return rp.drop_duplicates(["round_id", "unit"])


def rounds_usd(pkg, fx: pd.DataFrame, since: pd.Timestamp | None = None) -> pd.DataFrame:
    r = pkg["rounds"].copy()
    if since is not None:
        r = r[r["announced"] >= since]
    conv = convert(r["amount_m"], r["currency"], r["announced"].dt.strftime("%Y-%m"), "USD", fx, what="round amount", ids=r["round_id"])
    r["amount_usd_m"] = conv["value"]
    val = convert(r["post_money_m"], r["valuation_currency"], r["announced"].dt.strftime("%Y-%m"), "USD", fx, what="valuation", ids=r["round_id"])
    r["post_money_usd_m"] = val["value"]
    r["year"] = r["announced"].dt.year
    segs = pkg["companies"].set_index("company_id")["segment"].astype(str)
    r["segment"] = r["company_id"].astype(str).map(segs)
    return r


def joined(rounds: pd.DataFrame, parts: pd.DataFrame, unit: str) -> pd.Series:
    """Boolean per round: did `unit` take part."""
    ids = set(parts.loc[parts["unit"] == unit, "round_id"])
    return rounds["round_id"].isin(ids)


def share_by_year(rounds: pd.DataFrame, parts: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Per year: rounds and disclosed capital in the universe, and the part in rounds `unit` joined."""
    r = rounds.assign(joined=joined(rounds, parts, unit).to_numpy())
    g = r.groupby("year")
    out = pd.DataFrame({
        "rounds": g.size(),
        "rounds_joined": g["joined"].sum(),
        "capital_usd_m": g["amount_usd_m"].sum(min_count=1).fillna(0.0),
        "capital_joined_usd_m": r[r["joined"]].groupby("year")["amount_usd_m"].sum(min_count=1),
        "lower_bounds": g["qualifier"].apply(lambda q: int((q == "lower_bound").sum())),
        "undisclosed": g["amount_usd_m"].apply(lambda a: int(a.isna().sum())),
    }).fillna({"capital_joined_usd_m": 0.0})
    out["share_pct"] = np.where(out["capital_usd_m"] > 0, 100 * out["capital_joined_usd_m"] / out["capital_usd_m"].where(out["capital_usd_m"] > 0), np.nan)
    return out.reset_index()


def matrix(rounds: pd.DataFrame, parts: pd.DataFrame, companies: list[str], units: list[str]) -> pd.DataFrame:
    """Rounds joined: investor unit × company (0 where none)."""
    r = rounds[rounds["company_id"].isin(companies)][["round_id", "company_id"]]
    p = parts[parts["unit"].isin(units)].merge(r, on="round_id")
    m = pd.crosstab(p["unit"], p["company_id"])
    return m.reindex(index=units, columns=companies, fill_value=0)


def coinvestments(rounds: pd.DataFrame, parts: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    both = joined(rounds, parts, a) & joined(rounds, parts, b)
    return rounds[both.to_numpy()]


def capital_by_kind(rounds: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    """Per year and investor kind: disclosed capital of rounds with at least one investor of that kind (overlapping)."""
    rk = parts[["round_id", "kind"]].dropna().drop_duplicates()
    m = rounds[["round_id", "year", "amount_usd_m"]].merge(rk, on="round_id")
    return m.groupby(["year", "kind"])["amount_usd_m"].sum(min_count=1).fillna(0.0).unstack(fill_value=0.0)


def stake_outcomes(pkg, rounds: pd.DataFrame, parts: pd.DataFrame, unit: str, groups: pd.Series, level: str) -> pd.DataFrame:
    """For each company the unit backed: entry and last private valuation, listing, reported stake and paper value.

    Vectorised with group-wise first/last rows, so a large export costs a few sorts, not a loop per company.
    """
    rj = rounds[joined(rounds, parts, unit).to_numpy()].sort_values(["announced", "round_id"])
    if rj.empty:
        return pd.DataFrame()
    out = rj.groupby("company_id", sort=False).agg(first_joined=("announced", "min"), rounds_joined=("round_id", "size"))
    comps = out.index

    def pick(frame, cols, names, last=False):
        g = frame.groupby("company_id", sort=False)
        rows = (g.tail(1) if last else g.head(1)).set_index("company_id")[cols]
        return rows.rename(columns=dict(zip(cols, names)))

    priced = rj[rj["post_money_usd_m"].notna() & (rj["stage"] != "ipo")]
    out = out.join(pick(priced, ["round_id", "post_money_usd_m", "headline_source_id"], ["entry_round", "entry_valuation_usd_m", "entry_source"]))
    allr = rounds[rounds["company_id"].isin(comps) & (rounds["stage"] != "ipo") & rounds["post_money_usd_m"].notna()].sort_values(["announced", "round_id"])
    out = out.join(pick(allr, ["round_id", "post_money_usd_m", "headline_source_id"],
                        ["last_private_round", "last_private_valuation_usd_m", "last_private_source"], last=True))
    lst = pkg["listings"]
    lst = lst[lst["company_id"].isin(comps)].sort_values(["listing_date", "listing_id"])
    out = out.join(pick(lst, ["offer_price", "price_currency", "source_id"], ["ipo_price", "ipo_price_currency", "first_listing_source"]))
    out = out.join(pick(lst[lst["market_cap_m"].notna()], ["market_cap_m", "market_cap_currency", "market_cap_date", "source_id"],
                        ["market_cap_m", "market_cap_currency", "market_cap_date", "cap_source"], last=True))
    out["listing_source"] = out["cap_source"].fillna(out["first_listing_source"])
    stakes = pkg["stakes"]
    owner = stakes["investor_id"].astype(str).map(groups) if level == "group" else stakes["investor_id"].astype(str)
    st = stakes[(owner == unit).to_numpy() & stakes["company_id"].isin(comps) & stakes["stake_pct"].notna()].sort_values(["as_of", "stake_id"])
    out = out.join(pick(st, ["stake_pct", "as_of", "invested_m", "currency", "source_id"],
                        ["stake_pct", "stake_as_of", "stake_invested_m", "stake_currency", "stake_source"], last=True))
    return out.drop(columns=["cap_source", "first_listing_source"]).reset_index()


def paper_value(stake_pct: float, value_m: float) -> float:
    """The reported stake's share of a valuation (millions); NaN when either is missing."""
    if pd.isna(stake_pct) or pd.isna(value_m):
        return np.nan
    return stake_pct / 100.0 * value_m


def recomputed_share(ai_deals: float, total_deals: float) -> float:
    """AI deals as a percentage of all deals; NaN without a positive denominator."""
    if pd.isna(ai_deals) or pd.isna(total_deals) or total_deals <= 0:
        return np.nan
    return 100.0 * ai_deals / total_deals
