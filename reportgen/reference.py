"""Reference populations (data/reference/<table>.csv + <table>.yaml) to compare breakdowns with.

A table is a tidy CSV of counts (``area,area_code,category,count``) with a YAML sidecar naming
its source and year. A comparison sums the counts of the chosen areas.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

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
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    missing_meta = [k for k in ("source", "year") if k not in meta]
    if missing_meta:
        raise ConfigError(meta_path, [f"{k}: required key is missing" for k in missing_meta])
    frame = pd.read_csv(csv_path, dtype={"area": str, "category": str, "count": "int64"})
    expected = {"area", "category", "count"}
    if not expected <= set(frame.columns):
        raise InputDataError(csv_path.name, "missing columns", row=1, expected="area, category, count")
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


def unmatched_categories(categories: list[str], population: Population, mapping: dict[str, str] | None) -> list[str]:
    """Event categories with no counterpart in the population table (never matched silently)."""
    mapping = mapping or {}
    return [c for c in categories if mapping.get(c, c) not in population.counts]
