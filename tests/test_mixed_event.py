"""The mixed sample event (Eventbrite registration, Zoom attendance, Microsoft Forms feedback
with a then-test), its figures checked by hand against scripts/make_sample_2022_09_20.py, and
``validate`` on a deliberately messy copy listing every planted problem."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reportgen.cli import cli
from reportgen.pipeline import build_pack, check_event
from reportgen.project import Project

from .conftest import ROOT

MIXED = "2022-09-20"


@pytest.fixture(scope="module")
def mixed_checked():
    return check_event(Project(ROOT), MIXED)


@pytest.fixture(scope="module")
def mixed(mixed_checked) -> dict:
    """The unsuppressed figures, to check by hand (metrics.private.json)."""
    return mixed_checked.private_metrics


def test_published_figures_of_a_small_event_are_suppressed(mixed_checked):
    published = mixed_checked.metrics
    c = published["confidence"]
    # 8 improved, 1 the same, 0 lower, of 9: the 1 is hidden, and so is the 8 (9 - 1 - 0 would give it away).
    assert (c["improved_count_text"], c["same_count_text"], c["dropped_count_text"]) == ("not shown", "fewer than 5", "0")
    assert c["improved_phrase"] == "Not shown" and c["small_sample"]
    assert "too few to generalise" in c["note"]
    assert counts(published["breakdowns"]["gender"]) == {"Female": 9, "Male": 7, "Non-binary": 0, "Self-described": 0}
    assert published["breakdowns"]["ethnicity"]["summary"].startswith(
        "38% White (population: 60%); fewer than 5 people each in the Black, Asian and Mixed groups"
    )


def counts(breakdown: dict) -> dict[str, int]:
    return {row["category"]: row["count"] for row in breakdown["categories"]}


def test_people_matched_across_three_tools(mixed):
    # Eventbrite: 22 tickets; row 12 refunded, row 4 Elena's first booking -> 20 registered.
    # Zoom: 21 attendee rows; George (row 20) rejoined -> 20 people, 16 "Yes", 4 "No".
    attendance = mixed["attendance"]
    assert (attendance["registered"], attendance["attended"], attendance["unregistered_attendees"]) == (20, 16, 0)
    assert attendance["attendance_rate"]["text"] == "80%"
    sources = {s["file"]: s for s in mixed["data_quality"]["sources"]}
    assert (sources["registrations.csv"]["rows_read"], sources["registrations.csv"]["rows_used"]) == (22, 20)
    assert [s["rows"] for s in sources["registrations.csv"]["skipped"]] == [[12], [4]]
    assert sources["zoom-attendees.csv"]["combined"][0]["rows"] == [20]
    assert sources["zoom-attendees.csv"]["people"] == 20
    assert [s["rows"] for s in sources["feedback.xlsx"]["skipped"]] == [[4]]  # David's first response
    assert mixed["data_quality"]["warnings"] == []


def test_breakdowns(mixed):
    b = mixed["breakdowns"]
    # Attendees 1-16: women 1,3,5,6,8,10,12,14,16; men 2,4,7,9,11,13,15.
    assert counts(b["gender"]) == {"Female": 9, "Male": 7, "Non-binary": 0, "Self-described": 0}
    assert b["gender"]["summary"] == "56% female, 44% male"  # 9/16 = 56.25%, 7/16 = 43.75%
    # White 3,5,7,10,14,15; Black 1,4,9,11; Asian 2,6,8,13; Mixed 12; Prefer not to say 16.
    assert counts(b["ethnicity"]) == {"White": 6, "Black": 4, "Asian": 4, "Mixed": 1, "Other": 0, "Prefer not to say": 1}
    assert b["ethnicity"]["summary"].startswith("38% White (population: 60%); 25% Asian")  # 6/16 = 37.5% -> 38%
    # All 20 registered; Elena counted once, in Greenwich (her later booking).
    assert counts(b["borough"]) == {"Bexley": 2, "Bromley": 3, "Greenwich": 3, "Lambeth": 4, "Lewisham": 3, "Southwark": 5}


def test_then_test_confidence(mixed):
    c = mixed["confidence"]
    # Looking back / now, for respondents 1-8 and 10; Isaac (9) gave only "now".
    # Before: 4+5+5+6+3+6+7+5+4 = 45 / 9 = 5.0; after: 7+7+6+8+6+6+8+7+7 = 62 / 9 = 6.89.
    assert (c["n_paired"], c["pre_only"], c["post_only"]) == (9, 0, 1)
    assert (c["pre_mean"], c["post_mean"], c["shift_text"]) == (5.0, 6.9, "5.0 → 6.9")
    assert (c["improved"]["numerator"], c["same"]["numerator"], c["dropped"]["numerator"]) == (8, 1, 0)
    assert c["improved_phrase"] == "8 of 9"  # fewer than 10 paired: a count, not "Over 75%"
    assert c["design"] == "then-test" and "then-test" in c["design_text"]


def test_feedback_figures(mixed):
    assert mixed["feedback"]["respondents"] == 10
    assert mixed["feedback"]["response_rate"]["text"] == "63%"  # 10/16 = 62.5%, rounded half up
    recommend = mixed["recommend"]
    assert (recommend["numerator"], recommend["denominator"]) == (8, 10)  # David's later "Yes" counts
    ideas = mixed["agreements"][0]
    assert (ideas["numerator"], ideas["denominator"]) == (8, 10)  # 4 strongly agree + 4 agree
    assert mixed["micro_actions"]["count"] == 7  # 10 less 2 blanks and one "N/A"


def test_sample_2022_06_07_is_a_pre_post_design(sample_metrics):
    assert sample_metrics["confidence"]["design"] == "pre-post"


def test_pack_says_which_design_and_saves_the_validation_report(tmp_path):
    from .conftest import copy_project

    project = copy_project(tmp_path / "project")
    result = build_pack(project, MIXED, pdf=False)
    html = result.html.read_text(encoding="utf-8")
    assert "retrospective “then-test” design" in html
    report = (result.folder / "private" / "validation.txt").read_text(encoding="utf-8")
    assert "registrations.csv (registration, Eventbrite): 22 rows read, 20 used, 2 set aside" in report
    assert "OK: no errors, 0 warnings." in report
    with (result.folder / "private" / "tidy" / "responses.csv").open(encoding="utf-8") as handle:
        tidy = list(csv.DictReader(handle))
    useful = [r["value"] for r in tidy if r["question_id"] == "most_useful"]
    # One row per option chosen: Keynote 5, Table discussions 4, Networking 4, Q&A panel 2.
    assert {v: useful.count(v) for v in set(useful)} == {"Keynote": 5, "Table discussions": 4, "Networking": 4, "Q&A panel": 2}
    assert json.loads((result.folder / "metrics.json").read_text())["confidence"]["design"] == "then-test"


def make_messy(project: Project) -> None:
    """Plant one of each problem in a copy of the mixed event."""
    folder = project.event_dir(MIXED)
    path = folder / "registrations.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    blank = list(rows[1])
    blank[header.index("Email")] = ""                                        # row 24: no e-mail
    typo = list(rows[2])
    typo[header.index("Email")] = "bilal.hussain-at-southwarkvcs.example"    # row 25: not an e-mail
    again = list(rows[1])                                                    # row 26: Adaeze again
    rows[5][header.index("What is your gender?")] = "Woman"                  # row 6: not in the mapping
    rows += [blank, typo, again]
    with path.open("w", encoding="cp1252", newline="") as handle:            # re-saved from Excel
        csv.writer(handle).writerows(rows)

    path = folder / "zoom-attendees.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[13][0] = "Maybe"                                                    # row 14: attended?
    guest = list(rows[12])
    guest[4] = "guest.joiner@personal.example"                               # row 34: never registered
    rows.append(guest)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)

    path = folder / "feedback.xlsx"
    book = load_workbook(path)
    sheet = book.active
    head = [c.value for c in sheet[1]]

    def put(row: int, column: str, value: object) -> None:
        sheet.cell(row=row, column=head.index(column) + 1).value = value

    now = next(h for h in head if h.startswith("Now, after the event"))
    put(2, now, None)                                                        # Adaeze: before, no after
    put(3, now, 11)                                                          # off the scale
    put(5, "Would you recommend an event like this to a colleague?", "Maybe")
    put(6, "Which parts of the event were most useful to you?", "Keynote;Lunch;")
    sheet.append([12, "9/20/22 21:00:00", "9/20/22 21:02:00", "someone.else@elsewhere.example", "Someone Else",
                  5, 7, "Yes", "Agree", "Networking;", "", "", ""])          # row 13: not registered
    book.save(path)


def test_validate_lists_every_planted_problem(tmp_path):
    from .conftest import copy_project

    project = copy_project(tmp_path / "project")
    make_messy(project)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "validate", MIXED])
    out = result.output
    assert result.exit_code == 1, out
    assert out.startswith("Error: 5 problems in the exports to fix:") and "Traceback" not in out
    expected = [
        # registrations.csv
        "registrations.csv (registration, Eventbrite): 25 rows read, 20 used, 5 set aside",
        "1 row (12): Eventbrite marks this ticket 'Not Attending'",
        "2 rows (2, 4): a later row from the same person replaces it (duplicate submission)",
        "1 row (24): no value in 'Email', so the row cannot be matched to a person",
        "1 row (25): 'Email' is not an e-mail address",
        "ERROR: row 6, column 'What is your gender?': the answer 'Woman' is not in the mapping",
        # zoom-attendees.csv
        "ERROR: row 14, column 'Attended': cannot tell whether this person attended from 'Maybe'",
        "not matched: 1 person (row 34) attended but is not in the registration list",
        # feedback.xlsx
        (
            "ERROR: row 3, column 'Now, after the event: how confident do you feel working across organisational "
            "boundaries? (1 = not at all, 10 = very)': the score '11' is not on the scale"
        ),
        "ERROR: row 5, column 'Would you recommend an event like this to a colleague?': the answer 'Maybe'",
        "ERROR: row 6, column 'Which parts of the event were most useful to you?': the answer 'Lunch'",
        "not matched: 1 person (row 13) answered the survey but is not in the registration list",
        "Not paired (confidence): 2 answered before but not after, 1 after but not before",
        "FAILED: 5 errors, 2 warnings.",
    ]
    for line in expected:
        assert line in out, (line, out)


def test_build_refuses_a_messy_event_with_the_same_list(tmp_path):
    from .conftest import copy_project

    project = copy_project(tmp_path / "project")
    make_messy(project)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "build", MIXED])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 5 problems in the exports to fix:")
    assert "registrations.csv, row 6, column 'What is your gender?': the answer 'Woman'" in result.output
    assert not project.event_output_dir(MIXED).exists()
