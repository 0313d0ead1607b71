"""ETL: the raw exports of one event -> a tidy dataset (participants and responses).

``build_tidy`` reads each source named in event.yaml with the reader for its ``kind``, applies
its column and answer mappings, joins people across sources by their key (normalised e-mail,
participant code, or name as a weak last resort) and returns a ``TidyEvent``:

- ``participants``: one row per person: pseudonymous ``participant_id``; ``registered``,
  ``attended`` and ``responded`` (nullable booleans: ``pd.NA`` for everyone when the event has
  no registration, attendance or survey source respectively: not recorded, never False);
  ``anonymous`` (True for a participant created from a row of an anonymous source); gender,
  ethnicity, sector, borough. Blank answers become "Not answered"; "Prefer not to say" stays
  its own category.
- ``responses``: one row per answer (participant, question id, phase, value, numeric value); a
  multi-choice answer gives one row per option chosen.
- ``quality``: per source, rows read, used and set aside (with reasons and row numbers), people
  who did not match, and every problem found, errors apart from warnings; the ``roles`` the
  event's sources have (so metrics and render can say what was not recorded), which sources
  were anonymous, and ``losses``: warnings for sources that lost more than ``LOSS_SHARE`` of
  their rows, for the top of the report.

Anonymous sources (``key: none``, or ``key.type: response``, the tool's own response id) give
every row its own participant, never matched to a person in another export; a response id
exported twice is one response (the later one is kept).

A follow-up survey (``role: follow_up``, read after every source but polls) only links answers
to people already met, by key: a row whose person is unknown is set aside with a warning naming
it (it links to no commitment), an anonymous follow-up links no one, and answering it does not
make anyone a survey respondent.

A person who submitted a form twice keeps one row: the latest by the export's own timestamp
when it has one (the column whose every value is a date and time, e.g. Timestamp, Completion
time, EndDate, Order Date), else the lowest in the file. Dates such as 03/04/2022, which can be
read day-first or month-first, are read as the rest of the column decides (a day above 12);
when nothing decides, day-first, with a warning naming the rows.

Problems are collected, not raised one by one: ``build_tidy`` reads everything it can and then
raises ``DataProblemsError`` listing every error (file, rows, column, what was expected). A
source with no usable row, an attendance list on which no one attended, and an event with no
participant at all are errors: a pack never says "0 people joined us" about a list it could not
read.

Everything is done column by column with pandas (no loop over people), so the cost per person
stays flat from hundreds to tens of thousands of rows.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .config import BREAKDOWN_FIELDS, ROLE_ORDER, EventConfig, Question, Source
from .errors import DataProblemsError, InputDataError
from .readers import SourceTable, read_source

NOT_ANSWERED = "Not answered"
PARTICIPANT_COLUMNS = ["participant_id", "registered", "attended", "responded", "anonymous", *BREAKDOWN_FIELDS]
RESPONSE_COLUMNS = ["participant_id", "question_id", "phase", "value", "numeric_value", "source"]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DUPLICATE = "a later row from the same person replaces it (duplicate submission)"
WEAK_NAME = (
    "people are matched by name, which is weak: two people with the same name become one, and a "
    "name spelt differently in another export does not match"
)
FOLLOW_UP_UNKNOWN = (
    "answered the follow-up but is not anyone in the event's other exports (registration, attendance "
    "or survey), so the answer cannot be linked to a commitment; set aside"
)
FOLLOW_UP_ANONYMOUS = (
    "the follow-up survey is anonymous, so no answer can be linked to the step its author committed "
    "to; set aside (follow-through is not recorded)"
)
LOSS_SHARE = 0.2  # a source that sets aside more than this share of its rows gets a warning at the top
ANONYMOUS_WORD = "anonymous"  # what Microsoft Forms writes in Email and Name on an anonymous form
FIRST_REASONS = 3  # how many rows' reasons the "no usable row" error quotes
ROLE_PEOPLE = {
    "registration": "registrations",
    "attendance": "people on the attendance list",
    "survey": "survey responses",
    "follow_up": "follow-up answers linked to people who came before",
    "poll": "poll answers",
}
EMPTY_HINT = {  # what to do about an export with a header and no rows, by role
    "registration": "export the list again from the registration tool",
    "attendance": "export the list again after the event (or remove the source if attendance was not recorded)",
    "survey": "export it again once people have answered (or remove the source if there was no survey)",
    "follow_up": "export it again once people have answered (or remove the source and impact.follow_up if it was not sent)",
    "poll": "the poll may not have been run; remove the source from event.yaml if so",
}


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
    anonymous: bool = False  # every row its own respondent, never matched across exports
    marked: int = 0  # rows the tool itself marks as not to be used (cancelled, previews, unfinished)

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
        self.problem_rows(message, [] if row is None else [row], column=column, expected=expected, severity=severity)

    def problem_rows(
        self,
        message: str,
        rows: list[int],
        *,
        column: str | None = None,
        expected: str | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        """Record one problem on several rows at once (merged with the same problem if known)."""
        for known in self.problems:
            if (known.message, known.column, known.expected, known.severity) == (message, column, expected, severity):
                known.rows[:] = list(dict.fromkeys([*known.rows, *rows]))
                return
        self.problems.append(Problem(self.file, message, list(dict.fromkeys(rows)), column, expected, severity))

    @property
    def rows_skipped(self) -> int:
        return sum(len(rows) for rows in self.skipped.values())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass(frozen=True)
class DataQuality:
    """The data-quality report of one event.

    ``roles``: the roles the event's sources have, in ROLE_ORDER (a role not here was not
    recorded: e.g. no "registration" means registration is unknown, not zero). ``anonymous``:
    the files read as anonymous. ``losses``: warnings about sources that set aside more than
    ``LOSS_SHARE`` of their rows, also in ``warnings``; the report puts them at the top.
    """

    sources: list[SourceReport]
    warnings: list[str]
    errors: list[str] = field(default_factory=list)
    key_type: str = "email"
    unpaired: dict[str, dict[str, int]] = field(default_factory=dict)
    roles: tuple[str, ...] = ()
    anonymous: tuple[str, ...] = ()
    losses: tuple[str, ...] = ()


@dataclass(frozen=True)
class TidyEvent:
    participants: pd.DataFrame
    responses: pd.DataFrame
    quality: DataQuality
    names: frozenset[str] = frozenset()  # registered people's names, only to redact quotes
    # participant_id -> "email:<normalised e-mail>" or "code:<normalised code>", for people
    # created or matched from a keyed source (anonymous and name-only people absent). Never
    # written to any output: reportgen.store turns it into a keyed hash (person_key).
    person_keys: dict[str, str] = field(default_factory=dict)
    # source file -> the participants with a row kept in it (a row with every answer blank too).
    in_sources: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class _People:
    """Everyone met so far: a frame of participants (position = id number - 1), indexed by
    normalised key, with a name index (name -> position) for weak matching."""

    frame: pd.DataFrame = field(default_factory=lambda: _empty_people(0, anonymous=False))
    by_key: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # as written, for redacting quotes
    keys: dict[int, str] = field(default_factory=dict)  # position -> "email:..."/"code:...", the first seen
    in_sources: dict[str, set[int]] = field(default_factory=dict)  # file -> positions with a row kept there

    def add(self, count: int, *, anonymous: bool) -> np.ndarray:
        """Positions of ``count`` new participants."""
        start = len(self.frame)
        if count:
            new = _empty_people(count, anonymous=anonymous)
            new.index = pd.RangeIndex(start, start + count)
            self.frame = pd.concat([self.frame, new]) if start else new
        return np.arange(start, start + count)


def _empty_people(count: int, *, anonymous: bool) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "registered": np.zeros(count, dtype=bool),
            "attended": np.zeros(count, dtype=bool),
            "responded": np.zeros(count, dtype=bool),
            "anonymous": np.full(count, anonymous),
            **{name: pd.Series([None] * count, dtype=object) for name in BREAKDOWN_FIELDS},
        }
    )
    return frame


def build_tidy(config: EventConfig, event_dir: Path) -> TidyEvent:
    """Read every source of ``config`` from ``event_dir`` into one tidy event dataset.

    Raises ``DataProblemsError`` (carrying the whole ``DataQuality`` report) if any export has
    an error; warnings alone do not stop the build.
    """
    people = _People()
    parts: list[pd.DataFrame] = []
    reports: list[SourceReport] = []
    warnings: list[str] = []
    roles = tuple(role for role in ROLE_ORDER if any(s.role == role for s in config.sources))
    # Registration first, so participant fields come from what people said when signing up.
    order = sorted(config.sources, key=lambda s: ROLE_ORDER.index(s.role))
    for source in order:
        report = SourceReport(file=source.file, role=source.role, kind=source.kind, anonymous=source.anonymous)
        reports.append(report)
        try:
            table = read_source(event_dir / source.file, source.kind, sheet=source.sheet, label=source.file)
        except InputDataError as error:
            report.problem(error.problem, error.row, column=error.column, expected=error.expected)
            continue
        part = _read_source(source, table, report, people, "registration" in roles)
        if part is not None:
            parts.append(part)
        if _key_type(source) == "name":
            report.problem(WEAK_NAME, severity="warning")
        _check_usable(source, report)
    if "attendance" not in roles:
        warnings.append("No attendance source: attendance is unknown and not reported")
    losses = tuple(_loss_warning(r) for r in reports if _loss_warning(r))
    warnings = [*losses, *warnings, *(str(p) for r in reports for p in r.warnings)]
    errors = [str(p) for r in reports for p in r.errors]
    participants = _participants_frame(people.frame, roles)
    if not errors:
        errors += _event_errors(participants, roles, reports)
    responses = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=RESPONSE_COLUMNS)
    responses["numeric_value"] = pd.to_numeric(responses["numeric_value"])
    key_types = sorted({_key_type(s) for s in config.sources})
    quality = DataQuality(
        reports, warnings, errors, "/".join(key_types), _unpaired(responses), roles,
        tuple(s.file for s in config.sources if s.anonymous), losses,
    )
    if errors:
        raise DataProblemsError(errors, quality)
    person_keys = dict(zip(_ids(np.array(sorted(people.keys), dtype=np.int64)).tolist(), [people.keys[i] for i in sorted(people.keys)]))
    in_sources = {
        file: frozenset(_ids(np.array(sorted(found), dtype=np.int64)).tolist()) for file, found in people.in_sources.items()
    }
    return TidyEvent(participants, responses, quality, frozenset(people.names), person_keys, in_sources)


def _check_usable(source: Source, report: SourceReport) -> None:
    """An export that gives no one is an error (a warning for a poll), saying why. (An anonymous
    follow-up gives no one by design: its warning is made where its rows are set aside.)"""
    if report.errors or report.rows_used or (source.role == "follow_up" and source.anonymous):
        return
    severity: Literal["error", "warning"] = "warning" if source.role == "poll" else "error"
    what = ROLE_PEOPLE[source.role]
    if not report.rows_read:
        report.problem(
            f"the export has a header but no rows, so it gives no {what}: {EMPTY_HINT[source.role]}",
            severity=severity,
            expected="one row per person under the header",
        )
        return
    reasons = sorted((row, reason) for reason, rows in report.skipped.items() for row in rows)
    first = "; ".join(f"row {row}: {reason}" for row, reason in reasons[:FIRST_REASONS])
    report.problem(
        f"no usable row: all {report.rows_read} rows were set aside, so the export gives no {what} "
        f"(first reasons: {first})",
        severity=severity,
    )


def _loss_warning(report: SourceReport) -> str:
    """A warning when a readable export lost more than LOSS_SHARE of its rows, rows whose person
    is not counted at all (not rows the tool itself marks as not to be used, such as cancelled
    tickets, nor duplicates, whose person is counted from their other row); else ""."""
    duplicates = len(report.skipped.get(DUPLICATE, []))
    lost, rows = report.rows_skipped - report.marked - duplicates, report.rows_read - report.marked
    if report.errors or not rows or not report.rows_used or lost <= LOSS_SHARE * rows:
        return ""
    share = round(100 * lost / rows)
    return (
        f"{report.file}: {lost} of its {rows} rows ({share}%) were set aside, more than "
        f"{LOSS_SHARE:.0%} of the export: check the reasons listed under it before publishing"
    )


def _event_errors(participants: pd.DataFrame, roles: tuple[str, ...], reports: list[SourceReport]) -> list[str]:
    """An event with no participant, or an attendance list on which no one attended."""
    if participants.empty:
        return ["No participants: none of the exports gives a single person, so there is nothing to report"]
    if "attendance" in roles and not participants["attended"].fillna(False).any():
        files = " and ".join(r.file for r in reports if r.role == "attendance")
        message = (
            f"{files}: no one on the attendance list attended, so the pack would say 0 people joined us "
            "(expected at least one row whose attendance maps to yes: check the export and the "
            "'attended' answers in event.yaml)"
        )
        return [message]
    return []


def _unpaired(responses: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per question asked before and after: how many people gave only one of the two answers."""
    paired = responses[responses["phase"].isin(["pre", "post"])]
    result: dict[str, dict[str, int]] = {}
    for qid, answers in paired.groupby("question_id", sort=False):
        pre = set(answers.loc[answers["phase"] == "pre", "participant_id"])
        post = set(answers.loc[answers["phase"] == "post", "participant_id"])
        if pre and post:
            result[str(qid)] = {"pre_only": len(pre - post), "post_only": len(post - pre)}
    return result


