"""Write the raw exports of the sample event data/events/2022-06-07/, person by person.

The sample reconstructs the "Driving purposeful collaboration: measuring our impact" pack of
7 June 2022. Every count below is chosen so the built pack shows the published figures (see
docs/sample-event.md for the plan and for the one figure of the original that cannot hold).
People, e-mail addresses (on the reserved .example domain) and quotes are invented.

Run once by a developer (``python scripts/make_sample_2022_06_07.py``); the files it writes are
committed, so builds never depend on this script.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "data" / "events" / "2022-06-07"
rng = random.Random(20220607)

FIRST = ["Amira", "Ben", "Chloe", "Daniel", "Esther", "Fatima", "Grace", "Hannah", "Imran", "Jade", "Kemi", "Laura", "Maya", "Nadia", "Olivia", "Priya", "Rachel", "Sara", "Tom", "Uche", "Vanessa", "Will", "Yasmin", "Zara", "Adebayo", "Bethany", "Ciara", "Dominic", "Ellie", "Farah", "Gemma", "Harriet", "Isla", "Joanna", "Kofi", "Leah", "Mohammed", "Naomi", "Oscar", "Patricia", "Rosa", "Sian", "Tariq", "Ursula", "Victor", "Wendy", "Yusuf", "Abigail", "Bola", "Claire", "Deborah", "Emeka", "Frances", "Georgia", "Helen", "Ines", "Jasmine", "Karen", "Lucy", "Marcus", "Nia", "Ruth"]
LAST = ["Khan", "Adeyemi", "Walsh", "Okafor", "Brennan", "Patel", "Thompson", "Hughes", "Ahmed", "Clarke", "Mensah", "Fraser", "Osei", "Lewis", "Shah", "Murphy", "Bennett", "Ali", "Turner", "Nwosu", "Edwards", "Price", "Hassan", "Morgan", "Boateng", "Reid", "Kelly", "Doyle", "Campbell", "Rahman"]
DOMAINS = ["selhealth.example", "bexleycouncil.example", "southwarkvcs.example", "kingshosp.example",
           "lambethpcn.example", "greenwich-care.example"]

# Census-style answer labels as a registration form shows them.
ETHNIC = {
    "White": ["White - English, Welsh, Scottish, Northern Irish or British"] * 7
    + ["White - Irish", "White - Any other White background", "White - Any other White background"],
    "Black": ["Black, Black British, Caribbean or African - African",
              "Black, Black British, Caribbean or African - Caribbean"],
    "Asian": ["Asian or Asian British - Indian", "Asian or Asian British - Pakistani",
              "Asian or Asian British - Any other Asian background"],
    "Mixed": ["Mixed or multiple ethnic groups - White and Black Caribbean",
              "Mixed or multiple ethnic groups - Any other Mixed or multiple ethnic background"],
    "Other": ["Other ethnic group - Arab"],
    "Prefer not to say": ["Prefer not to say"],
    "": [""],
}

# Who attended (50) and who registered but did not come (12).
ATTENDEE_GENDER = ["Female"] * 38 + ["Male"] * 12
ABSENT_GENDER = ["Female"] * 9 + ["Male"] * 3
ATTENDEE_ETHNIC = ["White"] * 36 + ["Black"] * 6 + ["Asian"] * 4 + ["Mixed"] * 2 + ["Other"] + ["Prefer not to say"]
ABSENT_ETHNIC = ["White"] * 9 + ["Black", "Asian", ""]
ATTENDEE_SECTOR = (
    ["Executive or senior manager"] * 12 + ["Primary care"] * 8 + ["Local authority or social care"] * 7
    + ["Voluntary and community sector"] * 6 + ["Community health services"] * 5
    + ["Integrated care board or commissioning"] * 5 + ["Acute or secondary care"] * 2
    + ["Mental health"] * 2 + ["Public health", "Pharmacy", "Patient representative group"]
)
ABSENT_SECTOR = (["Executive or senior manager"] * 3 + ["Primary care"] * 2 + ["Voluntary and community sector"] * 2
                 + ["Local authority or social care", "Community health services", "Acute or secondary care",
                    "Integrated care board or commissioning", "Mental health"])
BOROUGHS = ["Bexley"] * 12 + ["Greenwich"] * 9 + ["Lambeth"] * 10 + ["Southwark"] * 15 + ["Bromley"] * 8 + ["Lewisham"] * 8

# Confidence of the 20 feedback respondents who gave both scores: pre sum 114 (mean 5.7),
# post sum 148 (mean 7.4); 16 improved, 3 stayed the same, 1 dropped.
PRE = [5, 6, 4, 7, 5, 6, 3, 6, 7, 5, 6, 8, 5, 6, 4, 7, 6, 5, 6, 7]
POST = [7, 8, 7, 7, 7, 8, 7, 8, 6, 7, 8, 8, 8, 8, 7, 8, 8, 7, 7, 7]

WENT_WELL = [
    "Hearing how other boroughs started small and built trust before asking partners for anything.",
    "Plenty of time in the breakout rooms to actually talk, not just listen.",
    "Meeting people from the council and the voluntary sector I would never normally cross paths with.",
    "The speakers were honest about what had not worked, which made it feel safe to share.",
    "A really energising evening - I came away with two new contacts to follow up.",
    "Practical examples rather than theory.",
    "Good",
]
IMPROVE = [
    "Slightly longer breakouts - we were just getting going when the room closed.",
    "Share the slides and a contact list afterwards so conversations can carry on.",
    "More voices from frontline staff, not only senior leaders.",
    "Start on time; the first ten minutes were lost to sound problems.",
]
MICRO = [
    "Invite our local voluntary sector partners to our next team planning day.",
    "Book a coffee with the public health lead I met in my breakout room.",
    "Share the collaboration principles with my team at Monday's huddle.",
    "Ask one partner what they need from us before our next joint meeting, instead of presenting our plan.",
    "Stop waiting for permission and set up the cross-borough working group.",
    "Map who else is working on discharge delays in our patch and get them in one room.",
    "Open our next programme board with a story from a patient.",
    "Step back in the meetings I chair and let others shape the agenda.",
    "Follow up with the two primary care colleagues about our shared waiting-list problem.",
    "Write the 'why' of our project in one sentence and test it with partners.",
    "Pass on what I learnt about positive conflict to my deputy.",
    "Put a standing item on our agenda for what partners are telling us.",
    "Spend an hour each month with a team outside my own organisation.",
]


def people() -> list[dict[str, str]]:
    genders = ATTENDEE_GENDER + ABSENT_GENDER
    ethnic = ATTENDEE_ETHNIC + ABSENT_ETHNIC
    sectors = ATTENDEE_SECTOR + ABSENT_SECTOR
    boroughs = BOROUGHS[:]
    rng.shuffle(boroughs)
    names = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(names)
    used: set[str] = set()
    result = []
    for i in range(62):
        first, last = names[i]
        email = f"{first}.{last}@{DOMAINS[i % len(DOMAINS)]}".lower()
        assert email not in used
        used.add(email)
        result.append({
            "first": first, "last": last, "email": email, "attended": i < 50,
            "gender": genders[i], "ethnic": rng.choice(ETHNIC[ethnic[i]]), "sector": sectors[i],
            "borough": boroughs[i],
        })
    return result


def main() -> None:
    crowd = people()
    order = list(range(62))
    rng.shuffle(order)  # registrations arrive in no particular order
    respondents = list(range(21))  # the first 21 attendees answered the feedback survey
    start = dt.datetime(2022, 5, 16, 9, 0)

    # Pre-event confidence: respondents 0-19 scored (PRE); respondent 20 and a few others left it blank.
    pre = {i: str(PRE[i]) for i in range(20)}
    pre[20] = ""
    for i in range(21, 62):
        pre[i] = "" if i % 9 == 0 else str(rng.randint(3, 8))

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([
        "ID", "Start time", "Completion time", "Email", "Name", "What is your gender?",
        "What is your ethnic group?", "What part of the south east London system are you joining us from?",
        "Which borough do you mainly work in?",
        "Before the event: how confident do you feel driving purposeful collaboration across our system? (1 = not at all, 10 = very)",
    ])
    rows = []
    for n, i in enumerate(order):
        person = crowd[i]
        when = start + dt.timedelta(hours=7 * n + rng.randint(0, 5), minutes=rng.randint(0, 59))
        rows.append([person, when, pre[i]])
    # One person registered twice: the first submission named the wrong borough.
    twice = rows[10][0]
    wrong = next(b for b in ("Bexley", "Lewisham") if b != twice["borough"])
    rows.insert(4, [dict(twice, borough=wrong), rows[10][1] - dt.timedelta(days=2), rows[10][2]])
    for number, (person, when, score) in enumerate(rows, start=1):
        sheet.append([
            number, when, when + dt.timedelta(minutes=3, seconds=rng.randint(5, 50)),
            person["email"] if number % 7 else " " + person["email"].title() + " ",
            f"{person['first']} {person['last']}", person["gender"], person["ethnic"] or None,
            person["sector"], person["borough"], int(score) if score else None,
        ])
    book.properties.creator = "Microsoft Forms"
    book.properties.created = book.properties.modified = dt.datetime(2022, 6, 8, 9, 0)
    book.save(OUT / "registrations.xlsx")

    with open(OUT / "attendance.csv", "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Attended", "First Name", "Last Name", "Email", "Join Time", "Leave Time",
                         "Time in Session (minutes)"])
        for i in sorted(range(62), key=lambda k: crowd[k]["last"] + crowd[k]["first"]):
            person = crowd[i]
            if person["attended"]:
                join = dt.datetime(2022, 6, 7, 17, 25 + rng.randint(0, 12))
                minutes = rng.randint(70, 95)
                leave = join + dt.timedelta(minutes=minutes)
                writer.writerow(["Yes", person["first"], person["last"], person["email"],
                                 join.strftime("%d/%m/%Y %H:%M"), leave.strftime("%d/%m/%Y %H:%M"), minutes])
            else:
                writer.writerow(["No", person["first"], person["last"], person["email"], "", "", ""])

    # One commitment names another participant: the pack must print it with the name redacted.
    named = crowd[30]
    micro_actions = [
        f"Follow up with {named['first']} {named['last']} and the other primary care colleagues about our shared waiting-list problem."
        if text.startswith("Follow up with the two primary care") else text
        for text in MICRO
    ]
    recommend = ["Yes"] * 19 + ["Not sure"] * 2
    reflect = ["Strongly agree"] * 9 + ["Agree"] * 10 + ["Neither agree nor disagree"] * 2
    micro = micro_actions + ["", "", "", "", "", "", "N/A", "-"]
    went_well = WENT_WELL + [""] * 14
    improve = IMPROVE + [""] * 17
    for column in (recommend, reflect, micro, went_well, improve):
        rng.shuffle(column)
    with open(OUT / "feedback.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([
            "Timestamp", "Email address",
            "After the event: how confident do you feel driving purposeful collaboration across our system? (1 = not at all, 10 = very)",
            "Would you recommend an event like this to a colleague?",
            "This session gave me time to reflect on my leadership practice",
            "What went well that we can build on?", "What can we improve on for next time?",
            "One practical step I will take to apply my learning from today in my context is...",
            "May we quote your answers, without your name, in the published pack?",
        ])
        for k, i in enumerate(respondents):
            person = crowd[i]
            stamp = dt.datetime(2022, 6, 7, 19, 5) + dt.timedelta(minutes=7 * k)
            email = person["email"] if k != 3 else "  " + person["email"].upper()
            writer.writerow([
                stamp.strftime("%Y/%m/%d %I:%M:%S %p GMT+1"), email, POST[i] if i < 20 else 8,
                recommend[k], reflect[k], went_well[k], improve[k], micro[k],
                "No" if k in (2, 4) else "Yes",  # two people asked not to be quoted
            ])


if __name__ == "__main__":
    main()
