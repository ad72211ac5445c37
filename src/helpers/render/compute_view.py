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
from helpers.analysis.findings import Finding, checked
from helpers.render import charts, report
from helpers.render.report import money


def round_trip(steps: list[tuple[str, str, str]], cite, source_ids):
    """Boxes left to right joined by arrows; each step is (label, amount text, hover text)."""
    fig, ax = plt.subplots(figsize=(11, 2.8))
    marks = charts.Marks("roundtrip")
    n = len(steps)
    w, gap = 0.8 / n * 1.0, 0.2 / max(n - 1, 1)
    for i, (label, amount, hover) in enumerate(steps):
        x = i * (w + gap)
        box = FancyBboxPatch((x, 0.2), w, 0.6, boxstyle="round,pad=0.01", facecolor="#e8f0fb", edgecolor=charts.PALETTE[0])
        ax.add_patch(box)
        marks.tag(box, hover)
        ax.text(x + w / 2, 0.62, label, ha="center", va="center", fontsize=9, fontweight="bold", wrap=True)
        ax.text(x + w / 2, 0.38, amount, ha="center", va="center", fontsize=9, color="#333")
        if i < n - 1:
            ax.annotate("", xy=(x + w + gap, 0.5), xytext=(x + w, 0.5), arrowprops=dict(arrowstyle="->", color="#555", lw=1.6))
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(0, 1)
    ax.axis("off")
    title = "The round trip: investment, credits, cloud usage, cloud revenue"
    ax.set_title(title, fontweight="bold")
    data = pd.DataFrame(steps, columns=["step", "amount", "detail"])
    return charts.figure(fig, title=title, alt="Flow diagram: " + " → ".join(f"{s[0]} ({s[1]})" for s in steps) + ".",
                         source=cite.publishers(source_ids), data=data, name="compute-round-trip", marks=marks)


def cloud_revenue(q: pd.DataFrame, growth: pd.DataFrame, events: pd.DataFrame, cite, unit: str):
    fig, ax = plt.subplots(figsize=(11, 4.4))
    marks = charts.Marks("cloud")
    for r in q.itertuples():
        (bar,) = ax.bar([r.period_end], [r.value / 1000], width=60, color=charts.PALETTE[0], alpha=0.8)
        marks.tag(bar, f"{r.fiscal_quarter} (quarter to {r.period_end:%Y-%m-%d}): revenue CN¥{r.value / 1000:,.1f}B [{r.source_id}]")
    ax2 = ax.twinx()
    ax2.plot(growth["period_end"], growth["value"], color=charts.PALETTE[1], lw=1.4)
    for r in growth.itertuples():
        (m,) = ax2.plot([r.period_end], [r.value], "o", color=charts.PALETTE[1], ms=5)
        marks.tag(m, f"{r.fiscal_quarter}: revenue up {r.value:g}% year on year [{r.source_id}]")
    ax2.set_ylabel("Year-on-year growth (%)", color=charts.PALETTE[1])
    ax2.grid(False)
    key = charts.event_lines(ax, events, marks)
    title = f"{unit}: quarterly revenue and growth"
    ax.set(title=title, xlabel="Quarter ending", ylabel="Revenue (billions of CNY)")
    cite.use(list(q["source_id"]) + list(growth["source_id"]) + list(events["source_id"]))
    data = pd.concat([q.assign(metric="revenue_CNY_m"), growth.assign(metric="revenue_yoy_pct")])[["period_end", "fiscal_quarter", "metric", "value", "source_id"]]
    return charts.figure(fig, title=title, alt=f"Bars of {unit} quarterly revenue in billions of yuan with a line of year-on-year growth in percent, "
                         "and dotted lines for export-control steps, model launches and funding rounds paid in credits.",
                         source=cite.publishers(data["source_id"]) , data=data, name="compute-cloud-revenue", marks=marks,
                         note=key)


