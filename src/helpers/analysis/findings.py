"""A Finding: one sentence template and the values that fill it, Figures above all.

Views build findings; `render.report.sentence` turns one into HTML with citations. The template and
its values are checked against each other when the finding is made, so a slot without a value, or a
Figure computed and never shown, fails where it is written rather than on a reader's page.
"""

from __future__ import annotations

import string
from typing import NamedTuple

from helpers.analysis.figures import Figure


class FindingError(ValueError):
    pass


def slots(template: str) -> list[str]:
    """The `{name}` slots of a template, in order (a name may repeat)."""
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name is not None]


class Finding(NamedTuple):
    """A tuple, so `for template, values in findings` reads as before."""

    template: str
    values: dict

    @property
    def figures(self) -> dict[str, Figure]:
        return {k: v for k, v in self.values.items() if isinstance(v, Figure)}


def finding(template: str, values: dict | None = None) -> Finding:
    """A checked Finding: every slot has a value and every value has a slot."""
    values = dict(values or {})
    names = slots(template)
    missing = [n for n in dict.fromkeys(names) if n not in values]
    unused = [k for k in values if k not in names]
    if missing or unused:
        parts = ([f"slots without a value: {', '.join(missing)}"] if missing else []) + (
            [f"values without a slot: {', '.join(unused)}"] if unused else []
        )
        raise FindingError(f"finding {template[:60]!r}: " + "; ".join(parts))
    return Finding(template, values)


def findings(items) -> list[Finding]:
    """Checked Findings from (template, values) pairs."""
    return [finding(t, v) for t, v in items]


def checked(fn):
    """Decorates a view's `answer` or `findings`: its (template, values) pairs come back as checked Findings."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kw) -> list[Finding]:
        return findings(fn(*args, **kw))

    return wrapper
