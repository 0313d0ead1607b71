"""The ETL on damaged copies of the sample event 2022-06-07: no "OK" and no "0 people joined us"
about an export that gives no one, the crashes of issue 10 gone, duplicates kept by the export's
timestamp rather than file order, and dates that could be day-first or month-first flagged."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import load_event_config, read_yaml
from reportgen.errors import DataProblemsError
from reportgen.etl import _read_moments, build_tidy
from reportgen.pipeline import build_pack

from .conftest import SAMPLE

MICRO = "One practical step I will take to apply my learning from today in my context is..."
AFTER = (
    "After the event: how confident do you feel driving purposeful collaboration across our system? "
    "(1 = not at all, 10 = very)"
)


def rows_of(project, name: str) -> list[list[str]]:
    with (project.event_dir(SAMPLE) / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write(project, name: str, rows: list[list[str]]) -> None:
    with (project.event_dir(SAMPLE) / name).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def validate(project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "validate", SAMPLE])
    assert "Traceback" not in result.output
    return result


def tidy_of(project):
    folder = project.event_dir(SAMPLE)
    config = load_event_config(
        folder, known_brands={"sel-leadership"}, known_tables={"ethnicity-census2021", "borough-population-census2021"}
    )
    return build_tidy(config, folder)


def test_no_one_answered_the_micro_action_question_still_builds(project):
    rows = rows_of(project, "feedback.csv")
    at = rows[0].index(MICRO)
    for row in rows[1:]:
        row[at] = ""
    write(project, "feedback.csv", rows)
    result = validate(project)
    assert result.exit_code == 0, result.output
    assert "Micro-actions: 0" in result.output
    pack = build_pack(project, SAMPLE, pdf=False)
    assert pack.metrics["micro_actions"]["count"] == 0 and pack.metrics["micro_actions"]["quotes"] == []


def test_a_header_only_feedback_export_is_an_error_not_a_crash(project):
    write(project, "feedback.csv", rows_of(project, "feedback.csv")[:1])
    result = validate(project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Error: feedback.csv: the export has a header but no rows, so it gives no survey responses: export it "
        "again once people have answered (or remove the source if there was no survey) (expected one row per "
        "person under the header)"
    )
    assert "feedback.csv (survey): 0 rows read, 0 used, 0 set aside" in result.output
    assert "FAILED: 1 error" in result.output and "OK:" not in result.output


def test_a_header_only_attendance_list_is_an_error_not_0_people_joined_us(project):
    write(project, "attendance.csv", rows_of(project, "attendance.csv")[:1])
    result = validate(project)
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: attendance.csv: the export has a header but no rows, so it gives no people on the attendance list"
    )
    build = CliRunner().invoke(cli, ["--root", str(project.root), "build", SAMPLE])
    assert build.exit_code == 1 and not project.event_output_dir(SAMPLE).exists()


def test_an_attendance_list_on_which_no_one_attended_is_an_error(project):
    rows = rows_of(project, "attendance.csv")
    for row in rows[1:]:
        row[0] = "No"
    write(project, "attendance.csv", rows)
    result = validate(project)
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: attendance.csv: no one on the attendance list attended, so the pack would say 0 people joined us"
    )


def test_a_source_with_no_usable_row_names_the_first_rows_reasons(project):
    rows = rows_of(project, "feedback.csv")
    at = rows[0].index("Email address")
    rows[1][at] = ""
    rows[2][at] = "yasmin.morgan-at-bexleycouncil.example"
    for row in rows[3:]:
        row[at] = "not given"
    write(project, "feedback.csv", rows)
    result = validate(project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Error: feedback.csv: no usable row: all 21 rows were set aside, so the export gives no survey responses "
        "(first reasons: row 2: no value in 'Email address', so the row cannot be matched to a person; "
        "row 3: 'Email address' is not an e-mail address; row 4: 'Email address' is not an e-mail address)"
    )
    assert "feedback.csv (survey): 21 rows read, 0 used, 21 set aside" in result.output
    assert "OK:" not in result.output


def test_an_event_with_no_participant_is_an_error(project):
    # Its only export is a poll report with a header and no rows: a warning for the poll (optional),
    # and an error for the event, which has no one to report on.
    path = project.event_dir(SAMPLE) / "event.yaml"
    config = read_yaml(path.read_text(encoding="utf-8"))
    config["sources"] = [{"file": "attendance.csv", "role": "poll", "key": {"column": "Email"}}]
    del config["breakdowns"], config["impact"]
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    write(project, "attendance.csv", rows_of(project, "attendance.csv")[:1])
    with pytest.raises(DataProblemsError) as raised:
        tidy_of(project)
    assert raised.value.problems == [
        "No participants: none of the exports gives a single person, so there is nothing to report"
    ]
    assert raised.value.quality.warnings[-1] == (
        "attendance.csv: the export has a header but no rows, so it gives no poll answers: the poll may not have "
        "been run; remove the source from event.yaml if so (expected one row per person under the header)"
    )


def feedback_with_timestamps(project, stamps: list[str]) -> list[list[str]]:
    """The feedback export with its Timestamp column set, and row 3 resent by row 2's person."""
    rows = rows_of(project, "feedback.csv")[:4]
    for row, stamp in zip(rows[1:], stamps):
        row[0] = stamp
    at = rows[0].index("Email address")
    rows[2][at] = rows[1][at]  # Leah sent the form twice: rows 2 and 3
    rows[1][rows[0].index(AFTER)], rows[2][rows[0].index(AFTER)] = "9", "3"
    return rows


