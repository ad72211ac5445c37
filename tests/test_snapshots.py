"""Findings under review: each built report's answer and key findings equal its committed snapshot.

A failure means a published sentence changed. If the change is intended, run `make snapshot` and
commit the new snapshot with the hand-worked test that justifies it (see scripts/snapshot.py).
"""

import json

import pytest

from conftest import ROOT
from helpers.build.runner import load_variants

STATE = ROOT / "reports" / ".build"


@pytest.mark.parametrize("name", [v.name for v in load_variants()])
def test_findings_match_their_snapshot(name):
    snap = json.loads((ROOT / "tests" / "snapshots" / f"{name}.json").read_text(encoding="utf-8"))
    built = json.loads((STATE / f"{name}.json").read_text())
    assert built.get("answer", []) == snap["answer"]
    assert built.get("findings", []) == snap["findings"]
