"""PDF copies of the reports, printed by headless Chromium from the HTML (the print CSS hides interactive parts)."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import paths
from helpers.build.runner import atomic_write, load_variants

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def due(out_dir: Path, variants=None) -> list:
    """The variants whose PDF is missing or older than their page (make's rule for a file target); a
    missing page is an error naming it."""
    out = []
    for v in variants if variants is not None else load_variants():
        html, pdf = out_dir / f"{v.name}.html", out_dir / "pdf" / f"{v.name}.pdf"
        if not html.exists():
            raise FileNotFoundError(f"{html} is missing: run `make reports` first")
        if not pdf.exists() or pdf.stat().st_mtime < html.stat().st_mtime:
            out.append(v)
    return out


def print_pdfs(out_dir: Path, force: bool = False) -> list[Path]:
    """Print the reports whose page changed since their PDF (all of them with `force`); returns what it wrote."""
    todo = load_variants() if force else due(out_dir)
    if not todo:
        return []
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        for v in todo:
            html = out_dir / f"{v.name}.html"
            if not html.exists():
                raise FileNotFoundError(f"{html} is missing: run `make reports` first")
            page.goto(html.resolve().as_uri())
            page.emulate_media(media="print")
            footer = (
                f'<div style="font-size:8px;width:100%;text-align:center">{v.title} · page '
                '<span class="pageNumber"></span>/<span class="totalPages"></span></div>'
            )
            pdf = page.pdf(
                format="A4",
                print_background=True,
                margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
            )
            target = out_dir / "pdf" / f"{v.name}.pdf"
            atomic_write(target, pdf)
            written.append(target)
        browser.close()
    return written


def add_commands(sub) -> None:
    p = sub.add_parser(
        "pdf", help="print the built reports whose page changed to OUT/pdf/<name>.pdf (headless Chromium)"
    )
    p.add_argument("--out", default=str(paths.REPORTS), type=Path)
    p.add_argument("--force", action="store_true", help="print every report, changed or not")
    p.set_defaults(
        func=lambda a: print("\n".join(f"pdf: {x}" for x in print_pdfs(a.out, a.force)) or "pdf: all up to date") or 0
    )
