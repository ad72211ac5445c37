"""Notebooks tell the story: few code lines outside the parameters cell, none over 100 characters, no year or
entity literal outside the parameters cell, readable module names, imports at the top, and the notebook's
headings equal its report's headings in order."""

import json
import re

import pytest

from conftest import ROOT
from helpers.build.runner import load_variants

REPORTS = ROOT / "reports"
DONE = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def code_lines(nb):
    for c in nb["cells"]:
        if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", []):
            yield from (x for x in "".join(c["source"]).splitlines() if x.strip() and not x.strip().startswith("#"))


def check(name):
    nb = json.loads((ROOT / "notebooks" / name).read_text())
    lines = list(code_lines(nb))
    assert len(lines) <= 40, len(lines)
    assert max(map(len, lines)) <= 100
    literals = [
        x for x in lines if re.search(r"\b(19|20)\d\d\b", x) or re.search(r'"(alibaba|tencent|moonshot|zhipu)"', x)
    ]
    assert literals == []
    assert not [x for x in lines if re.search(r"\bimport \w+ as [A-Z]{1,2}\b", x)]
    first_code = next(
        c for c in nb["cells"] if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", [])
    )
    imports = [x for x in lines if re.match(r"(from \S+ )?import ", x)]
    assert all(x in "".join(first_code["source"]) for x in imports)  # imports at the top


@pytest.mark.parametrize("name", DONE)
def test_notebook_tells_the_story(name):
    check(name)


def test_shape_check_rejects_a_long_notebook_with_literals(tmp_path, monkeypatch):
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": ["x = 1\n"] * 41}]}
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "bad.ipynb").write_text(json.dumps(nb))
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    with pytest.raises(AssertionError):
        check("bad.ipynb")
    nb["cells"][0]["source"] = ["y = rows[rows.year == 2024]\n"]
    (tmp_path / "notebooks" / "bad.ipynb").write_text(json.dumps(nb))
    with pytest.raises(AssertionError):
        check("bad.ipynb")


@pytest.mark.slow
@pytest.mark.parametrize("variant", [v for v in load_variants() if v.notebook.name in DONE], ids=lambda v: v.name)
def test_notebook_headings_equal_report_headings(variant):
    nb = json.loads(variant.notebook.read_text())
    heads = [
        m
        for c in nb["cells"]
        if c["cell_type"] == "markdown" and "notebook-only" not in c["metadata"].get("tags", [])
        for m in re.findall(r"^#{2,3} (.+)$", "".join(c["source"]), re.M)
    ]
    page = (REPORTS / f"{variant.name}.html").read_text()
    shown = [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r'<h[23] id="[^"]+">(.*?)<a class="anchor-link"', page)
    ]
    assert [h for h in shown if h != "Contents"] == heads
