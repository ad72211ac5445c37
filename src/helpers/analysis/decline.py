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


def yearly_rows(mt: pd.DataFrame, sources: pd.DataFrame, *, scope: str, providers: list[str],
                start_year: int, end_year: int, currency: str, fx: pd.DataFrame, segment: str | None = "all") -> pd.DataFrame:
    """Single-calendar-year rows in range, converted to `currency`, with headline flags (segment None: every segment)."""
    m = mt[(mt["scope"] == scope) & mt["provider"].isin(providers)]
    m = (m if segment is None else m[m["segment"] == segment]).copy()
    m = m[m["period_start"].notna() & (m["period_start"].dt.year == m["period_end"].dt.year)]
    m["year"] = m["period_end"].dt.year.astype(int)
    m = m[(m["year"] >= start_year) & (m["year"] <= end_year)]
    m["used"] = m["excluded_reason"].isna()
    conv = convert(m["amount_m"], m["currency"], m["year"].astype(str), currency, fx, what="market total", ids=m["fact_id"])
    m["amount"] = conv["value"]
    m["fx_rate"] = conv["rate"]
    m["avg_deal"] = m["amount"] / m["deal_count"].astype("float64")
    pub = sources.set_index("source_id")["published"]
    m["source_published"] = m["source_id"].map(pub)
    m = m.sort_values(["provider", "year", "partial", "edition", "source_published", "fact_id"],
                      ascending=[True, True, True, False, False, True], na_position="last")
    full = m["used"] & ~m["partial"].astype(bool) & m["amount"].notna()
    m["headline"] = False
    first = m[full].groupby(["provider", "segment", "year"], sort=False).head(1).index
    m.loc[first, "headline"] = True
    return m.sort_values(["provider", "year", "period_end", "fact_id"]).reset_index(drop=True)



TABLES = ("market_totals", "rounds", "claims", "fx_rates")  # what the report reads; the build takes it from here
TOP_ROUNDS_METRIC = "top2_rounds_share_of_capital"  # the claim key of the reported two-largest-rounds share


def peak_and_decline(rows: pd.DataFrame, headline_providers=()) -> pd.DataFrame:
    """Per provider whose highest full year comes before its latest: highest, latest, change.

    `peak_shown` is true only where the provider has an observed full year on both sides of its
    highest (the year before and the year after are in its series): otherwise the highest figure may
    be an artefact of where the series starts or of missing years, and the report must not call it
    a peak. `missing_years` lists the years absent between the year before the highest and the
    latest. Consecutive falls count year-on-year falls directly after the highest, stopping at the
    first rise or gap. Ordered with `headline_providers` first (in their order), then by years covered.
    """
    out = []
    for prov, g in rows[rows["headline"]].groupby("provider", sort=True):
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
        out.append({"provider": prov, "peak_year": int(peak["year"]), "peak_amount": peak["amount"],
                    "peak_qualifier": peak["qualifier"], "peak_grade": peak.get("grade"), "peak_deals": peak["deal_count"], "peak_source": peak["source_id"],
                    "latest_year": int(last["year"]), "latest_amount": last["amount"], "latest_qualifier": last["qualifier"], "latest_grade": last.get("grade"),
                    "latest_source": last["source_id"],
                    "change_pct": 100 * (last["amount"] / peak["amount"] - 1), "years": len(g),
                    "consecutive_falls_after_peak": falls,
                    "peak_shown": {int(peak["year"]) - 1, int(peak["year"]) + 1} <= years,
                    "missing_years": missing,
                    "peak_alternatives": _alternatives(rows, prov, int(peak["year"])),
                    "latest_alternatives": _alternatives(rows, prov, int(last["year"]))})
    if not out:
        return pd.DataFrame(out)
    df = pd.DataFrame(out)
    rank = {p: i for i, p in enumerate(headline_providers)}
    df["_r"] = df["provider"].map(lambda p: rank.get(p, len(rank)))
    return df.sort_values(["_r", "years"], ascending=[True, False]).drop(columns="_r").reset_index(drop=True)


def _alternatives(rows: pd.DataFrame, provider: str, year: int) -> list[tuple[float, str, str]]:
    """Other usable full-year figures the provider has for `year` (amount, qualifier, source), beside the headline."""
    m = rows[(rows["provider"] == provider) & (rows["year"] == year) & rows["used"] & ~rows["partial"].astype(bool)
             & ~rows["headline"] & rows["amount"].notna()]
    return list(zip(m["amount"], m["qualifier"], m["source_id"]))


