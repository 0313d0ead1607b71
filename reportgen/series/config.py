"""data/series/<name>.yaml: the series file's schema, and loading it with every mistake at once.

A series names its events (a list of event folders, or a date range that picks every event
folder whose event.yaml date falls in it), the brand of its pack, optionally a reference
population to compare who came with, and the programme's framework: the objectives and
behaviours it wants to change, each with the question ids that measure it (docs/series.md).

Mistakes are reported like event.yaml's (``reportgen.config``): every one at once, each as
"key.path: what is wrong".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from ..config import BREAKDOWN_FIELDS, Strict, _describe, read_yaml
from ..errors import ConfigError
from ..project import EVENT_NAME, Project

SERIES_DIR = ("data", "series")


try:  # ISSUE 12: the split engineer owns reportgen/framework.py (FrameworkItem); use it once it lands
    from ..framework import FrameworkItem  # type: ignore[import-not-found, unused-ignore]
except ImportError:

    class FrameworkItem(Strict):  # type: ignore[no-redef]
        """One objective or behaviour of the programme, and the questions that measure it."""

        id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
        kind: Literal["objective", "behaviour"]
        name: str
        measures: Annotated[list[str], Field(min_length=1)]


class DateRange(Strict):
    """Every event whose date is from ``from`` to ``to``, both included."""

    from_: Annotated[dt.date, Field(alias="from")]
    to: dt.date

    @model_validator(mode="after")
    def _in_order(self) -> DateRange:
        if self.to < self.from_:
            raise ValueError(f"the range ends ({self.to}) before it starts ({self.from_})")
        return self


class SeriesReference(Strict):
    """The population to compare who came with, as a breakdown's reference, for one field."""

    field: Literal["gender", "ethnicity", "sector", "borough"] = "ethnicity"
    table: str
    areas: Annotated[list[str], Field(min_length=1)]
    label: str
    categories: dict[str, str] | None = None


class SeriesConfig(Strict):
    """The whole of data/series/<name>.yaml."""

    title: str
    subtitle: str = "Our programme's story"
    brand: str = "default"
    events: list[str] | None = None
    dates: DateRange | None = None
    reference: SeriesReference | None = None
    framework: list[FrameworkItem] = Field(default_factory=list)
    min_count: Annotated[int, Field(ge=1, le=50)] | None = None  # default: the largest of the events'

    @model_validator(mode="after")
    def _events_or_dates(self) -> SeriesConfig:
        if (self.events is None) == (self.dates is None):
            raise ValueError("give either events (a list of event folders) or dates ({from: ..., to: ...}), not both or neither")
        return self


def series_path(project: Project, name: str) -> Path:
    """data/series/<name>.yaml, refusing a name that is not one file in that folder."""
    folder = project.root.joinpath(*SERIES_DIR)
    if not EVENT_NAME.match(name) or name in {".", ".."}:
        raise ConfigError(folder / f"{name}.yaml", [f"{name!r} is not a series name: use letters, digits, '.', '_' and '-'"])
    path = folder / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml"))) if folder.is_dir() else ""
        raise ConfigError(path, [f"no series file (series found: {known or 'none yet'})"])
    return path


def load_series(project: Project, name: str, *, known_brands: set[str] | None = None,
                known_tables: set[str] | None = None) -> SeriesConfig:
    """Read and check data/series/<name>.yaml; raise ConfigError listing every mistake."""
    path = series_path(project, name)
    try:
        raw = read_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(path, [f"not readable as YAML: {error}"]) from None
    if not isinstance(raw, dict):
        raise ConfigError(path, ["expected a mapping of keys (title, brand, events, ...)"])
    # Dates written unquoted in a list of events are read by YAML as dates: they name folders.
    if isinstance(raw.get("events"), list):
        raw["events"] = [e.isoformat() if isinstance(e, dt.date) else e for e in raw["events"]]
    try:
        config = SeriesConfig.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(path, [_describe(e) for e in error.errors()]) from None
    problems = _cross_check(project, config, known_brands, known_tables)
    if problems:
        raise ConfigError(path, problems)
    return config


def _cross_check(project: Project, config: SeriesConfig, known_brands: set[str] | None,
                 known_tables: set[str] | None) -> list[str]:
    problems: list[str] = []
    if known_brands is not None and config.brand not in known_brands:
        problems.append(f"brand: no brand folder templates/brands/{config.brand}/ (brands: {', '.join(sorted(known_brands))})")
    if config.reference and known_tables is not None and config.reference.table not in known_tables:
        problems.append(
            f"reference.table: no reference table {config.reference.table!r} under data/reference/ "
            f"(tables: {', '.join(sorted(known_tables))})"
        )
    known = set(project.event_names())
    for i, event in enumerate(config.events or []):
        if not EVENT_NAME.match(event) or event not in known:
            problems.append(f"events[{i}]: no event folder data/events/{event}/ with an event.yaml")
    seen: dict[str, int] = {}
    for i, event in enumerate(config.events or []):
        if event in seen:
            problems.append(f"events[{i}]: {event} is listed twice (first at events[{seen[event]}])")
        seen.setdefault(event, i)
    ids: dict[str, int] = {}
    for i, item in enumerate(config.framework):
        if item.id in ids:
            problems.append(f"framework[{i}].id: {item.id!r} is used twice (first at framework[{ids[item.id]}])")
        ids.setdefault(item.id, i)
    return problems


def series_events(project: Project, config: SeriesConfig) -> list[str]:
    """The series' event folders in date order: those listed, or those whose date is in range."""
    from ..config import read_yaml as read

    def day(event: str) -> dt.date | None:
        try:
            raw = read((project.events_dir / event / "event.yaml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            return None
        value = raw.get("date") if isinstance(raw, dict) else None
        return value if isinstance(value, dt.date) else None

    if config.events is not None:
        names = list(config.events)
    else:
        assert config.dates is not None
        names = [e for e in project.event_names() if (d := day(e)) and config.dates.from_ <= d <= config.dates.to]
    return sorted(names, key=lambda e: (day(e) or dt.date.max, e))


def load_framework(project: Project, name: str) -> list[FrameworkItem]:
    """The framework of series ``name`` (ISSUE 12 interface 1)."""
    return list(load_series(project, name).framework)


__all__ = ["BREAKDOWN_FIELDS", "DateRange", "FrameworkItem", "SeriesConfig", "SeriesReference",
           "load_framework", "load_series", "series_events", "series_path"]
