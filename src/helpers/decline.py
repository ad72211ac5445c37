"""Narrative 1, the investment decline: provider series, peaks, declines, ranges, concentration.

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

import numpy as np
import pandas as pd

from helpers.fx import convert


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


MAJOR_PROVIDERS = ("PitchBook", "ITJuzi", "Stanford AI Index", "CB Insights")


def peak_and_decline(rows: pd.DataFrame) -> pd.DataFrame:
    """Per provider whose highest full year comes before its latest: highest, latest, change.

    `peak_shown` is true only where the provider has an observed full year on both sides of its
    highest (the year before and the year after are in its series): otherwise the highest figure may
    be an artefact of where the series starts or of missing years, and the report must not call it
    a peak. `missing_years` lists the years absent between the year before the highest and the
    latest. Consecutive falls count year-on-year falls directly after the highest, stopping at the
    first rise or gap. Ordered with the widely cited providers first, then by years covered.
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
    rank = {p: i for i, p in enumerate(MAJOR_PROVIDERS)}
    df["_r"] = df["provider"].map(lambda p: rank.get(p, len(rank)))
    return df.sort_values(["_r", "years"], ascending=[True, False]).drop(columns="_r").reset_index(drop=True)


def peak_finding(pk, currency: str, alternatives: bool = True) -> tuple[str, dict]:
    """The sentence for one provider's highest and latest full years, with its Figures.

    Says "peaked" only when `peak_shown`; otherwise names the missing years. The change keeps the
    qualifiers of both ends (an approximate latest figure makes the change approximate).
    """
    from helpers import figures as F
    high = F.money(pk.peak_amount, currency, pk.peak_qualifier, sources=(pk.peak_source,), period=str(pk.peak_year),
                   grade=str(getattr(pk, "peak_grade", "") or ""))
    latest = F.money(pk.latest_amount, currency, pk.latest_qualifier, sources=(pk.latest_source,), period=str(pk.latest_year),
                     grade=str(getattr(pk, "latest_grade", "") or ""))
    values = {"prov": pk.provider, "py": pk.peak_year, "pa": high, "ly": pk.latest_year, "la": latest,
              "chg": F.change(latest, high), "deals": "" if pd.isna(pk.peak_deals) else
              F.count(pk.peak_deals, sources=(pk.peak_source,))}
    deals = "" if values["deals"] == "" else " across {deals} deals"
    alt = ""
    alts = [(y, a) for y, a in ((pk.peak_year, pk.peak_alternatives), (pk.latest_year, pk.latest_alternatives))
            if a and alternatives]
    if alts:
        from helpers.report import Num
        text = "; ".join(f"{y}: " + ", ".join(F.fmt(F.money(a, currency, q)) for a, q, _ in al) for y, al in alts)
        values["alt"] = Num(text, tuple(sid for _, al in alts for _, _, sid in al))
        alt = " Other reports by the same provider: {alt}."
    if pk.peak_shown:
        return ("{prov}: AI funding in China peaked in {py} at {pa}" + deals + "; in {ly} it was {la}, {chg!p} from that peak."
                + alt), values
    ys = [str(y) for y in pk.missing_years]
    values["gap"] = ys[0] if len(ys) == 1 else ", ".join(ys[:-1]) + " or " + ys[-1]
    return ("{prov}: the highest full year on record here is {py}, at {pa}" + deals + "; in {ly} it was {la}, {chg!p}. "
            "With no figure for {gap}, this series cannot show that {py} was the peak." + alt), values


