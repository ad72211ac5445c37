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


def default_gpu_hour_price(prices: pd.DataFrame, gpu_id: str) -> pd.Series | None:
    """The latest dated point price (not a range or bound) for renting one `gpu_id` for an hour, in USD."""
    p = prices[(prices["gpu"] == gpu_id) & (prices["kind"] == "rental_gpu_hour") & (prices["currency"] == "USD")
               & prices["price"].notna() & prices["qualifier"].isin(["exact", "approx"]) & prices["date"].notna()]
    if p.empty:
        return None
    return p.sort_values(["date", "price_id"]).iloc[-1]


def sensitivity(round_usd: float, credit_value: float, relative: float, shares, prices, part: str = "total") -> pd.DataFrame:
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
    c = compute_deals[(compute_deals["mechanism"] == "cloud_credits") & compute_deals["amount_m"].notna()
                      & compute_deals["company_id"].notna() & compute_deals["investor_id"].notna()]
    s = stakes[stakes["invested_m"].notna()]
    rows = []
    for r in c.itertuples():
        inv = s[(s["company_id"] == r.company_id) & (s["investor_id"] == r.investor_id) & (s["currency"] == r.currency)]
        for t in inv.itertuples():
            share = 100.0 * float(r.amount_m) / float(t.invested_m)
            q = "lower_bound" if r.qualifier == "lower_bound" else ("approx" if "approx" in (r.qualifier, t.invested_qualifier) else "exact")
            rows.append({"case_id": r.case_id, "company_id": r.company_id, "investor_id": r.investor_id,
                         "credits_m": float(r.amount_m), "credits_qualifier": r.qualifier, "credits_source": r.source_id,
                         "invested_m": float(t.invested_m), "invested_qualifier": t.invested_qualifier, "invested_source": t.source_id,
                         "stake_as_of": t.as_of, "currency": r.currency, "credit_share_pct": share, "share_qualifier": q,
                         "flag": "credits exceed or equal the whole investment: likely a misreading" if share >= 100 else ""})
    return pd.DataFrame(rows)


def credit_revenue_per_quarter(credits_cny_m: float, usage_quarters: int) -> float:
    """Credits booked as cloud revenue evenly as they are used over `usage_quarters` quarters."""
    return credits_cny_m / usage_quarters


def yoy_increase(revenue: pd.DataFrame) -> pd.DataFrame:
    """Quarterly revenue (one figure per quarter: the first source's) and its increase on the same quarter a year before."""
    q = revenue.sort_values(["period_end", "fact_id"]).drop_duplicates("period_end").set_index("period_end")[["value", "source_id", "fiscal_quarter"]]
    prev = q["value"].copy()
    prev.index = prev.index + pd.DateOffset(years=1)
    q["year_before"] = prev.reindex(q.index)
    q["increase"] = q["value"] - q["year_before"]
    return q.reset_index()
