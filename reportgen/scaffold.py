"""``reportgen init``: a starting event.yaml written from the exports themselves.

``guess_source`` reads one export, recognises its kind (``readers.detect_kind``) and guesses its
role, key column, participant fields and questions from the headers and answers;
``event_yaml`` writes them out with a ``TODO`` comment wherever a person must check a guess. The
result is valid event.yaml, so ``reportgen validate`` runs on it straight away.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .readers import META_COLUMNS, SourceTable, detect_kind, read_source

KEY_COLUMNS = {
    "msforms": "Email", "googleforms": "Email address", "surveymonkey": "Email Address",
    "qualtrics": "RecipientEmail", "eventbrite": "Email", "zoom_attendees": "Email", "zoom_polls": "Email Address",
}
ROLES = {"eventbrite": "registration", "zoom_attendees": "attendance", "zoom_polls": "poll"}
FIELD_WORDS = {
    "gender": ("gender",),
    "ethnicity": ("ethnic",),
    "borough": ("borough", "local authority area"),
    "sector": ("sector", "part of the system", "profession", "organisation type", "type of organisation"),
}
PRE_WORDS = ("before", "looking back", "prior to")
POST_WORDS = ("after", "now", "today")
SCALE_IN_HEADER = re.compile(r"(\d+)\s*(?:=[^,;)]*)?\s*(?:-|–|to)\s*(\d+)|(\d+)\s*=.*?(\d+)\s*=")
MAX_CHOICES = 12


@dataclass
class Guess:
    """What ``init`` worked out about one export, with a note on each guess to check."""

    file: str
    kind: str
    role: str
    key_column: str
    key_type: str
    notes: dict[str, str] = field(default_factory=dict)  # what -> TODO text
    fields: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # field -> (column, labels)
    questions: list[dict] = field(default_factory=list)


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


def _is_multi(values: list[str], separator: str) -> bool:
    token = separator.strip() or separator
    if not any(token in v for v in values):
        return False
    options = {p.strip() for v in values for p in v.split(token) if p.strip()}
    return len(options) <= MAX_CHOICES


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


def _phase(header: str) -> str:
    text = header.casefold()
    if any(w in text for w in PRE_WORDS):
        return "pre"
    if any(re.search(rf"\b{w}\b", text) for w in POST_WORDS):
        return "post"
    return "none"


def guess_source(path: Path, sheet: str | None = None) -> Guess:
    kind = detect_kind(path, sheet=sheet)
    table = read_source(path, kind, sheet=sheet)
    frame = table.frame
    columns = list(frame.columns)
    notes: dict[str, str] = {"kind": f"recognised as {kind}; check"}
    role = ROLES.get(kind)
    if role is None:
        name = path.stem.casefold()
        role = "registration" if any(w in name for w in ("regist", "sign", "booking")) else "survey"
        if "Attended" in columns:
            role = "attendance"
        notes["role"] = "guessed from the file name and headers; check (registration, attendance, survey or poll)"
    key_column, key_type = _guess_key(kind, table, notes)
    guess = Guess(path.name, kind, role, key_column, key_type, notes)
    meta = set(META_COLUMNS.get(kind, ())) | {key_column}
    if kind == "zoom_attendees" and "Attended" in columns:
        guess.fields["attended"] = ("Attended", ["Yes", "No"])
    taken: set[str] = set()
    texts = {header: text for text, header in table.aliases.items()}  # Qualtrics: tag -> question text
    for column in columns:
        if column in meta or column in {c for c, _ in guess.fields.values()}:
            continue
        values = _values(frame, column)
        field_name = _field_for(column) if role != "poll" else None
        if field_name and field_name not in guess.fields:
            guess.fields[field_name] = (column, sorted(set(values)))
            continue
        guess.questions.append(_question(texts.get(column, column), values, table, taken))
    _pair_confidence(guess)
    return guess


def _guess_key(kind: str, table: SourceTable, notes: dict[str, str]) -> tuple[str, str]:
    columns = list(table.frame.columns)
    column = KEY_COLUMNS.get(kind)
    if column not in columns:
        column = next((c for c in columns if re.search(r"e-?mail", c, re.IGNORECASE)), None)
    if column is not None:
        if not _values(table.frame, column):
            notes["key"] = f"{column!r} is empty in every row (an anonymous survey?): choose a column that identifies people"
        return column, "email"
    code = next((c for c in columns if re.search(r"\bcode\b|\bid\b", c, re.IGNORECASE)), None)
    if code is not None:
        notes["key"] = "no e-mail column: matching by this participant code; check every export has it"
        return code, "code"
    name = next((c for c in columns if re.search(r"name", c, re.IGNORECASE)), columns[0])
    notes["key"] = "no e-mail or code column: matching by name, which is weak; check"
    return name, "name"


def _field_for(column: str) -> str | None:
    text = column.casefold()
    for name, words in FIELD_WORDS.items():
        if any(w in text for w in words):
            return name
    return None


def _question(column: str, values: list[str], table: SourceTable, taken: set[str]) -> dict:
    question: dict = {"id": _slug(column, taken), "column": column, "text": column, "phase": _phase(column)}
    numbers = []
    for v in values:
        try:
            numbers.append(float(v))
        except ValueError:
            break
    if values and len(numbers) == len(values) and all(n.is_integer() for n in numbers):
        low, high, sure = _scale(column, numbers)
        question.update(type="scale", scale=[low, high])
        if not sure:
            question["todo"] = f"scale guessed from the answers given ({int(min(numbers))} to {int(max(numbers))}); check"
        return question
    distinct = sorted({" ".join(v.split()) for v in values})
    if values and _is_multi(values, table.multi_separator):
        token = table.multi_separator.strip() or table.multi_separator
        options = sorted({p.strip() for v in values for p in v.split(token) if p.strip()})
        question.update(type="multi", answers=options, todo="several answers per person; add any option nobody chose")
    elif values and len(distinct) <= MAX_CHOICES and max(len(v) for v in distinct) <= 60 and len(distinct) < max(3, len(values)):
        question.update(type="choice", answers=distinct, todo="add any option nobody chose, and map labels to the pack's wording")
    else:
        question.update(type="text")
    question["phase"] = "none" if question["type"] != "scale" else question["phase"]
    return question


def _pair_confidence(guess: Guess) -> None:
    """A scale asked before and after gets one id, ``confidence``, so the pack pairs them."""
    pre = [q for q in guess.questions if q["type"] == "scale" and q["phase"] == "pre"]
    post = [q for q in guess.questions if q["type"] == "scale" and q["phase"] == "post"]
    for q in guess.questions:
        if q["type"] == "scale" and q["phase"] != "none" and not (pre and post) and "confidence" in q["column"].casefold():
            q["id"] = "confidence"
            q["todo"] = "the other half of this before/after pair is in another export: give it the same id"
    if len(pre) == 1 and len(post) == 1:
        pre[0]["id"] = post[0]["id"] = "confidence"
        pre[0]["todo"] = post[0]["todo"] = "asked before and after in this export (a then-test): check"


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
        lines.append(f"    key: {{column: {_q(g.key_column)}, type: {g.key_type}}}"
                     + (f"   # TODO: {g.notes['key']}" if "key" in g.notes else ""))
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
    lines += _breakdowns(guesses) + _impact(guesses)
    return "\n".join(lines) + "\n"


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
    pre = any(q["id"] == "confidence" and q["phase"] == "pre" for g in guesses for q in g.questions)
    post = any(q["id"] == "confidence" and q["phase"] == "post" for g in guesses for q in g.questions)
    if pre and post:
        lines.append("  confidence: confidence")

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
    guesses = [guess_source(file) for file in files]
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        if file.resolve().parent != folder.resolve():
            shutil.copy2(file, folder / file.name)
    target.write_text(event_yaml(event, guesses), encoding="utf-8")
    return target
