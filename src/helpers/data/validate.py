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
        if schema.get("missingValues", [""]) != [""]:
            refuse(None, "missingValues", f"resource {r.get('name')}: only empty cells count as missing here")
    return out


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


def _read_table(text: str, file: str, problems: list[Problem]) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The table as strings (missing cells NaN) and which cells are present, blank rows reported and left out.
    The presence mask is computed once here: every rule needs it, and at a million rows it is not free."""
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
    # A blank row is reported where it is and left out, and every later row keeps its number as frictionless
    # counts it (the header is row 1): `rownum` carries each kept row's number.
    present = frame.notna()
    blank = ~present.any(axis=1).to_numpy()
    for i in np.flatnonzero(blank):
        problems.append(Problem(file, int(i) + 2, None, None, "blank-row", "row is blank: delete it"))
    if blank.any():
        # only then: pandas deep-copies attrs into every column taken from the frame (a million rows each)
        rownum = np.flatnonzero(~blank) + 2
        frame = frame[~blank].reset_index(drop=True)
        present = present[~blank].reset_index(drop=True)
        frame.attrs["rownum"] = rownum
    return frame, present


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


def _rownum(frame: pd.DataFrame, idx: np.ndarray) -> np.ndarray:
    nums = frame.attrs.get("rownum")
    return nums[idx] if nums is not None and len(nums) == len(frame) else idx + 2


def _cell_problems(file, frame, col, mask, rule, message) -> list[Problem]:
    idx = np.flatnonzero(np.asarray(mask, dtype=bool))
    values = frame[col].to_numpy()[idx]
    return [
        Problem(file, int(n), col, None if v is None or v is np.nan else str(v), rule, message)
        for n, v in zip(_rownum(frame, idx), values)
    ]


def _all_match(strs: list[str], pattern: str) -> bool:
    """Whether every string fully matches, in one regex scan over the strings joined by newlines: each match
    must start at a line start and end at a line end, so as many matches as lines means each line matched
    whole (a match spanning lines would cover two with one). Used only when no string holds a newline."""
    joined = "\n".join(strs)
    if joined.count("\n") != len(strs) - 1:
        return False
    return len(re.findall(f"^(?:{pattern})$", joined, flags=re.M)) == len(strs)


def _fullmatch(values: np.ndarray, pattern: str) -> np.ndarray:
    """Regex full match per cell, evaluated once per distinct value (missing cells: False). Columns of many
    distinct values (ids) are checked in one scan first; only when some value fails is each one matched."""
    codes, uniq = pd.factorize(values)
    strs = [str(u) for u in uniq]
    if len(strs) > 1000 and _all_match(strs, pattern):
        ok = np.ones(len(strs), bool)
    else:
        rx = re.compile(pattern)
        ok = np.fromiter((rx.fullmatch(s) is not None for s in strs), bool, len(strs))
    return np.where(codes >= 0, ok[np.maximum(codes, 0)] if len(uniq) else False, False)


def _isin(values: np.ndarray, allowed) -> np.ndarray:
    # A hash lookup on object arrays: far faster than Series.isin on Arrow-backed strings.
    return pd.Index(list(allowed), dtype=object).get_indexer(values) >= 0


def _check_field(file: str, frame: pd.DataFrame, field: dict, present: np.ndarray) -> tuple[list[Problem], pd.Series]:
    """Check one column (`present`: which of its cells hold a value); return its problems and its typed
    values (invalid cells as missing)."""
    name, ftype = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    col = frame[name]
    values = col.to_numpy(dtype=object)
    problems: list[Problem] = []
    if cons.get("required"):
        problems += _cell_problems(file, frame, name, ~present, "required", "a value is required")
    if not present.any():  # an empty column breaks no other rule
        return problems, col if ftype == "string" else pd.Series(
            pd.NA,
            index=col.index,
            dtype={"integer": "Int64", "number": "Float64", "date": "datetime64[ns]", "boolean": "boolean"}.get(
                ftype, object
            ),
        )
    typed: pd.Series
    if ftype == "integer":
        ok = _fullmatch(values, _INT_RE)
        typed = pd.to_numeric(col.where(ok), errors="coerce").astype("Int64")
    elif ftype == "number":
        typed = pd.to_numeric(col, errors="coerce").astype("Float64")
        ok = typed.notna().to_numpy()
    elif ftype == "date":
        shaped = _fullmatch(values, _DATE_RE)
        typed = pd.to_datetime(col.where(shaped), format="%Y-%m-%d", errors="coerce")
        ok = typed.notna().to_numpy()
    elif ftype == "boolean":
        t, f = _isin(values, TRUE_VALUES), _isin(values, FALSE_VALUES)
        ok = t | f
        typed = pd.Series(pd.array(np.where(ok, t, False), dtype="boolean"), index=col.index).where(ok)
    else:
        typed, ok = col, present  # strings stay object here; finish_types gives loaded frames their string dtype
    bad_type = present & ~ok
    problems += _cell_problems(
        file,
        frame,
        name,
        bad_type,
        f"type:{ftype}",
        f"not a valid {ftype}" + (" (use YYYY-MM-DD)" if ftype == "date" else ""),
    )
    valid = present & ok
    if "enum" in cons:
        allowed = cons["enum"]
        problems += _cell_problems(
            file, frame, name, valid & ~_isin(values, allowed), "enum", f"must be one of {', '.join(allowed)}"
        )
    if "pattern" in cons:
        problems += _cell_problems(
            file, frame, name, valid & ~_fullmatch(values, cons["pattern"]), "pattern", f"must match {cons['pattern']}"
        )
    for key, op, word in (("minimum", np.less, ">="), ("maximum", np.greater, "<=")):
        if key in cons and ftype in ("integer", "number"):
            vals = typed.to_numpy(dtype="float64", na_value=np.nan)
            with np.errstate(invalid="ignore"):
                bad = valid & op(vals, cons[key])
            problems += _cell_problems(file, frame, name, bad, key, f"must be {word} {cons[key]}")
    if cons.get("unique"):
        bad = valid & pd.Series(values).duplicated(keep="first").to_numpy()
        problems += _cell_problems(file, frame, name, bad, "unique", "value repeats an earlier row")
    return problems, typed


def _check_requires(file: str, frame: pd.DataFrame, rules: list[dict], present: pd.DataFrame) -> list[Problem]:
    """Cross-field rules from the descriptor's `x-requires`: when `when` holds, `then` columns need values."""
    problems = []
    for rule in rules:
        cond = rule["when"]
        if "=" in cond:
            col, val = cond.split("=", 1)
            active = frame[col].to_numpy(dtype=object) == val
        else:
            active = present[cond].to_numpy()
        for target in rule["then"]:
            missing = active & ~present[target].to_numpy()
            problems += _cell_problems(
                file,
                frame,
                target,
                missing,
                "requires",
                f"a value is required when {cond.replace('=', ' is ')}" + (" is given" if "=" not in cond else ""),
            )
    return problems