def after_scores(tidy) -> list[float]:
    answers = tidy.responses
    return list(answers[(answers["question_id"] == "confidence") & (answers["phase"] == "post")]["numeric_value"])


def test_a_duplicate_keeps_the_latest_by_timestamp_not_the_lowest_row(project):
    # Row 2 (score 9) was sent after row 3 (score 3): a re-sorted export.
    rows = feedback_with_timestamps(project, ["2022/06/07 09:30:00 PM GMT+1", "2022/06/07 07:05:00 PM GMT+1",
                                              "2022/06/07 07:40:00 PM GMT+1"])
    write(project, "feedback.csv", rows)
    tidy = tidy_of(project)
    source = next(s for s in tidy.quality.sources if s.file == "feedback.csv")
    assert source.skipped == {"a later row from the same person replaces it (duplicate submission)": [3]}
    assert after_scores(tidy) == [9.0, 7.0]  # Leah's 9 from row 2; Olivia's 7 from row 4
    assert not source.warnings


def test_without_a_timestamp_the_lowest_row_is_kept(project):
    rows = feedback_with_timestamps(project, ["", "", ""])
    write(project, "feedback.csv", rows)
    tidy = tidy_of(project)
    source = next(s for s in tidy.quality.sources if s.file == "feedback.csv")
    assert source.skipped == {"a later row from the same person replaces it (duplicate submission)": [2]}
    assert after_scores(tidy) == [3.0, 7.0]  # Leah's 3 from row 3, the lower row


def test_dates_that_could_be_day_or_month_first_are_flagged(project):
    rows = feedback_with_timestamps(project, ["03/04/2022 19:30", "04/03/2022 19:05", "05/04/2022 10:00"])
    write(project, "feedback.csv", rows)
    tidy = tidy_of(project)
    source = next(s for s in tidy.quality.sources if s.file == "feedback.csv")
    # Read day-first: row 2 is 3 April, row 3 is 4 March, so row 2 is the later one and kept.
    assert source.skipped == {"a later row from the same person replaces it (duplicate submission)": [3]}
    assert [str(p) for p in source.warnings] == [
        ("feedback.csv, rows 2, 3 and 4, column 'Timestamp': dates such as '03/04/2022 19:30' could be day-first "
        "or month-first and no date in this column decides which; they are read day-first (3 April 2022) (the "
        "latest row of a person who submitted twice is the one kept)")
    ]


def test_a_date_that_can_only_be_read_one_way_decides_the_column(project):
    # 04/13/2022 can only be month-first, so 03/04/2022 is 4 March and 04/03/2022 is 3 April.
    rows = feedback_with_timestamps(project, ["03/04/2022 7:30 PM", "04/03/2022 7:05 PM", "04/13/2022 10:00 AM"])
    write(project, "feedback.csv", rows)
    tidy = tidy_of(project)
    source = next(s for s in tidy.quality.sources if s.file == "feedback.csv")
    assert source.skipped == {"a later row from the same person replaces it (duplicate submission)": [2]}
    assert not source.warnings


