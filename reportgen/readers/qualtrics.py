"""Qualtrics: the CSV from Data & Analysis > Export data > CSV ("Use choice text").

Three layouts, all read here; their header rows never become answers:

- **current** (2017 on): row 1 the export tags (``StartDate``, ``ResponseId``, ``Finished``,
  ``RecipientEmail``, ``Q1``, ``Q2_1`` ...), row 2 the question texts, row 3
  ``{"ImportId":"QID1"}``. Answers start at row 4.
- **Insights** (2016): ``ResponseID`` first in row 1, row 2 the texts, row 3 single-quoted
  ``{'ImportId': 'QID1'}``. Answers start at row 4.
- **legacy** (before 2017): row 1 ``V1`` ... ``V10`` then ``Q1`` ...; row 2 ``ResponseID``,
  ``ResponseSet``, ``Name``, ``ExternalDataReference``, ``EmailAddress``, ``IPAddress``,
  ``Status``, ``StartDate``, ``EndDate``, ``Finished`` then the question texts. Answers start at
  row 3; ``Finished`` is ``1`` or ``0`` and ``Status`` ``1`` marks a preview.

Columns are named by their export tag (legacy ``V`` columns by their row-2 name); event.yaml may
also name a column by its question text. Responses not finished and survey previews are set
aside and reported, never silently used. Multi-select answers are joined by ``,``. A file with
Qualtrics' columns but none of these header layouts is refused, saying so.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import InputDataError
from .base import ExportKind, SourceTable, Variant, folded, folded_header, make_frame

META_COLUMNS = (
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
    "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
    "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
    "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "LocationAccuracy", "Q_RecaptchaScore",
    "Q_RelevantIDDuplicate", "Q_BallotBoxStuffing",
)
DATE_COLUMNS = ("StartDate", "EndDate", "RecordedDate")
NOT_FINISHED = {"false", "0", "no"}
PREVIEW = {"survey preview", "1", "survey test", "spam"}
LEGACY_TAG = re.compile(r"^V\d+$")
QUALTRICS_COLUMNS = {"startdate", "enddate", "finished", "recordeddate", "responseset", "ipaddress", "status"}


def import_id_row(rows: list[list[str]]) -> int | None:
    """3 when row 3 is Qualtrics' ImportId row (double- or single-quoted), else None."""
    if len(rows) < 3:
        return None
    if any(re.match(r"""^\{\s*["']ImportId["']\s*:""", cell.strip()) for cell in rows[2]):
        return 3
    return None


def is_legacy(rows: list[list[str]]) -> bool:
    return (
        len(rows) >= 2 and bool(rows[0]) and folded(rows[0][0]) == "v1"
        and "responseid" in folded_header(rows[1])
    )


def read(rows: list[list[str]], name: str) -> SourceTable:
    if is_legacy(rows):
        names = rows[1]
        tags = [names[i] if LEGACY_TAG.match(t.strip()) and i < len(names) else t for i, t in enumerate(rows[0])]
        texts, body, first_row = names, rows[2:], 3
    elif import_id_row(rows):
        tags, texts, body, first_row = rows[0], rows[1], rows[3:], 4
    else:
        raise InputDataError(
            name, "looks like a Qualtrics export (ResponseId, Finished ...) but its header rows are not Qualtrics' "
            "(row 3 should hold {\"ImportId\": ...}, or row 1 V1, V2 ... above ResponseID)",
            row=3 if len(rows) >= 3 else None,
            expected="the CSV exactly as Qualtrics exported it (Export data > CSV), header rows kept",
        )
    frame = make_frame(tags, body, name, first_row=first_row, date_columns=DATE_COLUMNS)
    aliases: dict[str, str] = {}
    for tag, text in zip(tags, texts):
        tag, text = tag.strip(), " ".join(text.split())
        if tag and text and text != tag and tag in frame.columns:
            aliases.setdefault(text, tag)
    rows_read = len(frame)
    set_aside: dict[str, list[int]] = {}
    drop = pd.Series(False, index=frame.index)
    status = _column(frame, "Status")
    if status:
        preview = frame[status].map(folded).isin(PREVIEW)
        previews = [int(r) for r in frame.index[preview]]
        if previews:
            set_aside["a survey preview or test response (Status), not a real answer"] = previews
        drop |= preview
    finished = _column(frame, "Finished")
    if finished:
        unfinished = frame[finished].map(folded).isin(NOT_FINISHED) & ~drop
        unused = [int(r) for r in frame.index[unfinished]]
        if unused:
            set_aside["the response was not finished (Finished is False): not used"] = unused
        drop |= unfinished
    frame = frame.loc[~drop]
    return SourceTable(
        frame, KIND.name, rows_read=rows_read, multi_separator=",", aliases=aliases, set_aside=set_aside,
        header_row=1,
    )


def _column(frame: pd.DataFrame, name: str) -> str | None:
    return next((c for c in frame.columns if folded(c) == folded(name)), None)


def looks_like(rows: list[list[str]]) -> bool:
    """Qualtrics' response id with its other columns, or its legacy V1... header: recognised as
    Qualtrics even when the header rows are wrong, so the reader can say what is wrong."""
    header = set(folded_header(rows[0]))
    if is_legacy(rows):
        return True
    return "responseid" in header and (len(header & QUALTRICS_COLUMNS) >= 2 or import_id_row(rows) is not None)


KIND = ExportKind(
    name="qualtrics", label="Qualtrics", read=read, looks_like=looks_like, meta_columns=META_COLUMNS,
    response_ids=("ResponseId",), multi_separator=",",
    variants=(
        Variant("current", 'tags, question texts, {"ImportId": ...}: three header rows', "2022-09", "qualtrics.csv"),
        Variant("Insights (2016)", "ResponseID first, question texts, {'ImportId': ...} single-quoted",
                "2016-11", "qualtrics_insights.csv"),
        Variant("legacy", "V1 ... V10 over ResponseID, ResponseSet ... Finished: two header rows", "2016-06",
                "qualtrics_legacy.csv"),
    ),
)
