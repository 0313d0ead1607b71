"""What every reader shares: raw cells from a CSV, text or XLSX file, the common table, and the
record (``ExportKind``) that describes one tool's export: its detector, reader, metadata columns
and the layout variants seen over the years.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import iterparse

import pandas as pd

from ..errors import InputDataError

TEXT_ENCODINGS = ("utf-8-sig", "cp1252")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")  # .txt: Excel's "Unicode text" (UTF-16, tab-separated)
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
    # Columns the layout itself says hold several answers (SurveyMonkey's one-column-per-option
    # blocks, read into one column): ``init`` makes them ``multi`` whatever the answers look like.
    multi_columns: tuple[str, ...] = ()

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
    if suffix in TEXT_SUFFIXES:
        rows = _csv_rows(path, name)  # line breaks made "\n" in the text, before it is split
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path, name, sheet)
        rows = [[cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell for cell in row] for row in rows]
    else:
        raise InputDataError(
            name, f"cannot read files of type {suffix or '(none)'!r}", expected=".csv, .txt (Unicode text) or .xlsx"
        )
    while rows and not any(c.strip() for c in rows[-1]):  # Excel's trailing empty rows
        rows.pop()
    if not rows:
        raise InputDataError(name, "the file is empty", expected="a header row and one row per answer")
    return rows


def _csv_rows(path: Path, name: str) -> list[list[str]]:
    text = decode_text(path.read_bytes(), name)
    if "\r" in text:  # Windows and old Mac line ends, between rows and inside answers alike
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)]
    except csv.Error as error:
        raise InputDataError(name, f"the file is not a readable CSV: {error}", expected="a CSV export") from None


def decode_text(data: bytes, name: str) -> str:
    """A text export's bytes as text: UTF-16 with a byte-order mark (Excel's "Unicode text"),
    UTF-8 (with or without a byte-order mark), else Windows-1252 (a CSV saved from Excel)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputDataError(
                name, "the file says it is UTF-16 text but is not readable as UTF-16",
                expected="a CSV, or Excel's Unicode text saved again from Excel",
            ) from None
    if _looks_like_utf16(data):
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
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
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark: every other byte of its first line is zero."""
    head = data[:200]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0) or (
        even.count(0) >= 0.9 * len(even) and odd.count(0) == 0
    )


def _xlsx_rows(path: Path, name: str, sheet: str | None) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only events with XLSX exports pay for it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise InputDataError(name, f"the file is not a readable Excel workbook ({error})", expected="an .xlsx export") from None
    try:
        worksheet = _choose_sheet(book, name, sheet)
        rows = [[_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
        _refuse_formulas_without_values(book, worksheet, name)
        return rows
    finally:
        book.close()


def _choose_sheet(book, name: str, sheet: str | None):
    """The sheet named in event.yaml; else the only visible sheet holding anything. A hidden sheet
    is never read unless named; several visible sheets with data must be named."""
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise InputDataError(name, f"no sheet named {sheet!r}", expected=f"one of {', '.join(book.sheetnames)}")
        return book[sheet]
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise InputDataError(name, "every sheet of the workbook is hidden", expected="a workbook with a visible sheet")
    used = [ws for ws in visible if any(any(v is not None for v in row) for row in ws.iter_rows(max_row=5, values_only=True))]
    if len(used) > 1:
        raise InputDataError(
            name, f"the workbook has {len(used)} sheets with data ({', '.join(ws.title for ws in used)})",
            expected="the sheet to read named in event.yaml, e.g. `sheet: " + used[0].title + "`",
        )
    hidden = [ws.title for ws in book.worksheets if ws.sheet_state != "visible"]
    if not used and hidden:
        raise InputDataError(
            name, f"the visible sheets are empty; the data may be on a hidden sheet ({', '.join(hidden)})",
            expected="the sheet to read named in event.yaml, e.g. `sheet: " + hidden[0] + "`",
        )
    return (used or visible)[0]


def _refuse_formulas_without_values(book, worksheet, name: str) -> None:
    """A formula cell saved without its value (written by a program that does not calculate)
    would read as blank: refuse the workbook, naming the cell."""
    path = getattr(worksheet, "_worksheet_path", None)
    if path is None:  # pragma: no cover - read-only worksheets always have one
        return
    with book._archive.open(path) as member:
        data = member.read()
    if b"<f" not in data and b":f" not in data:
        return
    for _, element in iterparse(io.BytesIO(data)):
        if not element.tag.endswith("}c") and element.tag != "c":
            continue
        children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
        value = children.get("v")
        # An empty <v/> is a saved value only for a text result (t="str": a formula giving "").
        saved = value is not None and (bool(value.text) or element.get("t") == "str")
        if "f" in children and not saved:
            raise InputDataError(
                name, f"cell {element.get('r', '?')} of sheet {worksheet.title!r} is a formula saved without its value, "
                "so it would read as blank",
                expected="the workbook opened in Excel and saved again (which stores the values), or a CSV export",
            )
        element.clear()


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
    if row_numbers is None:
        start = first_row if first_row is not None else header_row + 1
        row_numbers = list(range(start, start + len(body)))
    width = max(len(header), max(map(len, body), default=0))
    # One column at a time (short rows padded with ""), not cell by cell.
    table = pd.DataFrame(body, dtype=object).reindex(columns=range(width)) if body else pd.DataFrame(columns=range(width), dtype=object)
    table = table.apply(lambda column: column.fillna("").astype(str).str.strip()) if len(table) else table
    filled = table != ""
    keep_rows = filled.any(axis=1).to_numpy()  # blank lines inside a file
    table = table[keep_rows]
    row_numbers = [n for n, kept in zip(row_numbers, keep_rows, strict=True) if kept]
    header = header + [""] * (width - len(header))
    has_values = filled[keep_rows].any(axis=0).to_numpy() if len(table) else [False] * width
    # Drop columns with no header and no values (Excel's and Zoom's trailing empty columns).
    keep = [i for i, h in enumerate(header) if h or has_values[i]]
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
    frame = table[keep].set_axis(names, axis=1).astype(object)
    frame.index = pd.Index(row_numbers, name="row", dtype="int64")
    dates = {folded(c) for c in date_columns}
    for column in frame.columns:
        if folded(column) in dates:
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


def folded_header(row: list[str]) -> list[str]:
    """A header row as compared with a tool's signature: each cell folded."""
    return [folded(c) for c in row]


