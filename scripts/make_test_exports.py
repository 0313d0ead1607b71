"""Write the small example exports under tests/exports/, one per layout variant reportgen reads.

Each file is laid out the way its tool lays it out (header rows, preambles, multi-choice
joins), written row by row here, with the untidiness real exports have: a byte-order mark or
Windows-1252 text, CRLF line ends, UTF-16 "Unicode text", Excel serial dates, e-mail addresses
with stray spaces and capitals, a duplicate submission, a cell with a line break, trailing empty
rows and columns, anonymous forms, people who submitted in the same second, Zoom rejoins, a
hidden sheet, formulas saved without values. People are invented, on the reserved .example
domain. tests/test_readers.py checks what is read from them; tests/test_layouts.py what ``init``
makes of each variant, and that its event.yaml builds as written with the right figures.

Run once by a developer (``python scripts/make_test_exports.py``); the files are committed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "tests" / "exports"


def write_csv(
    name: str, rows: list[list[str]], *, encoding: str = "utf-8", bom: bool = False, delimiter: str = ",",
    line_end: str = "\r\n",
) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=line_end, delimiter=delimiter).writerows(rows)
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


def microsoft_forms_2024_anonymous() -> None:
    """Microsoft Forms 2024 ("Id", "Last modified time"), an anonymous form: `anonymous` in Email,
    Name blank; rows 3 and 4 completed in the same second; a free-text answer with commas."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["Id", "Start time", "Completion time", "Email", "Name", "Last modified time",
                  "How confident do you feel leading change now? (1-10)",
                  "Would you recommend this session to a colleague?",
                  "Which parts of the session were most useful?", "What will you do differently?"])
    answers = [
        (7, "Yes", "Keynote;Breakout rooms;", "Talk to my team, then my manager, about one change"),
        (8, "Yes", "Breakout rooms;", "Set up a monthly huddle"),
        (6, "Maybe", "Keynote;", "Listen more, talk less, follow up"),
        (9, "Yes", "Keynote;Breakout rooms;Q&A;", ""),
        (5, "No", "Q&A;", "Share the slides with my practice, and ask for feedback"),
    ]
    times = ["3/14/24 10:02:11", "3/14/24 10:03:40", "3/14/24 10:05:02", "3/14/24 10:05:02", "3/14/24 10:09:30"]
    for n, ((score, recommend, useful, action), time) in enumerate(zip(answers, times), start=1):
        sheet.append([n, time, time, "anonymous", "", time, score, recommend, useful, action])
    book.save(OUT / "msforms_2024_anonymous.xlsx")


def google_forms_sheet() -> None:
    """The form's linked Google Sheet downloaded as XLSX: no e-mail column (anonymous), timestamps
    as date cells to the whole second (rows 2 and 3 share one), free text with commas, and a
    hidden first sheet left over from an earlier run of the form."""
    import datetime as dt

    book = Workbook()
    old = book.active
    old.title = "Old responses"
    old.append(["Timestamp", "How useful was the session? (1-5)", "What could we improve?"])
    old.append([dt.datetime(2023, 3, 1, 9, 0, 0), 1, "This sheet is hidden and must not be read"])
    old.sheet_state = "hidden"
    sheet = book.create_sheet("Form responses 1")
    sheet.append(["Timestamp", "How useful was the session? (1-5)", "Which sessions did you join?",
                  "What could we improve?"])
    same = dt.datetime(2024, 3, 14, 11, 30, 5)
    sheet.append([same, 4, "Keynote, Panel", "More time for questions, fewer slides"])
    sheet.append([same, 5, "Panel", "Nothing, it was great"])
    sheet.append([dt.datetime(2024, 3, 14, 11, 31, 40), 3, "Keynote", "Shorter talks, longer breaks, better coffee"])
    sheet.append([dt.datetime(2024, 3, 14, 11, 45, 0), 4, "Keynote, Panel", ""])
    book.save(OUT / "googleforms_sheet.xlsx")


def surveymonkey_contact() -> None:
    """SurveyMonkey "All responses" as UTF-8 with a byte-order mark: `Email Address` empty (a web
    link collector), the address in a Contact information block, a select-all block where most
    people ticked one option, the post twin of the Eventbrite registration's scale."""
    sessions = "Which sessions did you attend? (select all that apply)"
    contact = "Contact information"
    confidence = "How confident do you feel leading change across organisations now? (0-10)"
    write_csv("surveymonkey_contact.csv", [
        ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
         "Last Name", "Custom Data 1", contact, "", "", confidence, sessions, "", "", "What went well?"],
        ["", "", "", "", "", "", "", "", "", "Name", "Company", "Email Address", "Response", "Keynote",
         "Workshops", "Networking", "Open-Ended Response"],
        ["118000000001", "4060001", "03/15/2024 09:01:15 AM", "03/15/2024 09:04:40 AM", "203.0.113.5", "", "", "",
         "", "Ama Owusu", "", "ama.owusu@lewisham.example", "8", "Keynote", "", "", "Meeting people, hearing ideas"],
        ["118000000002", "4060001", "03/15/2024 10:20:00 AM", "03/15/2024 10:22:10 AM", "203.0.113.9", "", "", "",
         "", "Ben Carter", "NHS Bromley", " Ben.Carter@Bromley.example", "6", "", "Workshops", "", ""],
        ["118000000003", "4060001", "03/16/2024 08:05:00 AM", "03/16/2024 08:06:30 AM", "203.0.113.12", "", "", "",
         "", "Chen Li", "", "chen.li@greenwich.example", "9", "Keynote", "Workshops", "Networking",
         "The workshops"],
    ], bom=True)


