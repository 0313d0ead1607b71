"""Google Forms: the CSV from "Download responses (.csv)", or the linked sheet saved as XLSX.

Row 1: ``Timestamp``, then ``Email address`` (``Email Address`` in older forms) if the form
collects it, ``Score`` for a quiz, then one column per question. Checkbox answers are joined by
``, ``; a grid question becomes one column per row, headed ``Question [row]``. A sheet saved as
XLSX keeps the timestamp to the whole second, so two people can share one: a form without an
e-mail column is anonymous, each row its own respondent.
"""

from __future__ import annotations

from .base import ExportKind, SourceTable, Variant, folded, make_frame

META_COLUMNS = ("Timestamp", "Email address", "Email Address", "Score")
DATE_COLUMNS = ("Timestamp",)


def read(rows: list[list[str]], name: str) -> SourceTable:
    frame = make_frame(rows[0], rows[1:], name, date_columns=DATE_COLUMNS)
    return SourceTable(frame, KIND.name, rows_read=len(frame), multi_separator=", ")


def looks_like(rows: list[list[str]]) -> bool:
    return bool(rows[0]) and folded(rows[0][0]) == "timestamp"


KIND = ExportKind(
    name="googleforms", label="Google Forms", read=read, looks_like=looks_like, meta_columns=META_COLUMNS,
    multi_separator=", ",
    variants=(
        Variant("CSV", "Timestamp, Email address, then the questions (UTF-8 with a byte-order mark)", "2022-09",
                "googleforms.csv"),
        Variant("sheet as XLSX", "Timestamp (a date cell, whole seconds), no e-mail column (anonymous), a hidden old sheet",
                "2024-03", "googleforms_sheet.xlsx"),
    ),
)
