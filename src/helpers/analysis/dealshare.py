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

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.analysis import rounds as round_universe
from helpers.data.fx import convert

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


def joined(rounds: pd.DataFrame, parts: pd.DataFrame, unit: str) -> pd.Series:
    """Boolean per round: did `unit` take part. A frame carrying a `joined:<unit>` column (set once by
    `analyse` for its focus units, and kept by every subset taken from it) answers from that column."""
    if f"joined:{unit}" in rounds:
        return rounds[f"joined:{unit}"]
    ids = set(parts.loc[parts["unit"] == unit, "round_id"])
    return rounds["round_id"].isin(ids)


OUT_REASONS = {
    "segment": "not an LLM start-up",
    "ipo": "IPO (public offering)",
    "listed": "after the company listed",
    "rumour": "rumour or talks only",
}


def with_count_amount(rounds: pd.DataFrame, fx: pd.DataFrame) -> pd.DataFrame:
    """Adds `count_usd_m` and `count_qualifier`: the amount a share counts (a range at its low end, which
    makes it approximate; a lower bound at its value)."""
    r = rounds.copy()
    is_range = (r["qualifier"].astype(object) == "range") & r["amount_low_m"].notna()
    low = (
        convert(
            r["amount_low_m"],
            r["currency"],
            r["announced"].dt.strftime("%Y-%m"),
            "USD",
            fx,
            what="round amount (low end)",
            ids=r["round_id"],
        )["value"]
        if is_range.any()
        else pd.Series(np.nan, index=r.index)
    )
    r["count_usd_m"] = np.where(is_range, low, r["amount_usd_m"])
    q = r["qualifier"].astype(object).where(r["count_usd_m"].notna(), None)
    r["count_qualifier"] = np.where(is_range, "approx", q)
    return r


def classify(rounds: pd.DataFrame, listings: pd.DataFrame, segment: str = "foundation_model") -> pd.Series:
    """Per round, None when it is a completed private round of an unlisted `segment` start-up, else the
    key of OUT_REASONS saying why not."""
    first_listed = listings.groupby("company_id", observed=True)["listing_date"].min()
    listed_on = (
        pd.to_datetime(rounds["company_id"].astype(object).map(first_listed.to_dict()))
        if len(first_listed)
        else pd.Series(pd.NaT, index=rounds.index)
    )
    why = pd.Series(None, index=rounds.index, dtype=object)
    why[rounds["grade"].astype(object) == "rumour"] = "rumour"
    why[listed_on.notna() & (rounds["announced"] >= listed_on)] = "listed"
    why[rounds["stage"].astype(object) == "ipo"] = "ipo"
    why[rounds["segment"] != segment] = "segment"
    return why


def capital(frame: pd.DataFrame, **kw):
    """The disclosed capital of these rounds as one Figure (qualifier by the sum rule): `total` of the
    rounds' Figures (money, count qualifier, headline source, grade), summed from the columns."""
    from helpers.analysis import figures as F

    return F.money_total(
        frame["count_usd_m"], frame["count_qualifier"], frame["headline_source_id"], frame["grade"].astype(str), **kw
    )


def share_figures(
    universe: pd.DataFrame, parts: pd.DataFrame, unit: str, own: pd.DataFrame | None = None, **kw
) -> dict:
    """For one investor unit over these rounds: rounds, rounds joined, capital, capital joined, share, and
    the unit's own reported cheques (a lower bound of what it put in), each a Figure or an int."""
    from helpers.analysis import figures as F

    j = joined(universe, parts, unit).to_numpy()
    cap_all, cap_in = capital(universe, **kw), capital(universe[j], **kw)
    out = {
        "rounds": len(universe),
        "joined": int(j.sum()),
        "undisclosed": int(universe["count_usd_m"].isna().sum()),
        "capital": cap_all,
        "capital_joined": cap_in,
        "share": F.share(cap_in, cap_all, **kw),
    }
    if own is not None:
        mine = own[
            (own["unit"] == unit) & own["round_id"].isin(universe.loc[j, "round_id"]) & own["cheque_usd_m"].notna()
        ]
        grades = mine["grade"] if "grade" in mine else [""] * len(mine)
        cheques = F.total(
            [
                F.money(a, "USD", "exact", sources=(s,), grade=g)
                for a, s, g in zip(mine["cheque_usd_m"], mine["source_id"], grades)
            ],
            unit="money",
            currency="USD",
        )
        out["own_cheques"] = cheques.with_(qualifier="lower_bound") if len(mine) else cheques
        out["cheques_reported"] = len(mine)
    return out


