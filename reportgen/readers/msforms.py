"""Microsoft Forms: the XLSX from "Open results in Excel".

Row 1: ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name`` (newer forms add
``Last modified time``), then one column per question headed by the question text. A
multi-choice answer is the chosen options joined by ``;`` with a trailing ``;``.
"""

from __future__ import annotations

from .base import SourceTable, make_frame

KIND = "msforms"
MARKERS = ("ID", "Start time", "Completion time", "Email", "Name")
META_COLUMNS = (*MARKERS, "Last modified time", "Total points", "Quiz feedback")
DATE_COLUMNS = ("Start time", "Completion time", "Last modified time")


def read(rows: list[list[str]], name: str) -> SourceTable:
    frame = make_frame(rows[0], rows[1:], name, date_columns=DATE_COLUMNS)
    return SourceTable(frame, KIND, rows_read=len(frame), multi_separator=";")


def looks_like(rows: list[list[str]]) -> bool:
    header = [h.strip() for h in rows[0]]
    return all(m in header for m in MARKERS[:3])
