"""event.yaml: its schema, and loading it with every mistake reported at once by key path.

The schema is the documented event folder format (docs/event-folder.md). Pydantic checks the
shape; ``_cross_check`` then checks what refers to what (question ids, brands, reference tables).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from .errors import ConfigError

# "name" is read only to redact participants' names from quotes; it is never written out.
ParticipantField = Literal["gender", "ethnicity", "sector", "borough", "attended", "name"]
BREAKDOWN_FIELDS = ("gender", "ethnicity", "sector", "borough")
Phase = Literal["pre", "post", "none"]
# The export layouts reportgen reads (one reader each, see reportgen/readers/ and docs/formats.md).
SourceKind = Literal[
    "generic", "msforms", "googleforms", "surveymonkey", "qualtrics", "eventbrite",
    "zoom_attendees", "zoom_polls",
]
Role = Literal["registration", "attendance", "survey", "follow_up", "poll"]
# follow_up: a survey sent weeks later ("did you do the step you committed to?"); it links to
# people already met by key and never adds anyone (reportgen/etl.py).
ROLE_ORDER = ("registration", "attendance", "survey", "follow_up", "poll")
Design = Literal["pre-post", "then-test"]


class Strict(BaseModel):
    """A config block: unknown keys are mistakes (usually typos), never silently ignored.

    Numbers are taken as text where text is expected (an answer label ``1`` means "1").
    """

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as people write it: only true/false are booleans, so ``Yes: yes`` stays text.
    Parsed by libyaml where PyYAML has it (a tenth of the time: a series reads every event's)."""


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _timestamp_or_text(loader: YamlLoader, node: yaml.ScalarNode) -> object:
    """A date YAML cannot make ("2022-13-07") stays text, so the check of the key it is under
    says what is wrong and where, instead of a bare "month must be in 1..12"."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def read_yaml(text: str) -> object:
    return yaml.load(text, Loader=YamlLoader)  # a SafeLoader subclass: no arbitrary objects


KeyType = Literal["email", "code", "name", "response"]
ANONYMOUS = "none"
_TAG, _NONE_TAG = "<key column>", "<no key>"  # the union's tags; left out of key paths


class KeyColumn(Strict):
    """The column that identifies a person across exports, and how to compare its values.

    ``email`` (the default) is trimmed and lower-cased; ``code`` (a participant code or a panel
    id such as PROLIFIC_PID, carried by the person from export to export) trimmed and
    upper-cased; ``name`` is a last resort, reported as weak. ``response`` is the tool's own id
    of one response (Qualtrics ``ResponseId``, SurveyMonkey ``Respondent ID``): each row is its
    own respondent, never matched across exports, and the id only tells a response exported
    twice. ``name`` optionally names a column with the person's name, used to match a row whose
    e-mail or code matches no one.
    """

    column: str
    type: KeyType = "email"
    name: str | None = None


class FieldMap(Strict):
    """A participant field (gender, borough, ...) read from one column of an export.

    ``answers`` maps each label the export uses to the category the pack shows; a label not in
    the map is an error. Left out, labels are used as they are (trimmed).
    """

    column: str
    answers: dict[str, str] | None = None


class Question(Strict):
    """One question of an export, read into responses.csv (one row per answer)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    column: str
    text: str
    type: Literal["scale", "choice", "multi", "text"]
    phase: Phase = "none"
    scale: tuple[int, int] | None = None
    answers: dict[str, str] | None = None

    @model_validator(mode="after")
    def _type_needs(self) -> Question:
        if self.type == "scale":
            if self.scale is None:
                raise ValueError("a scale question needs 'scale: [lowest, highest]'")
            if self.scale[0] >= self.scale[1]:
                raise ValueError("'scale' must be [lowest, highest] with lowest < highest")
        elif self.scale is not None:
            raise ValueError(f"'scale' only applies to type 'scale', not {self.type!r}")
        if self.type == "text" and self.answers is not None:
            raise ValueError("a free-text question takes no 'answers' map")
        return self


