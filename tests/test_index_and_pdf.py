"""The index summarises every report and what changed in the data; each report has a PDF holding its chart titles."""
import re

import pandas as pd
import pypdf
import pytest

from conftest import ROOT
from helpers.build import load_variants
from helpers.changes import diff_tables

REPORTS = ROOT / "reports"


def test_diff_tables_by_primary_key():
    old = pd.DataFrame({"id": ["a", "b", "c"], "v": ["1", "2", "3"]})
    new = pd.DataFrame({"id": ["b", "c", "d"], "v": ["2", "30", "4"]})
    assert diff_tables(old, new, ["id"]) == {"added": ["d"], "removed": ["a"], "changed": ["c"]}


def test_index_lists_every_report_with_findings_and_data_version():
    index = (REPORTS / "index.html").read_text()
    for v in load_variants():
        card = index.split(f'id="report-{v.name}"')[1].split("</section>")[0]
        assert f'href="{v.name}.html"' in card and "STALE" not in card and "NOT BUILT" not in card
        assert re.search(r"data version <code>[0-9a-f]{12}</code>", card)
        assert card.count("<li>") == 3, v.name  # three key findings, computed by the notebook
    assert 'id="changes"' in index


@pytest.mark.parametrize("name", [v.name for v in load_variants()])
def test_pdf_holds_every_chart_title(name):
    pdf = REPORTS / "pdf" / f"{name}.pdf"
    assert pdf.exists(), "run `make pdf`"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    text = re.sub(r"\s+", " ", text.replace("\ufb01", "fi").replace("\ufb02", "fl"))  # undo print ligatures
    html = (REPORTS / f"{name}.html").read_text()
    titles = re.findall(r'<figcaption class="chart-title"><strong>(.*?)</strong>', html)
    assert titles
    for t in titles:
        t = t.replace("&amp;", "&").replace("&#x27;", "'")
        assert re.sub(r"\s+", " ", t) in text, t


def test_changes_against_a_ref_and_with_a_broken_folder(tmp_path):
    from helpers.changes import data_changes
    first = __import__("subprocess").run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.split()[0]
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
