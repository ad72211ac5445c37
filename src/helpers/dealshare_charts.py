"""Charts for the deal-share report: participation matrix, valuation timeline, capital by investor kind."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from helpers import charts
from helpers.report import money


def company_label(companies: pd.DataFrame, cid: str) -> str:
    row = companies.set_index("company_id").loc[cid]
    zh = row["name_zh"]
    return f"{row['name_en']}" + ("" if pd.isna(zh) else f" ({zh})")


def heatmap(mat: pd.DataFrame, focus: str, names: dict, companies: pd.DataFrame, cite, source_ids, level: str = "group"):
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(mat) + 2.2))
    marks = charts.Marks("matrix")
    vmax = max(1, int(mat.to_numpy().max()))
    cmap = plt.get_cmap("Blues")
    for i, unit in enumerate(mat.index):
        for j, comp in enumerate(mat.columns):
            v = int(mat.iloc[i, j])
            rect = Rectangle((j, i), 1, 1, facecolor=cmap(0.08 + 0.85 * v / vmax) if v else "#f4f4f4", edgecolor="white")
            ax.add_patch(rect)
            marks.tag(rect, f"{names.get(unit, unit)} × {company_label(companies, comp)}: {v} round(s) joined")
            if v:
                ax.text(j + 0.5, i + 0.5, str(v), ha="center", va="center", fontsize=9, color="white" if v / vmax > 0.5 else "black")
    if focus in mat.index:
        k = list(mat.index).index(focus)
        ax.add_patch(Rectangle((0, k), len(mat.columns), 1, fill=False, edgecolor="#d1495b", lw=2.5))
    ax.set_xlim(0, len(mat.columns))
    ax.set_ylim(len(mat), 0)
    ax.set_xticks(np.arange(len(mat.columns)) + 0.5, [company_label(companies, c) for c in mat.columns], rotation=30, ha="right", fontsize=9)
    ax.set_yticks(np.arange(len(mat)) + 0.5, [names.get(u, u) for u in mat.index], fontsize=9)
    ax.grid(False)
    title = "Who backed the leading LLM start-ups: rounds joined per investor"
    ax.set(title=title, xlabel="Start-up", ylabel=f"Investor ({level} level)")
    data = mat.reset_index().melt(id_vars=mat.index.name or "unit", var_name="company_id", value_name="rounds_joined")
    return charts.figure(fig, title=title, alt=f"Matrix of {len(mat)} investors by {len(mat.columns)} start-ups; each cell counts "
                         f"the rounds an investor joined, darker is more; the focus investor's row is outlined in red.",
                         source=cite.publishers(source_ids), data=data, name="deal-share-matrix", marks=marks)


def timeline(rounds: pd.DataFrame, focus_joined: pd.Series, companies: pd.DataFrame, focus_name: str, cite):
    comps = list(dict.fromkeys(rounds["company_id"]))
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(comps) + 2))
    marks = charts.Marks("timeline")
    vals = rounds["post_money_usd_m"].astype("float64")
    size = lambda v: 20 + 60 * np.log10(max(v, 10) / 10) if not np.isnan(v) else 14  # noqa: E731
    for _, r in rounds.iterrows():
        y = comps.index(r["company_id"])
        v = float(vals.loc[_])
        j = bool(focus_joined.loc[_])
        (m,) = ax.plot([r["announced"]], [y], ls="none", marker="D" if r["stage"] == "ipo" else "o",
                       ms=np.sqrt(size(v)) + 2, mfc=charts.PALETTE[1] if j else "white", mec=charts.PALETTE[1] if j else "#777")
        marks.tag(m, f"{company_label(companies, r['company_id'])}, {r['stage']} round, {r['announced']:%Y-%m-%d}: "
                     f"raised {money(r['amount_m'], r['currency'], r['qualifier']) if not pd.isna(r['amount_m']) else 'undisclosed'}; "
                     f"post-money {money(r['post_money_m'], r['valuation_currency'], r['valuation_qualifier']) if not pd.isna(r['post_money_m']) else 'not reported'}"
                     f"{'; ' + focus_name + ' took part' if j else ''} [{r['headline_source_id']}]")
        if not np.isnan(v):
            ax.annotate(money(v), (r["announced"], y), textcoords="offset points", xytext=(0, 9), ha="center", fontsize=7, color="#444")
    ax.set_yticks(range(len(comps)), [company_label(companies, c) for c in comps], fontsize=9)
    ax.set_ylim(len(comps) - 0.4, -0.6)
    title = f"Rounds and post-money valuations (USD); filled markers: {focus_name} took part"
    ax.set(title=title, xlabel="Date announced", ylabel="Start-up")
    ax.plot([], [], "o", mfc=charts.PALETTE[1], mec=charts.PALETTE[1], label=f"{focus_name} took part")
    ax.plot([], [], "o", mfc="white", mec="#777", label="without it")
    ax.plot([], [], "D", mfc="white", mec="#777", label="IPO")
    ax.legend(fontsize=8, loc="lower left")
    cite.use(rounds["headline_source_id"])
    data = rounds.assign(focus_joined=focus_joined.to_numpy())[["round_id", "company_id", "announced", "stage", "amount_m", "currency",
                                                               "qualifier", "post_money_m", "valuation_currency", "post_money_usd_m", "focus_joined", "headline_source_id"]]
    return charts.figure(fig, title=title, alt=f"Timeline of funding rounds for {len(comps)} start-ups; marker size grows with post-money "
                         f"valuation in USD, labelled above; rounds {focus_name} joined are filled.",
                         source=cite.publishers(rounds["headline_source_id"]), data=data, name="deal-share-timeline", marks=marks)


def kinds_chart(by_kind: pd.DataFrame, events: pd.DataFrame, cite, source_ids):
    fig, ax = plt.subplots(figsize=(10, 4.4))
    marks = charts.Marks("kinds")
    for i, kind in enumerate(by_kind.columns):
        color = charts.PALETTE[i % len(charts.PALETTE)]
        ax.plot(by_kind.index, by_kind[kind] / 1000, color=color, label=kind.replace("_", " "))
        for y, v in by_kind[kind].items():
            (m,) = ax.plot([y], [v / 1000], "o", color=color, ms=5)
            marks.tag(m, f"{y}: {money(v)} in rounds joined by at least one {kind.replace('_', ' ')} investor")
    key = charts.event_lines(ax, events, marks, date_to_x=lambda d: d.year + (d.dayofyear - 1) / 365.25)
    title = "Who else pays: disclosed capital in rounds joined, by investor kind"
    ax.set(title=title, xlabel="Year announced", ylabel="Billions of USD (rounds overlap across kinds)")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="upper left")
    cite.use(events["source_id"])
    data = by_kind.reset_index().melt(id_vars="year", var_name="investor_kind", value_name="capital_usd_m")
    return charts.figure(fig, title=title, alt="Line chart per investor kind (big tech, state funds, local governments, VC with USD or RMB funds, "
                         "sovereign funds) of the disclosed capital in rounds each kind joined per year, in billions of USD, with policy events as dotted lines.",
                         source=cite.publishers(list(source_ids) + list(events["source_id"])), data=data, name="deal-share-kinds", marks=marks,
                         note=key)
