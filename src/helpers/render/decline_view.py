"""What the decline report shows: its answer, key findings, reader tables and charts.

Everything here turns a `decline.Result` into words and pictures through the one formatter
(`figures.fmt`); no number is computed here that the analysis did not return.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from helpers.analysis import figures as F
from helpers.analysis.decline import provider_range
from helpers.render import charts, report
from helpers.render.labels import value
from helpers.render.report import money

def peak_finding(pk, currency: str, alternatives: bool = True) -> tuple[str, dict]:
    """The sentence for one provider's highest and latest full years, with its Figures.

    Says "peaked" only when `peak_shown`; otherwise names the missing years. The change keeps the
    qualifiers of both ends (an approximate latest figure makes the change approximate).
    """
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
        text = "; ".join(f"{y}: " + ", ".join(F.fmt(F.money(a, currency, q)) for a, q, _ in al) for y, al in alts)
        values["alt"] = report.Num(text, tuple(sid for _, al in alts for _, _, sid in al))
        alt = " Other reports by the same provider: {alt}."
    if pk.peak_shown:
        return ("{prov}: AI funding in China peaked in {py} at {pa}" + deals + "; in {ly} it was {la}, {chg!p} from that peak."
                + alt), values
    ys = [str(y) for y in pk.missing_years]
    values["gap"] = ys[0] if len(ys) == 1 else ", ".join(ys[:-1]) + " or " + ys[-1]
    return ("{prov}: the highest full year on record here is {py}, at {pa}" + deals + "; in {ly} it was {la}, {chg!p}. "
            "With no figure for {gap}, this series cannot show that {py} was the peak." + alt), values


def answer(res, pkg=None) -> list[tuple[str, dict]]:
    """The report's answer, 2–4 sentences: the first-ranked provider's highest and latest full years,
    how far the providers' full-year figures spread in the latest year three or more of them cover,
    and the latest partial year, kept apart. Each is (template, values) for `report.sentence`."""
    rows, peaks, currency = res.rows, res.peaks, res.currency
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


def methodology(mt: pd.DataFrame, sources: pd.DataFrame, providers: list[str]) -> pd.DataFrame:
    """What each provider's rows say they count: scope, coverage, currency, periods, latest edition."""
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


# ---------------------------------------------------------------- charts
def _mark_title(r, p, label, cite) -> str:
    period = (f"{r['period_start']:%Y-%m-%d} to {r['period_end']:%Y-%m-%d}" + (" (partial)" if r["partial"] else ""))
    src = cite.sources.loc[r["source_id"]]
    date = "" if pd.isna(src["published"]) else f", {src['published']:%Y-%m-%d}"
    kind = "headline" if r["headline"] else ("partial period" if r["partial"] else "other figure for this year")
    return f"{p}, {period}: {label} ({kind}). Source: {cite.publisher(r['source_id'])}{date} [{r['source_id']}]"


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
    others = sorted(value(x) for x in set(rows.loc[rows["used"], "provider"]) - set(provs))
    note = ("Filled dots: full-year headline figures; hollow dots: partial periods as reported (not annualised); crosses: other "
            "figures for the same year. Lines join consecutive years only: a break is a year with no figure." + (f" Providers with a single yearly figure are in the tables below: {', '.join(others)}." if others else ""))
    return charts.figure(fig, title=title, alt=alt, source=cite.publishers(plotted["source_id"]) + " (providers: " + ", ".join(provs) + ")",
                         data=data, name="decline-series", marks=marks, note=note,
                         colors={p: charts.color_for(p, "provider") for p in provs})


def deals_chart(rows: pd.DataFrame, cite, start_year: int, end_year: int):
    """Deal counts per year, one line per provider with at least two counts."""
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


COVERAGE_OFFSET = {"venture": -0.22, "private": 0.0, "all_equity": 0.22}


