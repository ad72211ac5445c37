"""Built reports in a real headless Chromium: offline, no console errors, accessible sourced charts, data that cross-checks."""

from __future__ import annotations

import base64
import io
import subprocess
import sys

import pandas as pd
import pytest

from conftest import DATA, ROOT

playwright = pytest.importorskip("playwright.sync_api")
from helpers.build.pdf import ARGS, CHROMIUM  # noqa: E402  (the same browser and flags as the PDF printer)

REPORTS = ROOT / "reports"
PAGES = ["index", "investment-decline", "deal-share", "deal-share-tencent", "compute-as-capital"]


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, path):
    page = browser.new_page()
    external, errors = [], []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("file://", "data:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, external, errors


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_offline_without_errors(browser, name):
    page, external, errors = open_page(browser, REPORTS / f"{name}.html")
    assert external == [] and errors == []
    assert page.title().strip()
    for img in page.query_selector_all("img"):
        assert (img.get_attribute("alt") or "").strip()
        assert page.evaluate("(i) => i.complete && i.naturalWidth > 0", img)
    page.close()


@pytest.mark.parametrize("name", PAGES[1:])
def test_every_chart_is_titled_sourced_described_and_downloadable(browser, name):
    page, _, _ = open_page(browser, REPORTS / f"{name}.html")
    figs = page.query_selector_all("figure.chart")
    assert figs
    for f in figs:
        svg = f.query_selector("svg")
        if svg is None:  # over the mark bound: says so and links the CSV
            assert "CSV" in f.inner_text()
            continue
        assert svg.get_attribute("role") == "img" and len(svg.get_attribute("aria-label")) > 40
        assert f.query_selector("figcaption.chart-title").inner_text().strip()
        assert f.query_selector("figcaption.chart-source").inner_text().startswith("Source:")
        link = f.query_selector("a.csv-link")
        assert link.inner_text() == "Download the data (CSV)" and link.get_attribute("href").startswith("data:text/csv")
    assert page.query_selector("ol.sources li") is not None
    code = ".jp-CodeCell .jp-Cell-inputWrapper"
    assert not page.is_visible(code)  # code hidden by default
    page.click("label.code-toggle")
    assert page.is_visible(code)
    page.close()


@pytest.mark.parametrize("name", PAGES[1:])
def test_headings_visible_and_contents_links_land(browser, name):
    page, _, _ = open_page(browser, REPORTS / f"{name}.html")
    heads = page.query_selector_all("main h1, main h2, main h3")
    assert len(heads) >= 5
    hidden = [h.inner_text() for h in heads if not h.is_visible()]
    assert hidden == []
    links = page.query_selector_all("nav.toc a")
    assert links
    for a in links:
        visible = a.evaluate(
            "a => { const t = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));"
            " return !!t && t.getClientRects().length > 0 && getComputedStyle(t).visibility !== 'hidden' }"
        )
        assert visible, a.inner_text()
    page.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
@pytest.mark.parametrize("name", PAGES)
def test_answer_is_on_the_first_screen(browser, name, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto((REPORTS / f"{name}.html").as_uri())
    box = page.query_selector(".answer").bounding_box()
    assert box is not None and box["y"] < height * 0.6, box  # it starts on the first screen
    text = page.inner_text(".answer")
    assert 1 <= text.count(". ") + 1 and len(text) > 80
    if name != "index":
        assert page.inner_text(".as-of").startswith("Data as of ")
    page.close()


def decode_csv(href: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(base64.b64decode(href.split(",", 1)[1])))


def test_decline_chart_csv_svg_and_data_agree(browser):
    page, _, _ = open_page(browser, REPORTS / "investment-decline.html")
    fig = page.query_selector("#fig-decline-series")
    csv = decode_csv(fig.query_selector("a.csv-link").get_attribute("href"))
    titles = [t.text_content() for t in fig.query_selector_all("svg g[id^='decline-m'] > title")]
    assert len(titles) == len(csv) > 10
    data = pd.read_csv(DATA / "market_totals.csv").set_index("fact_id")
    for row in csv.itertuples():
        src = data.loc[row.fact_id]
        assert (row.amount_original_m, row.original_currency, row.source_id) == (
            src.amount_m,
            src.currency,
            src.source_id,
        )
        assert (row.period_start, row.period_end) == (src.period_start, src.period_end)
        assert (
            sum(
                f"[{row.source_id}]" in t and f"{row.period_start} to {row.period_end}" in t and row.provider in t
                for t in titles
            )
            >= 1
        )
    pb = csv[(csv["fact_id"] == "mt-001")].iloc[0]
    assert any("$24.9B, 1,411 deals" in t and "PitchBook" in t for t in titles) and pb.amount_usd_m == 24900
    page.close()


def test_hostile_strings_render_as_text(browser, tmp_path, data_copy):
    comp = pd.read_csv(data_copy / "companies.csv", dtype=str, keep_default_na=False)
    evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> | **bold** |'
    comp.loc[comp["company_id"] == "moonshot", "name_en"] = evil
    comp.to_csv(data_copy / "companies.csv", index=False)
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, "-m", "helpers", "build", "deal-share", "--data", str(data_copy), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    page, external, errors = open_page(browser, out / "deal-share.html")
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('main script').length") == 0
    assert page.evaluate("[...document.images].filter(i => (i.getAttribute('src') || '') === 'x').length") == 0
    assert evil.split("|")[0].strip() in page.inner_text("main")
    assert external == []
    page.close()


@pytest.mark.parametrize("name", PAGES[1:])
def test_every_number_in_key_findings_links_to_its_source_or_data(browser, name):
    page, _, _ = open_page(browser, REPORTS / f"{name}.html")
    numbers = page.query_selector_all(".findings li strong")
    assert numbers
    for strong in numbers:
        links = strong.evaluate(
            "s => { const n = s.nextElementSibling; return n && n.matches('sup.ref') ? "
            "[...n.querySelectorAll('a')].map(a => a.getAttribute('href')) : [] }"
        )
        assert links, f"{strong.inner_text()!r} has no source link"
        for href in links:
            assert page.query_selector(f"[id='{href[1:]}']") is not None, href
    page.close()


@pytest.mark.parametrize("name", PAGES[1:])
def test_no_warnings_or_tracebacks_reach_readers(name):
    html = (REPORTS / f"{name}.html").read_text()
    assert (
        'data-mime-type="application/vnd.jupyter.stderr"' not in html
        and "Traceback" not in html
        and "Warning:" not in html
    )


VISIBLE_TEXT = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const main = document.querySelector('main') || document.body;
  const skip = el => el.closest('.sources, code, pre, script, style');
  const w = document.createTreeWalker(main, NodeFilter.SHOW_TEXT); let n, out = [];
  while ((n = w.nextNode())) { const p = n.parentElement;
    if (!p || skip(p)) continue;
    const r = p.getBoundingClientRect(); if (r.width === 0 || r.height === 0) continue;
    out.push(n.textContent); }
  return out.join(' ');
}"""
MACHINE = [
    ("snake_case", r"\b[a-z0-9]+_[a-z0-9_]+\b"),
    ("Python literal", r"\b(True|False|None|NaN|nan)\b"),
    ("four or more decimals", r"\d\.\d{4,}"),
]


def data_ids():
    import csv
    import re

    ids = set()
    for f in DATA.glob("*.csv"):
        rows = csv.DictReader(open(f, encoding="utf-8"))
        cols = [c for c in rows.fieldnames or [] if c.endswith("_id")]
        for r in rows:
            ids.update(v for c in cols if (v := (r.get(c) or "").strip()) and re.search(r"\d", v) and "-" in v)
    return ids


@pytest.mark.parametrize("name", PAGES)
def test_visible_text_holds_no_machine_tokens(browser, name):
    import re

    page, _, _ = open_page(browser, REPORTS / f"{name}.html")
    text = page.evaluate(VISIBLE_TEXT)
    page.close()
    hits = [(label, m) for label, pat in MACHINE for m in re.findall(pat, text)]
    ids = data_ids()
    hits += [("data id", t) for t in set(re.findall(r"[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]", text)) if t in ids]
    assert hits == [], hits[:20]


def test_each_headline_entity_has_one_colour_in_every_chart():
    """Every chart that declares its entity colours (data-colors) uses the registry's colour, so a provider
    or investor looks the same in every chart of every report; unregistered entities are grey."""
    import html as html_mod
    import json
    import re
    from helpers.render import charts

    seen: dict[str, set] = {}
    for name in PAGES[1:]:
        page = (REPORTS / f"{name}.html").read_text()
        for _q, attr in re.findall(r"data-colors=(['\"])(.*?)\1", page):
            for label, color in json.loads(html_mod.unescape(attr)).items():
                seen.setdefault(label, set()).add(color)
    assert {"PitchBook", "ITJuzi", "Alibaba", "Tencent"} <= set(seen)
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}
    assert seen["PitchBook"] == {charts.color_for("PitchBook", "provider")}
    assert seen["Alibaba"] == {charts.color_for("alibaba")} != seen["Tencent"]
    assert all(len(set(charts.ENTITY_COLORS[k].values())) == len(charts.ENTITY_COLORS[k]) for k in charts.ENTITY_COLORS)


EVIL = '</title></svg><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">","\u2028{x}'


def _poison_free_text(folder):
    """The first two rows of every free-text column (strings with no enum or pattern) in every table get
    markup that closes an SVG <title>, opens a script and an image, and breaks a CSV cell; each stays valid
    (keys are left alone: they must still resolve)."""
    from helpers.data.validate import read_descriptor

    dp = read_descriptor(folder)
    poisoned = []
    for r in dp["resources"]:
        df = pd.read_csv(folder / r["path"], dtype=str, keep_default_na=False)
        keys = set(r["schema"].get("primaryKey", [])) | {fk["fields"] for fk in r["schema"].get("foreignKeys", [])}
        cols = [
            f["name"]
            for f in r["schema"]["fields"]
            if f.get("type", "string") == "string"
            and f["name"] not in keys
            and not {"enum", "pattern"} & set(f.get("constraints", {}))
        ]
        for c in cols:
            rows = df.index[df[c] != ""][:2]
            df.loc[rows, c] = [f"{v} {EVIL}" for v in df.loc[rows, c]]
            poisoned += [f"{r['name']}.{c}"] if len(rows) else []
        df.to_csv(folder / r["path"], index=False, lineterminator="\n")
    return poisoned


@pytest.mark.slow
def test_hostile_text_in_every_free_text_column_renders_as_text_everywhere(browser, tmp_path, data_copy):
    poisoned = _poison_free_text(data_copy)
    assert len(poisoned) > 30  # notes, titles, names, statements, publishers, providers, editions...
    out = tmp_path / "out"
    for name in PAGES[1:]:
        res = subprocess.run(
            [sys.executable, "-m", "helpers", "build", name, "--data", str(data_copy), "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert res.returncode == 0, (name, res.stderr[-2000:])
    res = subprocess.run(
        [sys.executable, "-m", "helpers", "index", "--data", str(data_copy), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    shown = 0
    for name in PAGES:
        page, external, _ = open_page(browser, out / f"{name}.html")
        shown += "<script>window.__pwned=1</script>" in page.evaluate("document.body.innerText")
        assert page.evaluate("window.__pwned") is None, name
        assert page.evaluate("document.querySelectorAll('main script').length") == 0, name
        assert page.evaluate("[...document.images].filter(i => (i.getAttribute('src') || '') === 'x').length") == 0, (
            name
        )
        # every chart's SVG survived its hover titles: as many <svg> as chart figures
        assert page.evaluate("document.querySelectorAll('figure.chart svg').length") == page.evaluate(
            "document.querySelectorAll('figure.chart').length - document.querySelectorAll('figure.chart .notice').length"
        ), name
        assert external == [], name
        page.close()
    assert shown >= 3  # the markup reaches readers as text, not as elements
