"""Vectorised validation of a data folder against its Frictionless descriptor.

`datapackage.json` is the one schema: every field check here (type, required, unique, enum,
pattern, minimum, maximum), every primary and foreign key, and the cross-field `x-requires`
rules are read from it. `frictionless validate` stays the reference (run in the tests);
this module exists because it is an order of magnitude faster on large exports and returns
every problem at once in one shape: file, row, column, value, rule.

Row numbers follow frictionless: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.descriptor import DESCRIPTOR

# Every rule this module can report. Tests switch rules off (DISABLED_RULES) to show each is bitten by a case.
RULES = (
    "data-dir",
    "missing-descriptor",
    "descriptor-json",
    "schema-file",
    "missing-file",
    "encoding",
    "empty-file",
    "row-width",
    "blank-row",
    "descriptor-unsupported",
    "missing-column",
    "extra-column",
    "required",
    "type:integer",
    "type:number",
    "type:date",
    "type:boolean",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "unique",
    "primary-key",
    "foreign-key",
    "requires",
)
DISABLED_RULES: set[str] = set()
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
_INT_RE = r"[+-]?\d+"
_DATE_RE = r"\d{4}-\d{2}-\d{2}"


@dataclass(frozen=True)
class Problem:
    """One broken rule, located as precisely as the rule allows."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        value = "" if self.value is None else f": value {self.value!r}"
        return f"{where}{value} [{self.rule}] {self.message}"


class DataValidationError(ValueError):
    """Raised with every problem found in a data folder."""

    SHOWN = 100  # the message lists this many; `problems` keeps them all (`validate --all` prints them all)

    def __init__(self, problems: list[Problem], data_dir: Path | str = ""):
        self.problems = [p for p in problems if p.rule not in DISABLED_RULES]
        self.data_dir = data_dir
        super().__init__(self.render(self.SHOWN))

    def render(self, limit: int | None = None) -> str:
        files = sorted({p.file for p in self.problems})
        lines = [f"{len(self.problems)} problem(s) in {len(files)} file(s) of data folder {self.data_dir}:"]
        shown = self.problems if limit is None else self.problems[:limit]
        lines += [f"  - {p}" for p in shown]
        if len(shown) < len(self.problems):
            rules = pd.Series([p.rule for p in self.problems]).value_counts()
            lines.append(
                f"  ... and {len(self.problems) - len(shown)} more (by rule: "
                + ", ".join(f"{r} {n}" for r, n in rules.items())
                + "); `python -m helpers validate --all DIR` lists every one"
            )
        return "\n".join(lines)


def read_descriptor(data_dir: Path) -> dict:
    path = Path(data_dir) / DESCRIPTOR
    if not Path(data_dir).is_dir():
        raise DataValidationError(
            [Problem(str(data_dir), None, None, None, "data-dir", "data folder does not exist")], data_dir
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataValidationError(
            [Problem(str(path), None, None, None, "missing-descriptor", "no datapackage.json in the data folder")],
            data_dir,
        ) from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            [
                Problem(
                    str(path),
                    exc.lineno,
                    None,
                    None,
                    "descriptor-json",
                    f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                )
            ],
            data_dir,
        ) from None
    problems = _resolve_schemas(Path(data_dir), descriptor)
    if problems:
        raise DataValidationError(problems, data_dir)
    return descriptor


def _resolve_schemas(data_dir: Path, descriptor: dict) -> list[Problem]:
    """Replace each resource's schema path (`schemas/rounds.json`) by the schema it names, in place.

    A path must stay inside the package folder (relative, no `..`, no URL), as Frictionless requires of a
    trusted package; every unreadable schema file is reported, not only the first."""
    problems = []
    for r in descriptor.get("resources", []) if isinstance(descriptor, dict) else []:
        ref = r.get("schema") if isinstance(r, dict) else None
        if not isinstance(ref, str):
            continue
        where = str(data_dir / DESCRIPTOR)

        def bad(message, file=where, row=None):
            problems.append(Problem(file, row, "schema", ref, "schema-file", f"resource {r.get('name')}: {message}"))

        rel = Path(ref)
        if "://" in ref or rel.is_absolute() or ".." in rel.parts:
            bad("a schema path must be relative and inside the package folder")
            continue
        try:
            r["schema"] = json.loads((data_dir / rel).read_text(encoding="utf-8"))
        except OSError:
            bad(f"schema file {ref} does not exist")
        except json.JSONDecodeError as exc:
            bad(f"schema file is not valid JSON: {exc.msg} (column {exc.colno})", str(data_dir / rel), exc.lineno)
        else:
            if not isinstance(r["schema"], dict):
                bad(f"schema file {ref} holds no JSON object")
    return problems


