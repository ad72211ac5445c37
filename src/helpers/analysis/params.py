"""Checks for notebook parameters: each failure names the parameter, its value and what is allowed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


class ParameterError(ValueError):
    pass


def _fail(name, value, allowed):
    raise ParameterError(f"parameter {name}={value!r} is not allowed: {allowed}")


def data_dir(value) -> Path:
    p = Path(str(value))
    if not p.is_dir():
        _fail("data_dir", value, f"an existing data folder with a datapackage.json (looked in {p.resolve()})")
    if not (p / "datapackage.json").exists():
        _fail("data_dir", value, f"a folder holding datapackage.json; {p.resolve()} has none")
    return p


def choice(name: str, value, allowed) -> str:
    allowed = list(allowed)
    if value not in allowed:
        _fail(name, value, "one of " + ", ".join(map(str, allowed)))
    return value


def choices(name: str, values, allowed) -> list:
    """A list parameter; None or "all" means every allowed value."""
    allowed = list(allowed)
    if values is None or values == "all":
        return allowed
    if isinstance(values, str):
        values = [values]
    bad = [v for v in values if v not in allowed]
    if bad or not values:
        _fail(
            name,
            values,
            "a list drawn from " + ", ".join(map(str, allowed)) + (f" (unknown: {bad})" if bad else " (not empty)"),
        )
    return list(values)


def year(name: str, value, lo: int = 2000, hi: int = 2100) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        _fail(name, value, f"a whole year from {lo} to {hi}")
    return value


def year_range(start_year, end_year) -> tuple[int, int]:
    s, e = year("start_year", start_year), year("end_year", end_year)
    if s > e:
        _fail("start_year", start_year, f"a year no later than end_year={end_year}")
    return s, e


def number(name: str, value, lo: float | None = None, hi: float | None = None, lo_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        _fail(name, value, "a number")
    if lo is not None and (value <= lo if lo_open else value < lo):
        _fail(
            name,
            value,
            f"a number {'above' if lo_open else 'at least'} {lo}" + (f" and at most {hi}" if hi is not None else ""),
        )
    if hi is not None and value > hi:
        _fail(
            name,
            value,
            f"a number at most {hi}" + (f" and {'above' if lo_open else 'at least'} {lo}" if lo is not None else ""),
        )
    return float(value)


def optional_number(name: str, value, lo: float | None = None, hi: float | None = None, lo_open: bool = False):
    """None (take the value from the data) or a number as `number` checks it."""
    return None if value is None else number(name, value, lo, hi, lo_open)


def date(name: str, value) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        _fail(name, value, "a date written YYYY-MM-DD")
