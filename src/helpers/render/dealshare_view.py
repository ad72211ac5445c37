"""What the deal-share report shows: its answer, key findings, reader tables and the chart of the report.

Everything here turns a `dealshare.Result` into text through the one formatter (`figures.fmt`); no
number is computed here that the analysis did not return, except sums of its Figures.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from helpers.analysis import figures as F
from helpers.analysis.dealshare import fall_and_turn, possessive, valuation_steps
from helpers.analysis.findings import Finding, checked
from helpers.render import charts, report
from helpers.render.labels import value


def _names(res, units=None) -> str:
    us = [res.names.get(u, u) for u in (units or res.units)]
    return us[0] if len(us) == 1 else ", ".join(us[:-1]) + " and " + us[-1]


@checked
def answer(res, pkg=None) -> list[Finding]:
    """2–4 sentences: each focus group's share of capital in full years, the overlap, own cheques, the year to date."""
    out = []
    u0 = res.units[0]
    s0 = res.shares[u0]
    yrs = f"{res.first_year} to {res.last_full_year}"
    if all(res.shares[u]["joined"] == 0 for u in res.units):
        return [
            (
                "No data for {a}: it joined none of the {n} completed private rounds of LLM start-ups recorded for {yrs}.",
                {"a": _names(res), "n": s0["rounds"], "yrs": yrs},
            )
        ]
    if len(res.units) == 1:
        out.append(
            (
                "From {yrs}, rounds that {a} joined raised {s} of the {cap} disclosed in the {n} completed private rounds "
                "of Chinese LLM start-ups recorded here ({k} rounds joined).",
                {
                    "yrs": yrs,
                    "a": res.names[u0],
                    "s": s0["share"],
                    "cap": s0["capital"],
                    "n": s0["rounds"],
                    "k": F.count(s0["joined"], href="#share-table"),
                },
            )
        )
    else:
        u1 = res.units[1]
        s1 = res.shares[u1]
        both = res.coinvest.set_index("part").loc["both"]
        out.append(
            (
                "From {yrs}, rounds that {a} joined raised {sa} of the {cap} disclosed in the {n} completed private rounds "
                "of Chinese LLM start-ups recorded here, and rounds that {b} joined raised {sb}; the two overlap, since "
                "rounds both joined hold {both}, so the shares cannot be added.",
                {
                    "yrs": yrs,
                    "a": res.names[u0],
                    "b": res.names[u1],
                    "sa": s0["share"],
                    "sb": s1["share"],
                    "cap": s0["capital"],
                    "n": s0["rounds"],
                    "both": both["share"].with_(href="#coinvest-table"),
                },
            )
        )
    cheques = [(u, res.shares[u].get("own_cheques")) for u in res.units]
    told = [(u, c) for u, c in cheques if c is not None and res.shares[u].get("cheques_reported")]
    if told:
        parts = "; ".join(f"{{c_{u}}} from {res.names[u]}" for u, _ in told)
        out.append(
            (
                f"Those sums are whole rounds: the groups' own cheques are rarely reported, and those that are add up to {parts}.",
                {f"c_{u}": c for u, c in told},
            )
        )
    if len(res.ytd):
        y = res.as_of.year
        sy = res.shares_ytd
        txt = "; ".join(f"{res.names[u]} joined rounds holding {{y_{u}}}" for u in res.units)
        out.append(
            (
                f"{{y}} (to {{d}}) is kept apart as year to date: {{cap}} in {{n}} rounds, of which {txt}.",
                {
                    "y": y,
                    "d": f"{res.as_of:%-d %B}",
                    "cap": sy[u0]["capital"],
                    "n": sy[u0]["rounds"],
                    **{f"y_{u}": sy[u]["share"] for u in res.units},
                },
            )
        )
    return out[:4]


