"""Write the small example exports under tests/exports/, one per kind reportgen reads.

Each file is laid out the way its tool lays it out (header rows, preambles, multi-choice
joins), written row by row here, with the untidiness real exports have: a byte-order mark or
Windows-1252 text, Excel serial dates, e-mail addresses with stray spaces and capitals, a
duplicate submission, a cell with a line break, trailing empty rows and columns. People are
invented, on the reserved .example domain. tests/test_readers.py checks what is read from them.

Run once by a developer (``python scripts/make_test_exports.py``); the files are committed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "tests" / "exports"


def write_csv(name: str, rows: list[list[str]], *, encoding: str = "utf-8", bom: bool = False) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    (OUT / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def microsoft_forms() -> None:
    """Microsoft Forms "Open results in Excel": the start time of row 3 lost its date format
    (an Excel serial number), multi-choice answers end with ';', row 5 resubmits row 2."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    confidence = "How confident do you feel leading change across organisations? (1 = not at all, 10 = very)"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", confidence,
                  "Which parts of the day were most useful?", "One thing I will do differently is..."])
    sheet.append([1, "9/20/22 18:02:11", "9/20/22 18:05:40", "ama.owusu@lewisham.example", "Ama Owusu", 6,
                  "Keynote;Table discussions;", "Call my PCN lead"])
    sheet.append([2, 44824.7575, 44824.76, "  Ben.Carter@Bromley.EXAMPLE ", "Ben Carter", 7,
                  "Networking;", "Ask my team what gets in the way\nand fix one thing"])
    sheet.append([3, "9/20/22 18:10:02", "9/20/22 18:12:30", "chen.li@greenwich.example", "Chen Li", 9,
                  "Keynote;Networking;Table discussions;", ""])
    sheet.append([4, "9/20/22 18:20:45", "9/20/22 18:21:50", "ama.owusu@lewisham.example", "Ama Owusu", 8,
                  "Keynote;Table discussions;", "Call my PCN lead this week"])
    sheet.append([None] * 8)  # a trailing empty row, as Excel saves them
    book.save(OUT / "msforms.xlsx")


def google_forms() -> None:
    """Google Forms CSV, UTF-8 with a byte-order mark; an option contains ', ' itself."""
    write_csv("googleforms.csv", [
        ["Timestamp", "Email address", "How confident do you feel now? (1-10)",
         "Which sessions did you join?", "Rate each part of the day [Keynote]",
         "Rate each part of the day [Workshops]", "What will you do differently?"],
        ["2022/09/21 9:12:03 AM GMT+1", "ama.owusu@lewisham.example", "8",
         "Keynote, Workshop: health, care and wellbeing", "Excellent", "Good",
         "Meet my PCN lead\nand agree one shared goal"],
        ["2022/09/21 9:40:55 AM GMT+1", "  Ben.Carter@Bromley.example ", "6", "Networking", "Good", "Fair", ""],
        ["2022/09/21 10:02:11 AM GMT+1", "chen.li@greenwich.example", "7",
         "Workshop: health, care and wellbeing, Networking", "Good", "Excellent", "Shadow a social worker"],
        ["", "", "", "", "", "", ""],
    ], bom=True)


def surveymonkey() -> None:
    """SurveyMonkey "All responses" CSV saved from Excel (Windows-1252): two header rows, a
    multi-choice question as one column per option, a matrix, an "Other (please specify)" box."""
    topics = "Which topics would you like next time?"
    write_csv("surveymonkey.csv", [
        ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
         "First Name", "Last Name", "Custom Data 1", "How confident do you feel now?", topics, "", "", "",
         "Please rate the day", "", "What’s one thing we should change?", ""],
        ["", "", "", "", "", "", "", "", "", "Response", "Population health", "Workforce", "Digital",
         "Other (please specify)", "Content", "Venue", "Open-Ended Response", ""],
        ["114000000001", "4050001", "09/21/2022 10:01:15 AM", "09/21/2022 10:04:40 AM", "203.0.113.5",
         "dee.patel@bexley.example", "", "", "", "8", "Population health", "", "Digital", "",
         "Agree", "Strongly agree", "More time for questions", ""],
        ["114000000002", "4050001", "09/21/2022 11:20:00 AM", "09/21/2022 11:22:10 AM", "203.0.113.9",
         "ERIC.NG@southwark.example", "", "", "", "5", "", "Workforce", "", "Housing",
         "Neutral", "Agree", "", ""],
        ["114000000003", "4050001", "09/22/2022 08:05:00 AM", "09/22/2022 08:06:30 AM", "203.0.113.12",
         "fay.ross@lambeth.example", "", "", "", "7", "", "", "", "", "Agree", "Disagree",
         "The room was too warm – open a window", ""],
    ], encoding="cp1252")


