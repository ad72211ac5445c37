"""Notebook kernels import analysis and render code only, never the build (which switches libraries off)."""
import json
import re
import subprocess
import sys

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def notebook_imports(nb_path):
    mods = set()
    for cell in json.loads(nb_path.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        for names in re.findall(r"^from helpers import ([\w, ]+)", src, re.M):
            mods |= {"helpers." + n.strip().split(" as ")[0] for n in names.split(",") if n.strip()}
        mods |= set(re.findall(r"^(?:from|import) (helpers\.\w+)", src, re.M))
    return mods


def test_kernels_import_no_build_code():
    mods = set().union(*(notebook_imports(p) for p in NOTEBOOKS))
    assert "helpers.report" in mods and "helpers.decline" in mods
    code = ("import sys, importlib\n"
            f"for m in {sorted(m for m in mods if m != 'helpers.load_package')!r}:\n"
            "    try: importlib.import_module(m)\n"
            "    except ModuleNotFoundError: pass\n"
            "import helpers\n"
            "bad = sorted(m for m in sys.modules if m in ('helpers.build', 'helpers.index_page', 'helpers.pdf', 'helpers.changes', 'papermill'))\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout.strip()
    assert out == "", f"kernels would import build code: {out}"
