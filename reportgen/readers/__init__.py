"""Readers: one per export layout, each turning a tool's file into the common ``SourceTable``.

``read_source`` reads a file as the ``kind`` event.yaml names; ``detect_kind`` recognises a
file's kind from its first rows (for ``reportgen init``). Each kind's layout is described in its
module and in docs/formats.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from . import eventbrite, generic, googleforms, msforms, qualtrics, surveymonkey, zoom
from .base import SourceTable, column_letter, raw_rows

Reader = Callable[[list[list[str]], str], SourceTable]

READERS: dict[str, Reader] = {
    "generic": generic.read,
    "msforms": msforms.read,
    "googleforms": googleforms.read,
    "surveymonkey": surveymonkey.read,
    "qualtrics": qualtrics.read,
    "eventbrite": eventbrite.read,
    "zoom_attendees": zoom.read_attendees,
    "zoom_polls": zoom.read_polls,
}
KINDS = tuple(READERS)

# Columns each kind writes itself (not questions), for ``reportgen init``.
META_COLUMNS: dict[str, tuple[str, ...]] = {
    "generic": generic.META_COLUMNS,
    "msforms": msforms.META_COLUMNS,
    "googleforms": googleforms.META_COLUMNS,
    "surveymonkey": surveymonkey.META_COLUMNS,
    "qualtrics": qualtrics.META_COLUMNS,
    "eventbrite": eventbrite.META_COLUMNS,
    "zoom_attendees": zoom.ATTENDEE_META,
    "zoom_polls": zoom.POLL_META,
}

# Most specific first: generic recognises anything.
_DETECTORS: list[tuple[str, Callable[[list[list[str]]], bool]]] = [
    ("qualtrics", qualtrics.looks_like),
    ("surveymonkey", surveymonkey.looks_like),
    ("eventbrite", eventbrite.looks_like),
    ("zoom_polls", zoom.looks_like_polls),
    ("zoom_attendees", zoom.looks_like_attendees),
    ("msforms", msforms.looks_like),
    ("googleforms", googleforms.looks_like),
]

__all__ = ["KINDS", "META_COLUMNS", "SourceTable", "column_letter", "detect_kind", "read_source", "read_table"]


def read_source(path: Path, kind: str = "generic", *, sheet: str | None = None, label: str | None = None) -> SourceTable:
    """Read ``path`` laid out as ``kind`` into a ``SourceTable``; ``label`` names it in messages."""
    name = label or path.name
    return READERS[kind](raw_rows(path, name, sheet), name)


def read_table(path: Path, *, sheet: str | None = None, label: str | None = None) -> pd.DataFrame:
    """A generic export as a frame of text cells indexed by spreadsheet row number."""
    return read_source(path, "generic", sheet=sheet, label=label).frame


def detect_kind(path: Path, *, sheet: str | None = None) -> str:
    """The kind of export ``path`` looks like ("generic" when nothing more specific fits)."""
    rows = raw_rows(path, path.name, sheet)
    for kind, looks_like in _DETECTORS:
        if looks_like(rows):
            return kind
    return "generic"