def range_chart(rows: pd.DataFrame, currency: str, cite, among):
    """Per year, the headline providers' full-year figures as dots, grouped by what they count (venture,
    all private, all equity); a grey bar spans each group that has two or more providers."""
    h = rows[rows["headline"] & rows["provider"].isin(among)].copy()
    h["coverage"] = h["coverage"].astype(object).fillna("unknown")
    rng = provider_range(rows, among)
    fig, ax = plt.subplots(figsize=(10, 4))
    marks = charts.Marks("range")
    for _, r in rng[rng["providers"] >= 2].iterrows():
        x = r["year"] + COVERAGE_OFFSET.get(r["coverage"], 0.0)
        (bar,) = ax.plot([x, x], [r["low"] / 1000, r["high"] / 1000], lw=7, color=charts.GREY, alpha=0.45, solid_capstyle="butt")
        marks.tag(bar, f"{int(r['year'])}, {value(r['coverage'])} investment: {money(r['low'], currency)} to "
                       f"{money(r['high'], currency)} across {int(r['providers'])} providers, {r['high_to_low']:.1f} times")
    for prov, g in h.groupby("provider"):
        color = charts.color_for(prov, "provider")
        for _, r in g.iterrows():
            (dot,) = ax.plot([r["year"] + COVERAGE_OFFSET.get(r["coverage"], 0.0)], [r["amount"] / 1000], "o", color=color, ms=6)
            marks.tag(dot, f"{prov}, {int(r['year'])} ({value(r['coverage'])} investment): "
                           f"{money(r['amount'], currency, r['qualifier'])} [{r['source_id']}]")
        ax.plot([], [], "o", color=color, label=prov)
    title = f"How far the headline providers disagree, counting the same kind of investment (billions of {currency})"
    ax.set(xlabel="Year (left: venture; middle: all private; right: all equity)", ylabel=f"Billions of {currency}")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    cite.use(h["source_id"])
    alt = (f"Dots per year for each headline provider's full-year figure for AI investment in China, in billions of {currency}, "
           "grouped by what the provider counts; grey bars span the providers that count the same kind of investment.")
    data = h[["year", "provider", "coverage", "fact_id", "amount", "qualifier", "source_id"]].rename(
        columns={"amount": f"amount_{currency.lower()}_m"})
    return charts.figure(fig, title=title, alt=alt, source=cite.publishers(h["source_id"]), data=data, name="decline-range",
                         marks=marks, colors={p: charts.color_for(p, "provider") for p in sorted(set(h["provider"]))},
                         note="Providers are only ranged against others that count the same kind of investment; "
                              "a year with one such provider has a dot and no bar.")


def segment_chart(seg: pd.DataFrame, currency: str, cite):
    """Horizontal bars: segment amounts per provider and period, where a provider reports them."""
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


# ---------------------------------------------------------------- statements
def findings(res, pkg=None) -> list[tuple[str, dict]]:
    """At most five key findings: the three first-ranked providers' peaks, the partial-year floors of the
    headline providers, and the last two full years that two or more providers cover."""
    cur = res.currency
    if not res.has_data:
        return [("No figures for these providers between {a} and {b}.", {"a": res.start_year, "b": res.end_year})]
    out = [peak_finding(pk, cur) for pk in res.peaks.head(3).itertuples()]
    for p in res.floors.itertuples():
        src = (p.source_id,)
        why = "" if pd.isna(p.note) else " (" + str(p.note).rstrip(". ") + ")"
        deals = "" if pd.isna(p.deal_count) else " across {deals} rounds"
        out.append(("{prov} put {y} to {end} at {amt}" + deals + ", a partial-year lower bound{why}.",
                    {"prov": p.provider, "y": p.year, "end": f"{p.period_end:%B %Y}", "why": why,
                     "amt": F.money(p.amount, cur, p.qualifier, sources=src, grade=str(p.grade)),
                     "deals": "" if pd.isna(p.deal_count) else F.count(p.deal_count, sources=src)}))
    rc = res.recent
    if rc:
        pairs = "; ".join(f"{p} {money(a['amount'], cur, a['qualifier'])} → {money(b['amount'], cur, b['qualifier'])}"
                          for p, a, b in rc["pairs"])
        n_up = len(rc["up"])
        verdict = ("so the decline did not hold everywhere" if 0 < n_up < len(rc["pairs"]) else
                   "so by every count the fall ended" if n_up == len(rc["pairs"]) else "so by every count the fall went on")
        out.append(("From {y0} to {y1}, {n_up} of {n} providers with both full years counted more money, " + verdict + ": {who}.",
                    {"y0": rc["from"], "y1": rc["to"], "n_up": n_up, "n": len(rc["pairs"]),
                     "who": report.Num(pairs, tuple(s for _, a, b in rc["pairs"] for s in (a["source_id"], b["source_id"])))}))
    return out[:5]


