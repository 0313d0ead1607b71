"""Programme framework: what a programme wants to change (its objectives and behaviours), each
mapped to the questions that measure it, read from the ``framework:`` key of a series file,
data/series/<name>.yaml.

An event opts in with ``programme: <name>`` in its event.yaml; its pack then says which items
of the framework it measured, which moved and which it did not measure. Only ``framework:`` is
read here; the rest of the series file (title, events, reference, ...) belongs to the series
pack (``reportgen.series``), which reads the framework through this module too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

SERIES_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class FrameworkItem(BaseModel):
    """One objective or behaviour of a programme and the question ids that measure it
    (before/after scale questions or agreement questions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    kind: Literal["objective", "behaviour"]
    name: str = Field(min_length=1)
    measures: list[str] = []


def series_file(series_dir: Path, name: str) -> Path:
    """data/series/<name>.yaml, refusing a name that is not a plain file name."""
    if not SERIES_NAME.match(name):
        raise ConfigError(
            series_dir / f"{name}.yaml",
            [f"programme: {name!r} is not a series name (letters, digits, '.', '_' and '-')"],
        )
    return series_dir / f"{name}.yaml"


def series_names(series_dir: Path) -> list[str]:
    """The series declared under ``series_dir`` (data/series/), by name."""
    return sorted(p.stem for p in series_dir.glob("*.yaml")) if series_dir.is_dir() else []


def load_framework(series_dir: Path, name: str) -> list[FrameworkItem]:
    """The framework of series ``name`` (data/series/<name>.yaml, key ``framework``), in the
    file's order; an empty list when the file has no framework.

    Raises ``ConfigError`` naming the file and the key path of every mistake."""
    path = series_file(series_dir, name)
    if not path.is_file():
        known = ", ".join(series_names(series_dir)) or "none"
        raise ConfigError(path, [f"the file is missing: no series called {name!r} (series: {known})"])
    from .config import read_yaml

    try:
        raw = read_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(path, [f"not readable as YAML: {error}"]) from None
    if not isinstance(raw, dict):
        raise ConfigError(path, ["expected a mapping of keys (title, events, framework, ...)"])
    entries = raw.get("framework") or []
    if not isinstance(entries, list):
        raise ConfigError(path, ["framework: expected a list of objectives and behaviours"])
    items: list[FrameworkItem] = []
    problems: list[str] = []
    for i, entry in enumerate(entries):
        try:
            items.append(FrameworkItem.model_validate(entry))
        except ValidationError as error:
            for e in error.errors():
                where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"])
                problems.append(f"framework[{i}]{where}: {str(e['msg']).removeprefix('Value error, ')}")
    if problems:
        raise ConfigError(path, problems)
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            problems.append(f"framework[{i}].id: {item.id!r} is used twice")
        seen.add(item.id)
    if problems:
        raise ConfigError(path, problems)
    return items
