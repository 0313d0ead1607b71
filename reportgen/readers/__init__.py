"""Readers: one per export layout, each turning a tool's file into the common ``SourceTable``.

Each tool's export is one ``ExportKind`` record in ``REGISTRY`` (its detector, reader, metadata
columns, response-id columns and the layout variants seen over the years), defined in the
tool's own module. ``read_source`` reads a file as the kind event.yaml names; ``detect_kind``
recognises a file's kind from its rows (for ``reportgen init``), trying the records in order,
most specific first. docs/formats.md describes each layout.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import eventbrite, generic, googleforms, msforms, qualtrics, surveymonkey, zoom
from .base import ExportKind, SourceTable, Variant, column_letter, raw_rows

# Detection order: most specific first; generic recognises anything, so it comes last.
REGISTRY: tuple[ExportKind, ...] = (
    qualtrics.KIND, surveymonkey.KIND, eventbrite.KIND, zoom.POLLS_KIND, zoom.ATTENDEES_KIND, msforms.KIND,
    googleforms.KIND, generic.KIND,
)
KINDS: dict[str, ExportKind] = {kind.name: kind for kind in REGISTRY}

__all__ = [
    "KINDS", "REGISTRY", "ExportKind", "SourceTable", "Variant", "column_letter", "detect_kind", "read_source",
    "read_table",
]


def read_source(path: Path, kind: str = "generic", *, sheet: str | None = None, label: str | None = None) -> SourceTable:
    """Read ``path`` laid out as ``kind`` into a ``SourceTable``; ``label`` names it in messages."""
    name = label or path.name
    return KINDS[kind].read(raw_rows(path, name, sheet), name)


def read_table(path: Path, *, sheet: str | None = None, label: str | None = None) -> pd.DataFrame:
    """A generic export as a frame of text cells indexed by spreadsheet row number."""
    return read_source(path, "generic", sheet=sheet, label=label).frame


def detect_kind(path: Path, *, sheet: str | None = None) -> str:
    """The kind of export ``path`` looks like ("generic" when nothing more specific fits)."""
    return detect_rows(raw_rows(path, path.name, sheet))


def detect_rows(rows: list[list[str]]) -> str:
    """The kind of export these rows look like."""
    return next(kind.name for kind in REGISTRY if kind.looks_like(rows))
