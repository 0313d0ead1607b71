"""Read one raw export (CSV or XLSX) into a table of text cells, numbered as in the file.

Every cell comes back as a trimmed string ("" for empty), so mapping and validation happen in
one place (``etl``). The table's index is the row number a spreadsheet shows: the header is row
1, the first answer row 2. Problems a user can fix become ``InputDataError``s naming the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd

from .errors import InputDataError

TEXT_ENCODINGS = ("utf-8-sig", "cp1252")


def read_table(path: Path, *, sheet: str | None = None, label: str | None = None) -> pd.DataFrame:
    """Read ``path`` as a table of strings indexed by spreadsheet row number.

    ``label`` is how the file is named in messages (defaults to its name).
    """
    name = label or path.name
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
    return _to_frame(rows, name)


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


def _to_frame(rows: list[list[str]], name: str) -> pd.DataFrame:
    rows = [[cell.strip() for cell in row] for row in rows]
    # Trailing empty rows are common in exports saved from Excel.
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise InputDataError(name, "the file is empty", expected="a header row and one row per answer")
    header = rows[0]
    width = max(len(r) for r in rows)
    header = header + [""] * (width - len(header))
    # Drop columns with no header and no values (Excel's trailing empty columns).
    keep = [i for i, h in enumerate(header) if h or any(i < len(r) and r[i] for r in rows[1:])]
    unnamed = [i for i in keep if not header[i]]
    if unnamed:
        raise InputDataError(
            name, "a column holds answers but has no header", row=1,
            column=_column_letter(unnamed[0]), expected="a header for every column",
        )
    names = [header[i] for i in keep]
    duplicates = sorted({h for h in names if names.count(h) > 1})
    if duplicates:
        raise InputDataError(name, f"the header {duplicates[0]!r} appears twice", row=1, expected="unique column headers")
    body = [[(r[i] if i < len(r) else "") for i in keep] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=names, dtype=object)
    frame.index = pd.RangeIndex(2, 2 + len(body), name="row")
    return frame


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
