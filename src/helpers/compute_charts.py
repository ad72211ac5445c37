"""Charts for the compute-as-capital report."""
from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.patches import FancyBboxPatch, Rectangle

from helpers import charts
from helpers.report import money


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


def cloud_revenue(q: pd.DataFrame, growth: pd.DataFrame, events: pd.DataFrame, cite):
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
    title = "Alibaba Cloud Intelligence Group: quarterly revenue and growth"
    ax.set(title=title, xlabel="Quarter ending", ylabel="Revenue (billions of CNY)")
    cite.use(list(q["source_id"]) + list(growth["source_id"]) + list(events["source_id"]))
    data = pd.concat([q.assign(metric="revenue_CNY_m"), growth.assign(metric="revenue_yoy_pct")])[["period_end", "fiscal_quarter", "metric", "value", "source_id"]]
    return charts.figure(fig, title=title, alt="Bars of Alibaba Cloud quarterly revenue in billions of yuan with a line of year-on-year growth in percent, "
                         "and dotted lines for export-control steps, model launches and funding rounds paid in credits.",
                         source=cite.publishers(data["source_id"]) + "; Alibaba Group results as reported", data=data, name="compute-cloud-revenue", marks=marks,
                         note=key)


def credits_vs_growth(inc: pd.DataFrame, per_quarter_cny_m: float, usage_quarters: int, cite):
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
    return charts.figure(fig, title=title, alt=f"Bars of the year-on-year increase in Alibaba Cloud quarterly revenue in billions of yuan, with a dashed "
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
                         source="model in helpers/compute.py; parameters of this report",
                         data=data, name="compute-sensitivity", marks=marks)