def _participants_frame(people: pd.DataFrame, roles: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({"participant_id": _ids(np.arange(len(people)))})
    for name, role in (("registered", "registration"), ("attended", "attendance"), ("responded", "survey")):
        values = pd.array(people[name].to_numpy(dtype=bool), dtype="boolean")
        frame[name] = values if role in roles else pd.array([pd.NA] * len(people), dtype="boolean")
    frame["anonymous"] = people["anonymous"].to_numpy(dtype=bool)
    for name in BREAKDOWN_FIELDS:
        frame[name] = people[name].fillna(NOT_ANSWERED).to_numpy(dtype=object)
    return frame[PARTICIPANT_COLUMNS]


def _ids(positions: np.ndarray) -> np.ndarray:
    """Pseudonymous ids: position 0 -> "P001" (formatting numbers: faster than pandas' .str)."""
    return np.array([f"P{n:03d}" for n in (positions + 1).tolist()], dtype=object)


def _day_text(moment: pd.Timestamp) -> str:
    return f"{moment.day} {moment:%B %Y}"


@dataclass
class _Persons:
    """One source's rows grouped by person, in order of each person's first (or kept) row.

    ``keys``: each person's normalised key; ``first`` and ``last``: their first and last row;
    ``rows``: for every row used, the person (0..n-1) it belongs to, indexed by row number;
    ``merged``: one row per person, each column's last non-blank value over their rows.
    """

    keys: pd.Series
    first: np.ndarray
    last: np.ndarray
    rows: pd.Series
    merged: pd.DataFrame


@dataclass
class _Events:
    """Problems found per person, put in the order a person-by-person reading would find them
    (person, then the step that found it), so the report lists rows as before."""

    items: list[pd.DataFrame] = field(default_factory=list)

    def add(
        self, person: np.ndarray, rows: np.ndarray, message: str | pd.Series, *, step: float,
        column: str | None = None, expected: str | pd.Series | None = None,
        severity: Literal["error", "warning"] = "error", unmatched: bool = False,
    ) -> None:
        if len(person):
            self.items.append(
                pd.DataFrame(
                    {"person": person, "step": step, "row": rows, "message": message, "column": column,
                     "expected": expected, "severity": severity, "unmatched": unmatched}
                )
            )

    def report(self, report: SourceReport) -> None:
        if not self.items:
            return
        events = pd.concat(self.items, ignore_index=True).sort_values(["person", "step"], kind="stable")
        events["column"] = events["column"].astype(object).where(events["column"].notna(), None)
        events["expected"] = events["expected"].astype(object).where(events["expected"].notna(), None)
        for (message, column, expected, severity, unmatched), found in events.groupby(
            ["message", "column", "expected", "severity", "unmatched"], sort=False, dropna=False
        ):
            rows = [int(r) for r in found["row"]]
            if unmatched:
                report.unmatched.setdefault(str(message), []).extend(rows)
            report.problem_rows(
                str(message), rows, column=column if isinstance(column, str) else None,
                expected=expected if isinstance(expected, str) else None, severity=severity,
            )


def _read_source(
    source: Source, table: SourceTable, report: SourceReport, people: _People, has_registration: bool
) -> pd.DataFrame | None:
    """Apply one source to ``people``; its answers as a frame of RESPONSE_COLUMNS (None if its
    columns could not be found)."""
    report.rows_read = table.rows_read
    for reason, rows in table.set_aside.items():
        report.skipped.setdefault(reason, []).extend(rows)
        report.marked += len(rows)
    columns = _resolve_columns(source, table, report)
    if columns is None:
        return None
    persons = _rows_per_person(source, table, columns, report)
    if source.role == "follow_up":
        persons = _linked_only(source, persons, people, report)
    count = len(persons.keys)
    events = _Events()
    position = _find_people(source, people, persons, columns, events)
    people.in_sources.setdefault(source.file, set()).update(position.tolist())
    frame = people.frame
    name_column = columns.get(("key", "name"))
    if name_column:
        people.names.update(_name_forms(persons.merged[name_column]))
    if name_column and _key_type(source) != "name":
        _index_names(people, _normalised_names(persons.merged[name_column]), position)
    if source.role == "registration":
        frame.loc[position, "registered"] = True
    if source.role == "attendance":
        attended = _attended(source, table, columns, persons, events)
        by_person = pd.Series(attended).groupby(position[persons.rows.to_numpy()]).any()
        frame.loc[by_person.index, "attended"] = frame.loc[by_person.index, "attended"].to_numpy() | by_person.to_numpy()
    if source.role == "survey":
        frame.loc[position, "responded"] = True
    if has_registration and source.role not in ("registration", "follow_up") and not source.anonymous:
        _unmatched(source, frame, position, persons, events)
    for step, (name, mapping) in enumerate(source.fields.items(), start=3):
        column = columns[("field", name)]
        if name == "name":
            people.names.update(_name_forms(persons.merged[column]))
            continue
        if name == "attended":
            continue
        current = frame[name].to_numpy()[position]
        wanted = np.ones(count, dtype=bool) if source.role == "registration" else pd.isna(current)
        values = _categories(persons.merged[column], mapping.answers)
        unknown = wanted & values.isna().to_numpy()
        if unknown.any():
            raw = _tidy_text(persons.merged[column])[unknown]
            events.add(
                np.flatnonzero(unknown), persons.last[unknown], "the answer " + raw.map(repr) + " is not in the mapping in event.yaml",
                step=step, column=column, expected=_unknown_expected(raw, mapping.answers or {}),
            )
        chosen = pd.Series(values.fillna(NOT_ANSWERED).to_numpy()[wanted], index=position[wanted])
        chosen = chosen[~chosen.index.duplicated(keep="last" if source.role == "registration" else "first")]
        frame.loc[chosen.index, name] = chosen.to_numpy()
    answers = [
        _question_answers(source, table, question, columns, persons, position, events, step)
        for step, question in enumerate(source.questions, start=len(source.fields) + 3)
    ]
    events.report(report)
    report.rows_used += len(persons.rows)
    report.people += count
    if not answers:
        return None
    found = pd.concat(answers, ignore_index=True).sort_values(["person", "step", "option"], kind="stable")
    return pd.DataFrame(
        {
            "participant_id": _ids(found["participant"].to_numpy()),
            "question_id": found["question_id"].to_numpy(),
            "phase": found["phase"].to_numpy(),
            "value": found["value"].to_numpy(),
            "numeric_value": found["numeric_value"].to_numpy(),
            "source": source.file,
        },
        columns=RESPONSE_COLUMNS,
    )


def _linked_only(source: Source, persons: _Persons, people: _People, report: SourceReport) -> _Persons:
    """A follow-up's people who are already known by key (it comes after every other source
    but polls); the rows of anyone else are set aside with a warning naming them, since a
    follow-up answer from someone who did not come before links to no commitment. An
    anonymous follow-up links no one."""
    known = (
        np.zeros(len(persons.keys), dtype=bool) if source.anonymous
        else persons.keys.isin(list(people.by_key)).to_numpy(dtype=bool)
    )
    row_person = persons.rows.to_numpy()
    lost = sorted(int(r) for r in persons.rows.index[~known[row_person]])
    reason = FOLLOW_UP_ANONYMOUS if source.anonymous else FOLLOW_UP_UNKNOWN
    if lost:
        report.skipped.setdefault(reason, []).extend(lost)
        report.problem_rows(reason, lost, severity="warning")
    for reason in report.skipped:
        report.skipped[reason].sort()
    if known.all():
        return persons
    renumber = np.cumsum(known) - 1
    kept = persons.rows[known[row_person]]
    return _Persons(
        keys=persons.keys[known].reset_index(drop=True),
        first=persons.first[known],
        last=persons.last[known],
        rows=pd.Series(renumber[kept.to_numpy()], index=kept.index),
        merged=persons.merged[known].reset_index(drop=True),
    )


def _find_people(
    source: Source, people: _People, persons: _Persons, columns: dict[tuple[str, str], str], events: _Events
) -> np.ndarray:
    """Each person's position in ``people``: by key; else by name if the source names a name
    column (reported as a weak match); else a new person. Anonymous rows are all new people."""
    count = len(persons.keys)
    if source.anonymous:  # each row (or response id) is its own respondent
        return people.add(count, anonymous=True)
    position = persons.keys.map(people.by_key).to_numpy(dtype=float, copy=True)
    name_column = columns.get(("key", "name"))
    names = None
    if _key_type(source) == "name":
        names = persons.keys
    elif name_column:
        names = _normalised_names(persons.merged[name_column])
    if names is not None and source.role != "registration" and people.by_name:
        by_name = names.map(people.by_name).to_numpy(dtype=float)
        weak = np.isnan(position) & ~np.isnan(by_name) & (names.to_numpy() != "")
        if weak.any():
            position[weak] = by_name[weak]
            reason = f"matched by name only (their {source.key.column!r} matches no one): check they are the same person"  # type: ignore[union-attr]
            events.add(np.flatnonzero(weak), persons.first[weak], reason, step=0, severity="warning", unmatched=True)
    new = np.isnan(position)
    position[new] = people.add(int(new.sum()), anonymous=False)
    position = position.astype(np.int64)
    people.by_key.update(zip(persons.keys[new], position[new].tolist()))
    if _key_type(source) in ("email", "code"):  # a stable key for the store (never written out)
        keyed = (_key_type(source) + ":" + persons.keys).tolist()
        people.keys = {**dict(zip(position.tolist(), keyed)), **people.keys}  # the first key seen stays
    if _key_type(source) == "name":
        _index_names(people, persons.keys[new], position[new])
    return position


def _index_names(people: _People, names: pd.Series, position: np.ndarray) -> None:
    """Add names to the name index; a name already there keeps its first person."""
    pairs = pd.DataFrame({"name": names.to_numpy(), "position": position})
    pairs = pairs[(pairs["name"] != "") & ~pairs["name"].isin(list(people.by_name))].drop_duplicates("name")
    people.by_name.update(zip(pairs["name"], pairs["position"].tolist()))


def _unmatched(source: Source, frame: pd.DataFrame, position: np.ndarray, persons: _Persons, events: _Events) -> None:
    """People of an attendance list, survey or poll who are not in the registration list."""
    not_registered = ~frame["registered"].to_numpy()[position]
    if source.role == "attendance":
        # On the list as not attending, and never registered: nothing to count.
        not_registered &= frame["attended"].to_numpy()[position]
        reason = "attended but is not in the registration list; counted as an attendee who did not register"
    elif source.role == "survey":
        reason = "answered the survey but is not in the registration list; counted as a participant who did not register"
    else:
        reason = "answered a poll but is not in the registration list; counted as a participant who did not register"
    events.add(np.flatnonzero(not_registered), persons.first[not_registered], reason, step=2, severity="warning", unmatched=True)


def _name_forms(raw: pd.Series) -> set[str]:
    """Full names as written, and their parts (for redaction: "Amira Khan", "Amira", "Khan")."""
    full = {name for name in _tidy_text(raw).unique() if name}
    return full | {part for name in full for part in name.split(" ")}


def _normalised_names(raw: pd.Series) -> pd.Series:
    return _per_value(raw, _normalise_name)


def _per_value(raw: pd.Series, change: Callable[[str], object]) -> pd.Series:
    """``change`` applied to each distinct cell of ``raw`` once (cells repeat: categories, and
    a column's values are at most as many as its rows), as a Series of objects."""
    codes, unique = pd.factorize(raw.to_numpy(dtype=object), use_na_sentinel=False)
    changed = np.array([change(str(value)) for value in unique.tolist()] + [None], dtype=object)
    return pd.Series(changed[codes[: len(raw)]] if len(codes) else changed[:0], index=raw.index, dtype=object)


def _tidy(value: str) -> str:
    return " ".join(value.split())


def _tidy_text(raw: pd.Series) -> pd.Series:
    """Cells with their runs of spaces (and line breaks) reduced to one space, trimmed."""
    return _per_value(raw, _tidy)



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


def _normalise_keys(source: Source, raw: pd.Series) -> pd.Series:
    key_type = _key_type(source)
    if key_type == "email":
        return _per_value(raw, lambda value: _tidy(value).lower().removeprefix("mailto:"))
    if key_type == "name":
        return _normalised_names(raw)
    return _per_value(raw, lambda value: _tidy(value).upper())


def _rows_per_person(
    source: Source, table: SourceTable, columns: dict[tuple[str, str], str], report: SourceReport
) -> _Persons:
    """The rows to use, grouped by person, in order of each person's first row.

    Where one person fills one row (forms, registrations), a person who submitted twice keeps
    their latest row (by the export's timestamp, else the lowest in the file) and the other is
    reported as a duplicate. Where one person fills several (Zoom: one row per join, one per
    poll), their rows are combined.
    """
    frame = table.frame
    key_column = columns.get(("key", "key"))
    key_type = _key_type(source)
    rows = frame.index.to_numpy()
    if key_column is None:  # key: none, each row is its own respondent
        keys = (f"{source.file}#row" + pd.Series(rows, index=frame.index).astype(str)).astype(object)
    else:
        keys = _normalise_keys(source, frame[key_column])
    reasons = pd.Series(None, index=frame.index, dtype=object)
    if key_type == "response":
        blank = keys == ""
        keys = keys.where(~blank, "ROW" + pd.Series(rows.astype(str), index=frame.index))  # no id: still one respondent
        keys = source.file + "#" + keys  # a response id means nothing in another export
    elif key_column is not None:
        column = source.key.column  # type: ignore[union-attr]
        if key_type == "email":
            said_anonymous = keys == ANONYMOUS_WORD
            if len(keys) and said_anonymous.all():
                report.problem(
                    f"{column!r} says {ANONYMOUS_WORD!r} in every row: the form was anonymous (Microsoft Forms "
                    f"writes {ANONYMOUS_WORD!r} when it does not record who answered), so no row can be matched "
                    "to a person; write 'key: none' for this source in event.yaml, so that each response "
                    "counts as one respondent",
                    column=column,
                )
            reasons[said_anonymous] = (
                f"{column!r} says {ANONYMOUS_WORD!r} (an anonymous response), so the row cannot be matched to a person"
            )
            reasons[reasons.isna() & (keys != "") & ~keys.str.match(EMAIL.pattern)] = f"{column!r} is not an e-mail address"
        reasons[keys == ""] = f"no value in {column!r}, so the row cannot be matched to a person"
    for reason in reasons.dropna().unique():
        report.skipped.setdefault(str(reason), []).extend(int(r) for r in reasons.index[reasons == reason])
    keys = keys[reasons.isna()]
    if table.rows_per_person == "one":
        persons = _one_row_each(source, table, columns, keys, report)
    else:
        persons = _rows_combined(table, keys, report)
    for reason in report.skipped:
        report.skipped[reason].sort()
    return persons


def _one_row_each(
    source: Source, table: SourceTable, columns: dict[tuple[str, str], str], keys: pd.Series, report: SourceReport
) -> _Persons:
    """One row per person: the latest of a person's rows is kept, the others are duplicates."""
    ordered = keys
    if keys.duplicated().any():
        moments = _timestamps(source, table, columns, report)
        if moments is not None:
            order = pd.DataFrame({"moment": moments.loc[keys.index].to_numpy(), "row": keys.index.to_numpy()}).sort_values(
                ["moment", "row"], kind="stable"
            )
            ordered = keys.loc[order["row"].to_numpy()]
    else:
        _timestamps(source, table, columns, report)  # still flag dates that cannot be read one way
    earlier = ordered.duplicated(keep="last")
    if earlier.any():
        report.skipped.setdefault(DUPLICATE, []).extend(int(r) for r in ordered.index[earlier.to_numpy()])
    kept = ordered[~earlier.to_numpy()].sort_index()
    index = kept.index.to_numpy()
    return _Persons(
        keys=kept.reset_index(drop=True),
        first=index,
        last=index,
        rows=pd.Series(np.arange(len(kept)), index=kept.index),
        merged=table.frame.loc[index].reset_index(drop=True),
    )


def _rows_combined(table: SourceTable, keys: pd.Series, report: SourceReport) -> _Persons:
    """Several rows per person (Zoom rejoins, one row per poll): combined into one."""
    codes, uniques = pd.factorize(keys, sort=False)  # person numbers in order of first row
    person = pd.Series(codes, index=keys.index)
    later = keys.duplicated(keep="first").to_numpy()
    if later.any():
        reason = (
            "several rows for one person (left and rejoined), combined"
            if table.kind == "zoom_attendees"
            else "several rows for one person (one per poll), combined"
        )
        again = person[later].sort_values(kind="stable")
        report.combined.setdefault(reason, []).extend(int(r) for r in again.index)
    rows = table.frame.loc[keys.index]
    filled = rows.apply(lambda column: column.astype(str).str.strip() != "")
    merged = rows.where(filled).groupby(codes, sort=True).last().reindex(range(len(uniques)))
    merged = merged.reindex(columns=rows.columns).fillna("").astype(object)
    index = keys.index.to_numpy()
    return _Persons(
        keys=pd.Series(uniques, dtype=object),
        first=pd.Series(index).groupby(codes).min().to_numpy(),
        last=pd.Series(index).groupby(codes).max().to_numpy(),
        rows=person,
        merged=merged,
    )


_DATE_START = re.compile(r"^\s*(?:\d{1,4}[-/.]\d|[A-Za-z]{3,9}\.?\s+\d|\d{1,2}\s+[A-Za-z]{3,9})")
_TIME = (
    r"(?:[T\s]\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<p>[AaPp]\.?[Mm]\.?)?)?"
    r"\s*(?:Z|UTC|GMT|[A-Z]{3,4})?\s*(?:[+-]\d{1,2}(?::?\d{2})?)?\s*$"
)
_NUMERIC_DATES = {  # a and b are the first and second number of the date, as written
    "ymd": re.compile(r"^\s*(?P<y>\d{4})[-/.](?P<a>\d{1,2})[-/.](?P<b>\d{1,2})" + _TIME),
    "xxy": re.compile(r"^\s*(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4}|\d{2})" + _TIME),
    "mdy": re.compile(r"^\s*(?P<m>[A-Za-z]{3,9})\.?\s+(?P<b>\d{1,2}),?\s+(?P<y>\d{4})" + _TIME),
    "dmy": re.compile(r"^\s*(?P<a>\d{1,2})\s+(?P<m>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})" + _TIME),
}
_MONTHS = {name: i for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


@dataclass(frozen=True)
class _Moments:
    """A column read as dates and times: each reading, and which rows can only be read one way."""

    day_first: pd.Series
    month_first: pd.Series

    @property
    def ambiguous(self) -> pd.Series:
        both = self.day_first.notna() & self.month_first.notna()
        return both & (self.day_first != self.month_first)


def _read_moments(values: pd.Series) -> _Moments | None:
    """Every value of ``values`` as a date and time, read day-first and month-first (NaT where a
    reading is impossible); None unless every value is a date with a time of day. Each distinct
    value is read once (a Zoom report repeats its join times; a form's minutes repeat)."""
    codes, uniques = pd.factorize(values, sort=False)
    read = _read_distinct_moments(pd.Series(uniques, dtype=object))
    if read is None:
        return None
    return _Moments(
        pd.Series(read.day_first.to_numpy()[codes], index=values.index),
        pd.Series(read.month_first.to_numpy()[codes], index=values.index),
    )


def _read_distinct_moments(values: pd.Series) -> _Moments | None:
    """``_read_moments`` of distinct values: each matched against the layouts in Python (for a
    few hundred values the pandas way costs more than the work; for 100,000, no less)."""
    day_first: list[dt.datetime | None] = []
    month_first: list[dt.datetime | None] = []
    for text in values:
        for kind, pattern in _NUMERIC_DATES.items():
            found = pattern.match(text)
            if found is not None:
                break
        else:
            return None
        parts = found.groupdict()
        if parts["H"] is None:
            return None  # a date without a time of day: not a timestamp
        year = int(parts["y"])
        year = year + 2000 if year < 100 else year
        hour = int(parts["H"])
        if parts["p"]:
            hour = hour % 12 + (12 if parts["p"][0].lower() == "p" else 0)
        clock = (hour, int(parts["M"]), int(parts["S"] or 0))
        named = _MONTHS.get(parts["m"][:3].lower()) if parts.get("m") else None
        a = int(parts["a"]) if parts.get("a") else None
        b = int(parts["b"]) if parts.get("b") else None
        if kind == "ymd":
            day_reading = month_reading = (a, b)
        elif kind == "xxy":
            day_reading, month_reading = (b, a), (a, b)
        elif kind == "mdy":
            day_reading = month_reading = (named, b)
        else:  # dmy
            day_reading = month_reading = (named, a)
        first = _moment(year, *day_reading, clock)
        second = _moment(year, *month_reading, clock) if kind == "xxy" else first
        if first is None and second is None:
            return None
        day_first.append(first)
        month_first.append(second)
    return _Moments(_datetimes(day_first, values.index), _datetimes(month_first, values.index))


def _moment(year: int, month: int | None, day: int | None, clock: tuple[int, int, int]) -> dt.datetime | None:
    """The date and time, or None where it cannot be one (month 13, 30 February, hour 25)."""
    if month is None or day is None or not 1678 < year < 2262:  # 2262: past what a timestamp holds
        return None
    try:
        return dt.datetime(year, month, day, *clock)
    except ValueError:
        return None


def _datetimes(moments: list[dt.datetime | None], index: pd.Index) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(moments, dtype=object)).to_numpy(dtype="datetime64[ns]"), index=index)


