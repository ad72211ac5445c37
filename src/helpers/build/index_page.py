"""The index page: every report with its title, parameters, summary, key findings, data version and state."""

from __future__ import annotations

import html
from pathlib import Path

from helpers.data.load import data_version
from helpers.data.validate import DataValidationError, read_descriptor

CSS = """body{font-family:system-ui,sans-serif;max-width:980px;margin:0 auto;padding:0 16px 40px;line-height:1.5}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 16px;margin:12px 0}
.stale{border-color:#d93025;background:#fff4f2}.badge{font-size:12px;padding:1px 6px;border-radius:3px;background:#e6f4ea}
.stale .badge{background:#d93025;color:#fff}code{background:#f4f4f4;padding:0 3px}
.answer{font-size:17px;border-left:4px solid #0b6e4f;background:#f1f8f4;padding:4px 16px;margin:8px 0 16px}
.answer li{margin:6px 0}footer{font-size:13px;color:#555;border-top:1px solid #ddd;margin-top:24px}
.table-wrap{overflow-x:auto}table.reports{border-collapse:collapse;width:100%;font-size:15px}
table.reports th,table.reports td{text-align:left;vertical-align:top;padding:6px 8px;border-top:1px solid #eee}
table.reports tr.stale{background:#fff4f2}"""


def _state(row: dict) -> tuple[str, str]:
    if row.get("failed"):
        f = row["failed"]
        return "stale", (
            f"STALE: the last rebuild failed at {f['at']} ({f['error']}); "
            + ("the page below is from an earlier build." if row.get("exists") else "no report was ever built.")
        )
    if not row.get("exists"):
        return "stale", "NOT BUILT: run make reports."
    if row.get("input_hash") != row.get("current_hash"):
        return (
            "stale",
            "STALE: its notebook, parameters, helpers or data changed since this page was built; run make reports.",
        )
    return "current", "current"


def render_finding_changes(items: list[dict], version: str, since: str) -> str:
    e = html.escape
    parts = []
    for it in items:
        reason = f"<p><strong>Why:</strong> {e(it['reason'])}</p>" if it.get("reason") else ""
        if it.get("old") is None:
            parts.append(
                f"<details><summary>{e(it['title'])}: no findings were recorded at {e(since)}, so old and new "
                f"text cannot be set side by side</summary>{reason}</details>"
            )
        elif it["removed"] or it["added"]:
            rows = "".join(f"<li><del>{e(x)}</del></li>" for x in it["removed"]) + "".join(
                f"<li><ins>{e(x)}</ins></li>" for x in it["added"]
            )
            summary = f"{e(it['title'])}: {len(it['added'])} sentence(s) changed"
            parts.append(f"<details><summary>{summary}</summary>{reason}<ul>{rows}</ul></details>")
        else:
            parts.append(f"<p>{e(it['title'])}: no headline changed.</p>")
    return (
        f'<section id="finding-changes"><h2>What changed in the findings since {e(since)}</h2>'
        f"<p>This is version {e(version)}.</p>{''.join(parts)}</section>"
    )


def render_changes(ch: dict) -> str:
    """Rows added, removed and changed per table; the row keys are shown as code (references for researchers)."""
    from helpers.render.labels import column

    e = html.escape
    if "tables" not in ch:
        return (
            f'<section id="changes"><h2>What changed in the data</h2><p>No comparison: {e(ch["reason"])}.</p></section>'
        )
    rows, details = [], []
    for name, t in ch["tables"].items():
        n = (len(t["added"]), len(t["removed"]), len(t["changed"]))
        if not any(n):
            continue
        label = e(column(name))
        rows.append(f"<tr><td>{label}</td><td>{n[0]}</td><td>{n[1]}</td><td>{n[2]}</td></tr>")
        for kind in ("added", "removed", "changed"):
            if t[kind]:
                keys = ", ".join(f"<code>{e(k)}</code>" for k in t[kind][:20]) + (
                    f" … and {len(t[kind]) - 20} more" if len(t[kind]) > 20 else ""
                )
                details.append(f"<li>{label}, rows {kind}: {keys}</li>")
    table = (
        "<table><tr><th>Table</th><th>Rows added</th><th>Removed</th><th>Changed</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>No rows changed.</p>"
    )
    return (
        f'<section id="changes"><h2>What changed in the data since {e(str(ch["baseline"]))}</h2>{table}'
        + (f"<ul>{''.join(details)}</ul>" if details else "")
        + "</section>"
    )


