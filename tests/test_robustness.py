"""Bad parameters and empty selections through the real entry point (papermill on the notebooks)."""

from __future__ import annotations

import json

import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import DATA, ROOT, write_package, mini_tables

NB = {
    "decline": ROOT / "notebooks" / "1.0-investment-decline.ipynb",
    "share": ROOT / "notebooks" / "2.0-big-tech-deal-share.ipynb",
    "compute": ROOT / "notebooks" / "3.0-compute-as-capital.ipynb",
}


def run(nb, tmp_path, **params):
    params.setdefault("data_dir", str(DATA))
    out = tmp_path / "out.ipynb"
    try:
        papermill.execute_notebook(
            str(NB[nb]), str(out), parameters=params, cwd=str(NB[nb].parent), kernel_name="python3", progress_bar=False
        )
        return json.loads(out.read_text()), None
    except PapermillExecutionError as exc:
        return json.loads(out.read_text()), exc


def outputs_text(nb):
    parts = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            parts += [
                json.dumps(o.get("data", {})),
                o.get("text", "") if isinstance(o.get("text"), str) else "".join(o.get("text", [])),
            ]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "nb,params,expect",
    [
        (
            "decline",
            {"start_year": 2025, "end_year": 2020},
            "parameter start_year=2025 is not allowed: a year no later than end_year=2020",
        ),
        ("decline", {"currency": "EUR"}, "parameter currency='EUR' is not allowed: one of USD, CNY"),
        ("decline", {"data_dir": "/nonexistent/folder"}, "parameter data_dir='/nonexistent/folder' is not allowed"),
        ("share", {"investors": ["nobody"]}, "parameter investors=['nobody'] is not allowed: a list drawn from "),
        ("compute", {"credit_share": 1.5}, "parameter credit_share=1.5 is not allowed: a number at most 1"),
        ("compute", {"gpu_hour_usd": -2}, "parameter gpu_hour_usd=-2 is not allowed: a number above 0"),
    ],
)
def test_bad_parameter_fails_in_the_first_cells(tmp_path, nb, params, expect):
    out, err = run(nb, tmp_path, **params)
    assert err is not None and err.ename == "ParameterError" and expect in err.evalue
    if nb == "share":
        assert "alibaba, " in err.evalue and "tencent" in err.evalue  # lists the valid ids
    assert err.exec_count <= 3  # parameters, injected parameters, then the checking cell
    assert "<figure" not in outputs_text(out) and "<svg" not in outputs_text(out)


def test_decline_with_no_data_in_range_says_so(tmp_path):
    out, err = run("decline", tmp_path, start_year=2040, end_year=2041)
    assert err is None
    assert "No figures for these providers between 2040 and 2041" in outputs_text(out)


def test_deal_share_for_an_investor_without_rounds(tmp_path):
    mini = write_package(tmp_path / "mini", mini_tables())
    out, err = run("share", tmp_path, data_dir=str(mini), investors=["baidu"])
    assert err is None
    assert "No data for Baidu" in outputs_text(out)


def test_missing_exchange_rate_is_a_clear_error(tmp_path):
    tables = mini_tables()
    tables["rounds"][1]["announced"] = "2025-01-15"  # r2, 700 CNY, and the fixture has no 2025-01 CNY rate
    mini = write_package(tmp_path / "mini", tables)
    out, err = run("share", tmp_path, data_dir=str(mini), investors=["alibaba"])
    assert err is not None and err.ename == "FxMissingError"
    assert "r2 (CNY->USD, period 2025-01)" in err.evalue
