"""Shared fixtures: the project paths, a hand-made mini data package, corrupted copies of data/."""

from __future__ import annotations

import copy
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths
from helpers.data.descriptor import write_descriptor
from helpers.data.validate import read_descriptor

ROOT = paths.ROOT
DATA = paths.DATA


def write_package(folder: Path, tables: dict[str, list[dict]]) -> Path:
    """A data folder with the real descriptor; tables not given are written header-only."""
    folder.mkdir(parents=True, exist_ok=True)
    dp = read_descriptor(DATA)
    write_descriptor(folder, dp)
    for r in dp["resources"]:
        cols = [f["name"] for f in r["schema"]["fields"]]
        rows = tables.get(r["name"], [])
        pd.DataFrame(rows, columns=cols).to_csv(folder / r["path"], index=False, lineterminator="\n")
    return folder


_LOADED: dict[tuple, object] = {}


def load_once(folder: Path, tables: list[str] | None = None):
    """`load_package`, validated once per distinct folder content and table list in a process.

    Analysis tests load the same packages again and again; under mutation testing each mutant re-runs them
    in a fork of the process that ran them first, so a cache here saves the validation every time. Tests of
    the validator call `load_package` itself. Each call returns its own copy: a test may change its frames.
    """
    from helpers import load_package

    digest = hashlib.sha256()
    for f in sorted(Path(folder).iterdir()):
        if f.is_file():
            digest.update(f.name.encode() + b"\0" + f.read_bytes())
    key = (digest.hexdigest(), tuple(tables) if tables is not None else None)
    if key not in _LOADED:
        _LOADED[key] = load_package(folder, tables=tables)
    return copy.deepcopy(_LOADED[key])


# Files whose tests need built reports, a browser, papermill or make: `make check` leaves them out.
SLOW_FILES = {
    "test_build.py",
    "test_headlines.py",
    "test_index_and_pdf.py",
    "test_notebooks.py",
    "test_robustness.py",
    "test_snapshots.py",
}
BROWSER_FILES = {"test_reports_browser.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        name = Path(str(item.fspath)).name
        if name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
        if name in BROWSER_FILES:
            item.add_marker(pytest.mark.browser)


S = "fx-src"


def mini_tables() -> dict[str, list[dict]]:
    """A tiny package whose deal-share answers are worked out by hand in test_dealshare.py.

    Rounds (USD unless said): r1 c1 2023-03 100 (alibaba-cloud lead, vc1); r2 c2 2024-02 700 CNY = 100 USD at
    7.0 (alibaba, tencent); r3 c2 2024-06 undisclosed (tencent); r4 c1 2024-08 >=300 lower bound
    (alibaba-cloud, tencent-investment); r5 c3 (a chip firm) 2024-09 50 (state1); r6 c2 2024-10 200 (vc1).
    baidu is a big-tech group with no rounds.
    """
    src = [
        {
            "source_id": s,
            "publisher": f"Pub {s}",
            "title": f"Title {s}",
            "url": f"https://example.org/{s}",
            "published": "2024-12-01",
            "language": "en",
            "kind": "news",
        }
        for s in ("s1", "s2", S)
    ]
    comp = [
        {"company_id": "c1", "name_en": "Model One", "name_zh": "模型一", "segment": "foundation_model"},
        {"company_id": "c2", "name_en": "Model Two", "segment": "foundation_model"},
        {"company_id": "c3", "name_en": "Chip Three", "segment": "ai_chip"},
    ]
    inv = [
        {"investor_id": "alibaba", "name_en": "Alibaba Group", "kind": "big_tech"},
        {"investor_id": "alibaba-cloud", "name_en": "Alibaba Cloud", "kind": "big_tech", "parent_id": "alibaba"},
        {"investor_id": "tencent", "name_en": "Tencent", "kind": "big_tech"},
        {
            "investor_id": "tencent-investment",
            "name_en": "Tencent Investment",
            "kind": "big_tech",
            "parent_id": "tencent",
        },
        {"investor_id": "baidu", "name_en": "Baidu", "kind": "big_tech"},
        {"investor_id": "vc1", "name_en": "VC One", "kind": "vc_usd"},
        {"investor_id": "state1", "name_en": "State Fund", "kind": "state_fund"},
    ]

    def rnd(rid, c, date, stage, amt, cur="USD", q="exact", post=None):
        d = {
            "round_id": rid,
            "company_id": c,
            "announced": date,
            "date_precision": "day",
            "stage": stage,
            "payment": "unknown",
            "headline_source_id": "s1",
            "grade": "official",
        }
        if amt is not None:
            d.update(amount_m=amt, currency=cur, qualifier=q)
        if post is not None:
            d.update(post_money_m=post, valuation_currency="USD", valuation_qualifier="exact")
        return d

    rounds = [
        rnd("r1", "c1", "2023-03-01", "a", 100, post=500),
        rnd("r2", "c2", "2024-02-10", "a", 700, "CNY"),
        rnd("r3", "c2", "2024-06-01", "b", None),
        rnd("r4", "c1", "2024-08-01", "c", 300, q="lower_bound", post=2000),
        rnd("r5", "c3", "2024-09-01", "a", 50),
        rnd("r6", "c2", "2024-10-01", "b", 200),
    ]
    rp = [
        ("r1", "alibaba-cloud", "lead"),
        ("r1", "vc1", "participant"),
        ("r2", "alibaba", "lead"),
        ("r2", "tencent", "participant"),
        ("r3", "tencent", "lead"),
        ("r4", "alibaba-cloud", "lead"),
        ("r4", "tencent-investment", "participant"),
        ("r5", "state1", "lead"),
        ("r6", "vc1", "lead"),
    ]
    parts = [{"round_id": r, "investor_id": i, "role": role, "source_id": "s2"} for r, i, role in rp]
    fx = [
        {"period": p, "currency": "CNY", "per_usd": 7.0, "days": 20, "source_id": S}
        for p in ("2023", "2024", "2023-03", "2024-02", "2024-06", "2024-08", "2024-09", "2024-10")
    ]
    fx += [{"period": p, "currency": "HKD", "per_usd": 7.8, "days": 20, "source_id": S} for p in ("2023", "2024")]
    return {
        "sources": src,
        "companies": comp,
        "investors": inv,
        "rounds": rounds,
        "round_participants": parts,
        "fx_rates": fx,
    }


@pytest.fixture
def mini(tmp_path) -> Path:
    return write_package(tmp_path / "mini", mini_tables())


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ to corrupt."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst
