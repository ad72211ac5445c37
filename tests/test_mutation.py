"""The suite bites: with any one validation rule switched off, the case written for it stops passing.

Every rule the validator can report (`validate.RULES`) has a corruption here; each case is run once
with all rules on (it must find its problem) and once with its rule switched off (it must not).
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import validate as V
from helpers.data.descriptor import write_descriptor


def edit(table, fn):
    def corrupt(folder):
        df = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        fn(df).to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")

    return corrupt


def setcell(table, col, value, row=0):
    def fn(df):
        df.loc[row, col] = value
        return df

    return edit(table, fn)


def write_text(name, text, binary=False):
    def corrupt(folder):
        (folder / name).write_bytes(text) if binary else (folder / name).write_text(text)

    return corrupt


def _add_constraint(folder, resource, field, key, value):
    dp = V.read_descriptor(folder)
    r = next(r for r in dp["resources"] if r["name"] == resource)
    f = next(f for f in r["schema"]["fields"] if f["name"] == field)
    f.setdefault("constraints", {})[key] = value
    write_descriptor(folder, dp)


CASES = {
    "data-dir": lambda folder: None,  # validated folder is replaced by a missing one below
    "missing-descriptor": lambda folder: (folder / "datapackage.json").unlink(),
    "descriptor-json": write_text("datapackage.json", "{oops"),
    "schema-file": lambda folder: (folder / "schemas" / "events.json").unlink(),
    "missing-file": lambda folder: (folder / "events.csv").unlink(),
    "encoding": write_text("events.csv", "event_id,date\n\xff\xfe".encode("latin-1"), binary=True),
    "empty-file": write_text("events.csv", ""),
    "row-width": lambda folder: (folder / "events.csv").write_text(
        (folder / "events.csv").read_text() + "a,b,c,d,e,f,g,h\n"
    ),
    "blank-row": lambda folder: (folder / "events.csv").write_text(
        (lambda lines: "\n".join(lines[:3] + [""] + lines[3:]))((folder / "events.csv").read_text().split("\n"))
    ),
    "descriptor-unsupported": lambda folder: _add_constraint(folder, "events", "title", "maxLength", 10),
    "missing-column": edit("events", lambda df: df.drop(columns=["kind"])),
    "extra-column": edit("events", lambda df: df.assign(extra="x")),
    "required": setcell("events", "title", ""),
    "type:integer": setcell("market_totals", "deal_count", "1.5"),
    "type:number": setcell("rounds", "amount_m", "ten"),
    "type:date": setcell("events", "date", "2024-02-30"),
    "type:boolean": setcell("market_totals", "partial", "maybe"),
    "enum": setcell("events", "kind", "gossip"),
    "pattern": setcell("sources", "url", "ftp://x"),
    "minimum": setcell("rounds", "post_money_m", "-2"),
    "maximum": setcell("stakes", "stake_pct", "101"),
    "unique": edit("events", lambda df: df.assign(event_id=[df["event_id"].iloc[0]] * len(df))),
    "primary-key": edit("round_reports", lambda df: pd.concat([df, df.iloc[[0]]])),
    "foreign-key": setcell("events", "source_id", "ghost"),
    "requires": edit("rounds", lambda df: df.assign(currency=df["currency"].where(df["amount_m"] == "", ""))),
}


def test_every_rule_has_a_case():
    assert set(CASES) == set(V.RULES)


def found(folder, rule) -> bool:
    try:
        _, problems, _ = V.validate_folder(folder)
    except V.DataValidationError as exc:
        problems = exc.problems
    return any(p.rule == rule for p in problems)


@pytest.mark.parametrize("rule", V.RULES)
def test_case_finds_its_rule_and_stops_when_the_rule_is_off(rule, data_copy, monkeypatch):
    CASES[rule](data_copy)
    folder = data_copy.parent / "missing" if rule == "data-dir" else data_copy
    assert found(folder, rule)
    monkeypatch.setattr(V, "DISABLED_RULES", {rule})
    assert not found(folder, rule)