@checked
def findings(res, pkg, companies: pd.DataFrame | None = None) -> list[Finding]:
    """At most five key findings."""
    companies = pkg["companies"] if companies is None else companies
    out = []
    s0 = res.shares[res.units[0]]
    joined = "; ".join(f"{res.names[u]} joined {{k_{u}}}" for u in res.units)
    out.append(
        (
            f"Of the {{n}} completed private rounds of LLM start-ups recorded for {{yrs}} ({{und}} with no disclosed "
            f"amount), {joined}.",
            {
                "n": F.count(s0["rounds"], href="#share-table"),
                "yrs": f"{res.first_year} to {res.last_full_year}",
                "und": s0["undisclosed"],
                **{f"k_{u}": F.count(res.shares[u]["joined"], href="#share-table") for u in res.units},
            },
        )
    )
    top = res.rounds[res.rounds["out"].isna()].dropna(subset=["count_usd_m"]).sort_values("count_usd_m").tail(1)
    for t in top.itertuples():
        name = companies.set_index("company_id").loc[t.company_id, "name_en"]
        joined = [u for u in res.units if ((res.parts["round_id"] == t.round_id) & (res.parts["unit"] == u)).any()]
        vals = {
            "c": name,
            "d": f"{t.announced:%B %Y}",
            "amt": F.money(
                t.count_usd_m, "USD", t.count_qualifier, sources=(t.headline_source_id,), grade=str(t.grade)
            ),
        }
        if joined:
            vals["who"] = _names(res, joined)
        out.append(
            (
                "The largest private round recorded is {c}'s of {d}, {amt}"
                + (", which {who} joined" if joined else "")
                + ".",
                vals,
            )
        )
    for u in res.units:
        main = _main_counts(res, u)
        f = None if main is None else fall_and_turn(main)
        if f:
            prov = main["provider"].iloc[0]
            tail = ", then rose to {nx} in {ny}" if f["rose_after"] else ""
            vals = {
                "prov": prov,
                "who": possessive(res.names[u]),
                "hy": f["high_year"],
                "ly": f["low_year"],
                "hi": F.count(f["high"], sources=tuple(f["sources"][:1]), href="#fig-deal-counts"),
                "lo": F.count(f["low"], href="#fig-deal-counts"),
            }
            if f["rose_after"]:
                vals.update(ny=f["next_year"], nx=F.count(f["next"], href="#fig-deal-counts"))
            out.append(
                (
                    "By {prov}'s count, {who} deals of all kinds fell from {hi} in {hy} to {lo} in {ly}" + tail + ".",
                    vals,
                )
            )
    rep = pkg["investor_deals"]
    groups = res.parts.drop_duplicates("investor_id").set_index("investor_id")["unit"]
    rep = rep[rep["metric"] == "ai_share_pct"].assign(unit=lambda d: d["investor_id"].astype(str).map(groups))
    rep = rep[rep["unit"].isin(res.units)]
    for (prov, start, end), g in rep.groupby(["provider", "period_start", "period_end"], observed=True):
        who = " and ".join(f"{{p_{u}}} of {possessive(res.names[u])}" for u in g["unit"])
        out.append(
            (
                f"{{prov}} reported that {who} China deals from {{s}} to {{e}} went to AI start-ups, counting every deal, "
                "not only those recorded here.",
                {
                    "prov": prov,
                    "s": f"{start:%Y}",
                    "e": f"{end:%B %Y}",
                    **{f"p_{r.unit}": F.percent(r.value, r.qualifier, sources=(r.source_id,)) for r in g.itertuples()},
                },
            )
        )
    return out[:5]


def _main_counts(res, unit):
    """The unit's deal-count series from the provider with the most years for it."""
    c = res.deal_counts[res.deal_counts["unit"] == unit]
    if c.empty:
        return None
    prov = c.groupby("provider")["year"].nunique().sort_values(ascending=False).index[0]
    return c[c["provider"] == prov]


