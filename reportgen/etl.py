"""ETL: the raw exports of one event -> a tidy dataset (participants and responses).

``build_tidy`` reads each source named in event.yaml with the reader for its ``kind``, applies
its column and answer mappings, joins people across sources by their key (normalised e-mail,
participant code, or name as a weak last resort) and returns a ``TidyEvent``:

- ``participants``: one row per person (pseudonymous id, registered, attended, responded to a
  survey, gender, ethnicity, sector, borough). Blank answers become "Not answered"; "Prefer not to say" stays
  its own category.
- ``responses``: one row per answer (participant, question id, phase, value, numeric value); a
  multi-choice answer gives one row per option chosen.
- ``quality``: per source, rows read, used and set aside (with reasons and row numbers), people
  who did not match, and every problem found, errors apart from warnings.

Problems are collected, not raised one by one: ``build_tidy`` reads everything it can and then
raises ``DataProblemsError`` listing every error (file, rows, column, what was expected).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from .config import BREAKDOWN_FIELDS, ROLE_ORDER, EventConfig, FieldMap, Question, Source
from .errors import DataProblemsError, InputDataError
from .readers import SourceTable, read_source

NOT_ANSWERED = "Not answered"
PARTICIPANT_COLUMNS = ["participant_id", "registered", "attended", "responded", *BREAKDOWN_FIELDS]
RESPONSE_COLUMNS = ["participant_id", "question_id", "phase", "value", "numeric_value", "source"]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DUPLICATE = "a later row from the same person replaces it (duplicate submission)"
WEAK_NAME = (
    "people are matched by name, which is weak: two people with the same name become one, and a "
    "name spelt differently in another export does not match"
)


@dataclass
class Problem:
    """One problem in one export, over one or more rows: what a comms officer needs to fix it."""

    file: str
    message: str
    rows: list[int] = field(default_factory=list)
    column: str | None = None
    expected: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.file
        if self.rows:
            where += f", {rows_text(self.rows)}"
        if self.column is not None:
            where += f", column {self.column!r}"
        text = f"{where}: {self.message}"
        return text + (f" (expected {self.expected})" if self.expected else "")


def rows_text(rows: list[int], first: int = 5) -> str:
    """"row 4", "rows 4, 9 and 12", "rows 4, 9, 12, 15, 20 and 3 more"."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    shown = [str(r) for r in rows[:first]]
    if len(rows) > first:
        return f"rows {', '.join(shown)} and {len(rows) - first} more"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]}"


