"""`make bench`: build and validation timings, medians over several runs, into bench/results.json.

Benchmarks are not tests: nothing here asserts a time. Run by hand from an existing environment
after `make reports`; commit bench/results.json when a change affects speed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# Synthetic sizes (rounds): BENCH_SCALES=10k,100k to skip the 1M point (about 10 minutes on 2 cores).
_SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
SCALES = [(_SIZES[x], x) for x in os.environ.get("BENCH_SCALES", "10k,100k,1M").split(",")]
SCALED_NOTEBOOKS = ("investment-decline", "deal-share", "compute-as-capital")


def timed(cmd: list[str], **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def median(fn, runs=RUNS) -> float:
    return round(statistics.median(fn() for _ in range(runs)), 3)


def peak(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `cmd` and every process it waited for (the kernel included)."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PY, "-c", probe, *cmd], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def parse_floor(folder: Path, runs: int = RUNS) -> float:
    """Seconds to read every CSV of `folder` as text and factorize each column, the least work any pandas
    validator or report does per cell: its growth from 10k to 1M rows is the floor the notebooks' growth is
    measured against (hash tables and string objects outgrow the CPU caches, so it is not 10x on every
    machine). Best of `runs`, in this process."""

    def once():
        t = time.perf_counter()
        for f in sorted(folder.glob("*.csv")):
            frame = pd.read_csv(f, dtype=object, keep_default_na=False, na_values=[""])
            for c in frame.columns:
                pd.factorize(frame[c].to_numpy())
        return time.perf_counter() - t

    return round(min(once() for _ in range(runs)), 3)


def notebook_run(name: str, data: Path, out: Path, runs: int = RUNS) -> tuple[float, float]:
    runs = [peak([PY, "-m", "helpers", "build", name, "--data", str(data), "--out", str(out)]) for _ in range(runs)]
    return round(statistics.median(r[0] for r in runs), 3), round(max(r[1] for r in runs), 1)


def main() -> int:
    res: dict[str, float] = {}
    reports = ROOT / "reports"

    def cold():
        for p in reports.glob("*.html"):
            p.unlink()
        shutil.rmtree(reports / ".build", ignore_errors=True)
        return timed(["make", "-j2", "reports"])

    res["cold_build_s"] = median(cold)
    res["noop_build_s"] = median(lambda: timed(["make", "reports"]), runs=5)

    def one():
        (ROOT / "notebooks" / "1.0-investment-decline.ipynb").touch()
        return timed(["make", "reports"])

    res["one_notebook_rebuild_s"] = median(one)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in ("investment-decline", "deal-share", "compute-as-capital"):
            s, mb = notebook_run(name, ROOT / "data", tmp / "out")
            key = name.replace("-", "_")
            res[f"notebook_{key}_s"], res[f"notebook_{key}_mb"] = s, mb
        for n, label in SCALES:
            folder = tmp / f"syn{label}"
            res[f"synth_{label}_s"] = round(
                timed([PY, "-m", "helpers", "synth", "--rounds", str(n), "--out", str(folder)]), 3
            )
            runs = 1 if n >= 1_000_000 else RUNS
            res[f"parse_floor_{label}_s"] = parse_floor(folder)
            v = [peak([PY, "-m", "helpers", "validate", "-q", str(folder)]) for _ in range(runs)]
            res[f"validate_{label}_s"] = round(statistics.median(x[0] for x in v), 3)
            res[f"validate_{label}_mb"] = round(max(x[1] for x in v), 1)
            if label == "100k":
                res["frictionless_100k_s"] = round(
                    timed([str(Path(PY).parent / "frictionless"), "validate", str(folder / "datapackage.json")]), 3
                )
            for name in SCALED_NOTEBOOKS:
                s, mb = notebook_run(name, folder, tmp / f"out{label}", runs)
                key = name.replace("-", "_")
                res[f"notebook_{key}_{label}_s"], res[f"peak_rss_{key}_{label}_mb"] = s, mb
            res[f"html_bytes_max_{label}"] = max(p.stat().st_size for p in (tmp / f"out{label}").glob("*.html"))
            shutil.rmtree(folder)
        labels = [label for _, label in SCALES]
        if {"10k", "100k", "1M"} <= set(labels):
            # Linear cost: the time above the 10k run grows with the rows, (t1M - t10k) <= 12 (t100k - t10k).
            for key in ["parse_floor", "validate"] + [f"notebook_{n.replace('-', '_')}" for n in SCALED_NOTEBOOKS]:
                t = {label: res[f"{key}_{label}_s"] for label in ("10k", "100k", "1M")}
                res[f"{key}_growth_1M_over_100k"] = round((t["1M"] - t["10k"]) / max(t["100k"] - t["10k"], 1e-3), 1)
    res["validate_speedup_vs_frictionless_100k"] = round(res["frictionless_100k_s"] / res["validate_100k_s"], 1)
    res["html_bytes_max"] = max(p.stat().st_size for p in reports.glob("*.html"))
    if os.environ.get("BENCH_TEST", "1") == "1":
        res["test_s"] = round(timed(["make", "test"]), 1)
    res["machine"] = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    res["runs"] = RUNS
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "results.json").write_text(json.dumps(res, indent=1) + "\n")
    width = max(map(len, res))
    print("\n".join(f"{k:<{width}}  {v}" for k, v in res.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
