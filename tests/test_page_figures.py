"""Each built report shows exactly what its analysis returned: the answer and key findings, recomputed here
in-process from the notebook's own parameter and analysis cells and rendered through the one formatter,
equal the sentences the built page recorded, and every Figure in them (qualifier mark included) is on the page.

The notebook's first two code cells are run as written (the parameters, then the variant's overrides, then
the cell that checks them and calls analyse()); the page's display calls print to nowhere here.
"""

import contextlib
import html
import io
import json

import pytest

from conftest import DATA, ROOT
from helpers.analysis import figures as F
from helpers.build.runner import load_variants
from helpers.render import report

STATE = ROOT / "reports" / ".build"


def run_cells(variant) -> dict:
    nb = json.loads(variant.notebook.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    ns: dict = {}
    exec("".join(code[0]["source"]), ns)  # the parameters cell
    ns.update(variant.parameters, data_dir=str(DATA))
    with contextlib.redirect_stdout(io.StringIO()):
        exec("".join(code[1]["source"]), ns)  # checks parameters, loads, analyse(), the opening
    return ns


def statements(ns) -> dict[str, list]:
    return {"answer": ns["view"].answer(ns["res"], ns["pkg"]), "findings": ns["view"].findings(ns["res"], ns["pkg"])}


@pytest.mark.slow
@pytest.mark.parametrize("variant", load_variants(), ids=lambda v: v.name)
def test_page_shows_exactly_the_figures_analyse_returned(variant):
    ns = run_cells(variant)
    built = json.loads((STATE / f"{variant.name}.json").read_text())
    page = html.unescape((ROOT / "reports" / f"{variant.name}.html").read_text(encoding="utf-8"))
    cite = report.Citations(ns["pkg"]["sources"])
    for part, items in statements(ns).items():
        texts = [report.sentence(t, cite, **v)[1] for t, v in items]
        assert texts == built.get(part, []), f"{variant.name}: the {part} on the page differs from analyse()"
        figs = [v for _, values in items for v in values.values() if isinstance(v, F.Figure) and not v.missing]
        for fig in figs:
            assert F.fmt(fig) in page or F.fmt(fig, "prose") in page, f"{variant.name}: {F.fmt(fig)} not on the page"
    assert figs, "a report whose findings hold no Figure proves nothing here"


def test_a_changed_figure_would_be_caught():
    """The comparison is strict: the same sentence with one approximate mark dropped is a different text."""
    cite = report.Citations(
        __import__("pandas").DataFrame(
            {"source_id": ["s"], "publisher": ["P"], "title": ["t"], "url": ["u"], "published": [None]}
        )
    )
    a = report.sentence("{x}", cite, x=F.money(3500, "USD", "approx"))[1]
    b = report.sentence("{x}", cite, x=F.money(3500, "USD", "exact"))[1]
    assert (a, b) == ("~$3.5B", "$3.5B")
