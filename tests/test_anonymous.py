"""Anonymous exports (issue 9): a survey-only event whose survey records no one's identity
builds, with one participant per response, registration and attendance "not recorded" (NA),
and validate saying the responses were anonymous; Microsoft Forms' 'anonymous' e-mail column is
named as such, not as 21 bad e-mail addresses."""

from __future__ import annotations

import csv

import pandas as pd
import yaml
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import load_event_config, read_yaml
from reportgen.errors import DataProblemsError
from reportgen.etl import build_tidy
from reportgen.pipeline import build_pack

from .conftest import SAMPLE

EMAIL = "Email address"


def survey_only(project, key: object = "none") -> None:
    """The sample event with only its feedback survey, keyed by ``key``."""
    path = project.event_dir(SAMPLE) / "event.yaml"
    config = read_yaml(path.read_text(encoding="utf-8"))
    survey = next(s for s in config["sources"] if s["role"] == "survey")
    survey["key"] = key
    config["sources"] = [survey]
    del config["breakdowns"]  # no registration form: no gender, ethnicity, sector or borough
    del config["impact"]["confidence"]  # the "before" half was in the registration form
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def feedback_rows(project) -> list[list[str]]:
    with (project.event_dir(SAMPLE) / "feedback.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_feedback(project, rows: list[list[str]]) -> None:
    with (project.event_dir(SAMPLE) / "feedback.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def tidy_of(project):
    folder = project.event_dir(SAMPLE)
    config = load_event_config(
        folder, known_brands={"sel-leadership"}, known_tables={"ethnicity-census2021", "borough-population-census2021"}
    )
    return build_tidy(config, folder)


def test_an_anonymous_survey_only_event_has_one_participant_per_response(project):
    survey_only(project)
    rows = feedback_rows(project)
    rows.append(list(rows[1]))  # the same answers sent twice: anonymous, so two respondents
    write_feedback(project, rows)
    tidy = tidy_of(project)
    people = tidy.participants
    assert len(people) == 22  # 21 responses in the file, plus the copy
    assert list(people["participant_id"][:3]) == ["P001", "P002", "P003"]
    assert people["registered"].isna().all() and people["attended"].isna().all()
    assert people["responded"].dtype == "boolean" and bool(people["responded"].all())
    assert bool(people["anonymous"].all())
    assert set(people["gender"]) == {"Not answered"}
    assert tidy.quality.roles == ("survey",) and tidy.quality.anonymous == ("feedback.csv",)
    source = tidy.quality.sources[0]
    assert (source.rows_read, source.rows_used, source.people, source.skipped) == (22, 22, 22, {})
    recommend = tidy.responses[tidy.responses["question_id"] == "recommend"]
    assert len(recommend) == 22 and recommend["participant_id"].is_unique


def test_validate_says_the_responses_were_anonymous(project):
    survey_only(project)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "validate", SAMPLE])
    assert result.exit_code == 0, result.output
    assert "feedback.csv (survey): 21 rows read, 21 used, 0 set aside" in result.output
    assert (
        "The responses were anonymous: each response is one person, never matched to anyone in another export."
        in result.output
    )
    assert "Registered: not recorded" in result.output and "Attended: not recorded" in result.output
    assert "Feedback responses: 21" in result.output


def test_an_anonymous_survey_only_event_builds_a_pack(project):
    survey_only(project)
    result = build_pack(project, SAMPLE, pdf=False)
    participants = pd.read_csv(result.folder / "private" / "tidy" / "participants.csv", keep_default_na=False)
    assert len(participants) == 21
    assert set(participants["registered"]) == {""} and set(participants["attended"]) == {""}
    assert set(participants["anonymous"]) == {True}
    assert "People are matched by" not in (result.folder / "private" / "validation.txt").read_text(encoding="utf-8")


def test_response_ids_are_one_respondent_each_and_a_repeated_id_is_one_response(project):
    survey_only(project, {"column": "Timestamp", "type": "response"})
    rows = feedback_rows(project)
    rows[2][0] = rows[1][0]  # row 3 repeats row 2's id: one response exported twice
    write_feedback(project, rows)
    tidy = tidy_of(project)
    assert len(tidy.participants) == 20
    assert tidy.quality.sources[0].skipped == {
        "a later row from the same person replaces it (duplicate submission)": [2]
    }


def test_ms_forms_anonymous_email_column_says_use_key_none(project):
    survey_only(project, {"column": EMAIL, "type": "email"})
    rows = feedback_rows(project)
    at = rows[0].index(EMAIL)
    for row in rows[1:]:
        row[at] = "anonymous"  # what Microsoft Forms writes when a form does not record names
    write_feedback(project, rows)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "validate", SAMPLE])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first == (
        "Error: feedback.csv, column 'Email address': 'Email address' says 'anonymous' in every row: the form was "
        "anonymous (Microsoft Forms writes 'anonymous' when it does not record who answered), so no row can be "
        "matched to a person; write 'key: none' for this source in event.yaml, so that each response counts as "
        "one respondent"
    )
    assert "21 rows read, 0 used, 21 set aside" in result.output
    assert "OK:" not in result.output


def test_some_anonymous_rows_in_an_email_column_are_named_and_warned_about_at_the_top(project):
    rows = feedback_rows(project)
    at = rows[0].index(EMAIL)
    for row in rows[1:6]:
        row[at] = "Anonymous"
    write_feedback(project, rows)
    try:
        tidy = tidy_of(project)
    except DataProblemsError as error:  # pragma: no cover - shows the problems if it fails
        raise AssertionError(error.problems) from None
    source = next(s for s in tidy.quality.sources if s.file == "feedback.csv")
    assert source.skipped == {
        "'Email address' says 'anonymous' (an anonymous response), so the row cannot be matched to a person": [2, 3, 4, 5, 6]
    }
    # 5 of 21 rows (24%) lost: more than a fifth.
    assert tidy.quality.losses == (
        ("feedback.csv: 5 of its 21 rows (24%) were set aside, more than 20% of the export: check the reasons "
        "listed under it before publishing"),
    )
    result = CliRunner().invoke(cli, ["--root", str(project.root), "validate", SAMPLE])
    lines = result.output.splitlines()
    assert lines[2].startswith("  Warning: feedback.csv: 5 of its 21 rows (24%) were set aside")
    assert sum("5 of its 21 rows" in line for line in lines) == 1  # at the top only


def test_without_a_registration_list_no_one_is_reported_as_not_registered(project):
    survey_only(project, {"column": EMAIL, "type": "email"})
    tidy = tidy_of(project)
    assert len(tidy.participants) == 21 and not tidy.participants["anonymous"].any()
    assert tidy.participants["registered"].isna().all()
    assert tidy.quality.warnings == ["No attendance source: attendance is unknown and not reported"]
    assert tidy.quality.sources[0].unmatched == {}
    result = CliRunner().invoke(cli, ["--root", str(project.root), "validate", SAMPLE])
    assert "People are matched by e-mail address." in result.output