def _timestamps(
    source: Source, table: SourceTable, columns: dict[tuple[str, str], str], report: SourceReport
) -> pd.Series | None:
    """The export's own timestamp of each row (the latest of its date-and-time columns not named
    in event.yaml), or None; dates that cannot be read one way are reported as a warning."""
    frame = table.frame
    named = set(columns.values())
    best: tuple[pd.Timestamp, int, str, pd.Series, _Moments] | None = None
    for number, column in enumerate(frame.columns):
        values = frame[column].astype(str)
        if column in named or not len(values) or not _DATE_START.match(values.iloc[0]):
            continue
        moments = _read_moments(values)
        if moments is None:
            continue
        chosen = _choose_reading(moments)
        mean = chosen.mean()
        if best is None or (mean, number) >= best[:2]:
            best = (mean, number, column, chosen, moments)
    if best is None:
        return None
    _flag_dates(best[2], frame[best[2]].astype(str), best[4], report)
    return best[3]


def _choose_reading(moments: _Moments) -> pd.Series:
    """Day-first or month-first, as the column's unambiguous dates decide (day-first if none
    decides); in a column that mixes both, each date the only way it can be read."""
    day_only = moments.day_first.notna() & moments.month_first.isna()
    month_only = moments.month_first.notna() & moments.day_first.isna()
    majority, other = (moments.month_first, moments.day_first) if month_only.sum() > day_only.sum() else (
        moments.day_first, moments.month_first)
    return majority.where(majority.notna(), other)