SUPPORTED_TYPES = {"string", "integer", "number", "date", "boolean"}
SUPPORTED_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum"}
NUMERIC = {"integer", "number"}
FIELD_KEYS = {"name", "type", "constraints", "description", "title"}


def unsupported(descriptor: dict, data_dir: Path | str = "") -> list[Problem]:
    """Table Schema features the descriptor uses that this validator does not implement: each is refused by
    name (resource, field, key), never skipped. Use frictionless for those, or drop them."""
    out = []
    path = str(Path(data_dir) / DESCRIPTOR)

    def refuse(column, value, message):
        out.append(Problem(path, None, column, value, "descriptor-unsupported", message))

    for r in descriptor.get("resources", []):
        schema = r.get("schema", {})
        if not isinstance(schema, dict):
            refuse(
                None,
                str(schema)[:60],
                f"resource {r.get('name')}: the schema must be an object or a file path",
            )
            continue
        for f in schema.get("fields", []):
            where, name, ftype = (
                f"resource {r.get('name')}, field {f.get('name')}",
                f.get("name"),
                f.get("type", "string"),
            )
            if ftype not in SUPPORTED_TYPES:
                allowed = ", ".join(sorted(SUPPORTED_TYPES))
                refuse(name, ftype, f"{where}: type {ftype!r} is not implemented (use one of {allowed})")
            for key in sorted(set(f) - FIELD_KEYS):
                refuse(name, key, f"{where}: field key {key!r} is not implemented")
            for key in sorted(set(f.get("constraints", {}))):
                if key not in SUPPORTED_CONSTRAINTS or (key in ("minimum", "maximum") and ftype not in NUMERIC):
                    refuse(name, key, f"{where}: constraint {key!r} is not implemented for type {ftype!r}")
        for key in sorted(set(schema) - {"fields", "primaryKey", "foreignKeys", "missingValues"}):
            refuse(None, key, f"resource {r.get('name')}: schema key {key!r} is not implemented")
        for fk in schema.get("foreignKeys", []):
            if not _single_field_key(fk):
                refuse(
                    None,
                    "foreignKeys",
                    f"resource {r.get('name')}: a foreign key here names one field on each side, as a string",
                )
        if schema.get("missingValues", [""]) != [""]:
            refuse(None, "missingValues", f"resource {r.get('name')}: only empty cells count as missing here")
    return out


def _single_field_key(fk: dict) -> bool:
    return isinstance(fk.get("fields"), str) and isinstance(fk.get("reference", {}).get("fields"), str)


def resources_by_name(descriptor: dict) -> dict[str, dict]:
    return {r["name"]: r for r in descriptor.get("resources", [])}


