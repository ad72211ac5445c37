"""Charts for readers: inline SVG with a title, labelled axes, a source line, alt text, a hover
title on every plotted mark, and the plotted rows embedded as a downloadable CSV.

Output is deterministic (fixed SVG hash salt, no date metadata), so the same data gives the
same page. Each mark is tagged with a `gid`; after saving, a `<title>` is inserted into each
tagged group, which browsers show on hover without any script.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from IPython.display import HTML  # noqa: E402

# Families known to carry Simplified Chinese glyphs, preferred in this order; any other installed font that
# has the glyphs (checked in its file) is used when none of these is present.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "SimHei",
    "Arial Unicode MS",
)
CJK_PROBE = "智谱月之暗面"  # every character must be in the font
_CJK_TEXT = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CJK_ASIDE = re.compile(r"\s*[(（][^()（）]*[\u2e80-\u9fff\uf900-\ufaff][^()（）]*[)）]")
CJK_FONT = ""  # set by setup(): the family in use, or "" when charts fall back to Latin-only names
MAX_MARKS = 400
PALETTE = ["#1f5fa8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#2e4057", "#c46b2d"]


# One colour per headline entity in every chart of every report, from seaborn's colour-blind-safe
# palette; anything not listed is grey, so no chart carries more than ten colours. Providers and
# investors never share a chart, so each registry uses the palette from its start.
_CB = sns.color_palette("colorblind").as_hex()
GREY = "#9a9a9a"
REGISTRY = {
    "investor": ["alibaba", "tencent", "baidu", "bytedance", "meituan", "xiaomi", "jd"],
    "company": ["zhipu", "moonshot", "minimax", "baichuan", "01ai", "stepfun", "deepseek"],
    "region": ["china", "us", "europe", "world"],
    "provider": [
        "PitchBook",
        "ITJuzi",
        "Stanford AI Index",
        "CB Insights",
        "Zero2IPO",
        "CSET",
        "Tortoise Intelligence (Global AI Index)",
        "China Business Industry Research Institute",
    ],
}
ENTITY_COLORS = {kind: dict(zip(keys, _CB)) for kind, keys in REGISTRY.items()}
SERIES_COLORS = _CB  # for editions of one provider, drawn in one chart: by order, not by entity


def color_for(key: str, kind: str = "investor") -> str:
    return ENTITY_COLORS[kind].get(key, GREY)


def has_glyphs(font_path: str, text: str = CJK_PROBE) -> bool:
    """Whether the font file draws every character of `text` (a missing glyph has index 0)."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(font_path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in text)


def find_cjk_font(fonts=None) -> str:
    """The family to draw Chinese names with: a known CJK family if installed, else any installed font whose
    file has the glyphs, else "". `fonts` defaults to matplotlib's font list (FontEntry objects)."""
    fonts = font_manager.fontManager.ttflist if fonts is None else fonts
    names = {f.name for f in fonts}
    known = next((n for n in CJK_FONTS if n in names), None)
    if known:
        return known
    return next((f.name for f in sorted(fonts, key=lambda f: f.name) if has_glyphs(f.fname)), "")


def latin_only(text: str) -> str:
    """A chart label without its Chinese: "ITJuzi (IT桔子)" becomes "ITJuzi"; used only when no CJK font is
    installed, so a reader sees the English name instead of empty boxes."""
    return _CJK_ASIDE.sub("", text) if _CJK_TEXT.search(text) else text


class _LatinTicks(matplotlib.ticker.Formatter):
    """Wraps an axis's tick formatter so its labels lose their Chinese asides (see latin_only)."""

    def __init__(self, inner):
        self.inner = inner

    def set_locs(self, locs):
        self.inner.set_locs(locs)

    def __call__(self, x, pos=None):
        return latin_only(self.inner(x, pos))

    def format_ticks(self, values):
        return [latin_only(s) for s in self.inner.format_ticks(values)]

    def get_offset(self):
        return self.inner.get_offset()


def setup() -> str:
    """Fix styles and the SVG salt; pick a CJK-capable font, or warn and draw English names only."""
    global CJK_FONT
    cjk = find_cjk_font()
    if not cjk:
        import warnings

        warnings.warn(
            "no font with Chinese glyphs found (looked for " + ", ".join(CJK_FONTS) + " and any installed font "
            "that has them): charts show English names only. Install one, e.g. Debian's fonts-noto-cjk "
            "(`make sysdeps`).",
            stacklevel=2,
        )
    CJK_FONT = cjk
    plt.rcParams.update(
        {
            "svg.hashsalt": "china-genai-capital",
            "svg.fonttype": "path",
            "figure.dpi": 100,
            "font.family": ["DejaVu Sans"] + ([cjk] if cjk else []),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.titleweight": "bold",
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "legend.frameon": False,
        }
    )
    return cjk or ""