def widest_spread(res):
    """The widest like-for-like spread between headline providers, as (template, values), or None."""
    s = res.spread.dropna(subset=["high_to_low"])
    if s.empty:
        return None
    w = s.sort_values(["high_to_low", "year"], ascending=[False, False]).iloc[0]
    lo_hi = {"lo": F.money(w["low"], res.currency, href="#fig-decline-range"),
             "hi": F.money(w["high"], res.currency, href="#fig-decline-range")}
    return ("Among the headline providers that count the same kind of investment, the widest spread is for {y} "
            "({kind} investment): the highest full-year figure is {x} times the lowest ({lo} to {hi}), across {n} providers.",
            {"y": int(w["year"]), "kind": value(w["coverage"]), "n": int(w["providers"]),
             "x": F.Figure(float(w["high_to_low"]), "ratio", href="#fig-decline-range"), **lo_hi})


# ---------------------------------------------------------------- sections, one display call each
QUESTION = "How far did AI venture funding in China fall, by whose count, and how sure can we be?"


def opening(res, pkg, cite, scope: str) -> None:
    """Title, data-as-of line, the answer and the settings note."""
    display(report.header("The investment decline: AI venture funding in China", pkg, QUESTION))
    sentences = [report.sentence(t, cite, **v) for t, v in answer(res, pkg)]
    report.answer(sentences or [report.sentence("No figures for these providers and years.", cite)],
                  {"Currency": res.currency, "Years": f"{res.start_year} to {res.end_year}",
                   "Providers": f"{res.rows['provider'].nunique()} providers", "Scope": value(scope),
                   "Headline providers": ", ".join(res.headline_providers)}, pkg)


def key_findings(res, pkg, cite) -> None:
    report.show_findings([report.sentence(t, cite, **v) for t, v in findings(res, pkg)], pkg.version())


def series_section(res, cite):
    if not res.has_data:
        return report.notice(f"No data between {res.start_year} and {res.end_year}.")
    deals = deals_chart(res.rows, cite, res.start_year, res.end_year)
    return HTML(series_chart(res.rows, res.currency, cite, res.start_year, res.end_year).data
                + ("" if deals is None else deals.data))


def disagree_section(res, cite):
    w = widest_spread(res)
    if w is None:
        return report.notice("No year has full-year figures from two headline providers that count the same kind of investment.")
    text = report.sentence(w[0], cite, **w[1])[0]
    return HTML(f"<p>{text}</p>" + range_chart(res.rows, res.currency, cite, res.headline_providers).data)


def methods_table(res, pkg):
    return report.table(methodology(pkg["market_totals"], pkg["sources"], sorted(set(res.rows["provider"]))),
                        "What each provider counts")


def segments_section(res, cite):
    if res.segments[res.segments["used"] & res.segments["amount"].notna()].empty:
        return report.notice("No provider in this selection reports a segment breakdown for these years: a gap in the data, "
                             "not a zero.")
    return segment_chart(res.segments, res.currency, cite)


