"""Validation on the real data and on corrupted copies: every problem is located (file, row, column, value, rule)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import DATA
from helpers import load_package
from helpers.data.validate import DataValidationError, validate_folder


def read(folder, name):
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def write(df, folder, name):
    df.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def problems_of(folder):
    _, problems, _ = validate_folder(folder)
    return problems


def test_sourced_data_is_valid():
    _, problems, _ = validate_folder(DATA)
    assert problems == []


def test_frictionless_reference_validator_agrees_on_data():
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(DATA / "datapackage.json")).validate()
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])[:10]


def test_loader_returns_typed_frames():
    pkg = load_package(DATA, tables=["rounds"])
    r = pkg["rounds"]
    assert str(r["announced"].dtype).startswith("datetime64")
    assert r["amount_m"].dtype == "Float64"
    assert isinstance(r["stage"].dtype, pd.CategoricalDtype)
    assert "companies" in pkg and "sources" in pkg  # reached through foreign keys


CASES = [
    # table, column, row index to corrupt, bad value, expected rule
    ("rounds", "announced", 0, "2024-13-45", "type:date"),
    ("rounds", "amount_m", 1, "-5", "minimum"),
    ("rounds", "amount_m", 2, "12abc", "type:number"),
    ("rounds", "currency", 3, "EUR", "enum"),
    ("market_totals", "period_end", 0, "31/12/2021", "type:date"),
    ("market_totals", "deal_count", 1, "-3", "minimum"),
    ("market_totals", "source_id", 2, "no-such-source", "foreign-key"),
    ("round_participants", "investor_id", 0, "no-such-investor", "foreign-key"),
    ("stakes", "stake_pct", 0, "140", "maximum"),
    ("gpu_prices", "currency", 0, "XYZ", "enum"),
    ("fx_rates", "per_usd", 0, "0", "minimum"),
]


@pytest.mark.parametrize("table,column,idx,value,rule", CASES)
def test_corrupted_cell_is_located(data_copy, table, column, idx, value, rule):
    df = read(data_copy, table)
    df.loc[idx, column] = value
    write(df, data_copy, table)
    hits = [p for p in problems_of(data_copy) if p.rule == rule]
    assert len(hits) == 1, hits
    p = hits[0]
    assert p.file.endswith(f"{table}.csv") and p.row == idx + 2 and p.column == column and p.value == value


def test_every_problem_in_a_file_is_listed_at_once(data_copy):
    df = read(data_copy, "rounds")
    df.loc[0, "announced"] = "yesterday"
    df.loc[5, "currency"] = "EUR"
    df.loc[7, "company_id"] = "nobody"
    write(df, data_copy, "rounds")
    with pytest.raises(DataValidationError) as err:
        load_package(data_copy)
    found = {(p.row, p.column, p.rule) for p in err.value.problems}
    assert found == {(2, "announced", "type:date"), (7, "currency", "enum"), (9, "company_id", "foreign-key")}
    text = str(err.value)
    assert "rounds.csv row 2, column announced: value 'yesterday' [type:date]" in text
    assert "3 problem(s)" in text


def test_duplicate_primary_keys(data_copy):
    r = read(data_copy, "rounds")
    r.loc[1, "round_id"] = r.loc[0, "round_id"]
    write(r, data_copy, "rounds")
    rp = read(data_copy, "round_participants")
    write(pd.concat([rp, rp.iloc[[0]]]), data_copy, "round_participants")
    probs = problems_of(data_copy)
    assert any(
        p.rule == "unique" and p.file.endswith("rounds.csv") and p.row == 3 and p.value == r.loc[0, "round_id"]
        for p in probs
    )
    assert any(
        p.rule == "primary-key"
        and p.file.endswith("round_participants.csv")
        and p.row == len(rp) + 2
        and p.column == "round_id,investor_id"
        for p in probs
    )


def test_requires_rule_from_descriptor(data_copy):
    df = read(data_copy, "rounds")
    i = df.index[df["amount_m"] != ""][0]
    df.loc[i, "currency"] = ""
    write(df, data_copy, "rounds")
    assert [(p.row, p.column, p.rule) for p in problems_of(data_copy)] == [(i + 2, "currency", "requires")]


def test_missing_and_extra_columns(data_copy):
    df = read(data_copy, "events").drop(columns=["title"]).assign(surprise="x")
    write(df, data_copy, "events")
    probs = {(p.column, p.rule) for p in problems_of(data_copy)}
    assert ("title", "missing-column") in probs and ("surprise", "extra-column") in probs


def test_empty_file(data_copy):
    (data_copy / "claims.csv").write_text("")
    assert [(p.file.endswith("claims.csv"), p.rule) for p in problems_of(data_copy)] == [(True, "empty-file")]


def test_file_not_utf8(data_copy):
    text = (data_copy / "companies.csv").read_text(encoding="utf-8")
    (data_copy / "companies.csv").write_bytes(text.encode("gb18030"))
    probs = problems_of(data_copy)
    assert len(probs) == 1 and probs[0].rule == "encoding" and probs[0].file.endswith("companies.csv")
    first_cjk_line = next(i for i, l in enumerate(text.splitlines(), 1) if any(ord(ch) > 127 for ch in l))
    assert probs[0].row == first_cjk_line


def test_missing_file(data_copy):
    (data_copy / "gpus.csv").unlink()
    probs = problems_of(data_copy)
    assert [(p.file.endswith("gpus.csv"), p.rule) for p in probs] == [(True, "missing-file")]


def test_descriptor_not_json(data_copy):
    (data_copy / "datapackage.json").write_text('{"resources": [')
    with pytest.raises(DataValidationError) as err:
        load_package(data_copy)
    assert err.value.problems[0].rule == "descriptor-json" and "datapackage.json" in err.value.problems[0].file


def test_missing_data_dir(tmp_path):
    with pytest.raises(DataValidationError) as err:
        load_package(tmp_path / "nowhere")
    assert err.value.problems[0].rule == "data-dir"


def test_cli_reports_problems_and_exits_nonzero(data_copy):
    df = read(data_copy, "rounds")
    df.loc[0, "amount_m"] = "-1"
    write(df, data_copy, "rounds")
    res = subprocess.run([sys.executable, "-m", "helpers", "validate", str(data_copy)], capture_output=True, text=True)
    assert res.returncode == 1
    assert "rounds.csv row 2, column amount_m: value '-1' [minimum] must be >= 0" in res.stderr


def test_cli_prints_coverage_summary():
    res = subprocess.run([sys.executable, "-m", "helpers", "validate", str(DATA)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    for part in (
        "Rows per table:",
        "Years per provider",
        "Rounds per company",
        "Round amounts per disclosure grade",
        "PitchBook",
    ):
        assert part in res.stdout


def test_migrate_converts_the_old_market_totals_shape_and_the_result_validates(data_copy):
    """Strip the new columns and the reports table from a copy of the data, as an old export would be;
    the converter adds them back with defaults, and the folder validates again."""
    from helpers.data import migrate

    mt = pd.read_csv(data_copy / "market_totals.csv", dtype=str, keep_default_na=False)
    mt.drop(columns=list(migrate.NEW_COLUMNS)).to_csv(data_copy / "market_totals.csv", index=False)
    (data_copy / "market_total_reports.csv").unlink()
    done = migrate.migrate_market_totals(data_copy, today="2026-12-02")
    assert len(done) == 5 and done[-1] == f"market_total_reports.csv: {len(mt)} unchecked reports, one per fact"
    out = pd.read_csv(data_copy / "market_totals.csv", dtype=str, keep_default_na=False)
    assert set(out["region"]) == {"china_unstated"} and set(out["price_basis"]) == {"current"}
    _, problems, _ = validate_folder(data_copy)
    assert problems == []
    assert migrate.migrate_market_totals(data_copy) == []  # already converted: nothing to do


def _frictionless_rows(folder, resource):
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).get_resource(resource).validate()
    return sorted((t, r, f) for t, r, f in report.flatten(["type", "rowNumber", "fieldName"]))


def test_a_blank_row_is_reported_and_later_rows_keep_frictionless_numbers(data_copy):
    """A blank line after the second data row, and a bad date two rows later: both problems carry the row
    numbers frictionless gives them (blank at 4, the date at 6), where the old reader skipped the blank line
    silently and numbered the date 5."""
    lines = (data_copy / "events.csv").read_text().split("\n")
    cells = lines[4].split(",")
    cells[1] = "2024-02-30"
    lines[4] = ",".join(cells)
    (data_copy / "events.csv").write_text("\n".join(lines[:3] + [""] + lines[3:]))
    ours = sorted((p.rule, p.row, p.column) for p in problems_of(data_copy) if p.file.endswith("events.csv"))
    assert ours == [("blank-row", 4, None), ("type:date", 6, "date")]
    theirs = _frictionless_rows(data_copy, "events")
    # frictionless also flags the blank row's empty primary key: the same row, one cause, reported once here
    assert [(t, r, f) for t, r, f in theirs if t != "primary-key"] == [
        ("blank-row", 4, None),
        ("type-error", 6, "date"),
    ]
    assert [r for t, r, _ in theirs if t == "primary-key"] == [4]


def test_features_the_validator_does_not_implement_are_refused_by_name(data_copy):
    """maxLength, a datetime type and minimum on a string are named (resource, field, key) instead of being
    skipped; frictionless implements them, so a folder using them must be validated there."""
    from helpers.data.descriptor import write_descriptor
    from helpers.data.validate import read_descriptor

    dp = read_descriptor(data_copy)
    ev = next(r for r in dp["resources"] if r["name"] == "events")
    f = {x["name"]: x for x in ev["schema"]["fields"]}
    f["title"]["constraints"] = {"maxLength": 5}
    f["date"]["type"] = "datetime"
    f["kind"].setdefault("constraints", {})["minimum"] = 1
    ev["schema"].setdefault("foreignKeys", []).append(
        {"fields": ["company_id"], "reference": {"resource": "companies", "fields": ["company_id"]}}
    )
    write_descriptor(data_copy, dp)
    refused = sorted(p.message for p in problems_of(data_copy) if p.rule == "descriptor-unsupported")
    assert refused == [
        "resource events, field date: type 'datetime' is not implemented (use one of boolean, date, integer, number, string)",
        "resource events, field kind: constraint 'minimum' is not implemented for type 'string'",
        "resource events, field title: constraint 'maxLength' is not implemented for type 'string'",
        "resource events: a foreign key here names one field on each side, as a string",
    ]


# ---------------------------------------------------------------- one schema file per resource
def test_each_resource_schema_is_its_own_file_and_reads_back_as_written(tmp_path):
    """datapackage.json names schemas/<resource>.json for every resource; writing a descriptor and reading it
    back gives the same resolved schemas, and a resource dropped from it loses its schema file."""
    from helpers.data.descriptor import write_descriptor
    from helpers.data.validate import read_descriptor

    raw = json.loads((DATA / "datapackage.json").read_text())
    assert [r["schema"] for r in raw["resources"]] == [f"schemas/{r['name']}.json" for r in raw["resources"]]
    assert sorted(p.name for p in (DATA / "schemas").iterdir()) == sorted(f"{r['name']}.json" for r in raw["resources"])
    dp = read_descriptor(DATA)
    rounds = next(r for r in dp["resources"] if r["name"] == "rounds")
    assert rounds["schema"]["primaryKey"] == ["round_id"]
    dp["resources"] = [r for r in dp["resources"] if r["name"] != "gpus"]
    write_descriptor(tmp_path, dp)
    assert not (tmp_path / "schemas" / "gpus.json").exists() and (tmp_path / "schemas" / "rounds.json").exists()
    assert read_descriptor(tmp_path)["resources"] == dp["resources"]


def test_bad_schema_paths_are_all_reported_at_once(data_copy):
    """A missing file, invalid JSON, a path leaving the folder and a URL: four problems, one per resource, each
    naming the resource and the path."""
    dp = json.loads((data_copy / "datapackage.json").read_text())
    ref = {r["name"]: r for r in dp["resources"]}
    ref["events"]["schema"] = "schemas/nowhere.json"
    ref["gpus"]["schema"] = "../gpus.json"
    ref["claims"]["schema"] = "https://example.org/claims.json"
    (data_copy / "datapackage.json").write_text(json.dumps(dp))
    (data_copy / "schemas" / "stakes.json").write_text("{oops")
    with pytest.raises(DataValidationError) as err:
        validate_folder(data_copy)
    got = sorted((p.rule, p.value, p.message.split(":")[0]) for p in err.value.problems)
    assert got == [
        ("schema-file", "../gpus.json", "resource gpus"),
        ("schema-file", "https://example.org/claims.json", "resource claims"),
        ("schema-file", "schemas/nowhere.json", "resource events"),
        ("schema-file", "schemas/stakes.json", "resource stakes"),
    ]
    stakes = next(p for p in err.value.problems if p.value == "schemas/stakes.json")
    assert stakes.file.endswith("schemas/stakes.json") and stakes.row == 1


@pytest.mark.parametrize(
    "bad,pattern",
    [
        ("Bad-Id", "^[a-z0-9][a-z0-9._-]*$"),  # one failing id among many: found by value
        ("c,d", "[^,]+"),  # a class that also matches newlines cannot fool the one-scan check
        ("line\nbreak", "[a-z]+"),  # a value holding a newline takes the value-by-value path
    ],
)
def test_pattern_check_over_many_distinct_values_finds_the_one_that_fails(bad, pattern):
    from helpers.data.validate import _fullmatch

    values = np.array([f"id{i}" for i in range(1500)] + [bad, None], dtype=object)
    if pattern == "[a-z]+":
        values[:1500] = [f"id{chr(97 + i % 26)}" for i in range(1500)]
    ok = _fullmatch(values, pattern)
    assert list(np.flatnonzero(~ok)) == [1500, 1501]  # the bad value, and the missing cell (never a match)


# ---------------------------------------------------------------- coded columns
def test_repeats_flags_each_later_copy_of_a_code_and_never_a_first():
    """Codes in order of first appearance (pd.factorize's): a, b, a, c, b, b, missing, missing."""
    from helpers.data.validate import _repeats

    codes = np.array([0, 1, 0, 2, 1, 1, -1, -1])
    assert _repeats(codes).tolist() == [False, False, True, False, True, True, True, True]
    assert _repeats(np.array([], dtype=np.intp)).tolist() == []


def test_composite_key_repeats_need_every_part_equal_and_present():
    """Rows (x,1) (x,2) (y,1) (x,1) (x,-) (x,-): only row 4 repeats a complete key; rows 5 and 6 share an
    incomplete key, which the required rule reports instead."""
    from helpers.data.validate import _coded, _key_repeats, _Table

    a = _coded(np.array(["x", "x", "y", "x", "x", "x"], dtype=object))
    b = _coded(np.array(["1", "2", "1", "1", np.nan, np.nan], dtype=object))
    assert b.codes.tolist() == [0, 1, 0, 0, -1, -1] and b.uniq.tolist() == ["1", "2"]
    table = _Table({"a": a, "b": b}, np.arange(6) + 2)
    assert _key_repeats(table, ["a", "b"]).tolist() == [False, False, False, True, False, False]
    # a part missing in the first column makes the key incomplete too: rows 2 and 3 share (-, 1)
    e = _coded(np.array(["x", np.nan, np.nan], dtype=object))
    f = _coded(np.array(["1", "1", "1"], dtype=object))
    assert _key_repeats(_Table({"e": e, "f": f}, np.arange(3) + 2), ["e", "f"]).tolist() == [False, False, False]
    # the parts' order must not merge keys: (1,x) and (x,1) style crossings stay distinct
    c = _coded(np.array(["p", "q", "q"], dtype=object))
    d = _coded(np.array(["q", "p", "q"], dtype=object))
    assert _key_repeats(_Table({"c": c, "d": d}, np.arange(3) + 2), ["c", "d"]).tolist() == [False, False, False]


def test_coded_column_numbers_values_in_order_of_appearance_and_missing_as_minus_one():
    from helpers.data.validate import _coded

    col = _coded(np.array(["b", np.nan, " ", "b", "a", np.nan], dtype=object))
    assert col.uniq.tolist() == ["b", " ", "a"]
    assert col.codes.tolist() == [0, -1, 1, 0, 2, -1]
    assert col.present.tolist() == [True, False, True, True, True, False]
    assert col.at(np.array([True, False, True])).tolist() == [True, False, False, True, True, False]


def test_ragged_rows_are_located_by_row_and_shown_with_their_cells():
    """Header of 3 cells; row 3 has 4 cells, row 4 has 2, row 5 is blank (not ragged): worked by hand."""
    from helpers.data.validate import _ragged_rows

    problems = []
    assert _ragged_rows("a,b,c\n1,2,3\n1,2,3,4\n1,2\n\n5,6,7\n", "t.csv", problems) is True
    assert [(p.row, p.value, p.rule, p.message) for p in problems] == [
        (3, "1,2,3,4", "row-width", "row has 4 cells, the header has 3"),
        (4, "1,2", "row-width", "row has 2 cells, the header has 3"),
    ]
    assert all(p.file == "t.csv" for p in problems)
    clean = []
    assert _ragged_rows("a,b\n1,2\n", "t.csv", clean) is False and clean == []  # a false alarm drops nothing


def test_loaded_types_strings_and_enums():
    """A field with no type is a string; an enum becomes a categorical with the schema's categories in its
    order (a missing cell stays missing); other types and fields absent from the frame are left alone."""
    from helpers.data.validate import finish_types

    resource = {
        "schema": {
            "fields": [
                {"name": "a"},
                {"name": "b", "type": "string", "constraints": {"enum": ["y", "x"]}},
                {"name": "c", "type": "integer"},
                {"name": "absent", "type": "string"},
            ]
        }
    }
    frame = pd.DataFrame(
        {"a": pd.Series(["p", np.nan], dtype=object), "b": pd.Series(["x", np.nan], dtype=object), "c": [1, 2]}
    )
    out = finish_types(frame, resource)
    assert out["a"].dtype == "string" and out["a"].isna().tolist() == [False, True]
    assert list(out["b"].cat.categories) == ["y", "x"] and out["b"].cat.codes.tolist() == [1, -1]
    assert out["c"].dtype == "int64" and "absent" not in out


def test_typed_values_keep_empty_cells_missing_and_parse_the_rest(data_copy):
    """One market_totals row loses its amount (number), deal count (integer), end date (date) and partial flag
    (boolean); another keeps them. Typed, the emptied cells are missing, never some other row's value, and the
    kept row reads back as written."""
    path = data_copy / "market_totals.csv"
    mt = pd.read_csv(path, dtype=str, keep_default_na=False)
    full = mt.index[(mt["amount_m"] != "") & (mt["deal_count"] != "") & (mt["partial"] != "")][0]
    other = mt.index[(mt["amount_m"] != "") & (mt.index != full)][0]
    keep = mt.loc[full].copy()
    for col in ("amount_m", "deal_count", "period_end", "partial"):
        mt.loc[other, col] = ""
    mt.to_csv(path, index=False, lineterminator="\n")
    typed, _, _ = validate_folder(data_copy, ["market_totals"])
    t = typed["market_totals"]
    assert t.loc[other, ["amount_m", "deal_count", "period_end", "partial"]].isna().all()
    assert t.loc[full, "amount_m"] == float(keep["amount_m"])
    assert t.loc[full, "deal_count"] == int(keep["deal_count"])
    assert t.loc[full, "period_end"] == pd.Timestamp(keep["period_end"])
    assert bool(t.loc[full, "partial"]) == (keep["partial"] == "true")