def own_cheques(pkg, fx: pd.DataFrame, level: str) -> pd.DataFrame:
    """Participants' own reported amounts in USD (monthly rate of the round's month), with their counting
    unit and a grade from the reporting page's kind (figures.KIND_GRADE)."""
    from helpers.analysis import figures as F

    rp = pkg["round_participants"]
    rp = rp[rp["amount_m"].notna()].merge(pkg["rounds"][["round_id", "announced"]], on="round_id")
    conv = convert(
        rp["amount_m"],
        rp["currency"],
        rp["announced"].dt.strftime("%Y-%m"),
        "USD",
        fx,
        what="participant amount",
        ids=rp["round_id"],
    )
    groups = group_of(pkg["investors"])
    ids = rp["investor_id"].astype(str)
    kinds = pkg["sources"].set_index("source_id")["kind"].astype(str) if "sources" in pkg else pd.Series(dtype=str)
    return pd.DataFrame(
        {
            "round_id": rp["round_id"].to_numpy(),
            "unit": (ids.map(groups) if level == "group" else ids).to_numpy(),
            "cheque_usd_m": conv["value"].to_numpy(),
            "source_id": rp["source_id"].to_numpy(),
            "grade": rp["source_id"].astype(str).map(kinds).map(F.KIND_GRADE).fillna("").to_numpy(),
        }
    )


def coinvestment(universe: pd.DataFrame, parts: pd.DataFrame, a: str, b: str | list[str]) -> pd.DataFrame:
    """Capital in rounds joined by both sides, by one only, by neither: a partition adding up to 100%.
    `b` may be several units (the rest of big tech), counted as one side."""
    ja = joined(universe, parts, a).to_numpy()
    jb = (
        universe["round_id"]
        .isin(set(parts.loc[parts["unit"].isin([b] if isinstance(b, str) else b), "round_id"]))
        .to_numpy()
    )
    total = capital(universe)
    from helpers.analysis import figures as F

    rows = []
    for label, mask in (("both", ja & jb), ("a_only", ja & ~jb), ("b_only", ~ja & jb), ("neither", ~ja & ~jb)):
        cap = capital(universe[mask])
        rows.append(
            {
                "part": label,
                "rounds": int(mask.sum()),
                "capital": cap,
                "share": F.share(cap, total),
                "round_ids": list(universe.loc[mask, "round_id"]),
            }
        )
    return pd.DataFrame(rows)


def best_stakes(stakes: pd.DataFrame, owner: pd.Series) -> pd.DataFrame:
    """One stake per (owner unit, company): the highest disclosure grade wins (a filing beats a later media
    report), then the latest date; the others are kept in `others` for hover texts."""
    from helpers.analysis.figures import GRADE_RANK

    s = stakes[stakes["stake_pct"].notna()].assign(unit=owner[stakes["stake_pct"].notna()].to_numpy())
    s = s.assign(_rank=s["grade"].astype(object).map(GRADE_RANK).fillna(len(GRADE_RANK)))
    s = s.sort_values(["unit", "company_id", "_rank", "as_of", "stake_id"], ascending=[True, True, True, False, True])
    best = s.groupby(["unit", "company_id"], sort=False).head(1).copy()
    others = s.drop(best.index).groupby(["unit", "company_id"])["stake_id"].agg(list)
    best["others"] = [others.get((u, c), []) for u, c in zip(best["unit"], best["company_id"])]
    return best.drop(columns="_rank").reset_index(drop=True)


def full_years(first_year: int, as_of: pd.Timestamp) -> tuple[int, int]:
    """From `first_year` to the last full calendar year before the data's as-of date."""
    return first_year, int(as_of.year) - 1


# ---------------------------------------------------------------- v2: one call for the notebook
TABLES = ("rounds", "round_participants", "stakes", "listings", "investor_deals", "claims", "events", "fx_rates")


