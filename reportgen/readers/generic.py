"""Generic CSV/XLSX: one header row, one row per person; event.yaml maps every column.

A Qualtrics export (its third row ``{"ImportId": ...}``, or its legacy ``V1`` ... over
``ResponseID`` header) is refused: read as generic its header rows would become answers.
"""

from __future__ import annotations

from ..errors import InputDataError
from .base import ExportKind, SourceTable, make_frame


def read(rows: list[list[str]], name: str) -> SourceTable:
    from .qualtrics import import_id_row, is_legacy

    if import_id_row(rows) is not None or is_legacy(rows):
        raise InputDataError(
            name, "this is a Qualtrics export (its header rows hold question texts and ImportIds)",
            row=import_id_row(rows) or 2, expected="kind: qualtrics, so its header rows are not read as answers",
        )
    frame = make_frame(rows[0], rows[1:], name)
    return SourceTable(frame, KIND.name, rows_read=len(frame))


def looks_like(rows: list[list[str]]) -> bool:
    return True


KIND = ExportKind(name="generic", label="a spreadsheet", read=read, looks_like=looks_like)
