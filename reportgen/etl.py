"""ETL: the raw exports of one event -> a tidy dataset (participants and responses).

``build_tidy`` reads each source named in event.yaml, applies its column and answer mappings,
joins people across sources by their key (normalised e-mail or participant code) and returns a
``TidyEvent``:

- ``participants``: one row per person (pseudonymous id, registered, attended, responded to a
  survey, gender, ethnicity, sector, borough). Blank answers become "Not answered"; "Prefer not to say" stays
  its own category.
- ``responses``: one row per answer (participant, question id, phase, value, numeric value).
- ``quality``: what was read, used and skipped per source, and warnings.

Anything that makes the data unusable raises ``InputDataError`` naming file, row and column.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import BREAKDOWN_FIELDS, EventConfig, FieldMap, Question, Source
from .errors import InputDataError
from .readers import read_table

NOT_ANSWERED = "Not answered"
PARTICIPANT_COLUMNS = ["participant_id", "registered", "attended", "responded", *BREAKDOWN_FIELDS]
RESPONSE_COLUMNS = ["participant_id", "question_id", "phase", "value", "numeric_value", "source"]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class SourceReport:
    """What happened to one export: rows read, used, and skipped with the reason."""

    file: str
    role: str
    rows_read: int = 0
    rows_used: int = 0
    skipped: dict[str, list[int]] = field(default_factory=dict)

    def skip(self, reason: str, row: int) -> None:
        self.skipped.setdefault(reason, []).append(row)


@dataclass(frozen=True)
class DataQuality:
    sources: list[SourceReport]
    warnings: list[str]


@dataclass(frozen=True)
class TidyEvent:
    participants: pd.DataFrame
    responses: pd.DataFrame
    quality: DataQuality
    names: frozenset[str] = frozenset()  # registered people's names, only to redact quotes


def build_tidy(config: EventConfig, event_dir: Path) -> TidyEvent:
    """Read every source of ``config`` from ``event_dir`` into one tidy event dataset."""
    people: dict[str, dict[str, object]] = {}  # key -> participant record, in order of appearance
    responses: list[dict[str, object]] = []
    reports: list[SourceReport] = []
    warnings: list[str] = []
    names: set[str] = set()
    has_attendance = any(s.role == "attendance" for s in config.sources)
    # Registration first, so participant fields come from what people said when signing up.
    order = sorted(config.sources, key=lambda s: ("registration", "attendance", "survey").index(s.role))
    for source in order:
        table = read_table(event_dir / source.file, sheet=source.sheet, label=source.file)
        report = SourceReport(file=source.file, role=source.role, rows_read=len(table))
        reports.append(report)
        _check_columns(source, table)
        rows = _latest_row_per_person(source, table, report)
        for row_number, key in rows:
            row = table.loc[row_number]
            person = people.get(key)
            if person is None:
                person = _new_person(len(people) + 1)
                people[key] = person
                if source.role != "registration":
                    warnings.append(
                        f"{source.file}, row {row_number}: {_who(source)} is not in the registration "
                        f"list; counted as a participant who did not register"
                    )
            if source.role == "registration":
                person["registered"] = True
            if source.role == "attendance":
                person["attended"] = _attended(source, row, row_number)
            if source.role == "survey":
                person["responded"] = True
            for name, mapping in source.fields.items():
                if name == "name":
                    names.update(_name_forms(row[mapping.column]))
                    continue
                if name == "attended":
                    continue
                if person[name] is None or source.role == "registration":
                    person[name] = _category(source, mapping, row[mapping.column], row_number)
            for question in source.questions:
                answer = _answer(source, question, row[question.column], row_number)
                if answer is not None:
                    value, numeric = answer
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
            report.rows_used += 1
    if not has_attendance:
        warnings.append("No attendance source: attendance is unknown and not reported")
    participants = _participants_frame(people, has_attendance)
    responses_frame = pd.DataFrame(responses, columns=RESPONSE_COLUMNS)
    responses_frame["numeric_value"] = pd.to_numeric(responses_frame["numeric_value"])
    return TidyEvent(participants, responses_frame, DataQuality(reports, warnings), frozenset(names))


def write_tidy(tidy: TidyEvent, folder: Path) -> None:
    """Write participants.csv and responses.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    tidy.participants.to_csv(folder / "participants.csv", index=False)
    tidy.responses.to_csv(folder / "responses.csv", index=False)


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