def validate_folder(
    data_dir: Path | str, tables: list[str] | None = None
) -> tuple[dict[str, pd.DataFrame], list[Problem], dict]:
    """Validate `tables` (default all) and what they reference. Returns typed frames, problems, descriptor."""
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir)
    res = resources_by_name(descriptor)
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame] = {}
    presence: dict[str, pd.DataFrame] = {}
    typed: dict[str, pd.DataFrame] = {}
    names = needed_resources(descriptor, tables)
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
        read = _read_table(text, file, problems)
        if read is None:
            continue
        frame, present = read
        fields = r["schema"]["fields"]
        names_expected = [f["name"] for f in fields]
        for missing in [n for n in names_expected if n not in frame.columns]:
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
        for extra in [c for c in frame.columns if c not in names_expected]:
            problems.append(
                Problem(file, 1, str(extra), None, "extra-column", "column is not defined in datapackage.json")
            )
        if any(n not in frame.columns for n in names_expected):
            continue
        out = {}
        for field in fields:
            p, out[field["name"]] = _check_field(file, frame, field, present[field["name"]].to_numpy())
            problems += p
        problems += _check_requires(file, frame, r.get("x-requires", []), present)
        pk = r["schema"].get("primaryKey", [])
        if isinstance(pk, str):
            pk = [pk]
        if len(pk) > 1:
            dup = frame.duplicated(subset=pk, keep="first").to_numpy() & present[pk].all(axis=1).to_numpy()
            idx = np.flatnonzero(dup)
            keys = frame[pk].to_numpy()[idx]
            problems += [
                Problem(
                    file,
                    int(n),
                    ",".join(pk),
                    "|".join(map(str, k)),
                    "primary-key",
                    "this key repeats an earlier row",
                )
                for n, k in zip(_rownum(frame, idx), keys)
            ]
        raw[name], presence[name] = frame, present
        typed[name] = pd.DataFrame(out)
    for name in names:
        if name not in raw:
            continue
        r = res[name]
        file = str(data_dir / r["path"])
        for fk in r["schema"].get("foreignKeys", []):
            field, target = fk["fields"], fk["reference"]["resource"] or name
            ref_field = fk["reference"]["fields"]
            if target not in raw:
                continue
            values = raw[name][field]
            known = pd.Index(raw[target][ref_field].dropna().unique())
            present = presence[name][field].to_numpy()
            # get_indexer on an object Index is a hash lookup: far faster than Series.isin on Arrow strings.
            found = known.get_indexer(values.to_numpy(dtype=object)) >= 0
            problems += _cell_problems(
                file,
                raw[name],
                field,
                present & ~found,
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
