"""Write the raw exports of the sample event data/events/2022-03-02/, person by person.

The sample reconstructs the Project Lift community event pack "Courageous Conversations: The
future will be made by us, together" of 2 March 2022, an online event run with three tools:

- ``registrations.csv``: the Eventbrite attendee report, with custom registration questions
  (sector or profession, ethnic group in Scotland's Census 2022 groups, and the tick-all-that-apply
  "Why are you signing up for this event?", whose answers Eventbrite joins with ``;``);
- ``zoom-attendees.csv``: the Zoom webinar attendee report (one row per join);
- ``zoom-polls.csv``: the Zoom poll report: a choice poll at the start ("have you applied any
  learnings?") and two short-answer polls later in the session;
- ``feedback.xlsx``: the Microsoft Forms feedback survey.

Only the published figures come from the original pack: 70 attended; 33 answered the
applied-learning poll, over half "Yes"; 19 answered the feedback survey, all 19 would recommend
the event and all 19 agreed it gave them time for reflection. Every count below is chosen so the
built pack shows those figures. People, e-mail addresses (on the reserved .example domain),
organisations and every answer are invented; none of the original pack's quotes is reused.

Run once by a developer (``python scripts/make_sample_2022_03_02.py``); the files it writes are
committed, so builds never depend on this script.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "data" / "events" / "2022-03-02"
rng = random.Random(20220302)

FIRST = ["Aileen", "Callum", "Eilidh", "Fraser", "Morag", "Iona", "Ruaridh", "Catriona", "Ewan", "Kirsty",
         "Lachlan", "Mhairi", "Niall", "Shona", "Alasdair", "Fiona", "Gregor", "Heather", "Innes", "Jenna",
         "Kenneth", "Lorna", "Murdo", "Nicola", "Rhona", "Stuart", "Aisha", "Bilal", "Chidi", "Deepa",
         "Farah", "Hamza", "Joanna", "Kasia", "Marek", "Nkechi", "Priya", "Tomasz", "Yusuf", "Zainab"]
LAST = ["MacLeod", "Campbell", "Sutherland", "Robertson", "Munro", "Cameron", "Drummond", "Grieve",
        "MacInnes", "Paterson", "Henderson", "Ferguson", "Lindsay", "Buchanan", "Kerr", "Galbraith",
        "Morrison", "Rennie", "Tait", "Young", "Aitken", "Crawford", "Dalgleish", "Imrie"]
DOMAINS = ["fife-health.example", "taysidecare.example", "falkirk-council.example", "publichealth-scot.example",
           "learning-scot.example", "dundee-uni.example", "thirdsector-scot.example", "glasgow-hscp.example"]

N_REGISTERED = 96
N_ATTENDED = 70  # people 0-69 attended, 70-95 did not

# Scotland's Census 2022 ethnic group question, as the registration form offers it.
ETHNIC = {
    "White": ["White - Scottish"] * 10 + ["White - Other British"] * 3
    + ["White - Irish", "White - Polish", "White - Other white ethnic group"],
    "Mixed": ["Mixed or multiple ethnic groups - Any mixed or multiple ethnic groups"],
    "Asian": ["Asian, Scottish Asian or British Asian - Pakistani, Scottish Pakistani or British Pakistani",
              "Asian, Scottish Asian or British Asian - Indian, Scottish Indian or British Indian",
              "Asian, Scottish Asian or British Asian - Chinese, Scottish Chinese or British Chinese"],
    "African": ["African, Scottish African or British African - African, Scottish African or British African"],
    "Other": ["Other ethnic group - Arab, Scottish Arab or British Arab"],
    "Prefer not to say": ["Prefer not to say"],
}
ATTENDEE_ETHNIC = ["White"] * 61 + ["Asian"] * 3 + ["African"] * 2 + ["Mixed", "Other"] + ["Prefer not to say"] * 2
ABSENT_ETHNIC = ["White"] * 23 + ["Asian", "African", "Prefer not to say"]

# Sector or profession, as the form words it (event.yaml maps each label onto the pack's category).
SECTOR = {
    "Learning and development": "Learning and development / organisational development",
    "Nursing": "Nursing and midwifery",
    "Psychology": "Psychology",
    "Management": "Management",
    "Social work": "Social work",
    "Allied health professions": "Allied health professions (AHPs)",
    "Medicine": "Medicine",
    "Third sector": "Third sector / voluntary organisation",
    "Other": "Other",
}
ATTENDEE_SECTOR = (["Learning and development"] * 14 + ["Nursing"] * 11 + ["Psychology"] * 9 + ["Management"] * 8
                   + ["Social work"] * 7 + ["Allied health professions"] * 6 + ["Medicine"] * 5
                   + ["Third sector"] * 5 + ["Other"] * 5)
ABSENT_SECTOR = (["Learning and development"] * 5 + ["Nursing"] * 5 + ["Management"] * 4 + ["Psychology"] * 3
                 + ["Social work"] * 3 + ["Allied health professions"] * 2 + ["Medicine"] * 2
                 + ["Third sector", "Other"])

# "Why are you signing up for this event?": the options in the form's order, with how many
# attendees and non-attendees ticked each (each person ticks at least one).
WHY = [
    "To build my leadership skills",
    "To hear from the speakers",
    "To have protected time for reflection",
    "To meet colleagues from across the system",
    "To learn about the 12 indicators of good leadership",
    "A colleague or manager recommended it",
]
WHY_ATTENDED = [46, 40, 34, 24, 15, 6]
WHY_ABSENT = [16, 13, 11, 8, 6, 3]
WHY_PRIMARY_ATTENDED = [30, 15, 12, 8, 5, 0]  # one reason everybody gives, then the rest spread out
WHY_PRIMARY_ABSENT = [11, 6, 4, 3, 2, 0]

# Zoom polls.
APPLIED = "If you've attended a Project Lift event before, have you applied any learnings?"
DIFFERENT = "Reflecting on our discussions so far, what could be different?"
STEP = "What is one practical step you will take to apply the learning from today?"
APPLIED_ANSWERS = ["Yes"] * 18 + ["Not yet"] * 9 + ["This is my first Project Lift event"] * 6  # 33 answered

# Ten short answers, five mentioning colleagues or staff, five about how leadership is done.
DIFFERENT_TEXT = [
    "Give newly qualified staff the message from day one that they are leaders too.",
    "Make room in supervision for colleagues to talk about how they are really coping.",
    "Senior staff could step back more and let junior colleagues take the lead on small changes.",
    "Support people who work remotely so they are not left out of the informal conversations.",
    "Recognise third sector staff as equal partners rather than an afterthought.",
    "Treat improvisation as a skill we practise, not something we apologise for.",
    "Less certainty from the top and more honest dialogue about what we do not know yet.",
    "Accept that leadership is messy and that not knowing the direction is normal.",
    "Build reflection into our leadership programmes instead of only adding more content.",
    "Value listening as much as deciding when we judge what good leadership looks like.",
]
STEP_TEXT = [
    "Start my next team meeting with ten minutes of open conversation before the agenda.",
    "Ask one quieter member of my team to lead a piece of work this month.",
    "Share the three skills from the talk with my practice development group.",
    "Block out an hour a fortnight for my own reflection and protect it.",
    "Arrange a coffee with the social work lead I met in my breakout room.",
    "Try asking more questions and giving fewer answers in my one-to-ones.",
    "Add a reflective question to our weekly huddle.",
    "Feed back what we heard today to our organisational development team.",
    "Check in with colleagues working from home before the week starts.",
]
VALUED = [
    "Meeting people from health, social care and the third sector in one room.",
    "The idea of management bringing things together and leadership opening things up really stayed with me.",
    "Time to think about my own practice without the usual interruptions.",
    "Honest breakout conversations with colleagues from across Scotland.",
    "A calm, well held space and a speaker who made the theory feel practical.",
    "I came away wanting to try things differently with my team.",
    "Great",
    "Hearing that other teams have the same struggles as us was reassuring.",
]
RECOMMEND_COL = "Would you recommend an event like this to a colleague?"
REFLECT_COL = "This session provided me time for reflection on my leadership practice"
VALUED_COL = "What did you value about the event?"
CONSENT_COL = "May we quote your answers, without your name, in the published pack?"


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))  # Eventbrite and Zoom write a BOM


def reasons(totals: list[int], primary: list[int], size: int) -> list[list[str]]:
    """Tick-all-that-apply answers for ``size`` people giving exactly ``totals`` ticks per option."""
    chosen: list[set[int]] = []
    for option, count in enumerate(primary):
        chosen += [{option} for _ in range(count)]
    assert len(chosen) == size
    rng.shuffle(chosen)
    for option, total in enumerate(totals):
        without = [p for p in range(size) if option not in chosen[p]]
        for p in rng.sample(without, total - primary[option]):
            chosen[p].add(option)
    for option, total in enumerate(totals):
        assert sum(option in c for c in chosen) == total
    return [[WHY[o] for o in sorted(c)] for c in chosen]


def people() -> list[dict]:
    names = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(names)
    ethnic = ATTENDEE_ETHNIC + ABSENT_ETHNIC
    sectors = ATTENDEE_SECTOR + ABSENT_SECTOR
    why = reasons(WHY_ATTENDED, WHY_PRIMARY_ATTENDED, N_ATTENDED) + reasons(
        WHY_ABSENT, WHY_PRIMARY_ABSENT, N_REGISTERED - N_ATTENDED)
    assert len(ethnic) == len(sectors) == len(why) == N_REGISTERED
    crowd, used = [], set()
    for i in range(N_REGISTERED):
        first, last = names[i]
        email = f"{first}.{last}@{DOMAINS[i % len(DOMAINS)]}".lower()
        assert email not in used
        used.add(email)
        crowd.append({"first": first, "last": last, "email": email, "attended": i < N_ATTENDED,
                      "ethnic": rng.choice(ETHNIC[ethnic[i]]), "sector": SECTOR[sectors[i]], "why": why[i]})
    return crowd


def registrations(crowd: list[dict]) -> None:
    header = ["Order #", "Order Date", "First Name", "Surname", "Email", "Quantity", "Ticket Type", "Attendee #",
              "Attendee Status", "Checked In", "Which best describes your sector or profession?",
              "What is your ethnic group?", "Why are you signing up for this event?"]
    order = list(range(N_REGISTERED))
    rng.shuffle(order)  # bookings arrive in no particular order
    start = dt.datetime(2022, 2, 7, 9, 0)
    rows = [header]

    def row(n: int, when: dt.datetime | str, person: dict, *, status: str = "Attending",
            address: str | None = None, why: list[str] | None = None) -> list[str]:
        day = when if isinstance(when, str) else when.strftime("%Y-%m-%d %H:%M:%S")
        return [str(2870000000 + n), day, person["first"], person["last"], address or person["email"], "1",
                "Online ticket", str(4410000000 + n), status, "No", person["sector"], person["ethnic"],
                ";".join(why or person["why"])]

    twice = crowd[order[20]]  # books early, then again with fuller answers: the later booking is kept
    for n, i in enumerate(order):
        person = crowd[i]
        when = start + dt.timedelta(hours=5 * n + rng.randint(0, 4), minutes=rng.randint(0, 59))
        if n == 6:
            rows.append(row(900, start + dt.timedelta(hours=20), twice, why=twice["why"][:1]))
        if n == 35:  # a ticket later refunded: not a registration
            refunded = {"first": "Graham", "last": "Baillie", "email": "graham.baillie@taysidecare.example",
                        "sector": SECTOR["Management"], "ethnic": "White - Scottish", "why": [WHY[1]]}
            rows.append(row(950, when - dt.timedelta(hours=2), refunded, status="Not Attending"))
        # Excel re-saved two order dates as serial numbers; some addresses were typed with capitals.
        serial = f"{(when - dt.datetime(1899, 12, 30)).total_seconds() / 86400:.4f}" if n in (12, 58) else when
        address = f" {person['email'].title()}" if n % 17 == 5 else None
        rows.append(row(n + 1, serial, person, address=address))
    write_csv(OUT / "registrations.csv", rows)


def zoom_attendees(crowd: list[dict]) -> None:
    rows = [
        ["Attendee Report", ""],
        ["Report Generated:", "03/03/2022 09:12 AM", ""],
        ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered", "# Cancelled",
         "Unique Viewers", "Total Users", "Max Concurrent Views", ""],
        ["Courageous Conversations: The future will be made by us, together", "861 4402 2093",
         "03/02/2022 12:58:31", "96", str(N_REGISTERED), "0", str(N_ATTENDED), str(N_ATTENDED + 2), "68", ""],
        ["Host Details", ""],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time", "Time in Session (minutes)",
         "Is Guest", "Country/Region Name", ""],
        ["Yes", "Project Lift Community", "hello@projectlift-community.example", "03/02/2022 12:40:02",
         "03/02/2022 14:36:40", "117", "No", "United Kingdom", ""],
        ["Panelist Details", ""],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time", "Time in Session (minutes)",
         "Is Guest", "Country/Region Name", ""],
        ["Yes", "Prof. Morven Lennox", "m.lennox@university-leadership.example", "03/02/2022 12:50:12",
         "03/02/2022 14:31:05", "101", "No", "United Kingdom", ""],
        ["Attendee Details", ""],
        ["Attended", "User Name (Original Name)", "First Name", "Last Name", "Email", "Registration Time",
         "Approval Status", "Join Time", "Leave Time", "Time in Session (minutes)", "Is Guest",
         "Country/Region Name", ""],
    ]
    rejoined = {8, 41}  # their connection dropped and they came back
    for i in sorted(range(N_REGISTERED), key=lambda k: (crowd[k]["last"], crowd[k]["first"])):
        person = crowd[i]
        name = f"{person['first']} {person['last']}"
        address = person["email"].upper() if i in (3, 27) else person["email"]
        registered = f"02/{7 + i % 20:02d}/2022 10:{i % 60:02d}:00"
        if not person["attended"]:
            rows.append(["No", name, person["first"], person["last"], address, registered, "approved",
                         "--", "--", "--", "", "", ""])
            continue
        join = dt.datetime(2022, 3, 2, 12, 55) + dt.timedelta(minutes=rng.randint(0, 12))
        leave = dt.datetime(2022, 3, 2, 14, 30) + dt.timedelta(minutes=rng.randint(-4, 4))
        if i in rejoined:
            drop = join + dt.timedelta(minutes=rng.randint(20, 40))
            back = drop + dt.timedelta(minutes=rng.randint(2, 6))
            spans = [(join, drop), (back, leave)]
        else:
            spans = [(join, leave)]
        for a, b in spans:
            rows.append(["Yes", name, person["first"], person["last"], address, registered, "approved",
                         a.strftime("%m/%d/%Y %H:%M:%S"), b.strftime("%m/%d/%Y %H:%M:%S"),
                         str(round((b - a).total_seconds() / 60)), "Yes", "United Kingdom", ""])
    write_csv(OUT / "zoom-attendees.csv", rows)


def zoom_polls(crowd: list[dict], surveyed: list[int]) -> None:
    rows = [
        ["Poll Report", ""],
        ["Report Generated:", "03/03/2022 09:14 AM", ""],
        ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered", ""],
        ["Courageous Conversations: The future will be made by us, together", "861 4402 2093",
         "03/02/2022 12:58:31", "96", str(N_REGISTERED), ""],
        ["#", "User Name", "Email Address", "Submitted Date/Time", ""],
    ]
    attendees = list(range(N_ATTENDED))
    applied_people = sorted(rng.sample(attendees, len(APPLIED_ANSWERS)))
    answers = APPLIED_ANSWERS[:]
    rng.shuffle(answers)
    # The short-answer polls were answered by people who also filled in the feedback survey and
    # agreed to be quoted (see feedback()).
    different_people = surveyed[:11]  # eleven submitted; one left the box empty
    step_people = surveyed[6:15]
    polls = [(applied_people, APPLIED, answers, dt.datetime(2022, 3, 2, 13, 6, 10)),
             (different_people, DIFFERENT, DIFFERENT_TEXT[:4] + [""] + DIFFERENT_TEXT[4:],
              dt.datetime(2022, 3, 2, 14, 5, 30)),
             (step_people, STEP, STEP_TEXT, dt.datetime(2022, 3, 2, 14, 22, 0))]
    n = 0
    for who, question, given, at in polls:
        assert len(who) == len(given)
        for k, (i, answer) in enumerate(zip(who, given)):
            person = crowd[i]
            n += 1
            address = f"{person['email'].title()} " if n % 13 == 4 else person["email"]
            when = at + dt.timedelta(seconds=11 * k + rng.randint(0, 9))
            rows.append([str(n), f"{person['first']} {person['last']}", address,
                         when.strftime("%b %d, %Y %H:%M:%S").replace(" 0", " ", 1), question, answer])
    rows.append(["", ""])
    write_csv(OUT / "zoom-polls.csv", rows)


def feedback(crowd: list[dict], surveyed: list[int]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", RECOMMEND_COL, REFLECT_COL, VALUED_COL,
                  CONSENT_COL])
    # 19 respondents: all would recommend; 12 strongly agree and 7 agree they had time to reflect.
    reflect = ["Strongly agree"] * 12 + ["Agree"] * 7
    rng.shuffle(reflect)
    # Eight answers to "what did you value" (one of them a single word), from respondents 11-18;
    # respondent 15 (who answered no poll) asked not to be quoted, so the pack must leave out
    # their answer.
    valued = [""] * 11 + VALUED
    consent = ["Yes"] * 19
    consent[15] = "No"
    order = list(range(19))
    order.insert(9, 4)  # respondent 4 first sent a half-finished form, then submitted again
    for response_id, k in enumerate(order, start=1):
        person = crowd[surveyed[k]]
        first_try = k == 4 and response_id == 5
        start = dt.datetime(2022, 3, 2, 14, 35) + dt.timedelta(minutes=2 * response_id, seconds=rng.randint(0, 50))
        address = f"  {person['email'].upper()}" if k == 12 else person["email"]
        sheet.append([
            response_id, start, start + dt.timedelta(minutes=2, seconds=rng.randint(5, 55)), address,
            f"{person['first']} {person['last']}", "Yes", None if first_try else reflect[k],
            None if first_try else (valued[k] or None), None if first_try else consent[k],
        ])
    book.properties.creator = "Microsoft Forms"
    book.properties.created = book.properties.modified = dt.datetime(2022, 3, 3, 9, 0)
    book.save(OUT / "feedback.xlsx")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    crowd = people()
    surveyed = sorted(rng.sample(range(N_ATTENDED), 19))
    rng.shuffle(surveyed)
    registrations(crowd)
    zoom_attendees(crowd)
    zoom_polls(crowd, surveyed)
    feedback(crowd, surveyed)


if __name__ == "__main__":
    main()
