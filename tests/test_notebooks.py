"""Notebooks in git: no outputs, one parameters cell of plain defaults, variants that match what notebooks declare."""

import ast
import json

import papermill
import pytest

from conftest import ROOT
from helpers.build.runner import load_variants

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(nb):
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(nb):
    dirty = [
        i
        for i, c in enumerate(cells(nb))
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"{nb.name}: cells {dirty} carry outputs; run `make strip`"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_of_plain_assignments(nb):
    tagged = [c for c in cells(nb) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    tree = ast.parse("".join(tagged[0]["source"]))
    assert all(
        isinstance(s, ast.Assign) and isinstance(s.value, (ast.Constant, ast.List, ast.UnaryOp)) for s in tree.body
    ), "the parameters cell must hold literal defaults only (derive values in the next cell)"
    names = {t.id for s in tree.body for t in s.targets}
    assert "data_dir" in names


def test_variants_set_only_declared_parameters():
    variants = load_variants()
    assert len({v.name for v in variants}) == len(variants)
    for v in variants:
        declared = papermill.inspect_notebook(str(v.notebook))
        assert set(v.parameters) <= set(declared), (v.name, set(v.parameters) - set(declared))
    share = [v for v in variants if "deal-share" in v.name]
    # one comparative report on the notebook's defaults, one single-investor variant on the same definitions
    assert [v.parameters.get("investors") for v in share] == [None, ["tencent"]]


def test_the_text_view_of_a_notebook_holds_every_cell_in_order():
    """scripts/nb_as_text.py (the git diff driver): one `# %%` block per cell, in order, with its id, tags and
    every source line (prose behind `# `)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("nb_as_text", ROOT / "scripts" / "nb_as_text.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "id": "a",
                "metadata": {"tags": ["notebook-only"]},
                "source": ["# Title\n", "\n", "text"],
            },
            {"cell_type": "code", "id": "b", "metadata": {"tags": ["parameters"]}, "source": ["x = 1\n", "y = 2"]},
            {"cell_type": "code", "id": "c", "metadata": {}, "source": []},
        ]
    }
    assert mod.as_text(nb) == (
        "# %% [markdown] id=a tags=notebook-only\n# # Title\n#\n# text\n\n"
        "# %% id=b tags=parameters\nx = 1\ny = 2\n\n"
        "# %% id=c\n\n"
    )
