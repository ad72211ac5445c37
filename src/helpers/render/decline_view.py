"""What the decline report shows: its answer, key findings, reader tables and charts.

Everything here turns a `decline.Result` into words and pictures through the one formatter
(`figures.fmt`); no number is computed here that the analysis did not return.
"""

from __future__ import annotations

import html
import math

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from helpers.analysis import figures as F
from helpers.analysis.decline import provider_range
from helpers.analysis.findings import Finding, checked
from helpers.render import charts, report
from helpers.render.labels import value
from helpers.render.report import money


def edition_words(series) -> str:
    """An edition key in a reader's words: its name, "edition of 1 July 2024", "report of 25 May 2024", or
    "undated report"."""
    if not isinstance(series, str) or series.startswith("report ") and not series.startswith("report of "):
        return "undated report"
    for prefix, words in (("report of ", "report of "), ("", "edition of ")):
        try:
            d = pd.Timestamp(series.removeprefix(prefix)) if series.startswith(prefix) else None
        except ValueError:
            d = None
        if d is not None and series.removeprefix(prefix)[:4].isdigit():
            return f"{words}{d:%-d %B %Y}"
    return series


def _years(ys) -> str:
    """[2019, 2020, 2022] -> "2019–2020, 2022"."""
    ys, runs = sorted(ys), []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs) or "none"


def original_change(new, old, new_orig=None, old_orig=None):
    """The change from `old` to `new`, computed on the amounts as the provider reports them when both are in
    one currency (so exchange-rate moves do not enter it), else on the converted Figures."""
    if (
        new_orig
        and old_orig
        and str(new_orig[1]) == str(old_orig[1])
        and not pd.isna(new_orig[0])
        and not pd.isna(old_orig[0])
    ):
        a = new.with_(value=float(new_orig[0]), currency=str(new_orig[1]))
        b = old.with_(value=float(old_orig[0]), currency=str(old_orig[1]))
        return F.change(a, b)
    return F.change(new, old)


def peak_finding(pk, currency: str, alternatives: bool = True) -> tuple[str, dict]:
    """The sentence for one provider's highest and latest full years, with its Figures.

    Says "peaked" only when `peak_shown`; otherwise names the missing years. The change keeps the
    qualifiers of both ends (an approximate latest figure makes the change approximate).
    """
    high = F.money(
        pk.peak_amount,
        currency,
        pk.peak_qualifier,
        sources=(pk.peak_source,),
        period=str(pk.peak_year),
        grade=str(getattr(pk, "peak_grade", "") or ""),
    )
    latest = F.money(
        pk.latest_amount,
        currency,
        pk.latest_qualifier,
        sources=(pk.latest_source,),
        period=str(pk.latest_year),
        grade=str(getattr(pk, "latest_grade", "") or ""),
    )
    values = {
        "prov": pk.provider,
        "py": pk.peak_year,
        "pa": high,
        "ly": pk.latest_year,
        "la": latest,
        "chg": original_change(latest, high, getattr(pk, "latest_original", None), getattr(pk, "peak_original", None)),
    }
    deals = ""
    if not pd.isna(pk.peak_deals):
        values["deals"] = F.count(pk.peak_deals, sources=(pk.peak_source,))
        deals = " across {deals} deals"
    alt = ""
    alts = [
        (y, a)
        for y, a in ((pk.peak_year, pk.peak_alternatives), (pk.latest_year, pk.latest_alternatives))
        if a and alternatives
    ]
    if alts:
        text = "; ".join(f"{y}: " + ", ".join(F.fmt(F.money(a, currency, q)) for a, q, _ in al) for y, al in alts)
        values["alt"] = report.Num(text, tuple(sid for _, al in alts for _, _, sid in al))
        alt = " Other reports by the same provider: {alt}."
    basis = "" if str(getattr(pk, "price_basis", "current")) == "current" else f" in {pk.price_basis} dollars"
    series = getattr(pk, "series", None)
    if pk.peak_shown and isinstance(series, str) and not getattr(pk, "spliced", False):
        values.update(ed=series, fy=pk.first_year)
        falls = int(pk.consecutive_falls_after_peak)
        fell = "fell {n} years running" if falls >= 2 else "fell the next year" if falls == 1 else "then moved unevenly"
        if falls >= 2:
            values["n"] = falls
        return (
            "{prov} ({ed}, one series from {fy} to {ly}"
            + basis
            + "): AI investment in China peaked in {py} at {pa}"
            + deals
            + ", "
            + fell
            + ", and in {ly} it was {la}, {chg!p} from that peak."
            + alt
        ), values
    if pk.peak_shown:
        return (
            "{prov}: AI funding in China peaked in {py} at {pa}"
            + deals
            + "; in {ly} it was {la}, {chg!p} from that peak."
            + alt
        ), values
    ys = [str(y) for y in pk.missing_years]
    if not ys:
        return (
            "{prov}: the highest full year on record here is {py}, at {pa}" + deals + "; in {ly} it was {la}, {chg!p}. "
            "Its series starts in {py}, so it cannot show a peak." + alt
        ), values
    values["gap"] = ys[0] if len(ys) == 1 else ", ".join(ys[:-1]) + " or " + ys[-1]
    spliced = " (from different reports)" if getattr(pk, "spliced", False) else ""
    return (
        "{prov}: the highest full year on record here is {py}, at {pa}"
        + deals
        + "; in {ly} it was {la}, {chg!p}"
        + spliced
        + ". With no figure for {gap}, this cannot show that {py} was the peak."
        + alt
    ), values


def _names(xs) -> str:
    xs = list(xs)
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1]