def _flag_dates(column: str, values: pd.Series, moments: _Moments, report: SourceReport) -> None:
    """Warn about dates in the timestamp column that could be read two ways, or about a column
    that mixes day-first and month-first dates."""
    day_only = moments.day_first.notna() & moments.month_first.isna()
    month_only = moments.month_first.notna() & moments.day_first.isna()
    ambiguous = moments.ambiguous
    use = "the latest row of a person who submitted twice is the one kept"
    if day_only.any() and month_only.any():
        minority = month_only if month_only.sum() <= day_only.sum() else day_only
        majority_text = "day-first" if minority is month_only else "month-first"
        rows = sorted(int(r) for r in values.index[(minority | ambiguous).to_numpy()])
        report.problem_rows(
            f"the dates in this column are written both day-first (such as {values[day_only].iloc[0]!r}) and "
            f"month-first (such as {values[month_only].iloc[0]!r}): each date is read the only way it can be, "
            f"and a date that could be either is read {majority_text}; check these rows ({use})",
            rows, column=column, severity="warning",
        )
    elif ambiguous.any() and not (day_only.any() or month_only.any()):
        rows = sorted(int(r) for r in values.index[ambiguous.to_numpy()])
        example = values[ambiguous].iloc[0]
        report.problem_rows(
            f"dates such as {example!r} could be day-first or month-first and no date in this column decides "
            f"which; they are read day-first ({_day_text(moments.day_first[ambiguous].iloc[0])}) ({use})",
            rows, column=column, severity="warning",
        )


