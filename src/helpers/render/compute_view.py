"""What the compute-as-capital report shows: its answer, findings, tables and charts.

Everything here turns a `compute.Result` into words and pictures through the one formatter; no
number is computed here that the analysis did not return.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from IPython.display import HTML, display
from matplotlib.patches import FancyBboxPatch, Rectangle

from helpers.analysis import figures as F
from helpers.analysis.compute import effective_cost, value_per_cost
from helpers.analysis.dealshare import possessive
from helpers.analysis.findings import Finding, checked
from helpers.render import charts, report
from helpers.render.labels import value
from helpers.render.report import money


def round_trip(steps: list[tuple[str, str, str]], cite, source_ids):
    """Boxes left to right joined by arrows; each step is (label, amount text, hover text)."""
    fig, ax = plt.subplots(figsize=(11, 2.8))
    marks = charts.Marks("roundtrip")
    n = len(steps)
    w, gap = 0.8 / n * 1.0, 0.2 / max(n - 1, 1)
    for i, (label, amount, hover) in enumerate(steps):
        x = i * (w + gap)
        box = FancyBboxPatch(
            (x, 0.2), w, 0.6, boxstyle="round,pad=0.01", facecolor="#e8f0fb", edgecolor=charts.PALETTE[0]
        )
        ax.add_patch(box)
        marks.tag(box, hover)
        ax.text(x + w / 2, 0.62, label, ha="center", va="center", fontsize=9, fontweight="bold", wrap=True)
        ax.text(x + w / 2, 0.38, amount, ha="center", va="center", fontsize=9, color="#333")
        if i < n - 1:
            ax.annotate(
                "", xy=(x + w + gap, 0.5), xytext=(x + w, 0.5), arrowprops=dict(arrowstyle="->", color="#555", lw=1.6)
            )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(0, 1)
    ax.axis("off")
    title = "The round trip: investment, credits, cloud usage, cloud revenue"
    ax.set_title(title, fontweight="bold")
    data = pd.DataFrame(steps, columns=["step", "amount", "detail"])
    return charts.figure(
        fig,
        title=title,
        alt="Flow diagram: " + " → ".join(f"{s[0]} ({s[1]})" for s in steps) + ".",
        source=cite.publishers(source_ids),
        data=data,
        name="compute-round-trip",
        marks=marks,
    )


BASIS_WORDS = {
    "old_cloud_segment": "Cloud segment (to December 2022)",
    "cig_label_pre_restatement": "Cloud Intelligence Group, before the restated segments (March 2023)",
    "cloud_intelligence_group": "Cloud Intelligence Group, restated segments (from June 2023)",
}


def cloud_revenue(q: pd.DataFrame, growth: pd.DataFrame, events: pd.DataFrame, cite, unit: str, as_of=None):
    """Quarterly revenue as bars coloured by segment basis (a derived quarter hatched), reported growth as a line."""
    fig, ax = plt.subplots(figsize=(11, 4.4))
    marks = charts.Marks("cloud")
    bases = [b for b in BASIS_WORDS if "basis" in q and b in set(q["basis"])]
    color = {b: charts.SERIES_COLORS[i] for i, b in enumerate(bases)}
    for r in q.itertuples():
        derived = isinstance(getattr(r, "derived_from", ""), str) and bool(getattr(r, "derived_from", ""))
        (bar,) = ax.bar(
            [r.period_end],
            [r.value / 1000],
            width=60,
            color=color.get(getattr(r, "basis", ""), charts.PALETTE[0]),
            alpha=0.85,
            hatch="//" if derived else None,
            edgecolor="white" if derived else None,
        )
        marks.tag(
            bar,
            f"{r.fiscal_quarter} (quarter to {r.period_end:%Y-%m-%d}): revenue {money(r.value, 'CNY', r.qualifier)}"
            + (" (derived from the reported growth and the year before)" if derived else ""),
        )
    handles = [Rectangle((0, 0), 1, 1, color=color[b], label=BASIS_WORDS[b]) for b in bases]
    ax2 = ax.twinx()
    ax2.plot(growth["period_end"], growth["value"], color="#333", lw=1.2)
    for r in growth.itertuples():
        (m,) = ax2.plot([r.period_end], [r.value], "o", color="#333", ms=4)
        marks.tag(m, f"{r.fiscal_quarter}: revenue up {r.value:g}% year on year")
    ax2.set_ylabel("Year-on-year growth, reported (%, line)")
    ax2.grid(False)
    key = charts.event_lines(ax, events, marks)
    title = f"{unit}: quarterly revenue by segment basis, and reported growth"
    ax.set(xlabel="Quarter ending", ylabel="Revenue (billions of CNY, bars)")
    ax.legend(handles=handles, fontsize=7, loc="upper left")
    cite.use(list(q["source_id"]) + list(growth["source_id"]) + list(events["source_id"]))
    data = pd.concat([q.assign(metric="revenue_CNY_m"), growth.assign(metric="revenue_yoy_pct")])
    data = data[
        [
            c
            for c in ("period_end", "fiscal_quarter", "basis", "metric", "value", "derived_from", "source_id")
            if c in data
        ]
    ]
    have = set(q["period_end"]) & set(growth["period_end"])
    first, last = q["period_end"].min(), max(q["period_end"].max(), growth["period_end"].max())
    gaps = [d for d in pd.date_range(first, last, freq="QE") if d not in have]
    # Alibaba reports a quarter about two months after it ends: those due by the as-of date should be here.
    due = (
        [d for d in pd.date_range(last + pd.offsets.QuarterEnd(), as_of - pd.DateOffset(months=2), freq="QE")]
        if as_of
        else []
    )
    gap_note = (
        "Quarters missing revenue or growth in the data: " + ", ".join(f"{d:%B %Y}" for d in gaps) + ". "
        if gaps
        else ""
    ) + (
        "Reported by the data's as-of date but found in no stored page: "
        + ", ".join(f"the quarter to {d:%B %Y}" for d in due)
        + ". "
        if due
        else ""
    )
    return charts.figure(
        fig,
        title=title,
        alt=f"Bars of {unit} quarterly revenue in billions of yuan, coloured by segment basis, "
        "with a line of reported year-on-year growth in percent, and dotted lines for export-control steps, model "
        "launches and funding rounds paid in credits.",
        source=cite.publishers(data["source_id"]),
        data=data,
        name="compute-cloud-revenue",
        marks=marks,
        note=(
            gap_note + "Revenue is never compared across the bases; growth is the company's own comparison. "
            "Hatched: derived. " + key
        ).strip(),
    )


def credits_vs_growth(res, cite, unit: str):
    """Within the usage window only: each quarter's year-on-year revenue increase (from its reported growth, so
    on one segment basis) against the credits booked that quarter if used evenly."""
    w = res.window.dropna(subset=["increase"])
    fig, ax = plt.subplots(figsize=(10, 3.8))
    marks = charts.Marks("credits")
    for r in w.itertuples():
        (bar,) = ax.bar([r.period_end], [r.increase / 1000], width=60, color=charts.PALETTE[3])
        marks.tag(
            bar,
            f"Quarter to {r.period_end:%B %Y}: revenue {money(r.increase, 'CNY', 'approx')} above a year before "
            f"(from the reported {r.growth_pct:g}% growth); credits that quarter would be "
            f"{F.fmt(F.percent(r.credits_share_pct, 'approx'))} of it",
        )
    (line,) = ax.plot(w["period_end"], w["credits_cny_m"] / 1000, color=charts.PALETTE[1], ls="--", marker="_", ms=20)
    marks.tag(
        line,
        f"Credits booked as revenue per quarter if used evenly over {res.usage_quarters} quarters: "
        f"{money(res.per_quarter_cny_m, 'CNY', 'approx')}",
    )
    ax.bar([], [], color=charts.PALETTE[3], label="Year-on-year revenue increase")
    ax.plot(
        [], [], color=charts.PALETTE[1], ls="--", label=f"Credits used per quarter (over {res.usage_quarters} quarters)"
    )
    ax.legend(fontsize=8, loc="upper left")
    title = (
        f"Could credits explain the cloud growth? The {res.usage_quarters} quarters after the deal (billions of CNY)"
    )
    ax.set(xlabel="Quarter ending", ylabel="Billions of CNY")
    srcs = list(w["source_id"]) + list(w["growth_source"].dropna())
    cite.use(srcs)
    data = w[
        [
            "period_end",
            "fiscal_quarter",
            "value",
            "growth_pct",
            "year_before",
            "increase",
            "credits_cny_m",
            "credits_share_pct",
            "source_id",
            "growth_source",
        ]
    ].rename(columns={"value": "revenue_cny_m", "year_before": "year_before_cny_m", "increase": "increase_cny_m"})
    chart = charts.figure(
        fig,
        title=title,
        alt=f"Bars of the year-on-year increase in {unit} quarterly revenue in the "
        f"{res.usage_quarters} quarters after the credits were agreed, with a dashed line at the credits booked "
        "each quarter if used evenly.",
        source=cite.publishers(srcs),
        data=data,
        name="compute-credits-vs-growth",
        marks=marks,
        note="Each increase is the quarter's revenue times g / (100 + g), g its reported growth: "
        "the company's own comparison, on one segment basis.",
    )
    table = report.table(
        pd.DataFrame(
            {
                "Quarter to": w["period_end"].dt.strftime("%B %Y"),
                "Revenue": w["value"].map(lambda v: money(v, "CNY")),
                "Growth": w["growth_pct"].map(lambda g: f"{g:g}%"),
                "Increase on a year before": w["increase"].map(lambda v: money(v, "CNY", "approx")),
                "Credits that quarter": w["credits_cny_m"].map(lambda v: money(v, "CNY", "approx")),
                "Credits' share of the increase": w["credits_share_pct"].map(lambda v: report.pct(v, "approx")),
            }
        ),
        "The credits against the cloud unit's growth, quarter by quarter",
    )
    return HTML(f'<div id="compute-window">{chart.data}{table.data}</div>')


def gpu_prices(p: pd.DataFrame, cite):
    kinds = [("rental_gpu_hour", "Rent, one GPU-hour (USD)"), ("purchase_unit", "Buy, one GPU (USD)")]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    marks = charts.Marks("gpu")
    gpus = sorted(p["gpu"].unique())
    colors = {g: charts.PALETTE[i % len(charts.PALETTE)] for i, g in enumerate(gpus)}
    shown = []
    for ax, (kind, label) in zip(axes, kinds):
        d = p[(p["kind"] == kind) & p["usd"].notna() & p["date"].notna()]
        shown.append(d)
        for r in d.itertuples():
            (m,) = ax.plot(
                [r.date],
                [r.usd],
                ls="none",
                marker="o" if r.market == "china" else "s",
                color=colors[r.gpu],
                mfc=colors[r.gpu] if r.market == "china" else "white",
                ms=7,
            )
            marks.tag(m, f"{r.gpu_name}, {r.market}, {r.date:%Y-%m}: {r.label} [{r.source_id}]")
        ax.set(title=label, xlabel="Date", ylabel="USD (log scale)")
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(mticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"${v:,.0f}" if v >= 10 else f"${v:.2f}"))
        ax.yaxis.set_minor_formatter(mticker.NullFormatter())
        loc = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    for g in gpus:
        axes[1].plot([], [], "o", color=colors[g], label=p.loc[p["gpu"] == g, "gpu_name"].iloc[0])
    axes[1].plot([], [], "o", color="#333", label="China (filled)")
    axes[1].plot([], [], "s", mfc="white", color="#333", label="abroad (hollow square)")
    axes[1].legend(fontsize=7)
    title = "GPU price points in China and abroad (log scale, USD)"
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    data = pd.concat(shown)[
        [
            "price_id",
            "gpu",
            "date",
            "market",
            "kind",
            "price",
            "price_low",
            "price_high",
            "currency",
            "qualifier",
            "usd",
            "source_id",
        ]
    ]
    cite.use(data["source_id"])
    return charts.figure(
        fig,
        title=title,
        alt="Two scatter charts on a log scale: hourly rental prices per GPU and purchase prices per GPU, in US dollars, "
        "by chip and date; filled markers are prices in China, hollow squares abroad. Ranges are plotted at their midpoint.",
        source=cite.publishers(data["source_id"]),
        data=data,
        name="compute-gpu-prices",
        marks=marks,
    )


def sensitivity_heatmap(grid: pd.DataFrame, gpu_name: str, round_usd: float, credit_value: float, part: str = "total"):
    fig, ax = plt.subplots(figsize=(10, 4.2))
    marks = charts.Marks("sens")
    vmax = float(grid.to_numpy().max())
    cmap = plt.get_cmap("YlGnBu")
    for i, s in enumerate(grid.index):
        for j, p in enumerate(grid.columns):
            v = float(grid.iloc[i, j])
            rect = Rectangle((j, i), 1, 1, facecolor=cmap(0.1 + 0.85 * v / vmax), edgecolor="white")
            ax.add_patch(rect)
            marks.tag(
                rect,
                f"credit share {s:.1%}, {gpu_name} at ${p:g}/GPU-hour: {v:,.0f} H100-equivalent GPU-years"
                + (" bought with the credits" if part == "credits" else ""),
            )
            ax.text(
                j + 0.5,
                i + 0.5,
                f"{v:,.0f}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if v / vmax > 0.55 else "black",
            )
    ax.set_xlim(0, grid.shape[1])
    ax.set_ylim(grid.shape[0], 0)
    ax.set_xticks(np.arange(grid.shape[1]) + 0.5, [f"${p:g}" for p in grid.columns])
    ax.set_yticks(np.arange(grid.shape[0]) + 0.5, [f"{s:.1%}" for s in grid.index])
    ax.grid(False)
    title = (
        f"What the credits in a {money(round_usd / 1e6)} round buy: H100-equivalent GPU-years"
        if part == "credits"
        else f"What a {money(round_usd / 1e6)} round buys: H100-equivalent GPU-years"
    )
    ax.set(title=title, xlabel=f"Price of one {gpu_name} GPU-hour (USD)", ylabel="Share of the round paid in credits")
    data = (
        grid.reset_index()
        .melt(id_vars="credit_share", var_name="gpu_hour_usd", value_name="h100_gpu_years")
        .assign(credit_value=credit_value)
    )
    return charts.figure(
        fig,
        title=title,
        alt=f"Grid of H100-equivalent GPU-years bought by {'the credits in ' if part == 'credits' else ''}the round "
        f"for credit shares (rows) and GPU-hour prices (columns), with $1 of credits worth ${credit_value:g} in cash.",
        source="this report's model and its settings (see Assumptions)",
        data=data,
        name="compute-sensitivity",
        marks=marks,
    )


# ---------------------------------------------------------------- statements
def _names(pkg) -> dict:
    names = dict(zip(pkg["investors"]["investor_id"].astype(str), pkg["investors"]["name_en"].astype(str)))
    names.update(zip(pkg["companies"]["company_id"].astype(str), pkg["companies"]["name_en"].astype(str)))
    return names


def _case_sentence(c, names) -> tuple[str, dict]:
    credits = F.money(c.credits_m, c.currency, c.credits_qualifier, sources=(c.credits_source,), grade=c.credits_grade)
    invested = F.money(
        c.invested_m, c.currency, c.invested_qualifier, sources=(c.invested_source,), grade=c.invested_grade
    )
    return (
        "Of {inv}'s reported {tot} in {comp}, {cr} was reportedly to be used as cloud credits: {share} of the money.",
        {
            "inv": names[c.investor_id],
            "comp": names[c.company_id],
            "tot": invested,
            "cr": credits,
            "share": F.share(credits, invested),
        },
    )


def _round_sentence(res) -> tuple[str, dict]:
    m = res.model
    return (
        "On this report's assumptions a {r} round with {s} in credits buys {h} H100-equivalent GPU-years ({c} of them "
        "from the credits), and is worth {v} in cash.",
        {
            "r": F.money(m.round_usd / 1e6, href="#round-buys"),
            "s": F.percent(100 * m.credit_share, href="#round-buys"),
            "h": F.Figure(m.h100_gpu_years, "number", href="#round-buys"),
            "c": F.Figure(m.credit_h100_gpu_years, "number", href="#round-buys"),
            "v": F.money(m.cash_equivalent_usd / 1e6, href="#round-buys"),
        },
    )


def _source(pkg, sid) -> tuple[str, str]:
    """(publisher a reader knows: the original where the page is a copy, grade from the page's kind)."""
    s = pkg["sources"].set_index("source_id")
    if sid not in s.index:
        return "", ""
    row = s.loc[sid]
    orig = row.get("original_publisher")
    name = str(orig) if isinstance(orig, str) and orig else str(row["publisher"])
    return name, F.KIND_GRADE.get(str(row["kind"]), "")


def _share_range(res, names, pkg) -> tuple[str, dict] | None:
    """The credit share as a range across sources: the reported credit amount over the investment, against
    a reported share (claims), e.g. the FT's "just under half"."""
    c = res.case
    if c is None:
        return None
    credits = F.money(
        c["credits_m"], c["currency"], c["credits_qualifier"], sources=(c["credits_source"],), grade=c["credits_grade"]
    )
    invested = F.money(
        c["invested_m"],
        c["currency"],
        c["invested_qualifier"],
        sources=(c["invested_source"],),
        grade=c["invested_grade"],
    )
    values = {
        "inv": names[c["investor_id"]],
        "comp": names[c["company_id"]],
        "tot": invested,
        "cr": credits,
        "share": F.share(credits, invested),
    }
    text = "Of {inv}'s reported {tot} in {comp}, {cr} was reportedly to be used as cloud credits: {share} of the money"
    claims = res.share_claims if res.share_claims is not None else pd.DataFrame()
    if len(claims):
        k = claims.sort_values("made_on").iloc[-1]
        who, grade = _source(pkg, k["source_id"])
        values["other"] = F.percent(k["value"], str(k["qualifier"]), sources=(k["source_id"],), grade=grade)
        values["who"] = "the " + possessive(who) if who.startswith("Financial") else possessive(who)
        text += (
            "; {who} sources said just under half ({other}), so the credit share runs from {share} to just under half"
        )
    return text + ".", values


def _cost_sentence(res, pkg) -> tuple[str, dict] | None:
    """What the stake cost the investor with credits at their cost to the cloud (face x (1 - margin)), at the
    reported margin and at an assumed one, for the reported credit amount and the reported upper share."""
    c = res.case
    if c is None or res.margin is None:
        return None
    inv = float(c["invested_m"])
    low_credits = float(c["credits_m"])
    claims = res.share_claims if res.share_claims is not None else pd.DataFrame()
    high_credits = inv * float(claims.sort_values("made_on").iloc[-1]["value"]) / 100 if len(claims) else low_credits
    srcs = (c["invested_source"], c["credits_source"], *res.margin_sources)
    fig = lambda v: F.money(v, c["currency"], "approx", sources=srcs, href="#compute-cost")  # noqa: E731
    at = lambda m, hi: effective_cost(inv, high_credits if hi else low_credits, m)  # noqa: E731
    grades = [_source(pkg, sid)[1] for sid in res.margin_sources]
    margin = F.weakest_grade(grades)
    values = {
        "m": F.percent(100 * res.margin, sources=tuple(res.margin_sources), grade=margin),
        "a": fig(at(res.margin, False)),
        "b": fig(at(res.margin, True)),
        "am": F.percent(100 * res.alt_margin),
        "c": fig(at(res.alt_margin, False)),
        "d": fig(at(res.alt_margin, True)),
        "face": F.money(inv, c["currency"], c["invested_qualifier"], sources=(c["invested_source"],)),
    }
    return (
        "Counting the credits at what they cost the cloud unit to supply rather than at face value, at its reported "
        "adjusted EBITA margin (a median of {m} in the quarters the credits were used), the stake cost {b} to {a} in "
        "cash terms, against {face} on paper; at an assumed {am} margin, {d} to {c}.",
        values,
    )


def _growth_sentence(res, pkg) -> tuple[str, dict] | None:
    """The credits, booked evenly as cloud revenue, against the unit's year-on-year growth in the usage window."""
    w = res.window
    if w is None or w.empty or res.window_share_pct is None:
        return None
    c = res.case
    srcs = tuple(w["source_id"]) + tuple(w.get("growth_source", pd.Series(dtype=str)).dropna())
    first, last = w.iloc[0], w.iloc[-1]
    return (
        "Booked as cloud revenue evenly over the {q} quarters after the deal, the {cr} of credits ({cny}) would be {s} "
        "of the cloud unit's year-on-year revenue growth in those quarters: {s0} of it in the quarter to {d0}, "
        "{s1} in the quarter to {d1}.",
        {
            "q": res.usage_quarters,
            "cr": F.money(c["credits_m"], c["currency"], c["credits_qualifier"], sources=(c["credits_source"],)),
            "cny": F.money(res.credits_cny_m, "CNY", "approx"),
            "s": F.percent(
                res.window_share_pct,
                "approx",
                sources=srcs,
                href="#compute-window",
                grade=F.weakest_grade(_source(pkg, sid)[1] for sid in srcs),
            ),
            "s0": F.percent(first["credits_share_pct"], "approx", href="#compute-window"),
            "d0": f"{first['period_end']:%B %Y}",
            "s1": F.percent(last["credits_share_pct"], "approx", href="#compute-window"),
            "d1": f"{last['period_end']:%B %Y}",
        },
    )


def _rent_sentence(res, pkg) -> tuple[str, dict] | None:
    """China against abroad, like for like: the same chip, per GPU-hour, dated within six months."""
    lf = res.like_for_like
    if lf is None or lf.empty:
        return None
    r = lf.sort_values("china_date").iloc[-1]
    names = dict(zip(pkg["gpus"]["gpu_id"].astype(str), pkg["gpus"]["name"].astype(str)))
    fig = lambda v, sid: F.money(
        v,
        "USD",
        r["qualifier"],
        scale=1,
        per="a GPU-hour",
        sources=(sid,),  # noqa: E731
        grade=_source(pkg, sid)[1],
    )
    china, abroad = fig(r["china_usd"], r["china_source"]), fig(r["abroad_usd"], r["abroad_source"])
    cheaper = r["premium_pct"] < 0
    return (
        "Renting compute in China cost {d} abroad, like for like: an {chip} at {c} in {cd} against {a} "
        "abroad in {ad}, {p!p}"
        + (
            "; so at China prices the credits buy more compute than the same dollars would abroad."
            if cheaper
            else "; so at China prices the credits buy less compute than abroad."
        ),
        {
            "d": "less than" if cheaper else "more than",
            "chip": names.get(r["gpu"], r["gpu"]),
            "c": china,
            "a": abroad,
            "cd": f"{r['china_date']:%B %Y}",
            "ad": f"{r['abroad_date']:%B %Y}",
            "p": F.change(china, abroad),
        },
    )


@checked
def answer(res, pkg) -> list[Finding]:
    """The credit share as a range across sources, the stake's effective cash cost at two margins, and the
    credits' share of the cloud unit's growth in the usage window; without a reported case, the model round."""
    names = _names(pkg)
    out = [
        x
        for x in (
            _share_range(res, names, pkg),
            _cost_sentence(res, pkg),
            _growth_sentence(res, pkg),
            _rent_sentence(res, pkg),
        )
        if x
    ]
    return out or [_round_sentence(res)]


@checked
def findings(res, pkg) -> list[Finding]:
    """At most five: what the model round buys, other credit cases, reports set aside, the credits against
    cloud revenue, the guidance."""
    names = _names(pkg)
    out = [_round_sentence(res)] if res.case is not None else []
    out += [
        _case_sentence(c, names)
        for c in res.cases.itertuples()
        if c.credit_share_pct < 100 and (res.case is None or c.case_id != res.case["case_id"])
    ]
    if len(res.flagged):
        out.append(
            (
                "{n} other reports put the credits at the whole investment; they are kept but set aside as likely "
                "misreadings.",
                {"n": F.count(len(res.flagged), sources=tuple(res.flagged["credits_source"]))},
            )
        )
    if res.per_quarter_cny_m is not None:
        c = res.case
        out.append(
            (
                "Used evenly over {q} quarters, credits of {c} ({cny} at the {y} mean rate) would add {pq} of cloud "
                "revenue a quarter.",
                {
                    "q": res.usage_quarters,
                    "y": f"{c['stake_as_of']:%Y}",
                    "c": F.money(c["credits_m"], c["currency"], c["credits_qualifier"], sources=(c["credits_source"],)),
                    "cny": F.money(res.credits_cny_m, "CNY", "approx", sources=(c["credits_source"],)),
                    "pq": F.money(res.per_quarter_cny_m, "CNY", "approx", sources=(c["credits_source"],)),
                },
            )
        )
    for f in res.forecasts.head(1).itertuples():
        out.append(
            (
                "In {d} the cloud unit's management expected external-customer revenue to grow by {g}; the data "
                "holds {n} later quarters of that growth, listed under the cloud chart.",
                {
                    "d": "an undated statement" if pd.isna(f.made_on) else f"{f.made_on:%B %Y}",
                    "g": F.percent(f.value, str(f.qualifier), sources=(f.source_id,)),
                    "n": F.count(len(res.outcomes), href="#forecasts"),
                },
            )
        )
    return out[:5]


# ---------------------------------------------------------------- sections, one display call each
QUESTION = (
    "When big tech pays for stakes with cloud credits, what is the start-up really getting, and what does the "
    "investor get back?"
)


def opening(res, pkg, cite) -> None:
    names = _names(pkg)
    display(report.header("Compute as capital: cloud credits in China's AI rounds", pkg, QUESTION))
    m = res.model
    share_from = f"the reported {names[res.company]} case" if res.credit_share_from == "case" else "parameter"
    report.answer(
        [report.sentence(t, cite, **v) for t, v in answer(res, pkg)],
        {
            "Investor and start-up": f"{names[res.investor]} in {names[res.company]}",
            "Hypothetical round": money(m.round_usd / 1e6),
            "Share paid in credits": f"{report.pct(100 * m.credit_share)} ({share_from})",
            "Chip": res.gpu_name,
            "GPU-hour price": f"{F.fmt(F.money(m.gpu_hour_usd, 'USD', scale=1))} ({res.price_from})",
            "Cash worth of $1 of credits": f"${m.credit_value:g}",
            "Quarters over which credits are used": res.usage_quarters,
            "Cloud margin on the credits": (
                "not reported"
                if res.margin is None
                else f"{report.pct(100 * res.margin)} ("
                + ("median reported adjusted EBITA margin" if res.margin_facts else "parameter")
                + ")"
            ),
            "Assumed second margin": report.pct(100 * res.alt_margin),
        },
        pkg,
    )


def key_findings(res, pkg, cite) -> None:
    report.show_findings([report.sentence(t, cite, **v) for t, v in findings(res, pkg)], pkg.version())


def round_trip_section(res, pkg, cite):
    names = _names(pkg)
    parts = []
    s = res.case
    if s is not None:
        inv, credits = (
            money(s["invested_m"], s["currency"], s["invested_qualifier"]),
            money(s["credits_m"], s["currency"], s["credits_qualifier"]),
        )
        steps = [
            (
                f"{names[s['investor_id']].split()[0]} invests",
                inv,
                f"Reported cumulative investment [{s['invested_source']}]",
            ),
            (
                f"{names[s['company_id']].split()[0]} receives",
                f"cash + {credits} credits",
                f"Credits reported [{s['credits_source']}]",
            ),
            (
                "Start-up uses the cloud",
                f"over {res.usage_quarters} quarters (assumed)",
                "Usage pace is a setting of this report",
            ),
            (
                "Its cloud books revenue",
                credits,
                "The investor's cloud unit books the credits as revenue, as used or as "
                "received: see the descriptions below",
            ),
        ]
        parts.append(round_trip(steps, cite, [s["invested_source"], s["credits_source"]]).data)
    acc = res.accounting
    cite.use(acc["source_id"])
    items = "".join(f"<li>{report.esc(a.accounting)}{cite.ref(a.source_id)}</li>" for a in acc.itertuples())
    parts.append(
        "<p>Sources describe how the money is booked in different ways; each description is listed with its source, "
        f"none is picked:</p><ul>{items}</ul>"
        if len(acc)
        else "<p class='gap'>No source in the data describes the accounting: a gap.</p>"
    )
    return HTML("".join(parts))


def growth_section(res, cite, unit: str):
    if res.per_quarter_cny_m is None or res.window is None or res.window.dropna(subset=["increase"]).empty:
        return report.notice(
            "No reported credit case, or no quarter after it with reported growth: the comparison cannot be made."
        )
    return HTML(credits_vs_growth(res, cite, unit).data + cost_table(res).data + value_grid(res, cite).data)


def value_grid(res, cite):
    """What the start-up receives per dollar the investor spends, over the credit-value scenarios (rows) and
    the cloud's margin on the credits (columns), for the reported case."""
    c, sc = res.case, res.value_scenarios
    if c is None or sc is None or sc.empty or res.margin is None:
        return report.notice("No reported case or margin: the value grid cannot be drawn.")
    inv, credits = float(c["invested_m"]), float(c["credits_m"])
    margins = sorted({0.0, round(res.margin, 4), res.alt_margin})
    cite.use(sc["source_id"].dropna())
    cols = {
        f"Margin {report.pct(100 * m)}": [f"{value_per_cost(inv, credits, v, m):.2f}" for v in sc["credit_value"]]
        for m in margins
    }
    tbl = pd.DataFrame(
        {
            "$1 of credits is worth": [f"${v:.2f}" for v in sc["credit_value"]],
            "Because": sc["scenario"],
            "source_id": sc["source_id"],
            **cols,
        }
    )
    return report.table(
        tbl,
        f"What {value(c['company_id'])} receives per dollar {value(c['investor_id'])} spends, with "
        f"{money(credits, c['currency'])} of credits in {money(inv, c['currency'])} (above 1: it gets more than the investor spends)",
    )


def cost_table(res):
    """The stake's cash cost with credits at their cost to the cloud, for each reported credit amount and margin."""
    c = res.case
    if c is None or res.margin is None:
        return report.notice("No reported margin for the cloud unit: the credits' cost to supply cannot be estimated.")
    inv, cur = float(c["invested_m"]), c["currency"]
    claims = res.share_claims if res.share_claims is not None else pd.DataFrame()
    amounts = [(f"{money(c['credits_m'], cur)} (the reported obligation)", float(c["credits_m"]))]
    if len(claims):
        k = claims.sort_values("made_on").iloc[-1]
        amounts.append(
            (
                f"just under {report.pct(k['value'])} of the investment (≤{money(inv * k['value'] / 100, cur)})",
                inv * float(k["value"]) / 100,
            )
        )
    rows = [
        {
            "Credits": label,
            "Margin": f"{report.pct(100 * m)} ({why})",
            "Credits at cost": money(credits * (1 - m), cur, "approx"),
            "Cash cost of the stake": money(effective_cost(inv, credits, m), cur, "approx"),
            "Against face value": report.pct(100 * effective_cost(inv, credits, m) / inv, "approx"),
        }
        for label, credits in amounts
        for m, why in ((res.margin, "reported adjusted EBITA margin"), (res.alt_margin, "assumed"))
    ]
    return HTML(
        '<div id="compute-cost">'
        + report.table(
            pd.DataFrame(rows), f"What the stake cost {money(inv, cur)} on paper, with credits at their cost to supply"
        ).data
        + "</div>"
    )


def cloud_section(res, cite, unit: str):
    if res.quarters.empty:
        return report.notice("No quarterly revenue in the data.")
    return cloud_revenue(res.quarters, res.growth, res.events, cite, unit, res.as_of)


def forecasts_section(res, cite):
    """Each growth forecast once, then every later quarter's outcome, in one list."""
    if res.forecasts.empty:
        return report.notice("No growth guidance is recorded for the cloud unit.")
    items = "".join(
        f"<li>{'undated' if pd.isna(f.made_on) else f'{f.made_on:%-d %B %Y}'}: {report.esc(f.statement)}"
        f"{cite.ref(f.source_id)}</li>"
        for f in res.forecasts.itertuples()
    )
    later = (
        "<p class='gap'>No later quarter in the data reports external-customer growth.</p>"
        if res.outcomes.empty
        else "<ul>"
        + "".join(
            f"<li>{report.esc(r.fiscal_quarter)} (quarter to {r.period_end:%B %Y}): "
            f"{report.esc(report.pct(r.value, r.qualifier))}{cite.ref(r.source_id)}</li>"
            for r in res.outcomes.itertuples()
        )
        + "</ul>"
    )
    return HTML(
        f'<div id="forecasts"><p><strong>The forecasts</strong></p><ul>{items}</ul>'
        f"<p><strong>What later quarters showed</strong> (external-customer revenue, year on year)</p>{later}</div>"
    )


def other_section(res, cite):
    cite.use(res.other["source_id"])
    cite.use(res.vouchers["source_id"])
    cite.use(res.access["source_id"])
    o, v, a = res.other, res.vouchers, res.access
    oc = res.others_credits
    beyond = (
        f"<p>The data holds {len(oc)} stake(s) paid in cloud credits by other investors, listed below.</p>"
        if len(oc)
        else "<p>No stored page found reports a stake paid in cloud credits by any investor other than "
        f"{report.esc(value(res.investor))}: the other groups' rounds are reported as cash.</p>"
    )
    if len(oc):
        cite.use(oc["source_id"])
        beyond += report.table(
            oc[["investor_id", "company_id", "date", "amount_m", "currency", "note", "source_id"]],
            "Stakes paid in cloud credits by other investors",
        ).data
    return HTML(
        beyond
        + report.table(
            o[["mechanism", "company_id", "investor_id", "date", "amount_m", "currency", "note", "source_id"]],
            "Hardware, discounted cloud, funds earmarked for chips",
        ).data
        + report.table(
            v[["investor_id", "date", "amount_m", "currency", "qualifier", "note", "source_id"]],
            "Compute vouchers from local governments: subsidies, not equity (amounts in millions)",
        ).data
        + report.table(
            a[["made_on", "statement", "source_id"]],
            "Related reported cases (chips through affiliates abroad, rented capacity)",
        ).data
    )


def prices_section(res, cite):
    gp = res.prices.copy()
    gp["label"] = [
        report.amount(p, c, q, lo, hi, scale=1)
        for p, c, q, lo, hi in zip(
            gp["price"].astype("float64"), gp["currency"], gp["qualifier"], gp["price_low"], gp["price_high"]
        )
    ]
    parts = [gpu_prices(gp[gp["kind"] != "purchase_unit_unclear"], cite).data]
    lf = res.like_for_like
    if lf is not None and len(lf):
        cite.use(list(lf["china_source"]) + list(lf["abroad_source"]))
        parts.append(
            report.table(
                pd.DataFrame(
                    {
                        "Chip": lf["gpu"].map(value),
                        "China": [
                            f"{F.fmt(F.money(c, 'USD', q, scale=1))} ({d:%b %Y}, {value(k)})"
                            for c, q, d, k in zip(lf["china_usd"], lf["qualifier"], lf["china_date"], lf["china_kind"])
                        ],
                        "china_source": lf["china_source"],
                        "Abroad": [
                            f"{F.fmt(F.money(a, 'USD', q, scale=1))} ({d:%b %Y}, {value(k)})"
                            for a, q, d, k in zip(
                                lf["abroad_usd"], lf["qualifier"], lf["abroad_date"], lf["abroad_kind"]
                            )
                        ],
                        "abroad_source": lf["abroad_source"],
                        "China against abroad": [
                            F.fmt(F.percent(p, q), "prose") for p, q in zip(lf["premium_pct"], lf["qualifier"])
                        ],
                    }
                ),
                "Renting the same chip in China and abroad, per GPU-hour in US dollars (server prices over 8 GPUs; "
                "a month as 730 hours; dates within six months)",
            ).data
        )
    undated = gp[gp["date"].isna()]
    if len(undated):
        cite.use(undated["source_id"])
        parts.append(
            report.table(
                undated[["gpu", "market", "kind", "label", "note", "source_id"]],
                "Price points without a date (not plotted)",
            ).data
        )
    cite.use(res.export_controls["source_id"])
    parts.append(report.table(res.export_controls[["date", "title", "source_id"]], "US export-control steps").data)
    return HTML("".join(parts))


def buys_section(res):
    m, g = res.model, res.gpu_name
    rows = [
        ("Credits (face value)", money(m.credits_face_usd / 1e6)),
        ("Cash", money(m.cash_usd / 1e6)),
        ("Cash equivalent of the round", money(m.cash_equivalent_usd / 1e6)),
        (f"{g} GPU-hours from credits", F.fmt(F.Figure(m.credit_gpu_hours, "number"))),
        (f"{g} GPU-hours from cash", F.fmt(F.Figure(m.cash_gpu_hours, "number"))),
        ("H100-equivalent GPU-years", F.fmt(F.Figure(m.h100_gpu_years, "number"))),
    ]
    # At credit_value 1 the mix of cash and credits buys the same compute, so the grid shows what the credits alone buy.
    return HTML(
        report.table(
            pd.DataFrame(rows, columns=["quantity", "value"]),
            "The hypothetical round under this report's settings",
            anchor="round-buys",
        ).data
        + sensitivity_heatmap(res.sensitivity, g, m.round_usd, m.credit_value, part="credits").data
    )
