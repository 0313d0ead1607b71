"""Bad input: each mistake gets one clear message naming file, row and column, exit status 1,
no traceback, and the last good pack is left exactly as it was."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.pipeline import build_pack

from .conftest import SAMPLE


def run(project, *args: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), *args])
    return result


def fails_with(project, *fragments: str, command: str = "validate"):
    result = run(project, command, SAMPLE)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)
    return result.output


def edit_csv(path: Path, change) -> None:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_missing_file(project):
    (project.event_dir(SAMPLE) / "attendance.csv").unlink()
    fails_with(project, "attendance.csv: file not found", "expected the export saved as attendance.csv")


def test_misnamed_column(project):
    def rename(rows):
        rows[0][rows[0].index("Email")] = "E-mail"

    edit_csv(project.event_dir(SAMPLE) / "attendance.csv", rename)
    fails_with(project, "attendance.csv, row 1: no column headed 'Email'; did you mean 'E-mail'?")


def test_score_outside_its_scale(project):
    column = "After the event: how confident do you feel driving purposeful collaboration across our system? (1 = not at all, 10 = very)"

    def eleven(rows):
        rows[3][rows[0].index(column)] = "11"

    edit_csv(project.event_dir(SAMPLE) / "feedback.csv", eleven)
    fails_with(project, "feedback.csv, row 4, column 'After the event:", "the score '11' is not on the scale",
               "expected a whole number from 1 to 10")


def test_answer_not_in_the_mapping(project):
    def maybe(rows):
        rows[5][rows[0].index("Would you recommend an event like this to a colleague?")] = "Maybe"

    edit_csv(project.event_dir(SAMPLE) / "feedback.csv", maybe)
    fails_with(project, "feedback.csv, row 6, column 'Would you recommend an event like this to a colleague?'",
               "the answer 'Maybe' is not in the mapping", "'Yes', 'No', 'Not sure'")


def test_answer_not_in_the_mapping_in_a_workbook(project):
    from openpyxl import load_workbook

    path = project.event_dir(SAMPLE) / "registrations.xlsx"
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=9, column=header.index("Which borough do you mainly work in?") + 1, value="Croydon")
    book.save(path)
    fails_with(project, "registrations.xlsx, row 9, column 'Which borough do you mainly work in?'",
               "the answer 'Croydon' is not in the mapping")


def test_unreadable_file(project):
    (project.event_dir(SAMPLE) / "registrations.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    fails_with(project, "registrations.xlsx: the file is not a readable Excel workbook", "expected an .xlsx export")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(project, content):
    (project.event_dir(SAMPLE) / "feedback.csv").write_bytes(content)
    fails_with(project, "feedback.csv: the file is empty")


def test_event_yaml_with_wrong_keys_lists_every_mistake(project):
    path = project.event_dir(SAMPLE) / "event.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("key: {column: Email, type: email}", "key: {colum: Email, type: email}", 1)
    text = text.replace("    basis: registered", "    basis: everyone")
    text = text.replace("brand: sel-leadership", "brand: sel-leadership\nbrnad: typo")
    path.write_text(text, encoding="utf-8")
    output = fails_with(project, "event.yaml: 4 problems to fix:")
    assert "- sources[0].key.column: required key is missing" in output
    assert "- sources[0].key.colum: unknown key" in output
    assert "- brnad: unknown key" in output
    assert "- breakdowns[3].basis: must be one of 'registered' or 'attended', not 'everyone'" in output


def test_event_yaml_references_are_checked(project):
    path = project.event_dir(SAMPLE) / "event.yaml"
    text = path.read_text(encoding="utf-8").replace("micro_actions: micro_action", "micro_actions: micro_step")
    text = text.replace("table: ethnicity-census2021", "table: census-1901")
    path.write_text(text, encoding="utf-8")
    output = fails_with(project, "event.yaml: 2 problems to fix:")
    assert "impact.micro_actions: no question has id 'micro_step'" in output
    assert "breakdowns[1].reference.table: no table data/reference/census-1901.csv" in output


def test_event_yaml_that_is_not_yaml(project):
    (project.event_dir(SAMPLE) / "event.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    fails_with(project, "event.yaml: 1 problem to fix:", "not readable as YAML")


def test_an_impossible_date_names_its_key(project):
    """YAML cannot make 2022-13-07 a date; the message still says which key, not a bare
    "month must be in 1..12"."""
    path = project.event_dir(SAMPLE) / "event.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\ndate: 2022-06-07\n" in text
    path.write_text(text.replace("\ndate: 2022-06-07\n", "\ndate: 2022-13-07\n"), encoding="utf-8")
    output = fails_with(project, "event.yaml: 1 problem to fix:", "- date: ", "month value is outside expected range of 1-12")
    assert "Traceback" not in output and "internal error" not in output


@pytest.mark.parametrize("name", ["../x", "..", "2022-06-07/../../etc", "/etc", "no-such-event"])
def test_event_outside_data_events_is_refused(project, name):
    result = run(project, "build", name)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "data/events/" in result.output
    assert not (project.output_dir / "x").exists()


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_failed_build_leaves_the_last_good_pack(project):
    build_pack(project, SAMPLE)
    output = project.event_output_dir(SAMPLE)
    before = digest(output)

    def break_scores(rows):
        rows[2][2] = "eleven"

    edit_csv(project.event_dir(SAMPLE) / "feedback.csv", break_scores)
    fails_with(project, "the score 'eleven' is not on the scale", command="build")
    assert digest(output) == before
    leftovers = [p.name for p in project.output_dir.iterdir() if p.name.startswith((".build-", ".old-"))]
    assert leftovers == []


def test_failure_late_in_the_build_also_leaves_the_last_good_pack(project, monkeypatch):
    build_pack(project, SAMPLE)
    output = project.event_output_dir(SAMPLE)
    before = digest(output)

    def broken_pdf(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("reportgen.export.write_pdf", broken_pdf)
    monkeypatch.setattr("reportgen.pdf_worker.PdfProcess.write", broken_pdf)  # the PDF process's
    with pytest.raises(OSError):
        build_pack(project, SAMPLE)
    assert digest(output) == before
    assert not [p for p in project.output_dir.iterdir() if p.name.startswith(".build-")]


def test_validate_catches_narrative_images_and_brand_mistakes(project):
    path = project.event_dir(SAMPLE) / "event.yaml"
    text = path.read_text(encoding="utf-8").replace("  closing: |\n", "  closing: |\n    ![x](https://evil.example/x.png)\n")
    path.write_text(text, encoding="utf-8")
    fails_with(project, "event.yaml, narrative.closing: images are not allowed")
    path.write_text(text.replace("    ![x](https://evil.example/x.png)\n", ""), encoding="utf-8")
    brand = project.brands_dir / "sel-leadership" / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace('primary: "#17496e"', 'primary: "navy"'), encoding="utf-8")
    fails_with(project, "brand.yaml: 1 problem to fix:", "colours.primary: String should match pattern")


def test_yes_and_no_in_event_yaml_stay_text():
    from reportgen.config import read_yaml

    assert read_yaml("answers: {Yes: yes, No: no, On: off, 1: Strongly disagree}\nflag: true") == {
        "answers": {"Yes": "yes", "No": "no", "On": "off", 1: "Strongly disagree"},
        "flag": True,
    }


def test_survey_respondent_who_left_everything_blank_still_counts(project):
    def blank(rows):
        for i in range(2, len(rows[1])):
            rows[1][i] = ""

    edit_csv(project.event_dir(SAMPLE) / "feedback.csv", blank)
    result = run(project, "validate", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "Feedback responses: 21" in result.output
