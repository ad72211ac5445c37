"""What changed in a data folder against a baseline git ref: rows added, removed or changed per table."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data.validate import DataValidationError, read_descriptor


def _git(*args: str) -> str | None:
    try:
        res = subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return res.stdout if res.returncode == 0 else None


def releases() -> dict:
    """RELEASES.yaml: the current version and the recorded releases (version, commit, date, note)."""
    import yaml

    f = paths.ROOT / "RELEASES.yaml"
    return yaml.safe_load(f.read_text(encoding="utf-8")) if f.exists() else {"current": None, "releases": []}


def last_release() -> dict | None:
    """The latest recorded release before the current version that names a commit."""
    rel = releases()
    done = [r for r in rel.get("releases", []) if r.get("commit") and str(r.get("version")) != str(rel.get("current"))]
    return done[-1] if done else None


def default_baseline() -> str | None:
    """The BASELINE environment variable, else the last release's commit (RELEASES.yaml), else None."""
    if os.environ.get("BASELINE"):
        return os.environ["BASELINE"]
    last = last_release()
    return str(last["commit"]) if last else None


def finding_changes(baseline: str | None, rows: list[dict]) -> list[dict]:
    """Per report: its answer and findings at the baseline (tests/snapshots there) against this build, with the
    current release's stated reason."""
    rel = releases()
    current = next((r for r in rel.get("releases", []) if str(r.get("version")) == str(rel.get("current"))), {})
    reasons = current.get("reasons") or {}
    out = []
    for row in rows:
        new = list(row.get("answer") or []) + list(row.get("findings") or [])
        old_text = _git("show", f"{baseline}:tests/snapshots/{row['name']}.json") if baseline else None
        if old_text is None:
            out.append(
                {
                    "name": row["name"],
                    "title": row.get("title", row["name"]),
                    "old": None,
                    "new": new,
                    "reason": reasons.get(row["name"], ""),
                }
            )
            continue
        import json

        snap = json.loads(old_text)
        old = list(snap.get("answer", [])) + list(snap.get("findings", []))
        out.append(
            {
                "name": row["name"],
                "title": row.get("title", row["name"]),
                "reason": reasons.get(row["name"], ""),
                "removed": [x for x in old if x not in new],
                "added": [x for x in new if x not in old],
                "old": old,
            }
        )
    return out


def diff_tables(old: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> dict:
    o, n = old.set_index(key), new.set_index(key)
    added = n.index.difference(o.index)
    removed = o.index.difference(n.index)
    common = n.index.intersection(o.index)
    cols = [c for c in n.columns if c in o.columns]
    a, b = o.loc[common, cols].sort_index(), n.loc[common, cols].sort_index()
    changed = a.index[(a.fillna("") != b.fillna("")).any(axis=1).to_numpy()] if len(common) else a.index
    fmt = lambda idx: ["|".join(map(str, k)) if isinstance(k, tuple) else str(k) for k in idx]  # noqa: E731
    return {"added": fmt(added), "removed": fmt(removed), "changed": fmt(changed)}


def data_changes(data_dir: Path, baseline: str | None) -> dict:
    """Per table, keys added, removed and changed since `baseline`; or a reason there is no comparison."""
    if not baseline:
        return {"baseline": None, "reason": "no release tag yet and no BASELINE given"}
    data_dir = Path(data_dir).resolve()
    try:
        rel = data_dir.relative_to(paths.ROOT)
    except ValueError:
        return {
            "baseline": baseline,
            "reason": f"data folder {data_dir} is outside the repository, so it has no history to compare",
        }
    if _git("rev-parse", "--verify", "--quiet", f"{baseline}^{{commit}}") is None:
        return {"baseline": baseline, "reason": f"git ref {baseline!r} not found"}
    try:
        resources = read_descriptor(data_dir)["resources"]
    except DataValidationError as exc:
        return {"baseline": baseline, "reason": f"the data folder cannot be read ({exc.problems[0].rule})"}
    tables = {}
    for r in resources:
        key = r["schema"]["primaryKey"]
        key = [key] if isinstance(key, str) else key
        new = pd.read_csv(data_dir / r["path"], dtype=str, keep_default_na=False)
        old_text = _git("show", f"{baseline}:{(rel / r['path']).as_posix()}")
        if old_text is None:
            tables[r["name"]] = {
                "added": list(new[key].astype(str).agg("|".join, axis=1)),
                "removed": [],
                "changed": [],
                "new_table": True,
            }
            continue
        old = pd.read_csv(io.StringIO(old_text), dtype=str, keep_default_na=False)
        if not all(k in old.columns for k in key):
            tables[r["name"]] = {
                "added": [],
                "removed": [],
                "changed": [],
                "note": "key columns differ from the baseline",
            }
            continue
        tables[r["name"]] = diff_tables(old, new, key)
    return {"baseline": baseline, "tables": tables}
