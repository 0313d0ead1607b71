"""Microsoft Forms: the XLSX from "Open results in Excel".

Row 1: ``ID`` (``Id`` since 2024), ``Start time``, ``Completion time``, ``Email``, ``Name``
(forms since about 2022 add ``Last modified time``), then one column per question headed by the
question text. A multi-choice answer is the chosen options joined by ``;`` with a trailing
``;``. An anonymous form writes ``anonymous`` in ``Email`` and leaves ``Name`` blank: the rows
are anonymous responses (``init`` keys them on ``Id``, the form's own response id).
"""

from __future__ import annotations

from .base import ExportKind, SourceTable, Variant, has_all, make_frame

MARKERS = ("ID", "Start time", "Completion time")
META_COLUMNS = (
    "ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Total points",
    "Quiz feedback", "Points", "Feedback",
)
DATE_COLUMNS = ("Start time", "Completion time", "Last modified time")
ANONYMOUS = "anonymous"


def read(rows: list[list[str]], name: str) -> SourceTable:
    frame = make_frame(rows[0], rows[1:], name, date_columns=DATE_COLUMNS)
    return SourceTable(frame, KIND.name, rows_read=len(frame), multi_separator=";")


def looks_like(rows: list[list[str]]) -> bool:
    return has_all(rows[0], MARKERS)


KIND = ExportKind(
    name="msforms", label="Microsoft Forms", read=read, looks_like=looks_like, meta_columns=META_COLUMNS,
    response_ids=("ID",), multi_separator=";",
    variants=(
        Variant("2019", "ID, Start time, Completion time, Email, Name, then the questions", "2022-09", "msforms.xlsx"),
        Variant("2024", "Id, Start time, Completion time, Email, Name, Last modified time; `anonymous` in Email "
                "for an anonymous form", "2024-05", "msforms_2024_anonymous.xlsx"),
    ),
)