def deal_count_chart(res, cite):
    """Each focus group's deals per year, by provider; a line joins only consecutive observed years."""
    c = res.deal_counts[res.deal_counts["unit"].isin(res.units)]
    if c.empty:
        return None
    fig, ax = plt.subplots(figsize=(10, 4))
    marks = charts.Marks("counts")
    styles = {p: m for p, m in zip(sorted(c["provider"].unique()), ["o", "s", "^", "D", "v"])}
    rows = []
    for (u, prov), g in c.groupby(["unit", "provider"]):
        g = g.sort_values("year")
        color = charts.color_for(u)
        run = [g.iloc[0]]
        for _, r in list(g.iterrows())[1:] + [(None, None)]:
            if r is not None and r["year"] == run[-1]["year"] + 1:
                run.append(r)
                continue
            if len(run) > 1:
                ax.plot([x["year"] for x in run], [x["deals"] for x in run], color=color, lw=1.6)
            run = [r] if r is not None else []
        for _, r in g.iterrows():
            (m,) = ax.plot([r["year"]], [r["deals"]], styles[prov], color=color, ms=6)
            spread = "" if r["low"] == r["high"] else f"; pages print {int(r['low'])} to {int(r['high'])}"
            marks.tag(
                m,
                f"{res.names[u]}, {r['year']}: {int(r['deals'])} deals ({value(prov)}, {r['reports']} page(s){spread})",
            )
            rows.append(
                {
                    "investor": res.names[u],
                    "provider": value(prov),
                    "year": r["year"],
                    "deals": int(r["deals"]),
                    "low": int(r["low"]),
                    "high": int(r["high"]),
                    "reports": r["reports"],
                    "fact_ids": " ".join(r["fact_ids"]),
                }
            )
            cite.use(r["sources"])
    handles = [Line2D([], [], color=charts.color_for(u), lw=2, label=res.names[u]) for u in res.units]
    handles += [Line2D([], [], color="#555", marker=m, ls="none", label=value(p)) for p, m in styles.items()]
    ax.legend(handles=handles, fontsize=8)
    ax.set(xlabel="Year (lines join consecutive years only)", ylabel="Deals in the year (count)")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    title = "How many deals the groups made each year, all sectors (count)"
    return charts.figure(
        fig,
        title=title,
        alt=f"Line chart of yearly deal counts for {_names(res)} as counted by "
        f"{', '.join(value(p) for p in styles)}; repeated reports of one count are shown once.",
        source=", ".join(value(p) for p in styles) + " (as reported by the pages in Sources)",
        data=pd.DataFrame(rows),
        name="deal-counts",
        marks=marks,
        colors={res.names[u]: charts.color_for(u) for u in res.units},
        note="Where pages print different numbers for one provider's count, the most-reported figure is drawn "
        "and the spread is in the hover text and the CSV.",
    )


def coverage_table(res) -> pd.DataFrame:
    """Per focus group and full year: the provider's count of all its deals against the LLM rounds recorded here."""
    rows = []
    for u in res.units:
        main = _main_counts(res, u)
        joined = res.universe[res.universe["round_id"].isin(res.parts.loc[res.parts["unit"] == u, "round_id"])]
        per = joined.groupby("year").size()
        years = range(res.first_year, res.last_full_year + 1)
        for y in years:
            m = None if main is None else main[main["year"] == y]
            rows.append(
                {
                    "Investor": res.names[u],
                    "Year": str(y),
                    "All deals (provider count)": f"{int(m['deals'].iloc[0]):,} ({m['provider'].iloc[0]})"
                    if m is not None and len(m)
                    else "no count",
                    "LLM rounds recorded here": f"{int(per.get(y, 0))}",
                }
            )
    return pd.DataFrame(rows)


def share_table(res) -> pd.DataFrame:
    rows = []
    for _, r in res.per_year.iterrows():
        row = {"Year": str(r["year"]), "Rounds": f"{r['rounds']:,}", "Capital disclosed": F.fmt(r["capital"])}
        row.update({f"Share {res.names[u]} joined": F.fmt(r[u]) for u in res.units})
        rows.append(row)
    for label, shares, uni in (
        ("All full years", res.shares, res.universe),
        (f"{res.as_of.year} to {res.as_of:%-d %B} (year to date)", res.shares_ytd, res.ytd),
    ):
        if len(uni):
            u0 = res.units[0]
            row = {
                "Year": label,
                "Rounds": f"{shares[u0]['rounds']:,}",
                "Capital disclosed": F.fmt(shares[u0]["capital"]),
            }
            row.update({f"Share {res.names[u]} joined": F.fmt(shares[u]["share"]) for u in res.units})
            rows.append(row)
    return pd.DataFrame(rows)


