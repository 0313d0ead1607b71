"""``reportgen init``: a starting event.yaml from the exports, valid as written, with TODOs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import read_yaml
from reportgen.scaffold import guess_source, pair_scales

EXPORTS = Path(__file__).parent / "exports"


def run(project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def test_init_from_the_mixed_event_exports_validates_as_written(project, tmp_path):
    source = project.events_dir / "2022-09-20"
    files = [str(source / name) for name in ("registrations.csv", "zoom-attendees.csv", "feedback.xlsx")]
    result = run(project, "init", "2022-10-04", "--from", *files)
    assert result.exit_code == 0, result.output
    assert "Wrote data/events/2022-10-04/event.yaml from 3 exports" in result.output
    folder = project.events_dir / "2022-10-04"
    assert sorted(p.name for p in folder.iterdir()) == ["event.yaml", "feedback.xlsx", "registrations.csv", "zoom-attendees.csv"]
    text = (folder / "event.yaml").read_text(encoding="utf-8")
    assert "TODO" in text
    config = read_yaml(text)
    assert [(s["kind"], s["role"]) for s in config["sources"]] == [
        ("eventbrite", "registration"), ("zoom_attendees", "attendance"), ("msforms", "survey"),
    ]
    assert config["impact"]["confidence"] == "confidence"
    validated = run(project, "validate", "2022-10-04")
    assert validated.exit_code == 0, validated.output
    assert "Confidence before and after: 9 people with both scores (5.0 → 6.9)" in validated.output
    assert "design: then-test" in validated.output


def test_init_does_not_overwrite_an_event(project):
    result = run(project, "init", "2022-06-07", "--from", str(EXPORTS / "generic.csv"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: data/events/2022-06-07/event.yaml: already exists")


def test_init_refuses_a_bad_event_name(project):
    result = run(project, "init", "../elsewhere", "--from", str(EXPORTS / "generic.csv"))
    assert result.exit_code == 1 and "is not an event name" in result.output


def test_guesses_for_each_kind():
    qualtrics = guess_source(EXPORTS / "qualtrics.csv")
    pair_scales([qualtrics])
    assert (qualtrics.kind, qualtrics.key_column) == ("qualtrics", "RecipientEmail")
    assert [(q["id"], q["type"], q["phase"]) for q in qualtrics.questions] == [
        ("confidence", "scale", "pre"), ("confidence", "scale", "post"), ("value_select_all_that", "multi", "none"),
    ]
    assert qualtrics.questions[0]["column"] == "Looking back, how confident were you before the event? (1-10)"
    eventbrite = guess_source(EXPORTS / "eventbrite.csv")
    assert eventbrite.role == "registration" and set(eventbrite.fields) == {"gender", "borough"}
    polls = guess_source(EXPORTS / "zoom_polls.csv")
    assert (polls.role, polls.key_column) == ("poll", "Email Address")
    assert [q["type"] for q in polls.questions] == ["scale", "scale", "multi"]
    generic = guess_source(EXPORTS / "generic.csv")
    assert (generic.key_column, generic.key_type) == ("Participant code", "code")
    assert "key" in generic.notes
