"""The index summarises every report and what changed in the data; each report has a PDF holding its chart titles."""

import html
import json
import re

import pandas as pd
import pypdf
import pytest

from conftest import ROOT
from helpers.build.runner import load_variants
from helpers.build.changes import diff_tables

REPORTS = ROOT / "reports"


def test_diff_tables_by_primary_key():
    old = pd.DataFrame({"id": ["a", "b", "c"], "v": ["1", "2", "3"]})
    new = pd.DataFrame({"id": ["b", "c", "d"], "v": ["2", "30", "4"]})
    assert diff_tables(old, new, ["id"]) == {"added": ["d"], "removed": ["a"], "changed": ["c"]}


def test_index_lists_every_report_with_its_answer_and_build_details_in_the_footer():
    index = (REPORTS / "index.html").read_text()
    for v in load_variants():
        card = index.split(f'id="report-{v.name}"')[1].split("</section>" if v.index == "card" else "</tr>")[0]
        assert f'href="{v.name}.html"' in card and "STALE" not in card and "NOT BUILT" not in card
        if v.index == "card":
            assert 'class="card-answer"' in card
        else:  # one row of its notebook's table: the link, then the first answer sentence in the next cell
            first = json.loads((REPORTS / ".build" / f"{v.name}.json").read_text())["answer"][0]
            assert f"<td>{html.escape(first)}</td>" in card
    tables = re.findall(r'<table class="reports">.*?</table>', index, re.S)
    assert len(tables) == 1 and len(re.findall(r'<tr id="report-dossier-', tables[0])) == 7  # one table, not 7 cards
    footer = index.split("<footer>")[1]
    assert len(re.findall(r"data version [0-9a-f]{12}", footer)) == len(load_variants())
    assert "data version" not in index.split("<footer>")[0]  # build metadata stays out of the reader's way
    assert 'id="changes"' in index


NUMBER = re.compile(r"[~≥≤]?[$€]?(?:CN¥|HK\$)?\d[\d,.]*(?:k|M|B|T|%)?")


def visible_answer(name):
    page = (REPORTS / f"{name}.html").read_text()
    block = page.split('<div class="answer"', 1)[1].split("</div>", 1)[0]
    return re.sub(r"<sup.*?</sup>", "", re.sub(r"\s+", " ", block))


def test_every_number_in_the_index_answer_is_in_the_linked_report():
    index = (REPORTS / "index.html").read_text()
    answer = index.split('<div class="answer">', 1)[1].split("</div>", 1)[0]
    items = re.findall(r'<li><a href="([a-z0-9-]+)\.html">.*?</a>: (.*?)</li>', answer)
    firsts = list({v.notebook: v.name for v in reversed(load_variants())}.values())[::-1]
    assert [n for n, _ in items] == firsts  # reading order, one per narrative
    for name, text in items:
        report = html.unescape(re.sub(r"<[^>]+>", "", visible_answer(name)))
        nums = NUMBER.findall(html.unescape(text))
        assert nums, name
        for n in nums:
            assert n in report, (name, n)


@pytest.mark.parametrize("name", [v.name for v in load_variants()])
def test_pdf_holds_every_chart_title(name):
    pdf = REPORTS / "pdf" / f"{name}.pdf"
    assert pdf.exists(), "run `make pdf`"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    text = re.sub(r"\s+", " ", text.replace("\ufb01", "fi").replace("\ufb02", "fl"))  # undo print ligatures
    html = (REPORTS / f"{name}.html").read_text()
    titles = re.findall(r'<figcaption class="chart-title"><strong>(.*?)</strong>', html)
    assert titles or "so there is no step-up to draw" in html  # a dossier with no valuation draws no chart
    for t in titles:
        t = t.replace("&amp;", "&").replace("&#x27;", "'")
        assert re.sub(r"\s+", " ", t) in text, t


def test_changes_against_a_ref_and_with_a_broken_folder(tmp_path):
    from helpers.build.changes import data_changes

    first = (
        __import__("subprocess")
        .run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        .stdout.split()[0]
    )
    ch = data_changes(ROOT / "data", first)
    assert ch["baseline"] == first and "rounds" in ch["tables"] and len(ch["tables"]["rounds"]["added"]) > 0
    assert "outside the repository" in data_changes(tmp_path, first)["reason"]
    broken = ROOT / "build" / "test-broken-data"  # inside the repository (build/ is ignored by git)
    broken.mkdir(parents=True, exist_ok=True)
    try:
        (broken / "datapackage.json").write_text("{")
        assert data_changes(broken, first)["reason"] == "the data folder cannot be read (descriptor-json)"
    finally:
        __import__("shutil").rmtree(broken)
    assert data_changes(ROOT / "data", "no-such-ref")["reason"] == "git ref 'no-such-ref' not found"


@pytest.mark.parametrize("name", [v.name for v in load_variants()])
def test_no_pdf_page_is_empty_or_holds_only_a_heading_or_caption(name):
    """Each printed page carries body text beyond its footer, headings and table or chart captions."""
    page_html = (REPORTS / f"{name}.html").read_text()
    labels = {
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", t))).strip().rstrip("¶").strip()
        for t in re.findall(
            r"<(?:h[1-3]|caption|figcaption)[^>]*>(.*?)</(?:h[1-3]|caption|figcaption)>", page_html, re.S
        )
    }
    for i, page in enumerate(pypdf.PdfReader(REPORTS / "pdf" / f"{name}.pdf").pages, 1):
        lines = [re.sub(r"\s+", " ", x).strip() for x in (page.extract_text() or "").splitlines()]
        body = [x for x in lines if x and " · page " not in x]
        assert body, f"page {i} is empty"
        assert not all(x in labels for x in body), f"page {i} holds only {body}"


def test_releases_file_sets_the_baseline_and_findings_changes(monkeypatch):
    from helpers.build import changes

    monkeypatch.delenv("BASELINE", raising=False)
    rel = changes.releases()
    last = changes.last_release()
    assert rel["current"] and last and str(last["version"]) != str(rel["current"]) and len(last["commit"]) == 40
    assert changes.default_baseline() == last["commit"]
    items = changes.finding_changes(
        last["commit"], [{"name": "deal-share", "title": "T", "answer": ["a"], "findings": ["b"]}]
    )
    assert items[0]["old"] is None and items[0]["new"] == ["a", "b"] and items[0]["reason"]  # no snapshots at 0.1.0
    index = (REPORTS / "index.html").read_text()
    assert f"since release {last['version']}" in index and 'id="finding-changes"' in index


def test_only_reports_whose_page_changed_are_printed_again(tmp_path):
    """A PDF newer than its page is up to date; an older or missing one is due; a missing page is an error."""
    import os
    from types import SimpleNamespace
    from helpers.build import pdf

    (tmp_path / "pdf").mkdir()
    vs = [SimpleNamespace(name=n) for n in ("a", "b", "c")]
    for n in ("a", "b", "c"):
        (tmp_path / f"{n}.html").write_text("<p>page</p>")
    for n, age in (("a", 10), ("b", -10)):  # a's PDF is newer than its page, b's older; c has none
        (tmp_path / "pdf" / f"{n}.pdf").write_bytes(b"%PDF")
        t = (tmp_path / f"{n}.html").stat().st_mtime + age
        os.utime(tmp_path / "pdf" / f"{n}.pdf", (t, t))
    assert [v.name for v in pdf.due(tmp_path, vs)] == ["b", "c"]
    (tmp_path / "c.html").unlink()
    with pytest.raises(FileNotFoundError, match="c.html is missing"):
        pdf.due(tmp_path, vs)