def needed_resources(descriptor: dict, names: list[str] | None) -> list[str]:
    """The named resources plus everything their foreign keys reach (transitively)."""
    res = resources_by_name(descriptor)
    if names is None:
        return list(res)
    unknown = [n for n in names if n not in res]
    if unknown:
        raise KeyError(f"unknown table(s) {unknown}; the package has {sorted(res)}")
    todo, seen = list(names), []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        for fk in res[name]["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            todo.append(target)
    return [n for n in res if n in seen]


def _read_text(path: Path, file: str, problems: list[Problem]) -> str | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(
            Problem(file, None, None, None, "missing-file", "file named by datapackage.json does not exist")
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.end + 3]
        problems.append(
            Problem(
                file, line, None, repr(bad)[2:-1], "encoding", f"not UTF-8 (byte {exc.start}): save the file as UTF-8"
            )
        )
        return None


@dataclass
class _Column:
    """One column as text, coded once: `codes` index `uniq` (its distinct non-empty values, in order of first
    appearance) and are -1 where the cell is empty; `values` holds NaN there. Every rule works on `uniq` and
    maps back through `codes`, so each distinct value is hashed, matched or parsed once: at a million rows the
    hash lookups, not the parsing, are what grow faster than the rows (their tables outgrow the CPU caches)."""

    values: np.ndarray
    codes: np.ndarray
    uniq: np.ndarray

    @property
    def present(self) -> np.ndarray:
        return self.codes >= 0

    def at(self, per_uniq: np.ndarray) -> np.ndarray:
        """A per-distinct-value mask as a per-cell mask (False where the cell is empty)."""
        return _at(per_uniq, self.codes)

    def take(self, per_uniq) -> pd.Series:
        """Per-distinct-value typed values (a pandas extension array) as a per-cell Series, empty cells missing."""
        return pd.Series(per_uniq.take(self.codes, allow_fill=True))

    def code_of(self, value: str) -> int | None:
        hit = np.flatnonzero(self.uniq == value)
        return int(hit[0]) if len(hit) else None


def _at(per_uniq: np.ndarray, codes: np.ndarray) -> np.ndarray:
    if not len(per_uniq):
        return np.zeros(len(codes), bool)
    return np.where(codes >= 0, per_uniq[np.maximum(codes, 0)], False)


def _coded(cells: np.ndarray) -> _Column:
    """`cells` as read (NaN where empty) with their codes: pd.factorize gives missing cells -1."""
    codes, uniq = pd.factorize(cells)
    codes = codes.astype(np.int32) if len(uniq) < 2**31 else codes  # half the memory of every table's codes
    return _Column(cells, codes, np.asarray(uniq, dtype=object))


@dataclass
class _Table:
    """A table's columns by name, and each kept row's number as frictionless counts it (header row 1)."""

    columns: dict[str, _Column]
    rownum: np.ndarray

    def __len__(self) -> int:
        return len(self.rownum)


def _read_table(text: str, file: str, problems: list[Problem]) -> _Table | None:
    """The table as coded text columns, blank rows reported and left out."""
    if not text.strip():
        problems.append(Problem(file, None, None, None, "empty-file", "file is empty: it needs at least a header row"))
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=object, keep_default_na=False, na_values=[""], skip_blank_lines=False, engine="c"
        )
    except pd.errors.ParserError:  # a row with more cells than the header
        _ragged_rows(text, file, problems)
        return None
    # pandas pads a row with fewer cells than the header silently; frictionless reports it, and so do we.
    if _maybe_short_row(text, len(frame.columns)) and _ragged_rows(text, file, problems):
        return None
    columns = {str(c): _coded(frame[c].to_numpy(dtype=object)) for c in frame.columns}
    del frame
    blank = np.logical_and.reduce([c.codes < 0 for c in columns.values()]) if columns else np.zeros(0, bool)
    for i in np.flatnonzero(blank):
        problems.append(Problem(file, int(i) + 2, None, None, "blank-row", "row is blank: delete it"))
    keep = np.flatnonzero(~blank)
    if blank.any():
        # a blank row holds only empty cells, so every distinct value is still in use
        columns = {n: _Column(c.values[keep], c.codes[keep], c.uniq) for n, c in columns.items()}
    return _Table(columns, keep + 2)


def _ragged_rows(text: str, file: str, problems: list[Problem]) -> bool:
    """Every row whose cell count differs from the header's, located by the csv module (the slow, exact path)."""
    rows = list(csv.reader(io.StringIO(text)))
    width, found = len(rows[0]), False
    for i, r in enumerate(rows[1:], start=2):
        if r and len(r) != width and any(r):
            found = True
            message = f"row has {len(r)} cells, the header has {width}"
            problems.append(Problem(file, i, None, ",".join(r)[:80], "row-width", message))
    return found


_CHUNK = 1 << 22  # characters per step: bounds the memory of the scan below at any file size


