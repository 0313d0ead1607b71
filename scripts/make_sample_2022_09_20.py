"""Write the raw exports of the mixed sample event data/events/2022-09-20/, person by person.

An online event run with three tools, each exported as it comes:

- ``registrations.csv``: the Eventbrite attendee report (with custom registration questions);
- ``zoom-attendees.csv``: the Zoom webinar attendee report (one row per join);
- ``feedback.xlsx``: the Microsoft Forms feedback survey, which asks the confidence question
  twice after the event ("looking back, before the event" and "now"): a then-test.

Every person and answer is written out below, so each figure of the pack can be checked by hand
(tests/test_mixed_event.py does). People are invented, on the reserved .example domain.
Run once by a developer (``python scripts/make_sample_2022_09_20.py``); the files are committed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "data" / "events" / "2022-09-20"

ETHNIC = {
    "White British": "White - English, Welsh, Scottish, Northern Irish or British",
    "White Irish": "White - Irish",
    "White other": "White - Any other White background",
    "Black African": "Black, Black British, Caribbean or African - African",
    "Black Caribbean": "Black, Black British, Caribbean or African - Caribbean",
    "Asian Pakistani": "Asian or Asian British - Pakistani",
    "Asian Bangladeshi": "Asian or Asian British - Bangladeshi",
    "Asian other": "Asian or Asian British - Any other Asian background",
    "Mixed White and Asian": "Mixed or multiple ethnic groups - White and Asian",
    "Prefer not to say": "Prefer not to say",
}

# number, first name, surname, gender, ethnicity, borough, sector; 1-16 attended, 17-20 did not.
PEOPLE = [
    (1, "Adaeze", "Okoro", "Female", "Black African", "Southwark", "Primary care"),
    (2, "Bilal", "Hussain", "Male", "Asian Pakistani", "Lewisham", "Acute or secondary care"),
    (3, "Catherine", "Doyle", "Female", "White British", "Bromley", "Local authority or social care"),
    (4, "David", "Mensah", "Male", "Black Caribbean", "Lambeth", "Voluntary and community sector"),
    (5, "Elena", "Popescu", "Female", "White other", "Greenwich", "Community health services"),
    (6, "Farida", "Begum", "Female", "Asian Bangladeshi", "Southwark", "Mental health"),
    (7, "George", "Whitfield", "Male", "White British", "Bexley", "Integrated care board or commissioning"),
    (8, "Hana", "Tanaka", "Female", "Asian other", "Lambeth", "Primary care"),
    (9, "Isaac", "Boateng", "Male", "Black African", "Greenwich", "Acute or secondary care"),
    (10, "Jessica", "Ward", "Female", "White British", "Bromley", "Primary care"),
    (11, "Kwame", "Asante", "Male", "Black African", "Lewisham", "Local authority or social care"),
    (12, "Lucy", "Fernandes", "Female", "Mixed White and Asian", "Southwark", "Voluntary and community sector"),
    (13, "Mohammed", "Rahim", "Male", "Asian Bangladeshi", "Lambeth", "Community health services"),
    (14, "Nora", "Kelly", "Female", "White Irish", "Bexley", "Mental health"),
    (15, "Owen", "Price", "Male", "White British", "Greenwich", "Integrated care board or commissioning"),
    (16, "Patience", "Adjei", "Female", "Prefer not to say", "Southwark", "Acute or secondary care"),
    (17, "Quentin", "Hale", "Male", "White British", "Bromley", "Public health"),
    (18, "Rukhsana", "Malik", "Female", "Asian Pakistani", "Lewisham", "Primary care"),
    (19, "Samuel", "Osei", "Male", "Black African", "Southwark", "Voluntary and community sector"),
    (20, "Tamsin", "Reed", "Female", "White British", "Lambeth", "Local authority or social care"),
]
ATTENDED = set(range(1, 17))
DOMAINS = ["selhealth.example", "lewisham-council.example", "southwarkvcs.example", "gstt-nhs.example"]

# Feedback: number -> (looking back, now, recommend, ideas, useful (multi), went well, improve, action)
FEEDBACK = {
    1: ("4", "7", "Yes", "Strongly agree", "Keynote;Table discussions;",
        "Hearing how the hospital discharge team works with social care", "",
        "Set up a monthly call with our social prescribers"),
    2: ("5", "7", "Yes", "Agree", "Networking;", "Meeting people from other boroughs",
        "The breakout rooms were too short", "Invite the council lead to our next team meeting"),
    3: ("5", "6", "Not sure", "Neither agree nor disagree", "Keynote;", "", "More practical examples please", ""),
    4: ("6", "8", "Yes", "Strongly agree", "Table discussions;Q&A panel;",
        "Honest conversation in the panel", "", "Share the system map with my board"),
    5: ("3", "6", "Yes", "Agree", "Keynote;Networking;", "Good", "Send the slides beforehand", "N/A"),
    6: ("6", "6", "Yes", "Disagree", "Q&A panel;", "",
        "Fewer speakers and more time to talk", "Ask a peer to shadow me for a day"),
    7: ("7", "8", "Not sure", "Agree", "Table discussions;",
        "The facilitators kept the discussion\nfocused and practical", "",
        "Write down one shared goal with the PCN"),
    8: ("5", "7", "Yes", "Strongly agree", "Keynote;Table discussions;Networking;", "", "", ""),
    9: ("", "7", "Yes", "Agree", "Networking;", "Time to step back from the day job", "",
        "Book a coffee with the voluntary sector lead"),
    10: ("4", "7", "Yes", "Strongly agree", "Keynote;", "Clear and well chaired", "",
         "Use the stakeholder map in our next project"),
}
# David (4) first submitted an earlier, shorter response; the later one replaces it.
EARLIER_DAVID = ("6", "7", "Not sure", "Agree", "Q&A panel;", "", "", "")

BEFORE = ("Looking back: before today's event, how confident did you feel working across organisational "
          "boundaries? (1 = not at all, 10 = very)")
NOW = "Now, after the event: how confident do you feel working across organisational boundaries? (1 = not at all, 10 = very)"


def email(number: int, first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@{DOMAINS[number % len(DOMAINS)]}"


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))  # Eventbrite and Zoom write a BOM


def registrations() -> None:
    header = ["Order #", "Order Date", "First Name", "Surname", "Email", "Quantity", "Ticket Type", "Attendee #",
              "Attendee Status", "Checked In", "What is your gender?", "What is your ethnic group?",
              "Which borough do you mainly work in?", "What part of the system are you joining us from?"]

    def row(order: int, day: str, person: tuple, *, status: str = "Attending", borough: str | None = None,
            address: str | None = None) -> list[str]:
        number, first, last, gender, ethnic, home, sector = person
        return [str(7300000000 + order), day, first, last, address or email(number, first, last), "1",
                "Online ticket", str(9100000000 + order), status, "No", gender, ETHNIC[ethnic],
                borough or home, sector]

    people = {p[0]: p for p in PEOPLE}
    rows = [header, row(1, "2022-08-30 09:12:44", people[1]), row(2, "2022-08-30 10:01:02", people[2]),
            # Elena books first naming the wrong borough; her later booking (last row) is kept.
            row(3, "2022-08-30 13:45:10", people[5], borough="Lewisham")]
    for number in range(3, 21):
        if number == 5:
            continue
        # Excel re-saved some order dates as serial numbers; some e-mails were typed with capitals.
        day = "44805.4375" if number == 8 else f"2022-09-{number - 1:02d} 12:00:00"
        address = f"  {email(number, *people[number][1:3]).title()} " if number in (6, 13) else None
        rows.append(row(number + 1, day, people[number], address=address))
        if number == 10:  # a ticket later refunded: not a registration
            rows.append(row(50, "2022-09-09 16:20:00", (21, "Ursula", "Grant", "Female", "White British", "Bexley",
                                                        "Public health"), status="Not Attending"))
    rows.append(row(60, "2022-09-15 08:30:00", people[5]))
    write_csv(OUT / "registrations.csv", rows)


def zoom_attendees() -> None:
    preamble = [
        ["Attendee Report", ""],
        ["Report Generated:", "09/21/2022 09:05 AM", ""],
        ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered", "# Cancelled",
         "Unique Viewers", "Total Users", "Max Concurrent Views", ""],
        ["Working across boundaries", "845 1209 3377", "09/20/2022 17:58:40", "122", "20", "0", "16", "17", "16", ""],
        ["Host Details", ""],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time", "Time in Session (minutes)",
         "Is Guest", "Country/Region Name", ""],
        ["Yes", "SEL Leadership Community", "leadership.community@selhealth.example", "09/20/2022 17:45:02",
         "09/20/2022 20:02:10", "138", "No", "United Kingdom", ""],
        ["Panelist Details", ""],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time", "Time in Session (minutes)",
         "Is Guest", "Country/Region Name", ""],
        ["Yes", "Dr Imogen Blake", "imogen.blake@selhealth.example", "09/20/2022 17:50:31", "09/20/2022 20:00:02",
         "130", "No", "United Kingdom", ""],
        ["Attendee Details", ""],
        ["Attended", "User Name (Original Name)", "First Name", "Last Name", "Email", "Registration Time",
         "Approval Status", "Join Time", "Leave Time", "Time in Session (minutes)", "Is Guest",
         "Country/Region Name", ""],
    ]
    rows = list(preamble)
    for number, first, last, *_ in PEOPLE:
        address = email(number, first, last)
        if number == 3:
            address = address.upper()
        if number in ATTENDED:
            rows.append(["Yes", f"{first} {last}", first, last, address, "08/30/2022 09:12:44", "approved",
                         "09/20/2022 18:00:12", "09/20/2022 19:58:40" if number != 7 else "09/20/2022 18:35:00",
                         "118" if number != 7 else "35", "Yes", "United Kingdom", ""])
        else:
            rows.append(["No", f"{first} {last}", first, last, address, "08/30/2022 09:12:44", "approved",
                         "--", "--", "--", "", "", ""])
        if number == 7:  # George's connection dropped; he rejoined
            rows.append(["Yes", "George Whitfield", "George", "Whitfield", address, "08/30/2022 09:12:44",
                         "approved", "09/20/2022 18:41:05", "09/20/2022 19:58:40", "78", "Yes", "United Kingdom", ""])
    write_csv(OUT / "zoom-attendees.csv", rows)


def feedback() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", BEFORE, NOW,
                  "Would you recommend an event like this to a colleague?",
                  "I came away with ideas I can use in my work",
                  "Which parts of the event were most useful to you?",
                  "What went well that we can build on?", "What can we improve on for next time?",
                  "One practical step I will take to apply my learning is..."])
    people = {p[0]: p for p in PEOPLE}
    order = [1, 2, 4, 3, 5, 6, 7, 8, 9, 4, 10]  # David (4) twice
    for response_id, number in enumerate(order, start=1):
        _, first, last, *_ = people[number]
        answers = EARLIER_DAVID if number == 4 and response_id == 3 else FEEDBACK[number]
        address = email(number, first, last)
        if number == 9:
            address = f" {address.upper()}"
        start = f"9/20/22 20:{response_id + 5:02d}:10"
        sheet.append([response_id, start, start.replace(":10", ":59"), address, f"{first} {last}",
                      *[int(a) if a.isdigit() else a for a in answers]])
    book.save(OUT / "feedback.xlsx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    registrations()
    zoom_attendees()
    feedback()
