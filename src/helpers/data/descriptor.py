"""Where a data package's descriptor lives: `datapackage.json` plus one Table Schema file per resource.

Each resource's schema is a file `schemas/<resource>.json`, referenced by relative path from
`datapackage.json` (Frictionless resolves such paths too), so adding or changing a table edits one small
file rather than one huge JSON. Reading, with every problem reported, is `validate.read_descriptor`;
this module only names the files and writes them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

DESCRIPTOR = "datapackage.json"
SCHEMA_DIR = "schemas"


def schema_file(resource_name: str) -> str:
    """The relative path of a resource's schema file inside the package folder."""
    return f"{SCHEMA_DIR}/{resource_name}.json"


def _dump(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_descriptor(folder: Path | str, descriptor: dict) -> list[Path]:
    """Write `descriptor` (schemas inline or already as paths) as datapackage.json plus one schema file per
    resource; schema files of resources no longer in the descriptor are removed. Returns the files written."""
    folder = Path(folder)
    (folder / SCHEMA_DIR).mkdir(parents=True, exist_ok=True)
    dp = copy.deepcopy(descriptor)
    written = []
    for r in dp.get("resources", []):
        if isinstance(r.get("schema"), dict):
            rel = schema_file(r["name"])
            _dump(folder / rel, r["schema"])
            r["schema"] = rel
            written.append(folder / rel)
    referenced = {r.get("schema") for r in dp.get("resources", [])}
    for old in (folder / SCHEMA_DIR).glob("*.json"):
        if schema_file(old.stem) not in referenced:
            old.unlink()
    _dump(folder / DESCRIPTOR, dp)
    return [folder / DESCRIPTOR, *written]


def descriptor_files(folder: Path | str, names: list[str] | None = None) -> list[Path]:
    """datapackage.json and the schema files it references for resources `names` (default: all), existing or
    not: the files a change to those tables' shape touches, for content hashes and make prerequisites."""
    folder = Path(folder)
    files = [folder / DESCRIPTOR]
    try:
        dp = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return files
    for r in dp.get("resources", []) if isinstance(dp, dict) else []:
        if isinstance(r, dict) and isinstance(r.get("schema"), str) and (names is None or r.get("name") in names):
            files.append(folder / r["schema"])
    return files