def answer(rows: pd.DataFrame, peaks: pd.DataFrame, currency: str) -> list[tuple[str, dict]]:
    """The report's answer, 2–4 sentences: the first-ranked provider's highest and latest full years,
    how far the providers' full-year figures spread in the latest year three or more of them cover,
    and the latest partial year, kept apart. Each is (template, values) for `report.sentence`."""
    from helpers import figures as F
    out = []
    if len(peaks):
        pk = peaks.iloc[0]
        out.append(peak_finding(pk, currency, alternatives=False))
    h = rows[rows["headline"]]
    per_year = h.groupby("year")["provider"].nunique()
    wide = per_year[per_year >= 3]
    if len(wide):
        y = int(wide.index.max())
        hy = h[h["year"] == y].sort_values("amount")
        lo, hi = hy.iloc[0], hy.iloc[-1]
        kinds = sorted(set(hy["coverage"].dropna().astype(str)))
        why = (f"they count different things ({' or '.join(kinds)} investment, under different definitions of AI)"
               if len(kinds) > 1 else "they define AI and its deals differently")
        out.append(("For {y}, {n} providers' full-year figures run from {lo} ({lp}) to {hi} ({hp}): {why}, so the report "
                    "shows them side by side and never averages them.",
                    {"y": y, "n": len(hy), "why": why, "lp": lo["provider"], "hp": hi["provider"],
                     "lo": F.money(lo["amount"], currency, lo["qualifier"], sources=(lo["source_id"],), grade=str(lo["grade"])),
                     "hi": F.money(hi["amount"], currency, hi["qualifier"], sources=(hi["source_id"],), grade=str(hi["grade"]))}))
    part = rows[rows["partial"] & rows["used"] & rows["amount"].notna()]
    if len(part):
        y = int(part["year"].max())
        if h.empty or y > int(h["year"].max()):
            # a named provider before an unattributed copy of the same statistic
            py = part[part["year"] == y].assign(_named=lambda d: ~d["provider"].str.startswith("unspecified"))
            latest = py.sort_values(["_named", "period_end", "amount"]).iloc[-1]
            out.append(("{y} so far is a partial year, kept apart: {prov} counted {amt} from {s} to {e}.",
                        {"y": y, "prov": latest["provider"], "s": f"{latest['period_start']:%-d %B}",
                         "e": f"{latest['period_end']:%-d %B %Y}",
                         "amt": F.money(latest["amount"], currency, latest["qualifier"], sources=(latest["source_id"],),
                                        grade=str(latest["grade"]))}))
    return out


def _alternatives(rows: pd.DataFrame, provider: str, year: int) -> list[tuple[float, str, str]]:
    """Other usable full-year figures the provider has for `year` (amount, qualifier, source), beside the headline."""
    m = rows[(rows["provider"] == provider) & (rows["year"] == year) & rows["used"] & ~rows["partial"].astype(bool)
             & ~rows["headline"] & rows["amount"].notna()]
    return list(zip(m["amount"], m["qualifier"], m["source_id"]))


def provider_range(rows: pd.DataFrame) -> pd.DataFrame:
    """Low, high and spread across providers' headline full-year figures, per year."""
    h = rows[rows["headline"]]
    g = h.groupby("year")["amount"]
    out = pd.DataFrame({"providers": g.size(), "low": g.min(), "high": g.max()})
    out["high_to_low"] = out["high"] / out["low"]
    return out.reset_index()


def methodology(mt: pd.DataFrame, sources: pd.DataFrame, providers: list[str]) -> pd.DataFrame:
    """What each provider's rows say they count: scope, coverage, currency, periods, latest edition."""
    from helpers.labels import value
    m = mt[mt["provider"].isin(providers)]
    join = lambda s: ", ".join(sorted({value(x) for x in s.dropna().unique()}))  # noqa: E731
    out = m.groupby("provider", observed=True).agg(
        rows=("fact_id", "size"), scope=("scope", join), coverage=("coverage", join),
        currency=("currency", join), first_period=("period_end", "min"), last_period=("period_end", "max"),
        latest_edition=("edition", "max"))
    out["periods"] = out["first_period"].dt.strftime("%Y") + " to " + out["last_period"].dt.strftime("%Y")
    out["latest_edition"] = out["latest_edition"].dt.strftime("%b %Y").fillna("—")
    out = out.drop(columns=["first_period", "last_period"]).reset_index()
    out["provider"] = out["provider"].map(value)
    return out.rename(columns={"provider": "Provider", "rows": "Figures", "scope": "Scope", "coverage": "Counts",
                               "currency": "Currency", "periods": "Periods ending", "latest_edition": "Latest edition"})