def project_answer(rows: list[dict]) -> str:
    """The project's answer: the first answer sentence of each notebook's first report, in reading order,
    linked to it (variants of one notebook repeat its answer). Nothing is typed here, so every number in
    it is a number its report states."""
    e = html.escape
    parts, seen = [], set()
    for row in rows:
        ans = row.get("answer") or []
        if ans and row.get("exists") and row.get("notebook") not in seen:
            seen.add(row.get("notebook"))
            parts.append(
                f'<li><a href="{e(row["name"])}.html">{e(row.get("title", row["name"]))}</a>: {e(ans[0])}</li>'
            )
    if not parts:
        return '<div class="answer"><p>No report has been built yet: run <code>make reports</code>.</p></div>'
    return f'<div class="answer"><ul>{chr(10).join(parts)}</ul></div>'  # one item per line: read as sentences


def render_index(
    rows: list[dict], data_dir: Path, built_at: str, changes: dict | None = None, finding_changes: str = ""
) -> str:
    e = html.escape
    try:
        version = data_version(data_dir, read_descriptor(data_dir))
    except DataValidationError as exc:
        version = f"unreadable ({exc.problems[0].rule})"
    cards, footer, tables = [], [], {}
    for row in rows:
        state, text = _state(row)
        params = (
            ", ".join(
                f"{e(str(k))} = {e(', '.join(map(str, v)) if isinstance(v, list) else str(v))}"
                for k, v in sorted((row.get("parameters") or {}).items())
            )
            or "the notebook's defaults"
        )
        answer = " ".join(row.get("answer") or row.get("findings", [])[:2])
        link = (
            f'<a href="{e(row["name"])}.html">{e(row.get("title", row["name"]))}</a>'
            if row.get("exists")
            else e(row.get("title", row["name"]))
        )
        pdf = f'<p class="links"><a href="pdf/{e(row["name"])}.pdf">PDF</a></p>' if row.get("pdf") else ""
        footer.append(
            f"<li>{e(row.get('title', row['name']))}: settings {params}; data version "
            f"{e(str(row.get('data_version') or 'n/a'))}; built {e(str(row.get('built_at') or 'never'))}</li>"
        )
        if row.get("index") == "table":
            # many variants of one notebook (the company dossiers): one row each in one table, not a card each
            group = row.get("group") or "Reports"
            if group not in tables:
                tables[group] = [row.get("group_summary", ""), []]
                cards.append(("table", group))
            first = (row.get("answer") or [""])[0]
            badge = "" if state == "current" else f' <span class="badge">{e(state.upper())}</span>'
            pdf_cell = f'<a href="pdf/{e(row["name"])}.pdf">PDF</a>' if row.get("pdf") else ""
            tables[group][1].append(
                f'<tr id="report-{e(row["name"])}" class="{state}"><th scope="row">{link}{badge}</th>'
                f"<td>{e(first) if state == 'current' else e(text)}</td><td>{pdf_cell}</td></tr>"
            )
            continue
        cards.append(f"""<section class="card {state}" id="report-{e(row["name"])}">
<h2>{link}{"" if state == "current" else f' <span class="badge">{e(state.upper())}</span>'}</h2>
<p>{e(row.get("summary", ""))}</p>
{"" if state == "current" else f"<p><strong>{e(text)}</strong></p>"}
{f'<p class="card-answer">{e(answer)}</p>' if answer else ""}{pdf}
</section>""")
    blocks = []
    for c in cards:
        if isinstance(c, tuple):
            summary, trs = tables[c[1]]
            blocks.append(
                f'<section class="card" id="group-{e(c[1].lower().replace(" ", "-"))}"><h2>{e(c[1])}</h2>'
                f'<p>{e(summary)}</p><div class="table-wrap"><table class="reports"><thead><tr><th>Report</th>'
                f"<th>What it finds</th><th></th></tr></thead><tbody>{''.join(trs)}</tbody></table></div></section>"
            )
        else:
            blocks.append(c)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Capital flowing into China's generative-AI start-ups: reports</title><style>{CSS}</style></head>
<body><main>
<h1>Capital flowing into China's generative-AI start-ups</h1>
{project_answer(rows)}
{"".join(blocks)}
{finding_changes}
{render_changes(changes) if changes is not None else ""}
</main>
<footer><h2>Build details</h2><p>Data version {e(version)}; index written {e(built_at)}.</p><ul>{"".join(footer)}</ul></footer>
</body></html>
"""
