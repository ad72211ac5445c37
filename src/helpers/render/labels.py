"""One label map: the words a reader sees for column names, coded values and data ids.

`report.table` runs every frame through `reader_frame`, so no table shows snake_case, True/False,
raw ids or long floats. Names of companies, investors, chips and rounds come from the data package
(`use_package`), codes from the dictionaries below; anything unknown falls back to plain words.
"""

from __future__ import annotations

import re

import pandas as pd

VALUES = {
    "all_ai": "all AI",
    "generative_ai": "generative AI",
    "all_equity": "all equity",
    "venture": "venture",
    "private": "private",
    "exact": "exact",
    "approx": "approximate",
    "lower_bound": "at least",
    "upper_bound": "at most",
    "range": "range",
    "official": "company filing or statement",
    "registry": "business registry",
    "data_provider": "data provider",
    "media_unnamed": "media report",
    "rumour": "rumour",
    "angel": "angel",
    "seed": "seed",
    "pre_a": "pre-Series A",
    "a": "Series A",
    "a_plus": "Series A+",
    "pre_b": "pre-Series B",
    "b": "Series B",
    "b_plus": "Series B+",
    "c": "Series C",
    "c_plus": "Series C+",
    "d": "Series D",
    "e": "Series E",
    "strategic": "strategic",
    "private_placement": "private placement",
    "ipo": "IPO",
    "undisclosed": "undisclosed stage",
    "foundation_model": "foundation models",
    "ai_chip": "AI chips",
    "computer_vision": "computer vision",
    "autonomous_driving": "autonomous driving",
    "cloud_credits": "cloud credits",
    "chip_funds": "funds earmarked for chips",
    "discounted_cloud": "discounted cloud",
    "purchase_server_8gpu": "purchase, 8-GPU server",
    "purchase_unit": "purchase, one GPU",
    "purchase_unit_unclear": "purchase, GPU or server (page unclear)",
    "rental_gpu_hour": "rent, one GPU-hour",
    "rental_server_hour_8gpu": "rent, 8-GPU server-hour",
    "rental_server_month_8gpu": "rent, 8-GPU server-month",
    "rental_server_year_8gpu": "rent, 8-GPU server-year",
    "china": "China",
    "abroad": "abroad",
    "export_control": "export control",
    "model_launch": "model launch",
    "outbound_investment": "outbound investment",
    "big_tech": "big tech",
    "state_fund": "state fund",
    "vc_usd": "US-dollar VC",
    "vc_rmb": "yuan VC",
    "semiconductors": "semiconductors (all chip companies)",
    "mainland": "mainland China",
    "mainland_hk": "mainland China and Hong Kong",
    "greater_china": "Greater China",
    "china_unstated": "China (not defined)",
    "us": "United States",
    "europe": "Europe",
    "world": "world",
    "disclosed": "disclosed deals only",
    "estimated": "with estimates for undisclosed deals",
    "unstated": "not stated",
    "current": "current dollars",
    "constant 2021": "constant 2021 dollars",
}
COLUMNS = {
    "provider": "Provider",
    "year": "Year",
    "rounds": "Rounds",
    "amount": "Amount",
    "deal_count": "Deals",
    "avg_deal": "Average deal",
    "company_id": "Start-up",
    "investor_id": "Investor",
    "round_id": "Round",
    "announced": "Announced",
    "date": "Date",
    "made_on": "Date",
    "mechanism": "How compute is supplied",
    "note": "Note",
    "statement": "What was reported",
    "title": "Event",
    "market": "Market",
    "kind": "Kind",
    "gpu": "Chip",
    "qualifier": "Qualifier",
    "currency": "Currency",
    "amount_m": "Amount (millions)",
    "price": "Price",
    "region": "Territory",
    "price_basis": "Prices",
    "method": "Method",
    "edition_name": "Edition",
}
DROP = {"fact_id", "case_id", "price_id", "claim_id", "stake_id", "listing_id", "event_id"}
SOURCE_COLUMNS = re.compile(r"(^|_)source(_id)?$|^source_id$|_source$")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
_names: dict[str, str] = {}


def use_package(pkg) -> None:
    """Display names for the ids of this package: companies, investors, chips, and rounds as "Company, Mon YYYY"."""
    _names.clear()
    for table, key, col in (
        ("companies", "company_id", "name_en"),
        ("investors", "investor_id", "name_en"),
        ("gpus", "gpu_id", "name"),
    ):
        if table in pkg:
            t = pkg[table]
            _names.update(zip(t[key].astype(str), t[col].astype(str)))
    global _rounds
    # Round names are made when a round id is shown, not for every round up front (a million at scale).
    _rounds = pkg["rounds"].set_index(pkg["rounds"]["round_id"].astype(str)) if "rounds" in pkg else None


_rounds: pd.DataFrame | None = None


def _round_name(rid: str) -> str | None:
    if _rounds is None or rid not in _rounds.index:
        return None
    r = _rounds.loc[rid]
    cid, d, st = str(r["company_id"]), r["announced"], str(r["stage"])
    stage = VALUES.get(st, st)
    return f"{_names.get(cid, cid)}, {stage}, {d:%b %Y}" if not pd.isna(d) else f"{_names.get(cid, cid)}, {stage}"


def value(v) -> str:
    if v is None or (not isinstance(v, (list, tuple, str)) and pd.isna(v)):
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return "; ".join(value(x) for x in v) or "—"
    if isinstance(v, float):
        return number(v)
    s = str(v)
    if s in _names:
        return _names[s]
    if (name := _round_name(s)) is not None:
        _names[s] = name
        return name
    if s in VALUES:
        return VALUES[s]
    m = re.match(r"^unspecified \((.+)\)$", s)
    if m:
        return "provider not named" if "names none" in m.group(1) else f"not named (figure carried by {m.group(1)})"
    return s.replace("_", " ") if SNAKE.match(s) else s


def number(v: float) -> str:
    """A plain number with at most three significant figures' worth of decimals."""
    a = abs(v)
    if a >= 100 or v == int(v):
        return f"{v:,.0f}"
    return f"{v:.3g}"


def column(c: str) -> str:
    return COLUMNS.get(c, c.replace("_", " ").strip().capitalize())


def reader_frame(df: pd.DataFrame, cite=None) -> pd.DataFrame:
    """The frame with reader labels and values: id columns dropped, source ids as citation numbers."""
    out = {}
    for c in df.columns:
        if c in DROP:
            continue
        col = df[c]
        if SOURCE_COLUMNS.search(str(c)):
            label = "Source"
            if cite is not None:
                cite.use(col.dropna())
                vals = ["—" if pd.isna(s) else f"[{cite.number(str(s))}]" for s in col]
            else:
                continue
            while label in out:
                label += " "
            out[label] = vals
            continue
        if pd.api.types.is_bool_dtype(col):
            vals = ["yes" if x else "no" for x in col]
        elif pd.api.types.is_datetime64_any_dtype(col):
            vals = ["—" if pd.isna(x) else f"{x:%Y-%m-%d}" for x in col]
        else:
            vals = [value(x) for x in col]
        label = column(str(c)) if SNAKE.match(str(c)) or str(c) in COLUMNS or str(c).islower() else str(c)
        while label in out:
            label += " "
        out[label] = vals
    return pd.DataFrame(out)