def qualtrics() -> None:
    """Qualtrics CSV (choice text): three header rows, a preview and an unfinished response."""
    tags = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
            "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel",
            "UserLanguage", "Q1", "Q2", "Q3"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
             "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
             "Distribution Channel", "User Language",
             "Looking back, how confident were you before the event? (1-10)",
             "How confident do you feel now? (1-10)", "What did you value? (select all that apply)"]
    imports = ['{"ImportId":"startDate","timeZone":"Europe/London"}', '{"ImportId":"endDate","timeZone":"Europe/London"}',
               '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
               '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/London"}', '{"ImportId":"_recordId"}',
               '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
               '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}', '{"ImportId":"locationLongitude"}',
               '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}',
               '{"ImportId":"QID1"}', '{"ImportId":"QID2"}', '{"ImportId":"QID3"}']

    def row(status, finished, rid, last, first, email, q1, q2, q3):
        return ["2022-09-21 09:00:00", "2022-09-21 09:05:00", status, "203.0.113.20", "100" if finished else "50",
                "300", "True" if finished else "False", "2022-09-21 09:05:01", rid, last, first, email, "",
                "51.5", "-0.1", "email", "EN-GB", q1, q2, q3]

    write_csv("qualtrics.csv", [
        tags, texts, imports,
        row("Survey Preview", True, "R_preview0001", "", "", "", "5", "6", "Networking"),
        row("IP Address", True, "R_1aBcD001", "Owusu", "Ama", "ama.owusu@lewisham.example", "4", "7",
            "Networking,Hearing from leaders"),
        row("IP Address", False, "R_1aBcD002", "Carter", "Ben", "ben.carter@bromley.example", "5", "", ""),
        row("IP Address", True, "R_1aBcD003", "Li", "Chen", "Chen.Li@Greenwich.example ", "6", "6",
            "Time to reflect, with peers,Networking"),
    ], bom=True)


def eventbrite() -> None:
    """Eventbrite attendee report saved from Excel: Windows-1252, the order date an Excel serial
    number, a refunded ticket, one person who booked twice, a custom question per column."""
    header = ["Order #", "Order Date", "First Name", "Surname", "Email", "Quantity", "Ticket Type",
              "Attendee #", "Attendee Status", "Checked In", "What is your gender?",
              "Which borough do you mainly work in?", "Where did you hear about this event?", "", ""]
    write_csv("eventbrite.csv", [
        header,
        ["4100000001", "44810.5", "Ama", "Owusu", "ama.owusu@lewisham.example", "1", "General admission",
         "5200000001", "Attending", "No", "Female", "Lewisham", "Newsletter", "", ""],
        ["4100000002", "44811.3752", "Ben", "Carter", " Ben.Carter@Bromley.example", "1", "General admission",
         "5200000002", "Attending", "No", "Male", "Bromley", "A colleague", "", ""],
        ["4100000003", "44812.01", "Zoë", "Müller", "zoe.muller@bexley.example", "1", "General admission",
         "5200000003", "Not Attending", "No", "Female", "Bexley", "Newsletter", "", ""],
        ["4100000004", "44813.6", "Chen", "Li", "chen.li@greenwich.example", "1", "General admission",
         "5200000004", "Attending", "No", "Prefer not to say", "Greenwich", "", "", ""],
        ["4100000005", "44815.25", "Ben", "Carter", "ben.carter@bromley.example", "1", "General admission",
         "5200000005", "Attending", "No", "Male", "Greenwich", "A colleague", "", ""],
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ], encoding="cp1252")