def coinvest_table(res) -> pd.DataFrame:
    a = res.names[res.units[0]]
    b = res.names[res.units[1]] if len(res.units) >= 2 else "another big-tech group"
    label = {"both": f"Both {a} and {b}", "a_only": f"{a} only", "b_only": f"{b} only", "neither": "Neither"}
    return pd.DataFrame(
        {
            "Rounds joined by": [label[p] for p in res.coinvest["part"]],
            "Rounds": [f"{n:,}" for n in res.coinvest["rounds"]],
            "Capital": [F.fmt(c) for c in res.coinvest["capital"]],
            "Share of capital": [F.fmt(s) for s in res.coinvest["share"]],
        }
    )


def _date(d) -> str:
    return "—" if d is None or pd.isna(d) else f"{pd.Timestamp(d):%b %Y}"


def _also(res, others, chosen: str = "") -> str:
    """Other reported stakes for the same holder and company, lower in grade or older: shown, not hidden."""
    if not isinstance(others, list) or not others:
        return ""
    allst = res.all_stakes.set_index("stake_id")
    vals = [
        F.fmt(F.percent(allst.loc[o, "stake_pct"], allst.loc[o, "stake_qualifier"])) for o in others if o in allst.index
    ]
    vals = [v for v in dict.fromkeys(vals) if v != chosen]
    return f"; also reported: {', '.join(vals)}" if vals else ""


