"""Narrative 1, the investment decline: provider series, peaks, declines, ranges, concentration.

`analyse()` returns everything the report states; `helpers.render.decline_view` only words and draws it.

Rules (stated in the report's methodology section):
- A yearly figure is a row whose period lies inside one calendar year; a multi-year cumulative
  figure is never plotted as a year.
- Partial periods (year-to-date, quarters) are kept apart from full years and never annualised.
- Where one provider has several figures for the same full year, the headline is the latest
  edition (then the latest source); the others stay visible as alternatives, never averaged.
- Rows with an `excluded_reason` are shown in the data table but never used in a figure.
- Amounts convert with the annual mean ECB rate of the year the period ends in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.analysis import rounds as round_universe
from helpers.data.fx import convert


CHINA = ("mainland", "mainland_hk", "greater_china", "china_unstated")  # regions that count as China


def series_key(m: pd.DataFrame) -> pd.Series:
    """The edition a figure belongs to, as one label: the provider's edition name, else its edition date,
    else the publication date of the page that reports it. Figures with one key form one series."""
    name = m["edition_name"].astype(object) if "edition_name" in m else pd.Series(None, index=m.index, dtype=object)
    date = m["edition"].dt.strftime("%Y-%m-%d") if "edition" in m else pd.Series(None, index=m.index, dtype=object)
    pub = m["source_published"].dt.strftime("report of %Y-%m-%d") if "source_published" in m else None
    key = name.where(name.notna() & (name.astype(str) != ""), date)
    if pub is not None:
        key = key.where(key.notna(), pub)
    return key.where(key.notna(), "report " + m["source_id"].astype(str))


def yearly_rows(
    mt: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    scope: str,
    providers: list[str],
    start_year: int,
    end_year: int,
    currency: str,
    fx: pd.DataFrame,
    segment: str | None = "all",
    regions=CHINA,
) -> pd.DataFrame:
    """Single-calendar-year rows in range, converted to `currency`, with headline flags and each row's
    edition `series` (segment None: every segment; `regions` the territories counted)."""
    m = mt[(mt["scope"] == scope) & mt["provider"].isin(providers)]
    if "region" in m:
        m = m[m["region"].astype(object).fillna("china_unstated").isin(list(regions))]
    if "count_kind" in m:  # counts of newly funded companies are not deal counts: see new_companies
        m = m[m["count_kind"].astype(object).fillna("deals") != "companies"]
    m = (m if segment is None else m[m["segment"] == segment]).copy()
    m = m[m["period_start"].notna() & (m["period_start"].dt.year == m["period_end"].dt.year)]
    m["year"] = m["period_end"].dt.year.astype(int)
    m = m[(m["year"] >= start_year) & (m["year"] <= end_year)]
    m["used"] = m["excluded_reason"].isna()
    conv = convert(
        m["amount_m"], m["currency"], m["year"].astype(str), currency, fx, what="market total", ids=m["fact_id"]
    )
    m["amount"] = conv["value"]
    m["fx_rate"] = conv["rate"]
    m["price_basis"] = m["price_basis"].astype(object).fillna("current") if "price_basis" in m else "current"
    # A constant-dollar figure is not converted at a year's exchange rate: it stays in its own currency or is left out.
    constant = (m["price_basis"] != "current") & (m["currency"].astype(object) != currency)
    m.loc[constant, "amount"] = np.nan
    m["avg_deal"] = m["amount"] / m["deal_count"].astype("float64")
    pub = sources.set_index("source_id")["published"]
    m["source_published"] = m["source_id"].map(pub)
    m["series"] = series_key(m)
    m = m.sort_values(
        ["provider", "year", "partial", "edition", "source_published", "fact_id"],
        ascending=[True, True, True, False, False, True],
        na_position="last",
    )
    full = m["used"] & ~m["partial"].astype(bool) & m["amount"].notna()
    m["headline"] = False
    first = m[full].groupby(["provider", "segment", "year"], sort=False).head(1).index
    m.loc[first, "headline"] = True
    # deal counts have their own headline: a count published without an amount still forms a series
    counted = m["used"] & ~m["partial"].astype(bool) & m["deal_count"].notna()
    m["count_headline"] = False
    m.loc[m[counted].groupby(["provider", "segment", "year"], sort=False).head(1).index, "count_headline"] = True
    return m.sort_values(["provider", "year", "period_end", "fact_id"]).reset_index(drop=True)


TABLES = (
    "market_totals",
    "market_total_reports",
    "rounds",
    "claims",
    "events",
    "fx_rates",
)  # what the report reads; the build takes it from here
TOP_ROUNDS_METRIC = "top2_rounds_share_of_capital"  # the claim key of the reported two-largest-rounds share


def best_series(rows: pd.DataFrame, provider: str) -> pd.DataFrame:
    """The provider's edition series with the most usable full years (ties: the latest edition), one row
    per year; empty when no edition holds two full years."""
    g = rows[(rows["provider"] == provider) & rows["used"] & ~rows["partial"].astype(bool) & rows["amount"].notna()]
    if g.empty:
        return g
    size = g.groupby("series")["year"].nunique()
    latest = g.groupby("series")["edition"].max() if "edition" in g else size * 0
    pick = pd.DataFrame({"years": size, "latest": latest}).sort_values(
        ["years", "latest"], ascending=False, na_position="last"
    )
    if pick["years"].iloc[0] < 2:
        return g.iloc[:0]
    one = g[g["series"] == pick.index[0]].sort_values(["year", "source_published"], ascending=[True, False])
    return one.drop_duplicates("year")


def peak_and_decline(rows: pd.DataFrame, headline_providers=()) -> pd.DataFrame:
    """Per provider whose highest full year comes before its latest: highest, latest, change.

    The figures come from one edition (`best_series`), so a peak is never spliced from two editions;
    a provider with no edition holding two full years falls back to its headline figures across
    reports, flagged `spliced`. `peak_shown` is true only where that series has an observed full year
    on both sides of its highest: otherwise the highest figure may be an artefact of where the series
    starts or of missing years, and the report must not call it a peak. `missing_years` lists the years
    absent between the year before the highest and the latest. Consecutive falls count year-on-year
    falls directly after the highest, stopping at the first rise or gap. Ordered: headline providers
    first, those whose peak is shown before the rest, in `headline_providers` order; then by years covered.
    """
    out = []
    for prov in sorted(set(rows.loc[rows["headline"], "provider"])):
        g = best_series(rows, prov)
        spliced = g.empty
        if spliced:
            g = rows[rows["headline"] & (rows["provider"] == prov)]
        g = g.sort_values("year")
        if len(g) < 2 or g["amount"].idxmax() == g.index[-1]:
            continue
        peak = g.loc[g["amount"].idxmax()]
        years = set(g["year"])
        last = g.iloc[-1]
        missing = [y for y in range(int(peak["year"]) - 1, int(last["year"])) if y not in years]
        falls, prev = 0, peak
        for _, r in g[g["year"] > peak["year"]].iterrows():
            if r["year"] != prev["year"] + 1 or not r["amount"] < prev["amount"]:
                break
            falls, prev = falls + 1, r
        out.append(
            {
                "provider": prov,
                "series": None if spliced else peak["series"],
                "spliced": spliced,
                "first_year": int(g["year"].min()),
                "price_basis": peak.get("price_basis", "current"),
                "peak_year": int(peak["year"]),
                "peak_amount": peak["amount"],
                "peak_qualifier": peak["qualifier"],
                "peak_grade": peak.get("grade"),
                "peak_deals": peak["deal_count"],
                "peak_source": peak["source_id"],
                "latest_year": int(last["year"]),
                "latest_amount": last["amount"],
                "latest_qualifier": last["qualifier"],
                "latest_grade": last.get("grade"),
                "latest_source": last["source_id"],
                # the change in the currency the provider reports (both ends in one currency), else converted
                "change_pct": 100
                * (
                    (
                        last["amount_m"] / peak["amount_m"]
                        if last["currency"] == peak["currency"]
                        else last["amount"] / peak["amount"]
                    )
                    - 1
                ),
                "years": len(g),
                "peak_original": (peak["amount_m"], peak["currency"]),
                "latest_original": (last["amount_m"], last["currency"]),
                "consecutive_falls_after_peak": falls,
                "peak_shown": {int(peak["year"]) - 1, int(peak["year"]) + 1} <= years,
                "missing_years": missing,
                "peak_alternatives": _alternatives(rows, prov, int(peak["year"]), peak["fact_id"]),
                "latest_alternatives": _alternatives(rows, prov, int(last["year"]), last["fact_id"]),
            }
        )
    if not out:
        return pd.DataFrame(out)
    df = pd.DataFrame(out)
    rank = {p: i for i, p in enumerate(headline_providers)}
    df["_r"] = df["provider"].map(lambda p: rank.get(p, len(rank)))
    df["_h"] = df["provider"].isin(list(headline_providers))
    return (
        df.sort_values(["_h", "peak_shown", "_r", "years"], ascending=[False, False, True, False])
        .drop(columns=["_r", "_h"])
        .reset_index(drop=True)
    )


def _alternatives(rows: pd.DataFrame, provider: str, year: int, shown: str = "") -> list[tuple[float, str, str]]:
    """Other usable full-year figures the provider has for `year` (amount, qualifier, source), beside the one shown."""
    m = rows[
        (rows["provider"] == provider)
        & (rows["year"] == year)
        & rows["used"]
        & ~rows["partial"].astype(bool)
        & rows["amount"].notna()
        & (rows["fact_id"] != shown)
    ]
    return list(zip(m["amount"], m["qualifier"], m["source_id"]))


def provider_range(rows: pd.DataFrame, among=None) -> pd.DataFrame:
    """Low, high and spread across providers' headline full-year figures, per year and per kind of count.

    Like is compared with like: providers that count venture deals are ranged apart from those that
    count all private or all equity investment (`coverage`), and constant dollars apart from current
    ones (`price_basis`), so the spread measures disagreement,
    not scope; `among` limits it to named providers (the report's headline providers, whose methods
    are published). Groups with one provider have no spread.
    """
    h = rows[rows["headline"]]
    if among is not None:
        h = h[h["provider"].isin(list(among))]
    h = h.assign(coverage=h["coverage"].astype(object).fillna("unknown"))
    # current and constant dollars are never ranged against each other
    h = h.assign(price_basis=h["price_basis"].astype(object).fillna("current") if "price_basis" in h else "current")
    g = h.groupby(["year", "coverage", "price_basis"])["amount"]
    out = pd.DataFrame({"providers": g.size(), "low": g.min(), "high": g.max()}).reset_index()
    out["high_to_low"] = np.where(out["providers"] >= 2, out["high"] / out["low"], np.nan)
    return out


def recent_change(rows: pd.DataFrame, among=None) -> dict | None:
    """The last two consecutive full years that two or more providers each cover within one edition (so
    a change is never read across editions): who counted more money.

    Returns {"from": y0, "to": y1, "pairs": [(provider, row y0, row y1)], "up": [provider, ...]}.
    """
    full = rows[rows["used"] & ~rows["partial"].astype(bool) & rows["amount"].notna()]
    if among is not None:
        full = full[full["provider"].isin(list(among))]
    years = sorted(set(full["year"]), reverse=True)
    for y1 in years:
        y0 = y1 - 1
        pairs = []
        for prov, g in sorted(full.groupby("provider"), key=lambda kv: kv[0]):
            both = [(e, s) for e, s in g.groupby("series") if {y0, y1} <= set(s["year"])]
            if both:  # the latest edition holding both years
                e, s = max(both, key=lambda es: (str(es[1]["edition"].max()), es[0]))
                s = s.sort_values("source_published", ascending=False)
                pairs.append((prov, s[s["year"] == y0].iloc[0], s[s["year"] == y1].iloc[0]))
        if len(pairs) >= 2 or (among is not None and pairs):
            up = [p for p, a, b in pairs if b["amount"] > a["amount"]]
            return {"from": y0, "to": y1, "pairs": pairs, "up": up}
    return None


def floors(rows: pd.DataFrame, headline_providers) -> pd.DataFrame:
    """Partial periods the headline providers report as lower bounds, except the latest partial year
    (the answer states that one). A lower bound says the period held at least this much."""
    part = rows[
        rows["partial"]
        & rows["used"]
        & rows["amount"].notna()
        & (rows["qualifier"] == "lower_bound")
        & rows["provider"].isin(list(headline_providers))
    ]
    latest = rows.loc[rows["partial"] & rows["used"] & rows["amount"].notna(), "year"].max()
    full_max = rows.loc[rows["headline"], "year"].max()
    if not pd.isna(latest) and (pd.isna(full_max) or latest > full_max):
        part = part[part["year"] != latest]
    return part.sort_values(["period_end", "provider"])


def concentration(rounds_usd: pd.DataFrame, year: int, top: int = 2) -> dict:
    """Share of disclosed round capital in `year` taken by its `top` largest rounds."""
    y = rounds_usd[rounds_usd["year"] == year].sort_values("amount_usd_m", ascending=False)
    total = float(y["amount_usd_m"].sum())
    top_rows = y.head(top)
    return {
        "year": year,
        "rounds": len(y),
        "total_usd_m": total,
        "top": top,
        "top_usd_m": float(top_rows["amount_usd_m"].sum()),
        "share_pct": 100 * float(top_rows["amount_usd_m"].sum()) / total if total else np.nan,
        "top_round_ids": list(top_rows["round_id"]),
        "top_sources": list(top_rows["headline_source_id"]),
    }


def top_rounds_check(pkg, rounds_usd: pd.DataFrame, rows: pd.DataFrame) -> dict | None:
    """The reported share of the year's capital in its two largest rounds, set against the data.

    The claim is found by its metric key (`TOP_ROUNDS_METRIC`) and its `period` (a year). The
    round-level share uses the recorded rounds of that year. Against a provider's market total, the
    share is computed only where that total's period contains both rounds: a first-half total does
    not contain a July round, so only such periods are compared.
    """
    cl = pkg["claims"]
    hit = cl[(cl["metric"] == TOP_ROUNDS_METRIC) & cl["period"].notna()]
    if hit.empty:
        return None
    claim = hit.sort_values("claim_id").iloc[0]
    year = int(claim["period"])
    c = concentration(rounds_usd, year)
    top = rounds_usd.set_index("round_id").loc[c["top_round_ids"]] if c["rounds"] else rounds_usd.iloc[:0]
    first, last = (top["announced"].min(), top["announced"].max()) if len(top) else (pd.NaT, pd.NaT)
    inside = rows[
        rows["used"]
        & rows["amount"].notna()
        & (rows["year"] == year)
        & (rows["period_start"] <= first)
        & (rows["period_end"] >= last)
    ]
    left_out = rows[rows["used"] & rows["amount"].notna() & (rows["year"] == year)].drop(inside.index)
    return {
        "claim": claim,
        "year": year,
        "concentration": c,
        "top": top.reset_index(),
        "denominators": inside.sort_values(["provider", "period_end"]),
        "not_containing": left_out.sort_values(["provider", "period_end"]),
    }


WORLD = ("us", "europe", "world")


def world_view(
    mt: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    scope: str,
    start_year: int,
    end_year: int,
    currency: str,
    fx: pd.DataFrame,
) -> pd.DataFrame:
    """China against the US, Europe and the world in the same provider's edition, per year: one row per
    provider x edition x year with an amount per region and China's share of the world. The share is
    computed only where that edition gives both China and the world for that year (the world total
    includes China). Every provider with a world total is included."""
    regions = CHINA + WORLD
    with_world = sorted(set(mt.loc[mt["region"] == "world", "provider"])) if "region" in mt else []
    if not with_world:
        return pd.DataFrame(
            columns=[
                "provider",
                "series",
                "year",
                "price_basis",
                "china",
                "us",
                "europe",
                "world",
                "china_share_pct",
                "qualifier",
                "sources",
                "fact_ids",
            ]
        )
    m = yearly_rows(
        mt,
        sources,
        scope=scope,
        providers=with_world,
        start_year=start_year,
        end_year=end_year,
        currency=currency,
        fx=fx,
        regions=regions,
    )
    m = m[m["used"] & ~m["partial"].astype(bool) & m["amount"].notna()]
    m = m.assign(area=m["region"].astype(str).where(m["region"].astype(str).isin(WORLD), "china"))
    out = []
    for (prov, series, year), g in m.groupby(["provider", "series", "year"]):
        by = g.drop_duplicates("area").set_index("area")
        if "china" not in by.index or len(by) < 2:
            continue
        row = {"provider": prov, "series": series, "year": int(year), "price_basis": by["price_basis"].iloc[0]}
        for a in ("china",) + WORLD:
            row[a] = float(by.loc[a, "amount"]) if a in by.index else np.nan
        row["china_share_pct"] = 100 * row["china"] / row["world"] if row["world"] == row["world"] else np.nan
        quals = set(by["qualifier"].astype(str))
        row["qualifier"] = "exact" if quals == {"exact"} else "approx"
        row["sources"] = list(dict.fromkeys(by["source_id"]))
        row["fact_ids"] = list(by["fact_id"])
        out.append(row)
    return pd.DataFrame(out)


def new_companies(mt: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Newly funded AI companies per year and region, from facts whose `count_kind` is companies (used
    full-year rows only; one per provider, edition, region and year)."""
    if "count_kind" not in mt:
        return pd.DataFrame(
            columns=["provider", "series", "region", "year", "companies", "source_id", "fact_id", "grade"]
        )
    m = mt[
        (mt["count_kind"].astype(object) == "companies")
        & mt["excluded_reason"].isna()
        & ~mt["partial"].astype(bool)
        & mt["deal_count"].notna()
    ].copy()
    m["year"] = m["period_end"].dt.year
    m = m[(m["period_start"].dt.year == m["year"]) & m["year"].between(start_year, end_year)]
    m["series"] = series_key(m)
    m = m.sort_values(["provider", "series", "region", "year", "fact_id"]).drop_duplicates(
        ["provider", "series", "region", "year"]
    )
    return pd.DataFrame(
        {
            "provider": m["provider"],
            "series": m["series"],
            "region": m["region"].astype(str),
            "year": m["year"].astype(int),
            "companies": m["deal_count"].astype(int),
            "source_id": m["source_id"],
            "fact_id": m["fact_id"],
            "grade": m["grade"].astype(str) if "grade" in m else "",
        }
    ).reset_index(drop=True)