def credits_vs_growth(inc: pd.DataFrame, per_quarter_cny_m: float, usage_quarters: int, cite, unit: str):
    fig, ax = plt.subplots(figsize=(10, 3.8))
    marks = charts.Marks("credits")
    d = inc.dropna(subset=["increase"])
    for r in d.itertuples():
        (bar,) = ax.bar([r.period_end], [r.increase / 1000], width=60, color=charts.PALETTE[3])
        share = 100 * per_quarter_cny_m / r.increase if r.increase > 0 else np.nan
        marks.tag(bar, f"{r.fiscal_quarter}: revenue CN¥{r.increase / 1000:,.2f}B above a year before; credits used that quarter would be "
                       f"{'n/a' if np.isnan(share) else f'{share:.0f}%'} of it [{r.source_id}]")
    line = ax.axhline(per_quarter_cny_m / 1000, color=charts.PALETTE[1], ls="--")
    marks.tag(line, f"Credits booked as revenue per quarter if used evenly over {usage_quarters} quarters: CN¥{per_quarter_cny_m / 1000:,.2f}B")
    title = "Could credits explain the cloud growth? Year-on-year revenue increase vs credits used per quarter"
    ax.set(title=title, xlabel="Quarter ending", ylabel="Billions of CNY")
    cite.use(d["source_id"])
    data = d[["period_end", "fiscal_quarter", "value", "year_before", "increase", "source_id"]].assign(credits_per_quarter_cny_m=per_quarter_cny_m)
    return charts.figure(fig, title=title, alt=f"Bars of the year-on-year increase in {unit} quarterly revenue in billions of yuan, with a dashed "
                         f"line at the credits that would be booked each quarter if used over {usage_quarters} quarters.",
                         source=cite.publishers(d["source_id"]), data=data, name="compute-credits-vs-growth", marks=marks)


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
            (m,) = ax.plot([r.date], [r.usd], ls="none", marker="o" if r.market == "china" else "s", color=colors[r.gpu],
                           mfc=colors[r.gpu] if r.market == "china" else "white", ms=7)
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
    data = pd.concat(shown)[["price_id", "gpu", "date", "market", "kind", "price", "price_low", "price_high", "currency", "qualifier", "usd", "source_id"]]
    cite.use(data["source_id"])
    return charts.figure(fig, title=title, alt="Two scatter charts on a log scale: hourly rental prices per GPU and purchase prices per GPU, in US dollars, "
                         "by chip and date; filled markers are prices in China, hollow squares abroad. Ranges are plotted at their midpoint.",
                         source=cite.publishers(data["source_id"]), data=data, name="compute-gpu-prices", marks=marks)


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
            marks.tag(rect, f"credit share {s:.1%}, {gpu_name} at ${p:g}/GPU-hour: {v:,.0f} H100-equivalent GPU-years"
                            + (" bought with the credits" if part == "credits" else ""))
            ax.text(j + 0.5, i + 0.5, f"{v:,.0f}", ha="center", va="center", fontsize=8, color="white" if v / vmax > 0.55 else "black")
    ax.set_xlim(0, grid.shape[1])
    ax.set_ylim(grid.shape[0], 0)
    ax.set_xticks(np.arange(grid.shape[1]) + 0.5, [f"${p:g}" for p in grid.columns])
    ax.set_yticks(np.arange(grid.shape[0]) + 0.5, [f"{s:.1%}" for s in grid.index])
    ax.grid(False)
    title = (f"What the credits in a {money(round_usd / 1e6)} round buy: H100-equivalent GPU-years" if part == "credits"
             else f"What a {money(round_usd / 1e6)} round buys: H100-equivalent GPU-years")
    ax.set(title=title, xlabel=f"Price of one {gpu_name} GPU-hour (USD)", ylabel="Share of the round paid in credits")
    data = grid.reset_index().melt(id_vars="credit_share", var_name="gpu_hour_usd", value_name="h100_gpu_years").assign(credit_value=credit_value)
    return charts.figure(fig, title=title, alt=f"Grid of H100-equivalent GPU-years bought by {'the credits in ' if part == 'credits' else ''}the round "
                         f"for credit shares (rows) and GPU-hour prices (columns), with $1 of credits worth ${credit_value:g} in cash.",
                         source="this report's model and its settings (see Assumptions)",
                         data=data, name="compute-sensitivity", marks=marks)


# ---------------------------------------------------------------- statements
def _names(pkg) -> dict:
    names = dict(zip(pkg["investors"]["investor_id"].astype(str), pkg["investors"]["name_en"].astype(str)))
    names.update(zip(pkg["companies"]["company_id"].astype(str), pkg["companies"]["name_en"].astype(str)))
    return names


def _case_sentence(c, names) -> tuple[str, dict]:
    credits = F.money(c.credits_m, c.currency, c.credits_qualifier, sources=(c.credits_source,), grade=c.credits_grade)
    invested = F.money(c.invested_m, c.currency, c.invested_qualifier, sources=(c.invested_source,), grade=c.invested_grade)
    return ("Of {inv}'s reported {tot} in {comp}, {cr} was reportedly to be used as cloud credits: {share} of the money.",
            {"inv": names[c.investor_id], "comp": names[c.company_id], "tot": invested, "cr": credits,
             "share": F.share(credits, invested)})


def _round_sentence(res) -> tuple[str, dict]:
    m = res.model
    return ("On this report's assumptions a {r} round with {s} in credits buys {h} H100-equivalent GPU-years ({c} of them "
            "from the credits), and is worth {v} in cash.",
            {"r": F.money(m.round_usd / 1e6), "s": F.percent(100 * m.credit_share),
             "h": F.Figure(m.h100_gpu_years, "number", href="#round-buys"),
             "c": F.Figure(m.credit_h100_gpu_years, "number", href="#round-buys"),
             "v": F.money(m.cash_equivalent_usd / 1e6, href="#round-buys")})


@checked
def answer(res, pkg) -> list[Finding]:
    """The reported credit case of the focus investor and company, and what the hypothetical round buys."""
    out = [_case_sentence(res.case, _names(pkg))] if res.case is not None else []
    return out + [_round_sentence(res)]


@checked
def findings(res, pkg) -> list[Finding]:
    """At most five: other credit cases, reports set aside, the credits against cloud revenue, the guidance."""
    names = _names(pkg)
    out = [_case_sentence(c, names) for c in res.cases.itertuples()
           if c.credit_share_pct < 100 and (res.case is None or c.case_id != res.case["case_id"])]
    if len(res.flagged):
        out.append(("{n} other reports put the credits at the whole investment; they are kept but set aside as likely "
                    "misreadings.", {"n": F.count(len(res.flagged), sources=tuple(res.flagged["credits_source"]))}))
    if res.per_quarter_cny_m is not None:
        c = res.case
        out.append(("Used evenly over {q} quarters, credits of {c} ({cny} at the {y} mean rate) would add {pq} of cloud "
                    "revenue a quarter.",
                    {"q": res.usage_quarters, "y": f"{c['stake_as_of']:%Y}",
                     "c": F.money(c["credits_m"], c["currency"], c["credits_qualifier"], sources=(c["credits_source"],)),
                     "cny": F.money(res.credits_cny_m, "CNY", "approx", sources=(c["credits_source"],)),
                     "pq": F.money(res.per_quarter_cny_m, "CNY", "approx", sources=(c["credits_source"],))}))
    for f in res.forecasts.head(1).itertuples():
        out.append(("In {d} the cloud unit's management expected external-customer revenue to grow by {g}; the data "
                    "holds {n} later quarters of that growth, listed under the cloud chart.",
                    {"d": "an undated statement" if pd.isna(f.made_on) else f"{f.made_on:%B %Y}",
                     "g": F.percent(f.value, str(f.qualifier), sources=(f.source_id,)), "n": F.count(len(res.outcomes), href="#forecasts")}))
    return out[:5]


# ---------------------------------------------------------------- sections, one display call each
QUESTION = ("When big tech pays for stakes with cloud credits, what is the start-up really getting, and what does the "
            "investor get back?")


def opening(res, pkg, cite) -> None:
    names = _names(pkg)
    display(report.header("Compute as capital: cloud credits in China's AI rounds", pkg, QUESTION))
    m = res.model
    share_from = (f"the reported {names[res.company]} case" if res.credit_share_from == "case" else "parameter")
    report.answer([report.sentence(t, cite, **v) for t, v in answer(res, pkg)],
                  {"Investor and start-up": f"{names[res.investor]} in {names[res.company]}",
                   "Hypothetical round": money(m.round_usd / 1e6),
                   "Share paid in credits": f"{report.pct(100 * m.credit_share)} ({share_from})", "Chip": res.gpu_name,
                   "GPU-hour price": f"${m.gpu_hour_usd:g} ({res.price_from})",
                   "Cash worth of $1 of credits": f"${m.credit_value:g}",
                   "Quarters over which credits are used": res.usage_quarters}, pkg)


def key_findings(res, pkg, cite) -> None:
    report.show_findings([report.sentence(t, cite, **v) for t, v in findings(res, pkg)], pkg.version())


def round_trip_section(res, pkg, cite):
    names = _names(pkg)
    parts = []
    s = res.case
    if s is not None:
        inv, credits = money(s["invested_m"], s["currency"], s["invested_qualifier"]), money(s["credits_m"], s["currency"],
                                                                                            s["credits_qualifier"])
        steps = [(f"{names[s['investor_id']].split()[0]} invests", inv, f"Reported cumulative investment [{s['invested_source']}]"),
                 (f"{names[s['company_id']].split()[0]} receives", f"cash + {credits} credits", f"Credits reported [{s['credits_source']}]"),
                 ("Start-up uses the cloud", f"over {res.usage_quarters} quarters (assumed)", "Usage pace is a setting of this report"),
                 ("Its cloud books revenue", credits, "The investor's cloud unit books the credits as revenue, as used or as "
                                                      "received: see the descriptions below")]
        parts.append(round_trip(steps, cite, [s["invested_source"], s["credits_source"]]).data)
    acc = res.accounting
    cite.use(acc["source_id"])
    items = "".join(f"<li>{report.esc(a.accounting)}{cite.ref(a.source_id)}</li>" for a in acc.itertuples())
    parts.append("<p>Sources describe how the money is booked in different ways; each description is listed with its source, "
                 f"none is picked:</p><ul>{items}</ul>" if len(acc) else
                 "<p class='gap'>No source in the data describes the accounting: a gap.</p>")
    return HTML("".join(parts))