def zoom_attendees() -> None:
    """Zoom webinar attendee report: preamble, host and panelist sections, one row per join."""
    write_csv("zoom_attendees.csv", [
        ["Attendee Report", ""],
        ["Report Generated:", "09/21/2022 09:15 AM", ""],
        ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered",
         "# Cancelled", "Unique Viewers", "Total Users", "Max Concurrent Views", ""],
        ["Leading across boundaries", "812 3456 7890", "09/20/2022 17:58:12", "125", "5", "0", "3", "5", "3", ""],
        ["Host Details", ""],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time",
         "Time in Session (minutes)", "Is Guest", "Country/Region Name", ""],
        ["Yes", "Events Team", "events@selhealth.example", "09/20/2022 17:50:01", "09/20/2022 20:05:12", "136",
         "No", "United Kingdom", ""],
        ["Panelist Details", ""],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time",
         "Time in Session (minutes)", "Is Guest", "Country/Region Name", ""],
        ["Yes", "Dr Priya Nair", "priya.nair@selhealth.example", "09/20/2022 17:55:40", "09/20/2022 20:01:00",
         "126", "No", "United Kingdom", ""],
        ["Attendee Details", ""],
        ["Attended", "User Name (Original Name)", "First Name", "Last Name", "Email", "Registration Time",
         "Approval Status", "Join Time", "Leave Time", "Time in Session (minutes)", "Is Guest",
         "Country/Region Name", ""],
        ["Yes", "Ama Owusu", "Ama", "Owusu", "ama.owusu@lewisham.example", "09/10/2022 12:00:00", "approved",
         "09/20/2022 18:00:05", "09/20/2022 18:40:00", "40", "Yes", "United Kingdom", ""],
        ["Yes", "Chen Li", "Chen", "Li", "chen.li@greenwich.example", "09/12/2022 14:02:00", "approved",
         "09/20/2022 18:01:30", "09/20/2022 20:00:10", "119", "Yes", "United Kingdom", ""],
        ["Yes", "Ama Owusu", "Ama", "Owusu", "ama.owusu@lewisham.example", "09/10/2022 12:00:00", "approved",
         "09/20/2022 18:45:12", "09/20/2022 20:00:00", "75", "Yes", "United Kingdom", ""],
        ["No", "Ben Carter", "Ben", "Carter", "BEN.CARTER@bromley.example", "09/11/2022 09:00:00", "approved",
         "--", "--", "--", "", "", ""],
        ["", ""],
    ])


def zoom_polls() -> None:
    """Zoom webinar poll report: preamble, then one row per participant per poll, as question
    and answer pairs; a multi-choice answer joined by ';'."""
    before = "Before we start: how confident do you feel leading change across organisations? (1-10)"
    after = "Now: how confident do you feel leading change across organisations? (1-10)"
    topics = "Which topics should we cover next time?"
    write_csv("zoom_polls.csv", [
        ["Poll Report", ""],
        ["Report Generated:", "09/21/2022 09:16 AM", ""],
        ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered", ""],
        ["Leading across boundaries", "812 3456 7890", "09/20/2022 17:58:12", "125", "5", ""],
        ["#", "User Name", "Email Address", "Submitted Date/Time", ""],
        ["1", "Ama Owusu", "ama.owusu@lewisham.example", "Sep 20, 2022 18:05:10", before, "5"],
        ["2", "Chen Li", "chen.li@greenwich.example", "Sep 20, 2022 18:05:30", before, "6"],
        ["3", "Ama Owusu", "Ama.Owusu@lewisham.example ", "Sep 20, 2022 19:55:02", after, "8", topics,
         "Workforce;Digital"],
        ["4", "Chen Li", "chen.li@greenwich.example", "Sep 20, 2022 19:56:40", after, "6", topics, "Digital"],
        ["", ""],
    ])


def generic() -> None:
    """A sign-in sheet typed up in a spreadsheet and saved as CSV: anything with one header row."""
    write_csv("generic.csv", [
        ["Participant code", "Full name", "Signed in", "Team"],
        ["sel-001", "Ama Owusu", "Yes", "Public health"],
        ["SEL-002 ", "Ben Carter", "no", "Primary care"],
        ["SEL-003", "Chen Li", "YES", "Acute or secondary care"],
        ["", "", "", ""],
    ])


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for make in (microsoft_forms, google_forms, surveymonkey, qualtrics, eventbrite, zoom_attendees, zoom_polls, generic):
        make()
