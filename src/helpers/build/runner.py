"""Turn notebooks + a data folder into offline HTML reports, one variant at a time.

`reports.yaml` declares the variants (notebook, parameters, output name) and, per notebook, the analysis
module it tells; the tables it reads come from that module's `TABLES`, declared once. `make` decides what is
out of date from a generated fragment (`makefile` command); `build NAME` runs one variant: papermill into an
executed notebook, nbconvert into HTML written atomically, a status record, and the index. A failure leaves
the previous HTML untouched, keeps the executed notebook with its traceback, and marks the report stale.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers import paths

from helpers.paths import ANSWER_MIME, FINDINGS_MIME

# jsonschema (via nbformat) imports rfc3987_syntax for an optional IRI format check that notebook
# validation never uses; that package compiles a grammar at import, about 1 s of every build.
# Marking it absent makes jsonschema skip the check, as it does when the package is not installed.
sys.modules.setdefault("rfc3987_syntax", None)
STATE_DIR = ".build"


@dataclass(frozen=True)
class Variant:
    name: str
    notebook: Path
    title: str
    summary: str
    parameters: dict = field(default_factory=dict)
    tables: tuple[str, ...] = ()
    index: str = "card"  # how the index lists it: a card, or a row of its notebook's table ("table")
    group: str = ""  # the notebook's title in the index, for variants listed as a table


def load_variants(path: Path = paths.VARIANTS) -> list[Variant]:
    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    notebooks = spec["notebooks"]
    out, seen = [], set()
    for i, v in enumerate(spec["reports"]):
        name = v["name"]
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) or name == "index" or name in seen:
            raise ValueError(
                f"{path}: report #{i + 1} has a bad or repeated name {name!r} (lowercase letters, digits, -)"
            )
        seen.add(name)
        nb = v["notebook"]
        if nb not in notebooks:
            raise ValueError(f"{path}: report {name!r} names notebook {nb!r}, which is not under 'notebooks:'")
        out.append(
            Variant(
                name,
                paths.ROOT / nb,
                v["title"],
                v.get("summary", notebooks[nb].get("summary", "")),
                dict(v.get("parameters") or {}),
                analysis_tables(notebooks[nb]["analysis"]),
                notebooks[nb].get("index", "card"),
                notebooks[nb].get("title", ""),
            )
        )
        if out[-1].index not in ("card", "table"):
            raise ValueError(f"{path}: notebook {nb!r} has index {out[-1].index!r}; use card or table")
    return out


def analysis_tables(module: str) -> tuple[str, ...]:
    """The `TABLES` an analysis module declares, read from its source (no import: make reads this often)."""
    import ast

    path = paths.ROOT / "src" / "helpers" / "analysis" / f"{module}.py"
    if not re.fullmatch(r"[a-z_]+", module) or not path.exists():
        raise ValueError(f"{paths.VARIANTS}: analysis module {module!r} is not in src/helpers/analysis/")
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "TABLES" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise ValueError(f"{path}: declares no TABLES (the tables its report reads)")


HELPER_SUFFIXES = (".py", ".j2", ".css", ".json")


def helper_files() -> list[Path]:
    pkg = Path(__file__).resolve().parents[1]  # the whole helpers package, every layer
    return sorted(
        p for p in pkg.rglob("*") if p.is_file() and p.suffix in HELPER_SUFFIXES and "__pycache__" not in p.parts
    )


def data_files(variant: Variant, data_dir: Path) -> list[Path]:
    from helpers.data.descriptor import descriptor_files
    from helpers.data.validate import needed_resources, read_descriptor, resources_by_name

    descriptor = read_descriptor(data_dir)
    res = resources_by_name(descriptor)
    names = needed_resources(descriptor, list(variant.tables))
    return descriptor_files(data_dir, names) + [data_dir / res[n]["path"] for n in names]


def input_hash(variant: Variant, data_dir: Path) -> str:
    h = hashlib.sha256(json.dumps({"parameters": variant.parameters, "title": variant.title}, sort_keys=True).encode())
    for p in [variant.notebook, *helper_files(), *data_files(variant, data_dir)]:
        h.update(str(p.name).encode())
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()[:12]


def _rel(p: Path) -> str:
    return os.path.relpath(p, paths.ROOT)


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic_write(path, text.encode("utf-8"))


# Test-only: "NAME=FLAG" makes atomic_write of a file called NAME create FLAG and wait between writing the
# temporary file and renaming it, so a test can SIGKILL the build at exactly that point.
PAUSE_ENV = "HELPERS_TEST_PAUSE_BEFORE_RENAME"


def _test_pause(path: Path) -> None:
    name, _, flag = os.environ.get(PAUSE_ENV, "").partition("=")
    if name and name == path.name:
        Path(flag).write_text(str(os.getpid()))
        time.sleep(600)


def atomic_write(path: Path, data: bytes) -> None:
    """Write next to the target and rename, so readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        _test_pause(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def file_lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ---------------------------------------------------------------- make fragment
def makefile_fragment(data_dir: Path, out_dir: Path) -> str:
    """Rules for every variant: its HTML depends on notebook, parameters, helpers and the data it reads."""
    variants = load_variants()
    state = out_dir / STATE_DIR
    # The helper list is read by make each time it runs, never frozen here: a new module rebuilds every
    # report, as the index's input hash (helper_files) says it should. Same suffixes as helper_files().
    pkg = _rel(Path(__file__).resolve().parents[1])
    find = f"find {pkg} -type f \\( " + " -o ".join(f"-name '*{s}'" for s in HELPER_SUFFIXES) + " \\) | LC_ALL=C sort"
    lines = [
        "# Generated by `python -m helpers makefile` from reports.yaml: do not edit.",
        f"HELPER_FILES := $(shell {find})",
        "",
    ]
    targets = []
    for i, v in enumerate(variants, 1):
        params = state / "params" / f"{v.name}.json"
        # the variant's stamp: its parameters and its title, so renaming a report rebuilds its page
        write_if_changed(
            params, json.dumps({"parameters": v.parameters, "title": v.title}, sort_keys=True, indent=1) + "\n"
        )
        deps = [_rel(v.notebook), _rel(params), "$(HELPER_FILES)", *(_rel(p) for p in data_files(v, data_dir))]
        target = _rel(out_dir / f"{v.name}.html")
        targets.append(target)
        lines += [
            f"{target}: {' '.join(deps)}",
            f"\t@$(PY) -m helpers build {v.name} --data $(DATA) --out $(OUT) --progress {i}/{len(variants)}",
            "",
        ]
    index = _rel(out_dir / "index.html")
    lines += [
        f"REPORT_FILES := {' '.join(targets)}",
        f"INDEX_FILE := {index}",
        f"{index}: $(REPORT_FILES) reports.yaml",
        "\t@$(PY) -m helpers index --data $(DATA) --out $(OUT)",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- one report
def _notebook_parameters(variant: Variant, data_dir: Path) -> dict:
    import papermill

    declared = papermill.inspect_notebook(str(variant.notebook))
    unknown = sorted(set(variant.parameters) - set(declared))
    if unknown:
        raise ValueError(
            f"reports.yaml: report {variant.name!r} sets parameter(s) {unknown} that "
            f"{_rel(variant.notebook)} does not declare; it declares {sorted(declared)}"
        )
    params = dict(variant.parameters)
    # Relative to the notebook folder (papermill's cwd) so executed notebooks do not embed this machine's paths.
    params["data_dir"] = os.path.relpath(data_dir.resolve(), variant.notebook.parent)
    return params


def _ipc_kernel(sock_dir: str):
    """A kernel talking over private Unix sockets instead of loopback TCP (no open ports, no plain-text warning).
    Its connection file lives beside the sockets, so every kernel file of a build is in one folder."""
    from jupyter_client.manager import KernelManager

    return KernelManager(
        kernel_name="python3",
        transport="ipc",
        ip=os.path.join(sock_dir, "k"),
        connection_file=os.path.join(sock_dir, "kernel.json"),
    )


def _kernel_prefix(name: str, out_dir: Path) -> str:
    """Prefix of this report's kernel folders in the system temp dir: short (Unix socket paths are limited to
    about 100 characters) and distinct per output folder, so a build only ever removes its own."""
    digest = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:8]
    return f"helpers-kernel-{digest}-{name}."


def _remove_leftovers(name: str, out_dir: Path, state: Path) -> list[Path]:
    """What a build of `name` killed by SIGKILL (which no handler can catch) leaves behind: the running
    notebook, temporary files of unfinished atomic writes, and the kernel's socket and connection files.
    Called with the report's lock held, so none of it belongs to a build still running."""
    found = [state / f".{name}.running.ipynb"]
    found += [p for d in (out_dir, state) for p in d.glob(f".{name}.*.tmp")]
    found += list(Path(tempfile.gettempdir()).glob(_kernel_prefix(name, out_dir) + "*"))
    removed = []
    for p in found:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()
        else:
            continue
        removed.append(p)
    return removed


def _findings(nb) -> dict:
    """The answer (`report.answer`), key findings and data version (`report.show_findings`) the notebook displayed."""
    found = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for mime in (ANSWER_MIME, FINDINGS_MIME):
                if mime in data:
                    found.update(data[mime])
    return found


def _failure(nb) -> tuple[int | None, str]:
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                value = out.get("evalue", "").strip().splitlines()
                return i, f"{out.get('ename')}: {value[0] if value else ''}"
    return None, "unknown error"


def export_html(nb, title: str) -> str:
    from nbconvert import HTMLExporter

    nb.metadata["title"] = title
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id; the page must not change with it
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(paths.TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    # Cells for researchers only (how to change parameters, run papermill) never reach readers.
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"notebook-only"}), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    return add_toc(body)


