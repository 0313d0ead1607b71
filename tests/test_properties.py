"""Property tests over generated events (hypothesis): small events with registration, attendance
and survey exports in random overlaps, each present or not, surveys anonymous or keyed, answers
with blanks and "Prefer not to say", read by ``check_event`` (no pack is built). Whatever the
event, every share published has its numerator within its denominator, no count from 1 to
min_count - 1 is published, and the people counted are the distinct people in the exports."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import DataProblemsError
from reportgen.pipeline import check_event

from .events import make_event, minimal_project

GENDERS = ["Female", "Male", "Prefer not to say", ""]
RECOMMEND = ["Yes", "No", "Prefer not to say", ""]
SCORES = ["1", "2", "3", "4", "5", ""]
GENDER_FIELD = """    fields:
      gender:
        column: Gender
        answers: {Female: Female, Male: Male, Prefer not to say: Prefer not to say}
"""
NAMES = itertools.count()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return minimal_project(tmp_path_factory.mktemp("properties") / "project")


def written(email: str, variant: int) -> str:
    """An e-mail address as people type it: any case, stray spaces."""
    return [email, email.upper(), f"  {email.title()} ", f"{email} "][variant % 4]


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    pool = [f"person{i}@org.example" for i in range(draw(st.integers(1, 14)))]
    people = st.lists(st.sampled_from(pool), max_size=18)  # repeats: duplicate rows
    event: dict[str, Any] = {
        "min_count": draw(st.integers(1, 6)),
        "registration": draw(st.none() | people),
        "attendance": draw(st.none() | people),
        "design": draw(st.sampled_from(["none", "then-test", "pre-post"])),
        "anonymous": draw(st.booleans()),
        "pre_anonymous": draw(st.booleans()),
        "basis": draw(st.sampled_from(["registered", "attended"])),
        "variants": draw(st.lists(st.integers(0, 3), min_size=40, max_size=40)),
    }
    row = st.tuples(st.sampled_from(GENDERS), st.sampled_from(RECOMMEND), st.sampled_from(SCORES), st.sampled_from(SCORES))
    survey_people = st.lists(st.tuples(st.sampled_from(pool), row), max_size=16)
    event["survey"] = draw(st.none() | survey_people)
    # A before form is its one score: a row without it is not told apart from the feedback
    # survey's respondents (the tidy data has no per-export list of people), so it always has one.
    scored = st.tuples(st.sampled_from(GENDERS), st.just(""), st.sampled_from(SCORES[:-1]), st.just(""))
    before = st.lists(st.tuples(st.sampled_from(pool), scored), max_size=16)
    event["pre"] = draw(before) if event["design"] == "pre-post" and event["survey"] is not None else None
    if all(event[s] is None for s in ("registration", "attendance", "survey")):
        event["registration"] = draw(people)
    return event


def survey_source(file: str, anonymous: bool, questions: str) -> str:
    key = "none" if anonymous else "{column: Email, type: email}"
    return f"  - file: {file}\n    role: survey\n    key: {key}\n{GENDER_FIELD}    questions:\n{questions}"


def write(project, event: dict[str, Any]) -> str:
    name = f"generated-{next(NAMES)}"
    variant = iter(itertools.cycle(event["variants"]))
    files: dict[str, tuple[list[str], list[list[str]]]] = {}
    sources = ""
    if event["registration"] is not None:
        rows = [[written(e, next(variant)), GENDERS[next(variant)]] for e in event["registration"]]
        files["registration.csv"] = (["Email", "Gender"], rows)
        sources += "  - file: registration.csv\n    role: registration\n    key: {column: Email, type: email}\n" + GENDER_FIELD
    if event["attendance"] is not None:
        files["attendance.csv"] = (["Email", "Joined"], [[written(e, next(variant)), "yes"] for e in event["attendance"]])
        sources += "  - file: attendance.csv\n    role: attendance\n    key: {column: Email, type: email}\n"
    confidence = "      - {id: confidence, column: %s, text: I feel confident, type: scale, scale: [1, 5], phase: %s}\n"
    impact = ""
    if event["survey"] is not None:
        questions = "      - {id: recommend, column: Recommend, text: I would recommend it, type: choice}\n"
        if event["design"] == "then-test":
            questions += confidence % ("Before", "pre") + confidence % ("Now", "post")
        elif event["design"] == "pre-post":
            questions += confidence % ("Now", "post")
        rows = [[written(e, next(variant)), "submitted", g, r, b, a] for e, (g, r, b, a) in event["survey"]]
        files["survey.csv"] = (["Email", "Timestamp", "Gender", "Recommend", "Before", "Now"], rows)
        sources += survey_source("survey.csv", event["anonymous"], questions)
        impact = "impact:\n  recommend: {question: recommend, positive: [\"Yes\"]}\n"
        if event["design"] != "none":
            impact += "  confidence: confidence\n"
    if event["pre"] is not None:
        rows = [[written(e, next(variant)), "submitted", g, b] for e, (g, _, b, _) in event["pre"]]
        files["before.csv"] = (["Email", "Timestamp", "Gender", "Before"], rows)
        sources += survey_source("before.csv", event["pre_anonymous"], confidence % ("Before", "pre"))
    breakdowns = ""
    if event["registration"] is not None or event["survey"] is not None:
        breakdowns = f"breakdowns:\n  - {{field: gender, title: Gender, basis: {event['basis']}}}\n"
    privacy = f"privacy: {{min_count: {event['min_count']}}}\n"
    make_event(project, name, "sources:\n" + sources + breakdowns + impact + privacy, files)
    return name


def walk(node: Any):
    """Every dict in ``node``, however deep."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def distinct(emails: list[str]) -> int:
    return len({e.strip().lower() for e in emails})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events())
