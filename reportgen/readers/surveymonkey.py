"""SurveyMonkey: the "All responses data" export (CSV or XLSX, expanded columns).

Two header rows: row 1 the question (blank over the further columns of the same question), row
2 the sub-answer: ``Response`` or ``Open-Ended Response`` for a single column, the option text
for a multi-choice question (one column per option, holding the option text when chosen), the
row label for a matrix question. The first columns are ``Respondent ID``, ``Collector ID``,
``Start Date``, ``End Date``, ``IP Address``, ``Email Address``, ``First Name``, ``Last Name``,
``Custom Data 1``. Answers start at row 3.

The reader gives each question one column headed by its text: a multi-choice question's chosen
options are joined by a line break; a matrix row or an "Other (please specify)" box becomes its
own column headed ``Question [sub-answer]``, the way Google Forms heads a grid. A block is a
multi-choice question only if every column of it holds its own label or nothing; a "Contact
information" block (``Name``, ``Company`` ... ``Email Address``) gives one column per box, such as
``Contact information [Email Address]``.
"""

from __future__ import annotations

from .base import ExportKind, SourceTable, Variant, folded, has_all, make_frame

MARKERS = ("Respondent ID", "Collector ID")
META_COLUMNS = (
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
    "First Name", "Last Name", "Custom Data 1",
)
DATE_COLUMNS = ("Start Date", "End Date")
SINGLE = {"response", "open-ended response", ""}
SEPARATOR = "\n"


def read(rows: list[list[str]], name: str) -> SourceTable:
    questions = [c.strip() for c in rows[0]]
    subs = [c.strip() for c in rows[1]] if len(rows) > 1 else []
    body = rows[2:]
    width = max([len(questions), len(subs)] + [len(r) for r in body])
    questions += [""] * (width - len(questions))
    subs += [""] * (width - len(subs))
    body = [r + [""] * (width - len(r)) for r in body]
    used = [i for i in range(width) if questions[i] or subs[i] or any(r[i].strip() for r in body)]
    questions, subs = [questions[i] for i in used], [subs[i] for i in used]
    body = [[r[i] for i in used] for r in body]
    groups: list[tuple[str, list[int]]] = []
    for i, question in enumerate(questions):
        if question or not groups:
            groups.append((question, [i]))
        else:
            groups[-1][1].append(i)
    header: list[str] = []
    columns: list[list[str]] = []
    multi: list[str] = []
    for question, indexes in groups:
        if len(indexes) == 1 and folded(subs[indexes[0]]) in SINGLE:
            header.append(question)
            columns.append([r[indexes[0]] for r in body])
            continue
        boxes = [i for i in indexes if "please specify" not in folded(subs[i])]
        is_block = all(_is_option_column(subs[i], [r[i] for r in body]) for i in boxes)
        options = boxes if is_block else []
        if options:
            header.append(question)
            multi.append(question)
            columns.append([SEPARATOR.join(r[i].strip() for i in options if r[i].strip()) for r in body])
        for i in indexes:
            if i not in options:
                header.append(f"{question} [{subs[i]}]" if subs[i] else question)
                columns.append([r[i] for r in body])
    cells = [list(row) for row in zip(*columns)] if columns else [[] for _ in body]
    frame = make_frame(header, cells, name, header_row=1, first_row=3, date_columns=DATE_COLUMNS)
    return SourceTable(
        frame, KIND.name, rows_read=len(frame), multi_separator=SEPARATOR, multi_columns=tuple(multi)
    )


def _is_option_column(label: str, values: list[str]) -> bool:
    """A multi-choice option column holds its own label, or nothing, in every row."""
    if folded(label) in SINGLE or "please specify" in folded(label):
        return False
    return all(not v.strip() or folded(v) == folded(label) for v in values)


def looks_like(rows: list[list[str]]) -> bool:
    return len(rows) >= 2 and has_all(rows[0], MARKERS)


KIND = ExportKind(
    name="surveymonkey", label="SurveyMonkey", read=read, looks_like=looks_like, meta_columns=META_COLUMNS,
    response_ids=("Respondent ID",), multi_separator=SEPARATOR,
    variants=(
        Variant("All responses, expanded", "Respondent ID, Collector ID, Start Date ... Custom Data 1 over "
                "Response / option sub-headers: two header rows", "2022-09", "surveymonkey.csv"),
        Variant("with a Contact information block", "Email Address empty; Contact information [Name ... Email "
                "Address] boxes; a select-all block", "2023-10", "surveymonkey_contact.csv"),
    ),
)