def _lookup(answers: dict[str, str], value: str) -> str | None:
    if value in answers:
        return answers[value]
    folded = " ".join(value.split()).casefold()
    for label, category in answers.items():
        if " ".join(label.split()).casefold() == folded:
            return category
    return None


def _mapped(values: pd.Series, answers: dict[str, str]) -> pd.Series:
    """Each (tidied) value's category under ``answers``; NaN where the map has no such label.
    Looked up once per distinct value."""
    return _per_value(values, lambda value: _lookup(answers, value))


def _categories(raw: pd.Series, answers: dict[str, str] | None) -> pd.Series:
    """Participant-field categories: blank is "Not answered", unmapped labels NaN."""
    values = _tidy_text(raw)
    result = values if answers is None else _mapped(values, answers)
    return result.where(values != "", NOT_ANSWERED).reset_index(drop=True)


def _unknown_expected(values: pd.Series, answers: dict[str, str]) -> pd.Series:
    listed = ", ".join(repr(a) for a in answers)
    return f"one of {listed}, or add " + values.map(repr) + " to the answers of this column"


def _attended(
    source: Source, table: SourceTable, columns: dict[tuple[str, str], str], persons: _Persons, events: _Events
) -> np.ndarray:
    """Whether each row used says its person attended (in the order of ``persons.rows``)."""
    mapping = source.fields.get("attended")
    if mapping is None:
        return np.ones(len(persons.rows), dtype=bool)  # being on the attendance list is attending
    column = columns[("field", "attended")]
    values = _tidy_text(table.frame.loc[persons.rows.index, column])
    answers = mapping.answers or {"Yes": "yes", "No": "no"}
    category = _mapped(values, answers)
    bad = ~category.isin(["yes", "no"]).to_numpy()
    if bad.any():
        events.add(
            persons.rows.to_numpy()[bad], values.index.to_numpy()[bad],
            "cannot tell whether this person attended from " + values[bad].map(repr),
            step=1, column=column, expected=f"one of {', '.join(map(repr, answers))} mapped to yes or no",
        )
    return (category == "yes").to_numpy()


