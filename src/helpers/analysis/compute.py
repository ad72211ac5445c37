"""Narrative 3, compute as capital: what a round paid partly in cloud credits buys, and what flows back.

The model, in the report's words:
- A round of R dollars pays a share s in cloud credits (face value R·s) and the rest in cash.
- Credits buy compute at the list price p per GPU-hour: R·s / p GPU-hours.
- `credit_value` v is what $1 of credits is worth in cash. Below 1: credits could be had cheaper
  (discounted elsewhere). Above 1: compute is scarce, so cash buys it only at p·v per GPU-hour.
  Cash therefore buys R·(1−s) / (p·v) GPU-hours, and the round's cash equivalent is R·(1−s) + R·s·v.
- H100-equivalent GPU-years scale GPU-hours by the chip's dense BF16 throughput relative to the
  H100 SXM, over 8,760 hours a year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.analysis.params import ParameterError
from helpers.data.fx import convert

HOURS_PER_YEAR = 8760.0
REFERENCE_GPU = "h100-sxm"


@dataclass(frozen=True)
class RoundCompute:
    round_usd: float
    credit_share: float
    credit_value: float
    gpu_hour_usd: float
    relative_throughput: float  # chip's throughput / H100's

    @property
    def credits_face_usd(self) -> float:
        return self.round_usd * self.credit_share

    @property
    def cash_usd(self) -> float:
        return self.round_usd * (1.0 - self.credit_share)

    @property
    def cash_equivalent_usd(self) -> float:
        return self.cash_usd + self.credits_face_usd * self.credit_value

    @property
    def credit_gpu_hours(self) -> float:
        return self.credits_face_usd / self.gpu_hour_usd

    @property
    def cash_gpu_hours(self) -> float:
        return self.cash_usd / (self.gpu_hour_usd * self.credit_value)

    @property
    def total_gpu_hours(self) -> float:
        return self.credit_gpu_hours + self.cash_gpu_hours

    @property
    def h100_gpu_years(self) -> float:
        return self.total_gpu_hours * self.relative_throughput / HOURS_PER_YEAR

    @property
    def credit_h100_gpu_years(self) -> float:
        return self.credit_gpu_hours * self.relative_throughput / HOURS_PER_YEAR


def relative_throughput(gpus: pd.DataFrame, gpu_id: str) -> float:
    """Dense BF16 throughput of `gpu_id` over the H100 SXM's; NaN where either is not sourced."""
    t = gpus.set_index("gpu_id")["bf16_dense_tflops"].astype("float64")
    if gpu_id not in t.index or REFERENCE_GPU not in t.index:
        return np.nan
    return float(t[gpu_id] / t[REFERENCE_GPU])


def default_gpu_hour_price(
    prices: pd.DataFrame, gpu_id: str, market: str | None = None, fx: pd.DataFrame | None = None
) -> pd.Series | None:
    """The latest dated point price (not a range or bound) for renting one `gpu_id`, in USD per GPU-hour
    (`price`); in `market` when given, with server quotes converted (needs `fx`)."""
    if market is not None and fx is not None:
        p = per_gpu_hour(prices[(prices["gpu"] == gpu_id) & (prices["market"] == market)], fx)
        if p.empty:
            return None
        row = p.sort_values(["date", "price_id"]).iloc[-1].copy()
        row["quoted"], row["price"] = row["price"], row["usd_per_gpu_hour"]
        return row
    p = prices[
        (prices["gpu"] == gpu_id)
        & (prices["kind"] == "rental_gpu_hour")
        & (prices["currency"] == "USD")
        & prices["price"].notna()
        & prices["qualifier"].isin(["exact", "approx"])
        & prices["date"].notna()
    ]
    if p.empty:
        return None
    return p.sort_values(["date", "price_id"]).iloc[-1]


GPUS_PER_SERVER, HOURS_PER_MONTH = 8, 730.0
# Rental kinds as GPU-hours per quoted unit; yearly server quotes are left out (pages disagree on the unit).
GPU_HOURS_PER_UNIT = {
    "rental_gpu_hour": 1.0,
    "rental_server_hour_8gpu": GPUS_PER_SERVER,
    "rental_server_month_8gpu": GPUS_PER_SERVER * HOURS_PER_MONTH,
}
LIKE_FOR_LIKE_DAYS = 183  # two prices compare only when dated within about six months of each other


