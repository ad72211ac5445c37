"""What a company dossier shows: its answer, key findings, the rounds, owners, listing, business and peers.

Everything here turns a `dossier.Result` into text through the one formatter (`figures.fmt`); no number is
computed here that the analysis did not return.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML
from matplotlib.lines import Line2D
from matplotlib.ticker import LogFormatterSciNotation

from helpers.analysis import figures as F
from helpers.analysis.dossier import STATUS, rank_by_worth
from helpers.analysis.findings import Finding, checked
from helpers.render import charts, report
from helpers.render.labels import value

METRICS = {
    "revenue": "Revenue",
    "gross_profit": "Gross profit",
    "net_loss": "Net loss",
    "adjusted_net_loss": "Adjusted net loss",
    "rd_expense": "R&D spending",
    "annualised_revenue": "Annualised revenue (run-rate)",
}


def _date(d) -> str:
    return "—" if d is None or pd.isna(d) else f"{d:%-d %B %Y}"


def _month(d) -> str:
    return "—" if d is None or pd.isna(d) else f"{d:%B %Y}"


def _when(d, precision) -> str:
    """A date as precisely as the source gives it: "2022", "June 2023" or "5 March 2024"."""
    return str(d.year) if precision == "year" else _month(d) if precision == "month" else _date(d)


def _names(xs: list[str], most: int = 4) -> str:
    xs = list(dict.fromkeys(xs))
    if not xs:
        return ""
    if len(xs) > most:
        rest = len(xs) - most
        return ", ".join(xs[:most]) + f" and {rest} other" + ("s" if rest > 1 else "")
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1]


def _ratio(fig: F.Figure) -> F.Figure:
    return fig.with_(unit="ratio")


@checked
def answer(res, pkg=None) -> list[Finding]:
    """2–4 sentences: what it raised and from whom, what it is worth now, and how that compares with peers."""
    out = []
    if res.private_rounds == 0:
        out.append(("No completed private round of {c} is recorded in this data folder.", {"c": res.name}))
    else:
        n = res.private_rounds
        big = res.backers[res.backers["kind"] == "big_tech"]["name"].tolist()
        vals = {"c": res.name, "n": F.count(n), "first": _month(res.first_round)}
        rounds = "round" + ("s" if n > 1 else "")
        if res.undisclosed == n:
            text = (
                "{c} has {n} completed private " + rounds + " recorded here from {first}, none with a disclosed amount"
            )
        else:
            text = "{c} raised {raised} in {n} completed private " + rounds + " recorded here from {first}"
            vals["raised"] = res.raised.with_(href="#rounds")
            if res.undisclosed:
                text += " ({u} of them with no disclosed amount)"
                vals["u"] = res.undisclosed
        if big:
            text += "; big tech in " + ("those rounds" if n > 1 else "it") + ": {big}"
            vals["big"] = _names(big)
        out.append((text + ".", vals))
    if res.listing and res.listing["proceeds"] is not None:
        out.append(
            (
                "It listed on {ex} on {d}, raising {p} in its offering.",
                {"ex": res.listing["exchange"], "d": _date(res.listing["date"]), "p": res.listing["proceeds"]},
            )
        )
    if res.worth:
        w = res.worth
        if w["kind"] == "market value" and res.step_up is not None:
            out.append(
                (
                    "Its latest market value recorded, on {d}, is {w}, {x} its last private valuation of {lp} ({lpd}).",
                    {
                        "d": _date(w["date"]),
                        "w": w["figure"],
                        "x": _ratio(res.step_up),
                        "lp": res.last_private["figure"],
                        "lpd": _month(res.last_private["date"]),
                    },
                )
            )
        else:
            out.append(
                (
                    "Its latest recorded valuation is {w}, from a {k} in {d}.",
                    {"w": w["figure"], "k": w["kind"], "d": _month(w["date"])},
                )
            )
        rank = rank_by_worth(res.peers, res.company)
        if rank and len(out) < 4:
            out.append(
                (
                    "That places it {r} of the {n} peers with a recorded value (see Peers).",
                    {"r": _ordinal(rank[0]), "n": rank[1]},
                )
            )
    else:
        out.append(("No valuation of {c} is recorded.", {"c": res.name}))
    return out[:4]


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh"}.get(
        n, f"number {n}"
    )


@checked
def findings(res, pkg=None) -> list[Finding]:
    """At most five key findings."""
    out = []
    done = res.rounds[res.rounds["status"] == "completed"].dropna(subset=["count_usd_m"])
    if len(done):
        top = done.sort_values(["count_usd_m", "announced"]).iloc[-1]
        out.append(
            (
                "The largest completed private round recorded is {a} in {d} ({stage}).",
                {
                    "a": F.money(
                        top["count_usd_m"],
                        "USD",
                        top["count_qualifier"],
                        sources=(top["headline_source_id"],),
                        grade=str(top["grade"]),
                    ),
                    "d": _month(top["announced"]),
                    "stage": value(top["stage"]),
                },
            )
        )
    talks = res.rounds[res.rounds["status"] == "rumour"]
    if len(talks):
        last = talks.iloc[-1]
        vals = {"n": F.count(len(talks), sources=tuple(talks["headline_source_id"])), "d": _month(last["announced"])}
        text = ("{n} reported rounds are" if len(talks) > 1 else "{n} reported round is") + (
            " known only from rumour or talks" + (", the latest in {d}" if len(talks) > 1 else ", in {d}")
        )
        if pd.notna(last["post_money_usd_m"]):
            text += ", at a reported {v}"
            vals["v"] = F.money(
                last["post_money_usd_m"],
                "USD",
                last["valuation_qualifier"] or "exact",
                sources=(last["headline_source_id"],),
                grade="rumour",
            )
        out.append((text + ("; they are" if len(talks) > 1 else "; it is") + " not counted as raised.", vals))
    if len(res.stakes):
        s = res.stakes.sort_values("stake_pct", ascending=False).iloc[0]
        out.append(
            (
                "The largest reported holding is {h} with {p} (as of {d}).",
                {
                    "h": _holder(res, s["investor_id"]),
                    "p": F.percent(
                        s["stake_pct"],
                        s["stake_qualifier"] or "exact",
                        sources=(s["source_id"],),
                        grade=str(s["grade"]),
                    ),
                    "d": _date(s["as_of"]),
                },
            )
        )
    if res.revenue and res.multiple is not None:
        out.append(
            (
                "Its latest full-year revenue on record is {r} ({y}); its latest value ({d}) is {m} that.",
                {
                    "r": res.revenue["figure"],
                    "y": res.revenue["year"],
                    "d": _month(res.worth["date"]),
                    "m": _ratio(res.multiple),
                },
            )
        )
    if len(res.compute):
        out.append(
            (
                "{n} reported compute arrangement{s} (cloud credits, rentals or chip deals) involve{v} it; see Compute.",
                {
                    "n": F.count(len(res.compute), sources=tuple(res.compute["source_id"])),
                    "s": "s" if len(res.compute) > 1 else "",
                    "v": "" if len(res.compute) > 1 else "s",
                },
            )
        )
    return out[:5]


def _holder(res, investor_id: str) -> str:
    return res.investor_names.get(investor_id, investor_id)


# ---------------------------------------------------------------- tables
def rounds_table(res) -> pd.DataFrame:
    """One row per round; the reported currency beside US dollars in one cell, investors in one cell, so the
    table fits a printed page."""
    r = res.rounds

    def amount(a, c, q, usd, uq):
        if pd.isna(a):
            return "not disclosed"
        own = F.fmt(F.money(a, str(c), q if isinstance(q, str) else "exact"))
        return own if str(c) == "USD" else f"{own} ({F.fmt(F.money(usd, 'USD', uq))})"

    def who(leads, others):
        text = "; ".join(x for x in (f"led by {_names(leads)}" if leads else "", _names(others, 3)) if x)
        return text or "not reported"

    paid = r["payment"].astype(object)
    out = pd.DataFrame(
        {
            "Date": [_when(d, p) for d, p in zip(r["announced"], r["date_precision"].astype(object))],
            # the caption says completed rounds count as raised, so only the others carry their status
            "Round": [
                value(s) if st == "completed" else f"{value(s)} ({STATUS[st]})"
                for s, st in zip(r["stage"], r["status"])
            ],
            "Amount (in US dollars)": [
                amount(*x)
                for x in zip(r["amount_m"], r["currency"], r["qualifier"], r["count_usd_m"], r["count_qualifier"])
            ],
            "Post-money valuation": [
                F.fmt(F.money(v, "USD", q if isinstance(q, str) else "exact")) if pd.notna(v) else "not disclosed"
                for v, q in zip(r["post_money_usd_m"], r["valuation_qualifier"])
            ],
            "Investors": [who(a, b) for a, b in zip(r["leads"], r["others"])],
            "Paid in": [value(p) if isinstance(p, str) and p != "unknown" else "not reported" for p in paid],
            "Grade": [F.grade_words(g) for g in r["grade"]],
            "source_id": r["headline_source_id"],
        }
    )
    if (out["Paid in"] == "not reported").all():
        out = out.drop(columns="Paid in")
    return out


def stakes_table(res) -> pd.DataFrame:
    """Largest holding first; holdings known only by what was paid follow."""
    s = res.stakes.sort_values(["stake_pct", "investor_id"], ascending=[False, True], na_position="last")
    return pd.DataFrame(
        {
            "Holder": [_holder(res, i) for i in s["investor_id"]],
            "Stake": [
                F.fmt(F.percent(p, q if isinstance(q, str) else "exact"))
                for p, q in zip(s["stake_pct"], s["stake_qualifier"])
            ],
            "As of": [_date(d) for d in s["as_of"]],
            "Paid (reported)": [
                F.fmt(F.money(a, str(c), q if isinstance(q, str) else "exact")) if pd.notna(a) else "not reported"
                for a, c, q in zip(s["invested_m"], s["currency"], s["invested_qualifier"])
            ],
            "Grade": [F.grade_words(g) for g in s["grade"]],
            "source_id": s["source_id"],
        }
    )


def market_table(res) -> pd.DataFrame:
    m = res.market_values
    return pd.DataFrame(
        {
            "Date": [_date(d) for d in m["date"]],
            "Quoted as": [value(k) for k in m["kind"]],
            "Market value": [
                F.fmt(F.money(v, str(c), q or "exact")) for v, c, q in zip(m["value_m"], m["currency"], m["qualifier"])
            ],
            "In US dollars": [F.fmt(F.money(v, "USD", q or "exact")) for v, q in zip(m["usd_m"], m["qualifier"])],
            "source_id": m["source_id"],
        }
    )


def financials_table(res) -> pd.DataFrame:
    f = res.financials
    if f.empty:
        return f
    order = {m: i for i, m in enumerate(METRICS)}
    f = f.assign(_o=f["metric"].astype(object).map(order)).sort_values(["_o", "period_end", "period_start", "fact_id"])
    return pd.DataFrame(
        {
            "Period": [_period(a, b) for a, b in zip(f["period_start"], f["period_end"])],
            "Measure": [METRICS.get(str(m), str(m)) for m in f["metric"]],
            "Amount": [F.fmt(F.money(v, str(c), q)) for v, c, q in zip(f["value_m"], f["currency"], f["qualifier"])],
            "Grade": [F.grade_words(g) for g in f["grade"]],
            "source_id": f["source_id"],
        }
    )


def _period(a, b) -> str:
    days = (b - a).days
    if 360 <= days <= 370:
        return f"{b:%Y}"
    months = round(days / 30.4)
    return f"{months} months to {b:%-d %B %Y}"


def cornerstone_table(res) -> pd.DataFrame:
    c = res.listing["cornerstones"]
    return pd.DataFrame(
        {
            "Cornerstone investor": c["investor"],
            "Cheque": [
                F.fmt(F.money(a, str(cur), q if isinstance(q, str) else "exact")) if pd.notna(a) else "not reported"
                for a, cur, q in zip(c["amount_m"], c["currency"], c["qualifier"])
            ],
            "source_id": c["source_id"],
        }
    )


def peers_table(res) -> pd.DataFrame:
    p = res.peers
    return pd.DataFrame(
        {
            "Start-up": [
                n + (" (this report)" if c == res.company else "") for n, c in zip(p["name"], p["company_id"])
            ],
            # a sum over no disclosed amount is a gap, not $0
            "Raised in private rounds": [
                F.fmt(f) if d else ("not disclosed" if n else "none recorded")
                for f, d, n in zip(p["raised"], p["disclosed"], p["rounds"])
            ],
            "Rounds": [str(n) for n in p["rounds"]],
            "Latest value": [F.fmt(f) if f is not None else "not recorded" for f in p["worth"]],
            "As of": [
                f"{_date(d)} ({k})" if isinstance(k, str) else "—" for d, k in zip(p["worth_date"], p["worth_kind"])
            ],
            "Listed": ["yes" if x else "no" for x in p["listed"]],
        }
    )


def compute_table(res) -> pd.DataFrame:
    c = res.compute
    return pd.DataFrame(
        {
            "Date": [_date(d) for d in c["date"]],
            "Arrangement": [value(m) for m in c["mechanism"]],
            "Counterparty": [_holder(res, i) if isinstance(i, str) else "—" for i in c["investor_id"]],
            "Amount": [
                F.fmt(F.money(a, str(cur), q if isinstance(q, str) else "exact")) if pd.notna(a) else "not reported"
                for a, cur, q in zip(c["amount_m"], c["currency"], c["qualifier"])
            ],
            "Grade": [F.grade_words(g) for g in c["grade"]],
            "source_id": c["source_id"],
        }
    )


def steps_table(res) -> pd.DataFrame:
    st = res.steps
    return pd.DataFrame(
        {
            "Date": [_when(d, "month" if p == "day" else p) for d, p in zip(st["date"], st["date_precision"])],
            "Round": [STATUS[x] if x == "ipo" else "private round" for x in st["status"]],
            "Post-money valuation": [F.fmt(f) for f in st["valuation"]],
            "Step over the one before": ["first recorded" if f is None else F.fmt(_ratio(f)) for f in st["step"]],
            "source_id": [f.sources[0] for f in st["valuation"]],
        }
    )


# ---------------------------------------------------------------- chart
class _MoneyLog(LogFormatterSciNotation):
    """Log-axis ticks in US dollars (the axis is in billions): matplotlib's own formatter decides which ticks
    get a label, this one writes it."""

    def __call__(self, x, pos=None):
        return F.fmt(F.money(x * 1000, "USD")) if super().__call__(x, pos) else ""


def valuation_chart(res, cite):
    """Every reported valuation over time on a log axis: completed rounds, rumours (hollow) and market values."""
    r = res.rounds[res.rounds["post_money_usd_m"].notna()]
    m = res.market_values
    if r.empty and m.empty:
        return report.notice(f"No valuation of {res.name} is recorded, so there is no step-up to draw.")
    fig, ax = plt.subplots(figsize=(10, 4.2))
    marks = charts.Marks("val")
    color = charts.color_for(res.company, "company")
    # markers only: a line would claim a value held between reports years apart
    styles = {
        "completed": dict(marker="o", color=color, ls="none", ms=6),
        "ipo": dict(marker="s", color=color, ls="none", ms=6),
        "listed": dict(marker="o", color=color, ls="none", ms=6),
        # a larger open ring: a rumour at a completed round's date and value leaves that dot visible inside it
        "rumour": dict(marker="o", mfc="none", color=color, ls="none", ms=10),
    }
    for x in r.itertuples():
        (mk,) = ax.plot([x.announced], [x.post_money_usd_m / 1000], **styles[x.status])
        q = x.valuation_qualifier if isinstance(x.valuation_qualifier, str) else "exact"
        marks.tag(mk, f"{x.announced:%b %Y}: {F.fmt(F.money(x.post_money_usd_m, 'USD', q))} ({STATUS[x.status]})")
    for x in m.itertuples():
        (mk,) = ax.plot([x.date], [x.usd_m / 1000], marker="D", color="#555", ls="none", ms=5)
        marks.tag(
            mk, f"{x.date:%-d %b %Y}: market value {F.fmt(F.money(x.usd_m, 'USD', x.qualifier or 'exact'))} ({x.kind})"
        )
    ax.set_yscale("log")
    # minor ticks are labelled when the values span less than a decade: in dollars too, never "2 x 10^0"
    ax.yaxis.set_major_formatter(_MoneyLog())
    ax.yaxis.set_minor_formatter(_MoneyLog(labelOnlyBase=False))
    ax.set(xlabel="Date", ylabel="Valuation, US dollars (log scale)")
    handles = [
        Line2D([], [], color=color, marker="o", ls="none", label="completed round (post-money)"),
        Line2D([], [], color=color, marker="o", mfc="none", ms=10, ls="none", label="rumour or talks"),
        Line2D([], [], color="#555", marker="D", ls="none", label="market value"),
    ]
    ax.legend(handles=handles, fontsize=8, loc="upper left")
    cite.use(r["headline_source_id"])
    cite.use(m["source_id"])
    data = pd.concat(
        [
            pd.DataFrame(
                {
                    "date": r["announced"],
                    "usd_m": r["post_money_usd_m"],
                    "qualifier": r["valuation_qualifier"].astype(object),
                    "kind": [STATUS[s] for s in r["status"]],
                    "source_id": r["headline_source_id"].astype(object),
                }
            ),
            pd.DataFrame(
                {
                    "date": m["date"],
                    "usd_m": m["usd_m"],
                    "qualifier": m["qualifier"],
                    "kind": "market value",
                    "source_id": m["source_id"],
                }
            ),
        ],
        ignore_index=True,
    )
    return charts.figure(
        fig,
        title=f"{res.name}: every reported valuation (US dollars, log scale)",
        alt=f"Reported valuations of {res.name} over time on a logarithmic axis: filled circles for completed rounds, "
        "hollow circles for rumoured ones, diamonds for market values after listing.",
        source="company statements, filings, registries and media reports (see Sources)",
        data=data,
        name="valuations",
        marks=marks,
    )


# ---------------------------------------------------------------- sections
def opening(res, pkg, cite) -> None:
    from IPython.display import display

    display(
        report.header(
            f"Company dossier: {res.name}", pkg, f"How much has {res.name} raised, from whom, and what is it worth now?"
        )
    )
    report.answer(
        [report.sentence(t, cite, **v) for t, v in answer(res)],
        {"Company": res.name, "Peers compared": ", ".join(res.peers["name"])},
        pkg,
    )


def key_findings(res, pkg, cite) -> None:
    report.show_findings([report.sentence(t, cite, **v) for t, v in findings(res)], pkg.version())


def rounds_section(res, cite):
    if res.rounds.empty:
        return report.notice(f"No round of {res.name} is recorded in this data folder.")
    parts = [report.table(rounds_table(res), f"Every recorded round of {res.name}", anchor="rounds").data]
    if len(res.steps) > 1:
        parts.append(
            report.table(steps_table(res), f"{res.name}'s valuation, round by round (US dollars)", anchor="steps").data
        )
    return HTML("".join(parts))


def owners_section(res, cite):
    if res.stakes.empty:
        return report.notice(f"No shareholding in {res.name} is reported in the sources gathered here.")
    return report.table(stakes_table(res), f"Who owns {res.name}: the latest reported stake of each holder")


def listing_section(res, cite):
    if res.listing is None:
        w = res.worth
        if w:
            when = f"{w['kind']}, {_month(w['date'])}"
            text = f"{res.name} is not listed. Its latest recorded valuation is {F.fmt(w['figure'])} ({when})."
        else:
            text = f"{res.name} is not listed, and no valuation is recorded."
        return report.notice(text)
    L = res.listing
    rows = pd.DataFrame(
        {
            "Measure": [
                "Listed",
                "Offer price",
                "Raised in the offering",
                "Cornerstone investors' total (as stated)",
                "Cornerstone cheques reported one by one",
            ],
            "Value": [
                f"{L['exchange']} ({L['ticker']}), {_date(L['date'])}",
                F.fmt(L["offer_price"]) if L["offer_price"] is not None else "not recorded",
                F.fmt(L["proceeds"]) if L["proceeds"] is not None else "not recorded",
                F.fmt(L["cornerstone_stated"]) if L["cornerstone_stated"] is not None else "not recorded",
                (F.fmt(L["cornerstone_total"]) + f" ({L['cornerstones_reported']} of {len(L['cornerstones'])} cheques)")
                if L["cornerstone_total"] is not None
                else f"none of {len(L['cornerstones'])} cheques reported",
            ],
            "source_id": [
                L["source_id"],
                *(f.sources[0] if f is not None and f.sources else None for f in (L["offer_price"], L["proceeds"])),
                L["cornerstone_stated"].sources[0] if L["cornerstone_stated"] is not None else None,
                None,  # each cheque's source is in the cornerstone table below
            ],
        }
    )
    parts = [report.table(rows, f"{res.name}'s listing").data]
    if len(L["cornerstones"]):
        parts.append(
            report.appendix(cornerstone_table(res), f"The {len(L['cornerstones'])} cornerstone investors").data
        )
    if len(res.market_values):
        parts.append(
            report.table(market_table(res), "Market value at dated points since listing", anchor="market-values").data
        )
    return HTML("".join(parts))


def business_section(res, cite):
    if res.financials.empty:
        return report.notice(
            f"No revenue or loss figure of {res.name} is recorded: none is reported in the sources gathered here."
        )
    return report.table(
        financials_table(res), f"{res.name}'s reported revenue, losses and R&D spending", anchor="financials"
    )


def events_table(res) -> pd.DataFrame:
    e = res.events
    return pd.DataFrame(
        {
            "Date": [
                _month(d) if p == "month" else str(d.year) if p == "year" else _date(d)
                for d, p in zip(e["date"], e["date_precision"])
            ],  # fmt: skip
            "Kind": [value(k) for k in e["kind"]],
            "Event": e["title"].astype(str).to_numpy(),
            "source_id": e["source_id"].to_numpy(),
        }
    )


def compute_section(res, cite):
    if res.compute.empty:
        parts = [report.notice(f"No compute arrangement involving {res.name} is recorded.").data]
    else:
        parts = [report.table(compute_table(res), f"Compute supplied with or as investment: {res.name}").data]
    if res.events.empty:
        parts.append(report.notice(f"No listing, export-control or policy event naming {res.name} is recorded.").data)
    else:
        parts.append(
            report.table(events_table(res), f"Listing, export-control and other events touching {res.name}").data
        )
    return HTML("".join(parts))


def peers_section(res, cite):
    return report.table(peers_table(res), "The seven start-ups side by side (US dollars)", anchor="peers")
