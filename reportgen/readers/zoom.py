"""Zoom: the webinar or meeting attendee report, and the poll report (both CSV).

**Attendee report** (``kind: zoom_attendees``): a preamble first (report title, "Report
Generated:", a topic/ID/start-time table, then "Host Details" and "Panelist Details" sections,
each with its own header). The reader takes the "Attendee Details" section: its header (``Attended``,
``User Name (Original Name)``, ``First Name``, ``Last Name``, ``Email``, ``Registration Time``,
``Join Time``, ``Leave Time``, ``Time in Session (minutes)`` ...) and the rows under it. A person
who left and rejoined has one row per join; ``Attended`` is ``Yes`` or ``No`` (registered but did
not come). A meeting participant report (header ``Name (Original Name)``, ``User Email``, ``Join
Time`` ...) is read the same way. Every row ends with a stray comma.

**Poll report** (``kind: zoom_polls``): a preamble, then a header ``#``, ``User Name``,
``Email Address``, ``Submitted Date/Time``; each row is one participant's answers to one poll,
as question and answer pairs in the cells after the header (multi-choice answers joined by
``;``). The reader turns the pairs into one column per question text.
"""

from __future__ import annotations

from .base import SourceTable, folded, make_frame

ATTENDEES = "zoom_attendees"
POLLS = "zoom_polls"
ATTENDEE_META = (
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
        cells = {c.strip() for c in row}
        if "Join Time" in cells and ({"Email", "User Email"} & cells):
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
        cells = [c.strip() for c in row]
        if cells and cells[0] == "#" and "User Name" in cells:
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
