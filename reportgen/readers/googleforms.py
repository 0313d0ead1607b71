"""Google Forms: the CSV from "Download responses (.csv)".

Row 1: ``Timestamp``, then ``Email address`` if the form collects it, then one column per
question. Checkbox answers are joined by ``, ``; a grid question becomes one column per row,
headed ``Question [row]``.
"""

from __future__ import annotations

from .base import SourceTable, make_frame

KIND = "googleforms"
META_COLUMNS = ("Timestamp", "Email address", "Email Address", "Score")
DATE_COLUMNS = ("Timestamp",)


def read(rows: list[list[str]], name: str) -> SourceTable:
    frame = make_frame(rows[0], rows[1:], name, date_columns=DATE_COLUMNS)
    return SourceTable(frame, KIND, rows_read=len(frame), multi_separator=", ")


def looks_like(rows: list[list[str]]) -> bool:
    header = [h.strip() for h in rows[0]]
    return bool(header) and header[0] == "Timestamp"
