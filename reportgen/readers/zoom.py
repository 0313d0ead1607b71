"""Zoom: the webinar or meeting attendee report, and the poll report (both CSV).

**Attendee report** (``kind: zoom_attendees``): a preamble first (report title, "Report
Generated:", a topic/ID/start-time table, then "Host Details" and "Panelist Details" sections,
each with its own header). The reader takes the "Attendee Details" section: its header (``Attended``,
``User Name (Original Name)``, ``First Name``, ``Last Name``, ``Email``, ``Registration Time``,
``Join Time``, ``Leave Time``, ``Time in Session (minutes)`` ...) and the rows under it. A person
who left and rejoined has one row per join; ``Attended`` is ``Yes`` or ``No`` (registered but did
not come). A meeting participant report (header ``Name (Original Name)``, ``User Email``, ``Join
Time``, ``Leave Time``, ``Duration (Minutes)``, ``Guest``, ``Recording Consent``, ``In Waiting
Room``), with or without the meeting summary above it (``Meeting ID``, ``Topic``, ``Start Time``,
``End Time``, ``User Email``, ``Duration (Minutes)``, ``Participants``), is read the same way;
headers are matched whatever their case (newer reports write ``Join time``). Every row ends
with a stray comma. Consent, waiting-room and guest flags are report metadata, not questions.

**Poll report** (``kind: zoom_polls``): a preamble, then a header ``#``, ``User Name``,
``Email Address``, ``Submitted Date/Time``; each row is one participant's answers to one poll,
as question and answer pairs in the cells after the header (multi-choice answers joined by
``;``). The reader turns the pairs into one column per question text.
"""

from __future__ import annotations

from .base import ExportKind, SourceTable, Variant, folded, make_frame

ATTENDEES = "zoom_attendees"
POLLS = "zoom_polls"
ATTENDEE_META = (
    "Recording Consent", "In Waiting Room", "Recording Disclaimer Response", "Meeting ID", "Topic",
    "Start Time", "End Time", "Participants", "Department", "Group", "Has Zoom Rooms", "Creation Time",
    "User Name", "Name", "Registration Status", "Time in Session", "Attentiveness Score",
    "Attended", "User Name (Original Name)", "Name (Original Name)", "First Name", "Last Name",
    "Email", "User Email", "Address", "City", "Country/Region", "Zip/Postal Code", "State/Province",
    "Phone", "Industry", "Organization", "Job Title", "Purchasing Time Frame", "Role in Purchase Process",
    "No of Employees", "Registration Time", "Approval Status", "Join Time", "Leave Time",
    "Time in Session (minutes)", "Duration (Minutes)", "Is Guest", "Guest", "Country/Region Name",
    "Source Name", "Unique Viewers",
)
POLL_META = ("#", "User Name", "Email Address", "Submitted Date/Time")
SECTION_ENDS = ("details",)


def _attendee_header_at(rows: list[list[str]]) -> int | None:
    """Index of the attendee section's header row."""
    for i, row in enumerate(rows):
        first = folded(row[0]) if row else ""
        if first == "attendee details" and i + 1 < len(rows):
            return i + 1
    for i, row in enumerate(rows):
        cells = {folded(c) for c in row}
        if "join time" in cells and ({"email", "user email"} & cells):
            return i
    return None


def read_attendees(rows: list[list[str]], name: str) -> SourceTable:
    from ..errors import InputDataError

    at = _attendee_header_at(rows)
    if at is None:
        raise InputDataError(
            name, "no attendee table found", expected="a Zoom attendee report with 'Attendee Details' "
            "followed by a header with 'Join Time' and 'Email'",
        )
    body, numbers = [], []
    for i in range(at + 1, len(rows)):
        row = rows[i]
        nonblank = [c for c in row if c.strip()]
        if len(nonblank) == 1 and folded(nonblank[0]).endswith(SECTION_ENDS):
            break  # the next section
        body.append(row)
        numbers.append(i + 1)
    frame = make_frame(rows[at], body, name, header_row=at + 1, row_numbers=numbers)
    return SourceTable(frame, ATTENDEES, rows_read=len(frame), rows_per_person="many", header_row=at + 1)


def _poll_header_at(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows):
        cells = [folded(c) for c in row]
        if cells and cells[0] == "#" and "user name" in cells:
            return i
    return None


def read_polls(rows: list[list[str]], name: str) -> SourceTable:
    from ..errors import InputDataError

    at = _poll_header_at(rows)
    if at is None:
        raise InputDataError(
            name, "no poll table found", expected="a Zoom poll report with a header starting "
            "'#, User Name, Email Address, Submitted Date/Time'",
        )
    base = [c.strip() for c in rows[at]]
    while base and not base[-1]:
        base.pop()
    questions: list[str] = []
    records: list[dict[str, str]] = []
    numbers: list[int] = []
    for i in range(at + 1, len(rows)):
        row = rows[i]
        if not any(c.strip() for c in row):
            continue
        record = {h: (row[k].strip() if k < len(row) else "") for k, h in enumerate(base)}
        rest = row[len(base):]
        for k in range(0, len(rest) - 1, 2):
            question = " ".join(rest[k].split())
            if not question:
                continue
            if question not in questions:
                questions.append(question)
            record[question] = rest[k + 1].strip()
        records.append(record)
        numbers.append(i + 1)
    header = base + [q for q in questions if q not in base]
    body = [[r.get(h, "") for h in header] for r in records]
    frame = make_frame(header, body, name, header_row=at + 1, row_numbers=numbers)
    return SourceTable(
        frame, POLLS, rows_read=len(frame), multi_separator=";", rows_per_person="many", header_row=at + 1
    )


def looks_like_attendees(rows: list[list[str]]) -> bool:
    return _attendee_header_at(rows) is not None and _poll_header_at(rows) is None


def looks_like_polls(rows: list[list[str]]) -> bool:
    head = [folded(r[0]) for r in rows[:3] if r]
    return any("poll report" in h for h in head) or _poll_header_at(rows) is not None


ATTENDEES_KIND = ExportKind(
    name=ATTENDEES, label="Zoom attendee report", read=read_attendees, looks_like=looks_like_attendees,
    meta_columns=ATTENDEE_META, role="attendance",
    variants=(
        Variant("webinar attendee report", "preamble, Host Details, Panelist Details, Attendee Details: Attended, "
                "User Name (Original Name), ... Join Time, Leave Time, Time in Session (minutes), Is Guest",
                "2022-09", "zoom_attendees.csv"),
        Variant("meeting participants, with summary", "Meeting ID, Topic, Start Time ... Participants, a blank "
                "line, then Name (Original Name), User Email, Join Time ... Guest, Recording Consent, In Waiting "
                "Room", "2023-06", "zoom_meeting.csv"),
        Variant("meeting participants, no summary", "Name (original name), Email, Join time, Leave time, "
                "Duration (minutes), Guest, In waiting room (lower case)", "2024-04", "zoom_meeting_plain.csv"),
    ),
)
POLLS_KIND = ExportKind(
    name=POLLS, label="Zoom poll report", read=read_polls, looks_like=looks_like_polls, meta_columns=POLL_META,
    role="poll",
    variants=(
        Variant("webinar poll report", "preamble, then #, User Name, Email Address, Submitted Date/Time and "
                "question/answer pairs", "2022-09", "zoom_polls.csv"),
    ),
)
