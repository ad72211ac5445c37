"""Print a notebook as plain text, one block per cell in the py:percent layout (`# %%` code, `# %% [markdown]`
prose), for readable diffs: git shows notebooks through it once

    git config diff.ipynb.textconv ".venv/bin/python scripts/nb_as_text.py"

is set (`.gitattributes` maps *.ipynb to that driver). Outputs are never committed (nbstripout), so the
cells' sources are the whole notebook. Kept here instead of jupytext pairing: no second file per notebook
to keep in sync, and nothing to install.
"""

from __future__ import annotations

import json
import sys


def as_text(nb: dict) -> str:
    blocks = []
    for cell in nb.get("cells", []):
        src = "".join(cell.get("source", []))
        tags = cell.get("metadata", {}).get("tags", [])
        head = "# %%" + (" [markdown]" if cell.get("cell_type") == "markdown" else "")
        head += f" id={cell['id']}" if cell.get("id") else ""
        head += f" tags={','.join(tags)}" if tags else ""
        if cell.get("cell_type") == "markdown":
            src = "\n".join("# " + line if line else "#" for line in src.splitlines())
        blocks.append(f"{head}\n{src}")
    return "\n\n".join(blocks) + "\n"


def main(argv: list[str]) -> int:
    for path in argv:
        with open(path, encoding="utf-8") as fh:
            sys.stdout.write(as_text(json.load(fh)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