class Source(Strict):
    """One raw export in the event folder."""

    file: str
    kind: SourceKind = "generic"
    role: Role
    sheet: str | None = None
    # ``key: none``: the export is anonymous, so every row is its own respondent.
    key: Annotated[
        Annotated[KeyColumn, Tag(_TAG)] | Annotated[Literal["none"], Tag(_NONE_TAG)],
        Discriminator(lambda v: _NONE_TAG if isinstance(v, str) else _TAG),
    ]
    fields: dict[ParticipantField, FieldMap] = {}
    questions: list[Question] = []

    @property
    def anonymous(self) -> bool:
        """True when rows cannot be linked to a person in another export (``key: none`` or the
        tool's response id): no matching across files, and before/after pairs only within a row."""
        return self.key == ANONYMOUS or self.key.type == "response"  # type: ignore[union-attr]

    @property
    def key_column(self) -> KeyColumn | None:
        """The key column, or None for an anonymous export without one (``key: none``)."""
        return None if self.key == ANONYMOUS else self.key  # type: ignore[return-value]


class Reference(Strict):
    """A population to compare a breakdown with: a table under data/reference/, some areas."""

    table: str
    areas: list[str]
    label: str
    categories: dict[str, str] | None = None


class Breakdown(Strict):
    """One "who was in the room" breakdown: a participant field counted over a basis."""

    field: Literal["gender", "ethnicity", "sector", "borough"]
    title: str
    label: str | None = None
    basis: Literal["registered", "attended"] = "attended"
    chart: bool = True
    reference: Reference | None = None


class Agreement(Strict):
    """A statement people agreed or disagreed with; ``positive`` answers count as agreeing."""

    question: str
    positive: list[str]


class Theme(Strict):
    """A theme of the free-text answers: an answer belongs to the first theme it mentions."""

    name: str
    keywords: Annotated[list[str], Field(min_length=1)]


class FollowUp(Strict):
    """The follow-up survey's questions (a ``role: follow_up`` source), weeks after the event.

    ``did_it``: "Did you do the step you committed to?", its ``positive`` answers counting as
    having done it; ``what_changed``: a free-text "What changed?" quoted in the pack (with
    consent); ``consent``: the follow-up's own "may we quote you?" question; without it the
    event's ``impact.quote_consent`` decides.
    """

    did_it: Agreement
    what_changed: str | None = None
    consent: Agreement | None = None


class Impact(Strict):
    """Which questions feed "measuring our impact" (each names a question id).

    Kirkpatrick levels: recommend and agreements are reactions (level 1), confidence and
    micro-actions are learning (level 2), applied_learning and follow_up are behaviour (level 3).
    ``outcomes`` are further before/after scale items, shown with ``confidence`` (always the
    first, the headline) in the outcomes section.
    """

    confidence: str | None = None
    outcomes: list[str] = []
    recommend: Agreement | None = None
    agreements: list[Agreement] = []
    applied_learning: Agreement | None = None
    design: Design | None = None
    micro_actions: str | None = None
    went_well: str | None = None
    improve: str | None = None
    quote_consent: Agreement | None = None
    themes: list[Theme] = []
    max_quotes: Annotated[int, Field(ge=1, le=20)] = 6
    max_micro_actions: Annotated[int, Field(ge=1, le=30)] = 10
    follow_up: FollowUp | None = None


class Narrative(Strict):
    """Markdown written by the organisers, shown at the top of the matching section."""

    who_was_in_the_room: str = ""
    measuring_impact: str = ""
    feedback: str = ""
    micro_actions: str = ""
    closing: str = ""


class SinceLastTime(Strict):
    intro: str = ""
    items: list[str] = []


class Privacy(Strict):
    """Counts from 1 to min_count - 1 are published as "fewer than <min_count>"."""

    min_count: Annotated[int, Field(ge=1, le=50)] = 5


class Statistics(Strict):
    """Below ``small_sample`` paired people the pack shows counts and says not to generalise."""

    small_sample: Annotated[int, Field(ge=2)] = 10
    confidence_level: Annotated[float, Field(gt=0.5, lt=1)] = 0.95


