"""Differential test: our validator and frictionless (the reference) find the same problems.

Each case corrupts a small hand-made package in one way; both validators run on it, and the sets of
(file, row, field) they report must be equal, apart from the deliberate differences in ALLOWED, each with
its reason. Header problems are at row 1; a file-level problem has no row or field.
"""

from __future__ import annotations

import csv
import io

import pytest

from conftest import mini_tables, write_package
from helpers.data.descriptor import write_descriptor
from helpers.data.validate import DataValidationError, read_descriptor, validate_folder

# Deliberate differences, by our rule or frictionless's error type: what only one side reports, and why.
ALLOWED = {
    # ours only
    "requires": "cross-field rules (x-requires) are this project's extension; frictionless ignores unknown keys",
    "row-width": "a row with too many or too few cells is reported once per row here; frictionless names each "
    "missing or extra cell, so the two are compared as sets of rows",
    # frictionless only
    "primary-key@blank-row": "frictionless also reports a blank row's empty key; one cause is reported once here",
}


def _edit(table, row, field, value):
    """Set one cell (row counts data rows from 0) by rewriting the CSV."""

    def apply(folder):
        path = folder / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        rows[row + 1][rows[0].index(field)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return apply


def _lines(table, change):
    def apply(folder):
        path = folder / f"{table}.csv"
        path.write_text("\n".join(change(path.read_text(encoding="utf-8").rstrip("\n").split("\n"))) + "\n")

    return apply


def _both(*edits):
    def apply(folder):
        for e in edits:
            e(folder)

    return apply


CASES = {
    "integer with a fraction": _edit("fx_rates", 0, "days", "1.5"),
    "integer written 1.0": _edit("fx_rates", 1, "days", "1.0"),
    "number as a word": _edit("rounds", 0, "amount_m", "ten"),
    "impossible date": _edit("rounds", 1, "announced", "2024-02-30"),
    "day-first date": _edit("rounds", 2, "announced", "31/12/2024"),
    "date with a time": _edit("sources", 0, "published", "2024-12-01T10:00:00"),
    "integer as a word": _edit("companies", 0, "founded", "twenty"),
    "value outside the enum": _edit("companies", 0, "segment", "crypto"),
    "url breaking its pattern": _edit("sources", 1, "url", "ftp://example.org/x"),
    "below the minimum": _edit("rounds", 3, "amount_m", "-5"),
    "above the maximum": _edit("companies", 2, "founded", "2035"),
    "duplicate composite key": _edit("round_participants", 1, "investor_id", "alibaba-cloud"),
    "required cell empty": _edit("companies", 1, "name_en", ""),
    "duplicate primary key": _edit("investors", 1, "investor_id", "alibaba"),
    "unknown foreign key": _edit("round_participants", 0, "investor_id", "nobody"),
    "unknown self reference": _edit("investors", 1, "parent_id", "nobody"),
    "two problems in one row": _both(_edit("rounds", 4, "amount_m", "x"), _edit("rounds", 4, "announced", "soon")),
    "blank row": _lines("companies", lambda ls: ls[:2] + [""] + ls[2:]),
    "row with an extra cell": _lines("companies", lambda ls: ls[:2] + [ls[2] + ",extra"] + ls[3:]),
    "row with a missing cell": _lines("companies", lambda ls: ls[:2] + [ls[2].rsplit(",", 1)[0]] + ls[3:]),
    "column missing from the header": _lines("events", lambda ls: [ls[0].rsplit(",", 1)[0]]),
    "column added to the header": _lines("events", lambda ls: [ls[0] + ",extra"]),
    "quoted comma stays one cell": _edit("sources", 2, "title", 'A, "quoted" title'),
}


def ours(folder) -> tuple[set, set]:
    """Our problems as (file, row, field), and the rows we report as the wrong width."""
    try:
        _, problems, _ = validate_folder(folder)
    except DataValidationError as exc:
        problems = exc.problems
    found, widths = set(), set()
    for p in problems:
        name = p.file.rsplit("/", 1)[-1]
        if p.rule == "row-width":
            widths.add((name, p.row))
        elif p.rule not in ALLOWED:
            found.add((name, p.row, None if p.rule == "blank-row" else p.column))
    return found, widths


def theirs(folder) -> tuple[set, set]:
    """Frictionless's errors in the same shape, and the rows where it names missing or extra cells."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).validate()
    keys = {
        r["path"]: [r["schema"]["primaryKey"]]
        if isinstance(r["schema"]["primaryKey"], str)
        else r["schema"]["primaryKey"]
        for r in read_descriptor(folder)["resources"]
    }
    found, widths = set(), set()
    for task in report.tasks:
        name = task.place.rsplit("/", 1)[-1]
        blank = {e.row_number for e in task.errors if e.type == "blank-row"}
        for e in task.errors:
            d = e.to_dict()
            if e.type in ("extra-cell", "missing-cell"):
                widths.add((name, d["rowNumber"]))  # ALLOWED["row-width"]: compared per row
            elif e.type == "primary-key" and d.get("rowNumber") in blank:
                continue  # ALLOWED["primary-key@blank-row"]
            else:
                found.add((name, d.get("rowNumber", 1 if "label" in e.type else None), _field(e.type, d, keys[name])))
    return found, widths


def _field(kind: str, d: dict, key: list[str]) -> str | None:
    """The field a frictionless error names, as ours names it: a key error names its key's fields."""
    if kind == "blank-row":
        return None
    if kind == "primary-key":
        return ",".join(key)
    if kind == "foreign-key":
        return ",".join(d["fieldNames"])
    if kind == "extra-label":
        return d["label"]
    return d.get("fieldName") or None


KEPT = ("sources", "companies", "investors", "rounds", "round_participants", "fx_rates", "events")


def package(folder):
    """The mini package cut to the tables these cases touch (and what their keys reach): both validators then
    read seven tables instead of eighteen, which keeps this file fast enough for `make check`."""
    write_package(folder, mini_tables())
    dp = read_descriptor(folder)
    dp["resources"] = [r for r in dp["resources"] if r["name"] in KEPT]
    write_descriptor(folder, dp)
    for csv_file in folder.glob("*.csv"):
        if csv_file.stem not in KEPT:
            csv_file.unlink()
    return folder


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return package(tmp_path_factory.mktemp("clean") / "mini")


def test_the_clean_package_is_valid_for_both(clean):
    assert ours(clean) == theirs(clean) == (set(), set())


@pytest.mark.parametrize("case", CASES)
def test_both_validators_find_the_same_cells(case, tmp_path):
    folder = package(tmp_path / "mini")
    CASES[case](folder)
    (mine, my_widths), (other, other_widths) = ours(folder), theirs(folder)
    assert mine == other, f"only ours: {sorted(mine - other)}; only frictionless: {sorted(other - mine)}"
    assert my_widths == other_widths
    if case == "quoted comma stays one cell":
        assert not mine and not my_widths  # a comma inside quotes is not a cell boundary, for either
    else:
        assert mine or my_widths, "the case corrupts nothing both can see"


def test_the_cross_field_rule_is_ours_alone(tmp_path):
    """ALLOWED["requires"]: an amount without its currency breaks x-requires, which frictionless ignores."""
    folder = package(tmp_path / "mini")
    _edit("rounds", 0, "currency", "")(folder)
    _, problems, _ = validate_folder(folder)
    assert [(p.rule, p.row, p.column) for p in problems] == [("requires", 2, "currency")]
    assert theirs(folder) == (set(), set())