def how_sure(res) -> tuple[str, dict] | None:
    """Which other headline providers' single-edition series agree on the first one's peak year, and which
    hold too few years in one edition to say."""
    peaks = res.peaks
    if peaks.empty or not bool(peaks.iloc[0]["peak_shown"]):
        return None
    first = peaks.iloc[0]
    shown = peaks[peaks["peak_shown"] & ~peaks["spliced"].astype(bool)].iloc[1:]
    shown = shown[shown["provider"].isin(res.headline_providers)]
    agree = shown[shown["peak_year"] == first["peak_year"]]
    differ = shown[shown["peak_year"] != first["peak_year"]]
    unable = [p for p in res.headline_providers if p not in set(shown["provider"]) | {first["provider"]}]
    values, parts = {"py": int(first["peak_year"])}, []
    for i, pk in enumerate(agree.itertuples()):
        basis = "" if pk.price_basis == "current" else f", in {pk.price_basis} dollars,"
        values[f"p{i}"] = F.money(
            pk.peak_amount, res.currency, pk.peak_qualifier, sources=(pk.peak_source,), grade=str(pk.peak_grade or "")
        )
        values[f"l{i}"] = F.money(
            pk.latest_amount,
            res.currency,
            pk.latest_qualifier,
            sources=(pk.latest_source,),
            grade=str(pk.latest_grade or ""),
        )
        parts.append(
            f"{pk.provider}'s series{basis} also peaks in {{py}}, at {{p{i}}}, and stood at {{l{i}}} in "
            f"{pk.latest_year}"
        )
    for pk in differ.itertuples():
        parts.append(f"{pk.provider}'s series peaks in {pk.peak_year} instead")
    if unable:
        parts.append(
            f"{_names(unable)} {'has' if len(unable) == 1 else 'have'} no edition here with the years on "
            "both sides of {py}, so they neither confirm nor contradict it"
        )
    if not parts:
        return None
    return "How sure: " + "; ".join(parts) + ".", values


def latest_change(res) -> tuple[str, dict] | None:
    """The last two consecutive full years headline providers cover within one edition: did the fall end?"""
    rc = res.latest_change
    if not rc:
        return None
    cur, values, parts = res.currency, {"y0": rc["from"], "y1": rc["to"]}, []
    for i, (p, a, b) in enumerate(rc["pairs"]):
        old = F.money(a["amount"], cur, a["qualifier"], sources=(a["source_id"],), grade=str(a["grade"]))
        new = F.money(b["amount"], cur, b["qualifier"], sources=(b["source_id"],), grade=str(b["grade"]))
        values[f"c{i}"] = original_change(new, old, (b["amount_m"], b["currency"]), (a["amount_m"], a["currency"]))
        values[f"n{i}"] = new
        parts.append(f"{p} {{n{i}}}, {{c{i}!p}}")
    up, n = len(rc["up"]), len(rc["pairs"])
    if n == 1:
        who = rc["pairs"][0][0]
        verdict = f"by the one headline count holding both years in one edition, {who}'s, the fall " + (
            "ended" if up else "went on"
        )
        return "From {y0} to {y1}, " + verdict + ": {n0} in {y1}, {c0!p}.", values
    verdict = (
        "by every such count the fall ended"
        if up == n
        else "by every such count the fall went on"
        if up == 0
        else "the counts disagree on whether the fall ended"
    )
    return ("From {y0} to {y1}, within one edition each, " + verdict + ": " + "; ".join(parts) + "."), values


@checked
def answer(res, pkg=None) -> list[Finding]:
    """The report's answer, at most four sentences: the first-ranked provider's peak, read from one edition;
    how far the other headline providers agree; the last change within one edition (did the fall end?);
    and the latest partial year, kept apart, when no full year follows it. Each is (template, values)."""
    rows, peaks, currency = res.rows, res.peaks, res.currency
    out = []
    if len(peaks):
        out.append(peak_finding(peaks.iloc[0], currency, alternatives=False))
    for extra in (how_sure(res), latest_change(res)):
        if extra:
            out.append(extra)
    h = rows[rows["headline"]]
    part = rows[rows["partial"] & rows["used"] & rows["amount"].notna()]
    if len(part):
        y = int(part["year"].max())
        if h.empty or y > int(h["year"].max()):
            # a named provider before an unattributed copy of the same statistic
            py = part[part["year"] == y].assign(_named=lambda d: ~d["provider"].str.startswith("unspecified"))
            latest = py.sort_values(["_named", "period_end", "amount"]).iloc[-1]
            out.append(
                (
                    "{y} so far is a partial year, kept apart: {prov} counted {amt} from {s} to {e}.",
                    {
                        "y": y,
                        "prov": latest["provider"],
                        "s": f"{latest['period_start']:%-d %B}",
                        "e": f"{latest['period_end']:%-d %B %Y}",
                        "amt": F.money(
                            latest["amount"],
                            currency,
                            latest["qualifier"],
                            sources=(latest["source_id"],),
                            grade=str(latest["grade"]),
                        ),
                    },
                )
            )
    return out


def methodology(mt: pd.DataFrame, sources: pd.DataFrame, providers: list[str]) -> pd.DataFrame:
    """What each provider's rows say they count: scope, coverage, territory, periods, latest edition."""
    m = mt[mt["provider"].isin(providers)]
    join = lambda s: ", ".join(sorted({value(x) for x in s.dropna().unique()}))  # noqa: E731
    out = m.groupby("provider", observed=True).agg(
        rows=("fact_id", "size"),
        scope=("scope", join),
        coverage=("coverage", join),
        region=("region", join),
        first_period=("period_end", "min"),
        last_period=("period_end", "max"),
        latest_edition=("edition", "max"),
    )
    out["periods"] = out["first_period"].dt.strftime("%Y") + " to " + out["last_period"].dt.strftime("%Y")
    out["latest_edition"] = out["latest_edition"].dt.strftime("%b %Y").fillna("—")
    out = out.drop(columns=["first_period", "last_period"]).reset_index()
    out["provider"] = out["provider"].map(value)
    return out.rename(
        columns={
            "provider": "Provider",
            "rows": "Figures",
            "scope": "Scope",
            "coverage": "Counts",
            "region": "Territory",
            "periods": "Periods ending",
            "latest_edition": "Latest edition",
        }
    )


