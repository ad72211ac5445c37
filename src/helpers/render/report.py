"""Reader-facing pieces of a report: header, key findings with source links, tables, sources list.

Everything that puts data into HTML escapes it here, so a company name or note holding markup
renders as inert text.
"""

from __future__ import annotations

import html
import re
import string
from urllib.parse import urlparse
from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML, display

from helpers.analysis import figures
from helpers.render import labels
from helpers.analysis.figures import Figure

from helpers.paths import ANSWER_MIME, FINDINGS_MIME


def esc(value) -> str:
    missing = value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value))
    return html.escape("" if missing else str(value))


def money(value_m: float, currency: str = "USD", qualifier: str | None = "exact") -> str:
    """Millions of `currency` as a short label through the one formatter: 24900 USD -> "$24.9B"."""
    q = "exact" if qualifier is None or pd.isna(qualifier) or qualifier == "range" else str(qualifier)
    return figures.fmt(figures.money(value_m, str(currency), q))


def amount(value, currency: str, qualifier=None, low=None, high=None, scale: float = 1e6, per: str = "") -> str:
    """A price or amount in `currency` (in units of `scale`), a range when only its ends are given."""
    q = "exact" if qualifier is None or pd.isna(qualifier) else str(qualifier)
    if (value is None or pd.isna(value)) and not (pd.isna(low) or pd.isna(high)):
        return figures.fmt(Figure(float(low), "money", str(currency), "range", high=float(high), scale=scale, per=per))
    if q == "range":
        q = "approx"  # a single value stored for a range: keep that it is not exact
    return figures.fmt(figures.money(value, str(currency), q, scale=scale, per=per))


def pct(x: float, qualifier: str = "exact") -> str:
    return figures.fmt(figures.percent(x, qualifier))


class Citations:
    """Numbers sources in order of first use; the sources section lists them with anchors."""

    current: Citations | None = None  # the report's list, so tables can cite without being handed it

    def __init__(self, sources: pd.DataFrame):
        self.sources = sources.set_index("source_id")
        self.order: list[str] = []
        self._number: dict[str, int] = {}  # id -> its number: lookups stay constant-time for 100k sources
        Citations.current = self

    def use(self, ids) -> None:
        new = [s for s in dict.fromkeys(pd.Series(ids).dropna().astype(str)) if s not in self._number]
        if not new:
            return
        unknown = pd.Index(new).difference(self.sources.index)
        if len(unknown):
            raise KeyError(f"source id {unknown[0]!r} is not in sources.csv")
        for sid in new:
            self._number[sid] = len(self.order) + 1
            self.order.append(sid)

    def number(self, sid: str) -> int:
        """The source's number in the Sources list (it must have been used)."""
        return self._number[sid]

    def ref(self, *ids: str) -> str:
        ids = tuple(dict.fromkeys(ids))  # one number per source, however many figures it backs
        self.use(ids)
        links = ",".join(f'<a href="#src-{esc(i)}">{self._number[i]}</a>' for i in ids)
        return f'<sup class="ref">[{links}]</sup>'

    def _original(self, sid: str) -> str:
        orig = self.sources.loc[sid].get("original_publisher")
        return orig if isinstance(orig, str) else ""

    def publisher(self, sid: str, row=None) -> str:
        """Who published it: for a copy, the original outlet and where the copy sits, never the mirror alone.
        `row` is the source's row when the caller has it (the Sources list), saving a lookup per source."""
        s = self.sources.loc[sid] if row is None else row
        orig = s.get("original_publisher")
        if isinstance(orig, str) and orig:
            return f"{orig} (copy at {urlparse(str(s['url'])).hostname or s['publisher']})"
        return str(s["publisher"])

    def publishers(self, ids) -> str:
        """The chart Source line: data providers and original publishers, each once."""
        ids = pd.Series(ids).dropna().astype(str).unique()
        self.use(ids)
        return "; ".join(sorted({self._original(s) or str(self.sources.loc[s, "publisher"]) for s in ids}))

    def section(self) -> HTML:
        items = []
        rows = self.sources.loc[self.order].to_dict("index") if self.order else {}
        for i, sid in enumerate(self.order, 1):
            s = rows[sid]
            date = (
                s["published"].strftime("%Y-%m-%d")
                if not pd.isna(s["published"])
                else "undated (the page shows no date)"
            )
            title = esc(s["title"]) or "untitled (the stored page shows no headline)"
            orig_url = s.get("original_url")
            orig = f' (<a href="{esc(orig_url)}">original</a>)' if isinstance(orig_url, str) and orig_url else ""
            items.append(
                f'<li id="src-{esc(sid)}" value="{i}">{esc(self.publisher(sid, s))}, '
                f'<a href="{esc(s["url"])}">{title}</a>{orig}, {date} '
                f'<span class="gap">[{esc(sid)}]</span></li>'
            )
        return HTML(f'<ol class="sources">{"".join(items)}</ol>')


@dataclass(frozen=True)
class Num:
    """A number in prose, with the source rows it comes from, or (for an aggregate of many rows) a link
    to the table or chart in the report that lists them."""

    text: str
    sources: tuple[str, ...] = ()
    href: str = ""
    after: str = ""  # trusted HTML after the citation (the disclosure grade in words)