def _maybe_short_row(text: str, width: int) -> bool:
    """Whether some non-blank record has fewer cells than `width`, by counting the commas and line ends outside
    quotes with numpy (quote parity from a running count). Only a gate for `_ragged_rows`: a false alarm costs
    one csv pass, and that pass decides what is reported."""
    if width <= 1:
        return False
    parity, commas, length, header = 0, 0, 0, True
    for start in range(0, len(text), _CHUNK):
        b = np.frombuffer(text[start : start + _CHUNK].encode("utf-8"), np.uint8)
        if parity or (b == 34).any():
            inside = (np.cumsum(b == 34, dtype=np.uint8) + parity) & 1  # uint8 wraps at 256: parity is kept
            parity = int(inside[-1])
            outside = inside == 0
            nl, cm = np.flatnonzero((b == 10) & outside), np.flatnonzero((b == 44) & outside)
        else:
            nl, cm = np.flatnonzero(b == 10), np.flatnonzero(b == 44)
        if len(nl) == 0:
            commas, length = commas + len(cm), length + len(b)
            continue
        per = np.diff(np.searchsorted(cm, nl), prepend=0)
        per[0] += commas
        lens = np.diff(nl, prepend=-1) - 1
        lens[0] += length
        blank = (lens == 0) | ((lens == 1) & (b[np.maximum(nl - 1, 0)] == 13))
        short = (per + 1 < width) & ~blank
        if header:
            short[0], header = False, False
        if short.any():
            return True
        commas, length = len(cm) - int(np.searchsorted(cm, nl[-1])), len(b) - int(nl[-1]) - 1
    return not header and length > 0 and commas + 1 < width and text[-length:].strip() != ""


def _cell_problems(file: str, table: _Table, col: str, mask, rule: str, message: str) -> list[Problem]:
    idx = np.flatnonzero(np.asarray(mask, dtype=bool))
    values = table.columns[col].values[idx]
    return [
        Problem(file, int(n), col, None if v is None or v is np.nan else str(v), rule, message)
        for n, v in zip(table.rownum[idx], values)
    ]


def _all_match(strs: list[str], pattern: str) -> bool:
    """Whether every string fully matches, in one regex scan over the strings joined by newlines: each match
    must start at a line start and end at a line end, so as many matches as lines means each line matched
    whole (a match spanning lines would cover two with one). Used only when no string holds a newline."""
    joined = "\n".join(strs)
    if joined.count("\n") != len(strs) - 1:
        return False
    return len(re.findall(f"^(?:{pattern})$", joined, flags=re.M)) == len(strs)


def _match_each(uniq: np.ndarray, pattern: str) -> np.ndarray:
    """Regex full match per distinct value. Many distinct values (ids) are checked in one scan first; only
    when some value fails is each one matched."""
    strs = [str(u) for u in uniq]
    if len(strs) > 1000 and _all_match(strs, pattern):
        return np.ones(len(strs), bool)
    rx = re.compile(pattern)
    return np.fromiter((rx.fullmatch(s) is not None for s in strs), bool, len(strs))


def _fullmatch(values: np.ndarray, pattern: str) -> np.ndarray:
    """Regex full match per cell (missing cells: False)."""
    codes, uniq = pd.factorize(values)
    return _at(_match_each(uniq, pattern), codes)


def _isin(values: np.ndarray, allowed) -> np.ndarray:
    # A hash lookup on object arrays: far faster than Series.isin on Arrow-backed strings.
    return pd.Index(list(allowed), dtype=object).get_indexer(values) >= 0


def _repeats(codes: np.ndarray) -> np.ndarray:
    """Which cells repeat an earlier cell's code. Codes from pd.factorize number values in order of first
    appearance, so a cell is a first appearance exactly when its code exceeds every code before it: one
    running maximum, no sort and no second hash."""
    before = np.maximum.accumulate(np.concatenate(([-1], codes[:-1]))) if len(codes) else codes
    return codes <= before


_EMPTY = {"integer": "Int64", "number": "Float64", "date": "datetime64[ns]", "boolean": "boolean"}