class Representation(Strict):
    """A group is under-represented below ``ratio_below`` of its population share and at least
    ``min_gap_points`` percentage points under it (over-represented: the mirror image)."""

    ratio_below: Annotated[float, Field(gt=0, lt=1)] = 0.8
    min_gap_points: Annotated[float, Field(ge=0)] = 5


class AgendaItem(Strict):
    title: str
    time: str = ""  # "5 mins", "18:05": as the organisers write it
    description: str = ""  # inline Markdown


class Agenda(Strict):
    """The "session flow" section: objectives and the running order."""

    intro: str = ""
    objectives: list[str] = []
    items: list[AgendaItem] = []


class KeyPoint(Strict):
    title: str
    text: str = ""


class Speaker(Strict):
    """The "speaker profile" section: who opened the session and what they said."""

    name: str
    role: str = ""
    question: str = ""  # the question the speaker reflected on
    perspective: str = ""  # Markdown, in the organisers' words
    key_points: list[KeyPoint] = []
    closing: str = ""


class DiscussionTheme(Strict):
    """A theme the organisers drew from the discussions, as bullet points (inline Markdown)."""

    name: str
    points: Annotated[list[str], Field(min_length=1)]


class QuoteSource(Strict):
    """Quotes from a free-text question, optionally grouped by keyword themes."""

    question: str
    intro: str = ""
    themes: list[Theme] = []


class KeyThemes(Strict):
    """The "key themes" section: prompts, the organisers' themes, participants' reflections."""

    intro: str = ""
    prompts: list[str] = []
    themes: list[DiscussionTheme] = []
    reflections: QuoteSource | None = None


class Step(Strict):
    duration: str
    title: str
    text: str


class HostYourOwn(Strict):
    """The "host your own conversation" guide."""

    title: str = "Host your own conversation"
    intro: str = ""
    steps: Annotated[list[Step], Field(min_length=1)]


class PollRef(Strict):
    """A choice or tick-all-that-apply question shown as a chart (a poll, or a registration
    question such as "Why are you signing up?")."""

    question: str
    intro: str = ""


class EventConfig(Strict):
    """The whole of event.yaml."""

    title: str
    subtitle: str = "Measuring our impact"
    date: dt.date
    series: str = ""
    programme: str | None = None  # a series file, data/series/<programme>.yaml, with its framework
    brand: str = "default"
    narrative: Narrative = Narrative()
    since_last_time: SinceLastTime = SinceLastTime()
    contact: str = ""
    sources: Annotated[list[Source], Field(min_length=1)]
    breakdowns: list[Breakdown] = []
    impact: Impact = Impact()
    privacy: Privacy = Privacy()
    statistics: Statistics = Statistics()
    representation: Representation = Representation()
    sections: list[str] | None = None  # which sections, in order (default: DEFAULT_SECTIONS)
    agenda: Agenda | None = None
    speaker: Speaker | None = None
    key_themes: KeyThemes | None = None
    host_your_own: HostYourOwn | None = None
    why_people_came: PollRef | None = None
    polls: list[PollRef] = []
    closing_reflections: QuoteSource | None = None
    # Free-form content for section types added later: content.<section name> is passed to that
    # section's template, every string rendered as Markdown (safely), so a new section type
    # needs only its template and a line in reportgen/sections.py.
    content: dict[str, Any] = {}

    def design(self, question_id: str | None = None) -> Design | None:
        """How the confidence question (or before/after item ``question_id``) was asked:
        "pre-post" (before the event, then after) or "then-test" (both in the survey afterwards:
        "looking back, how confident were you?")."""
        qid = question_id or self.impact.confidence
        if qid is None:
            return None
        files = {
            q.phase: s.file for s in self.sources for q in s.questions if q.id == qid and q.phase != "none"
        }
        if "pre" not in files or "post" not in files:
            return None
        return "then-test" if files["pre"] == files["post"] else "pre-post"

    def questions(self) -> dict[str, Question]:
        """Every question by id (a pre/post pair shares one id; the first one wins)."""
        found: dict[str, Question] = {}
        for source in self.sources:
            for question in source.questions:
                found.setdefault(question.id, question)
        return found