def vintages(rows: pd.DataFrame, headline_providers=()) -> pd.DataFrame:
    """How one provider's China figures moved between its editions: the headline provider with the most
    editions holding full-year China figures, one row per edition x year."""
    full = rows[rows["used"] & ~rows["partial"].astype(bool) & rows["amount"].notna()]
    full = full[full["provider"].isin(list(headline_providers))] if len(headline_providers) else full
    if full.empty:
        return full
    n = full.groupby("provider")["series"].nunique()
    best = n[n >= 2]
    if best.empty:
        return full.iloc[:0]
    prov = sorted(best.index, key=lambda p: (-best[p], p))[0]
    v = full[full["provider"] == prov].sort_values(["year", "source_published"], ascending=[True, False])
    return v.drop_duplicates(["series", "year"]).sort_values(["edition", "series", "year"], na_position="first")


COVERAGE_FROM = 2019  # the years a reader needs for the decline: the run-up to the 2021 peak and after


def last_full_year(rows: pd.DataFrame) -> int:
    full = rows.loc[rows["used"] & ~rows["partial"].astype(bool) & rows["amount"].notna(), "year"]
    return int(full.max()) if len(full) else 0


def coverage(rows: pd.DataFrame, headline_providers, first: int, last: int) -> pd.DataFrame:
    """Per headline provider and edition: the full years it holds, and the years from `first` to `last`
    that no edition of that provider gives (the gaps a reader should know of)."""
    full = rows[
        rows["used"]
        & ~rows["partial"].astype(bool)
        & rows["amount"].notna()
        & rows["provider"].isin(list(headline_providers))
    ]
    out = []
    for prov in headline_providers:
        g = full[full["provider"] == prov]
        held = set(g["year"])
        gaps = [y for y in range(first, last + 1) if y not in held]
        for ser, s in sorted(g.groupby("series"), key=lambda kv: (kv[1]["year"].min(), kv[0])):
            out.append({"provider": prov, "edition": ser, "years": sorted(set(s["year"])), "gaps": gaps})
        if g.empty:
            out.append({"provider": prov, "edition": None, "years": [], "gaps": gaps})
    return pd.DataFrame(out, columns=["provider", "edition", "years", "gaps"])