def add_toc(body: str) -> str:
    """Contents after the answer (its `<!--TOC-->` marker), else at the top of the page."""
    heads = re.findall(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', body)
    items = "".join(f'<li><a href="#{hid}">{text}</a></li>' for hid, text in heads)
    nav = f'<nav class="toc no-print" aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>' if heads else ""
    if "<!--TOC-->" in body:
        return body.replace("<!--TOC-DEFAULT-->", "").replace("<!--TOC-->", nav, 1).replace("<!--TOC-->", "")
    return body.replace("<!--TOC-DEFAULT-->", nav, 1)


DEFAULT_CELL_TIMEOUT = 600  # seconds a notebook cell may run before the build fails (a hung cell never hangs make)


def cell_timeout() -> int:
    """Seconds per cell: NB_TIMEOUT from the environment (make passes its variable), else the default."""
    raw = os.environ.get("NB_TIMEOUT", "")
    try:
        value = int(raw) if raw else DEFAULT_CELL_TIMEOUT
    except ValueError:
        raise SystemExit(f"NB_TIMEOUT={raw!r} is not allowed: a whole number of seconds above 0")
    if value <= 0:
        raise SystemExit(f"NB_TIMEOUT={raw!r} is not allowed: a whole number of seconds above 0")
    return value


def build_one(name: str, data_dir: Path, out_dir: Path, progress: str = "") -> int:
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    variants = {v.name: v for v in load_variants()}
    if name not in variants:
        print(f"build: no report named {name!r} in reports.yaml; known: {', '.join(variants)}", file=sys.stderr)
        return 2
    v = variants[name]
    state = out_dir / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    executed, failed_nb = state / f"{name}.ipynb", state / f"{name}.failed.ipynb"
    status_path = state / f"{name}.json"
    prefix = f"[{progress}] " if progress else ""
    print(f"{prefix}{name}: running {_rel(v.notebook)}", flush=True)
    t0 = time.perf_counter()
    tmp_nb = state / f".{name}.running.ipynb"
    with file_lock(state / f"{name}.lock"):
        for p in _remove_leftovers(name, out_dir, state):
            print(f"{prefix}{name}: removed {p.name}, left by a build that was killed", flush=True)
        status = {
            "name": name,
            "title": v.title,
            "summary": v.summary,
            "parameters": v.parameters,
            "notebook": _rel(v.notebook),
        }
        try:
            status["input_hash"] = input_hash(
                v, data_dir
            )  # reads the descriptor: a broken data folder fails here, cleanly
            params = _notebook_parameters(v, data_dir)
            with tempfile.TemporaryDirectory(prefix=_kernel_prefix(name, out_dir)) as sock_dir:
                km = _ipc_kernel(sock_dir)
                try:
                    papermill.execute_notebook(
                        str(v.notebook),
                        str(tmp_nb),
                        parameters=params,
                        cwd=str(v.notebook.parent),
                        kernel_name="python3",
                        progress_bar=False,
                        log_output=False,
                        km=km,
                        execution_timeout=cell_timeout(),
                    )
                finally:
                    if km.has_kernel:  # nbclient leaves a kernel it was handed running
                        km.shutdown_kernel(now=True)
            nb = nbformat.read(tmp_nb, as_version=4)
            page = export_html(nb, v.title)
        except Exception as exc:  # any failure keeps the previous page and says so in one line
            nb = nbformat.read(tmp_nb, as_version=4) if isinstance(exc, PapermillExecutionError) else None
            cell, error = (
                _failure(nb)
                if nb is not None
                else (None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            )
            kept_nb = (
                tmp_nb.exists()
            )  # executed (fully or up to the failing cell): kept for the researcher, never left running
            if kept_nb:
                os.replace(tmp_nb, failed_nb)
            where = f"cell {cell}" if cell is not None else ("after execution" if kept_nb else "before execution")
            previous = json.loads(status_path.read_text()) if status_path.exists() else {}
            previous.setdefault("name", name)
            previous.update(
                failed={"at": _now(), "error": error, "cell": cell, "notebook": _rel(failed_nb) if kept_nb else None},
                title=v.title,
                parameters=v.parameters,
            )
            atomic_write(status_path, json.dumps(previous, indent=1).encode())
            write_index(data_dir, out_dir)
            kept = f"; executed notebook kept at {_rel(failed_nb)}" if kept_nb else ""
            print(
                f"FAILED report {name}: {where}: {error.splitlines()[0] if error else ''}{kept}",
                file=sys.stderr,
                flush=True,
            )
            return 1
        found = _findings(nb)
        status.update(
            findings=found.get("findings", []),
            answer=found.get("answer", []),
            data_version=found.get("data_version"),
            built_at=_now(),
            seconds=round(time.perf_counter() - t0, 2),
            failed=None,
        )
        atomic_write(out_dir / f"{name}.html", page.encode("utf-8"))
        os.replace(tmp_nb, executed)
        with contextlib.suppress(FileNotFoundError):
            failed_nb.unlink()
        atomic_write(status_path, json.dumps(status, indent=1).encode())
    print(f"{prefix}{name}: done in {status['seconds']:.1f}s -> {_rel(out_dir / (name + '.html'))}", flush=True)
    return 0


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())


# ---------------------------------------------------------------- index
def write_index(data_dir: Path, out_dir: Path) -> Path:
    from helpers.build.index_page import render_index

    state = out_dir / STATE_DIR
    with file_lock(state / "index.lock"):
        rows = []
        for v in load_variants():
            sp = state / f"{v.name}.json"
            st = json.loads(sp.read_text()) if sp.exists() else {"name": v.name, "title": v.title}
            st["exists"] = (out_dir / f"{v.name}.html").exists()
            st["pdf"] = (out_dir / "pdf" / f"{v.name}.pdf").exists()
            try:
                st["current_hash"] = input_hash(v, data_dir)
            except Exception as exc:  # a broken data folder must not hide the other reports
                st["current_hash"] = f"unavailable ({type(exc).__name__})"
            st.setdefault("summary", v.summary)
            st.setdefault("name", v.name)  # a first build that failed wrote a status without one
            st["index"], st["group"], st["group_summary"] = v.index, v.group, v.summary
            rows.append(st)
        from helpers.build.changes import data_changes, default_baseline, finding_changes, last_release, releases
        from helpers.build.index_page import render_finding_changes

        baseline, last = default_baseline(), last_release()
        since = (
            f"release {last['version']} ({last['date']})" if last and not os.environ.get("BASELINE") else str(baseline)
        )
        fc = (
            render_finding_changes(
                finding_changes(baseline, rows), str(releases().get("current") or "unreleased"), since
            )
            if baseline
            else ""
        )
        ch = data_changes(data_dir, baseline)
        if ch.get("baseline"):
            ch["baseline"] = since  # a reader sees the release, not a commit hash
        page = render_index(rows, data_dir, built_at=_now(), changes=ch, finding_changes=fc)
        atomic_write(out_dir / "index.html", page.encode("utf-8"))
    return out_dir / "index.html"


# ---------------------------------------------------------------- CLI
def add_commands(sub) -> None:
    b = sub.add_parser("build", help="build one report variant")
    b.add_argument("name")
    b.add_argument("--data", default=str(paths.DATA), type=Path)
    b.add_argument("--out", default=str(paths.REPORTS), type=Path)
    b.add_argument("--progress", default="")
    b.set_defaults(func=lambda a: build_one(a.name, a.data, a.out, a.progress))
    m = sub.add_parser("makefile", help="print make rules for every report variant")
    m.add_argument("--data", default=str(paths.DATA), type=Path)
    m.add_argument("--out", default=str(paths.REPORTS), type=Path)
    m.set_defaults(func=lambda a: print(makefile_fragment(a.data, a.out)) or 0)
    i = sub.add_parser("index", help="write OUT/index.html from the build records")
    i.add_argument("--data", default=str(paths.DATA), type=Path)
    i.add_argument("--out", default=str(paths.REPORTS), type=Path)
    i.set_defaults(func=lambda a: print(f"index: {_rel(write_index(a.data, a.out))}") or 0)