def load_event_config(
    event_dir: Path, *, known_brands: set[str], known_tables: set[str], known_sections: set[str] | None = None
) -> EventConfig:
    """Read and check ``event_dir/event.yaml``; raise ConfigError listing every mistake."""
    path = event_dir / "event.yaml"
    if not path.is_file():
        raise ConfigError(path, ["the file is missing: every event folder needs an event.yaml"])
    try:
        raw = read_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(path, [f"not readable as YAML: {error}"]) from None
    if not isinstance(raw, dict):
        raise ConfigError(path, ["expected a mapping of keys (title, date, sources, ...)"])
    try:
        config = EventConfig.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(path, [_describe(e) for e in error.errors()]) from None
    problems = _cross_check(config, known_brands, known_tables)
    if config.programme and not problems:
        problems += _programme_problems(config, event_dir.parent.parent / "series")
    if known_sections is not None:
        problems += [
            f"sections[{i}]: no section called {name!r} (sections: {', '.join(sorted(known_sections))})"
            for i, name in enumerate(config.sections or [])
            if name not in known_sections
        ]
    if problems:
        raise ConfigError(path, problems)
    return config


def _describe(error: dict) -> str:
    """One pydantic error as "key.path: what is wrong", in plain words."""
    parts: list[str] = []
    for item in error["loc"]:
        if item in (_TAG, _NONE_TAG):
            continue
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    where = "".join(parts) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        what = "unknown key (check its spelling against docs/event-folder.md)"
    elif kind == "missing":
        what = "required key is missing"
    elif kind == "literal_error":
        what = f"must be one of {error['ctx']['expected']}, not {error.get('input')!r}"
    else:
        what = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {what}"


