"""The package's layers: data, analysis, render, build. Kernels import analysis and render code only,
never the build (which switches libraries off); a lower layer never imports a higher one."""

import ast
import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PKG = ROOT / "src" / "helpers"
LAYERS = ["data", "analysis", "render", "build"]  # bottom to top


def notebook_imports(nb_path):
    mods = set()
    for cell in json.loads(nb_path.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        for pkg, names in re.findall(r"^from (helpers(?:\.\w+)*) import ([\w, ]+)", src, re.M):
            mods |= {f"{pkg}.{n.strip().split(' as ')[0]}" for n in names.split(",") if n.strip()}
        mods |= set(re.findall(r"^import (helpers(?:\.\w+)+)", src, re.M))
    return mods


def test_notebook_import_parser_sees_layered_modules():
    assert notebook_imports(NOTEBOOKS[0]) >= {"helpers.render.report", "helpers.analysis.params"}


def test_kernels_import_no_build_code():
    mods = set().union(*(notebook_imports(p) for p in NOTEBOOKS))
    assert {"helpers.render.report", "helpers.analysis.decline"} <= mods
    code = (
        "import sys, importlib\n"
        f"for m in {sorted(m for m in mods if m != 'helpers.load_package')!r}:\n"
        "    try: importlib.import_module(m)\n"
        "    except ModuleNotFoundError: pass\n"
        "import helpers\n"
        "bad = sorted(m for m in sys.modules if m.startswith('helpers.build') or m == 'papermill')\n"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.strip()
    assert out == "", f"kernels would import build code: {out}"


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "helpers" and parts[1] in LAYERS else None


def imports_of(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            if node.module == "helpers":
                yield from (f"helpers.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_itself_and_lower_layers(layer):
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    bad = [
        (p.relative_to(PKG).as_posix(), m)
        for p in sorted((PKG / layer).rglob("*.py"))
        for m in imports_of(p)
        if layer_of(m) and layer_of(m) not in allowed
    ]
    assert bad == [], f"{layer} imports a higher layer: {bad}"


def test_layer_checker_catches_an_upward_import(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("from helpers.build import runner\nfrom helpers import render\n")
    assert {layer_of(m) for m in imports_of(bad)} >= {"build", "render"}