def genai_split(
    mt: pd.DataFrame, sources: pd.DataFrame, *, start_year: int, end_year: int, currency: str, fx: pd.DataFrame
) -> pd.DataFrame:
    """Generative AI against the rest of AI, per year, where one edition of a provider gives both for China
    (generative AI lies inside all AI, so the rest is the difference and the share is a true share)."""
    kw = dict(start_year=start_year, end_year=end_year, currency=currency, fx=fx)
    provs = sorted(set(mt.loc[mt["scope"] == "generative_ai", "provider"]))
    a = yearly_rows(mt, sources, scope="all_ai", providers=provs, **kw)
    g = yearly_rows(mt, sources, scope="generative_ai", providers=provs, **kw)
    keep = lambda d: d[d["used"] & ~d["partial"].astype(bool) & d["amount"].notna()]  # noqa: E731
    a, g = keep(a), keep(g)
    a, g = (d if "grade" in d else d.assign(grade="") for d in (a, g))
    both = a.merge(g, on=["provider", "series", "year"], suffixes=("_all", "_gen"))
    both = both.drop_duplicates(["provider", "series", "year"])
    return pd.DataFrame(
        {
            "provider": both["provider"],
            "series": both["series"],
            "year": both["year"],
            "all_ai": both["amount_all"],
            "generative_ai": both["amount_gen"],
            "rest": both["amount_all"] - both["amount_gen"],
            "share_pct": 100 * both["amount_gen"] / both["amount_all"],
            "sources": [[x, y] for x, y in zip(both["source_id_all"], both["source_id_gen"])],
            "grades": [[str(x), str(y)] for x, y in zip(both["grade_all"], both["grade_gen"])],
        }
    )