def _cross_check(config: EventConfig, known_brands: set[str], known_tables: set[str]) -> list[str]:
    problems: list[str] = []
    if config.brand not in known_brands:
        problems.append(
            f"brand: no brand folder templates/brands/{config.brand}/ "
            f"(brands: {', '.join(sorted(known_brands))})"
        )
    seen: dict[tuple[str, str], str] = {}
    collected: set[str] = set()
    for i, source in enumerate(config.sources):
        collected.update(source.fields)
        if "attended" in source.fields and source.role != "attendance":
            problems.append(f"sources[{i}].fields.attended: only an attendance source says who attended")
        if source.role in ("poll", "follow_up") and source.fields:
            problems.append(
                f"sources[{i}].fields: a {source.role.replace('_', '-')} source reads questions only, not participant fields"
            )
        for j, question in enumerate(source.questions):
            key = (question.id, question.phase)
            if key in seen:
                problems.append(
                    f"sources[{i}].questions[{j}].id: {question.id!r} with phase "
                    f"{question.phase!r} is already read from {seen[key]}"
                )
            seen[key] = source.file
    questions = config.questions()
    for i, breakdown in enumerate(config.breakdowns):
        if breakdown.field not in collected:
            problems.append(
                f"breakdowns[{i}].field: no source reads {breakdown.field!r} "
                f"(add it under a source's 'fields')"
            )
        if breakdown.reference and breakdown.reference.table not in known_tables:
            problems.append(
                f"breakdowns[{i}].reference.table: no table data/reference/"
                f"{breakdown.reference.table}.csv (tables: {', '.join(sorted(known_tables)) or 'none'})"
            )
    impact = config.impact

    def need(path: str, qid: str | None, types: tuple[str, ...]) -> None:
        if qid is None:
            return
        if qid not in questions:
            problems.append(f"{path}: no question has id {qid!r}")
        elif questions[qid].type not in types:
            problems.append(f"{path}: question {qid!r} is {questions[qid].type!r}, expected {' or '.join(types)}")

    need("impact.confidence", impact.confidence, ("scale",))
    if impact.confidence and impact.confidence in questions:
        phases = {p for (q, p) in seen if q == impact.confidence}
        if not {"pre", "post"} <= phases:
            problems.append(
                f"impact.confidence: question {impact.confidence!r} needs a 'pre' and a 'post' "
                f"phase (found: {', '.join(sorted(phases))})"
            )
        elif impact.design is not None and impact.design != config.design():
            problems.append(
                f"impact.design: {impact.design!r} does not fit the sources: the 'pre' score of "
                f"{impact.confidence!r} is read from {seen[(impact.confidence, 'pre')]} and the 'post' "
                f"score from {seen[(impact.confidence, 'post')]}, which is the {config.design()!r} design"
            )
    for k, qid in enumerate(impact.outcomes):
        path = f"impact.outcomes[{k}]"
        if qid in impact.outcomes[:k]:
            problems.append(f"{path}: {qid!r} is listed twice")
            continue
        before = len(problems)
        need(path, qid, ("scale",))
        if len(problems) == before:
            phases = {p for (q, p) in seen if q == qid}
            if not {"pre", "post"} <= phases:
                problems.append(
                    f"{path}: question {qid!r} needs a 'pre' and a 'post' phase to show a change "
                    f"(found: {', '.join(sorted(phases))})"
                )
    for path, agreement in [
        ("impact.recommend", impact.recommend),
        ("impact.applied_learning", impact.applied_learning),
        ("impact.quote_consent", impact.quote_consent),
        *((f"impact.agreements[{k}]", a) for k, a in enumerate(impact.agreements)),
    ]:
        if agreement is not None:
            need(f"{path}.question", agreement.question, ("choice",))
    if config.why_people_came:
        need("why_people_came.question", config.why_people_came.question, ("choice", "multi"))
    for k, poll in enumerate(config.polls):
        need(f"polls[{k}].question", poll.question, ("choice", "multi"))
    if config.key_themes and config.key_themes.reflections:
        need("key_themes.reflections.question", config.key_themes.reflections.question, ("text",))
    if config.closing_reflections:
        need("closing_reflections.question", config.closing_reflections.question, ("text",))
    need("impact.micro_actions", impact.micro_actions, ("text",))
    need("impact.went_well", impact.went_well, ("text",))
    need("impact.improve", impact.improve, ("text",))
    for path, agreement in [
        ("impact.recommend", impact.recommend),
        ("impact.applied_learning", impact.applied_learning),
        ("impact.quote_consent", impact.quote_consent),
        *((f"impact.agreements[{k}]", a) for k, a in enumerate(impact.agreements)),
    ]:
        if agreement and agreement.question in questions:
            labels = set((questions[agreement.question].answers or {}).values())
            unknown = [p for p in agreement.positive if labels and p not in labels]
            if unknown:
                problems.append(
                    f"{path}.positive: {', '.join(map(repr, unknown))} is not an answer of "
                    f"{agreement.question!r} (answers: {', '.join(sorted(labels))})"
                )
    problems += _check_follow_up(config, questions)
    return problems