def _check_field(file: str, table: _Table, field: dict) -> tuple[list[Problem], pd.Series]:
    """Check one column; return its problems and its typed values (invalid cells as missing)."""
    name, ftype = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    col = table.columns[name]
    present = col.present
    problems: list[Problem] = []
    if cons.get("required"):
        problems += _cell_problems(file, table, name, ~present, "required", "a value is required")
    if not present.any():  # an empty column breaks no other rule
        if ftype == "string":
            return problems, pd.Series(col.values, dtype=object)
        return problems, pd.Series(pd.NA, index=pd.RangeIndex(len(table)), dtype=_EMPTY.get(ftype, object))
    uniq = pd.Series(col.uniq, dtype=object)
    typed: pd.Series
    if ftype == "integer":
        ok_u = _match_each(col.uniq, _INT_RE)
        typed = col.take(pd.to_numeric(uniq.where(ok_u), errors="coerce").astype("Int64").array)
    elif ftype == "number":
        conv = pd.to_numeric(uniq, errors="coerce").astype("Float64")
        ok_u, typed = conv.notna().to_numpy(), col.take(conv.array)
    elif ftype == "date":
        shaped = _match_each(col.uniq, _DATE_RE)
        conv = pd.to_datetime(uniq.where(shaped), format="%Y-%m-%d", errors="coerce")
        ok_u, typed = conv.notna().to_numpy(), col.take(conv.array)
    elif ftype == "boolean":
        t_u, f_u = _isin(col.uniq, TRUE_VALUES), _isin(col.uniq, FALSE_VALUES)
        ok_u = t_u | f_u
        typed = col.take(pd.array(t_u, dtype="boolean")).where(col.at(ok_u))
    else:
        # strings stay object here; finish_types gives loaded frames their string dtype
        ok_u, typed = np.ones(len(col.uniq), bool), pd.Series(col.values, dtype=object)
    ok = col.at(ok_u)
    bad_type = present & ~ok
    problems += _cell_problems(
        file,
        table,
        name,
        bad_type,
        f"type:{ftype}",
        f"not a valid {ftype}" + (" (use YYYY-MM-DD)" if ftype == "date" else ""),
    )
    valid = present & ok
    if "enum" in cons:
        allowed = cons["enum"]
        problems += _cell_problems(
            file, table, name, valid & ~col.at(_isin(col.uniq, allowed)), "enum", f"must be one of {', '.join(allowed)}"
        )
    if "pattern" in cons:
        problems += _cell_problems(
            file,
            table,
            name,
            valid & ~col.at(_match_each(col.uniq, cons["pattern"])),
            "pattern",
            f"must match {cons['pattern']}",
        )
    for key, op, word in (("minimum", np.less, ">="), ("maximum", np.greater, "<=")):
        if key in cons and ftype in ("integer", "number"):
            vals = typed.to_numpy(dtype="float64", na_value=np.nan)
            with np.errstate(invalid="ignore"):
                bad = valid & op(vals, cons[key])
            problems += _cell_problems(file, table, name, bad, key, f"must be {word} {cons[key]}")
    if cons.get("unique"):
        problems += _cell_problems(
            file, table, name, valid & _repeats(col.codes), "unique", "value repeats an earlier row"
        )
    return problems, typed


def _check_requires(file: str, table: _Table, rules: list[dict]) -> list[Problem]:
    """Cross-field rules from the descriptor's `x-requires`: when `when` holds, `then` columns need values."""
    problems = []
    for rule in rules:
        cond = rule["when"]
        if "=" in cond:
            name, val = cond.split("=", 1)
            col = table.columns[name]
            code = col.code_of(val)
            active = col.codes == code if code is not None else np.zeros(len(table), bool)
        else:
            active = table.columns[cond].present
        for target in rule["then"]:
            missing = active & ~table.columns[target].present
            problems += _cell_problems(
                file,
                table,
                target,
                missing,
                "requires",
                f"a value is required when {cond.replace('=', ' is ')}" + (" is given" if "=" not in cond else ""),
            )
    return problems


def _key_repeats(table: _Table, pk: list[str]) -> np.ndarray:
    """Which rows repeat an earlier row's (complete) composite key, from the columns' codes combined pairwise
    and recoded, so the combined code stays below the row count."""
    key = table.columns[pk[0]].codes.astype(np.int64)
    complete = table.columns[pk[0]].present
    for name in pk[1:]:
        col = table.columns[name]
        key, _ = pd.factorize(key * (len(col.uniq) + 1) + (col.codes + 1))
        complete = complete & col.present
    return _repeats(key) & complete