def marked(pkg, ids, start_year: int, end_year: int) -> pd.DataFrame:
    """The named events within the report's years, in date order (an unknown id is a parameter error,
    raised by the notebook's parameter check before this runs)."""
    ev = pkg["events"] if "events" in pkg else pd.DataFrame(columns=["event_id", "date", "title", "source_id"])
    ev = ev[ev["event_id"].isin(list(ids)) & ev["date"].dt.year.between(start_year, end_year)]
    return ev.sort_values("date").reset_index(drop=True)


@dataclass
class Result:
    currency: str
    start_year: int
    end_year: int
    headline_providers: list[str]
    rows: pd.DataFrame  # single-year figures in range, converted, with headline flags
    peaks: pd.DataFrame  # per provider: highest and latest full year (peak_and_decline)
    segments: pd.DataFrame  # the same for segment breakdowns
    spread: pd.DataFrame  # per year and kind of count: low, high, spread
    floors: pd.DataFrame  # partial-year lower bounds of headline providers
    recent: dict | None  # the last two full years two or more providers cover in one edition
    latest_change: dict | None  # the same among headline providers (one is enough)
    concentration: pd.DataFrame  # per year: share of recorded round capital in the two largest rounds
    top_rounds: dict | None  # the two-largest-rounds claim set against the data
    world: pd.DataFrame = field(default_factory=pd.DataFrame)  # China against the US and the world (world_view)
    vintages: pd.DataFrame = field(default_factory=pd.DataFrame)  # one provider's China figures by edition
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)  # headline provider x edition: years held, gaps
    genai: pd.DataFrame = field(default_factory=pd.DataFrame)  # generative AI against the rest, within one edition
    events: pd.DataFrame = field(default_factory=pd.DataFrame)  # the events marked on the chart of the report
    companies: pd.DataFrame = field(default_factory=pd.DataFrame)  # newly funded AI companies per year and region
    rounds_variant: str = "private"
    tables: tuple = field(default=TABLES)

    @property
    def has_data(self) -> bool:
        return bool(self.rows["used"].any())


