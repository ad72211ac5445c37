"""The build: incremental make rules, atomic replacement, stale marking, recovery, determinism."""

from __future__ import annotations

import json
import re
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, ROOT

REPORTS = ROOT / "reports"
PY = sys.executable


def make(*args, **kw):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def built():
    res = make("reports")
    assert res.returncode == 0, res.stdout + res.stderr
    return REPORTS


def would_build(*args) -> set[str]:
    out = make("-n", "reports", *args).stdout
    return {line.split("helpers build ")[1].split()[0] for line in out.splitlines() if "helpers build " in line}


@pytest.fixture
def touched():
    """Touch files for a dry run, then put their times back so nothing really goes stale."""
    saved = []

    def touch(path: Path):
        st = path.stat()
        saved.append((path, st.st_atime, st.st_mtime))
        os.utime(path, (st.st_atime, time.time() + 5))

    yield touch
    for path, a, m in saved:
        os.utime(path, (a, m))


def test_noop_build_is_up_to_date(built):
    assert make("-q", "reports").returncode == 0
    assert would_build() == set()


def test_touching_one_notebook_rebuilds_only_its_reports(built, touched):
    touched(ROOT / "notebooks" / "2.0-big-tech-deal-share.ipynb")
    assert would_build() == {"deal-share", "deal-share-tencent"}


def test_editing_a_data_file_rebuilds_the_reports_that_read_it(built, touched):
    touched(DATA / "market_totals.csv")
    assert would_build() == {"investment-decline"}
    touched(DATA / "compute_deals.csv")
    assert would_build() == {"investment-decline", "compute-as-capital"}


def test_helpers_change_rebuilds_everything(built, touched):
    touched(ROOT / "src" / "helpers" / "render" / "charts.py")
    assert would_build() == {"investment-decline", "deal-share", "deal-share-tencent", "compute-as-capital"}


def copy_out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(REPORTS, out)
    return out


