"""Every project path, worked out from this file so it holds from make, pytest and JupyterLab."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
VARIANTS = ROOT / "reports.yaml"
TEMPLATES = Path(__file__).resolve().parent / "render" / "templates"
FINDINGS_MIME = "application/vnd.china-genai.findings+json"  # key findings, from kernel display to the index
ANSWER_MIME = "application/vnd.china-genai.answer+json"  # the report's answer, likewise