def _question_answers(
    source: Source, table: SourceTable, question: Question, columns: dict[tuple[str, str], str],
    persons: _Persons, position: np.ndarray, events: _Events, step: int,
) -> pd.DataFrame:
    """One question's answers, one row per answer (an option of a multi-choice each), with the
    person (in this source's order) and the participant they belong to."""
    column = columns[("question", question.id + ":" + question.phase)]
    if table.rows_per_person == "many":
        _answered_twice(table, column, persons, events, step)
    values = _per_value(persons.merged[column], str.strip)
    given = np.flatnonzero((values != "").to_numpy())
    if not len(given):
        return pd.DataFrame(columns=["person", "step", "option", "participant", "question_id", "phase", "value", "numeric_value"])
    texts = pd.DataFrame({"person": given, "text": values.iloc[given].to_numpy()})
    outcomes = {value: _answer_outcome(table, question, value) for value in pd.unique(texts["text"])}
    problems = pd.DataFrame(
        [(value, message, expected) for value, (_, found) in outcomes.items() for message, expected in found],
        columns=["text", "message", "expected"],
    )
    if len(problems):
        bad = texts.merge(problems, on="text").sort_values("person", kind="stable")
        people = bad["person"].to_numpy()
        events.add(people, persons.last[people], bad["message"].to_numpy(), step=step + 0.5, column=column,
                   expected=bad["expected"].to_numpy())
    options = pd.DataFrame(
        [(value, i, answer, numeric) for value, (answers, _) in outcomes.items() for i, (answer, numeric) in enumerate(answers)],
        columns=["text", "option", "value", "numeric_value"],
    )
    found = texts.merge(options, on="text").sort_values(["person", "option"], kind="stable")
    person = found["person"].to_numpy(dtype=np.int64)
    return pd.DataFrame(
        {
            "person": person,
            "step": step,
            "option": found["option"].to_numpy(),
            "participant": position[person],
            "question_id": question.id,
            "phase": question.phase,
            "value": found["value"].to_numpy(),
            "numeric_value": found["numeric_value"].to_numpy(),
        }
    )