def ownership_tables(res, companies: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = companies.set_index("company_id")["name_en"]
    o = res.ownership
    comp = o[o["unit"].isna()]
    a = pd.DataFrame(
        {
            "Start-up": comp["company_id"].map(names),
            "Disclosed private funding": [F.fmt(f) if f.value else "not disclosed" for f in comp["raised"]],
            "Latest valuation": [
                F.fmt(F.money(v, "USD", q)) if not pd.isna(v) else "not disclosed"
                for v, q in zip(comp["latest_valuation_usd_m"], comp["latest_valuation_q"])
            ],
            "As of": [
                f"{_date(d)} ({k})" if isinstance(k, str) else "—"
                for d, k in zip(comp["latest_valuation_date"], comp["latest_valuation_kind"])
            ],
            "Listing": [
                f"{e}, {_date(d)}" if isinstance(e, str) else "private"
                for e, d in zip(comp["exchange"], comp["listed_on"])
            ],
        }
    )
    inv = o[o["unit"].notna()]
    b = pd.DataFrame(
        {
            "Start-up": inv["company_id"].map(names),
            "Investor": inv["unit"].map(res.names),
            "Rounds joined": [f"{int(n)}" for n in inv["rounds_joined"]],
            "Entry valuation": [
                F.fmt(F.money(v, "USD", q)) if not pd.isna(v) else "not disclosed"
                for v, q in zip(inv["entry_valuation_usd_m"], inv["entry_valuation_q"])
            ],
            "Latest stake": [
                (
                    "—"
                    if pd.isna(s)
                    else F.fmt(F.percent(s, q))
                    + f" ({F.grade_words(g)}, {_date(d)})"
                    + _also(res, others, F.fmt(F.percent(s, q)) if not pd.isna(s) else "")
                )
                for s, q, g, d, others in zip(
                    inv["stake_pct"], inv["stake_q"], inv["stake_grade"], inv["stake_as_of"], inv["stake_others"]
                )
            ],
            "Paid (reported)": [
                F.fmt(F.money(p, "USD")) if not pd.isna(p) else "not reported" for p in inv["paid_usd_m"]
            ],
            "Implied value of stake": [
                F.fmt(F.money(v, "USD", "approx")) if not pd.isna(v) else "—" for v in inv["implied_usd_m"]
            ],
        }
    )
    return a.reset_index(drop=True), b.reset_index(drop=True)


def outside_table(res, companies: pd.DataFrame) -> pd.DataFrame:
    if res.outside.empty:
        return pd.DataFrame()
    names = companies.set_index("company_id")["name_en"]
    o = res.outside
    return pd.DataFrame(
        {
            "Start-up": o["company_id"].map(names),
            "Date": [_date(d) for d in o["announced"]],
            "Investor": o["unit"].map(res.names),
            "Why outside the headline": o["why"],
            "Round": [F.fmt(F.money(v, "USD", q)) for v, q in zip(o["round_usd_m"], o["round_qualifier"])],
            "Own cheque": [F.fmt(F.money(v, "USD")) if not pd.isna(v) else "not reported" for v in o["cheque_usd_m"]],
        }
    )


def share_chart(res, cite):
    """Chart of the report: per full year, the share of recorded capital in rounds each group joined."""
    py = res.per_year
    fig, ax = plt.subplots(figsize=(10, 4))
    marks = charts.Marks("share")
    width = 0.8 / max(1, len(res.units))
    rows = []
    for i, u in enumerate(res.units):
        color = charts.color_for(u)  # one colour per group in every chart
        for j, r in py.iterrows():
            f = r[u]
            if f.missing:
                continue
            x = r["year"] + (i - (len(res.units) - 1) / 2) * width
            (bar,) = ax.bar(
                [x],
                [f.value],
                width=width * 0.95,
                color=color,
                hatch="//" if f.qualifier != "exact" else None,
                edgecolor="white",
            )
            marks.tag(
                bar,
                f"{res.names[u]}, {r['year']}: rounds it joined hold {F.fmt(f)} of {F.fmt(r['capital'])} "
                f"in {r['rounds']} recorded rounds",
            )
            rows.append(
                {
                    "year": r["year"],
                    "investor": res.names[u],
                    "share_pct": round(f.value, 2),
                    "qualifier": f.qualifier,
                    "capital_usd_m": round(r["capital"].value, 2),
                    "round_ids": " ".join(res.universe.loc[res.universe["year"] == r["year"], "round_id"]),
                }
            )
    ax.legend(
        handles=[Patch(color=charts.color_for(u), label=res.names[u]) for u in res.units], fontsize=9, loc="upper left"
    )
    ax.set(
        xlabel="Year (no bar: no recorded round with a disclosed amount)",
        ylabel="Share of recorded capital (%)",
        ylim=(0, 100),
    )
    ax.set_xticks(range(res.first_year, res.last_full_year + 1))
    title = "Share of recorded LLM start-up capital in rounds each group joined, per year (%)"
    src = res.universe["headline_source_id"]
    cite.use(src)
    return charts.figure(
        fig,
        title=title,
        alt=f"Bars per year from {res.first_year} to {res.last_full_year}, one per group "
        f"({_names(res)}), giving the share of the year's recorded private-round capital of LLM start-ups "
        "in rounds the group joined; hatched bars are approximate.",
        source="round-level data compiled from company statements and media reports (see Sources)",
        data=pd.DataFrame(rows),
        name="deal-share-by-year",
        marks=marks,
        note="Hatched: approximate (some amounts are floors). Shares of different groups overlap where they co-invest.",
        colors={res.names[u]: charts.color_for(u) for u in res.units},
    )


def coverage_note(res) -> str:
    n = len(res.universe)
    und = int(res.universe["count_usd_m"].isna().sum())
    text = (
        f"These shares rest on {n} completed private rounds recorded here for {res.first_year} to {res.last_full_year} "
        f"({und} without a disclosed amount): a sample of notable rounds, not the market."
    )
    for cid, g in res.bought_soon.groupby("company_id", sort=False):
        rounds = " and ".join(
            f"{b.announced:%B %Y} ({F.fmt(F.money(b.count_usd_m, 'USD', b.count_qualifier))})" for b in g.itertuples()
        )
        b = g.iloc[-1]
        text += (
            f" They include {value(cid)}'s rounds of {rounds}, although {value(b['acquired_by'])} bought the "
            f"company outright in {b['acquired_on']:%B %Y}."
        )
    return text


# ---------------------------------------------------------------- sections, one display call each
def opening(res, pkg, cite, level: str) -> None:
    """Title, data-as-of line, the answer and the settings note."""
    display(
        report.header(
            "Big-tech deal share: " + _names(res),
            pkg,
            "How much of the money raised by China's LLM start-ups went into rounds that big tech joined?",
        )
    )
    report.answer(
        [report.sentence(t, cite, **v) for t, v in answer(res, pkg)],
        {
            "Investors": _names(res),
            "Counted as": "whole group" if level == "group" else "named entity only",
            "Full years": f"{res.first_year} to {res.last_full_year}",
        },
        pkg,
    )


def key_findings(res, pkg, cite) -> None:
    report.show_findings([report.sentence(t, cite, **v) for t, v in findings(res, pkg)], pkg.version())


def ownership_section(res, pkg, cite, absent: list[str]):
    companies_table, stakes_table = ownership_tables(res, pkg["companies"])
    cite.use(res.ownership["latest_valuation_source"].dropna())
    cite.use(res.ownership["stake_source"].dropna())
    parts = [
        report.table(companies_table, "The start-ups: money raised, latest valuation and listing").data,
        report.table(stakes_table, "The groups' positions: entry valuation, latest stake and what it implies").data,
    ]
    if absent:
        parts.append(report.notice("Not in this data folder, so not shown: " + ", ".join(absent) + ".").data)
    return HTML("".join(parts))


def outside_section(res, pkg, cite):
    table = outside_table(res, pkg["companies"])
    cite.use(res.outside.get("source_id", []))
    if table.empty:
        return report.notice("No such deals are recorded for these groups.")
    return report.table(table, "Deals the groups joined that the headline leaves out")


def counts_section(res, cite):
    chart = deal_count_chart(res, cite)
    first = (
        chart.data if chart is not None else report.notice("No yearly deal counts are recorded for these groups.").data
    )
    return HTML(
        first
        + report.table(
            coverage_table(res), "What the shares rest on: all the groups' deals against the LLM rounds recorded here"
        ).data
    )


def share_section(res, cite):
    return HTML(
        share_chart(res, cite).data
        + report.notice(coverage_note(res)).data
        + report.table(
            share_table(res),
            "Recorded rounds of LLM start-ups and the share in rounds each group joined",
            anchor="share-table",
        ).data
    )


def coinvest_section(res):
    return report.table(coinvest_table(res), "Capital by who joined, full years", anchor="coinvest-table")


def steps_chart(res, pkg, cite):
    """Valuation step-ups per start-up on a log axis: each round's post-money and the market value after listing."""
    comps = list(res.ownership.loc[res.ownership["unit"].isna(), "company_id"])
    v = valuation_steps(pkg, res.rounds, comps)
    if v.empty:
        return report.notice("No valuations are recorded for these start-ups.")
    names = pkg["companies"].set_index("company_id")["name_en"]
    fig, ax = plt.subplots(figsize=(10, 4.6))
    marks = charts.Marks("steps")
    shapes = {"private round": "o", "IPO": "s", "market value": "D"}
    for c, g in v.groupby("company_id", sort=False):
        color = charts.color_for(c, "company")
        # a valuation holds until the next one is reported: steps, not slopes between rounds
        ax.plot(g["date"], g["usd_m"] / 1000, color=color, lw=1.4, drawstyle="steps-post")
        for x in g.itertuples():
            (m,) = ax.plot([x.date], [x.usd_m / 1000], shapes[x.kind], color=color, ms=6)
            marks.tag(m, f"{names[c]}, {x.date:%b %Y}: {F.fmt(F.money(x.usd_m, 'USD', x.qualifier))} ({x.kind})")
        last = g.iloc[-1]
        ax.annotate(
            names[c],
            (last["date"], last["usd_m"] / 1000),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=8,
            color=color,
            va="center",
        )
    cite.use(v["source_id"])
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: F.fmt(F.money(y * 1000, "USD"))))
    ax.set(xlabel="Date", ylabel="Valuation, US dollars (log scale)")
    ax.legend(
        handles=[Line2D([], [], color="#555", marker=s_, ls="none", label=k) for k, s_ in shapes.items()],
        fontsize=8,
        loc="upper left",
    )
    data = v.assign(company=v["company_id"].map(names))[
        ["company", "date", "usd_m", "qualifier", "kind", "round_id", "source_id"]
    ]
    return charts.figure(
        fig,
        title="Valuation step-ups: each round and the market value after listing (US dollars, log scale)",
        alt="Lines per start-up through its reported valuations over time on a logarithmic axis: circles for "
        "private rounds, diamonds for market value after listing.",
        source="company statements, filings and media reports (see Sources)",
        data=data,
        name="valuation-steps",
        marks=marks,
        colors={names[c]: charts.color_for(c, "company") for c in v["company_id"].unique()},
    )
