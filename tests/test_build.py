"""The build: incremental make rules, atomic replacement, stale marking, recovery, determinism."""

from __future__ import annotations

import json
import re
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, ROOT

REPORTS = ROOT / "reports"
DOSSIERS = {f"dossier-{c}" for c in ("zhipu", "moonshot", "minimax", "baichuan", "01ai", "stepfun", "deepseek")}
PY = sys.executable


def _clone() -> Path:
    """A temporary copy of the working tree (tracked and untracked files, not ignored ones, plus the built
    reports), with times kept so make sees the same up-to-date state. It reuses the project's environment
    through a link and fresh stamps passed on make's command line, so make never installs a second
    environment nor touches the real one; PYTHONPATH puts the copy's src/ first for every process."""
    dst = Path(tempfile.mkdtemp(prefix="helpers-clone-")) / "project"
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        if (ROOT / rel).is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dst / rel)
    if REPORTS.exists():
        shutil.copytree(REPORTS, dst / "reports", dirs_exist_ok=True, copy_function=shutil.copy2)
    for env in (".venv", ".conda-env"):
        if (ROOT / env).exists():
            (dst / env).symlink_to(ROOT / env)
    (dst / "build").mkdir(exist_ok=True)
    for stamp in ("env-stamp", "sysdeps-stamp"):
        (dst / "build" / stamp).touch()
    return dst


CLONE = None


def clone() -> Path:
    global CLONE
    if CLONE is None:
        CLONE = _clone()
    return CLONE


def make(*args, **kw):
    where = clone()
    stamps = [f"ENV_STAMP={where / 'build' / 'env-stamp'}", f"SYSDEPS_STAMP={where / 'build' / 'sysdeps-stamp'}"]
    env = {**os.environ, "PYTHONPATH": str(where / "src")}
    return subprocess.run(
        ["make", "--no-print-directory", *stamps, *args], cwd=where, capture_output=True, text=True, env=env, **kw
    )


@pytest.fixture(scope="module")
def built():
    res = make("reports")
    assert res.returncode == 0, res.stdout + res.stderr
    yield REPORTS
    shutil.rmtree(clone().parent, ignore_errors=True)


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
    touched(clone() / "notebooks" / "2.0-big-tech-deal-share.ipynb")
    assert would_build() == {"deal-share", "deal-share-tencent"}


def test_editing_a_data_file_rebuilds_the_reports_that_read_it(built, touched):
    touched(clone() / "data" / "market_totals.csv")
    assert would_build() == {"investment-decline"}
    touched(clone() / "data" / "compute_deals.csv")
    # the company dossiers read compute_deals too (their Compute section)
    assert would_build() == {"investment-decline", "compute-as-capital"} | DOSSIERS


def test_helpers_change_rebuilds_everything(built, touched):
    touched(clone() / "src" / "helpers" / "render" / "charts.py")
    assert would_build() == {"investment-decline", "deal-share", "deal-share-tencent", "compute-as-capital"} | DOSSIERS


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
    """SIGKILL at the worst moment: the new page is written to its temporary file and not yet renamed (a
    test-only pause holds the build there). The old page stays whole; the next build removes the temporary
    file, the running notebook and the kernel's files, and writes the page again."""
    from helpers.build import runner

    out = copy_out(tmp_path)
    page = out / "compute-as-capital.html"
    page.write_bytes(page.read_bytes() + b"<!-- older -->")
    before = page.read_bytes()
    flag = tmp_path / "paused"
    proc = subprocess.Popen(
        [PY, "-m", "helpers", "build", "compute-as-capital", "--data", str(DATA), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, runner.PAUSE_ENV: f"compute-as-capital.html={flag}"},
    )
    deadline = time.monotonic() + 120
    while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert flag.exists(), "the build never reached the pause before the rename"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert page.read_bytes() == before
    assert [p.name.split(".")[1:3] for p in out.glob(".*.tmp")] == [["compute-as-capital", "html"]]
    # what the kill left: a running notebook and a kernel folder (the kernel's sockets and connection file)
    (out / ".build" / ".compute-as-capital.running.ipynb").write_text("{}")
    kernel_dir = Path(tempfile.mkdtemp(prefix=runner._kernel_prefix("compute-as-capital", out)))
    (kernel_dir / "kernel.json").write_text("{}")
    other = Path(tempfile.mkdtemp(prefix=runner._kernel_prefix("compute-as-capital-other", out)))
    res = build("compute-as-capital", DATA, out)
    assert res.returncode == 0, res.stderr
    assert "left by a build that was killed" in res.stdout
    assert not list(out.glob(".*.tmp")) and not list((out / ".build").glob(".*running*"))
    assert not kernel_dir.exists() and other.exists()  # another report's kernel folder is not touched
    other.rmdir()
    assert page.read_bytes() == (REPORTS / "compute-as-capital.html").read_bytes()  # same inputs, same page


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
    before = {p.name: p.stat().st_mtime for p in (clone() / "reports").glob("*.html")}
    out = tmp_path / "other"
    res = make("reports", f"DATA={data_copy}", f"OUT={out}")
    assert res.returncode == 0, res.stderr[-2000:]
    assert {p.name for p in out.glob("*.html")} == set(before)
    assert {p.name: p.stat().st_mtime for p in (clone() / "reports").glob("*.html")} == before


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
    probe = clone() / "src" / "helpers" / "analysis" / "zz_probe_module.py"
    try:
        probe.write_text("# a module added after the fragment was written\n")
        assert (
            would_build() == {"investment-decline", "deal-share", "deal-share-tencent", "compute-as-capital"} | DOSSIERS
        )
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


def test_make_lab_starts_jupyterlab_and_serves_a_notebook(built):
    """`make lab` as a researcher runs it (as root in a container too): the server comes up and loads a
    notebook of the project through its contents API, and the JupyterLab page itself."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    where = clone()
    args = f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token=t --ServerApp.port_retries=0"
    stamps = [f"ENV_STAMP={where / 'build' / 'env-stamp'}", f"SYSDEPS_STAMP={where / 'build' / 'sysdeps-stamp'}"]
    proc = subprocess.Popen(
        ["make", "--no-print-directory", *stamps, "lab", args],
        cwd=where,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(where / "src"), "JUPYTER_RUNTIME_DIR": str(where / "build" / "rt")},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, nb = time.monotonic() + 90, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"{base}/api/contents/1.0-investment-decline.ipynb?token=t"
                with urllib.request.urlopen(url, timeout=5) as r:
                    nb = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.5)
        assert nb is not None, "JupyterLab did not serve the notebook"
        assert nb["type"] == "notebook" and any(
            "parameters" in c["metadata"].get("tags", []) for c in nb["content"]["cells"]
        )
        with urllib.request.urlopen(f"{base}/lab?token=t", timeout=10) as r:
            assert r.status == 200 and b"JupyterLab" in r.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
