"""What every reader shares: raw cells from a CSV or XLSX file, and the common table.

A reader turns one tool's layout into a ``SourceTable``: a frame of trimmed text cells whose
index is the row number a person sees when they open the file (so messages can name file, row
and column), plus what the layout says about itself (how multi-choice answers are joined, which
rows the tool marks as not to be used, whether one person may fill several rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from ..errors import InputDataError

TEXT_ENCODINGS = ("utf-8-sig", "cp1252")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
SERIAL_DATE = re.compile(r"^\d{5}(?:\.\d+)?$")


@dataclass(frozen=True)
class SourceTable:
    """One export in the common form: text cells indexed by the file's own row numbers.

    ``aliases`` maps other names of a column (e.g. Qualtrics' question text) to its header.
    ``set_aside`` lists rows the tool itself marks as not to be used, by reason.
    ``rows_per_person`` is "many" where one person fills several rows (Zoom rejoins, polls).
    """

    frame: pd.DataFrame
    kind: str
    rows_read: int
    multi_separator: str = ";"
    aliases: dict[str, str] = field(default_factory=dict)
    set_aside: dict[str, list[int]] = field(default_factory=dict)
    rows_per_person: Literal["one", "many"] = "one"
    header_row: int = 1

    def column(self, name: str) -> str | None:
        """The header a config ``column`` names, directly or by alias; None if absent."""
        if name in self.frame.columns:
            return name
        return self.aliases.get(name)


def raw_rows(path: Path, name: str, sheet: str | None = None) -> list[list[str]]:
    """Every row of a CSV or XLSX file as text cells (line breaks in cells kept as "\\n")."""
    if not path.is_file():
        raise InputDataError(
            name, "file not found", expected=f"the export saved as {path.name} in the event folder"
        )
    if path.stat().st_size == 0:
        raise InputDataError(name, "the file is empty", expected="a header row and one row per answer")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, name)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path, name, sheet)
    else:
        raise InputDataError(name, f"cannot read files of type {suffix or '(none)'!r}", expected=".csv or .xlsx")
    rows = [[cell.replace("\r\n", "\n").replace("\r", "\n") for cell in row] for row in rows]
    while rows and not any(c.strip() for c in rows[-1]):  # Excel's trailing empty rows
        rows.pop()
    if not rows:
        raise InputDataError(name, "the file is empty", expected="a header row and one row per answer")
    return rows


def _csv_rows(path: Path, name: str) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; kept for clarity
        raise InputDataError(name, "the file is not text", expected="a CSV saved as UTF-8 or from Excel")
    if "\x00" in text:
        raise InputDataError(name, "the file is not a readable CSV (it holds binary data)", expected="a CSV export")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), strict=True)]
    except csv.Error as error:
        raise InputDataError(name, f"the file is not a readable CSV: {error}", expected="a CSV export") from None


def _xlsx_rows(path: Path, name: str, sheet: str | None) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only events with XLSX exports pay for it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise InputDataError(name, f"the file is not a readable Excel workbook ({error})", expected="an .xlsx export") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputDataError(
                name, f"no sheet named {sheet!r}", expected=f"one of {', '.join(book.sheetnames)}"
            )
        worksheet = book[sheet] if sheet else book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def excel_date_text(value: str) -> str:
    """An Excel serial date (``44824.75``, what a date cell becomes when its format is lost) as
    ``2022-09-20 18:00:00``; any other text unchanged."""
    if not SERIAL_DATE.match(value):
        return value
    days = float(value)
    if not 20000 <= days <= 80000:  # 1954-2119: outside this it is not a date
        return value
    moment = EXCEL_EPOCH + dt.timedelta(days=days)
    moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
    return moment.isoformat(sep=" ", timespec="seconds") if days % 1 else moment.date().isoformat()


def make_frame(
    header: list[str],
    body: list[list[str]],
    name: str,
    *,
    header_row: int = 1,
    first_row: int | None = None,
    row_numbers: list[int] | None = None,
    date_columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Trim every cell, drop empty trailing columns, check headers, number rows as in the file.

    ``row_numbers`` gives each body row's number in the file; by default they follow on from
    ``first_row`` (the row after the header).
    """
    header = [h.strip() for h in header]
    body = [[cell.strip() for cell in row] for row in body]
    if row_numbers is None:
        start = first_row if first_row is not None else header_row + 1
        row_numbers = list(range(start, start + len(body)))
    keep_rows = [i for i, r in enumerate(body) if any(r)]  # blank lines inside a file
    body = [body[i] for i in keep_rows]
    row_numbers = [row_numbers[i] for i in keep_rows]
    width = max([len(header)] + [len(r) for r in body])
    header = header + [""] * (width - len(header))
    # Drop columns with no header and no values (Excel's and Zoom's trailing empty columns).
    keep = [i for i, h in enumerate(header) if h or any(i < len(r) and r[i] for r in body)]
    unnamed = [i for i in keep if not header[i]]
    if unnamed:
        raise InputDataError(
            name, "a column holds answers but has no header", row=header_row,
            column=column_letter(unnamed[0]), expected="a header for every column",
        )
    names = [header[i] for i in keep]
    duplicates = sorted({h for h in names if names.count(h) > 1})
    if duplicates:
        raise InputDataError(
            name, f"the header {duplicates[0]!r} appears twice", row=header_row, expected="unique column headers"
        )
    cells = [[(r[i] if i < len(r) else "") for i in keep] for r in body]
    frame = pd.DataFrame(cells, columns=names, dtype=object)
    frame.index = pd.Index(row_numbers, name="row")
    for column in date_columns:
        if column in frame.columns:
            frame[column] = frame[column].map(excel_date_text)
    return frame


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def folded(text: str) -> str:
    """Text compared as people compare it: spaces collapsed, case ignored."""
    return " ".join(text.split()).casefold()