def qualtrics_legacy() -> None:
    """Qualtrics' legacy CSV (before 2017), saved from Excel in Windows-1252: V1 ... V10 over
    ResponseID ... Finished (two header rows), a preview (Status 1), an unfinished response."""
    q1 = "How confident do you feel leading change after today’s session? (1-5)"
    q2 = "Would you recommend the session to a colleague?"
    q3 = "What will you do differently?"
    names = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
             "StartDate", "EndDate", "Finished"]

    def row(rid, email, status, finished, a1, a2, a3):
        return [rid, "Default Response Set", "", "", email, "203.0.113.30", status, "2016-05-10 09:00:00",
                "2016-05-10 09:04:00", finished, a1, a2, a3]

    write_csv("qualtrics_legacy.csv", [
        [f"V{i}" for i in range(1, 11)] + ["Q1", "Q2", "Q3"],
        names + [q1, q2, q3],
        row("R_3kXpreview", "", "1", "1", "5", "Yes", "Preview"),
        row("R_3kXa001", "dee.patel@bexley.example", "0", "1", "4", "Yes", "Ask for a mentor – soon"),
        row("R_3kXa002", "eric.ng@southwark.example", "0", "0", "2", "", ""),
        row("R_3kXa003", "fay.ross@lambeth.example", "0", "1", "3", "No", ""),
        row("R_3kXa004", "gus.hale@bexley.example", "0", "1", "5", "Yes", "Café conversations with my team"),
    ], encoding="cp1252")


def qualtrics_insights() -> None:
    """Qualtrics' 2016 "Insights" CSV: ResponseID first, single-quoted ImportId row, an anonymous
    link (RecipientEmail blank), a then-test (before and after asked afterwards), LF line ends."""
    tags = ["ResponseID", "ResponseSet", "IPAddress", "StartDate", "EndDate", "RecipientLastName",
            "RecipientFirstName", "RecipientEmail", "ExternalDataReference", "Finished", "Status", "Q1", "Q2", "Q3"]
    q1 = "Looking back, how confident were you before the session? (1-7)"
    q2 = "How confident are you now? (1-7)"
    q3 = "What did you value? (select all that apply)"
    texts = ["ResponseID", "ResponseSet", "IPAddress", "StartDate", "EndDate", "RecipientLastName",
             "RecipientFirstName", "RecipientEmail", "ExternalDataReference", "Finished", "Status", q1, q2, q3]
    imports = [f"{{'ImportId': '{t}'}}" for t in ("responseId", "responseSetId", "ipAddress", "startDate", "endDate",
                                                  "recipientLastName", "recipientFirstName", "recipientEmail",
                                                  "externalDataReference", "finished", "status", "QID1", "QID2",
                                                  "QID3")]

    def row(rid, finished, a1, a2, a3):
        return [rid, "Default Response Set", "203.0.113.40", "2016-11-02 10:00:00", "2016-11-02 10:03:00", "", "",
                "", "", finished, "0", a1, a2, a3]

    write_csv("qualtrics_insights.csv", [
        tags, texts, imports,
        row("R_9aa001", "1", "3", "5", "Networking,Time to reflect"),
        row("R_9aa002", "1", "2", "6", "Networking"),
        row("R_9aa003", "0", "4", "", ""),
        row("R_9aa004", "1", "4", "4", "Time to reflect,Hearing from leaders"),
        row("R_9aa005", "1", "5", "7", "Networking,Hearing from leaders"),
    ], bom=True, line_end="\n")