def underlying(rows: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Every single-year figure for the appendix, in seven reader columns."""
    use = [
        "excluded: " + str(e) if not pd.isna(e) else "headline" if h else "partial period" if p else "other figure"
        for e, h, p in zip(rows["excluded_reason"], rows["headline"], rows["partial"])
    ]
    if "series" in rows:  # the edition, where the provider names one
        use = [
            f"{u} ({edition_words(s)})" if isinstance(s, str) and not s.startswith("report") else u
            for u, s in zip(use, rows["series"])
        ]
    return pd.DataFrame(
        {
            "Provider": rows["provider"].map(value),
            "Period": [f"{a:%b %Y} to {b:%b %Y}" for a, b in zip(rows["period_start"], rows["period_end"])],
            "As reported": [
                F.fmt(F.money(a, str(c), q if q != "range" else "approx")) if not pd.isna(a) else "not disclosed"
                for a, c, q in zip(rows["amount_m"], rows["currency"], rows["qualifier"].astype(object).fillna("exact"))
            ],
            f"In {currency}": [
                F.fmt(F.money(a, currency, q if q != "range" else "approx")) if not pd.isna(a) else "—"
                for a, q in zip(rows["amount"], rows["qualifier"].astype(object).fillna("exact"))
            ],
            "Deals": [f"{int(d):,}" if not pd.isna(d) else "—" for d in rows["deal_count"]],
            "Use in this report": use,
            "source_id": rows["source_id"],
        }
    )


# ---------------------------------------------------------------- charts
def _mark_title(r, p, label, cite) -> str:
    period = f"{r['period_start']:%Y-%m-%d} to {r['period_end']:%Y-%m-%d}" + (" (partial)" if r["partial"] else "")
    src = cite.sources.loc[r["source_id"]]
    date = "" if pd.isna(src["published"]) else f", {src['published']:%Y-%m-%d}"
    kind = "headline" if r["headline"] else ("partial period" if r["partial"] else "other figure for this year")
    return f"{p}, {period}: {label} ({kind}). Source: {cite.publisher(r['source_id'])}{date} [{r['source_id']}]"


def _plot_provider(ax, g, col, scale, color, marks, label_fn, cite, p):
    flag = "count_headline" if col == "deal_count" and "count_headline" in g else "headline"
    h = g[g[flag] & g[col].notna()].sort_values("year")
    # A line joins consecutive observed years only; a missing year shows as a gap.
    # ... and within one edition: two editions are never spliced into one line.
    new_edition = (h["series"] != h["series"].shift()) if "series" in h else False
    run = ((h["year"].diff() != 1) | new_edition).cumsum()
    for _, seg in h.groupby(run):
        if len(seg) > 1:
            ax.plot(seg["year"], seg[col].astype("float64") / scale, color=color, lw=1.6)
    for _, r in g[g[col].notna()].iterrows():
        x = r["year"] + (0.15 if r["partial"] else 0)
        style = (
            dict(marker="o", ms=6, color=color)
            if r[flag]
            else dict(marker="o", ms=6, mfc="white", color=color)
            if r["partial"]
            else dict(marker="x", ms=6, color=color)
        )
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
        _plot_provider(
            ax,
            plotted[plotted["provider"] == p],
            "amount",
            1000,
            charts.color_for(p, "provider"),
            marks,
            lambda r: (
                money(r["amount"], currency, r["qualifier"])
                + ("" if pd.isna(r["deal_count"]) else f", {int(r['deal_count']):,} deals")
            ),
            cite,
            p,
        )
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
    data = plotted[
        [
            "fact_id",
            "provider",
            "edition",
            "scope",
            "coverage",
            "period_start",
            "period_end",
            "partial",
            "amount_m",
            "currency",
            "qualifier",
            "fx_rate",
            "amount",
            "deal_count",
            "headline",
            "source_id",
        ]
    ].rename(
        columns={
            "amount": f"amount_{currency.lower()}_m",
            "amount_m": "amount_original_m",
            "currency": "original_currency",
        }
    )
    alt = (
        f"Small multiples, {start_year} to {end_year}: AI investment in China in billions of {currency}, one panel per provider "
        f"({', '.join(provs)}), on a shared scale. Full-year figures are joined by lines; partial periods are hollow dots."
    )
    others = sorted(value(x) for x in set(rows.loc[rows["used"], "provider"]) - set(provs))
    note = (
        "Filled dots: full-year headline figures; hollow dots: partial periods as reported (not annualised); crosses: other "
        "figures for the same year. Lines join consecutive years only: a break is a year with no figure."
        + (f" Providers with a single yearly figure are in the tables below: {', '.join(others)}." if others else "")
    )
    return charts.figure(
        fig,
        title=title,
        alt=alt,
        source=cite.publishers(plotted["source_id"]) + " (providers: " + ", ".join(provs) + ")",
        data=data,
        name="decline-series",
        marks=marks,
        note=note,
        colors={p: charts.color_for(p, "provider") for p in provs},
    )


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
        _plot_provider(
            ax,
            d[d["provider"] == p],
            "deal_count",
            1,
            color,
            marks,
            lambda r: f"{int(r['deal_count']):,} deals",
            cite,
            p,
        )
        ax.plot([], [], color=color, marker="o", label=p)
    title = "Number of AI deals in China per year, by provider"
    ax.set(title=title, xlabel="Year (period end)", ylabel="Deals (count)", xlim=(start_year - 0.5, end_year + 0.7))
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    cite.use(d["source_id"])
    data = d[
        [
            "fact_id",
            "provider",
            "period_start",
            "period_end",
            "partial",
            "deal_count",
            "deal_count_qualifier",
            "headline",
            "source_id",
        ]
    ]
    return charts.figure(
        fig,
        title=title,
        alt=f"Line chart of the number of AI deals in China per year for {', '.join(provs)}; partial periods as hollow dots.",
        source=cite.publishers(d["source_id"]),
        data=data,
        name="decline-deals",
        marks=marks,
        colors={p: charts.color_for(p, "provider") for p in provs},
    )


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
        (bar,) = ax.plot(
            [x, x], [r["low"] / 1000, r["high"] / 1000], lw=7, color=charts.GREY, alpha=0.45, solid_capstyle="butt"
        )
        marks.tag(
            bar,
            f"{int(r['year'])}, {value(r['coverage'])} investment: {money(r['low'], currency)} to "
            f"{money(r['high'], currency)} across {int(r['providers'])} providers, {r['high_to_low']:.1f} times",
        )
    for prov, g in h.groupby("provider"):
        color = charts.color_for(prov, "provider")
        for _, r in g.iterrows():
            (dot,) = ax.plot(
                [r["year"] + COVERAGE_OFFSET.get(r["coverage"], 0.0)], [r["amount"] / 1000], "o", color=color, ms=6
            )
            marks.tag(
                dot,
                f"{prov}, {int(r['year'])} ({value(r['coverage'])} investment): "
                f"{money(r['amount'], currency, r['qualifier'])} [{r['source_id']}]",
            )
        ax.plot([], [], "o", color=color, label=prov)
    title = f"How far the headline providers disagree, counting the same kind of investment (billions of {currency})"
    ax.set(xlabel="Year (left: venture; middle: all private; right: all equity)", ylabel=f"Billions of {currency}")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    cite.use(h["source_id"])
    alt = (
        f"Dots per year for each headline provider's full-year figure for AI investment in China, in billions of {currency}, "
        "grouped by what the provider counts; grey bars span the providers that count the same kind of investment."
    )
    data = h[["year", "provider", "coverage", "fact_id", "amount", "qualifier", "source_id"]].rename(
        columns={"amount": f"amount_{currency.lower()}_m"}
    )
    return charts.figure(
        fig,
        title=title,
        alt=alt,
        source=cite.publishers(h["source_id"]),
        data=data,
        name="decline-range",
        marks=marks,
        colors={p: charts.color_for(p, "provider") for p in sorted(set(h["provider"]))},
        note="Providers are only ranged against others that count the same kind of investment; "
        "a year with one such provider has a dot and no bar.",
    )


def segment_chart(seg: pd.DataFrame, currency: str, cite):
    """Horizontal bars: segment amounts per provider and period, where a provider reports them."""
    seg = seg[seg["used"] & seg["amount"].notna()].sort_values(["year", "provider", "segment"])
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(seg) + 1.4))
    marks = charts.Marks("segment")
    labels = [
        f"{r.segment.replace('_', ' ')} · {r.provider} · {r.year}{' (partial)' if r.partial else ''}"
        for r in seg.itertuples()
    ]
    for i, r in enumerate(seg.itertuples()):
        (bar,) = ax.barh([i], [r.amount / 1000], color=charts.color_for(r.provider, "provider"))
        marks.tag(
            bar,
            f"{labels[i]}: {money(r.amount, currency, r.qualifier)}"
            f"{'' if pd.isna(r.deal_count) else f', {int(r.deal_count)} deals'} [{r.source_id}]",
        )
    ax.set_yticks(range(len(seg)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set(title="What the money went to: segment figures reported by providers", xlabel=f"Billions of {currency}")
    cite.use(seg["source_id"])
    data = seg[
        [
            "fact_id",
            "provider",
            "segment",
            "period_start",
            "period_end",
            "partial",
            "amount",
            "qualifier",
            "deal_count",
            "source_id",
        ]
    ]
    return charts.figure(
        fig,
        title="What the money went to: segment figures reported by providers",
        alt=f"Horizontal bars of AI investment in China by segment ({', '.join(sorted(seg['segment'].unique()))}) "
        f"in billions of {currency}, per provider and year.",
        source=cite.publishers(seg["source_id"]),
        data=data,
        name="decline-segments",
        marks=marks,
        colors={p: charts.color_for(p, "provider") for p in sorted(set(seg["provider"]))},
    )


# ---------------------------------------------------------------- statements
@checked
def findings(res, pkg=None) -> list[Finding]:
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
        vals = {
            "prov": p.provider,
            "y": p.year,
            "end": f"{p.period_end:%B %Y}",
            "why": why,
            "amt": F.money(p.amount, cur, p.qualifier, sources=src, grade=str(p.grade)),
        }
        if deals:
            vals["deals"] = F.count(p.deal_count, sources=src)
        out.append(("{prov} put {y} to {end} at {amt}" + deals + ", a partial-year lower bound{why}.", vals))
    rc = res.recent
    if rc:
        pairs = "; ".join(
            f"{p} {money(a['amount'], cur, a['qualifier'])} → {money(b['amount'], cur, b['qualifier'])}"
            for p, a, b in rc["pairs"]
        )
        n_up = len(rc["up"])
        verdict = (
            "so the decline did not hold everywhere"
            if 0 < n_up < len(rc["pairs"])
            else "so by every count the fall ended"
            if n_up == len(rc["pairs"])
            else "so by every count the fall went on"
        )
        out.append(
            (
                "From {y0} to {y1}, {n_up} of {n} providers with both full years counted more money, "
                + verdict
                + ": {who}.",
                {
                    "y0": rc["from"],
                    "y1": rc["to"],
                    "n_up": n_up,
                    "n": len(rc["pairs"]),
                    "who": report.Num(
                        pairs, tuple(s for _, a, b in rc["pairs"] for s in (a["source_id"], b["source_id"]))
                    ),
                },
            )
        )
    return out[:5]


def widest_spread(res):
    """The widest like-for-like spread between headline providers, as (template, values), or None."""
    s = res.spread.dropna(subset=["high_to_low"])
    if s.empty:
        return None
    w = s.sort_values(["high_to_low", "year"], ascending=[False, False]).iloc[0]
    lo_hi = {
        "lo": F.money(w["low"], res.currency, href="#fig-decline-range"),
        "hi": F.money(w["high"], res.currency, href="#fig-decline-range"),
    }
    return (
        "Among the headline providers that count the same kind of investment, the widest spread is for {y} "
        "({kind} investment): the highest full-year figure is {x} the lowest ({lo} to {hi}), across {n} providers.",
        {
            "y": int(w["year"]),
            "kind": value(w["coverage"]),
            "n": int(w["providers"]),
            "x": F.Figure(float(w["high_to_low"]), "ratio", href="#fig-decline-range"),
            **lo_hi,
        },
    )


# ---------------------------------------------------------------- sections, one display call each
QUESTION = "How far did AI venture funding in China fall, by whose count, and how sure can we be?"


def opening(res, pkg, cite, scope: str) -> None:
    """Title, data-as-of line, the answer and the settings note."""
    display(report.header("The investment decline: AI venture funding in China", pkg, QUESTION))
    sentences = [report.sentence(t, cite, **v) for t, v in answer(res, pkg)]
    report.answer(
        sentences or [report.sentence("No figures for these providers and years.", cite)],
        {
            "Currency": res.currency,
            "Years": f"{res.start_year} to {res.end_year}",
            "Providers": f"{res.rows['provider'].nunique()} providers",
            "Scope": value(scope),
            "Headline providers": ", ".join(res.headline_providers),
        },
        pkg,
    )


def key_findings(res, pkg, cite) -> None:
    chart = report_chart(res, cite)
    if chart is not None:
        display(chart)
    report.show_findings([report.sentence(t, cite, **v) for t, v in findings(res, pkg)], pkg.version())


def series_section(res, cite):
    if not res.has_data:
        return report.notice(f"No data between {res.start_year} and {res.end_year}.")
    deals = deals_chart(res.rows, cite, res.start_year, res.end_year)
    return HTML(
        series_chart(res.rows, res.currency, cite, res.start_year, res.end_year).data
        + ("" if deals is None else deals.data)
    )


def disagree_section(res, cite):
    w = widest_spread(res)
    if w is None:
        return report.notice(
            "No year has full-year figures from two headline providers that count the same kind of investment."
        )
    text = report.sentence(w[0], cite, **w[1])[0]
    return HTML(f"<p>{text}</p>" + range_chart(res.rows, res.currency, cite, res.headline_providers).data)


def methods_table(res, pkg):
    return report.table(
        methodology(pkg["market_totals"], pkg["sources"], sorted(set(res.rows["provider"]))),
        "What each provider counts",
    )


def segments_section(res, cite):
    gen = genai_part(res, cite) or ""
    if res.segments[res.segments["used"] & res.segments["amount"].notna()].empty:
        return HTML(
            gen
            + report.notice(
                "No provider in this selection reports a segment breakdown for these years: a gap "
                "in the data, not a zero."
            ).data
        )
    return HTML(gen + segment_chart(res.segments, res.currency, cite).data)


def size_section(res, pkg, cite):
    """Average deal size per provider-year, the two largest rounds' share per year, and the reported claim."""
    cur = res.currency
    avg = res.rows[res.rows["headline"] & res.rows["avg_deal"].notna()]
    parts = [
        report.table(
            pd.DataFrame(
                {
                    "provider": avg["provider"],
                    "year": avg["year"].astype(str),
                    "amount": [money(a, cur, q) for a, q in zip(avg["amount"], avg["qualifier"])],
                    "deal_count": [f"{int(d):,}" for d in avg["deal_count"]],
                    "avg_deal": [
                        money(a, cur, "approx" if q != "exact" else "exact")
                        for a, q in zip(avg["avg_deal"], avg["qualifier"])
                    ],
                    "source_id": avg["source_id"],
                }
            ),
            f"Average deal size (amount divided by deals, {cur})",
        ).data
    ]
    c = res.concentration
    if len(c):
        cite.use([s for ss in c["top_sources"] for s in ss])
        parts.append(
            report.table(
                pd.DataFrame(
                    {
                        "Year": c["year"].astype(str),
                        "Rounds": c["rounds"].map("{:,}".format),
                        "Recorded capital": c["total_usd_m"].map(money),
                        "In the two largest": c["top_usd_m"].map(money),
                        "Share": c["share_pct"].map(report.pct),
                        "The two largest rounds": ["; ".join(value(i) for i in ids) for ids in c["top_round_ids"]],
                    }
                ),
                "Share of recorded round capital (USD) in each year's two largest rounds; completed private rounds, "
                "IPOs left out",
            ).data
        )
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
        return (
            "".join(out)
            + f"<p class='gap'>No rounds with disclosed amounts in {y}: the claim cannot be checked here.</p>"
        )
    names = "; ".join(
        f"{esc(value(r.round_id))} ({money(r.amount_usd_m)}, {r.announced:%B})" + cite.ref(r.headline_source_id)
        for r in t["top"].itertuples()
    )
    out.append(
        f"<p>In the round-level data, the two largest {y} rounds were {names}: together "
        f"<strong>{money(c['top_usd_m'])}</strong>, or <strong>{report.pct(c['share_pct'])}</strong> of the "
        f"<strong>{money(c['total_usd_m'])}</strong> disclosed across {c['rounds']} recorded rounds.</p>"
    )
    for b in t["denominators"].itertuples():
        if b.currency != "USD":  # the rounds are in USD; compare only with totals the provider gave in USD
            continue
        share = F.share(F.money(c["top_usd_m"], "USD"), F.money(b.amount_m, "USD", b.qualifier))
        holds = "holds" if share.value > 100 / 3 else "does not hold"
        out.append(
            f"<p>Against {esc(b.provider)}'s figure for {b.period_start:%-d %B} to {b.period_end:%-d %B %Y} "
            f"({money(b.amount, 'USD', b.qualifier)}{cite.ref(b.source_id)}), whose period contains both rounds, "
            f"they are {esc(F.fmt(share))}; the claim of over a third {holds} on this denominator.</p>"
        )
    if len(t["not_containing"]):
        left = ", ".join(
            sorted(
                {
                    f"{p} to {e:%-d %B}"
                    for p, e in zip(t["not_containing"]["provider"], t["not_containing"]["period_end"])
                }
            )
        )
        out.append(f"<p>Not compared, because their periods do not contain both rounds: {esc(left)}.</p>")
    return "".join(out)


def appendix_section(res):
    return report.appendix(
        underlying(res.rows, res.currency), f"Every single-year figure in range ({len(res.rows)} rows)"
    )


# ---------------------------------------------------------------- China against the world; editions
REGION_WORDS = {"china": "China", "us": "United States", "europe": "Europe", "world": "World"}


def world_finding(res) -> tuple[str, dict] | None:
    """China's share of world AI investment in the edition with the longest series: highest and latest."""
    w = res.world.dropna(subset=["china_share_pct"])
    if w.empty:
        return None
    series = w.groupby(["provider", "series"])["year"].nunique().sort_values(ascending=False)
    prov, ser = series.index[0]
    s = w[(w["provider"] == prov) & (w["series"] == ser)].sort_values("year")
    hi, last = s.loc[s["china_share_pct"].idxmax()], s.iloc[-1]
    fig = lambda r: F.percent(
        r["china_share_pct"], r["qualifier"], sources=tuple(r["sources"]), href="#fig-decline-world"
    )  # noqa: E731
    values = {
        "prov": prov,
        "ser": ser,
        "hy": int(hi["year"]),
        "hs": fig(hi),
        "ly": int(last["year"]),
        "ls": fig(last),
        "us": F.money(last["us"], res.currency, sources=tuple(last["sources"]), href="#fig-decline-world"),
        "cn": F.money(last["china"], res.currency, sources=tuple(last["sources"]), href="#fig-decline-world"),
    }
    text = (
        "By the {prov} ({ser}), China's share of the world's private AI investment peaked at {hs} in {hy} "
        "and was {ls} in {ly}, when China counted {cn} against {us} in the United States."
    )
    others = w[(w["provider"] != prov) & w["year"].isin(set(s["year"]))]
    if len(others):
        o = others.sort_values("year").iloc[-1]
        m = s[s["year"] == o["year"]].iloc[0]
        values.update(op=o["provider"], os=fig(o), oy=int(o["year"]), ms=fig(m))
        text += (
            " For {oy}, {op}'s estimate puts it at {os}, against {ms} by the same measure in the {prov}: "
            "the two define AI deals and China's companies differently."
        )
    return text, values


def world_section(res, cite):
    """China, the US, Europe and the world in one provider's edition, and China's share of the world per year."""
    w = res.world
    if w.empty:
        return report.notice("No provider in this data gives a world total beside its China figure.")
    series = (
        w.dropna(subset=["china_share_pct"])
        .groupby(["provider", "series"])["year"]
        .nunique()
        .sort_values(ascending=False)
    )
    prov, ser = series.index[0]
    main = w[(w["provider"] == prov) & (w["series"] == ser)].sort_values("year")
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    marks = charts.Marks("world")
    for area in ("china", "us", "europe", "world"):
        d = main.dropna(subset=[area])
        if d.empty:
            continue
        color = charts.color_for(area, "region")
        ax.plot(d["year"], d[area] / 1000, color=color, lw=1.6, label=REGION_WORDS[area])
        for r in d.itertuples():
            (m,) = ax.plot([r.year], [getattr(r, area) / 1000], "o", color=color, ms=4)
            marks.tag(m, f"{REGION_WORDS[area]}, {r.year} ({prov}, {ser}): {money(getattr(r, area), res.currency)}")
    ax.set_yscale("log")
    ax.set(xlabel="Year", ylabel=f"Billions of {res.currency} (log scale)", title=f"{prov}, {ser}")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    shares = w.dropna(subset=["china_share_pct"])
    for (p, s), g in shares.groupby(["provider", "series"]):
        g = g.sort_values("year")
        color = charts.color_for(p, "provider")
        one = (p, s) == (prov, ser)
        if len(g) > 1:
            ax2.plot(
                g["year"],
                g["china_share_pct"],
                color=color,
                lw=1.6 if one else 1.0,
                ls="-" if one else "--",
                label=f"{p}, {s}" if len(g) > 1 else None,
            )
        for r in g.itertuples():
            (m,) = ax2.plot([r.year], [r.china_share_pct], "o" if len(g) > 1 else "x", color=color, ms=5)
            marks.tag(
                m,
                f"China's share of the world, {r.year} ({p}, {s}): {F.fmt(F.percent(r.china_share_pct, r.qualifier))}",
            )
        if len(g) == 1:
            ax2.plot([], [], "x", color=color, label=f"{p}, {s}")
    ax2.set(
        xlabel="Year",
        ylabel="China's share of the world total (%)",
        title="China's share of world private AI investment",
    )
    ax2.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax2.set_ylim(bottom=0)
    ax2.legend(fontsize=7, loc="upper right")
    title = f"China against the United States, Europe and the world, in the same provider's count (billions of {res.currency})"
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    srcs = [s for ss in w["sources"] for s in ss]
    cite.use(srcs)
    data = w.assign(sources=w["sources"].map("; ".join), fact_ids=w["fact_ids"].map("; ".join))
    data = data.rename(columns={a: f"{a}_{res.currency.lower()}_m" for a in ("china", "us", "europe", "world")})
    alt = (
        f"Left: private AI investment per year in China, the United States, Europe and the world in the {prov}'s {ser} edition, "
        f"log scale. Right: China's share of the world total per year, for each provider edition that gives both."
    )
    chart = charts.figure(
        fig,
        title=title,
        alt=alt,
        source=cite.publishers(srcs),
        data=data,
        name="decline-world",
        marks=marks,
        note="A share is computed only where one edition gives both China and the world for that year; "
        "constant-dollar and current-dollar shares are each within their own series.",
        colors={a: charts.color_for(a, "region") for a in ("china", "us", "europe", "world")},
    )
    f = world_finding(res)
    text = f"<p>{report.sentence(f[0], cite, **f[1])[0]}</p>" if f else ""
    tbl = main[["year", "china", "us", "world", "china_share_pct", "qualifier"]]
    table = report.table(
        pd.DataFrame(
            {
                "Year": tbl["year"].astype(str),
                "China": [money(v, res.currency) for v in tbl["china"]],
                "United States": [money(v, res.currency) for v in tbl["us"]],
                "World": [money(v, res.currency) for v in tbl["world"]],
                "China's share": [F.fmt(F.percent(s, q)) for s, q in zip(tbl["china_share_pct"], tbl["qualifier"])],
            }
        ),
        f"{prov}, {ser}: China against the United States and the world ({res.currency})",
    )
    return HTML(text + chart.data + table.data + companies_part(res, cite))


def vintage_section(res, cite):
    """How one provider's China figures moved between its editions."""
    v = res.vintages
    if v.empty:
        return report.notice("No headline provider has China figures in two or more editions here.")
    prov = v["provider"].iloc[0]
    sizes = v.groupby("series")["year"].nunique()
    long = sizes[sizes >= 5]
    fig, ax = plt.subplots(figsize=(10, 4))
    marks = charts.Marks("vintage")
    styles = ["o", "s", "D", "^", "v", "P", "X"]
    for i, (ser, g) in enumerate(sorted(v.groupby("series"), key=lambda kv: kv[0])):
        g = g.sort_values("year")
        color = charts.SERIES_COLORS[i % len(charts.SERIES_COLORS)]
        run = (g["year"].diff() != 1).cumsum()
        for _, seg in g.groupby(run):
            if len(seg) > 1:
                ax.plot(seg["year"], seg["amount"] / 1000, color=color, lw=1.4)
        for r in g.itertuples():
            (m,) = ax.plot([r.year], [r.amount / 1000], styles[i % len(styles)], color=color, ms=6)
            marks.tag(m, f"{prov}, {ser}: {r.year}, {money(r.amount, res.currency, r.qualifier)}")
        ax.plot([], [], styles[i % len(styles)], color=color, label=ser)
    ax.set(xlabel="Year", ylabel=f"Billions of {res.currency}")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    title = f"{prov}: China's yearly figures in each edition (billions of {res.currency})"
    ax.set_title(title)
    cite.use(v["source_id"])
    data = v[["provider", "series", "year", "fact_id", "amount", "qualifier", "source_id"]].rename(
        columns={"series": "edition", "amount": f"amount_{res.currency.lower()}_m"}
    )
    chart = charts.figure(
        fig,
        title=title,
        alt=f"{prov}'s figure for AI investment in China per year, one marker style per "
        "edition; lines join consecutive years of one edition.",
        source=cite.publishers(v["source_id"]),
        data=data,
        name="decline-vintages",
        marks=marks,
    )
    # Revisions: each year an earlier edition gives, against the edition with the longest series.
    ref = sizes.idxmax()
    base = v[v["series"] == ref].set_index("year")["amount"]
    rev = v[(v["series"] != ref) & v["year"].isin(base.index)]
    rows = [
        {
            "Year": str(r.year),
            "Edition": r.series,
            "Its figure": money(r.amount, res.currency, r.qualifier),
            f"In {ref}": money(base[r.year], res.currency),
            "Revision": F.fmt(
                F.change(F.money(base[r.year], res.currency), F.money(r.amount, res.currency, r.qualifier)), "prose"
            ),
        }
        for r in rev.sort_values("year").itertuples()
    ]
    held = ", ".join(f"{s} ({n} year{'s' if n > 1 else ''})" for s, n in sizes.sort_index().items())
    note = f"Editions held here: {held}. " + (
        f"Only {long.index[0]} is held year by year, so revisions are read one year at a time against it."
        if len(long) == 1
        else "Two or more editions are held over five or more years."
        if len(long) > 1
        else "No edition is held over five or more years."
    )
    parts = [f"<p>{html.escape(note)}</p>", chart.data]
    if rows:
        parts.append(report.table(pd.DataFrame(rows), f"How later editions revised {prov}'s China figures").data)
    return HTML("".join(parts))


def coverage_table(res):
    """Per headline provider and edition, the full years held; and the years no edition here gives."""
    c = res.coverage
    if c.empty:
        return report.notice("No headline provider has full-year figures in this selection.")
    return report.table(
        pd.DataFrame(
            {
                "Provider": c["provider"].map(value),
                "Edition": c["edition"].map(edition_words),
                "Full years it gives": c["years"].map(_years),
                "Years no edition here gives (from 2019)": [
                    _years(g) if i == 0 or p != prev else ""
                    for i, (p, g, prev) in enumerate(zip(c["provider"], c["gaps"], [None] + list(c["provider"][:-1])))
                ],
            }
        ),
        "What each headline provider's editions cover",
    )


def genai_part(res, cite):
    """Generative AI against the rest of AI in China, within one edition: a sentence and a table."""
    g = res.genai
    if g.empty:
        return None
    prov, ser = g["provider"].iloc[0], g["series"].iloc[0]
    g = g[(g["provider"] == prov) & (g["series"] == ser)].sort_values("year")
    a, b = g.iloc[0], g.iloc[-1]
    gen = lambda r: F.money(r["generative_ai"], res.currency, sources=(r["sources"][1],), grade=r["grades"][1])  # noqa: E731
    tot = lambda r: F.money(r["all_ai"], res.currency, sources=(r["sources"][0],), grade=r["grades"][0])  # noqa: E731
    text, _ = report.sentence(
        "By the {prov} ({ser}), generative AI took {a} of China's private AI investment in {ay} "
        "and {b} in {by}: {gb} of {tb}.",
        cite,
        prov=prov,
        ser=ser,
        a=F.share(gen(a), tot(a)),
        ay=int(a["year"]),
        b=F.share(gen(b), tot(b)),
        by=int(b["year"]),
        gb=gen(b),
        tb=tot(b),
    )
    table = report.table(
        pd.DataFrame(
            {
                "Year": g["year"].astype(str),
                "All AI": g["all_ai"].map(lambda v: money(v, res.currency)),
                "Generative AI": g["generative_ai"].map(lambda v: money(v, res.currency)),
                "The rest": g["rest"].map(lambda v: money(v, res.currency)),
                "Generative AI's share": g["share_pct"].map(report.pct),
            }
        ),
        f"Generative AI against the rest of AI in China: {prov}, {ser} ({res.currency})",
    )
    return f"<p>{text}</p>" + table.data


def report_chart(res, cite):
    """The chart of the report: the first-ranked provider's one-edition series, the other headline providers'
    full years (joined only within one edition), and the marked events, on one time axis."""
    if res.peaks.empty:
        return None
    lead = res.peaks.iloc[0]
    h = res.rows[
        res.rows["used"]
        & ~res.rows["partial"].astype(bool)
        & res.rows["amount"].notna()
        & res.rows["provider"].isin(res.headline_providers)
    ]
    fig, ax = plt.subplots(figsize=(10, 4.2))
    marks = charts.Marks("report")
    mid = lambda y: pd.Timestamp(f"{int(y)}-07-01")  # noqa: E731  (a year's total sits at its middle)
    shown = []
    for prov in res.headline_providers:
        g = h[h["provider"] == prov]
        if g.empty:
            continue
        color = charts.color_for(prov, "provider")
        best = g[g["series"] == lead["series"]] if prov == lead["provider"] else g
        for ser, s in best.groupby("series"):
            s = s.sort_values("year").drop_duplicates("year")
            run = (s["year"].diff() != 1).cumsum()
            constant = str(s["price_basis"].iloc[0]) != "current"
            for _, seg in s.groupby(run):
                if len(seg) > 1:
                    ax.plot(
                        seg["year"].map(mid),
                        seg["amount"] / 1000,
                        color=color,
                        lw=2.2 if prov == lead["provider"] else 1.2,
                        ls="--" if constant else "-",
                    )
            for r in s.itertuples():
                (m,) = ax.plot(
                    [mid(r.year)], [r.amount / 1000], "o", color=color, ms=5 if prov == lead["provider"] else 4
                )
                marks.tag(
                    m,
                    f"{prov} ({edition_words(r.series)}), {r.year}: {money(r.amount, res.currency, r.qualifier)}"
                    + (f", {r.price_basis} dollars" if constant else ""),
                )
        label = (
            prov
            + (f" ({lead['series']})" if prov == lead["provider"] else "")
            + (f", {g['price_basis'].iloc[0]} dollars" if str(g["price_basis"].iloc[0]) != "current" else "")
        )
        ax.plot([], [], "o-", color=color, label=label)
        shown.append(prov)
    ax.set(xlabel="Year (each year's total drawn at mid-year)", ylabel=f"Billions of {res.currency}")
    ax.set_ylim(bottom=0)
    key = charts.event_lines(ax, res.events, marks)
    ax.legend(fontsize=8, loc="upper left")
    falls = int(lead["consecutive_falls_after_peak"])
    title = (
        f"AI investment in China per year: highest in {lead['peak_year']} by the {lead['provider']}"
        + (f", then {falls} years of falls" if falls >= 2 and lead["peak_shown"] else "")
        + f" (billions of {res.currency})"
    )
    cite.use(list(h["source_id"]) + list(res.events["source_id"]))
    data = h[h["provider"].isin(shown)][
        ["provider", "series", "year", "fact_id", "amount", "qualifier", "price_basis", "source_id"]
    ]
    data = data.rename(columns={"series": "edition", "amount": f"amount_{res.currency.lower()}_m"})
    alt = (
        f"Line chart of AI investment in China per year for the headline providers, in billions of {res.currency}; the "
        f"{lead['provider']}'s {lead['series']} series is the thick line; dotted vertical lines mark policy and market events."
    )
    return charts.figure(
        fig,
        title=title,
        alt=alt,
        source=cite.publishers(list(h["source_id"])),
        data=data,
        name="decline-report",
        marks=marks,
        note=(key + " Lines join consecutive years of one edition only; dashed: constant dollars.").strip(),
        colors={p: charts.color_for(p, "provider") for p in shown},
    )


def companies_part(res, cite) -> str:
    """Newly funded AI companies per year: China against the US, Europe and the world, in one edition."""
    c = res.companies
    if c.empty:
        return ""
    prov, ser = c.groupby(["provider", "series"]).size().idxmax()
    c = c[(c["provider"] == prov) & (c["series"] == ser)]
    cn = c[c["region"].isin(["mainland", "mainland_hk", "greater_china", "china_unstated"])].sort_values("year")
    if cn.empty:
        return ""
    hi, last = cn.loc[cn["companies"].idxmax()], cn.iloc[-1]
    us = c[(c["region"] == "us") & (c["year"] == last["year"])]
    values = {
        "prov": prov,
        "ser": ser,
        "hy": int(hi["year"]),
        "ly": int(last["year"]),
        "h": F.count(hi["companies"], sources=(hi["source_id"],), grade=hi["grade"]),
        "l": F.count(last["companies"], sources=(last["source_id"],), grade=last["grade"]),
    }
    text = "By the {prov} ({ser}), newly funded AI companies in China peaked at {h} in {hy} and numbered {l} in {ly}"
    if len(us):
        values["u"] = F.count(us["companies"].iloc[0], sources=(us["source_id"].iloc[0],), grade=us["grade"].iloc[0])
        text += ", against {u} in the United States"
    sentence = report.sentence(text + ".", cite, **values)[0]
    fig, ax = plt.subplots(figsize=(10, 3.6))
    marks = charts.Marks("companies")
    for area in ("china", "us", "europe", "world"):
        d = c[
            (c["region"] == area) | ((area == "china") & c["region"].isin(["mainland", "china_unstated"]))
        ].sort_values("year")
        if d.empty:
            continue
        color = charts.color_for(area, "region")
        ax.plot(d["year"], d["companies"], color=color, lw=1.6, marker="o", ms=4, label=REGION_WORDS[area])
        for r in d.itertuples():
            (m,) = ax.plot([r.year], [r.companies], "o", color=color, ms=4)
            marks.tag(m, f"{REGION_WORDS[area]}, {r.year}: {r.companies:,} newly funded AI companies ({prov}, {ser})")
    ax.set(xlabel="Year", ylabel="Newly funded AI companies (count)")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    title = f"Newly funded AI companies per year, China against the US, Europe and the world ({prov}, {ser})"
    cite.use(c["source_id"])
    chart = charts.figure(
        fig,
        title=title,
        alt="Lines of the number of newly funded AI companies per year in China, the United "
        f"States, Europe and the world, from the {prov}'s {ser} edition.",
        source=cite.publishers(c["source_id"]),
        data=c,
        name="decline-companies",
        marks=marks,
        colors={a: charts.color_for(a, "region") for a in ("china", "us", "europe", "world")},
    )
    return f"<p>{sentence}</p>" + chart.data