def test_generated_events_publish_only_true_shares(project, event):
    name = write(project, event)
    # An export with a header and no rows stops the event with a message naming it (never
    # "OK" on nothing); every other generated event is counted.
    empty = [role for role in ("registration", "attendance", "survey", "pre") if event.get(role) == []]
    try:
        checked = check_event(project, name)
    except DataProblemsError as error:
        assert empty, str(error)
        assert "has a header but no rows" in str(error), str(error)
        return
    assert not empty, empty
    for figures in (checked.metrics, checked.private_metrics):
        for node in walk(figures):
            if "numerator" in node and "denominator" in node and node["numerator"] is not None:
                assert 0 <= node["numerator"] <= node["denominator"], node
                assert node["pct"] is None or 0 <= node["pct"] <= 100, node

    # Suppression: a published count of a group is 0 or at least min_count.
    min_count = event["min_count"]
    for node in walk(checked.metrics):
        if "count" in node and "suppressed" in node and node["count"] is not None:
            assert node["count"] == 0 or node["count"] >= min_count, node
            assert node["share"]["numerator"] in (0, None) or node["share"]["numerator"] >= min_count, node

    # People counted once each: distinct e-mail addresses (as normalised), anonymous rows one each.
    attendance = checked.metrics["attendance"]
    registration, attended = event["registration"], event["attendance"]
    assert attendance["registered"] == (distinct(registration) if registration is not None else None)
    assert attendance["attended"] == (distinct(attended) if attended is not None else None)
    if registration is None:
        assert attendance["registered_text"] == "not recorded"
    if attended is None:
        assert attendance["attended_text"] == "not recorded"
    if registration is not None and attended is not None:
        came = {e.lower() for e in registration} & {e.lower() for e in attended}
        assert attendance["attendance_rate"]["denominator"] == distinct(registration)
        if min_count == 1:
            assert attendance["registered_attended"] == len(came)
            assert attendance["unregistered_attendees"] == distinct(attended) - len(came)
    keyed: set[str] = {e for e in (registration or []) + (attended or [])}
    anonymous_rows = feedback_rows = 0  # the before form is not the feedback survey
    respondents: set[str] = set()
    for rows, anonymous, feedback_survey in (
        (event["survey"], event["anonymous"], True), (event["pre"], event["pre_anonymous"], False)
    ):
        if rows is None:
            continue
        if anonymous:
            anonymous_rows += len(rows)
            feedback_rows += len(rows) if feedback_survey else 0
        else:
            keyed |= {e for e, _ in rows}
            respondents |= {e for e, _ in rows} if feedback_survey else set()
    assert len(checked.tidy.participants) == len(keyed) + anonymous_rows
    feedback = checked.metrics["feedback"]
    if event["survey"] is None:
        assert feedback["respondents"] is None and feedback["response_rate"] is None
    else:
        assert feedback["respondents"] == len(respondents) + feedback_rows
        if registration is None and attended is None:
            assert feedback["response_rate"] is None

    # Anonymous before and after in separate exports: two groups, never a per-person change.
    confidence = checked.metrics.get("confidence")
    if confidence is not None and event["design"] == "pre-post" and (event["anonymous"] or event["pre_anonymous"]):
        assert confidence["comparison"] == "groups"
        assert "improved" not in confidence and "changes" not in confidence
    elif confidence is not None:
        assert confidence["comparison"] == "paired"