def per_gpu_hour(prices: pd.DataFrame, fx: pd.DataFrame) -> pd.DataFrame:
    """Dated point rental prices (exact or approximate), each as US dollars per GPU-hour at the month's rate:
    a server-hour over 8 GPUs, a server-month over 8 x 730 hours."""
    p = prices[
        prices["kind"].isin(list(GPU_HOURS_PER_UNIT))
        & prices["price"].notna()
        & prices["date"].notna()
        & prices["qualifier"].isin(["exact", "approx"])
    ].copy()
    if p.empty:
        return p.assign(usd_per_gpu_hour=[])
    usd = convert(
        p["price"].astype("float64"),
        p["currency"],
        p["date"].dt.strftime("%Y-%m"),
        "USD",
        fx,
        what="GPU rental price",
        ids=p["price_id"],
    )["value"]
    p["usd_per_gpu_hour"] = usd / p["kind"].map(GPU_HOURS_PER_UNIT).astype("float64")
    return p


def like_for_like(hourly: pd.DataFrame) -> pd.DataFrame:
    """China against abroad for the same chip, per GPU-hour, dated within LIKE_FOR_LIKE_DAYS: for each China
    price, the nearest-dated abroad price of that chip (ties: the earlier-listed). `premium_pct` below zero
    means renting in China cost less."""
    rows = []
    for c in hourly[hourly["market"] == "china"].itertuples():
        a = hourly[(hourly["market"] == "abroad") & (hourly["gpu"] == c.gpu)].copy()
        if a.empty:
            continue
        a["gap"] = (a["date"] - c.date).abs().dt.days
        a = a[a["gap"] <= LIKE_FOR_LIKE_DAYS].sort_values(["gap", "price_id"])
        if a.empty:
            continue
        b = a.iloc[0]
        rows.append(
            {
                "gpu": c.gpu,
                "china_id": c.price_id,
                "china_date": c.date,
                "china_usd": c.usd_per_gpu_hour,
                "china_kind": c.kind,
                "china_source": c.source_id,
                "abroad_id": b["price_id"],
                "abroad_date": b["date"],
                "abroad_usd": b["usd_per_gpu_hour"],
                "abroad_kind": b["kind"],
                "abroad_source": b["source_id"],
                "premium_pct": 100 * (c.usd_per_gpu_hour / b["usd_per_gpu_hour"] - 1),
                "qualifier": "exact" if {c.qualifier, b["qualifier"]} == {"exact"} else "approx",
            }
        )
    return pd.DataFrame(rows)


def sensitivity(
    round_usd: float, credit_value: float, relative: float, shares, prices, part: str = "total"
) -> pd.DataFrame:
    """H100-equivalent GPU-years over a grid of credit shares (rows) and GPU-hour prices (columns).

    `part="credits"` counts only what the credits buy; "total" adds what the cash buys at p x credit_value.
    """
    attr = {"total": "h100_gpu_years", "credits": "credit_h100_gpu_years"}[part]
    grid = {p: [getattr(RoundCompute(round_usd, s, credit_value, p, relative), attr) for s in shares] for p in prices}
    return pd.DataFrame(grid, index=pd.Index(shares, name="credit_share"))


def credit_share_cases(compute_deals: pd.DataFrame, stakes: pd.DataFrame) -> pd.DataFrame:
    """Reported credit amounts set against the same investor's reported cumulative investment in the company.

    The share inherits the weaker qualifier: a lower-bound credit over an approximate total is a lower bound.
    """
    c = compute_deals[
        (compute_deals["mechanism"] == "cloud_credits")
        & compute_deals["amount_m"].notna()
        & compute_deals["company_id"].notna()
        & compute_deals["investor_id"].notna()
    ]
    s = stakes[stakes["invested_m"].notna()]
    rows = []
    for r in c.itertuples():
        inv = s[(s["company_id"] == r.company_id) & (s["investor_id"] == r.investor_id) & (s["currency"] == r.currency)]
        for t in inv.itertuples():
            share = 100.0 * float(r.amount_m) / float(t.invested_m)
            q = (
                "lower_bound"
                if r.qualifier == "lower_bound"
                else ("approx" if "approx" in (r.qualifier, t.invested_qualifier) else "exact")
            )
            rows.append(
                {
                    "case_id": r.case_id,
                    "company_id": r.company_id,
                    "investor_id": r.investor_id,
                    "credits_m": float(r.amount_m),
                    "credits_qualifier": r.qualifier,
                    "credits_source": r.source_id,
                    "credits_grade": str(r.grade),
                    "invested_grade": str(t.grade),
                    "invested_m": float(t.invested_m),
                    "invested_qualifier": t.invested_qualifier,
                    "invested_source": t.source_id,
                    "stake_as_of": t.as_of,
                    "currency": r.currency,
                    "credit_share_pct": share,
                    "share_qualifier": q,
                    "flag": "credits exceed or equal the whole investment: likely a misreading" if share >= 100 else "",
                }
            )
    return pd.DataFrame(rows)


