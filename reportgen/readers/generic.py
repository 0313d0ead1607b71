"""Generic CSV/XLSX: one header row, one row per person; event.yaml maps every column."""

from __future__ import annotations

from .base import SourceTable, make_frame

KIND = "generic"
META_COLUMNS: tuple[str, ...] = ()


def read(rows: list[list[str]], name: str) -> SourceTable:
    frame = make_frame(rows[0], rows[1:], name)
    return SourceTable(frame, KIND, rows_read=len(frame))


def looks_like(rows: list[list[str]]) -> bool:
    return True
