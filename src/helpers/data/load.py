"""Load a data folder into typed pandas frames, validating it first."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.data.descriptor import descriptor_files
from helpers.data.validate import DataValidationError, finish_types, resources_by_name, validate_folder


@dataclass
class Package:
    """A validated data folder: typed frames by table name, plus the descriptor."""

    data_dir: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    _version: str | None = field(default=None, repr=False, compare=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __contains__(self, name: str) -> bool:
        return name in self.tables

    @property
    def synthetic(self) -> bool:
        return bool(self.descriptor.get("synthetic"))

    def version(self) -> str:
        """The folder's content hash, taken once: a report prints it twice, and at a million rows each hash
        reads every file again (0.3 s)."""
        if self._version is None:
            self._version = data_version(self.data_dir, self.descriptor)
        return self._version

    def as_of(self) -> pd.Timestamp | None:
        """The date of the latest dated fact in the loaded tables (what "data as of" means in a report).

        Reference tables (sources, exchange rates, companies, investors, chips) and publication dates
        (`edition`) are not facts about the market, so they do not count.
        """
        latest = None
        for name, frame in self.tables.items():
            if name in REFERENCE_TABLES:
                continue
            for col in frame.columns:
                if col in NOT_FACT_DATES or not pd.api.types.is_datetime64_any_dtype(frame[col]):
                    continue
                m = frame[col].max()
                if not pd.isna(m) and (latest is None or m > latest):
                    latest = m
        return latest


REFERENCE_TABLES = frozenset({"sources", "fx_rates", "companies", "investors", "gpus"})
NOT_FACT_DATES = frozenset({"edition", "period_start"})


def data_version(data_dir: Path, descriptor: dict) -> str:
    """Short content hash of the descriptor and every table file it names."""
    h = hashlib.sha256()
    data_dir = Path(data_dir)
    for f in descriptor_files(data_dir):
        h.update(f.name.encode())
        h.update(f.read_bytes() if f.exists() else b"<missing>")
    for r in descriptor.get("resources", []):
        p = data_dir / r["path"]
        if p.exists():
            h.update(r["path"].encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def load_package(data_dir: Path | str, tables: list[str] | None = None) -> Package:
    """Validate `tables` (default: all, plus what their foreign keys reach) and return typed frames.

    Raises DataValidationError listing every problem (file, row, column, value, rule).
    """
    data_dir = Path(data_dir)
    typed, problems, descriptor = validate_folder(data_dir, tables)
    if problems:
        raise DataValidationError(problems, data_dir)
    res = resources_by_name(descriptor)
    frames = {name: finish_types(frame, res[name]) for name, frame in typed.items()}
    return Package(data_dir, descriptor, frames)


def coverage_summary(pkg: Package) -> str:
    """Rows per table, years per provider, rounds per company, amounts per disclosure grade."""
    lines = [f"Data folder {pkg.data_dir} (version {pkg.version()})", "", "Rows per table:"]
    lines += [f"  {name:<20} {len(frame):>8}" for name, frame in pkg.tables.items()]
    if "market_totals" in pkg:
        mt = pkg["market_totals"]
        lines += ["", "Years per provider (market_totals):"]
        for prov, g in mt.groupby("provider", observed=True):
            years = sorted(g["period_end"].dt.year.dropna().unique())
            lines.append(f"  {prov:<24} {years[0]}-{years[-1]} ({len(years)} years, {len(g)} rows)")
    if "rounds" in pkg:
        r = pkg["rounds"]
        lines += ["", f"Rounds per company ({len(r)} rounds, {r['company_id'].nunique()} companies):"]
        for comp, n in r["company_id"].value_counts().sort_index().items():
            lines.append(f"  {comp:<24} {n:>6}")
        lines += ["", "Round amounts per disclosure grade:"]
        has = r["amount_m"].notna()
        for grade, g in r.groupby("grade", observed=False):
            lines.append(
                f"  {grade:<24} {int(has[g.index].sum()):>6} with amount, {int((~has[g.index]).sum()):>6} undisclosed"
            )
    return "\n".join(lines)
