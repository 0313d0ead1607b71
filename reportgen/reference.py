"""Reference populations (data/reference/<table>.csv + <table>.yaml) to compare breakdowns with.

A table is a tidy CSV of counts (``area,area_code,category,count``) with a YAML sidecar naming
its source and year. A comparison sums the counts of the chosen areas.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .config import read_yaml
from .errors import ConfigError, InputDataError


@dataclass(frozen=True)
class Population:
    """Counts per category for a set of areas, with where the figures come from."""

    label: str
    source: str
    year: int
    url: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def table_names(reference_dir: Path) -> set[str]:
    return {p.stem for p in reference_dir.glob("*.csv") if p.with_suffix(".yaml").exists()}


def load_population(reference_dir: Path, table: str, areas: list[str], label: str) -> Population:
    csv_path = reference_dir / f"{table}.csv"
    meta_path = reference_dir / f"{table}.yaml"
    meta, frame = _read_table(csv_path, meta_path, _stamp(csv_path), _stamp(meta_path))
    known = set(frame["area"])
    unknown = [a for a in areas if a not in known]
    if unknown:
        raise InputDataError(
            csv_path.name,
            f"no rows for area {unknown[0]!r}",
            column="area",
            expected=f"one of {', '.join(sorted(known))}",
        )
    chosen = frame[frame["area"].isin(areas)]
    counts = chosen.groupby("category", sort=False)["count"].sum()
    return Population(
        label=label,
        source=str(meta["source"]),
        year=int(meta["year"]),
        url=str(meta.get("url", "")),
        counts={str(k): int(v) for k, v in counts.items()},
    )


def _stamp(path: Path) -> tuple[int, int]:
    """What tells a changed file (its size and time of change), for ``_read_table``'s cache."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns


@functools.lru_cache(maxsize=16)
def _read_table(
    csv_path: Path, meta_path: Path, csv_stamp: tuple[int, int], meta_stamp: tuple[int, int]
) -> tuple[dict[str, Any], pd.DataFrame]:
    """A reference table and its sidecar, read once per process while the files are unchanged
    (a ``build --all`` worker or a preview compares every event with the same tables)."""
    meta = read_yaml(meta_path.read_text(encoding="utf-8")) or {}
    if not isinstance(meta, dict):
        raise ConfigError(meta_path, ["expected keys (source, year, url), found a single value"])
    missing_meta = [k for k in ("source", "year") if k not in meta]
    if missing_meta:
        raise ConfigError(meta_path, [f"{k}: required key is missing" for k in missing_meta])
    frame = pd.read_csv(csv_path, dtype={"area": str, "category": str, "count": "int64"})
    expected = {"area", "category", "count"}
    if not expected <= set(frame.columns):
        raise InputDataError(csv_path.name, "missing columns", row=1, expected="area, category, count")
    return meta, frame


def unmatched_categories(categories: list[str], population: Population, mapping: dict[str, str] | None) -> list[str]:
    """Event categories with no counterpart in the population table (never matched silently)."""
    mapping = mapping or {}
    return [c for c in categories if mapping.get(c, c) not in population.counts]