def size_section(res, pkg, cite):
    """Average deal size per provider-year, the two largest rounds' share per year, and the reported claim."""
    cur = res.currency
    avg = res.rows[res.rows["headline"] & res.rows["avg_deal"].notna()]
    parts = [report.table(pd.DataFrame({
        "provider": avg["provider"], "year": avg["year"].astype(str),
        "amount": [money(a, cur, q) for a, q in zip(avg["amount"], avg["qualifier"])],
        "deal_count": [f"{int(d):,}" for d in avg["deal_count"]],
        "avg_deal": [money(a, cur, "approx" if q != "exact" else "exact") for a, q in zip(avg["avg_deal"], avg["qualifier"])],
        "source_id": avg["source_id"]}), f"Average deal size (amount divided by deals, {cur})").data]
    c = res.concentration
    if len(c):
        cite.use([s for ss in c["top_sources"] for s in ss])
        parts.append(report.table(pd.DataFrame({
            "Year": c["year"].astype(str), "Rounds": c["rounds"].map("{:,}".format), "Recorded capital": c["total_usd_m"].map(money),
            "In the two largest": c["top_usd_m"].map(money), "Share": c["share_pct"].map(report.pct),
            "The two largest rounds": ["; ".join(value(i) for i in ids) for ids in c["top_round_ids"]]}),
            "Share of recorded round capital (USD) in each year's two largest rounds; completed private rounds, "
            "IPOs left out").data)
    parts.append(top_rounds_html(res, pkg, cite))
    return HTML("".join(parts))


def top_rounds_html(res, pkg, cite) -> str:
    t = res.top_rounds
    if t is None:
        return "<p class='gap'>No claim about the share of the two largest rounds is recorded: a gap.</p>"
    claim, c, y = t["claim"], t["concentration"], t["year"]
    esc = report.esc
    out = [f"<p>The claim{cite.ref(claim['source_id'])}: {esc(claim['statement'])}</p>"]
    if not c["rounds"]:
        return "".join(out) + f"<p class='gap'>No rounds with disclosed amounts in {y}: the claim cannot be checked here.</p>"
    names = "; ".join(f"{esc(value(r.round_id))} ({money(r.amount_usd_m)}, {r.announced:%B})" + cite.ref(r.headline_source_id)
                      for r in t["top"].itertuples())
    out.append(f"<p>In the round-level data, the two largest {y} rounds were {names}: together "
               f"<strong>{money(c['top_usd_m'])}</strong>, or <strong>{report.pct(c['share_pct'])}</strong> of the "
               f"<strong>{money(c['total_usd_m'])}</strong> disclosed across {c['rounds']} recorded rounds.</p>")
    for b in t["denominators"].itertuples():
        if b.currency != "USD":  # the rounds are in USD; compare only with totals the provider gave in USD
            continue
        share = F.share(F.money(c["top_usd_m"], "USD"), F.money(b.amount_m, "USD", b.qualifier))
        holds = "holds" if share.value > 100 / 3 else "does not hold"
        out.append(f"<p>Against {esc(b.provider)}'s figure for {b.period_start:%-d %B} to {b.period_end:%-d %B %Y} "
                   f"({money(b.amount, 'USD', b.qualifier)}{cite.ref(b.source_id)}), whose period contains both rounds, "
                   f"they are {esc(F.fmt(share))}; the claim of over a third {holds} on this denominator.</p>")
    if len(t["not_containing"]):
        left = ", ".join(sorted({f"{p} to {e:%-d %B}" for p, e in zip(t["not_containing"]["provider"],
                                                                       t["not_containing"]["period_end"])}))
        out.append(f"<p>Not compared, because their periods do not contain both rounds: {esc(left)}.</p>")
    return "".join(out)


def appendix_section(res):
    return report.appendix(underlying(res.rows, res.currency), f"Every single-year figure in range ({len(res.rows)} rows)")
