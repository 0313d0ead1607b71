"""Seeded synthetic events of any size, for ``make bench``'s scaling table and the tests.

``write_event(folder, people, seed)`` writes an event folder shaped like the sample event
2022-06-07: a registration form export in Microsoft Forms' layout (ID, Start time, Completion
time, Email, Name, then the questions), an attendance list (Attended, First Name, Last Name,
Email, Join Time, Leave Time, Time in Session), a Google Forms feedback survey (Timestamp,
Email address, the questions) and an ``event.yaml`` reading them. Everyone has a distinct,
realistic name and e-mail address; about four in five registrants attend and two in five
attendees answer the survey; some free-text answers name another participant (so name
redaction is exercised), and a few people register twice (the later row counts).

The same ``people`` and ``seed`` always give the same bytes. Nothing here is used by a build.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import yaml

FIRST = [
    "Abigail", "Adebayo", "Aisha", "Alan", "Alice", "Amara", "Amir", "Amy", "Ana", "Andrew",
    "Angela", "Anil", "Anna", "Anthony", "Arjun", "Asha", "Ayesha", "Barbara", "Ben",
    "Bernadette", "Bilal", "Bola", "Brian", "Bronwen", "Caroline", "Catherine", "Chen", "Chidi",
    "Chloe", "Chris", "Ciaran", "Claire", "Daniel", "David", "Deborah", "Deepa", "Dev", "Diana",
    "Dylan", "Eleanor", "Elif", "Elizabeth", "Emeka", "Emily", "Emma", "Eilidh", "Farah",
    "Fatima", "Femi", "Fiona", "Folake", "Gareth", "Gemma", "George", "Grace", "Hamza",
    "Hannah", "Harpreet", "Helen", "Imran", "Ines", "Isaac", "Isla", "Jack", "James", "Jane",
    "Jasmine", "Jennifer", "Joanna", "John", "Jonathan", "Joseph", "Julia", "Kamal", "Karen",
    "Kate", "Kavita", "Kemi", "Kerry", "Kwame", "Laura", "Leah", "Liam", "Lily", "Lucy",
    "Mandeep", "Margaret", "Maria", "Mark", "Mary", "Matthew", "Megan", "Michael", "Mohammed",
    "Nadia", "Naomi", "Nasra", "Neil", "Nia", "Nicola", "Niamh", "Nkechi", "Oliver", "Olu",
    "Omar", "Owen", "Paul", "Peter", "Priya", "Rachel", "Rahul", "Rebecca", "Richard", "Rosa",
    "Ruth", "Sadia", "Samuel", "Sandra", "Sarah", "Seun", "Shabnam", "Sian", "Simon", "Sofia",
    "Sophie", "Stephen", "Sunita", "Susan", "Tariq", "Thomas", "Tom", "Tunde", "Victoria",
    "Wei", "William", "Yasmin", "Yusuf", "Zainab", "Zoe",
]
LAST = [
    "Abbott", "Adams", "Adeyemi", "Ahmed", "Akhtar", "Ali", "Allen", "Anderson", "Appiah",
    "Armstrong", "Asante", "Bailey", "Baker", "Banerjee", "Barker", "Begum", "Bell", "Bennett",
    "Boateng", "Bowen", "Brown", "Campbell", "Carter", "Chan", "Chaudhry", "Chen", "Clarke",
    "Cole", "Collins", "Cooper", "Costa", "Cox", "Davies", "Davis", "Dias", "Edwards", "Ellis",
    "Evans", "Fernandes", "Fisher", "Fletcher", "Fraser", "Gill", "Gordon", "Graham", "Green",
    "Griffiths", "Hall", "Hamilton", "Harris", "Hassan", "Hughes", "Hussain", "Ibrahim",
    "Iqbal", "Jackson", "James", "Jenkins", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "King",
    "Kumar", "Lee", "Lewis", "Lloyd", "Mahmood", "Malik", "Martin", "Mason", "Mensah", "Miah",
    "Mitchell", "Mohamed", "Moore", "Morgan", "Morris", "Murphy", "Murray", "Nguyen", "Nwosu",
    "Obi", "Okafor", "Okonkwo", "Oliveira", "Osei", "Owen", "Owusu", "Palmer", "Parker",
    "Patel", "Pearson", "Phillips", "Price", "Rahman", "Reid", "Richards", "Roberts",
    "Robinson", "Rose", "Russell", "Santos", "Scott", "Shah", "Sharma", "Shaw", "Simpson",
    "Singh", "Smith", "Stewart", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Walsh",
    "Ward", "Watson", "White", "Williams", "Wilson", "Wong", "Wood", "Wright", "Yeboah", "Young",
]
INITIALS = "ABCDEFGHJKLMNPRSTW"
ORGANISATIONS = (
    "selhealth", "bexleycouncil", "lambethpcn", "greenwich-care", "southwark-gp", "kingsnhs",
    "lewisham-vcs", "bromleyhealthcare", "oxleas", "slam", "guysandstthomas", "selondonics",
)
GENDERS = (("Female", 60), ("Male", 33), ("Non-binary", 2), ("Prefer to self-describe", 1), ("Prefer not to say", 4))
ETHNICITIES = (
    ("White - English, Welsh, Scottish, Northern Irish or British", 40), ("White - Irish", 3),
    ("White - Any other White background", 8), ("Black, Black British, Caribbean or African - African", 12),
    ("Black, Black British, Caribbean or African - Caribbean", 7), ("Asian or Asian British - Indian", 7),
    ("Asian or Asian British - Pakistani", 3), ("Asian or Asian British - Bangladeshi", 3),
    ("Asian or Asian British - Chinese", 2), ("Mixed or multiple ethnic groups - White and Black Caribbean", 3),
    ("Mixed or multiple ethnic groups - White and Asian", 2), ("Other ethnic group - Any other ethnic group", 3),
    ("Prefer not to say", 7),
)
SECTORS = (
    "Executive or senior manager", "Primary care", "Local authority or social care", "Voluntary and community sector",
    "Community health services", "Integrated care board or commissioning", "Acute or secondary care", "Mental health",
    "Public health", "Pharmacy",
)
BOROUGHS = ("Bexley", "Bromley", "Greenwich", "Lambeth", "Lewisham", "Southwark")
AGREE = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree")
WENT_WELL = (
    "Meeting colleagues from across the system I would never normally cross paths with.",
    "Time to talk in the breakout groups and reflect on our own practice.",
    "Honest, practical examples from the speakers.",
    "The conversation with {name} about discharge planning was really useful.",
    "Hearing frontline voices alongside senior leaders.",
    "Good mix of people; {name} and I have agreed to meet again.",
)
IMPROVE = (
    "Share the slides and a contact list afterwards so conversations can carry on.",
    "More time for the breakout discussions, please.",
    "Start a little later so people coming from clinics can make it.",
    "Invite more people from the voluntary sector.",
    "",
)
ACTIONS = (
    "Invite our local voluntary sector partners to our next team planning day.",
    "Set up a monthly call with {name} to follow up on our joint project.",
    "Spend an hour a week shadowing a colleague in another part of the system.",
    "Ask my team what gets in the way of working with social care, and act on one thing.",
    "Share what I learned today at our practice meeting.",
)
CONFIDENCE_PRE = "Before the event: how confident do you feel driving purposeful collaboration across our system? (1 = not at all, 10 = very)"
CONFIDENCE_POST = "After the event: how confident do you feel driving purposeful collaboration across our system? (1 = not at all, 10 = very)"
DAY = dt.date(2022, 6, 7)
SURVEY_HEADER = (
    "Timestamp", "Email address", CONFIDENCE_POST, "Would you recommend an event like this to a colleague?",
    "This session gave me time to reflect on my leadership practice", "What went well that we can build on?",
    "What can we improve on for next time?", "One practical step I will take to apply my learning from today in my context is...",
    "May we quote your answers, without your name, in the published pack?",
)


def _names(people: int, rng: random.Random) -> list[tuple[str, str]]:
    """``people`` distinct (first, last) names; a middle initial tells apart people who share
    a first and last name once the plain pairs run out."""
    plain = len(FIRST) * len(LAST)
    space = plain * (1 + len(INITIALS))
    if people > space:
        raise ValueError(f"at most {space} distinct names, not {people}")
    chosen = rng.sample(range(space), people) if people * 4 > plain else rng.sample(range(plain), people)
    names = []
    for index in chosen:
        initial, pair = divmod(index, plain)
        first, last = FIRST[pair // len(LAST)], LAST[pair % len(LAST)]
        names.append((first if initial == 0 else f"{first} {INITIALS[initial - 1]}.", last))
    return names


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def answers(values: tuple[str, ...]) -> dict[str, str]:
    return {v: v for v in values}


def event_yaml(people: int) -> dict:
    """The event.yaml of a synthetic event (the sample event's questions and breakdowns)."""
    groups = {
        "White": "White", "Black, Black British, Caribbean or African": "Black", "Asian or Asian British": "Asian",
        "Mixed or multiple ethnic groups": "Mixed", "Other ethnic group": "Other", "Prefer not to say": "Prefer not to say",
    }
    ethnic_groups = {label: groups[label.split(" - ")[0]] for label, _ in ETHNICITIES}
    return {
        "title": f"Synthetic event of {people} people",
        "subtitle": "Measuring our impact",
        "date": DAY,
        "series": "Synthetic benchmark events",
        "brand": "sel-leadership",
        "narrative": {"feedback": "Thank you for every comment."},
        "sources": [
            {
                "file": "registrations.csv", "kind": "generic", "role": "registration",
                "key": {"column": "Email", "type": "email"},
                "fields": {
                    "name": {"column": "Name"},
                    "gender": {"column": "What is your gender?", "answers": {
                        "Female": "Female", "Male": "Male", "Non-binary": "Non-binary",
                        "Prefer to self-describe": "Self-described", "Prefer not to say": "Prefer not to say"}},
                    "ethnicity": {"column": "What is your ethnic group?", "answers": ethnic_groups},
                    "sector": {"column": "What part of the south east London system are you joining us from?", "answers": answers(SECTORS)},
                    "borough": {"column": "Which borough do you mainly work in?", "answers": answers(BOROUGHS)},
                },
                "questions": [{
                    "id": "confidence", "column": CONFIDENCE_PRE, "type": "scale", "scale": [1, 10], "phase": "pre",
                    "text": "I feel confident driving purposeful collaboration across our system",
                }],
            },
            {
                "file": "attendance.csv", "kind": "generic", "role": "attendance",
                "key": {"column": "Email", "type": "email"},
                "fields": {"attended": {"column": "Attended", "answers": {"Yes": "yes", "No": "no"}}},
            },
            {
                "file": "feedback.csv", "kind": "generic", "role": "survey",
                "key": {"column": "Email address", "type": "email"},
                "questions": [
                    {"id": "confidence", "column": CONFIDENCE_POST, "type": "scale", "scale": [1, 10], "phase": "post",
                     "text": "I feel confident driving purposeful collaboration across our system"},
                    {"id": "recommend", "column": "Would you recommend an event like this to a colleague?", "type": "choice",
                     "text": "I would recommend an event like this to a colleague", "answers": answers(("Yes", "No", "Not sure"))},
                    {"id": "reflection_time", "column": "This session gave me time to reflect on my leadership practice",
                     "text": "The session gave me time to reflect on my leadership practice", "type": "choice", "answers": answers(AGREE)},
                    {"id": "went_well", "column": "What went well that we can build on?", "text": "What went well that we can build on?", "type": "text"},
                    {"id": "improve", "column": "What can we improve on for next time?", "text": "What can we improve on for next time?", "type": "text"},
                    {"id": "micro_action", "column": "One practical step I will take to apply my learning from today in my context is...",
                     "text": "One practical step I will take to apply my learning from today in my context is...", "type": "text"},
                    {"id": "quote_consent", "column": "May we quote your answers, without your name, in the published pack?",
                     "text": "May we quote your answers, without your name, in the published pack?", "type": "choice",
                     "answers": answers(("Yes", "No"))},
                ],
            },
        ],
        "breakdowns": [
            {"field": "gender", "title": "Gender", "chart": False},
            {"field": "ethnicity", "title": "Ethnicity", "reference": {
                "table": "ethnicity-census2021", "areas": list(BOROUGHS), "label": "south east London population"}},
            {"field": "sector", "title": "What part of the south east London system are you joining us from?", "label": "Sector / profession"},
            {"field": "borough", "title": "Which borough do you mainly work in?", "label": "Borough", "basis": "registered",
             "reference": {"table": "borough-population-census2021", "areas": ["South east London"], "label": "south east London population"}},
        ],
        "impact": {
            "confidence": "confidence",
            "recommend": {"question": "recommend", "positive": ["Yes"]},
            "agreements": [{"question": "reflection_time", "positive": ["Strongly agree", "Agree"]}],
            "micro_actions": "micro_action", "went_well": "went_well", "improve": "improve",
            "quote_consent": {"question": "quote_consent", "positive": ["Yes"]},
            "max_quotes": 6,
        },
    }


def write_event(folder: Path, people: int, seed: int = 1) -> Path:
    """Write a synthetic event of ``people`` registrants into ``folder`` (created); return it."""
    rng = random.Random(f"{seed}-{people}")
    folder.mkdir(parents=True, exist_ok=True)
    names = _names(people, rng)
    emails, taken = [], set()
    for number, (first, last) in enumerate(names):
        handle = f"{first.split()[0]}.{last}".lower()
        if handle in taken:  # a namesake (another middle initial): as organisations do, add a number
            handle = f"{handle}{number}"
        taken.add(handle)
        emails.append(f"{handle}@{rng.choice(ORGANISATIONS)}.example")
    opened = dt.datetime(2022, 5, 16, 9, 0)
    registrations = [[
        "ID", "Start time", "Completion time", "Email", "Name", "What is your gender?", "What is your ethnic group?",
        "What part of the south east London system are you joining us from?", "Which borough do you mainly work in?",
        CONFIDENCE_PRE,
    ]]
    pre: list[int] = []
    rows = []
    for person, ((first, last), email) in enumerate(zip(names, emails, strict=True)):
        start = opened + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        pre.append(rng.choices(range(1, 11), [1, 2, 4, 7, 10, 12, 9, 6, 3, 1])[0])
        row = [
            start, email, f"{first} {last}", _weighted(rng, GENDERS), _weighted(rng, ETHNICITIES),
            rng.choice(SECTORS), rng.choice(BOROUGHS), pre[-1],
        ]
        rows.append(row)
        if rng.random() < 0.005:  # registered twice: the later row replaces the first
            rows.append([start + dt.timedelta(hours=2), *row[1:]])
    rows.sort(key=lambda r: r[0])
    for number, row in enumerate(rows, start=1):
        start = row[0]
        registrations.append([
            number, f"{start:%d/%m/%Y %H:%M:%S}", f"{start + dt.timedelta(seconds=rng.randrange(90, 400)):%d/%m/%Y %H:%M:%S}",
            *row[1:],
        ])
    attended = [rng.random() < 0.8 for _ in names]
    attendance = [["Attended", "First Name", "Last Name", "Email", "Join Time", "Leave Time", "Time in Session (minutes)"]]
    for (first, last), email, came in zip(names, emails, attended, strict=True):
        if came:
            join = dt.datetime.combine(DAY, dt.time(17, 25)) + dt.timedelta(minutes=rng.randrange(0, 20))
            leave = join + dt.timedelta(minutes=rng.randrange(40, 100))
            minutes = int((leave - join).total_seconds() // 60)
            attendance.append(["Yes", first, last, email, f"{join:%d/%m/%Y %H:%M}", f"{leave:%d/%m/%Y %H:%M}", minutes])
        else:
            attendance.append(["No", first, last, email, "", "", ""])
    survey = [list(SURVEY_HEADER)]
    finished = dt.datetime.combine(DAY, dt.time(19, 0))
    for person, (email, came) in enumerate(zip(emails, attended, strict=True)):
        if not came or rng.random() >= 0.4:
            continue
        other = " ".join(names[rng.randrange(people)]) if people > 1 else "a colleague"
        answered = finished + dt.timedelta(seconds=rng.randrange(0, 3 * 86400))
        after = min(10, max(1, pre[person] + rng.choices([-1, 0, 1, 2, 3], [1, 4, 6, 4, 2])[0]))
        survey.append([
            f"{answered:%Y/%m/%d %I:%M:%S %p} GMT+1", email, after, _weighted(rng, (("Yes", 85), ("Not sure", 10), ("No", 5))),
            _weighted(rng, tuple(zip(AGREE, (35, 45, 12, 6, 2), strict=True))),
            rng.choice(WENT_WELL).format(name=other) if rng.random() < 0.6 else "",
            rng.choice(IMPROVE), rng.choice(ACTIONS).format(name=other) if rng.random() < 0.7 else "",
            "Yes" if rng.random() < 0.75 else "No",
        ])
    survey[1:] = sorted(survey[1:], key=lambda r: r[0])
    for name, table, encoding in (
        ("registrations.csv", registrations, "utf-8-sig"),  # Excel's CSV UTF-8 starts with a BOM
        ("attendance.csv", attendance, "utf-8-sig"),
        ("feedback.csv", survey, "utf-8"),
    ):
        with (folder / name).open("w", encoding=encoding, newline="") as stream:
            csv.writer(stream).writerows(table)
    (folder / "event.yaml").write_text(
        f"# A synthetic event: {people} invented people (reportgen.synthetic, seed {seed}).\n"
        + yaml.safe_dump(event_yaml(people), sort_keys=False, allow_unicode=True, width=200),
        encoding="utf-8",
    )
    return folder


# --- a synthetic series ------------------------------------------------------------------------

SERIES_START = dt.date(2021, 1, 12)  # the first event of a synthetic series; then one a fortnight


def _pool(size: int, rng: random.Random) -> list[dict[str, str]]:
    """``size`` invented people, each with one e-mail address and the same answers to the
    registration form's breakdown questions whichever event they register for."""
    people, taken = [], set()
    for number, (first, last) in enumerate(_names(size, rng)):
        handle = f"{first.split()[0]}.{last}".lower()
        if handle in taken:
            handle = f"{handle}{number}"
        taken.add(handle)
        people.append({
            "first": first, "last": last, "email": f"{handle}@{rng.choice(ORGANISATIONS)}.example",
            "gender": _weighted(rng, GENDERS), "ethnicity": _weighted(rng, ETHNICITIES),
            "sector": rng.choice(SECTORS), "borough": rng.choice(BOROUGHS),
        })
    return people


def _series_event(folder: Path, roster: list[dict[str, str]], day: dt.date, number: int, rng: random.Random) -> None:
    """One event of a synthetic series: the three exports of ``write_event``'s layouts for the
    people of ``roster`` (its registrants), and its event.yaml dated ``day``."""
    folder.mkdir(parents=True, exist_ok=True)
    opened = dt.datetime.combine(day - dt.timedelta(days=21), dt.time(9, 0))
    registrations = [[
        "ID", "Start time", "Completion time", "Email", "Name", "What is your gender?", "What is your ethnic group?",
        "What part of the south east London system are you joining us from?", "Which borough do you mainly work in?",
        CONFIDENCE_PRE,
    ]]
    starts = sorted(opened + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 20)) for _ in roster)
    pre = [rng.choices(range(1, 11), [1, 2, 4, 7, 10, 12, 9, 6, 3, 1])[0] for _ in roster]
    for row, (person, start, score) in enumerate(zip(roster, starts, pre, strict=True), start=1):
        registrations.append([
            row, f"{start:%d/%m/%Y %H:%M:%S}", f"{start + dt.timedelta(seconds=rng.randrange(90, 400)):%d/%m/%Y %H:%M:%S}",
            person["email"], f"{person['first']} {person['last']}", person["gender"], person["ethnicity"],
            person["sector"], person["borough"], score,
        ])
    attended = [rng.random() < 0.8 for _ in roster]
    attendance = [["Attended", "First Name", "Last Name", "Email", "Join Time", "Leave Time", "Time in Session (minutes)"]]
    for person, came in zip(roster, attended, strict=True):
        if came:
            join = dt.datetime.combine(day, dt.time(17, 25)) + dt.timedelta(minutes=rng.randrange(0, 20))
            leave = join + dt.timedelta(minutes=rng.randrange(40, 100))
            attendance.append(["Yes", person["first"], person["last"], person["email"], f"{join:%d/%m/%Y %H:%M}",
                               f"{leave:%d/%m/%Y %H:%M}", int((leave - join).total_seconds() // 60)])
        else:
            attendance.append(["No", person["first"], person["last"], person["email"], "", "", ""])
    survey = [list(SURVEY_HEADER)]
    finished = dt.datetime.combine(day, dt.time(19, 0))
    for person, came, score in zip(roster, attended, pre, strict=True):
        if not came or rng.random() >= 0.4:
            continue
        other = rng.choice(roster)
        after = min(10, max(1, score + rng.choices([-1, 0, 1, 2, 3], [1, 4, 6, 4, 2])[0]))
        survey.append([
            f"{finished + dt.timedelta(seconds=rng.randrange(0, 3 * 86400)):%Y/%m/%d %I:%M:%S %p} GMT", person["email"], after,
            _weighted(rng, (("Yes", 85), ("Not sure", 10), ("No", 5))),
            _weighted(rng, tuple(zip(AGREE, (35, 45, 12, 6, 2), strict=True))),
            rng.choice(WENT_WELL).format(name=f"{other['first']} {other['last']}") if rng.random() < 0.6 else "",
            rng.choice(IMPROVE), rng.choice(ACTIONS).format(name=f"{other['first']} {other['last']}") if rng.random() < 0.7 else "",
            "Yes" if rng.random() < 0.75 else "No",
        ])
    survey[1:] = sorted(survey[1:], key=lambda r: r[0])
    for name, table, encoding in (("registrations.csv", registrations, "utf-8-sig"), ("attendance.csv", attendance, "utf-8-sig"),
                                  ("feedback.csv", survey, "utf-8")):
        with (folder / name).open("w", encoding=encoding, newline="") as stream:
            csv.writer(stream).writerows(table)
    config = event_yaml(len(roster))
    config.update(title=f"Synthetic series event {number + 1}", date=day, series="Synthetic benchmark series")
    (folder / "event.yaml").write_text(
        f"# Event {number + 1} of a synthetic series: {len(roster)} invented people (reportgen.synthetic).\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=200),
        encoding="utf-8",
    )


def write_series(root: Path, name: str, events: int = 50, people: int = 200, seed: int = 1) -> list[str]:
    """Write a synthetic series under project ``root``: ``events`` event folders
    (data/events/<name>-NN, a fortnight apart) of ``people`` registrants each, and
    data/series/<name>.yaml naming them, with a reference population and a two-item framework.
    After the first event, three in five registrants have registered before (drawn from everyone
    so far, one in five of them a regular, ten times likelier to come back) and two in five are
    new, so some people come once, some twice and many three times or more. Returns the event
    folders' names. The same arguments always give the same bytes."""
    rng = random.Random(f"series-{seed}-{events}-{people}")
    returning = people * 3 // 5
    pool = _pool(people + (people - returning) * max(0, events - 1), rng)
    seen: list[int] = []
    names = []
    for number in range(events):
        chosen: dict[int, None] = {}
        if seen:
            weights = [10 if i % 5 == 0 else 1 for i in seen]
            while len(chosen) < min(returning, len(seen)):  # weighted, without replacement
                chosen.setdefault(rng.choices(seen, weights)[0], None)
        while len(chosen) < people:
            chosen[len(seen)] = None
            seen.append(len(seen))
        event = f"{name}-{number + 1:02d}"
        _series_event(root / "data" / "events" / event, [pool[i] for i in chosen], SERIES_START + dt.timedelta(days=14 * number),
                      number, rng)
        names.append(event)
    series = {
        "title": f"Synthetic series of {events} events",
        "brand": "sel-leadership",
        "events": names,
        "reference": {"field": "ethnicity", "table": "ethnicity-census2021", "areas": list(BOROUGHS),
                      "label": "south east London population"},
        "framework": [
            {"id": "confidence_to_lead", "kind": "objective", "name": "Increase confidence in driving collaboration",
             "measures": ["confidence"]},
            {"id": "reflection", "kind": "behaviour", "name": "Time to reflect on practice", "measures": ["reflection_time"]},
        ],
    }
    folder = root / "data" / "series"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(
        f"# A synthetic series (reportgen.synthetic.write_series, seed {seed}).\n"
        + yaml.safe_dump(series, sort_keys=False, allow_unicode=True, width=200),
        encoding="utf-8",
    )
    return names