def eventbrite_checkin() -> None:
    """Eventbrite attendee summary with Eventbrite's standard columns (phone, birth date,
    shipping ... all empty), `Last Name`, `Attendee Status` = Checked In for those scanned at the
    door, a cancelled ticket, and a registration scale asked "today" (the "before" half)."""
    header = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Price Tier", "Ticket Type",
              "Attendee #", "Group", "Order Type", "Currency", "Total Paid", "Fees Paid", "Eventbrite Fees",
              "Eventbrite Payment Processing", "Attendee Status", "Prefix", "Home Phone", "Cell Phone",
              "Birth Date", "Shipping Address 1", "Shipping City", "Shipping Postcode",
              "What is your gender?", "How confident do you feel leading change across organisations today? (0-10)"]

    def row(order, first, last, email, status, gender, score):
        return [order, "2024-03-01 10:00:00", first, last, email, "1", "", "General admission", order + "01", "",
                "Free Order", "GBP", "0.00", "0.00", "0.00", "0.00", status, "", "", "", "", "", "", "", gender,
                score]

    write_csv("eventbrite_checkin.csv", [
        header,
        row("9100001", "Ama", "Owusu", "ama.owusu@lewisham.example", "Checked In", "Female", "5"),
        row("9100002", "Ben", "Carter", "ben.carter@bromley.example", "Checked In", "Male", "4"),
        row("9100003", "Chen", "Li", "chen.li@greenwich.example", "Checked In", "Female", "6"),
        row("9100004", "Dee", "Patel", "dee.patel@bexley.example", "Attending", "Female", "7"),
        row("9100005", "Eric", "Ng", "eric.ng@southwark.example", "Not Attending", "Male", "3"),
    ], bom=True)


def zoom_meeting() -> None:
    """Zoom meeting participant report with the meeting summary above it: a rejoin, a guest with
    no e-mail, consent and waiting-room flags."""
    write_csv("zoom_meeting.csv", [
        ["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)", "Participants", ""],
        ["845 1209 3377", "Leading across boundaries", "06/12/2023 17:58:40", "06/12/2023 20:01:10",
         "events@selhealth.example", "123", "5", ""],
        [""],
        ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest",
         "Recording Consent", "In Waiting Room", ""],
        ["Ama Owusu", "ama.owusu@lewisham.example", "06/12/2023 18:00:05", "06/12/2023 18:40:00", "40", "Yes", "Yes",
         "No", ""],
        ["Ben Carter", "ben.carter@bromley.example", "06/12/2023 18:01:30", "06/12/2023 20:00:10", "119", "Yes",
         "Yes", "No", ""],
        ["Ama Owusu", "ama.owusu@lewisham.example", "06/12/2023 18:45:12", "06/12/2023 20:00:00", "75", "Yes", "Yes",
         "Yes", ""],
        ["iPhone", "", "06/12/2023 18:10:00", "06/12/2023 18:30:00", "20", "Yes", "Yes", "No", ""],
        ["Chen Li (NHS Greenwich)", "chen.li@greenwich.example", "06/12/2023 18:02:00", "06/12/2023 19:58:00", "116",
         "Yes", "", "No", ""],
    ])


def zoom_meeting_plain() -> None:
    """Zoom meeting participant report without the summary, with the lower-case headers of newer
    reports, UTF-8 with a byte-order mark."""
    write_csv("zoom_meeting_plain.csv", [
        ["Name (original name)", "Email", "Join time", "Leave time", "Duration (minutes)", "Guest",
         "In waiting room"],
        ["Ama Owusu", "ama.owusu@lewisham.example", "04/09/2024 18:00:05", "04/09/2024 19:00:00", "60", "No", "No"],
        ["Ben Carter", "ben.carter@bromley.example", "04/09/2024 18:01:00", "04/09/2024 18:20:00", "19", "No", "No"],
        ["Ben Carter", "ben.carter@bromley.example", "04/09/2024 18:25:00", "04/09/2024 19:00:00", "35", "No", "No"],
    ], bom=True)


def unicode_text() -> None:
    """A registration list typed in Excel and saved as "Unicode text": UTF-16 with a byte-order
    mark, tab-separated."""
    rows = [
        ["Email", "Full name", "Which borough do you mainly work in?", "How confident are you today? (0-10)"],
        ["ama.owusu@lewisham.example", "Ama Owusu", "Lewisham", "5"],
        ["ben.carter@bromley.example", "Ben Carter", "Bromley", "4"],
        ["zoë.müller@bexley.example", "Zoë Müller", "Bexley", "8"],
    ]
    text = "".join("\t".join(r) + "\r\n" for r in rows)
    (OUT / "registrations_unicode.txt").write_bytes(text.encode("utf-16"))  # with its byte-order mark


def formulas_without_values() -> None:
    """A workbook written by a program that does not calculate: formula cells with no saved value."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Scores"
    sheet.append(["Email", "Before", "After"])
    sheet.append(["ama.owusu@lewisham.example", 5, "=B2+1"])
    sheet.append(["ben.carter@bromley.example", 6, "=B3+2"])
    book.save(OUT / "formulas_without_values.xlsx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for make in (
        microsoft_forms, microsoft_forms_2024_anonymous, google_forms, google_forms_sheet, surveymonkey,
        surveymonkey_contact, qualtrics, qualtrics_legacy, qualtrics_insights, eventbrite, eventbrite_checkin,
        zoom_attendees, zoom_meeting, zoom_meeting_plain, zoom_polls, generic, unicode_text, formulas_without_values,
    ):
        make()