def analyse(
    pkg,
    *,
    currency: str,
    start_year: int,
    end_year: int,
    providers: list[str],
    scope: str,
    headline_providers: list[str],
    marked_events=(),
) -> Result:
    """Everything the decline report states, for these providers, years, currency and scope;
    `marked_events` are event ids drawn on the chart of the report."""
    mt, fx = pkg["market_totals"], pkg["fx_rates"]
    kw = dict(scope=scope, providers=providers, start_year=start_year, end_year=end_year, currency=currency, fx=fx)
    rows = yearly_rows(mt, pkg["sources"], **kw)
    seg = yearly_rows(mt, pkg["sources"], segment=None, **kw)
    ru = round_universe.variant(round_universe.in_usd(pkg, fx), "private")
    ru = ru[ru["amount_usd_m"].notna()]
    first = max(start_year, int(ru["year"].min())) if len(ru) else start_year
    conc = pd.DataFrame([concentration(ru, y) for y in range(first, end_year + 1)])
    conc = conc[conc["rounds"] > 0] if len(conc) else conc
    headline = [p for p in headline_providers if p in providers]
    return Result(
        currency=currency,
        start_year=start_year,
        end_year=end_year,
        headline_providers=headline,
        rows=rows,
        peaks=peak_and_decline(rows, headline),
        segments=seg[seg["segment"] != "all"],
        spread=provider_range(rows, headline),
        floors=floors(rows, headline),
        recent=recent_change(rows),
        latest_change=recent_change(rows, headline),
        concentration=conc,
        top_rounds=top_rounds_check(pkg, ru, rows),
        world=world_view(
            mt, pkg["sources"], scope=scope, start_year=start_year, end_year=end_year, currency=currency, fx=fx
        ),
        vintages=vintages(rows, headline),
        coverage=coverage(rows, headline, max(start_year, COVERAGE_FROM), min(end_year, last_full_year(rows))),
        genai=genai_split(mt, pkg["sources"], start_year=start_year, end_year=end_year, currency=currency, fx=fx),
        events=marked(pkg, marked_events, start_year, end_year),
        companies=new_companies(mt, start_year, end_year),
    )
