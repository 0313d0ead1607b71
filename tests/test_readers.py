"""Each reader on a small export laid out as its tool lays it out (tests/exports/, written by
scripts/make_test_exports.py): the participants and answers read from it, checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.config import EventConfig
from reportgen.errors import DataProblemsError, InputDataError
from reportgen.etl import DUPLICATE, TidyEvent, build_tidy, split_multi
from reportgen.readers import KINDS, detect_kind, read_source

EXPORTS = Path(__file__).parent / "exports"
AGREE = {"Strongly agree": "Strongly agree", "Agree": "Agree", "Neutral": "Neutral", "Disagree": "Disagree"}


def tidy_of(*sources: dict) -> TidyEvent:
    config = EventConfig.model_validate({"title": "Test", "date": "2022-09-20", "sources": list(sources)})
    return build_tidy(config, EXPORTS)


def answers(tidy: TidyEvent, question: str, phase: str | None = None) -> dict[str, list[str]]:
    """Participant id -> the values they gave to ``question``."""
    chosen = tidy.responses[tidy.responses["question_id"] == question]
    if phase:
        chosen = chosen[chosen["phase"] == phase]
    result: dict[str, list[str]] = {}
    for pid, value in zip(chosen["participant_id"], chosen["value"]):
        result.setdefault(pid, []).append(value)
    return result


def report(tidy: TidyEvent, file: str):
    return next(r for r in tidy.quality.sources if r.file == file)


def test_every_kind_in_the_schema_has_a_reader():
    from typing import get_args

    from reportgen.config import SourceKind

    assert set(get_args(SourceKind)) == set(KINDS)


@pytest.mark.parametrize(
    ("file", "kind"),
    [("msforms.xlsx", "msforms"), ("googleforms.csv", "googleforms"), ("surveymonkey.csv", "surveymonkey"),
     ("qualtrics.csv", "qualtrics"), ("eventbrite.csv", "eventbrite"), ("zoom_attendees.csv", "zoom_attendees"),
     ("zoom_polls.csv", "zoom_polls"), ("generic.csv", "generic")],
)
def test_each_export_is_recognised(file, kind):
    assert detect_kind(EXPORTS / file) == kind


def test_microsoft_forms():
    confidence = "How confident do you feel leading change across organisations? (1 = not at all, 10 = very)"
    table = read_source(EXPORTS / "msforms.xlsx", "msforms")
    assert table.frame.at[3, "Start time"] == "2022-09-20 18:10:48"  # an Excel serial date, 44824.7575
    tidy = tidy_of({
        "file": "msforms.xlsx", "kind": "msforms", "role": "survey", "key": {"column": "Email"},
        "questions": [
            {"id": "confidence", "column": confidence, "text": "c", "type": "scale", "scale": [1, 10], "phase": "post"},
            {"id": "useful", "column": "Which parts of the day were most useful?", "text": "u", "type": "multi",
             "answers": {"Keynote": "Keynote", "Networking": "Networking", "Table discussions": "Table discussions"}},
            {"id": "action", "column": "One thing I will do differently is...", "text": "a", "type": "text"},
        ],
    })
    source = report(tidy, "msforms.xlsx")
    assert (source.rows_read, source.rows_used, source.skipped) == (4, 3, {DUPLICATE: [2]})
    assert len(tidy.participants) == 3  # Ama twice (rows 2 and 5), Ben with spaces and capitals, Chen
    ids = dict(zip(["ben", "chen", "ama"], tidy.participants["participant_id"]))
    assert answers(tidy, "confidence") == {ids["ben"]: ["7"], ids["chen"]: ["9"], ids["ama"]: ["8"]}
    assert answers(tidy, "useful")[ids["ama"]] == ["Keynote", "Table discussions"]
    assert answers(tidy, "useful")[ids["chen"]] == ["Keynote", "Networking", "Table discussions"]
    assert answers(tidy, "action")[ids["ben"]] == ["Ask my team what gets in the way\nand fix one thing"]
    assert answers(tidy, "action")[ids["ama"]] == ["Call my PCN lead this week"]  # the later submission


def test_google_forms():
    tidy = tidy_of({
        "file": "googleforms.csv", "kind": "googleforms", "role": "survey", "key": {"column": "Email address"},
        "questions": [
            {"id": "sessions", "column": "Which sessions did you join?", "text": "s", "type": "multi",
             "answers": {"Keynote": "Keynote", "Workshop: health, care and wellbeing": "Workshop",
                         "Networking": "Networking"}},
            {"id": "keynote", "column": "Rate each part of the day [Keynote]", "text": "k", "type": "choice"},
            {"id": "confidence", "column": "How confident do you feel now? (1-10)", "text": "c", "type": "scale",
             "scale": [1, 10], "phase": "post"},
        ],
    })
    assert report(tidy, "googleforms.csv").rows_read == 3  # BOM read, trailing empty row dropped
    ama, ben, chen = tidy.participants["participant_id"]
    assert answers(tidy, "sessions") == {ama: ["Keynote", "Workshop"], ben: ["Networking"], chen: ["Workshop", "Networking"]}
    assert answers(tidy, "keynote") == {ama: ["Excellent"], ben: ["Good"], chen: ["Good"]}
    assert answers(tidy, "confidence") == {ama: ["8"], ben: ["6"], chen: ["7"]}


def test_surveymonkey_two_header_rows_and_option_columns():
    topics = "Which topics would you like next time?"
    tidy = tidy_of({
        "file": "surveymonkey.csv", "kind": "surveymonkey", "role": "survey", "key": {"column": "Email Address"},
        "questions": [
            {"id": "topics", "column": topics, "text": "t", "type": "multi",
             "answers": {"Population health": "Population health", "Workforce": "Workforce", "Digital": "Digital"}},
            {"id": "other_topic", "column": f"{topics} [Other (please specify)]", "text": "o", "type": "text"},
            {"id": "venue", "column": "Please rate the day [Venue]", "text": "v", "type": "choice", "answers": AGREE},
            {"id": "change", "column": "What’s one thing we should change?", "text": "w", "type": "text"},
        ],
    })
    source = report(tidy, "surveymonkey.csv")
    assert (source.rows_read, source.rows_used) == (3, 3)
    dee, eric, fay = tidy.participants["participant_id"]
    assert answers(tidy, "topics") == {dee: ["Population health", "Digital"], eric: ["Workforce"]}
    assert answers(tidy, "other_topic") == {eric: ["Housing"]}
    assert answers(tidy, "venue") == {dee: ["Strongly agree"], eric: ["Agree"], fay: ["Disagree"]}
    assert answers(tidy, "change")[fay] == ["The room was too warm – open a window"]  # Windows-1252


def test_qualtrics_three_header_rows_unfinished_reported_and_then_test():
    tidy = tidy_of({
        "file": "qualtrics.csv", "kind": "qualtrics", "role": "survey", "key": {"column": "RecipientEmail"},
        "questions": [
            # named by question text (row 2) or by export tag (row 1)
            {"id": "confidence", "column": "Looking back, how confident were you before the event? (1-10)",
             "text": "c", "type": "scale", "scale": [1, 10], "phase": "pre"},
            {"id": "confidence", "column": "Q2", "text": "c", "type": "scale", "scale": [1, 10], "phase": "post"},
            {"id": "valued", "column": "Q3", "text": "v", "type": "multi",
             "answers": {"Networking": "Networking", "Hearing from leaders": "Leaders",
                         "Time to reflect, with peers": "Reflection"}},
        ],
    })
    source = report(tidy, "qualtrics.csv")
    assert source.rows_read == 4 and source.rows_used == 2
    assert source.skipped == {
        "a survey preview or test response (Status), not a real answer": [4],
        "the response was not finished (Finished is False): not used": [6],
    }
    ama, chen = tidy.participants["participant_id"]
    assert answers(tidy, "confidence", "pre") == {ama: ["4"], chen: ["6"]}
    assert answers(tidy, "confidence", "post") == {ama: ["7"], chen: ["6"]}
    assert answers(tidy, "valued") == {ama: ["Networking", "Leaders"], chen: ["Reflection", "Networking"]}


EVENTBRITE = {
    "file": "eventbrite.csv", "kind": "eventbrite", "role": "registration", "key": {"column": "Email"},
    "fields": {
        "gender": {"column": "What is your gender?"},
        "borough": {"column": "Which borough do you mainly work in?"},
    },
}


def test_eventbrite_cancelled_tickets_and_duplicates():
    table = read_source(EXPORTS / "eventbrite.csv", "eventbrite")
    assert table.frame.at[2, "Order Date"] == "2022-09-06 12:00:00"  # 44810.5 from Excel
    assert table.frame.at[3, "Name"] == "Ben Carter"
    tidy = tidy_of(EVENTBRITE)
    source = report(tidy, "eventbrite.csv")
    assert source.rows_read == 5 and source.rows_used == 3
    assert source.skipped == {
        "Eventbrite marks this ticket 'Not Attending' (cancelled or not attending)": [4],
        DUPLICATE: [3],
    }
    people = tidy.participants.set_index("participant_id")
    assert list(people["borough"]) == ["Lewisham", "Greenwich", "Greenwich"]  # Ben's later booking
    assert list(people["gender"]) == ["Female", "Prefer not to say", "Male"]
    assert people["registered"].all()


def test_zoom_attendee_report_joins_and_rejoins():
    tidy = tidy_of(EVENTBRITE, {
        "file": "zoom_attendees.csv", "kind": "zoom_attendees", "role": "attendance", "key": {"column": "Email"},
        "fields": {"attended": {"column": "Attended", "answers": {"Yes": "yes", "No": "no"}}},
    })
    source = report(tidy, "zoom_attendees.csv")
    assert (source.rows_read, source.rows_used, source.people) == (4, 4, 3)  # host and panelist left out
    assert source.combined == {"several rows for one person (left and rejoined), combined": [15]}
    people = tidy.participants.set_index("participant_id")
    assert list(people["attended"]) == [True, True, False]  # Ama (twice), Chen; Ben said No
    assert source.unmatched == {} and tidy.quality.warnings == []


def test_zoom_poll_report_pre_and_post():
    before = "Before we start: how confident do you feel leading change across organisations? (1-10)"
    after = "Now: how confident do you feel leading change across organisations? (1-10)"
    tidy = tidy_of(EVENTBRITE, {
        "file": "zoom_polls.csv", "kind": "zoom_polls", "role": "poll", "key": {"column": "Email Address"},
        "questions": [
            {"id": "confidence", "column": before, "text": "c", "type": "scale", "scale": [1, 10], "phase": "pre"},
            {"id": "confidence", "column": after, "text": "c", "type": "scale", "scale": [1, 10], "phase": "post"},
            {"id": "topics", "column": "Which topics should we cover next time?", "text": "t", "type": "multi"},
        ],
    })
    ama, chen = "P001", "P002"
    assert answers(tidy, "confidence", "pre") == {ama: ["5"], chen: ["6"]}
    assert answers(tidy, "confidence", "post") == {ama: ["8"], chen: ["6"]}
    assert answers(tidy, "topics") == {ama: ["Workforce", "Digital"], chen: ["Digital"]}
    assert report(tidy, "zoom_polls.csv").people == 2


def test_generic_with_participant_codes():
    tidy = tidy_of({
        "file": "generic.csv", "role": "registration", "key": {"column": "Participant code", "type": "code"},
        "fields": {"sector": {"column": "Team"}},
    }, {
        "file": "generic.csv", "role": "attendance", "key": {"column": "Participant code", "type": "code"},
        "fields": {"attended": {"column": "Signed in", "answers": {"Yes": "yes", "No": "no"}}},
    })
    people = tidy.participants
    assert len(people) == 3  # 'sel-001' and 'SEL-002 ' match their own rows as codes
    assert list(people["attended"]) == [True, False, True]
    assert list(people["sector"]) == ["Public health", "Primary care", "Acute or secondary care"]


def test_matching_by_name_is_reported_as_weak():
    tidy = tidy_of({
        "file": "generic.csv", "role": "registration", "key": {"column": "Full name", "type": "name"},
    }, {
        "file": "eventbrite.csv", "kind": "eventbrite", "role": "attendance", "key": {"column": "Name", "type": "name"},
    })
    assert len(tidy.participants) == 3 and tidy.participants["attended"].all()
    assert any("matched by name, which is weak" in w for w in tidy.quality.warnings)


def test_name_column_matches_someone_whose_email_does_not():
    tidy = tidy_of(
        {**EVENTBRITE, "key": {"column": "Email", "name": "Name"}},
        {"file": "generic.csv", "role": "attendance", "key": {"column": "Participant code", "type": "code", "name": "Full name"}},
    )
    assert len(tidy.participants) == 3
    source = report(tidy, "generic.csv")
    assert list(source.unmatched.values()) == [[2, 3, 4]]
    assert "matched by name only" in next(iter(source.unmatched))


def test_every_problem_is_listed_not_just_the_first():
    with pytest.raises(DataProblemsError) as caught:
        tidy_of({
            "file": "googleforms.csv", "kind": "googleforms", "role": "survey", "key": {"column": "Email address"},
            "questions": [
                {"id": "confidence", "column": "How confident do you feel now? (1-10)", "text": "c", "type": "scale",
                 "scale": [1, 5], "phase": "post"},
                {"id": "keynote", "column": "Rate each part of the day [Keynote]", "text": "k", "type": "choice",
                 "answers": {"Good": "Good"}},
                {"id": "missing", "column": "No such question", "text": "m", "type": "text"},
            ],
        }, {**EVENTBRITE, "file": "no-such-file.csv"})
    problems = caught.value.problems
    assert len(problems) == 2  # a missing file; a missing column stops that export (no answer checks)
    assert problems[0].startswith("no-such-file.csv: file not found")  # registration is read first
    assert problems[1].startswith("googleforms.csv, row 1: no column headed 'No such question'")


def test_answers_outside_the_scale_and_mapping_are_grouped_by_column():
    with pytest.raises(DataProblemsError) as caught:
        tidy_of({
            "file": "googleforms.csv", "kind": "googleforms", "role": "survey", "key": {"column": "Email address"},
            "questions": [
                {"id": "confidence", "column": "How confident do you feel now? (1-10)", "text": "c", "type": "scale",
                 "scale": [1, 5], "phase": "post"},
                {"id": "keynote", "column": "Rate each part of the day [Keynote]", "text": "k", "type": "choice",
                 "answers": {"Excellent": "Excellent"}},
            ],
        })
    scale = "column 'How confident do you feel now? (1-10)': the score '{}' is not on the scale"
    assert sorted(caught.value.problems) == [
        f"googleforms.csv, row 2, {scale.format(8)} (expected a whole number from 1 to 5)",
        f"googleforms.csv, row 3, {scale.format(6)} (expected a whole number from 1 to 5)",
        f"googleforms.csv, row 4, {scale.format(7)} (expected a whole number from 1 to 5)",
        (
            "googleforms.csv, rows 3 and 4, column 'Rate each part of the day [Keynote]': the answer 'Good' is not "
            "in the mapping in event.yaml (expected one of 'Excellent', or add 'Good' to the answers of this column)"
        ),
    ]


def test_split_multi_keeps_options_that_contain_the_separator():
    labels = ["Health, care and wellbeing", "Networking"]
    assert split_multi("Health, care and wellbeing, Networking", ", ", labels) == labels
    assert split_multi("Networking;Keynote;", ";", []) == ["Networking", "Keynote"]


def test_surveymonkey_xlsx_reads_like_its_csv(tmp_path):
    import csv

    from openpyxl import Workbook

    with (EXPORTS / "surveymonkey.csv").open(encoding="cp1252", newline="") as handle:
        rows = list(csv.reader(handle))
    book = Workbook()
    for row in rows:
        book.active.append([int(c) if c.isdigit() and len(c) < 6 else (c or None) for c in row])
    book.save(tmp_path / "surveymonkey.xlsx")
    from_csv = read_source(EXPORTS / "surveymonkey.csv", "surveymonkey").frame
    from_xlsx = read_source(tmp_path / "surveymonkey.xlsx", "surveymonkey").frame
    assert from_xlsx.equals(from_csv)
    assert detect_kind(tmp_path / "surveymonkey.xlsx") == "surveymonkey"


def test_a_poll_answered_twice_keeps_the_last_answer_and_says_so(tmp_path):
    text = (EXPORTS / "zoom_polls.csv").read_text(encoding="utf-8")
    after = "Now: how confident do you feel leading change across organisations? (1-10)"
    rerun = f'5,Chen Li,chen.li@greenwich.example,"Sep 20, 2022 19:59:00",{after},9\r\n'
    (tmp_path / "zoom_polls.csv").write_text(text.rstrip(",\r\n") + "\r\n" + rerun, encoding="utf-8")
    config = EventConfig.model_validate({"title": "t", "date": "2022-09-20", "sources": [{
        "file": "zoom_polls.csv", "kind": "zoom_polls", "role": "poll", "key": {"column": "Email Address"},
        "questions": [{"id": "now", "column": after, "text": "n", "type": "scale", "scale": [1, 10]}],
    }]})
    tidy = build_tidy(config, tmp_path)
    assert answers(tidy, "now") == {"P001": ["8"], "P002": ["9"]}
    assert any("row 10, column 'Now: how confident" in w and "more than once" in w for w in tidy.quality.warnings)


# --- Layout variants (issue 9) and file formats (issue 10) -------------------------------------


@pytest.mark.parametrize(
    ("file", "kind"),
    [("msforms_2024_anonymous.xlsx", "msforms"), ("googleforms_sheet.xlsx", "googleforms"),
     ("surveymonkey_contact.csv", "surveymonkey"), ("qualtrics_legacy.csv", "qualtrics"),
     ("qualtrics_insights.csv", "qualtrics"), ("eventbrite_checkin.csv", "eventbrite"),
     ("zoom_meeting.csv", "zoom_attendees"), ("zoom_meeting_plain.csv", "zoom_attendees"),
     ("registrations_unicode.txt", "generic")],
)
def test_each_layout_variant_is_recognised(file, kind):
    assert detect_kind(EXPORTS / file) == kind


@pytest.mark.parametrize("first", ["ID", "Id", "id", " ID "])
def test_microsoft_forms_signature_ignores_case_and_spacing(first):
    from reportgen.readers import detect_rows

    assert detect_rows([[first, "Start Time", "Completion  time", "Email", "Name", "Q1"]]) == "msforms"


def test_a_hidden_sheet_is_never_read_unless_named():
    table = read_source(EXPORTS / "googleforms_sheet.xlsx", "googleforms")
    assert table.rows_read == 4
    assert table.frame.at[2, "Timestamp"] == table.frame.at[3, "Timestamp"] == "2024-03-14 11:30:05"
    hidden = read_source(EXPORTS / "googleforms_sheet.xlsx", "googleforms", sheet="Old responses")
    assert list(hidden.frame["What could we improve?"]) == ["This sheet is hidden and must not be read"]


def test_several_visible_sheets_with_data_must_be_named(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Email", "Score"])
    book.active.append(["a@b.example", 3])
    other = book.create_sheet("Summary")
    other.append(["Average", 3])
    book.create_sheet("Empty")
    book.save(tmp_path / "two.xlsx")
    with pytest.raises(InputDataError) as error:
        read_source(tmp_path / "two.xlsx")
    assert "2 sheets with data (Sheet, Summary)" in str(error.value)
    assert "`sheet: Sheet`" in str(error.value)
    assert list(read_source(tmp_path / "two.xlsx", sheet="Summary").frame.columns) == ["Average", "3"]


def test_data_only_on_a_hidden_sheet_is_named_not_read_as_empty(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Sheet1"
    data = book.create_sheet("Responses")
    data.append(["Email", "Score"])
    data.sheet_state = "hidden"
    book.save(tmp_path / "hidden.xlsx")
    with pytest.raises(InputDataError) as error:
        read_source(tmp_path / "hidden.xlsx")
    assert "the data may be on a hidden sheet (Responses)" in str(error.value)


def test_a_formula_saved_without_its_value_is_refused_naming_the_cell():
    with pytest.raises(InputDataError) as error:
        read_source(EXPORTS / "formulas_without_values.xlsx")
    assert str(error.value).startswith(
        "formulas_without_values.xlsx: cell C2 of sheet 'Scores' is a formula saved without its value"
    )


def test_excel_unicode_text_is_read():
    table = read_source(EXPORTS / "registrations_unicode.txt")
    assert list(table.frame.columns) == [
        "Email", "Full name", "Which borough do you mainly work in?", "How confident are you today? (0-10)",
    ]
    assert table.frame.at[4, "Full name"] == "Zoë Müller"


def test_utf16_without_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "list.csv").write_bytes("Email,Team\r\nama@x.example,Café\r\n".encode("utf-16-le"))
    assert read_source(tmp_path / "list.csv").frame.at[2, "Team"] == "Café"


def test_qualtrics_legacy_two_header_rows_never_become_answers():
    table = read_source(EXPORTS / "qualtrics_legacy.csv", "qualtrics")
    assert table.rows_read == 5 and list(table.frame.index) == [4, 6, 7]
    assert table.set_aside == {
        "a survey preview or test response (Status), not a real answer": [3],
        "the response was not finished (Finished is False): not used": [5],
    }
    assert {"ResponseID", "EmailAddress", "Finished", "Q1"} <= set(table.frame.columns)
    assert table.column("Would you recommend the session to a colleague?") == "Q2"
    assert table.frame.at[4, "Q3"] == "Ask for a mentor – soon"  # Windows-1252


def test_qualtrics_insights_single_quoted_import_ids_are_a_header_row():
    table = read_source(EXPORTS / "qualtrics_insights.csv", "qualtrics")
    assert table.rows_read == 5 and list(table.frame.index) == [4, 5, 7, 8]
    assert not any("ImportId" in v for v in table.frame["Q1"])
    assert table.column("How confident are you now? (1-7)") == "Q2"


def test_a_file_that_looks_like_qualtrics_but_is_not_readable_as_it_says_so(tmp_path):
    from reportgen.scaffold import guess_source

    (tmp_path / "edited.csv").write_text(
        "StartDate,ResponseId,Finished,Q1\n2024-01-01,R_1,True,5\n2024-01-01,R_2,True,6\n2024-01-01,R_3,True,7\n",
        encoding="utf-8",
    )
    with pytest.raises(InputDataError) as error:
        guess_source(tmp_path / "edited.csv")
    assert str(error.value).startswith("edited.csv, row 3: looks like a Qualtrics export but cannot be read as one")
    with pytest.raises(InputDataError) as generic:
        read_source(EXPORTS / "qualtrics.csv", "generic")
    assert "this is a Qualtrics export" in str(generic.value) and "kind: qualtrics" in str(generic.value)
    with pytest.raises(InputDataError) as legacy:
        read_source(EXPORTS / "qualtrics_legacy.csv", "generic")
    assert str(legacy.value).startswith("qualtrics_legacy.csv, row 2: this is a Qualtrics export")


def test_zoom_meeting_report_with_its_summary_and_rejoins():
    table = read_source(EXPORTS / "zoom_meeting.csv", "zoom_attendees")
    assert table.header_row == 4 and list(table.frame.index) == [5, 6, 7, 8, 9]
    assert list(table.frame["User Email"])[:3] == ["ama.owusu@lewisham.example", "ben.carter@bromley.example",
                                                   "ama.owusu@lewisham.example"]
    tidy = tidy_of({"file": "zoom_meeting.csv", "kind": "zoom_attendees", "role": "attendance",
                    "key": {"column": "User Email"}})
    assert int(tidy.participants["attended"].sum()) == 3  # Ama (twice), Ben, Chen; 'iPhone' has no address
    plain = read_source(EXPORTS / "zoom_meeting_plain.csv", "zoom_attendees")
    assert plain.header_row == 1 and list(plain.frame.columns)[:3] == ["Name (original name)", "Email", "Join time"]


def test_a_file_with_nul_bytes_is_still_binary_data(tmp_path):
    (tmp_path / "x.csv").write_bytes(b"Email,Score\n\x00\x01\x02\x03binary\xff\x00\x10")
    with pytest.raises(InputDataError) as error:
        read_source(tmp_path / "x.csv")
    assert "binary data" in str(error.value)
