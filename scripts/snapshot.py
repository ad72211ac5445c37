"""Write tests/snapshots/<report>.json from the built reports' answers and key findings (`make snapshot`).

Commit a changed snapshot together with the hand-worked test that justifies the new text, and name the
findings that changed, and why, in the commit message.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / "reports" / ".build"


def main() -> int:
    from helpers.build.runner import load_variants

    out = ROOT / "tests" / "snapshots"
    out.mkdir(parents=True, exist_ok=True)
    for v in load_variants():
        st = json.loads((STATE / f"{v.name}.json").read_text())
        snap = {"answer": st.get("answer", []), "findings": st.get("findings", [])}
        (out / f"{v.name}.json").write_text(json.dumps(snap, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"snapshot: tests/snapshots/{v.name}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