def short_name(name: str) -> str:
    """ "Alibaba Group" -> "Alibaba", "Tencent Holdings" -> "Tencent": the name a reader uses in prose."""
    for suffix in (" Group", " Holdings", " Holding", " Inc.", " Ltd"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


@dataclass
class Result:
    units: list[str]
    names: dict[str, str]
    first_year: int
    last_full_year: int
    as_of: pd.Timestamp
    rounds: pd.DataFrame  # every round, USD, with `out` (why outside the headline, or None)
    universe: pd.DataFrame  # the headline universe in full years
    ytd: pd.DataFrame  # the headline universe in the as-of year
    parts: pd.DataFrame
    shares: dict  # unit -> share_figures over the full years
    shares_ytd: dict  # unit -> share_figures over the as-of year
    per_year: pd.DataFrame  # year x unit share table
    coinvest: pd.DataFrame  # first unit against the second, or against the rest of big tech
    outside: pd.DataFrame  # IPO cornerstones and rumoured rounds the focus units joined
    ownership: pd.DataFrame
    stakes: pd.DataFrame
    deal_counts: pd.DataFrame  # reconciled provider x group x year counts of all the groups' deals
    bought_soon: pd.DataFrame  # headline rounds of companies bought outright within six months after
    all_stakes: pd.DataFrame  # every stake row, for the alternatives beside the chosen one


def analyse(
    pkg, investors: list[str], level: str = "group", first_year: int = 2019, companies: list[str] | None = None
) -> Result:
    """Everything the deal-share report states, for these investor units (group or entity ids)."""
    fx = pkg["fx_rates"]
    inv = pkg["investors"]
    groups = group_of(inv)
    units = list(dict.fromkeys(groups[i] if level == "group" else i for i in investors))
    names = {u: short_name(n) for u, n in zip(inv["investor_id"].astype(str), inv["name_en"].astype(str))}
    as_of = pkg.as_of()
    fy, ly = full_years(first_year, as_of)
    r = with_count_amount(round_universe.variant(round_universe.in_usd(pkg, fx), "with_ipo"), fx)
    r["out"] = classify(r, pkg["listings"])
    parts = participants(pkg, level)
    for u in units:  # each focus unit's membership once, not once per year, company and table
        r[f"joined:{u}"] = joined(r, parts, u).to_numpy()
    own = own_cheques(pkg, fx, level)
    uni = r[r["out"].isna() & r["year"].between(fy, ly)]
    ytd = r[r["out"].isna() & (r["year"] == as_of.year)]
    shares = {u: share_figures(uni, parts, u, own, href="#share-table") for u in units}
    shares_ytd = {u: share_figures(ytd, parts, u, own, href="#share-table") for u in units}
    rows = []
    for y, g in uni.groupby("year"):
        row = {"year": int(y), "rounds": len(g), "capital": capital(g)}
        for u in units:
            row[u] = share_figures(g, parts, u)["share"]
        rows.append(row)
    kinds = inv.set_index("investor_id")["kind"].astype(str)
    rest = sorted({u for u in parts["unit"].dropna().unique() if kinds.get(u) == "big_tech"} - set(units))
    co = coinvestment(uni, parts, units[0], units[1] if len(units) >= 2 else rest)
    focus_rounds = set(parts.loc[parts["unit"].isin(units), "round_id"])
    outside = r[r["round_id"].isin(focus_rounds) & r["out"].isin(["ipo", "rumour", "listed"])]
    owner = pkg["stakes"]["investor_id"].astype(str)
    owner = owner.map(groups) if level == "group" else owner
    best = best_stakes(pkg["stakes"], owner)
    comps = companies or list(pkg["companies"].loc[pkg["companies"]["segment"] == "foundation_model", "company_id"])
    counts = deal_count_series(
        pkg["investor_deals"], pkg["sources"], groups if level == "group" else pd.Series(dtype=object)
    )
    return Result(
        units,
        names,
        fy,
        ly,
        as_of,
        r,
        uni,
        ytd,
        parts,
        shares,
        shares_ytd,
        pd.DataFrame(rows),
        co,
        _outside_table(outside, parts, own, units),
        ownership(pkg, r, parts, own, best, units, comps),
        best,
        counts,
        bought_soon(pkg["companies"], uni),
        pkg["stakes"],
    )


def bought_soon(companies: pd.DataFrame, universe: pd.DataFrame, months: int = 6) -> pd.DataFrame:
    """Rounds in the headline whose company was bought outright within `months` after the round: they count
    as private rounds, and the report flags them (Light Year, bought by Meituan a month after its round)."""
    cols = [
        "round_id",
        "company_id",
        "announced",
        "count_usd_m",
        "count_qualifier",
        "acquired_by",
        "acquired_on",
        "acquisition_source_id",
    ]
    if "acquired_on" not in companies:
        return pd.DataFrame(columns=cols)
    c = companies[companies["acquired_on"].notna()][
        ["company_id", "acquired_by", "acquired_on", "acquisition_source_id"]
    ]
    m = universe.merge(c, on="company_id")
    m = m[(m["acquired_on"] >= m["announced"]) & (m["acquired_on"] <= m["announced"] + pd.DateOffset(months=months))]
    return m[cols].reset_index(drop=True)


OWNERSHIP_COLUMNS = [
    "company_id",
    "unit",
    "raised",
    "private_rounds",
    "latest_valuation_usd_m",
    "latest_valuation_q",
    "latest_valuation_date",
    "latest_valuation_kind",
    "latest_valuation_source",
    "listed_on",
    "exchange",
    "rounds_joined",
    "first_joined",
    "entry_valuation_usd_m",
    "entry_source",
    "entry_valuation_q",
    "stake_pct",
    "stake_q",
    "stake_as_of",
    "stake_grade",
    "stake_source",
    "stake_others",
    "paid_usd_m",
    "implied_usd_m",
]


OUTSIDE_COLUMNS = [
    "round_id",
    "company_id",
    "announced",
    "unit",
    "why",
    "round_usd_m",
    "round_qualifier",
    "cheque_usd_m",
    "source_id",
]


def _outside_table(outside: pd.DataFrame, parts: pd.DataFrame, own: pd.DataFrame, units: list[str]) -> pd.DataFrame:
    """One row per outside round x focus unit that joined it, in date order (units in their given order),
    with the unit's own reported cheque in that round (summed) where there is one. Joins, not a scan of
    every participant per round: linear in the rows."""
    if outside.empty:
        return pd.DataFrame(columns=OUTSIDE_COLUMNS)
    o = outside.sort_values("announced", kind="stable").assign(_i=lambda d: np.arange(len(d)))
    who = parts.loc[parts["unit"].isin(units), ["round_id", "unit"]].drop_duplicates()
    m = o.merge(who, on="round_id")
    cheques = own[own["unit"].isin(units)].groupby(["round_id", "unit"])["cheque_usd_m"].sum(min_count=1)
    m = m.merge(cheques.rename("cheque_usd_m").reset_index(), on=["round_id", "unit"], how="left")
    m = m.assign(_u=m["unit"].map({u: i for i, u in enumerate(units)})).sort_values(["_i", "_u"])
    out = pd.DataFrame(
        {
            "round_id": m["round_id"],
            "company_id": m["company_id"],
            "announced": m["announced"],
            "unit": m["unit"],
            "why": m["out"].map(OUT_REASONS),
            "round_usd_m": m["count_usd_m"],
            "round_qualifier": m["count_qualifier"],
            "cheque_usd_m": m["cheque_usd_m"],
            "source_id": m["headline_source_id"],
        }
    )
    return out.reset_index(drop=True)


def ownership(
    pkg,
    r: pd.DataFrame,
    parts: pd.DataFrame,
    own: pd.DataFrame,
    best: pd.DataFrame,
    units: list[str],
    companies: list[str],
) -> pd.DataFrame:
    """Per focus company: total raised in private rounds, latest valuation (private or market) with its date
    and listing status; per company x unit: latest stake (highest grade), what it paid, entry valuation and
    the implied value of the stake at the latest valuation. One row per company x unit (unit None: company only)."""
    lst = pkg["listings"]
    rows = []
    for c in companies:
        rc = r[(r["company_id"] == c)]
        private = rc[rc["out"].isna()]
        raised = capital(private)
        vals = rc[rc["post_money_usd_m"].notna() & (rc["grade"].astype(object) != "rumour")][
            ["announced", "post_money_usd_m", "valuation_qualifier", "headline_source_id"]
        ]
        vals = vals.rename(
            columns={
                "announced": "date",
                "post_money_usd_m": "usd_m",
                "valuation_qualifier": "q",
                "headline_source_id": "src",
            }
        ).assign(kind="private round")
        lc = lst[lst["company_id"] == c]
        listed = None if lc.empty else lc.sort_values("listing_date").iloc[0]
        if len(lc) and lc["market_cap_m"].notna().any():
            m = lc[lc["market_cap_m"].notna()].sort_values("market_cap_date").iloc[-1]
            usd = convert(
                pd.Series([m["market_cap_m"]]),
                pd.Series([m["market_cap_currency"]]),
                pd.Series([f"{m['market_cap_date']:%Y-%m}"]),
                "USD",
                pkg["fx_rates"],
                what="market value",
            )["value"].iloc[0]
            vals = pd.concat(
                [
                    vals,
                    pd.DataFrame(
                        [
                            {
                                "date": m["market_cap_date"],
                                "usd_m": usd,
                                "q": "approx",
                                "src": m["source_id"],
                                "kind": "market value",
                            }
                        ]
                    ),
                ]
            )
        latest = vals.sort_values("date").iloc[-1] if len(vals) else None
        base = {
            "company_id": c,
            "raised": raised,
            "private_rounds": len(private),
            "latest_valuation_usd_m": None if latest is None else latest["usd_m"],
            "latest_valuation_q": None if latest is None else latest["q"],
            "latest_valuation_date": None if latest is None else latest["date"],
            "latest_valuation_kind": None if latest is None else latest["kind"],
            "latest_valuation_source": None if latest is None else latest["src"],
            "listed_on": None if listed is None else listed["listing_date"],
            "exchange": None if listed is None else listed["exchange"],
        }
        rows.append({**base, "unit": None})
        for u in units:
            ju = private[joined(private, parts, u).to_numpy()].sort_values("announced")
            st = best[(best["unit"] == u) & (best["company_id"] == c)]
            if ju.empty and st.empty:
                continue
            entry = ju[ju["post_money_usd_m"].notna()].head(1)
            paid = own[(own["unit"] == u) & own["round_id"].isin(rc["round_id"])]["cheque_usd_m"].dropna()
            s = st.iloc[0] if len(st) else None
            rows.append(
                {
                    **base,
                    "unit": u,
                    "rounds_joined": len(ju),
                    "first_joined": ju["announced"].min() if len(ju) else None,
                    "entry_valuation_usd_m": entry["post_money_usd_m"].iloc[0] if len(entry) else None,
                    "entry_source": entry["headline_source_id"].iloc[0] if len(entry) else None,
                    "entry_valuation_q": entry["valuation_qualifier"].astype(object).iloc[0] if len(entry) else None,
                    "stake_pct": None if s is None else s["stake_pct"],
                    "stake_q": None if s is None else s["stake_qualifier"],
                    "stake_as_of": None if s is None else s["as_of"],
                    "stake_grade": None if s is None else s["grade"],
                    "stake_source": None if s is None else s["source_id"],
                    "stake_others": [] if s is None else s["others"],
                    "paid_usd_m": (
                        s["invested_m"]
                        if s is not None and not pd.isna(s["invested_m"]) and s["currency"] == "USD"
                        else (paid.sum() if len(paid) else None)
                    ),
                    "implied_usd_m": (None if s is None or latest is None else s["stake_pct"] / 100 * latest["usd_m"]),
                }
            )
    return pd.DataFrame(rows, columns=OWNERSHIP_COLUMNS)


# ---------------------------------------------------------------- v2: big tech's own deal counts
def deal_count_series(investor_deals: pd.DataFrame, sources: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """One fact per provider x group x full year from the reported deal counts.

    Several pages often repeat one provider's count (one fact, many sources) and some print slightly
    different numbers. The fact's value is the number most pages report; a tie goes to the most
    recently published page (a later restatement). Every source is kept, and `low`/`high` give the
    spread of what was printed, so the disagreement stays visible.
    """
    d = investor_deals[
        (investor_deals["metric"] == "total_deals")
        & (investor_deals["period_start"].dt.year == investor_deals["period_end"].dt.year)
        & (investor_deals["period_start"].dt.month == 1)
        & (investor_deals["period_end"].dt.month == 12)
    ].copy()
    d["unit"] = d["investor_id"].astype(str).map(groups).fillna(d["investor_id"].astype(str))
    d["year"] = d["period_end"].dt.year
    d["published"] = d["source_id"].map(sources.set_index("source_id")["published"])
    rows = []
    for (prov, unit, year), g in d.groupby(["provider", "unit", "year"], sort=True):
        counts = g["value"].value_counts()
        top = counts[counts == counts.max()].index
        pick = g[g["value"].isin(top)].sort_values("published", na_position="first").iloc[-1]["value"]
        rows.append(
            {
                "provider": prov,
                "unit": unit,
                "year": int(year),
                "deals": float(pick),
                "low": float(g["value"].min()),
                "high": float(g["value"].max()),
                "reports": len(g),
                "sources": list(dict.fromkeys(g["source_id"])),
                "fact_ids": list(g["fact_id"]),
            }
        )
    return pd.DataFrame(
        rows, columns=["provider", "unit", "year", "deals", "low", "high", "reports", "sources", "fact_ids"]
    )


def fall_and_turn(series: pd.DataFrame) -> dict | None:
    """For one provider x group series: the highest year, the lowest year after it, and whether a later
    observed year rose again (where the fall ended). Needs consecutive observed years to say so."""
    s = series.sort_values("year")
    if len(s) < 3:
        return None
    hi = s.loc[s["deals"].idxmax()]
    after = s[s["year"] > hi["year"]]
    if after.empty:
        return None
    lo = after.loc[after["deals"].idxmin()]
    later = s[s["year"] == lo["year"] + 1]
    return {
        "high_year": int(hi["year"]),
        "high": hi["deals"],
        "low_year": int(lo["year"]),
        "low": lo["deals"],
        "rose_after": bool(len(later) and later["deals"].iloc[0] > lo["deals"]),
        "next_year": int(lo["year"]) + 1,
        "next": later["deals"].iloc[0] if len(later) else None,
        "sources": list(
            dict.fromkeys(hi["sources"] + lo["sources"] + (later["sources"].iloc[0] if len(later) else []))
        ),
    }


def valuation_steps(pkg, r: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Per company, every reported post-money valuation of a completed round (rumours out) and each market
    value at listing, in USD, in date order: the steps from entry to the latest value."""
    v = r[r["company_id"].isin(companies) & r["post_money_usd_m"].notna() & (r["grade"].astype(object) != "rumour")]
    rows = [
        {
            "company_id": x.company_id,
            "date": x.announced,
            "usd_m": x.post_money_usd_m,
            "qualifier": x.valuation_qualifier,
            "kind": "IPO" if x.stage == "ipo" else "private round",
            "source_id": x.headline_source_id,
            "round_id": x.round_id,
        }
        for x in v.itertuples()
    ]
    lst = pkg["listings"]
    lst = lst[lst["company_id"].isin(companies) & lst["market_cap_m"].notna()]
    if len(lst):
        usd = convert(
            lst["market_cap_m"],
            lst["market_cap_currency"],
            lst["market_cap_date"].dt.strftime("%Y-%m"),
            "USD",
            pkg["fx_rates"],
            what="market value",
            ids=lst["listing_id"],
        )["value"]
        rows += [
            {
                "company_id": x.company_id,
                "date": x.market_cap_date,
                "usd_m": u,
                "qualifier": "approx",
                "kind": "market value",
                "source_id": x.source_id,
                "round_id": None,
            }
            for x, u in zip(lst.itertuples(), usd)
        ]
    out = pd.DataFrame(rows, columns=["company_id", "date", "usd_m", "qualifier", "kind", "source_id", "round_id"])
    return out.sort_values(["company_id", "date"]).reset_index(drop=True)
