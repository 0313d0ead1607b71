"""Qualtrics: the CSV from Data & Analysis > Export data > CSV ("Use choice text").

Three header rows: row 1 the export tags (``StartDate``, ``ResponseId``, ``Finished``,
``RecipientEmail``, ``Q1``, ``Q2_1`` ...), row 2 the question texts, row 3 ``{"ImportId": ...}``.
Answers start at row 4. Columns are named by their export tag; event.yaml may also name a
column by its question text. Responses with ``Finished`` false and survey previews are set aside
and reported, never silently used. Multi-select answers are joined by ``,``.
"""

from __future__ import annotations

import pandas as pd

from .base import SourceTable, folded, make_frame

KIND = "qualtrics"
META_COLUMNS = (
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
    "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
    "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
)
DATE_COLUMNS = ("StartDate", "EndDate", "RecordedDate")
NOT_FINISHED = {"false", "0", "no"}
PREVIEW = {"survey preview", "1", "survey test", "spam"}


def read(rows: list[list[str]], name: str) -> SourceTable:
    tags, texts = rows[0], rows[1] if len(rows) > 1 else []
    frame = make_frame(tags, rows[3:], name, first_row=4, date_columns=DATE_COLUMNS)
    aliases: dict[str, str] = {}
    for tag, text in zip(tags, texts):
        tag, text = tag.strip(), " ".join(text.split())
        if tag and text and text != tag and tag in frame.columns:
            aliases.setdefault(text, tag)
    rows_read = len(frame)
    set_aside: dict[str, list[int]] = {}
    drop = pd.Series(False, index=frame.index)
    if "Status" in frame.columns:
        preview = frame["Status"].map(folded).isin(PREVIEW)
        previews = [int(r) for r in frame.index[preview]]
        if previews:
            set_aside["a survey preview or test response (Status), not a real answer"] = previews
        drop |= preview
    if "Finished" in frame.columns:
        unfinished = frame["Finished"].map(folded).isin(NOT_FINISHED) & ~drop
        unused = [int(r) for r in frame.index[unfinished]]
        if unused:
            set_aside["the response was not finished (Finished is False): not used"] = unused
        drop |= unfinished
    frame = frame.loc[~drop]
    return SourceTable(
        frame, KIND, rows_read=rows_read, multi_separator=",", aliases=aliases, set_aside=set_aside,
        header_row=1,
    )


def looks_like(rows: list[list[str]]) -> bool:
    return (
        len(rows) >= 3
        and "ResponseId" in [h.strip() for h in rows[0]]
        and any(cell.strip().startswith('{"ImportId"') for cell in rows[2])
    )