def build(name, data, out, **kw):
    return subprocess.run(
        [PY, "-m", "helpers", "build", name, "--data", str(data), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        **kw,
    )


def test_failed_build_keeps_previous_report_and_marks_it_stale(built, tmp_path, data_copy):
    out = copy_out(tmp_path)
    before = (out / "investment-decline.html").read_bytes()
    mt = pd.read_csv(data_copy / "market_totals.csv", dtype=str, keep_default_na=False)
    mt.loc[0, "amount_m"] = "-1"
    mt.to_csv(data_copy / "market_totals.csv", index=False)
    res = build("investment-decline", data_copy, out)
    assert res.returncode == 1
    line = [l for l in res.stderr.splitlines() if l.startswith("FAILED")]
    assert len(line) == 1 and "failed.ipynb" in line[0]
    assert re.search(r"FAILED report investment-decline: cell (\d+): DataValidationError: 1 problem", line[0])
    assert (out / "investment-decline.html").read_bytes() == before
    assert (out / ".build" / "investment-decline.failed.ipynb").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    index = (out / "index.html").read_text()
    card = index.split('id="report-investment-decline"')[1].split("</section>")[0]
    assert "STALE" in card and "DataValidationError" in card
    status = json.loads((out / ".build" / "investment-decline.json").read_text())
    failed_nb = json.loads((out / ".build" / "investment-decline.failed.ipynb").read_text())
    assert "load_package" in "".join(failed_nb["cells"][status["failed"]["cell"]]["source"])


def test_killed_build_leaves_report_untouched_and_next_build_recovers(built, tmp_path):
    out = copy_out(tmp_path)
    before = (out / "compute-as-capital.html").read_bytes()
    proc = subprocess.Popen(
        [PY, "-m", "helpers", "build", "compute-as-capital", "--data", str(DATA), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(2.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (out / "compute-as-capital.html").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    res = build("compute-as-capital", DATA, out)
    assert res.returncode == 0, res.stderr
    assert (out / "compute-as-capital.html").read_bytes() == before  # same inputs, same page


def test_concurrent_builds_serialise_and_agree(built, tmp_path):
    out = copy_out(tmp_path)
    (out / "investment-decline.html").unlink()
    procs = [
        subprocess.Popen(
            [PY, "-m", "helpers", "build", "investment-decline", "--data", str(DATA), "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    assert [p.wait() for p in procs] == [0, 0]
    assert (out / "investment-decline.html").read_bytes() == (REPORTS / "investment-decline.html").read_bytes()


def test_build_from_another_data_folder_leaves_reports_alone(built, tmp_path, data_copy):
    before = {p.name: p.stat().st_mtime for p in REPORTS.glob("*.html")}
    out = tmp_path / "other"
    res = make("reports", f"DATA={data_copy}", f"OUT={out}")
    assert res.returncode == 0, res.stderr[-2000:]
    assert {p.name for p in out.glob("*.html")} == set(before)
    assert {p.name: p.stat().st_mtime for p in REPORTS.glob("*.html")} == before


def test_broken_data_folder_fails_cleanly_and_keeps_reports(built, tmp_path, data_copy):
    out = copy_out(tmp_path)
    before = (out / "investment-decline.html").read_bytes()
    (data_copy / "datapackage.json").write_text("{not json")
    res = build("investment-decline", data_copy, out)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "FAILED report investment-decline: before execution: DataValidationError" in res.stderr
    assert (out / "investment-decline.html").read_bytes() == before


def test_a_cell_past_the_timeout_fails_the_report_and_keeps_the_previous_page(built, tmp_path, monkeypatch):
    """NB_TIMEOUT reaches papermill as its execution timeout; a cell that runs past it fails the report in one
    line, keeps the previous page and leaves no running notebook behind."""
    from nbclient.exceptions import CellTimeoutError
    import papermill
    from helpers.build import runner

    out = copy_out(tmp_path)
    before = (out / "compute-as-capital.html").read_bytes()
    seen = {}

    def hung(*args, **kw):
        seen.update(kw)
        raise CellTimeoutError("A cell timed out while it was being executed, after 7 seconds.")

    monkeypatch.setattr(papermill, "execute_notebook", hung)
    monkeypatch.setenv("NB_TIMEOUT", "7")
    assert runner.build_one("compute-as-capital", DATA, out) == 1
    assert seen["execution_timeout"] == 7
    assert (out / "compute-as-capital.html").read_bytes() == before
    assert not list((out / ".build").glob(".*.running.ipynb"))
    status = json.loads((out / ".build" / "compute-as-capital.json").read_text())
    assert status["failed"]["error"].startswith("CellTimeoutError")
    monkeypatch.setenv("NB_TIMEOUT", "soon")
    with pytest.raises(SystemExit, match="NB_TIMEOUT='soon' is not allowed"):
        runner.cell_timeout()


def test_a_new_helper_module_rebuilds_every_report(built):
    """make reads the helper list when it runs (never a list frozen in variants.mk), as the index's hash does."""
    probe = ROOT / "src" / "helpers" / "analysis" / "zz_probe_module.py"
    try:
        probe.write_text("# a module added after the fragment was written\n")
        assert would_build() == {"investment-decline", "deal-share", "deal-share-tencent", "compute-as-capital"}
    finally:
        probe.unlink()
    assert would_build() == set()


def test_renaming_a_report_changes_its_stamp_and_its_hash(tmp_path, monkeypatch):
    """The variant stamp make depends on holds the title as well as the parameters, and so does the input
    hash the index compares: a renamed report is rebuilt and never shown as current."""
    import dataclasses
    from helpers.build import runner

    variants = runner.load_variants()
    runner.makefile_fragment(DATA, tmp_path)
    stamp = tmp_path / ".build" / "params" / f"{variants[0].name}.json"
    before, hash_before = stamp.read_text(), runner.input_hash(variants[0], DATA)
    renamed = [dataclasses.replace(variants[0], title="Another title")] + variants[1:]
    monkeypatch.setattr(runner, "load_variants", lambda: renamed)
    runner.makefile_fragment(DATA, tmp_path)
    assert json.loads(stamp.read_text())["title"] == "Another title" and stamp.read_text() != before
    assert runner.input_hash(renamed[0], DATA) != hash_before