def underlying(rows: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Every single-year figure for the appendix, in seven reader columns."""
    from helpers import figures as F
    from helpers.labels import value
    use = ["excluded: " + str(e) if not pd.isna(e) else "headline" if h else "partial period" if p else "other figure"
           for e, h, p in zip(rows["excluded_reason"], rows["headline"], rows["partial"])]
    return pd.DataFrame({
        "Provider": rows["provider"].map(value),
        "Period": [f"{a:%b %Y} to {b:%b %Y}" for a, b in zip(rows["period_start"], rows["period_end"])],
        "As reported": [F.fmt(F.money(a, str(c), q if q != "range" else "approx")) if not pd.isna(a) else "not disclosed"
                        for a, c, q in zip(rows["amount_m"], rows["currency"], rows["qualifier"].astype(object).fillna("exact"))],
        f"In {currency}": [F.fmt(F.money(a, currency, q if q != "range" else "approx")) if not pd.isna(a) else "—"
                           for a, q in zip(rows["amount"], rows["qualifier"].astype(object).fillna("exact"))],
        "Deals": [f"{int(d):,}" if not pd.isna(d) else "—" for d in rows["deal_count"]],
        "Use in this report": use,
        "source_id": rows["source_id"]})


def round_usd(rounds: pd.DataFrame, fx: pd.DataFrame) -> pd.DataFrame:
    """Rounds with a disclosed amount in USD (monthly mean rate of the announcement month); IPOs excluded."""
    r = rounds[rounds["amount_m"].notna() & (rounds["stage"] != "ipo")].copy()
    conv = convert(r["amount_m"], r["currency"], r["announced"].dt.strftime("%Y-%m"), "USD", fx, what="round amount", ids=r["round_id"])
    r["amount_usd_m"] = conv["value"]
    r["year"] = r["announced"].dt.year
    return r


def concentration(rounds_usd: pd.DataFrame, year: int, top: int = 2) -> dict:
    """Share of disclosed round capital in `year` taken by its `top` largest rounds."""
    y = rounds_usd[rounds_usd["year"] == year].sort_values("amount_usd_m", ascending=False)
    total = float(y["amount_usd_m"].sum())
    top_rows = y.head(top)
    return {"year": year, "rounds": len(y), "total_usd_m": total, "top": top,
            "top_usd_m": float(top_rows["amount_usd_m"].sum()),
            "share_pct": 100 * float(top_rows["amount_usd_m"].sum()) / total if total else np.nan,
            "top_round_ids": list(top_rows["round_id"]), "top_sources": list(top_rows["headline_source_id"])}


def two_largest_check(pkg, rounds_usd: pd.DataFrame, cite, year: int = 2024) -> str:
    """Set the reported claim (two largest rounds held over a third of capital) against the data."""
    from helpers.report import esc, money, pct
    claims = pkg["claims"]
    hit = claims[claims["statement"].str.contains("two largest", case=False, na=False)
                 | claims["metric"].str.contains("top_2|two_largest|top2", case=False, na=False)]
    c = concentration(rounds_usd, year)
    parts = []
    if len(hit):
        cl = hit.iloc[0]
        parts.append(f"<p>The claim{cite.ref(cl['source_id'])}: {esc(cl['statement'])}</p>")
    else:
        parts.append("<p class='gap'>The claim about the two largest rounds is not in claims.csv: a gap.</p>")
    if c["rounds"]:
        top = pkg["rounds"].set_index("round_id").loc[c["top_round_ids"]]
        from helpers.labels import value
        names = "; ".join(f"{esc(value(i))} ({money(v)})" + cite.ref(s) for i, v, s in zip(c["top_round_ids"], rounds_usd.set_index("round_id").loc[c["top_round_ids"], "amount_usd_m"], top["headline_source_id"]))
        parts.append(f"<p>In the round-level data, the two largest {year} rounds were {names}: together "
                     f"<strong>{money(c['top_usd_m'])}</strong>, or <strong>{pct(c['share_pct'])}</strong> of the "
                     f"<strong>{money(c['total_usd_m'])}</strong> disclosed across {c['rounds']} recorded rounds (denominator: "
                     f"the rounds in data/rounds.csv, generative-AI and AI start-ups only, IPOs excluded).</p>")
        pb = pkg["market_totals"]
        base = pb[(pb["provider"] == "PitchBook") & (pb["period_end"].dt.year == year) & (pb["scope"] == "all_ai") & (pb["segment"] == "all")
                  & pb["amount_m"].notna() & (pb["currency"] == "USD")].sort_values("period_end")
        for b in base.itertuples():
            share = 100 * c["top_usd_m"] / float(b.amount_m)
            parts.append(f"<p>Against PitchBook's {year} figure to {b.period_end:%d %B %Y} ({money(b.amount_m, 'USD', b.qualifier)}"
                         f"{cite.ref(b.source_id)}{', partial' if b.partial else ''}), the same two rounds are {pct(share)}"
                         f"{' of a lower-bound denominator, so an upper estimate of the share' if b.qualifier == 'lower_bound' else ''}. "
                         f"The claim of over a third {'holds' if share > 100 / 3 else 'does not hold'} on this denominator.</p>")
    else:
        parts.append(f"<p class='gap'>No rounds with disclosed amounts in {year}: the claim cannot be checked here.</p>")
    return "".join(parts)


# ---------------------------------------------------------------- charts
def _mark_title(r, p, label, cite) -> str:
    period = (f"{r['period_start']:%Y-%m-%d} to {r['period_end']:%Y-%m-%d}" + (" (partial)" if r["partial"] else ""))
    src = cite.sources.loc[r["source_id"]]
    date = "" if pd.isna(src["published"]) else f", {src['published']:%Y-%m-%d}"
    kind = "headline" if r["headline"] else ("partial period" if r["partial"] else "other figure for this year")
    return f"{p}, {period}: {label} ({kind}). Source: {src['publisher']}{date} [{r['source_id']}]"


def _plot_provider(ax, g, col, scale, color, marks, label_fn, cite, p):
    h = g[g["headline"] & g[col].notna()].sort_values("year")
    # A line joins consecutive observed years only; a missing year shows as a gap.
    run = (h["year"].diff() != 1).cumsum()
    for _, seg in h.groupby(run):
        if len(seg) > 1:
            ax.plot(seg["year"], seg[col].astype("float64") / scale, color=color, lw=1.6)
    for _, r in g[g[col].notna()].iterrows():
        x = r["year"] + (0.15 if r["partial"] else 0)
        style = (dict(marker="o", ms=6, color=color) if r["headline"] else
                 dict(marker="o", ms=6, mfc="white", color=color) if r["partial"] else dict(marker="x", ms=6, color=color))
        (mark,) = ax.plot([x], [float(r[col]) / scale], ls="none", **style)
        marks.tag(mark, _mark_title(r, p, label_fn(r), cite))


def series_chart(rows: pd.DataFrame, currency: str, cite, start_year: int, end_year: int, min_points: int = 2):
    """Small multiples: one panel per provider with at least `min_points` yearly figures."""
    import math
    import matplotlib.pyplot as plt
    from helpers import charts
    from helpers.report import money
    plotted = rows[rows["used"] & rows["amount"].notna()]
    counts = plotted.groupby("provider")["year"].nunique()
    provs = sorted(counts[counts >= min_points].index, key=lambda p: (-counts[p], p))
    plotted = plotted[plotted["provider"].isin(provs)]
    ncol = 3
    nrow = max(1, math.ceil(len(provs) / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(11, 2.6 * nrow + 0.8), sharex=True, sharey=True, squeeze=False)
    marks = charts.Marks("decline")
    for i, p in enumerate(provs):
        ax = axes[i // ncol][i % ncol]
        _plot_provider(ax, plotted[plotted["provider"] == p], "amount", 1000, charts.color_for(p, "provider"), marks,
                       lambda r: money(r["amount"], currency, r["qualifier"]) + ("" if pd.isna(r["deal_count"]) else f", {int(r['deal_count']):,} deals"),
                       cite, p)
        ax.set_title(p, fontsize=10)
        ax.set_xlim(start_year - 0.5, end_year + 0.7)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=6))
        if i % ncol == 0:
            ax.set_ylabel(f"Billions of {currency}")
        ax.tick_params(labelbottom=True)  # year labels on every panel, not only the bottom row
        if i // ncol == nrow - 1 or i + ncol >= len(provs):
            ax.set_xlabel("Year (period end)")
    for j in range(len(provs), nrow * ncol):
        axes[j // ncol][j % ncol].set_visible(False)
    title = f"AI investment in China per year, one panel per provider (billions of {currency})"
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    cite.use(plotted["source_id"])
    data = plotted[["fact_id", "provider", "edition", "scope", "coverage", "period_start", "period_end", "partial",
                    "amount_m", "currency", "qualifier", "fx_rate", "amount", "deal_count", "headline", "source_id"]].rename(
        columns={"amount": f"amount_{currency.lower()}_m", "amount_m": "amount_original_m", "currency": "original_currency"})
    alt = (f"Small multiples, {start_year} to {end_year}: AI investment in China in billions of {currency}, one panel per provider "
           f"({', '.join(provs)}), on a shared scale. Full-year figures are joined by lines; partial periods are hollow dots.")
    from helpers.labels import value
    others = sorted(value(x) for x in set(rows.loc[rows["used"], "provider"]) - set(provs))
    note = ("Filled dots: full-year headline figures; hollow dots: partial periods as reported (not annualised); crosses: other "
            "figures for the same year. Lines join consecutive years only: a break is a year with no figure." + (f" Providers with a single yearly figure are in the tables below: {', '.join(others)}." if others else ""))
    return charts.figure(fig, title=title, alt=alt, source=cite.publishers(plotted["source_id"]) + " (providers: " + ", ".join(provs) + ")",
                         data=data, name="decline-series", marks=marks, note=note,
                         colors={p: charts.color_for(p, "provider") for p in provs})


def deals_chart(rows: pd.DataFrame, cite, start_year: int, end_year: int):
    """Deal counts per year, one line per provider with at least two counts."""
    import matplotlib.pyplot as plt
    from helpers import charts
    d = rows[rows["used"] & rows["deal_count"].notna()]
    counts = d.groupby("provider")["year"].nunique()
    provs = sorted(counts[counts >= 2].index)
    d = d[d["provider"].isin(provs)]
    if d.empty:
        return None
    fig, ax = plt.subplots(figsize=(10, 4))
    marks = charts.Marks("deals")
    for i, p in enumerate(provs):
        color = charts.color_for(p, "provider")
        _plot_provider(ax, d[d["provider"] == p], "deal_count", 1, color, marks, lambda r: f"{int(r['deal_count']):,} deals", cite, p)
        ax.plot([], [], color=color, marker="o", label=p)
    title = "Number of AI deals in China per year, by provider"
    ax.set(title=title, xlabel="Year (period end)", ylabel="Deals (count)", xlim=(start_year - 0.5, end_year + 0.7))
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    cite.use(d["source_id"])
    data = d[["fact_id", "provider", "period_start", "period_end", "partial", "deal_count", "deal_count_qualifier", "headline", "source_id"]]
    return charts.figure(fig, title=title, alt=f"Line chart of the number of AI deals in China per year for {', '.join(provs)}; partial periods as hollow dots.",
                         source=cite.publishers(d["source_id"]), data=data, name="decline-deals", marks=marks,
                         colors={p: charts.color_for(p, "provider") for p in provs})


def range_chart(rows: pd.DataFrame, currency: str, cite):
    """Low-to-high bar of headline full-year figures across providers, per year."""
    import matplotlib.pyplot as plt
    from helpers import charts
    from helpers.report import money
    h = rows[rows["headline"]]
    rng = provider_range(rows)
    fig, ax = plt.subplots(figsize=(10, 4))
    marks = charts.Marks("range")
    for _, r in rng.iterrows():
        (bar,) = ax.plot([r["year"], r["year"]], [r["low"] / 1000, r["high"] / 1000], lw=8, color=charts.PALETTE[0], alpha=0.35,
                         solid_capstyle="butt")
        who = h[h["year"] == r["year"]].sort_values("amount")
        marks.tag(bar, f"{int(r['year'])}: {money(r['low'], currency)} to {money(r['high'], currency)} across "
                       f"{int(r['providers'])} provider(s): " + "; ".join(f"{p} {money(a, currency, q)} [{s}]" for p, a, q, s in
                                                                      zip(who["provider"], who["amount"], who["qualifier"], who["source_id"])))
    ax.set(title="How far providers disagree: range of full-year figures", xlabel="Year", ylabel=f"Billions of {currency}")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    cite.use(h["source_id"])
    alt = f"Vertical bars per year from the lowest to the highest provider figure for AI investment in China, in billions of {currency}."
    data = h[["year", "provider", "fact_id", "amount", "qualifier", "source_id"]].rename(columns={"amount": f"amount_{currency.lower()}_m"})
    return charts.figure(fig, title="How far providers disagree: range of full-year figures", alt=alt,
                         source=cite.publishers(h["source_id"]), data=data, name="decline-range", marks=marks)


def segment_chart(seg: pd.DataFrame, currency: str, cite):
    """Horizontal bars: segment amounts per provider and period, where a provider reports them."""
    import matplotlib.pyplot as plt
    from helpers import charts
    from helpers.report import money
    seg = seg[seg["used"] & seg["amount"].notna()].sort_values(["year", "provider", "segment"])
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(seg) + 1.4))
    marks = charts.Marks("segment")
    labels = [f"{r.segment.replace('_', ' ')} · {r.provider} · {r.year}{' (partial)' if r.partial else ''}" for r in seg.itertuples()]
    for i, r in enumerate(seg.itertuples()):
        (bar,) = ax.barh([i], [r.amount / 1000], color=charts.color_for(r.provider, "provider"))
        marks.tag(bar, f"{labels[i]}: {money(r.amount, currency, r.qualifier)}"
                       f"{'' if pd.isna(r.deal_count) else f', {int(r.deal_count)} deals'} [{r.source_id}]")
    ax.set_yticks(range(len(seg)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set(title="What the money went to: segment figures reported by providers", xlabel=f"Billions of {currency}")
    cite.use(seg["source_id"])
    data = seg[["fact_id", "provider", "segment", "period_start", "period_end", "partial", "amount", "qualifier", "deal_count", "source_id"]]
    return charts.figure(fig, title="What the money went to: segment figures reported by providers",
                         alt=f"Horizontal bars of AI investment in China by segment ({', '.join(sorted(seg['segment'].unique()))}) "
                             f"in billions of {currency}, per provider and year.",
                         source=cite.publishers(seg["source_id"]), data=data, name="decline-segments", marks=marks,
                         colors={p: charts.color_for(p, "provider") for p in sorted(set(seg["provider"]))})