def _check_follow_up(config: EventConfig, questions: dict[str, Question]) -> list[str]:
    """``impact.follow_up`` and the ``role: follow_up`` sources must come together: its
    questions read from a follow-up source, its positive answers answers of its question."""
    problems: list[str] = []
    follow_up = config.impact.follow_up
    sources = [i for i, s in enumerate(config.sources) if s.role == "follow_up"]
    if follow_up is None:
        problems += [
            f"sources[{i}].role: a follow_up source needs 'impact.follow_up' saying which of its questions "
            "asks whether people did the step they committed to, e.g. "
            "'follow_up: {did_it: {question: did_it, positive: [Yes]}, what_changed: what_changed}' under 'impact'"
            for i in sources
        ]
        return problems
    if not sources:
        problems.append(
            "impact.follow_up: no source has 'role: follow_up' (add the follow-up survey's export "
            "under 'sources' with 'role: follow_up')"
        )
        return problems
    if config.impact.micro_actions is None:
        problems.append(
            "impact.follow_up: the follow-up asks whether people did the step they committed to, so "
            "'impact.micro_actions' must name the question where they committed to it"
        )
    in_follow_up = {q.id: q for i in sources for q in config.sources[i].questions}
    checks = [("impact.follow_up.did_it", follow_up.did_it, ("choice",))]
    if follow_up.consent is not None:
        checks.append(("impact.follow_up.consent", follow_up.consent, ("choice",)))
    for path, agreement, types in checks:
        qid = agreement.question
        if qid not in questions:
            problems.append(f"{path}.question: no question has id {qid!r}")
            continue
        if qid not in in_follow_up:
            problems.append(f"{path}.question: {qid!r} is not a question of a follow_up source")
            continue
        question = in_follow_up[qid]
        if question.type not in types:
            problems.append(f"{path}.question: question {qid!r} is {question.type!r}, expected {' or '.join(types)}")
            continue
        labels = set((question.answers or {}).values())
        unknown = [p for p in agreement.positive if labels and p not in labels]
        if unknown:
            problems.append(
                f"{path}.positive: {', '.join(map(repr, unknown))} is not an answer of "
                f"{qid!r} (answers: {', '.join(sorted(labels))})"
            )
    qid = follow_up.what_changed
    if qid is not None:
        if qid not in questions:
            problems.append(f"impact.follow_up.what_changed: no question has id {qid!r}")
        elif qid not in in_follow_up:
            problems.append(f"impact.follow_up.what_changed: {qid!r} is not a question of a follow_up source")
        elif in_follow_up[qid].type != "text":
            problems.append(
                f"impact.follow_up.what_changed: question {qid!r} is {in_follow_up[qid].type!r}, expected text"
            )
    return problems


def outcome_questions(config: EventConfig) -> list[str]:
    """The event's before/after items: ``impact.confidence`` first, then ``impact.outcomes``."""
    first = [config.impact.confidence] if config.impact.confidence else []
    return list(dict.fromkeys(first + list(config.impact.outcomes)))


def agreement_questions(config: EventConfig) -> list[str]:
    """The questions the event reports as agreement rates (recommend, agreements, applied learning)."""
    impact = config.impact
    found = [a.question for a in (impact.recommend, *impact.agreements, impact.applied_learning) if a is not None]
    return list(dict.fromkeys(found))


def _programme_problems(config: EventConfig, series_dir: Path) -> list[str]:
    """``programme``: the series file exists and its framework is well formed, and every measure
    that names one of this event's questions names one the pack can report on (a before/after
    item of ``impact.confidence`` / ``impact.outcomes``, or an agreement question). A measure
    naming no question of this event is "not measured at this event"; but a framework none of
    whose measures is a question of this event is a mistake (a wrong programme, or misspelt ids)."""
    from .framework import load_framework

    try:
        framework = load_framework(series_dir, config.programme or "")
    except ConfigError as error:
        where = f"data/series/{config.programme}.yaml"
        return [f"programme: {where}: {problem}" for problem in error.problems]
    where = f"programme: data/series/{config.programme}.yaml"
    if not framework:
        return [f"{where}: the series file has no 'framework:' (objectives and behaviours with their measures)"]
    questions = config.questions()
    usable = set(outcome_questions(config)) | set(agreement_questions(config))
    problems: list[str] = []
    for i, item in enumerate(framework):
        for j, qid in enumerate(item.measures):
            if qid in questions and qid not in usable:
                question = questions[qid]
                fix = (
                    "add it to impact.outcomes (it needs a 'pre' and a 'post' phase)"
                    if question.type == "scale"
                    else "add it to impact.agreements with its positive answers"
                    if question.type == "choice"
                    else "measures name before/after scale questions or agreement questions only"
                )
                problems.append(
                    f"{where} framework[{i}].measures[{j}]: question {qid!r} of this event is a "
                    f"{question.type!r} question the pack does not report on: {fix}"
                )
    named = {qid for item in framework for qid in item.measures}
    if not named & set(questions):
        problems.append(
            f"{where} framework[*].measures: none of {', '.join(sorted(named)) or 'its measures'} is a "
            f"question of this event (its question ids: {', '.join(sorted(questions))})"
        )
    return problems
