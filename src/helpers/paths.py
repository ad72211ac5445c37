"""Every project path, worked out from this file so it holds from make, pytest and JupyterLab."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
VARIANTS = ROOT / "reports.yaml"
TEMPLATES = Path(__file__).resolve().parent / "templates"