def growth_section(res, cite, unit: str):
    if res.per_quarter_cny_m is None:
        return report.notice("No reported credit case or no revenue a year apart: the comparison cannot be made.")
    return credits_vs_growth(res.increase, res.per_quarter_cny_m, res.usage_quarters, cite, unit)


def cloud_section(res, cite, unit: str):
    if res.quarters.empty:
        return report.notice("No quarterly revenue in the data.")
    return cloud_revenue(res.quarters, res.growth, res.events, cite, unit)


def forecasts_section(res, cite):
    """Each growth forecast once, then every later quarter's outcome, in one list."""
    if res.forecasts.empty:
        return report.notice("No growth guidance is recorded for the cloud unit.")
    items = "".join(f"<li>{'undated' if pd.isna(f.made_on) else f'{f.made_on:%-d %B %Y}'}: {report.esc(f.statement)}"
                    f"{cite.ref(f.source_id)}</li>" for f in res.forecasts.itertuples())
    later = ("<p class='gap'>No later quarter in the data reports external-customer growth.</p>" if res.outcomes.empty else
             "<ul>" + "".join(f"<li>{report.esc(r.fiscal_quarter)} (quarter to {r.period_end:%B %Y}): "
                              f"{report.esc(report.pct(r.value, r.qualifier))}{cite.ref(r.source_id)}</li>"
                              for r in res.outcomes.itertuples()) + "</ul>")
    return HTML(f'<div id="forecasts"><p><strong>The forecasts</strong></p><ul>{items}</ul>'
                f"<p><strong>What later quarters showed</strong> (external-customer revenue, year on year)</p>{later}</div>")


def other_section(res, cite):
    cite.use(res.other["source_id"])
    cite.use(res.vouchers["source_id"])
    cite.use(res.access["source_id"])
    o, v, a = res.other, res.vouchers, res.access
    return HTML(
        report.table(o[["mechanism", "company_id", "investor_id", "date", "amount_m", "currency", "note", "source_id"]],
                     "Hardware, discounted cloud, funds earmarked for chips").data
        + report.table(v[["investor_id", "date", "amount_m", "currency", "qualifier", "note", "source_id"]],
                       "Compute vouchers from local governments: subsidies, not equity (amounts in millions)").data
        + report.table(a[["made_on", "statement", "source_id"]],
                       "Related reported cases (chips through affiliates abroad, rented capacity)").data)


def prices_section(res, cite):
    gp = res.prices.copy()
    gp["label"] = [report.amount(p, c, q, lo, hi, scale=1) for p, c, q, lo, hi in
                   zip(gp["price"].astype("float64"), gp["currency"], gp["qualifier"], gp["price_low"], gp["price_high"])]
    parts = [gpu_prices(gp, cite).data]
    undated = gp[gp["date"].isna()]
    if len(undated):
        cite.use(undated["source_id"])
        parts.append(report.table(undated[["gpu", "market", "kind", "label", "note", "source_id"]],
                                  "Price points without a date (not plotted)").data)
    cite.use(res.export_controls["source_id"])
    parts.append(report.table(res.export_controls[["date", "title", "source_id"]], "US export-control steps").data)
    return HTML("".join(parts))


def buys_section(res):
    m, g = res.model, res.gpu_name
    rows = [("Credits (face value)", money(m.credits_face_usd / 1e6)), ("Cash", money(m.cash_usd / 1e6)),
            ("Cash equivalent of the round", money(m.cash_equivalent_usd / 1e6)),
            (f"{g} GPU-hours from credits", F.fmt(F.Figure(m.credit_gpu_hours, "number"))),
            (f"{g} GPU-hours from cash", F.fmt(F.Figure(m.cash_gpu_hours, "number"))),
            ("H100-equivalent GPU-years", F.fmt(F.Figure(m.h100_gpu_years, "number")))]
    # At credit_value 1 the mix of cash and credits buys the same compute, so the grid shows what the credits alone buy.
    return HTML(report.table(pd.DataFrame(rows, columns=["quantity", "value"]), "The hypothetical round under this report's "
                             "settings", anchor="round-buys").data
                + sensitivity_heatmap(res.sensitivity, g, m.round_usd, m.credit_value, part="credits").data)
