"""``reportgen init``: a starting event.yaml written from the exports themselves.

``guess_source`` reads one export, recognises its kind (``readers.detect_kind``) and guesses its
role, key column, participant fields and questions from what the answers are (the key is the
column of e-mail addresses, else a code or the tool's response id, else none: anonymous);
``pair_scales`` pairs a scale asked before with its twin asked after; ``event_yaml`` writes them
out with a ``TODO`` comment wherever a person must check a guess. The result is valid event.yaml
that builds as written into a first-draft pack; the TODOs say what to improve.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputDataError
from .readers import KINDS, ExportKind, SourceTable, detect_rows
from .readers.base import folded, raw_rows

ROLE_WORDS = {"registration": ("regist", "sign", "booking", "book")}
FIELD_WORDS = {
    "gender": ("gender",),
    "ethnicity": ("ethnic",),
    "borough": ("borough", "local authority area"),
    "sector": ("sector", "part of the system", "profession", "organisation type", "type of organisation"),
}
PRE_WORDS = ("before", "looking back", "prior to")
POST_WORDS = ("after", "now", "today")
SCALE_IN_HEADER = re.compile(r"(\d+)\s*(?:=[^,;)]*)?\s*(?:-|–|to)\s*(\d+)|(\d+)\s*=.*?(\d+)\s*=")
ALL_THAT_APPLY = re.compile(r"all that apply|select all|tick all|check all|choose all|select any|more than one",
                            re.IGNORECASE)
MAX_CHOICES = 12
# Personal details a form asks for (or SurveyMonkey's contact block): never questions to count or quote.
PERSONAL = re.compile(
    r"^(?:your |full |first |last |given |family |preferred |work |home )*(?:name|surname|e-?mail(?: address)?"
    r"|phone(?: number)?|mobile(?: number)?|telephone(?: number)?|address(?: \d)?|post ?code|zip(?:/postal)?"
    r"(?: code)?|date of birth|birth date)$"
)
OPEN_QUESTION = re.compile(
    r"\b(what|why|describe|comments?|suggest\w*|improve|differently|went well|one thing|tell us|anything)\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A time or a date: never a key, however distinct (people submit in the same second).
MOMENT = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}|^\d{5}(?:\.\d+)?$")
RESPONSE_ID_HEADERS = {"id", "response id", "responseid", "respondent id", "submission id", "response number"}
CODE_HEADER = re.compile(r"\bcode\b|\bpid\b|_pid\b|participant.?id|panel.?id|worker.?id|prolific|\bsession_id\b",
                         re.IGNORECASE)
NAME_HEADER = re.compile(r"\bname\b", re.IGNORECASE)
YES = {"yes", "y", "true", "1", "checked in", "attended"}
WORDING_STOP = {
    "how", "the", "a", "an", "of", "to", "you", "your", "do", "did", "are", "were", "was", "i", "in", "on", "at",
    "for", "feel", "now", "today", "before", "after", "this", "that", "event", "session", "looking", "back",
    "prior", "is", "it", "with", "about", "currently", "right", "we", "start", "end", "and", "overall",
}


@dataclass
class Guess:
    """What ``init`` worked out about one export, with a note on each guess to check.

    ``key_column`` None means anonymous (``key: none``: each row its own respondent).
    ``attendance`` (column, label -> yes/no) when the export also says who came (Eventbrite's
    check-in), written as a second source with ``role: attendance``.
    """

    file: str
    kind: str
    role: str
    key_column: str | None
    key_type: str
    notes: dict[str, str] = field(default_factory=dict)  # what -> TODO text
    fields: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # field -> (column, labels)
    questions: list[dict] = field(default_factory=list)
    attendance: tuple[str, dict[str, str]] | None = None
    left_out: list[str] = field(default_factory=list)  # columns empty in every row
    personal: list[str] = field(default_factory=list)  # names, addresses, phones: not questions


def _slug(text: str, taken: set[str]) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in {"the", "a", "an", "of", "to", "you", "your", "do", "is", "how", "what", "which", "did", "are", "were", "was", "i"}]
    base = "_".join(words[:4]) or "question"
    if not base[0].isalpha():
        base = "q_" + base
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    taken.add(slug)
    return slug


def _values(frame: pd.DataFrame, column: str) -> list[str]:
    return [v for v in frame[column] if str(v).strip()]


def _options(value: str, token: str) -> list[str]:
    """The options in one multi-choice answer. A piece starting in lower case continues the one
    before it (Google's "Workshop: health, care and wellbeing" is one option, not two)."""
    options: list[str] = []
    for piece in value.split(token):
        if not piece.strip():
            continue
        if options and piece.strip()[0].islower():
            options[-1] += token + piece
        else:
            options.append(piece)
    return [o.strip() for o in options]


def _is_multi(values: list[str], separator: str, header: str) -> bool:
    """Several answers per person: the separator appears, and the pieces repeat from person to
    person as options do (a free-text answer with commas has pieces nobody else wrote)."""
    token = separator.strip() or separator
    if not any(token in v for v in values):
        return False
    if ALL_THAT_APPLY.search(header):
        return True
    parts = [p for v in values for p in _options(v, token)]
    options = Counter(parts)
    if not options or len(options) > MAX_CHOICES or max(len(o) for o in options) > 60:
        return False
    repeated = sum(n for n in options.values() if n > 1)
    return repeated >= 0.5 * len(parts)


def _scale(header: str, numbers: list[float]) -> tuple[int, int, bool]:
    """(lowest, highest, sure): from the header ("1 = not at all, 10 = very", "(1-10)") or
    else from the answers given."""
    match = SCALE_IN_HEADER.search(header)
    if match:
        low, high = (int(g) for g in (match.group(1, 2) if match.group(1) else match.group(3, 4)))
        if low < high:
            return low, high, True
    low, high = int(min(numbers)), int(max(numbers))
    low = 0 if low == 0 else 1
    return low, max(high, 5 if high <= 5 else 10), False


def _phase(header: str, role: str) -> str:
    """A scale asked at registration is the "before" half; otherwise the wording says."""
    if role == "registration":
        return "pre"
    text = header.casefold()
    if any(w in text for w in PRE_WORDS):
        return "pre"
    if any(re.search(rf"\b{w}\b", text) for w in POST_WORDS):
        return "post"
    return "none"


def guess_source(path: Path, sheet: str | None = None, *, taken: set[str] | None = None) -> Guess:
    """Recognise one export and guess its source block; ``taken`` holds question ids already used
    by other exports of the event."""
    rows = raw_rows(path, path.name, sheet)
    kind = KINDS[detect_rows(rows)]
    table = _read_as(kind, rows, path.name)
    frame = table.frame
    columns = list(frame.columns)
    notes: dict[str, str] = {"kind": f"recognised as {kind.label}; check"}
    role = kind.role
    if role is None:
        name = path.stem.casefold()
        role = "registration" if any(w in name for w in ROLE_WORDS["registration"]) else "survey"
        if any(folded(c) == "attended" for c in columns):
            role = "attendance"
        notes["role"] = "guessed from the file name and headers; check (registration, attendance, survey or poll)"
    key_column, key_type = _guess_key(kind, table, role, notes)
    guess = Guess(path.name, kind.name, role, key_column, key_type, notes)
    attended = next((c for c in columns if folded(c) == "attended"), None)
    if kind.name == "zoom_attendees" and attended:
        guess.fields["attended"] = (attended, sorted(set(_values(frame, attended))))
    if kind.name == "eventbrite":
        guess.attendance = _checked_in(frame)
    taken = set() if taken is None else taken
    texts = {header: text for text, header in table.aliases.items()}  # Qualtrics: tag -> question text
    used = {c for c, _ in guess.fields.values()}
    for column in columns:
        if kind.is_meta(column) or column == key_column or column in used:
            continue
        values = _values(frame, column)
        if not values:
            guess.left_out.append(column)
            continue
        if _personal(column, values):
            guess.personal.append(column)
            continue
        field_name = _field_for(column) if role != "poll" else None
        if field_name and field_name not in guess.fields:
            guess.fields[field_name] = (column, sorted(set(values)))
            continue
        guess.questions.append(_question(texts.get(column, column), column, values, table, taken, role))
    return guess


def _read_as(kind: ExportKind, rows: list[list[str]], name: str) -> SourceTable:
    """Read the rows as ``kind``; a file that looks like a tool's export but cannot be read as
    one says so."""
    try:
        return kind.read(rows, name)
    except InputDataError as error:
        if kind.name == "generic":
            raise
        raise InputDataError(
            name, f"looks like a {kind.label} export but cannot be read as one: {error.problem}",
            row=error.row, column=error.column, expected=error.expected,
        ) from None


def _guess_key(kind: ExportKind, table: SourceTable, role: str, notes: dict[str, str]) -> tuple[str | None, str]:
    """The key, chosen from what the values are, never a time or a row number: the column with
    the most e-mail addresses; else a participant or panel code; else the tool's own response
    id; else (registration and attendance only) a name; else anonymous."""
    frame = table.frame
    columns = list(frame.columns)
    rows = max(len(frame), 1)
    best, most = None, 0
    for column in columns:
        values = _values(frame, column)
        addresses = sum(1 for v in values if EMAIL.match(v.strip().lower().removeprefix("mailto:")))
        if addresses > most and addresses >= 0.8 * len(values):
            best, most = column, addresses
    if best is not None:
        if most < 0.5 * rows:
            notes["key"] = f"only {most} of {len(frame)} rows have an e-mail address in {best!r}; the others are set aside"
        return best, "email"
    said_anonymous = [c for c in columns if any(folded(v) == "anonymous" for v in _values(frame, c))]
    code = next((c for c in columns if CODE_HEADER.search(c) and _is_id(_values(frame, c), rows)), None)
    if code is not None:
        notes["key"] = f"no e-mail addresses: matching people by the code in {code!r}; check every export has it"
        return code, "code"
    response = next(
        (c for c in columns if (kind.is_response_id(c) or folded(c) in RESPONSE_ID_HEADERS) and _is_id(_values(frame, c), rows)),
        None,
    )
    why = f"{said_anonymous[0]!r} says 'anonymous': an anonymous form" if said_anonymous else "no e-mail addresses or codes"
    if response is not None:
        notes["key"] = (f"{why}: each response is its own respondent (the tool's response id {response!r}), "
                        "never matched to a registration")
        return response, "response"
    if role in {"registration", "attendance"}:
        name = next((c for c in columns if NAME_HEADER.search(c) and _is_id(_values(frame, c), rows, repeats=True)), None)
        if name is not None:
            notes["key"] = "no e-mail addresses or codes: matching people by name, which is weak; check"
            return name, "name"
    notes["key"] = (f"{why}: each row is counted as its own respondent; if the form asked for an e-mail or a "
                    "participant code, name that column instead")
    return None, "none"


def _is_id(values: list[str], rows: int, *, repeats: bool = False) -> bool:
    """Values that can identify a row: filled in most rows, short, not times or dates, and
    distinct (``repeats``: a name may repeat, one row per join)."""
    if not values or len(values) < 0.5 * rows or max(len(v) for v in values) > 60:
        return False
    if sum(1 for v in values if MOMENT.search(v)) > 0.2 * len(values):
        return False
    return repeats or len(set(values)) >= 0.9 * len(values)


def _personal(column: str, values: list[str]) -> bool:
    """A column of personal details (a name, an address, a phone number), by its header or, for
    SurveyMonkey's boxes, its sub-label; or a column of e-mail addresses."""
    label = folded(column)
    box = re.search(r"\[(.*)\]$", label)
    if label.startswith("contact information") or PERSONAL.match(label) or (box and PERSONAL.match(box.group(1))):
        return True
    return sum(1 for v in values if EMAIL.match(v.strip().lower())) >= 0.8 * len(values)


def _checked_in(frame: pd.DataFrame) -> tuple[str, dict[str, str]] | None:
    """Eventbrite's check-in as an attendance list: a ``Checked In`` column saying Yes for someone,
    else ``Attendee Status`` = ``Checked In``."""
    for header in ("checked in", "attendee status"):
        column = next((c for c in frame.columns if folded(c) == header), None)
        if column is None:
            continue
        labels = sorted({v.strip() for v in frame[column] if v.strip()})
        marks = {label: "yes" if folded(label) in YES else "no" for label in labels}
        if "yes" in marks.values():
            return column, marks
    return None


def _field_for(column: str) -> str | None:
    text = column.casefold()
    for name, words in FIELD_WORDS.items():
        if any(w in text for w in words):
            return name
    return None


def _question(text: str, column: str, values: list[str], table: SourceTable, taken: set[str], role: str) -> dict:
    question: dict = {"id": _slug(text, taken), "column": text, "text": text, "phase": "none"}
    numbers = []
    for v in values:
        try:
            numbers.append(float(v))
        except ValueError:
            break
    if values and len(numbers) == len(values) and all(n.is_integer() for n in numbers):
        low, high, sure = _scale(text, numbers)
        question.update(type="scale", scale=[low, high], phase=_phase(text, role))
        if not sure:
            question["todo"] = (f"scale [{low}, {high}] guessed from the answers given (lowest "
                                f"{int(min(numbers))}, highest {int(max(numbers))}); check the form's range")
        return question
    distinct = sorted({" ".join(v.split()) for v in values})
    token = table.multi_separator.strip() or table.multi_separator
    if column in table.multi_columns or (values and _is_multi(values, table.multi_separator, text)):
        options = sorted({p for v in values for p in _options(v, token)})
        question.update(type="multi", answers=options, todo="several answers per person; add any option nobody chose")
    elif values and _is_choice(distinct, values, text):
        question.update(type="choice", answers=distinct, todo="add any option nobody chose, and map labels to the pack's wording")
    else:
        question.update(type="text")
    return question


def _is_choice(distinct: list[str], values: list[str], header: str) -> bool:
    """A few short answers that repeat from person to person (or, with no repeats, answers of a
    word or three to a question that does not ask for words: "Yes", "Maybe", "Strongly agree")."""
    if len(distinct) > MAX_CHOICES or max(len(v) for v in distinct) > 60:
        return False
    if len(distinct) < len(values) and len(distinct) < max(3, len(values)):
        return True
    return not OPEN_QUESTION.search(header) and all(len(v.split()) <= 3 for v in distinct)


def _wording(text: str) -> set[str]:
    """The words that say what a scale question asks, without its timing or its range."""
    text = re.sub(r"\(.*?\)", " ", text.casefold())
    return {w for w in re.findall(r"[a-z]+", text) if w not in WORDING_STOP}


def pair_scales(guesses: list[Guess]) -> None:
    """A scale asked before (at registration, or "looking back") and one asked after with the same
    wording and range share one id, so the pack pairs them; the first such pair is "confidence"
    if it asks about confidence."""
    pre = [(g, q) for g in guesses for q in g.questions if q["type"] == "scale" and q["phase"] == "pre"]
    post = [(g, q) for g in guesses for q in g.questions if q["type"] == "scale" and q["phase"] == "post"]
    pairs: list[tuple[tuple[Guess, dict], tuple[Guess, dict], bool]] = []
    for before in pre:
        scored = [
            (_similarity(before[1]["text"], after[1]["text"]), after) for after in post
            if after[1]["scale"] == before[1]["scale"] and all(after is not p[1] for p in pairs)
        ]
        best = max(scored, key=lambda s: s[0], default=None)
        if best and best[0] >= 0.5:
            pairs.append((before, best[1], True))
    left_pre = [b for b in pre if all(b is not p[0] for p in pairs)]
    left_post = [a for a in post if all(a is not p[1] for p in pairs)]
    if len(left_pre) == 1 and len(left_post) == 1 and left_pre[0][1]["scale"] == left_post[0][1]["scale"]:
        pairs.append((left_pre[0], left_post[0], False))
    for (g_pre, q_pre), (g_post, q_post), same_wording in pairs:
        wants_confidence = "confiden" in (q_pre["text"] + q_post["text"]).casefold()
        taken = {q["id"] for g in guesses for q in g.questions if q is not q_pre and q is not q_post}
        qid = "confidence" if wants_confidence and "confidence" not in taken else q_post["id"]
        q_pre["id"] = q_post["id"] = qid
        where = "in this export (a then-test)" if g_pre is g_post else f"in {g_pre.file} and {g_post.file}"
        how = "same wording" if same_wording else "the only before and after scales"
        q_pre["todo"] = q_post["todo"] = f"asked before and after {where}, paired by {how}: check"


def _similarity(a: str, b: str) -> float:
    words_a, words_b = _wording(a), _wording(b)
    return len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0


def _q(text: str) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted strings."""
    return json.dumps(text, ensure_ascii=False)


def event_yaml(event: str, guesses: list[Guess]) -> str:
    date = event[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", event) else "2000-01-01"
    lines = [
        "# A starting event.yaml written by `reportgen init` from the exports. Check every TODO,",
        "# then run `reportgen validate " + event + "`. The format is in docs/event-folder.md.",
        "",
        "title: " + _q("TODO: the event's title") + "   # TODO",
        f"date: {date}" + ("" if date != "2000-01-01" else "   # TODO: the event date, YYYY-MM-DD"),
        "brand: default   # TODO: a folder under templates/brands/",
        "",
        "sources:",
    ]
    for g in guesses:
        lines.append(f"  - file: {_q(g.file)}")
        lines.append(f"    kind: {g.kind}   # {g.notes['kind']}")
        lines.append(f"    role: {g.role}" + (f"   # TODO: {g.notes['role']}" if "role" in g.notes else ""))
        lines.append(_key_line(g))
        if g.left_out:
            lines.append(f"    # left out, empty in every row: {', '.join(g.left_out)}")
        if g.personal:
            lines.append(f"    # left out, personal details (not questions): {', '.join(g.personal)}")
        if g.fields:
            lines.append("    fields:")
            for name, (column, labels) in g.fields.items():
                lines.append(f"      {name}:")
                lines.append(f"        column: {_q(column)}")
                if name == "attended":
                    lines.append("        answers: {Yes: yes, No: no}")
                    continue
                lines.append("        answers:   # TODO: map each label to the category the pack shows; add labels nobody chose")
                for label in labels:
                    lines.append(f"          {_q(label)}: {_q(label)}")
                if not labels:
                    lines[-1] = lines[-1].replace("answers:", "answers: {}")
        if g.questions:
            lines.append("    questions:")
            for q in g.questions:
                lines.append(f"      - id: {q['id']}" + (f"   # TODO: {q['todo']}" if "todo" in q else ""))
                lines.append(f"        column: {_q(q['column'])}")
                lines.append(f"        text: {_q(q['text'])}")
                lines.append(f"        type: {q['type']}")
                if q["phase"] != "none":
                    lines.append(f"        phase: {q['phase']}")
                if q["type"] == "scale":
                    lines.append(f"        scale: [{q['scale'][0]}, {q['scale'][1]}]")
                if q.get("answers"):
                    lines.append("        answers:")
                    for label in q["answers"]:
                        lines.append(f"          {_q(label)}: {_q(label)}")
        lines.append("")
        if g.attendance:
            column, marks = g.attendance
            lines += [
                f"  - file: {_q(g.file)}   # the same export again: who checked in at the door",
                f"    kind: {g.kind}",
                "    role: attendance   # TODO: keep only if check-in was used at the door",
                _key_line(g),
                "    fields:",
                "      attended:",
                f"        column: {_q(column)}",
                "        answers: {" + ", ".join(f"{_q(k)}: {v}" for k, v in marks.items()) + "}",
                "",
            ]
    lines += _breakdowns(guesses) + _impact(guesses)
    return "\n".join(lines) + "\n"


def _key_line(g: Guess) -> str:
    todo = f"   # TODO: {g.notes['key']}" if "key" in g.notes else ""
    if g.key_column is None:
        return "    key: none" + todo
    return f"    key: {{column: {_q(g.key_column)}, type: {g.key_type}}}" + todo


def _breakdowns(guesses: list[Guess]) -> list[str]:
    found = [name for g in guesses for name in g.fields if name != "attended"]
    if not found:
        return ["breakdowns: []   # TODO: gender, ethnicity, sector or borough, if an export asks"]
    lines = ["breakdowns:   # TODO: titles; add `basis: registered` to count among registrations"]
    for name in dict.fromkeys(found):
        lines += [f"  - field: {name}", f"    title: {name.capitalize()}"]
    return lines + [""]


def _impact(guesses: list[Guess]) -> list[str]:
    questions = {q["id"]: q for g in guesses for q in g.questions}
    lines = ["impact:   # TODO: check which questions feed 'measuring our impact'"]
    phases: dict[str, set[str]] = {}
    for g in guesses:
        for q in g.questions:
            phases.setdefault(q["id"], set()).add(q["phase"])
    paired = [qid for qid, found in phases.items() if {"pre", "post"} <= found]
    if paired:
        lines.append(f"  confidence: {'confidence' if 'confidence' in paired else paired[0]}")

    def find(words: tuple[str, ...], types: tuple[str, ...]) -> str | None:
        return next(
            (qid for qid, q in questions.items() if q["type"] in types and any(w in q["column"].casefold() for w in words)),
            None,
        )

    recommend = find(("recommend",), ("choice",))
    if recommend:
        positive = [a for a in questions[recommend].get("answers", []) if a.casefold() in {"yes", "definitely"}]
        lines.append(f"  recommend: {{question: {recommend}, positive: [{', '.join(map(_q, positive))}]}}")
    for key, words in (
        ("micro_actions", ("step", "action", "will do", "differently")),
        ("went_well", ("went well", "well")),
        ("improve", ("improve", "change")),
    ):
        qid = find(words, ("text",))
        if qid:
            lines.append(f"  {key}: {qid}")
    if len(lines) == 1:
        lines[0] = "impact: {}   # TODO: name the questions that feed 'measuring our impact'"
    return lines


def init_event(events_dir: Path, event: str, files: list[Path]) -> Path:
    """Create data/events/EVENT/ with copies of ``files`` and a starting event.yaml; return it."""
    import shutil

    from .errors import InputDataError

    folder = events_dir / event
    target = folder / "event.yaml"
    if target.exists():
        raise InputDataError(
            f"data/events/{event}/event.yaml", "already exists; init does not overwrite it",
            expected="a new event name, or edit the existing event.yaml",
        )
    taken: set[str] = set()
    guesses = [guess_source(file, taken=taken) for file in files]
    pair_scales(guesses)
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        if file.resolve().parent != folder.resolve():
            shutil.copy2(file, folder / file.name)
    target.write_text(event_yaml(event, guesses), encoding="utf-8")
    return target