@dataclass
class SourceReport:
    """What happened to one export: rows read, used, set aside (by reason), and problems."""

    file: str
    role: str
    kind: str = "generic"
    rows_read: int = 0
    rows_used: int = 0
    people: int = 0
    skipped: dict[str, list[int]] = field(default_factory=dict)
    combined: dict[str, list[int]] = field(default_factory=dict)
    unmatched: dict[str, list[int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def skip(self, reason: str, row: int) -> None:
        self.skipped.setdefault(reason, []).append(row)

    def problem(
        self,
        message: str,
        row: int | None = None,
        *,
        column: str | None = None,
        expected: str | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        """Record a problem; the same problem in the same column on several rows is one entry."""
        for known in self.problems:
            if (known.message, known.column, known.expected, known.severity) == (message, column, expected, severity):
                if row is not None and row not in known.rows:
                    known.rows.append(row)
                return
        self.problems.append(Problem(self.file, message, [row] if row is not None else [], column, expected, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass(frozen=True)
class DataQuality:
    sources: list[SourceReport]
    warnings: list[str]
    errors: list[str] = field(default_factory=list)
    key_type: str = "email"
    unpaired: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class TidyEvent:
    participants: pd.DataFrame
    responses: pd.DataFrame
    quality: DataQuality
    names: frozenset[str] = frozenset()  # registered people's names, only to redact quotes


@dataclass
class _People:
    """Everyone met so far, by normalised key, with a name index for weak matching."""

    by_key: dict[str, dict[str, object]] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # as written, for redacting quotes

    def add(self, key: str) -> dict[str, object]:
        person = _new_person(len(self.by_key) + 1)
        self.by_key[key] = person
        return person


def build_tidy(config: EventConfig, event_dir: Path) -> TidyEvent:
    """Read every source of ``config`` from ``event_dir`` into one tidy event dataset.

    Raises ``DataProblemsError`` (carrying the whole ``DataQuality`` report) if any export has
    an error; warnings alone do not stop the build.
    """
    people = _People()
    responses: list[dict[str, object]] = []
    reports: list[SourceReport] = []
    warnings: list[str] = []
    has_attendance = any(s.role == "attendance" for s in config.sources)
    # Registration first, so participant fields come from what people said when signing up.
    order = sorted(config.sources, key=lambda s: ROLE_ORDER.index(s.role))
    for source in order:
        report = SourceReport(file=source.file, role=source.role, kind=source.kind)
        reports.append(report)
        try:
            table = read_source(event_dir / source.file, source.kind, sheet=source.sheet, label=source.file)
        except InputDataError as error:
            report.problem(error.problem, error.row, column=error.column, expected=error.expected)
            continue
        _read_source(source, table, report, people, responses)
        if _key_type(source) == "name":
            report.problem(WEAK_NAME, severity="warning")
    if not has_attendance:
        warnings.append("No attendance source: attendance is unknown and not reported")
    warnings += [str(p) for r in reports for p in r.warnings]
    errors = [str(p) for r in reports for p in r.errors]
    key_types = sorted({_key_type(s) for s in config.sources})
    quality = DataQuality(reports, warnings, errors, "/".join(key_types), _unpaired(responses))
    if errors:
        raise DataProblemsError(errors, quality)
    participants = _participants_frame(people.by_key, has_attendance)
    responses_frame = pd.DataFrame(responses, columns=RESPONSE_COLUMNS)
    responses_frame["numeric_value"] = pd.to_numeric(responses_frame["numeric_value"])
    return TidyEvent(participants, responses_frame, quality, frozenset(people.names))


def _unpaired(responses: list[dict[str, object]]) -> dict[str, dict[str, int]]:
    """Per question asked before and after: how many people gave only one of the two answers."""
    phases: dict[str, dict[str, set[object]]] = {}
    for response in responses:
        if response["phase"] in ("pre", "post"):
            by_phase = phases.setdefault(str(response["question_id"]), {"pre": set(), "post": set()})
            by_phase[str(response["phase"])].add(response["participant_id"])
    return {
        qid: {"pre_only": len(p["pre"] - p["post"]), "post_only": len(p["post"] - p["pre"])}
        for qid, p in phases.items()
        if p["pre"] and p["post"]
    }


def _read_source(
    source: Source,
    table: SourceTable,
    report: SourceReport,
    people: _People,
    responses: list[dict[str, object]],
) -> None:
    frame = table.frame
    report.rows_read = table.rows_read
    for reason, rows in table.set_aside.items():
        for row in rows:
            report.skip(reason, row)
    columns = _resolve_columns(source, table, report)
    if columns is None:
        return
    groups = _rows_per_person(source, table, columns, report)
    for key, row_numbers in groups:
        first = row_numbers[0]
        person = _find_person(source, people, key, frame, columns, row_numbers, report)
        name_column = columns.get(("key", "name"))
        if name_column:
            people.names.update(_name_forms(str(frame.at[row_numbers[-1], name_column])))
        if name_column and _key_type(source) != "name":
            name = _normalise_name(str(frame.at[row_numbers[-1], name_column]))
            if name:
                people.by_name.setdefault(name, _person_key(people, person))
        if source.role == "registration":
            person["registered"] = True
        if source.role == "attendance":
            attended = [_attended(source, columns, frame.loc[r], r, report) for r in row_numbers]
            person["attended"] = bool(person["attended"]) or any(attended)
        if source.role == "survey":
            person["responded"] = True
        if not person["registered"]:
            _unmatched(source, person, first, report)
        row = _merged_row(frame, row_numbers)
        for name, mapping in source.fields.items():
            if name == "name":
                people.names.update(_name_forms(row[columns[("field", name)]]))
                continue
            if name == "attended":
                continue
            if person[name] is None or source.role == "registration":
                person[name] = _category(source, mapping, columns[("field", name)], row[columns[("field", name)]], report, row_numbers)
        for question in source.questions:
            column = columns[("question", question.id + ":" + question.phase)]
            given = [r for r in row_numbers if str(frame.at[r, column]).strip()]
            if len(given) > 1 and len({str(frame.at[r, column]).strip() for r in given}) > 1:
                report.problem(
                    "this person answered the same question more than once (a poll run twice?); "
                    "the last answer is used",
                    given[-1], column=column, severity="warning",
                )
            for value, numeric in _answers(source, table, question, column, row[column], row_numbers[-1], report):
                responses.append(
                    {
                        "participant_id": person["participant_id"],
                        "question_id": question.id,
                        "phase": question.phase,
                        "value": value,
                        "numeric_value": numeric,
                        "source": source.file,
                    }
                )
        report.rows_used += len(row_numbers)
        report.people += 1


def _person_key(people: _People, person: dict[str, object]) -> str:
    for key, known in people.by_key.items():
        if known is person:
            return key
    raise KeyError(person["participant_id"])  # pragma: no cover - every person is in by_key


def _find_person(
    source: Source,
    people: _People,
    key: str,
    frame: pd.DataFrame,
    columns: dict[tuple[str, str], str],
    row_numbers: list[int],
    report: SourceReport,
) -> dict[str, object]:
    """The person a row belongs to: by key; else by name if the source names a name column
    (reported as a weak match); else a new person."""
    if source.anonymous:  # each row (or response id) is its own respondent
        return people.add(key)
    if key in people.by_key:
        return people.by_key[key]
    name_column = columns.get(("key", "name"))
    name = _normalise_name(str(frame.at[row_numbers[-1], name_column])) if name_column else ""
    if _key_type(source) == "name":
        name = key
    if name and name in people.by_name and source.role != "registration":
        reason = f"matched by name only (their {source.key.column!r} matches no one): check they are the same person"  # type: ignore[union-attr]
        report.unmatched.setdefault(reason, []).append(row_numbers[0])
        report.problem(reason, row_numbers[0], severity="warning")
        return people.by_key[people.by_name[name]]
    person = people.add(key)
    if _key_type(source) == "name":
        people.by_name.setdefault(key, key)
    return person


def _unmatched(source: Source, person: dict[str, object], row: int, report: SourceReport) -> None:
    if source.role == "registration" or source.anonymous:
        return
    if source.role == "attendance":
        if not person["attended"]:
            return  # on the list as not attending, and never registered: nothing to count
        reason = "attended but is not in the registration list; counted as an attendee who did not register"
    elif source.role == "survey":
        reason = "answered the survey but is not in the registration list; counted as a participant who did not register"
    else:
        reason = "answered a poll but is not in the registration list; counted as a participant who did not register"
    report.unmatched.setdefault(reason, []).append(row)
    report.problem(reason, row, severity="warning")


def _name_forms(raw: str) -> set[str]:
    """A full name as written, and its parts (for redaction: "Amira Khan", "Amira", "Khan")."""
    full = " ".join(str(raw).split())
    if not full:
        return set()
    return {full, *full.split(" ")}


def _new_person(number: int) -> dict[str, object]:
    person: dict[str, object] = {name: None for name in PARTICIPANT_COLUMNS}
    person.update(participant_id=f"P{number:03d}", registered=False, attended=False, responded=False)
    return person


def _participants_frame(people: dict[str, dict[str, object]], has_attendance: bool) -> pd.DataFrame:
    frame = pd.DataFrame(list(people.values()), columns=PARTICIPANT_COLUMNS)
    for name in BREAKDOWN_FIELDS:
        frame[name] = frame[name].fillna(NOT_ANSWERED)
    if not has_attendance:
        frame["attended"] = pd.NA
    return frame


def _resolve_columns(
    source: Source, table: SourceTable, report: SourceReport
) -> dict[tuple[str, str], str] | None:
    """Each column event.yaml names, as the table heads it; None (and errors) if any is missing."""
    key = source.key_column
    wanted: list[tuple[tuple[str, str], str]] = [(("key", "key"), key.column)] if key else []
    if key and key.name:
        wanted.append((("key", "name"), key.name))
    wanted += [(("field", name), m.column) for name, m in source.fields.items()]
    wanted += [(("question", q.id + ":" + q.phase), q.column) for q in source.questions]
    found: dict[tuple[str, str], str] = {}
    headers = list(table.frame.columns)
    for slot, column in wanted:
        header = table.column(column) or table.column(" ".join(column.split()))
        if header is not None:
            found[slot] = header
            continue
        close = difflib.get_close_matches(column, headers + list(table.aliases), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        report.problem(
            f"no column headed {column!r}{hint}",
            table.header_row,
            expected=f"the header named in event.yaml (headers found: {', '.join(map(repr, headers))})",
        )
    return found if len(found) == len(wanted) else None


def _normalise_name(raw: str) -> str:
    text = unicodedata.normalize("NFKD", raw)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace(".", " ").split()).casefold()


def _key_type(source: Source) -> str:
    """The key's type, or "none" for an anonymous export without a key column."""
    return source.key_column.type if source.key_column else "none"


def _normalise_key(source: Source, raw: str) -> str:
    value = " ".join(raw.split())
    if _key_type(source) == "email":
        return value.lower().removeprefix("mailto:")
    if _key_type(source) == "name":
        return _normalise_name(value)
    return value.upper()


def _rows_per_person(
    source: Source, table: SourceTable, columns: dict[tuple[str, str], str], report: SourceReport
) -> list[tuple[str, list[int]]]:
    """The rows to use, grouped by person, in order of each person's first row.

    Where one person fills one row (forms, registrations), a person who submitted twice keeps
    their last row and the earlier one is reported as a duplicate. Where one person fills several
    (Zoom: one row per join, one per poll), their rows are combined.
    """
    key_column = columns.get(("key", "key"))
    grouped: dict[str, list[int]] = {}
    if key_column is None:  # key: none, each row is its own respondent
        keys = pd.Series([f"{source.file}#row{r}" for r in table.frame.index], index=table.frame.index)
    else:
        keys = table.frame[key_column]
    for row_number, raw in keys.items():
        key = _normalise_key(source, raw) if key_column is not None else raw
        if not key and _key_type(source) == "response":
            key = f"row{row_number}"  # no response id: the row is still one respondent
        if not key:
            report.skip(f"no value in {source.key.column!r}, so the row cannot be matched to a person", row_number)  # type: ignore[union-attr]
            continue
        if _key_type(source) == "email" and not EMAIL.match(key):
            report.skip(f"{source.key.column!r} is not an e-mail address", row_number)  # type: ignore[union-attr]
            continue
        if _key_type(source) == "response":
            key = f"{source.file}#{key}"  # a response id means nothing in another export
        grouped.setdefault(key, []).append(int(row_number))
    result: list[tuple[str, list[int]]] = []
    for key, rows in grouped.items():
        if len(rows) > 1 and table.rows_per_person == "one":
            for earlier in rows[:-1]:
                report.skip(DUPLICATE, earlier)
            rows = rows[-1:]
        elif len(rows) > 1:
            reason = (
                "several rows for one person (left and rejoined), combined"
                if table.kind == "zoom_attendees"
                else "several rows for one person (one per poll), combined"
            )
            report.combined.setdefault(reason, []).extend(rows[1:])
        result.append((key, rows))
    result.sort(key=lambda pair: pair[1][-1] if table.rows_per_person == "one" else pair[1][0])
    for reason in report.skipped:
        report.skipped[reason].sort()
    return result


def _merged_row(frame: pd.DataFrame, row_numbers: list[int]) -> pd.Series:
    """One person's rows as one: for each column the last non-blank value."""
    if len(row_numbers) == 1:
        return frame.loc[row_numbers[0]]
    merged = frame.loc[row_numbers[0]].copy()
    for row_number in row_numbers[1:]:
        row = frame.loc[row_number]
        filled = row.astype(str).str.strip() != ""
        merged[filled] = row[filled]
    return merged


def _lookup(answers: dict[str, str], value: str) -> str | None:
    if value in answers:
        return answers[value]
    folded = " ".join(value.split()).casefold()
    for label, category in answers.items():
        if " ".join(label.split()).casefold() == folded:
            return category
    return None


def _unknown_answer(report: SourceReport, column: str, value: str, rows: list[int], answers: dict[str, str]) -> None:
    listed = ", ".join(repr(a) for a in answers)
    for row in rows:
        report.problem(
            f"the answer {value!r} is not in the mapping in event.yaml",
            row,
            column=column,
            expected=f"one of {listed}, or add {value!r} to the answers of this column",
        )


def _category(source: Source, mapping: FieldMap, column: str, raw: str, report: SourceReport, rows: list[int]) -> str:
    value = " ".join(str(raw).split())
    if not value:
        return NOT_ANSWERED
    if mapping.answers is None:
        return value
    category = _lookup(mapping.answers, value)
    if category is None:
        _unknown_answer(report, column, value, rows[-1:], mapping.answers)
        return NOT_ANSWERED
    return category


def _attended(
    source: Source, columns: dict[tuple[str, str], str], row: pd.Series, row_number: int, report: SourceReport
) -> bool:
    mapping = source.fields.get("attended")
    if mapping is None:
        return True  # being on the attendance list is attending
    column = columns[("field", "attended")]
    value = " ".join(str(row[column]).split())
    answers = mapping.answers or {"Yes": "yes", "No": "no"}
    category = _lookup(answers, value)
    if category not in {"yes", "no"}:
        report.problem(
            f"cannot tell whether this person attended from {value!r}",
            row_number,
            column=column,
            expected=f"one of {', '.join(map(repr, answers))} mapped to yes or no",
        )
        return False
    return category == "yes"


def split_multi(value: str, separator: str, labels: list[str]) -> list[str]:
    """The options in a multi-choice cell. Known labels are matched first, so an option whose
    text contains the separator (Google's ", ") is not cut in two."""
    token = separator.strip() or separator
    parts = [p.strip() for p in value.split(token)]
    known = {_canonical(label): label for label in labels}
    chosen: list[str] = []
    i = 0
    while i < len(parts):
        if not parts[i]:
            i += 1
            continue
        taken, option = 1, parts[i]
        for j in range(len(parts), i, -1):
            label = known.get(_canonical(token.join(parts[i:j])))
            if label is not None:
                taken, option = j - i, label
                break
        chosen.append(" ".join(option.split()))
        i += taken
    return chosen


def _canonical(text: str) -> str:
    return re.sub(r"\s*([,;])\s*", r"\1", " ".join(text.split())).casefold()


def _answers(
    source: Source, table: SourceTable, question: Question, column: str, raw: str, row: int, report: SourceReport
) -> list[tuple[str, float | None]]:
    value = str(raw).strip()
    if not value:
        return []
    if question.type == "text":
        return [(value, None)]
    if question.type in ("choice", "multi"):
        options = (
            split_multi(value, table.multi_separator, list(question.answers or {}))
            if question.type == "multi"
            else [" ".join(value.split())]
        )
        if question.answers is None:
            return [(o, None) for o in options]
        found: list[tuple[str, float | None]] = []
        for option in options:
            category = _lookup(question.answers, option)
            if category is None:
                _unknown_answer(report, column, option, [row], question.answers)
            elif (category, None) not in found:
                found.append((category, None))
        return found
    low, high = question.scale  # type: ignore[misc]  # checked by the schema
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = _leading_number(value)
    if number is None or not number.is_integer() or not low <= number <= high:
        report.problem(
            f"the score {value!r} is not on the scale",
            row,
            column=column,
            expected=f"a whole number from {low} to {high}",
        )
        return []
    return [(str(int(number)), number)]


def _leading_number(value: str) -> float | None:
    """A score written with its label, as some tools export it: "8 - Very confident" -> 8."""
    match = re.match(r"^(\d+)\s*(?:[-–=:(]|$)", value)
    return float(match.group(1)) if match else None