def _who(source: Source) -> str:
    return "this person" if source.key.type == "email" else "this participant code"


def _check_columns(source: Source, table: pd.DataFrame) -> None:
    wanted = [source.key.column]
    wanted += [m.column for m in source.fields.values()]
    wanted += [q.column for q in source.questions]
    for column in wanted:
        if column not in table.columns:
            close = difflib.get_close_matches(column, list(table.columns), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InputDataError(
                source.file,
                f"no column headed {column!r}{hint}",
                row=1,
                expected=f"the header named in event.yaml (headers found: {', '.join(map(repr, table.columns))})",
            )


def _normalise_key(source: Source, raw: str) -> str:
    value = " ".join(raw.split())
    return value.lower() if source.key.type == "email" else value.upper()


def _latest_row_per_person(
    source: Source, table: pd.DataFrame, report: SourceReport
) -> list[tuple[int, str]]:
    """The rows to use, one per person: a person who submitted twice keeps their last row."""
    latest: dict[str, int] = {}
    for row_number, raw in table[source.key.column].items():
        key = _normalise_key(source, raw)
        if not key:
            report.skip(f"no value in {source.key.column!r}, so the row cannot be matched to a person", row_number)
            continue
        if source.key.type == "email" and not EMAIL.match(key):
            report.skip(f"{source.key.column!r} is not an e-mail address", row_number)
            continue
        if key in latest:
            report.skip("a later row from the same person replaces it (duplicate submission)", latest[key])
        latest[key] = row_number
    return sorted(((row, key) for key, row in latest.items()), key=lambda pair: pair[0])


def _lookup(answers: dict[str, str], value: str) -> str | None:
    if value in answers:
        return answers[value]
    folded = " ".join(value.split()).casefold()
    for label, category in answers.items():
        if " ".join(label.split()).casefold() == folded:
            return category
    return None


def _unknown_answer(source: Source, column: str, value: str, row: int, answers: dict[str, str]) -> InputDataError:
    listed = ", ".join(repr(a) for a in answers)
    return InputDataError(
        source.file,
        f"the answer {value!r} is not in the mapping in event.yaml",
        row=row,
        column=column,
        expected=f"one of {listed}, or add {value!r} to the answers of this column",
    )


def _category(source: Source, mapping: FieldMap, raw: str, row: int) -> str:
    value = " ".join(raw.split())
    if not value:
        return NOT_ANSWERED
    if mapping.answers is None:
        return value
    category = _lookup(mapping.answers, value)
    if category is None:
        raise _unknown_answer(source, mapping.column, value, row, mapping.answers)
    return category


def _attended(source: Source, row: pd.Series, row_number: int) -> bool:
    mapping = source.fields.get("attended")
    if mapping is None:
        return True  # being on the attendance list is attending
    value = " ".join(str(row[mapping.column]).split())
    answers = mapping.answers or {"Yes": "yes", "No": "no"}
    category = _lookup(answers, value)
    if category not in {"yes", "no"}:
        raise InputDataError(
            source.file,
            f"cannot tell whether this person attended from {value!r}",
            row=row_number,
            column=mapping.column,
            expected=f"one of {', '.join(map(repr, answers))} mapped to yes or no",
        )
    return category == "yes"


def _answer(source: Source, question: Question, raw: str, row: int) -> tuple[str, float | None] | None:
    value = raw.strip()
    if not value:
        return None
    if question.type == "text":
        return value, None
    if question.type == "choice":
        if question.answers is None:
            return " ".join(value.split()), None
        category = _lookup(question.answers, value)
        if category is None:
            raise _unknown_answer(source, question.column, value, row, question.answers)
        return category, None
    low, high = question.scale  # type: ignore[misc]  # checked by the schema
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not low <= number <= high:
        raise InputDataError(
            source.file,
            f"the score {value!r} is not on the scale",
            row=row,
            column=question.column,
            expected=f"a whole number from {low} to {high}",
        )
    return str(int(number)), number
