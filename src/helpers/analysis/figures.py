"""Figures: every number that can reach a reader, with its unit, qualifier and sources, and one formatter.

A `Figure` is what an analysis function returns instead of a bare float, so a "~" or a "≥" cannot
get lost between the data and the page. Arithmetic on Figures carries the qualifier by these rules:

- sum: an approximate term makes the sum approximate; lower-bound terms (with exact ones) give a
  lower bound, upper-bound terms an upper bound; a lower and an upper bound together give no bound
  (approximate, flagged `unbounded`); a range term gives a range.
- ratio (and change, which is a ratio less one): an approximate term makes it approximate; a lower
  bound over an exact value is a lower bound, an exact value over a lower bound an upper bound
  (and the mirror for upper bounds); bounds on both sides give no bound (approximate, `unbounded`).
  A range over an exact value is a range.
- grade: a figure derived from others keeps their disclosure grade when they share one; when they
  differ it takes the weakest and says so (`grade_mixed`: "partly media reports"), so a share of
  rounds mostly reported in filings but partly in the press is not presented as filed.

The formatter (`fmt`) is the only place a number becomes text: three significant figures at most,
scaled to k, M, B or T, the qualifier mark kept, ranges with both ends, a fall written "down 71%"
in prose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

QUALIFIERS = ("exact", "approx", "lower_bound", "upper_bound", "range")
MARK = {"exact": "", "approx": "~", "lower_bound": "≥", "upper_bound": "≤", "range": ""}
UNITS = ("money", "percent", "count", "ratio", "number")
SYMBOL = {"USD": "$", "CNY": "CN¥", "HKD": "HK$", "EUR": "€"}
# Disclosure grades, strongest first: a filing or company statement beats a registry entry, a data
# provider, a media report and a rumour, whatever their dates.
GRADE_WORDS = {
    "official": "company filing or statement",
    "registry": "business registry",
    "data_provider": "data provider",
    "media_unnamed": "media report",
    "rumour": "rumour",
}
GRADE_RANK = {g: i for i, g in enumerate(GRADE_WORDS)}
GRADE_PLURAL = {
    "official": "company filings or statements",
    "registry": "business registries",
    "data_provider": "data providers",
    "media_unnamed": "media reports",
    "rumour": "rumours",
}
# A figure with no grade column of its own (a participant's cheque, a claim, a margin) is graded by the
# kind of page that reports it: a filing or the company's statement, a data provider's report, or the press.
KIND_GRADE = {
    "filing": "official",
    "official": "official",
    "report": "data_provider",
    "dataset": "data_provider",
    "news": "media_unnamed",
}


class FigureError(ValueError):
    pass


@dataclass(frozen=True)
class Figure:
    """A number for readers. Money is held in millions of `currency` (`scale` says otherwise)."""

    value: float | None
    unit: str = "number"
    currency: str | None = None
    qualifier: str = "exact"
    high: float | None = None  # the upper end when qualifier == "range"
    period: str = ""
    edition: str = ""
    grade: str = ""
    price_basis: str = "current"  # or "constant <base year>"
    sources: tuple[str, ...] = ()
    href: str = ""  # the table or chart holding the rows it aggregates
    unbounded: bool = False  # bounds on both sides of a ratio: no bound can be claimed
    per: str = ""  # "an hour", "a month": money per unit of time
    scale: float = 1e6  # money values are in millions unless said
    grade_mixed: bool = False  # derived from inputs of several grades; `grade` is the weakest

    def __post_init__(self):
        if self.qualifier not in QUALIFIERS:
            raise FigureError(f"qualifier {self.qualifier!r} is not one of {', '.join(QUALIFIERS)}")
        if self.unit not in UNITS:
            raise FigureError(f"unit {self.unit!r} is not one of {', '.join(UNITS)}")
        if self.qualifier == "range" and (self.high is None or self.value is None or self.high < self.value):
            raise FigureError(f"a range needs both ends, low <= high (got {self.value!r} to {self.high!r})")
        if self.unit == "money" and not self.currency:
            raise FigureError("a money figure needs its currency")
        object.__setattr__(self, "sources", tuple(dict.fromkeys(s for s in self.sources if s)))

    @property
    def missing(self) -> bool:
        return self.value is None or (isinstance(self.value, float) and math.isnan(self.value))

    @property
    def low(self) -> float | None:
        return self.value

    @property
    def top(self) -> float | None:
        return self.high if self.qualifier == "range" else self.value

    def with_(self, **kw) -> Figure:
        return replace(self, **kw)


def money(value_m, currency: str = "USD", qualifier: str = "exact", **kw) -> Figure:
    return Figure(_num(value_m), "money", currency, _q(qualifier), **kw)


def percent(value, qualifier: str = "exact", **kw) -> Figure:
    return Figure(_num(value), "percent", None, _q(qualifier), **kw)


def count(value, qualifier: str = "exact", **kw) -> Figure:
    return Figure(_num(value), "count", None, _q(qualifier), **kw)


def _num(v):
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _q(q) -> str:
    return "exact" if q is None or (isinstance(q, float) and math.isnan(q)) or q == "" else str(q)


# ---------------------------------------------------------------- arithmetic
def _merge_sources(*figs: Figure) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for f in figs for s in f.sources))


def weakest_grade(grades) -> str:
    """The weakest of these disclosure grades ("" when none is a known grade)."""
    known = {g for g in grades if g in GRADE_RANK}
    return max(known, key=GRADE_RANK.__getitem__) if known else ""


def inherited_grade(*figs: Figure) -> dict:
    """`grade` and `grade_mixed` for a figure derived from these: their one grade, or the weakest of
    several (mixed). Inputs with no grade, or one outside GRADE_WORDS, are not counted."""
    grades = {f.grade for f in figs if f.grade in GRADE_RANK}
    if not grades:
        return {}
    return {"grade": weakest_grade(grades), "grade_mixed": len(grades) > 1 or any(f.grade_mixed for f in figs)}


def _with_grade(kw: dict, *figs: Figure) -> dict:
    if "grade" not in kw:
        kw.update(inherited_grade(*figs))
    return kw


def total(figs, unit: str | None = None, currency: str | None = None, **kw) -> Figure:
    """The sum of Figures (same unit and currency), qualifier by the sum rule. Missing terms are skipped;
    callers say elsewhere how many amounts were undisclosed."""
    figs = [f for f in figs if not f.missing]
    if not figs:  # an empty sum is zero, in the unit the caller names
        return Figure(0.0, unit or "number", currency, **kw)
    units = {f.unit for f in figs}
    curs = {f.currency for f in figs}
    if len(units) > 1 or len(curs) > 1:
        raise FigureError(f"cannot add figures of different units or currencies: {sorted(map(str, units | curs))}")
    quals = {f.qualifier for f in figs}
    unbounded = any(f.unbounded for f in figs)
    lo = sum(f.low for f in figs)
    hi = sum(f.top for f in figs)
    if "approx" in quals or unbounded or ({"lower_bound", "upper_bound"} <= quals):
        q, unbounded = "approx", unbounded or {"lower_bound", "upper_bound"} <= quals
        hi_out = None
        value = (lo + hi) / 2 if "range" in quals else lo
    elif "range" in quals:
        if "lower_bound" in quals or "upper_bound" in quals:
            q, value, hi_out = ("lower_bound", lo, None) if "lower_bound" in quals else ("upper_bound", hi, None)
        else:
            q, value, hi_out = "range", lo, hi
    elif "lower_bound" in quals:
        q, value, hi_out = "lower_bound", lo, None
    elif "upper_bound" in quals:
        q, value, hi_out = "upper_bound", lo, None
    else:
        q, value, hi_out = "exact", lo, None
    f0 = figs[0]
    kw.setdefault("sources", _merge_sources(*figs))
    _with_grade(kw, *figs)
    return Figure(value, f0.unit, f0.currency, q, high=hi_out, unbounded=unbounded, **kw)


def money_total(values, qualifiers, sources, grades, currency: str = "USD", **kw) -> Figure:
    """`total` of money amounts given as columns, without a Figure per amount (a million rounds at scale):
    the same Figure as total([money(v, currency, q, sources=(s,), grade=g) for ...]), by the same sum rule
    (tests check the two agree). Ranges take the general path."""
    v = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float)
    keep = ~np.isnan(v)
    q = pd.Series(qualifiers, dtype=object).fillna("exact").replace("", "exact").to_numpy()[keep]
    if (q == "range").any():
        figs = [money(a, currency, x, sources=(s,), grade=g) for a, x, s, g in zip(values, qualifiers, sources, grades)]
        return total(figs, unit="money", currency=currency, **kw)
    if not keep.any():
        return Figure(0.0, "money", currency, **kw)
    quals = set(pd.unique(q))
    both = {"lower_bound", "upper_bound"} <= quals
    if "approx" in quals or both:
        qual = "approx"
    elif "lower_bound" in quals:
        qual = "lower_bound"
    elif "upper_bound" in quals:
        qual = "upper_bound"
    else:
        qual = "exact"
    srcs = pd.Series(sources, dtype=object).to_numpy()[keep]
    kw.setdefault("sources", tuple(s for s in pd.unique(srcs) if isinstance(s, str) and s))
    if "grade" not in kw:
        known = {str(g) for g in pd.unique(pd.Series(grades, dtype=object).to_numpy()[keep])} & set(GRADE_RANK)
        if known:
            kw.update(grade=weakest_grade(known), grade_mixed=len(known) > 1)
    return Figure(float(v[keep].sum()), "money", currency, qual, unbounded=both, **kw)


_FLIP = {"lower_bound": "upper_bound", "upper_bound": "lower_bound"}


def ratio_qualifier(num: Figure, den: Figure) -> tuple[str, bool]:
    """(qualifier, unbounded) of num / den by the ratio rule."""
    qn, qd = num.qualifier, den.qualifier
    if num.unbounded or den.unbounded:
        return "approx", True
    if qn == "approx" or qd == "approx":
        return "approx", False
    if qd == "range":
        return "approx", qn in ("lower_bound", "upper_bound", "range")
    bound_n = qn in ("lower_bound", "upper_bound")
    bound_d = qd in ("lower_bound", "upper_bound")
    if bound_n and bound_d:
        return "approx", True
    if qn == "range":
        return ("range", False) if qd == "exact" else ("approx", True)
    if bound_n:
        return qn, False
    if bound_d:
        return _FLIP[qd], False
    return "exact", False


def share(part: Figure, whole: Figure, **kw) -> Figure:
    """part / whole as a percentage. The caller guarantees the part lies inside the whole."""
    if part.missing or whole.missing or not whole.value:
        return percent(None, **kw)
    if part.unit != whole.unit or part.currency != whole.currency:
        raise FigureError(f"share of unlike figures: {part.unit}/{part.currency} over {whole.unit}/{whole.currency}")
    q, unb = ratio_qualifier(part, whole)
    kw.setdefault("sources", _merge_sources(part, whole))
    _with_grade(kw, part, whole)
    if q == "range":
        return Figure(100 * part.low / whole.value, "percent", None, "range", high=100 * part.top / whole.value, **kw)
    return Figure(100 * part.value / whole.value, "percent", None, q, unbounded=unb, **kw)


def change(new: Figure, old: Figure, **kw) -> Figure:
    """Percentage change from old to new (a fall is negative)."""
    if new.missing or old.missing or not old.value:
        return percent(None, **kw)
    q, unb = ratio_qualifier(new, old)
    kw.setdefault("sources", _merge_sources(new, old))
    _with_grade(kw, new, old)
    if q == "range":
        return Figure(
            100 * (new.low / old.value - 1), "percent", None, "range", high=100 * (new.top / old.value - 1), **kw
        )
    return Figure(100 * (new.value / old.value - 1), "percent", None, q, unbounded=unb, **kw)


# ---------------------------------------------------------------- formatting
_STEPS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"), (1.0, ""))


def _sig(x: float, digits: int = 3) -> float:
    return 0.0 if x == 0 else round(x, -int(math.floor(math.log10(abs(x)))) + digits - 1)


def _scaled(x: float) -> tuple[str, str]:
    """A non-negative amount in units as (number, suffix), three significant figures at most:
    24.9e9 -> ("24.9", "B"); 999.96e6 -> ("1.0", "B"); 1.1e5 -> ("110", "k"); 2.5 -> ("2.5", "")."""
    r = _sig(x)
    for step, suffix in _STEPS:
        if r >= step:
            v = r / step
            if v < 10:
                return f"{v:.1f}", suffix
            if v < 100:
                return (f"{v:.1f}".removesuffix(".0")), suffix
            return f"{v:.0f}", suffix
    return ("0", "") if r == 0 else (f"{r:.2g}", "")


def _pct_text(a: float) -> str:
    if a == 0:
        return "0"
    if a < 0.1:
        return f"{a:.2f}"
    return f"{a:.1f}" if a < 10 else f"{a:.0f}"


def _end(x: float, fig: Figure) -> tuple[str, str, str]:
    """(symbol, number, suffix) for one end of a figure, sign left out."""
    a = abs(x)
    if fig.unit == "money":
        sym = SYMBOL.get(fig.currency or "", f"{fig.currency} ")
        if fig.per and a * fig.scale < 1000:  # a unit price is quoted to the cent: HK$116.20 a share
            return sym, f"{a * fig.scale:.2f}", ""
        return (sym, *_scaled(a * fig.scale))
    if fig.unit == "percent":
        return "", _pct_text(a), "%"
    if fig.unit == "count":
        return "", f"{a:,.0f}", ""
    if fig.unit == "ratio":
        return "", (f"{a:.1f}" if a < 10 else f"{a:.0f}" if a < 1000 else f"{_sig(a):,.0f}"), "×"
    return ("", *_scaled(a))


def _is_zero(text: str) -> bool:
    return text.strip("0.") == ""


def fmt(fig: Figure, style: str = "table") -> str:
    """Text for readers. `style="prose"` writes a percentage change as "up 5%" or "down 71%"."""
    if fig.missing:
        return "not disclosed" if fig.unit == "money" else "n/a"
    mark = "~" if fig.unbounded else MARK[fig.qualifier]
    per = f" {fig.per}" if fig.per else ""
    words = style == "prose" and fig.unit == "percent"
    if fig.qualifier == "range":
        lo, hi = fig.value, fig.high
        if words and hi < 0:
            lo, hi = -hi, -lo
        s1, n1, x1 = _end(lo, fig)
        s2, n2, x2 = _end(hi, fig)
        minus1 = "−" if lo < 0 and not _is_zero(n1) else ""
        minus2 = "−" if hi < 0 and not _is_zero(n2) else ""
        left = f"{minus1}{s1}{n1}{x1 if x1 != x2 else ''}"
        text = f"{left}–{minus2}{'' if s1 == s2 and not minus2 else s2}{n2}{x2}"
        if words:
            return f"{'down' if fig.high < 0 else 'up' if fig.value > 0 else 'changed'} {text}{per}"
        return f"{text}{per}"
    sym, num, sfx = _end(fig.value, fig)
    neg = fig.value < 0 and not _is_zero(num)
    if words:
        return "unchanged" if _is_zero(num) else f"{'down' if neg else 'up'} {mark}{sym}{num}{sfx}{per}"
    return f"{mark}{'−' if neg else ''}{sym}{num}{sfx}{per}"


def grade_words(grade: str) -> str:
    """A disclosure grade in a reader's words."""
    return GRADE_WORDS.get(str(grade), str(grade).replace("_", " "))


def grade_note(fig: Figure) -> str:
    """The grade beside a figure in prose: "media report", or for a figure built from inputs of several
    grades, the weakest of them: "partly media reports"; "" when the figure has no known grade."""
    if fig.grade not in GRADE_RANK:
        return ""
    return f"partly {GRADE_PLURAL[fig.grade]}" if fig.grade_mixed else GRADE_WORDS[fig.grade]