def sentence(template: str, cite: Citations, **values) -> tuple[str, str]:
    """Fill `{name}` slots; Figures go through the one formatter and get source links (`{name!p}`
    writes a change in words: "down 71%"); Num values get source links. Returns (html, plain text)."""
    html_parts, plain_parts = [], []
    for literal, name, _spec, conv in string.Formatter().parse(template):
        html_parts.append(esc(literal))
        plain_parts.append(literal)
        if name is None:
            continue
        v = values[name]
        if isinstance(v, Figure):
            # An aggregate links to the table or chart listing its rows; that table cites each of them.
            srcs = v.sources if not v.href or len(v.sources) <= 1 else ()
            note = figures.grade_note(v)
            grade = f' <span class="grade">({esc(note)})</span>' if note else ""
            v = Num(figures.fmt(v, "prose" if conv == "p" else "table"), srcs, v.href, grade)
        if isinstance(v, Num):
            srcs = tuple(s for s in v.sources if s)
            link = f'<sup class="ref"><a href="{esc(v.href)}">data</a></sup>' if v.href else ""
            html_parts.append(f"<strong>{esc(v.text)}</strong>" + (cite.ref(*srcs) if srcs else "") + link + v.after)
            plain_parts.append(v.text)
        else:
            v = labels.value(v) if isinstance(v, str) else v  # an id or code in a slot reads as words
            html_parts.append(esc(v))
            plain_parts.append(str(v))
    return "".join(html_parts), "".join(plain_parts)


def show_findings(findings: list[tuple[str, str]], data_version: str) -> None:
    """Key findings as a list for readers, and as JSON the build copies into the index."""
    items = "".join(f"<li>{h}</li>" for h, _ in findings)
    bundle = {
        "text/html": f'<div class="findings"><ol>{items}</ol></div>',
        FINDINGS_MIME: {"findings": [p for _, p in findings], "data_version": data_version},
        "text/plain": "\n".join(p for _, p in findings),
    }
    display(bundle, raw=True)


def as_of_text(when) -> str:
    return "no dated facts" if when is None or pd.isna(when) else f"{when:%-d %B %Y}"


def header(title: str, pkg, question: str = "") -> HTML:
    """The title, how recent the data is, and (for test folders) a synthetic-data warning. Also sets the
    package's display names for every table that follows."""
    labels.use_package(pkg)
    synth = (
        (
            '<p class="notice"><strong>Synthetic data:</strong> this report was built from a generated test folder, '
            "not from sourced facts.</p>"
        )
        if pkg.synthetic
        else ""
    )
    q = f'<p class="question">{esc(question)}</p>' if question else ""
    return HTML(
        f'<h1>{esc(title)}</h1><p class="as-of">Data as of {esc(as_of_text(pkg.as_of()))} '
        f"(the latest dated fact this report uses).</p>{synth}{q}"
    )


def answer(sentences: list[tuple[str, str]], params: dict, pkg) -> None:
    """The report's answer in 2–4 sentences (class `answer`, first screen), then the contents marker and a
    collapsed note of the parameters and data version. The plain text also goes to the index."""
    if not 1 <= len(sentences) <= 4:
        raise ValueError(f"an answer has 1 to 4 sentences, not {len(sentences)}")
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in params.items())
    body = " ".join(h for h, _ in sentences)
    html_text = (
        f'<div class="answer" role="doc-abstract"><p>{body}</p></div><!--TOC-->'
        f'<details class="params"><summary>Settings behind this page</summary><table>{rows}'
        f"<tr><th>Data version</th><td>{esc(pkg.version())}</td></tr></table></details>"
    )
    display(
        {
            "text/html": html_text,
            ANSWER_MIME: {"answer": [p for _, p in sentences]},
            "text/plain": " ".join(p for _, p in sentences),
        },
        raw=True,
    )


_NUMERIC = re.compile(r"^[~≥≤−+-]?(\$|CN¥|HK\$|€)?[\d.,]+(k|M|B|T|%|×)?( .*)?$|^(n/a|—|not disclosed|not reported)$")


def table(df: pd.DataFrame, caption: str = "", max_rows: int = 60, anchor: str = "") -> HTML:
    """An escaped HTML table that scrolls sideways on a phone: text left, numbers right; long tables are cut
    and say so."""
    shown = labels.reader_frame(df.head(max_rows), Citations.current)
    numeric = {c: bool(len(shown)) and all(_NUMERIC.match(str(v)) for v in shown[c]) for c in shown.columns}
    head = "".join(f'<th class="{"num" if numeric[c] else "text"}">{esc(c)}</th>' for c in shown.columns)
    rows = "".join(
        "<tr>"
        + "".join(f'<td class="{"num" if numeric[c] else "text"}">{esc(v)}</td>' for c, v in zip(shown.columns, r))
        + "</tr>"
        for r in shown.itertuples(index=False)
    )
    # The caption sits inside the table, so in print it travels with the first rows, never alone on a page.
    cap = f"<caption><strong>{esc(caption)}</strong></caption>" if caption else ""
    body = f'<table class="reader">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    more = f"<p class='gap'>Showing {max_rows} of {len(df)} rows.</p>" if len(df) > max_rows else ""
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return HTML(f'<div{ident} class="table-block"><div class="table-wrap">{body}</div>{more}</div>')


def appendix(df: pd.DataFrame, summary: str) -> HTML:
    """A collapsed appendix holding a full row-level table, with the same labels and formatter."""
    inner = table(df, max_rows=400).data
    return HTML(f'<details class="appendix"><summary>{esc(summary)}</summary>{inner}</details>')


def notice(text: str) -> HTML:
    return HTML(f'<p class="notice">{esc(text)}</p>')
