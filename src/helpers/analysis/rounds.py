"""The one definition of the round universe and of its conversion to US dollars.

Every narrative starts from `in_usd`: all rows of `rounds`, amounts and post-money valuations in USD at
the monthly mean rate of the announcement month. Narratives then take a named variant, and their
Method says which:

- `private`: IPO proceeds out (a listing is not a venture round). The decline's round-level checks use it.
- `with_ipo`: every row, IPO proceeds in. The deal-share report starts here and sets IPOs, listed
  companies' placements and rumours aside itself, with a reason per round (`dealshare.classify`).
"""

from __future__ import annotations

import pandas as pd

from helpers.data.fx import convert

VARIANTS = {
    "private": "completed private rounds; IPO proceeds left out",
    "with_ipo": "every recorded round, IPO proceeds included",
}


def in_usd(pkg, fx: pd.DataFrame, since: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every round with `amount_usd_m`, `post_money_usd_m`, `year` and the company's `segment`."""
    r = pkg["rounds"].copy()
    if since is not None:
        r = r[r["announced"] >= since]
    month = r["announced"].dt.strftime("%Y-%m")
    r["amount_usd_m"] = convert(r["amount_m"], r["currency"], month, "USD", fx, what="round amount", ids=r["round_id"])[
        "value"
    ]
    r["post_money_usd_m"] = convert(
        r["post_money_m"], r["valuation_currency"], month, "USD", fx, what="valuation", ids=r["round_id"]
    )["value"]
    r["year"] = r["announced"].dt.year
    segs = pkg["companies"].set_index("company_id")["segment"].astype(str)
    r["segment"] = r["company_id"].astype(str).map(segs)
    return r


def variant(r: pd.DataFrame, name: str) -> pd.DataFrame:
    """The rows of a named universe variant (see VARIANTS)."""
    if name not in VARIANTS:
        raise ValueError(f"round universe {name!r} is not one of {', '.join(VARIANTS)}")
    return r[r["stage"] != "ipo"] if name == "private" else r