def has_all(row: list[str], names: tuple[str, ...]) -> bool:
    """Whether a header row holds every one of ``names`` (case and spacing ignored)."""
    cells = set(folded_header(row))
    return all(folded(n) in cells for n in names)


Reader = Callable[[list[list[str]], str], SourceTable]
Detector = Callable[[list[list[str]]], bool]


@dataclass(frozen=True)
class Variant:
    """One layout a tool has written: what tells it apart, when it was last seen, its fixture."""

    name: str
    signature: str
    last_seen: str  # YYYY-MM
    fixture: str  # under tests/exports/


@dataclass(frozen=True)
class ExportKind:
    """Everything reportgen knows about one tool's export, in one record.

    ``looks_like`` recognises the file from its rows (for ``init``); ``read`` turns it into a
    ``SourceTable``; ``meta_columns`` are the columns the tool writes itself (never questions),
    compared case- and space-insensitively; ``response_ids`` the tool's own id of one response;
    ``role`` the role its export always has (None: a form, registration or survey).
    """

    name: str
    label: str
    read: Reader
    looks_like: Detector
    meta_columns: tuple[str, ...] = ()
    response_ids: tuple[str, ...] = ()
    role: str | None = None
    multi_separator: str = ";"
    variants: tuple[Variant, ...] = ()

    def is_meta(self, column: str) -> bool:
        return folded(column) in {folded(c) for c in self.meta_columns}

    def is_response_id(self, column: str) -> bool:
        return folded(column) in {folded(c) for c in self.response_ids}