def test_a_column_mixing_day_first_and_month_first_dates_is_flagged(project):
    rows = feedback_with_timestamps(project, ["13/04/2022 19:30", "04/03/2022 19:05", "04/14/2022 10:00"])
    rows.append(rows_of(project, "feedback.csv")[4])  # Deborah
    rows[4][0] = "20/04/2022 08:00"
    write(project, "feedback.csv", rows)
    tidy = tidy_of(project)
    source = next(s for s in tidy.quality.sources if s.file == "feedback.csv")
    # Rows 2 and 5 decide day-first, row 4 month-first; row 3 could be either and is read day-first.
    assert [str(p) for p in source.warnings] == [
        ("feedback.csv, rows 3 and 4, column 'Timestamp': the dates in this column are written both day-first "
        "(such as '13/04/2022 19:30') and month-first (such as '04/14/2022 10:00'): each date is read the only way "
        "it can be, and a date that could be either is read day-first; check these rows (the latest row of a "
        "person who submitted twice is the one kept)")
    ]


@pytest.mark.parametrize(
    ("text", "day_first", "month_first"),
    [
        ("2022/06/07 07:05:00 PM GMT+1", "2022-06-07 19:05:00", "2022-06-07 19:05:00"),  # Google Forms
        ("9/20/22 21:00:00", None, "2022-09-20 21:00:00"),  # Microsoft Forms, US
        ("07/06/2022 17:32", "2022-06-07 17:32:00", "2022-07-06 17:32:00"),
        ("2022-08-30T09:12:44Z", "2022-08-30 09:12:44", "2022-08-30 09:12:44"),
        ("Jun 7, 2022 05:32:11 PM", "2022-06-07 17:32:11", "2022-06-07 17:32:11"),  # Zoom
        ("12/06/2022 12:15 AM", "2022-06-12 00:15:00", "2022-12-06 00:15:00"),
    ],
)
def test_timestamps_are_read_as_the_tools_write_them(text, day_first, month_first):
    moments = _read_moments(pd.Series([text], index=[2], dtype=object))
    assert moments is not None
    shown = [None if pd.isna(m) else str(m) for m in (moments.day_first[2], moments.month_first[2])]
    assert shown == [day_first, month_first]


@pytest.mark.parametrize("values", [["2022-06-07"], ["7", "8"], ["2022/06/07 19:05", ""], ["31/02/2022 10:00"]])
def test_a_column_is_a_timestamp_only_if_every_value_is_a_date_and_time(values):
    assert _read_moments(pd.Series(values, dtype=object)) is None


def test_the_tidy_frame_keeps_the_contract(project, tmp_path: Path):
    tidy = tidy_of(project)
    people = tidy.participants
    assert list(people.columns) == [
        "participant_id", "registered", "attended", "responded", "anonymous", "gender", "ethnicity", "sector", "borough"
    ]
    assert (int(people["registered"].sum()), int(people["attended"].sum()), int(people["responded"].sum())) == (62, 50, 21)
    assert not people["anonymous"].any()
    assert tidy.quality.roles == ("registration", "attendance", "survey") and tidy.quality.losses == ()


def test_dates_and_times_read_both_ways_by_hand():
    def read(*values):
        return _read_moments(pd.Series(values, index=range(2, 2 + len(values)), dtype=object))

    ts = pd.Timestamp
    both = read("07/06/2022 17:31", "13/06/2022 10:00", "1/2/22 12:00 AM", "12/11/2021 12:30 PM")
    assert list(both.day_first) == [ts("2022-06-07 17:31"), ts("2022-06-13 10:00"), ts("2022-02-01 00:00"), ts("2021-11-12 12:30")]
    assert list(both.month_first[[2, 4, 5]]) == [ts("2022-07-06 17:31"), ts("2022-01-02 00:00"), ts("2021-12-11 12:30")]
    assert pd.isna(both.month_first[3])  # month 13: one reading only
    named = read("7 June 2022 19:05", "Jun 8, 2022 7:05 pm", "2022/06/09 07:00:04 PM GMT+1")
    assert list(named.day_first) == list(named.month_first) == [
        ts("2022-06-07 19:05"), ts("2022-06-08 19:05"), ts("2022-06-09 19:00:04")]
    assert read("9999-01-01 10:00:00") is None  # past what a timestamp holds: not a crash
    assert read("2022-06-07 10:75") is None  # no minute 75
    assert read("2022-06-07") is None  # a date without a time of day is not a timestamp