def provider_range(rows: pd.DataFrame, among=None) -> pd.DataFrame:
    """Low, high and spread across providers' headline full-year figures, per year and per kind of count.

    Like is compared with like: providers that count venture deals are ranged apart from those that
    count all private or all equity investment (`coverage`), so the spread measures disagreement,
    not scope; `among` limits it to named providers (the report's headline providers, whose methods
    are published). Groups with one provider have no spread.
    """
    h = rows[rows["headline"]]
    if among is not None:
        h = h[h["provider"].isin(list(among))]
    h = h.assign(coverage=h["coverage"].astype(object).fillna("unknown"))
    g = h.groupby(["year", "coverage"])["amount"]
    out = pd.DataFrame({"providers": g.size(), "low": g.min(), "high": g.max()}).reset_index()
    out["high_to_low"] = np.where(out["providers"] >= 2, out["high"] / out["low"], np.nan)
    return out


def recent_change(rows: pd.DataFrame) -> dict | None:
    """The last two consecutive full years that two or more providers both cover: who counted more money.

    Returns {"from": y0, "to": y1, "pairs": [(provider, row y0, row y1)], "up": [provider, ...]}.
    """
    h = rows[rows["headline"]]
    by = {p: g.set_index("year") for p, g in h.groupby("provider")}
    years = sorted(set(h["year"]), reverse=True)
    for y1 in years:
        y0 = y1 - 1
        pairs = [(p, g.loc[y0], g.loc[y1]) for p, g in sorted(by.items()) if y0 in g.index and y1 in g.index]
        if len(pairs) >= 2:
            up = [p for p, a, b in pairs if b["amount"] > a["amount"]]
            return {"from": y0, "to": y1, "pairs": pairs, "up": up}
    return None


def floors(rows: pd.DataFrame, headline_providers) -> pd.DataFrame:
    """Partial periods the headline providers report as lower bounds, except the latest partial year
    (the answer states that one). A lower bound says the period held at least this much."""
    part = rows[rows["partial"] & rows["used"] & rows["amount"].notna() & (rows["qualifier"] == "lower_bound")
                & rows["provider"].isin(list(headline_providers))]
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
    return {"year": year, "rounds": len(y), "total_usd_m": total, "top": top,
            "top_usd_m": float(top_rows["amount_usd_m"].sum()),
            "share_pct": 100 * float(top_rows["amount_usd_m"].sum()) / total if total else np.nan,
            "top_round_ids": list(top_rows["round_id"]), "top_sources": list(top_rows["headline_source_id"])}



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
    inside = rows[rows["used"] & rows["amount"].notna() & (rows["year"] == year)
                  & (rows["period_start"] <= first) & (rows["period_end"] >= last)]
    left_out = rows[rows["used"] & rows["amount"].notna() & (rows["year"] == year)].drop(inside.index)
    return {"claim": claim, "year": year, "concentration": c, "top": top.reset_index(),
            "denominators": inside.sort_values(["provider", "period_end"]),
            "not_containing": left_out.sort_values(["provider", "period_end"])}


@dataclass
class Result:
    currency: str
    start_year: int
    end_year: int
    headline_providers: list[str]
    rows: pd.DataFrame            # single-year figures in range, converted, with headline flags
    peaks: pd.DataFrame           # per provider: highest and latest full year (peak_and_decline)
    segments: pd.DataFrame        # the same for segment breakdowns
    spread: pd.DataFrame          # per year and kind of count: low, high, spread
    floors: pd.DataFrame          # partial-year lower bounds of headline providers
    recent: dict | None           # the last two full years both covered by two or more providers
    concentration: pd.DataFrame   # per year: share of recorded round capital in the two largest rounds
    top_rounds: dict | None       # the two-largest-rounds claim set against the data
    rounds_variant: str = "private"
    tables: tuple = field(default=TABLES)

    @property
    def has_data(self) -> bool:
        return bool(self.rows["used"].any())


def analyse(pkg, *, currency: str, start_year: int, end_year: int, providers: list[str], scope: str,
            headline_providers: list[str]) -> Result:
    """Everything the decline report states, for these providers, years, currency and scope."""
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
    return Result(currency=currency, start_year=start_year, end_year=end_year, headline_providers=headline,
                  rows=rows, peaks=peak_and_decline(rows, headline), segments=seg[seg["segment"] != "all"],
                  spread=provider_range(rows, headline), floors=floors(rows, headline), recent=recent_change(rows),
                  concentration=conc, top_rounds=top_rounds_check(pkg, ru, rows))