def _answered_twice(table: SourceTable, column: str, persons: _Persons, events: _Events, step: int) -> None:
    """Warn where one person gave different answers to one question on several rows."""
    values = _per_value(table.frame.loc[persons.rows.index, column], str.strip)
    given = values != ""
    answers = pd.DataFrame({"person": persons.rows[given].to_numpy(), "value": values[given].to_numpy(),
                            "row": values.index[given.to_numpy()]})
    if answers.empty:
        return
    by_person = answers.groupby("person")
    twice = by_person["value"].nunique() > 1
    if twice.any():
        last = by_person["row"].max()[twice]
        events.add(
            last.index.to_numpy(), last.to_numpy(),
            "this person answered the same question more than once (a poll run twice?); the last answer is used",
            step=step, column=column, severity="warning",
        )


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




def _answer_outcome(
    table: SourceTable, question: Question, value: str
) -> tuple[list[tuple[str, float | None]], list[tuple[str, str]]]:
    """One (trimmed, non-blank) answer: its rows for responses.csv, and its problems
    (message, expected)."""
    if question.type == "text":
        return [(value, None)], []
    if question.type in ("choice", "multi"):
        options = (
            split_multi(value, table.multi_separator, list(question.answers or {}))
            if question.type == "multi"
            else [" ".join(value.split())]
        )
        if question.answers is None:
            return [(o, None) for o in options], []
        found: list[tuple[str, float | None]] = []
        problems: list[tuple[str, str]] = []
        listed = ", ".join(repr(a) for a in question.answers)
        for option in options:
            category = _lookup(question.answers, option)
            if category is None:
                problems.append((
                    f"the answer {option!r} is not in the mapping in event.yaml",
                    f"one of {listed}, or add {option!r} to the answers of this column",
                ))
            elif (category, None) not in found:
                found.append((category, None))
        return found, problems
    low, high = question.scale  # type: ignore[misc]  # checked by the schema
    try:
        number: float | None = float(value.replace(",", "."))
    except ValueError:
        number = _leading_number(value)
    if number is None or not number.is_integer() or not low <= number <= high:
        return [], [(f"the score {value!r} is not on the scale", f"a whole number from {low} to {high}")]
    return [(str(int(number)), number)], []


def _leading_number(value: str) -> float | None:
    """A score written with its label, as some tools export it: "8 - Very confident" -> 8."""
    match = re.match(r"^(\d+)\s*(?:[-–=:(]|$)", value)
    return float(match.group(1)) if match else None