def credit_revenue_per_quarter(credits_cny_m: float, usage_quarters: int) -> float:
    """Credits booked as cloud revenue evenly as they are used over `usage_quarters` quarters."""
    return credits_cny_m / usage_quarters


def yoy_increase(revenue: pd.DataFrame, growth: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quarterly revenue (one figure per quarter: the first source's) and its increase on the same quarter
    a year before.

    With `growth` (the quarter's reported year-on-year growth), the increase is revenue x g / (100 + g):
    the company computes g on one segment basis, restating the year before where it reorganised, so the
    increase never subtracts one basis from another. Without a reported growth, the increase is the
    difference from the year before only where both quarters share a `basis`; otherwise it is a gap.
    """
    cols = ["value", "source_id", "fiscal_quarter"] + (["basis"] if "basis" in revenue else [])
    q = revenue.sort_values(["period_end", "fact_id"]).drop_duplicates("period_end").set_index("period_end")[cols]
    q = q.assign(value=q["value"].astype("float64"))
    prev = q[["value"] + (["basis"] if "basis" in q else [])].copy()
    prev.index = prev.index + pd.DateOffset(years=1)
    prev = prev.reindex(q.index)
    same = (prev["basis"] == q["basis"]) if "basis" in q else pd.Series(True, index=q.index)
    q["year_before"] = prev["value"].where(same)
    q["increase"] = q["value"] - q["year_before"]
    q["increase_from"] = np.where(q["increase"].notna(), "difference", "")
    if growth is not None and len(growth):
        g = growth.sort_values(["period_end", "fact_id"]).drop_duplicates("period_end").set_index("period_end")
        pct = g["value"].astype("float64").reindex(q.index)
        has = pct.notna()
        q.loc[has, "increase"] = q.loc[has, "value"] * pct[has] / (100 + pct[has])
        q.loc[has, "year_before"] = q.loc[has, "value"] - q.loc[has, "increase"]
        q.loc[has, "increase_from"] = "reported growth"
        q["growth_pct"] = pct
        q["growth_source"] = g["source_id"].reindex(q.index)
    return q.reset_index()


def usage_window(
    inc: pd.DataFrame, credits_date: pd.Timestamp, usage_quarters: int, per_quarter: float
) -> pd.DataFrame:
    """The first `usage_quarters` whole quarters after the credits were agreed, each with the credits booked
    that quarter if used evenly, and their share of that quarter's year-on-year increase (a gap where none
    is known)."""
    starts = inc["period_end"] - pd.DateOffset(months=3)
    w = inc[starts >= credits_date].sort_values("period_end").head(usage_quarters).copy()
    w["credits_cny_m"] = per_quarter
    w["credits_share_pct"] = np.where(w["increase"] > 0, 100 * per_quarter / w["increase"], np.nan)
    return w


def cloud_margin(cr: pd.DataFrame, quarters: pd.Series) -> tuple[float, list[str], list[str]] | None:
    """The median reported adjusted EBITA margin of the cloud unit over these quarters (as a fraction), with
    the fact ids and sources behind it; None when none is reported in them."""
    m = cr[(cr["metric"] == "adj_ebita_margin_pct") & cr["period_end"].isin(list(quarters))]
    if m.empty:
        return None
    return float(m["value"].astype("float64").median()) / 100, list(m["fact_id"]), list(m["source_id"])


MULTIPLE_METRIC = "big_cloud_rental_multiple"  # big clouds' rent as a multiple of small clouds', in claims
PREMIUM_METRIC = "black_market_premium_over_list"  # what scarce chips fetch over list, in claims


def credit_value_scenarios(claims: pd.DataFrame) -> pd.DataFrame:
    """What $1 of credits is worth in cash, from the data: below 1 when the same compute rents for less
    elsewhere (1 / the big clouds' multiple over small ones: both ends of a reported range), 1 at face value,
    above 1 when compute is scarce (1 + the black-market premium over list)."""
    rows = [{"scenario": "face value", "credit_value": 1.0, "source_id": None}]
    for k in claims[claims["metric"] == MULTIPLE_METRIC].itertuples():
        for end, mult in (("high", k.value_high), ("low", k.value_low)):
            if not pd.isna(mult) and float(mult) > 0:
                rows.append(
                    {
                        "scenario": f"the same compute rented from small clouds ({float(mult):g} times cheaper)",
                        "credit_value": 1 / float(mult),
                        "source_id": k.source_id,
                    }
                )
    for k in claims[claims["metric"] == PREMIUM_METRIC].itertuples():
        rows.append(
            {
                "scenario": f"compute as scarce as black-market chips ({float(k.value):g}% over list)",
                "credit_value": 1 + float(k.value) / 100,
                "source_id": k.source_id,
            }
        )
    return pd.DataFrame(rows).sort_values("credit_value").reset_index(drop=True)


def value_per_cost(invested: float, credits: float, credit_value: float, margin: float) -> float:
    """What the start-up receives (cash plus credits at their cash worth) per dollar the investor spends
    (cash plus credits at their cost to supply)."""
    return (invested - credits + credits * credit_value) / effective_cost(invested, credits, margin)


def effective_cost(invested: float, credits: float, margin: float) -> float:
    """What the stake cost the investor in cash terms when credits cost it their face value times (1 - margin):
    cash paid (invested - credits) plus the credits at cost."""
    return invested - credits + credits * (1.0 - margin)


# ---------------------------------------------------------------- the report's analysis
TABLES = ("compute_deals", "cloud_revenue", "gpu_prices", "gpus", "stakes", "claims", "events", "fx_rates")
FORECAST_METRIC = "external_revenue_growth_outlook"  # the cloud unit's growth guidance, in claims
OUTCOME_METRIC = "external_revenue_yoy_pct"  # what later quarters reported, in cloud_revenue
SHARE_METRIC = "credit_share_of_investment"  # a reported share of an investment paid in credits, in claims
ACCESS_METRICS = (
    "nvidia_purchases",
    "offshore_gpu_rental_offer",
    "ai_data_centres_built_or_under_construction",
    "utilization_western_data_centres",
)  # claims on reaching compute other than by credits
SHARE_GRID = (0.0, 0.2, 0.5, 0.8, 1.0)
PRICE_GRID = (1.5, 2.0, 3.0, 5.0, 8.0)


class ComputeParameterError(ParameterError):
    """A parameter the data cannot serve; the message names the parameter and what is allowed."""


@dataclass
class Result:
    investor: str
    company: str
    gpu: str
    gpu_name: str
    model: RoundCompute
    credit_share_from: str  # "parameter", or the case the share was taken from
    price_from: str
    usage_quarters: int
    case: pd.Series | None  # the reported credit case behind the default share
    cases: pd.DataFrame  # every credit amount set against the investment, one line per case
    flagged: pd.DataFrame  # cases putting the credits at the whole investment or more
    credits_cny_m: float | None  # the case's credits in CNY at the stake year's mean rate
    per_quarter_cny_m: float | None
    increase: pd.DataFrame  # quarterly revenue and its increase on a year before
    quarters: pd.DataFrame  # one revenue figure per quarter
    growth: pd.DataFrame  # one growth figure per quarter
    events: pd.DataFrame  # export controls, model launches and credit rounds, for the cloud chart
    forecasts: pd.DataFrame  # the growth guidance claims, each shown once
    outcomes: pd.DataFrame  # every later quarter's reported external growth
    accounting: pd.DataFrame
    other: pd.DataFrame  # hardware, discounted cloud, chip funds
    vouchers: pd.DataFrame  # local-government compute vouchers (subsidies, not equity)
    access: pd.DataFrame  # claims on other ways of reaching compute
    prices: pd.DataFrame  # GPU price points with a USD mid value and a label
    export_controls: pd.DataFrame
    sensitivity: pd.DataFrame
    window: pd.DataFrame = None  # the usage-window quarters: increase, credits, credits' share
    window_share_pct: float | None = None  # all the credits over the window's summed increase
    share_claims: pd.DataFrame = None  # reported shares of the investment paid in credits (claims)
    margin: float | None = None  # the cloud unit's median adjusted EBITA margin in the window
    margin_facts: tuple = ()
    margin_sources: tuple = ()
    alt_margin: float = 0.3  # an assumed margin, for the second answer
    as_of: pd.Timestamp | None = None  # the data's as-of date: quarters reported by then should be in the series
    like_for_like: pd.DataFrame = None  # China against abroad, same chip, per GPU-hour, within six months
    others_credits: pd.DataFrame = None  # stakes paid in credits by investors other than the focus one
    value_scenarios: pd.DataFrame = None  # what $1 of credits is worth in cash, scenario by scenario, from the data
    tables: tuple = TABLES


def _default_case(cases: pd.DataFrame, investor: str, company: str) -> pd.Series | None:
    """The latest-reported usable credit case (below the whole investment) of this investor in this company."""
    c = cases[(cases["investor_id"] == investor) & (cases["company_id"] == company) & (cases["credit_share_pct"] < 100)]
    return None if c.empty else c.sort_values(["credits_date", "case_id"]).iloc[-1]


def analyse(
    pkg,
    *,
    investor: str,
    company: str,
    round_usd: float,
    credit_share: float | None,
    gpu: str,
    gpu_hour_usd: float | None,
    credit_value: float,
    usage_quarters: int,
    margin: float | None = None,
    alt_margin: float = 0.3,
    price_market: str | None = "china",
) -> Result:
    """Everything the compute report states. `credit_share`, `gpu_hour_usd` or `margin` None: take them from
    the data (the margin: the cloud unit's median reported adjusted EBITA margin in the usage window)."""
    fx, cd, cr = pkg["fx_rates"], pkg["compute_deals"], pkg["cloud_revenue"]
    gpus = pkg["gpus"].set_index("gpu_id")
    cases = credit_share_cases(cd, pkg["stakes"])
    if len(cases):
        cases = cases.merge(cd[["case_id", "date"]].rename(columns={"date": "credits_date"}), on="case_id", how="left")
        # One line per reported credit amount: several outlets report the same cumulative investment.
        cases = cases.sort_values(["case_id", "stake_as_of", "invested_source"]).drop_duplicates("case_id")
    case = _default_case(cases, investor, company) if len(cases) else None
    if credit_share is None:
        if case is None:
            raise ComputeParameterError(
                f"parameter credit_share=None needs a reported case of credits from {investor!r} in "
                f"{company!r}; the data has none, so set credit_share to a number from 0 to 1"
            )
        credit_share, share_from = case["credit_share_pct"] / 100, "case"
    else:
        share_from = "parameter"
    price = default_gpu_hour_price(pkg["gpu_prices"], gpu, price_market, fx) if price_market else None
    price = price if price is not None else default_gpu_hour_price(pkg["gpu_prices"], gpu)
    if gpu_hour_usd is None:
        if price is None:
            raise ComputeParameterError(
                f"parameter gpu_hour_usd=None needs a sourced hourly rental price for gpu={gpu!r}; "
                "there is none, so set gpu_hour_usd"
            )
        gpu_hour_usd, price_from = (
            float(price["price"]),
            f"rental price reported {price['date']:%B %Y}, {price['market']}",
        )
    else:
        price_from = "parameter"
    relative = relative_throughput(pkg["gpus"], gpu)
    if pd.isna(relative):
        ok = ", ".join(pkg["gpus"].loc[pkg["gpus"]["bf16_dense_tflops"].notna(), "gpu_id"].astype(str))
        raise ComputeParameterError(
            f"parameter gpu={gpu!r} has no sourced BF16 throughput in gpus.csv, so H100 "
            f"equivalents cannot be computed; choose one of {ok}"
        )
    model = RoundCompute(round_usd, credit_share, credit_value, gpu_hour_usd, relative)

    rev = cr[cr["metric"] == "revenue"]
    inc = yoy_increase(rev, cr[cr["metric"] == "revenue_yoy_pct"])
    credits_cny = per_q = None
    window, window_share = inc.iloc[:0].assign(credits_cny_m=[], credits_share_pct=[]), None
    if case is not None and len(inc.dropna(subset=["increase"])):
        credits_cny = float(
            convert(
                pd.Series([case["credits_m"]]),
                pd.Series([case["currency"]]),
                pd.Series([f"{case['stake_as_of']:%Y}"]),
                "CNY",
                fx,
                what="credit amount",
            )["value"].iloc[0]
        )
        per_q = credit_revenue_per_quarter(credits_cny, usage_quarters)
        window = usage_window(inc, case["credits_date"], usage_quarters, per_q)
        known = window.dropna(subset=["increase"])
        if len(known) == usage_quarters and (known["increase"] > 0).all():
            window_share = 100 * credits_cny / float(known["increase"].sum())
    if margin is None:
        found = cloud_margin(cr, window["period_end"]) if len(window) else None
        found = found or cloud_margin(cr, cr["period_end"])
        margin, m_facts, m_sources = found if found else (None, [], [])
    else:
        m_facts, m_sources = [], []

    ev = pkg["events"]
    first_q = rev["period_end"].min() - pd.DateOffset(months=3) if len(rev) else pd.Timestamp.min
    ev = ev[ev["kind"].isin(["export_control", "model_launch"]) & (ev["date"] >= first_q)].sort_values("date")
    names = dict(zip(pkg["companies"]["company_id"].astype(str), pkg["companies"]["name_en"].astype(str)))
    rounds = cd[(cd["mechanism"] == "cloud_credits") & cd["company_id"].notna() & cd["date"].notna()].drop_duplicates(
        "company_id"
    )
    rounds = rounds.assign(
        title="Credits in "
        + rounds["company_id"].astype(str).map(names).fillna(rounds["company_id"].astype(str))
        + " round"
    )
    ev = pd.concat([ev[["date", "title", "source_id"]].head(10), rounds[["date", "title", "source_id"]]]).sort_values(
        "date"
    )

    cl = pkg["claims"]
    forecasts = cl[cl["metric"] == FORECAST_METRIC].sort_values(["made_on", "claim_id"])
    ext = cr[cr["metric"] == OUTCOME_METRIC].sort_values("period_end")
    since = forecasts["made_on"].min() if len(forecasts) and forecasts["made_on"].notna().any() else pd.Timestamp.min
    outcomes = ext[ext["period_end"] > since]

    gp = pkg["gpu_prices"].copy()
    mid = (
        gp["price"]
        .astype("float64")
        .fillna((gp["price_low"].astype("float64") + gp["price_high"].astype("float64")) / 2)
    )
    dated = gp["date"].notna()
    gp["usd"] = float("nan")
    gp.loc[dated, "usd"] = convert(
        mid[dated], gp.loc[dated, "currency"], gp.loc[dated, "date"].dt.strftime("%Y-%m"), "USD", fx, what="GPU price"
    )["value"]
    gp["gpu_name"] = gp["gpu"].map(gpus["name"])
    hourly = per_gpu_hour(pkg["gpu_prices"], fx)

    shares = sorted(set(SHARE_GRID) | {round(credit_share, 4)})
    prices = sorted(set(PRICE_GRID) | {round(gpu_hour_usd, 2)})
    return Result(
        investor=investor,
        company=company,
        gpu=gpu,
        gpu_name=str(gpus.loc[gpu, "name"]),
        model=model,
        credit_share_from=share_from,
        price_from=price_from,
        usage_quarters=usage_quarters,
        case=case,
        cases=cases,
        flagged=cases[cases["credit_share_pct"] >= 100] if len(cases) else cases,
        credits_cny_m=credits_cny,
        per_quarter_cny_m=per_q,
        increase=inc,
        quarters=rev.sort_values(["period_end", "fact_id"]).drop_duplicates("period_end"),
        growth=cr[cr["metric"] == "revenue_yoy_pct"]
        .sort_values(["period_end", "fact_id"])
        .drop_duplicates("period_end"),
        events=ev,
        forecasts=forecasts,
        outcomes=outcomes,
        accounting=cd[cd["accounting"].notna()],
        other=cd[cd["mechanism"] != "cloud_credits"],
        vouchers=cd[(cd["mechanism"] == "cloud_credits") & cd["company_id"].isna()],
        access=cl[cl["metric"].isin(ACCESS_METRICS)],
        prices=gp,
        export_controls=pkg["events"][pkg["events"]["kind"] == "export_control"].sort_values("date"),
        sensitivity=sensitivity(round_usd, credit_value, relative, shares, prices, part="credits"),
        window=window,
        window_share_pct=window_share,
        share_claims=cl[(cl["metric"] == SHARE_METRIC) & (cl["subject"].astype(str) == investor)],
        margin=margin,
        margin_facts=tuple(m_facts),
        margin_sources=tuple(m_sources),
        alt_margin=alt_margin,
        as_of=pkg.as_of() if hasattr(pkg, "as_of") else None,
        like_for_like=like_for_like(hourly),
        value_scenarios=credit_value_scenarios(cl),
        others_credits=cd[
            (cd["mechanism"] == "cloud_credits")
            & cd["company_id"].notna()
            & cd["investor_id"].notna()
            & (cd["investor_id"].astype(str) != investor)
        ],
    )
