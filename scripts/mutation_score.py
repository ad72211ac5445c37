"""Summarise `mutmut results --all true` per module: killed, survived, timeout, not checked (no test ran)."""

import collections
import re
import sys


def main(path: str) -> int:
    counts = collections.defaultdict(collections.Counter)
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*([\w.]+?)\.x.*__mutmut_\d+: (.+)$", line)
        if m:
            counts[m.group(1)][m.group(2).strip()] += 1
    total = collections.Counter()
    for mod, c in sorted(counts.items()):
        total.update(c)
        checked = c["killed"] + c["survived"] + c["timeout"]
        score = f"{100 * (c['killed'] + c['timeout']) / checked:.0f}%" if checked else "n/a"
        print(
            f"{mod:<22} killed {c['killed']:>4}  survived {c['survived']:>4}  timeout {c['timeout']:>3}  "
            f"not checked {c['no tests']:>4}  score {score}"
        )
    checked = total["killed"] + total["survived"] + total["timeout"]
    if checked:
        print(
            f"{'all':<22} killed {total['killed']:>4}  survived {total['survived']:>4}  timeout {total['timeout']:>3}  "
            f"not checked {total['no tests']:>4}  score {100 * (total['killed'] + total['timeout']) / checked:.0f}%"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