@dataclass
class Marks:
    """Hover titles for tagged marks, in the order they were tagged."""

    prefix: str
    titles: list[str] = field(default_factory=list)

    def tag(self, artist, title: str):
        artist.set_gid(f"{self.prefix}-m{len(self.titles)}")
        self.titles.append(title)
        return artist


def _drop_drawn_title(fig, title: str) -> None:
    """The caption carries the chart's title: drop a copy drawn inside the figure (suptitle or a single
    axes title), keeping panel titles of small multiples, which name the panel."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None:
        sup.set_text("")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    for ax in axes:
        if ax.get_title() and (len(axes) == 1 or ax.get_title() == title):
            ax.set_title("")


def _svg(fig, marks: Marks, alt: str, title: str) -> str:
    _drop_drawn_title(fig, title)
    if not CJK_FONT:
        for text in fig.findobj(matplotlib.text.Text):
            text.set_text(latin_only(text.get_text()))
        for ax in fig.axes:  # tick labels are redrawn from their formatters at save time
            for axis in (ax.xaxis, ax.yaxis):
                axis.set_major_formatter(_LatinTicks(axis.get_major_formatter()))
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    for i, t in enumerate(marks.titles):
        svg = svg.replace(f'id="{marks.prefix}-m{i}">', f'id="{marks.prefix}-m{i}"><title>{html.escape(t)}</title>', 1)
    # An accessible name: role=img with aria-label, plus <title>/<desc> for assistive tech.
    svg = re.sub(r"<svg ", f'<svg role="img" aria-label="{html.escape(alt)}" ', svg, count=1)
    svg = re.sub(
        r"(<svg[^>]*>)", rf"\1<title>{html.escape(title)}</title><desc>{html.escape(alt)}</desc>", svg, count=1
    )
    svg = re.sub(r'width="[\d.]+pt" height="[\d.]+pt" ', "", svg, count=1)
    return svg


def event_lines(ax, events: pd.DataFrame, marks: Marks, date_to_x=lambda d: d) -> str:
    """Dotted vertical lines numbered 1..n at the top of the axes; returns the key for the caption.

    Numbers instead of labels keep close events readable; each line's hover title names the event.
    """
    key = []
    top = ax.get_ylim()[1]
    for k, ev in enumerate(events.itertuples(), 1):
        x = date_to_x(ev.date)
        line = ax.axvline(x, color="#888", ls=":", lw=1)
        marks.tag(line, f"{ev.date:%Y-%m-%d}: {ev.title} [{ev.source_id}]")
        ax.text(x, top, str(k), fontsize=7, color="#444", ha="center", va="bottom")
        key.append(f"{k}: {ev.date:%Y-%m-%d} {ev.title}")
    return ("Dotted lines mark events: " + "; ".join(key) + ".") if key else ""


def csv_link(data: pd.DataFrame, filename: str) -> str:
    payload = base64.b64encode(data.to_csv(index=False, lineterminator="\n").encode("utf-8")).decode()
    return (
        f'<a class="csv-link" download="{html.escape(filename)}" '
        f'href="data:text/csv;charset=utf-8;base64,{payload}">Download the data (CSV)</a>'
    )


def figure(
    fig,
    *,
    title: str,
    alt: str,
    source: str,
    data: pd.DataFrame,
    name: str,
    marks: Marks,
    note: str = "",
    colors: dict | None = None,
) -> HTML:
    """Wrap a matplotlib figure as an accessible, sourced, offline chart block."""
    if len(marks.titles) > MAX_MARKS:
        plt.close(fig)
        return HTML(
            f'<figure class="chart" id="fig-{name}"><figcaption><strong>{html.escape(title)}</strong></figcaption>'
            f'<p class="notice">This chart would draw {len(marks.titles)} marks, over the bound of {MAX_MARKS}; '
            f"its data is in the CSV instead.</p><figcaption>Source: {html.escape(source)}. "
            f"{csv_link(data, name + '.csv')}</figcaption></figure>"
        )
    svg = _svg(fig, marks, alt, title)
    extra = f" {html.escape(note)}" if note else ""
    import json

    tag = f' data-colors="{html.escape(json.dumps(colors, sort_keys=True))}"' if colors else ""
    return HTML(
        f'<figure class="chart" id="fig-{name}" data-chart="{html.escape(name)}"{tag}>'
        f'<figcaption class="chart-title"><strong>{html.escape(title)}</strong></figcaption>{svg}'
        f'<figcaption class="chart-source">Source: {html.escape(source)}.{extra} {csv_link(data, name + ".csv")}</figcaption>'
        f"</figure>"
    )