def validate_folder(
    data_dir: Path | str, tables: list[str] | None = None
) -> tuple[dict[str, pd.DataFrame], list[Problem], dict]:
    """Validate `tables` (default all) and what they reference. Returns typed frames, problems, descriptor."""
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir)
    res = resources_by_name(descriptor)
    problems: list[Problem] = []
    raw: dict[str, _Table] = {}
    typed: dict[str, pd.DataFrame] = {}
    names = needed_resources(descriptor, tables)
    key_columns: dict[str, set[str]] = {n: set() for n in res}  # per table, the columns foreign keys use on either side
    for n in names:
        for fk in filter(_single_field_key, res[n]["schema"].get("foreignKeys", [])):
            key_columns[n].add(fk["fields"])
            key_columns[fk["reference"]["resource"] or n].add(fk["reference"]["fields"])
    problems += [
        p
        for p in unsupported(descriptor, data_dir)
        if any(f"resource {n}," in p.message or f"resource {n}:" in p.message for n in names)
    ]
    for name in names:
        r = res[name]
        file = str(data_dir / r["path"])
        text = _read_text(data_dir / r["path"], file, problems)
        if text is None:
            continue
        table = _read_table(text, file, problems)
        del text
        if table is None:
            continue
        fields = r["schema"]["fields"]
        names_expected = [f["name"] for f in fields]
        for missing in [n for n in names_expected if n not in table.columns]:
            problems.append(
                Problem(
                    file,
                    1,
                    missing,
                    None,
                    "missing-column",
                    "column defined in datapackage.json is missing from the header",
                )
            )
        for extra in [c for c in table.columns if c not in names_expected]:
            problems.append(
                Problem(file, 1, str(extra), None, "extra-column", "column is not defined in datapackage.json")
            )
        if any(n not in table.columns for n in names_expected):
            continue
        out = {}
        for field in fields:
            p, out[field["name"]] = _check_field(file, table, field)
            problems += p
        problems += _check_requires(file, table, r.get("x-requires", []))
        pk = r["schema"].get("primaryKey", [])
        if isinstance(pk, str):
            pk = [pk]
        if len(pk) > 1:
            idx = np.flatnonzero(_key_repeats(table, pk))
            keys = zip(*(table.columns[k].values[idx] for k in pk))
            problems += [
                Problem(
                    file,
                    int(n),
                    ",".join(pk),
                    "|".join(map(str, k)),
                    "primary-key",
                    "this key repeats an earlier row",
                )
                for n, k in zip(table.rownum[idx], keys)
            ]
        # only key columns are needed past this point: dropping the rest frees their codes at once
        raw[name] = _Table({k: c for k, c in table.columns.items() if k in key_columns[name]}, table.rownum)
        typed[name] = pd.DataFrame(out)
        del table, out
    known: dict[tuple[str, str], pd.Index] = {}  # one hash table per referenced key, however many tables use it
    for name in names:
        if name not in raw:
            continue
        r = res[name]
        file = str(data_dir / r["path"])
        for fk in filter(_single_field_key, r["schema"].get("foreignKeys", [])):
            field, target = fk["fields"], fk["reference"]["resource"] or name
            ref_field = fk["reference"]["fields"]
            if target not in raw:
                continue
            if (target, ref_field) not in known:
                # get_indexer on an object Index is a hash lookup: far faster than Series.isin on Arrow strings.
                known[target, ref_field] = pd.Index(raw[target].columns[ref_field].uniq, dtype=object)
            col = raw[name].columns[field]
            found = col.at(known[target, ref_field].get_indexer(col.uniq) >= 0)
            problems += _cell_problems(
                file,
                raw[name],
                field,
                col.present & ~found,
                "foreign-key",
                f"no row in {target}.{ref_field} has this value",
            )
    return typed, [p for p in problems if p.rule not in DISABLED_RULES], descriptor


def finish_types(frame: pd.DataFrame, resource: dict) -> pd.DataFrame:
    """Enum columns become categoricals with the schema's categories; other strings get pandas' string dtype."""
    for field in resource["schema"]["fields"]:
        enum = field.get("constraints", {}).get("enum")
        if not enum and field.get("type", "string") == "string" and field["name"] in frame:
            frame[field["name"]] = frame[field["name"]].astype("string")
        if enum and field["name"] in frame:
            # from_codes skips re-hashing every value: validated cells are in the enum or missing (-1).
            codes = pd.Index(enum, dtype=object).get_indexer(frame[field["name"]].to_numpy(dtype=object, na_value=None))
            frame[field["name"]] = pd.Categorical.from_codes(codes, categories=enum)
    return frame
