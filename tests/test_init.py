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


def test_the_key_is_chosen_from_what_the_values_are(tmp_path):
    anonymous = guess_source(EXPORTS / "msforms_2024_anonymous.xlsx")
    assert (anonymous.key_column, anonymous.key_type) == ("Id", "response")
    assert "'Email' says 'anonymous'" in anonymous.notes["key"]
    sheet = guess_source(EXPORTS / "googleforms_sheet.xlsx")
    assert (sheet.key_column, sheet.key_type) == (None, "none")  # never the Timestamp
    contact = guess_source(EXPORTS / "surveymonkey_contact.csv")
    assert contact.key_column == "Contact information [Email Address]"  # not the empty Email Address
    insights = guess_source(EXPORTS / "qualtrics_insights.csv")
    assert (insights.key_column, insights.key_type) == ("ResponseID", "response")
    (tmp_path / "feedback.csv").write_text(
        "StartDate,Row,PROLIFIC_PID,Score\n2024-01-01 10:00:00,1,5f3a9c,4\n2024-01-01 10:00:00,2,77be01,5\n"
        "2024-01-01 10:00:01,3,a0c4d2,3\n",
        encoding="utf-8",
    )
    panel = guess_source(tmp_path / "feedback.csv")
    assert (panel.key_column, panel.key_type) == ("PROLIFIC_PID", "code")
    (tmp_path / "times.csv").write_text(
        "Timestamp,Row,Score\n2024-01-01 10:00:00,1,4\n2024-01-01 10:00:00,2,5\n", encoding="utf-8"
    )
    assert guess_source(tmp_path / "times.csv").key_column is None


def test_anonymous_sources_are_written_as_key_none_or_the_response_id(project):
    result = run(project, "init", "2024-03-14", "--from", str(EXPORTS / "googleforms_sheet.xlsx"),
                 str(EXPORTS / "msforms_2024_anonymous.xlsx"))
    assert result.exit_code == 0, result.output
    text = (project.events_dir / "2024-03-14" / "event.yaml").read_text(encoding="utf-8")
    assert "    key: none   # TODO: no e-mail addresses or codes: each row is counted as its own respondent" in text
    assert '    key: {column: "Id", type: response}   # TODO: \'Email\' says \'anonymous\'' in text


def test_free_text_with_commas_is_text_and_a_select_all_block_is_multi():
    sheet = {q["column"]: q for q in guess_source(EXPORTS / "googleforms_sheet.xlsx").questions}
    assert sheet["What could we improve?"]["type"] == "text"
    assert (sheet["Which sessions did you join?"]["type"], sheet["Which sessions did you join?"]["answers"]) == (
        "multi", ["Keynote", "Panel"])
    forms = {q["column"]: q["type"] for q in guess_source(EXPORTS / "msforms_2024_anonymous.xlsx").questions}
    assert forms["What will you do differently?"] == "text"
    assert forms["Which parts of the session were most useful?"] == "multi"
    monkey = {q["column"]: q for q in guess_source(EXPORTS / "surveymonkey_contact.csv").questions}
    block = monkey["Which sessions did you attend? (select all that apply)"]
    assert (block["type"], block["answers"]) == ("multi", ["Keynote", "Networking", "Workshops"])
    assert monkey["What went well?"]["type"] == "text"


def test_a_registration_scale_is_the_before_half_paired_with_its_twin_by_wording():
    taken: set[str] = set()  # ids used by the event's other exports, as init shares them
    registration = guess_source(EXPORTS / "eventbrite_checkin.csv", taken=taken)
    survey = guess_source(EXPORTS / "surveymonkey_contact.csv", taken=taken)
    before = next(q for q in registration.questions if q["type"] == "scale")
    after = next(q for q in survey.questions if q["type"] == "scale")
    assert (before["phase"], after["phase"]) == ("pre", "post")
    assert before["id"] != after["id"]
    pair_scales([registration, survey])
    assert before["id"] == after["id"] == "confidence"
    assert "paired by same wording" in before["todo"]
    # An unrelated pair of scales is not joined by wording.
    other = guess_source(EXPORTS / "googleforms_sheet.xlsx")
    pair_scales([other])
    assert [q["id"] for q in other.questions if q["type"] == "scale"] == ["useful_session_1_5"]


def test_todo_comments_agree_with_what_is_written(project, tmp_path):
    (tmp_path / "feedback.csv").write_text(
        "Email,How would you rate the day?\na@x.example,3\nb@x.example,8\nc@x.example,6\n", encoding="utf-8"
    )
    result = run(project, "init", "2024-03-14", "--from", str(tmp_path / "feedback.csv"))
    assert result.exit_code == 0, result.output
    text = (project.events_dir / "2024-03-14" / "event.yaml").read_text(encoding="utf-8")
    assert ("# TODO: scale [1, 10] guessed from the answers given (lowest 3, highest 8); check the form's range"
            in text)
    assert "        scale: [1, 10]" in text


def test_tool_metadata_and_empty_standard_columns_are_not_questions():
    meeting = guess_source(EXPORTS / "zoom_meeting.csv")
    assert meeting.questions == [] and meeting.fields == {}  # Guest, Recording Consent, In Waiting Room
    eventbrite = guess_source(EXPORTS / "eventbrite_checkin.csv")
    assert [q["column"] for q in eventbrite.questions] == [
        "How confident do you feel leading change across organisations today? (0-10)"]
    assert eventbrite.attendance == ("Attendee Status", {"Attending": "no", "Checked In": "yes"})
    legacy = guess_source(EXPORTS / "qualtrics_legacy.csv")
    assert [q["column"] for q in legacy.questions] == [
        "How confident do you feel leading change after today’s session? (1-5)",
        "Would you recommend the session to a colleague?", "What will you do differently?"]


def test_personal_details_are_left_out_and_an_option_with_a_comma_stays_whole():
    monkey = guess_source(EXPORTS / "surveymonkey_contact.csv")
    assert monkey.personal == ["Contact information [Name]", "Contact information [Company]"]
    assert not any("Contact information" in q["column"] for q in monkey.questions)
    generic = guess_source(EXPORTS / "generic.csv")
    assert generic.personal == ["Full name"] and [q["column"] for q in generic.questions] == ["Signed in", "Team"]
    google = {q["column"]: q for q in guess_source(EXPORTS / "googleforms.csv").questions}
    assert google["Which sessions did you join?"]["answers"] == [
        "Keynote", "Networking", "Workshop: health, care and wellbeing"]
    qualtrics = {q["column"]: q for q in guess_source(EXPORTS / "qualtrics.csv").questions}
    assert qualtrics["What did you value? (select all that apply)"]["answers"] == [
        "Hearing from leaders", "Networking", "Time to reflect, with peers"]
