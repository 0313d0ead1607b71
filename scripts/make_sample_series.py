"""Write the sample series: data/series/sel-community-2023-24.yaml and its four events.

"System leadership community 2023/24" meets four times (10 May 2023, 12 July 2023,
11 October 2023, 17 January 2024). Each event folder gets a registration form (with the
"before" scores of two items: confidence and stories), an attendance list and a feedback
survey (the "after" scores, recommend, an agreement statement, what went well, what to
improve, a micro-action and quote consent). People come back from event to event, so the
series pack has returning people to count; the July feedback survey is anonymous (its answers
join no one); the October event has a follow-up survey sent six weeks later
(followup.csv, role ``follow_up``: "did you take the step you committed to?").

People, e-mail addresses (on the reserved .example domain) and quotes are invented. Seeded:
the same files every run. Run once by a developer (``python scripts/make_sample_series.py``);
the files it writes are committed, so builds never depend on this script.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERIES = "sel-community-2023-24"
DATES = ["2023-05-10", "2023-07-12", "2023-10-11", "2024-01-17"]
ANONYMOUS_FEEDBACK = {"2023-07-12"}
FOLLOW_UP = {"2023-10-11"}
rng = random.Random(20230510)

FIRST = ["Amara", "Bilal", "Carys", "Dele", "Eilidh", "Femi", "Gita", "Hamza", "Ifeoma", "Jonah", "Keisha",
         "Liam", "Mei", "Nkechi", "Owen", "Parveen", "Quentin", "Rukhsana", "Samuel", "Tamsin", "Usman",
         "Verity", "Wale", "Xiu", "Yvonne", "Zainab", "Alfie", "Bronwen", "Chidi", "Delia", "Ezra", "Fleur",
         "Gbenga", "Hollie", "Idris", "Juno", "Kwame", "Lowri", "Marek", "Niamh"]
LAST = ["Achterberg", "Bamidele", "Castell", "Duarte", "Ekwueme", "Fairbairn", "Gallagher", "Haddad",
        "Iqbal", "Jennings", "Kowalczyk", "Lindqvist", "Mahmood", "Nakamura", "Ogunleye", "Pemberton"]
DOMAINS = ["selhealth.example", "lewisham-care.example", "bromleyvcs.example", "guysnhs.example",
           "greenwichpcn.example", "southwarkcouncil.example"]
GENDERS = ["Female"] * 7 + ["Male"] * 3
ETHNICITIES = ["White"] * 12 + ["Black"] * 4 + ["Asian"] * 2 + ["Mixed"] + ["Other"] + ["Prefer not to say"]
SECTORS = ["Primary care", "Local authority or social care", "Voluntary and community sector",
           "Acute or secondary care", "Mental health", "Integrated care board or commissioning",
           "Community health services"]
BOROUGHS = ["Bexley", "Bromley", "Greenwich", "Lambeth", "Lewisham", "Southwark"]

TITLES = {
    "2023-05-10": "Starting with stories",
    "2023-07-12": "Getting to the root of the problem",
    "2023-10-11": "Meeting people where they are",
    "2024-01-17": "Joined-up data, joined-up care",
}
SINCE = {
    "2023-07-12": ["Made the breakout rooms **longer**: 25 minutes rather than 15.",
                   "Sent the slides and a contact list within a week of the event."],
    "2023-10-11": ["Started on time, with the sound checked half an hour before.",
                   "Invited **frontline colleagues** to speak as well as senior leaders."],
    "2024-01-17": ["Moved the event to a lunchtime slot after feedback about evening caring duties.",
                   "Shared a short reading list before the event."],
}
WENT_WELL = [
    "Hearing how a primary care network and the council built trust before asking for anything.",
    "Plenty of time in the breakouts to talk with people from other parts of the system.",
    "The speakers were candid about what had not worked, which made it safe to share.",
    "Meeting colleagues from the voluntary sector I would never normally cross paths with.",
    "Practical tools I can use with my team on Monday.",
    "The stories from residents brought the data to life.",
]
IMPROVE_BY_EVENT = {
    "2023-05-10": ["The breakouts were too short to get going properly.",
                   "Please share the slides and a contact list afterwards.",
                   "Longer breakout time would help us go deeper.",
                   "The sound dropped out in the first ten minutes; start on time."],
    "2023-07-12": ["More frontline voices, not only senior leaders.",
                   "The evening slot clashes with caring duties; try a lunchtime.",
                   "The start was late again because of the sound.",
                   "A short reading list before the event would help."],
    "2023-10-11": ["An evening slot is hard for people with caring duties.",
                   "Send some reading before the event so we arrive ready.",
                   "More frontline voices in the room please."],
    "2024-01-17": ["A follow-up session to share how our actions went.",
                   "More frontline voices, especially from social care.",
                   "A little more time in breakouts."],
}
THEMES = [
    ("Time to talk in breakouts", ["breakout", "breakouts"]),
    ("Slides and contacts afterwards", ["slides", "contact list", "afterwards", "reading"]),
    ("Starting on time", ["start", "sound", "late"]),
    ("Whose voices we hear", ["frontline", "voices"]),
    ("The time of day", ["evening", "lunchtime", "caring"]),
    ("Following up", ["follow-up", "follow up"]),
]
MICRO = [
    "Open my next team meeting with a resident's story rather than the dashboard.",
    "Ask a partner in the council what their biggest pressure is before I ask for help.",
    "Invite the voluntary sector lead to our monthly planning meeting.",
    "Spend an hour shadowing a colleague in social care.",
    "Share our waiting-list data with the primary care network.",
    "Ask 'what matters to you?' at the start of my next difficult conversation.",
]
CHANGED = [
    "The team meeting started with a story and the conversation was far more honest.",
    "The council lead and I now meet monthly; we have a shared action on discharge.",
    "I had not managed it yet, but it is booked for next month.",
    "Sharing the data early changed the tone: we are solving it together now.",
]


def person(i: int) -> dict[str, str]:
    first, last = FIRST[i % len(FIRST)], LAST[i // len(FIRST) % len(LAST)]
    return {
        "name": f"{first} {last}",
        "email": f"{first}.{last}{'' if i < len(FIRST) * len(LAST) else i}@{DOMAINS[i % len(DOMAINS)]}".lower(),
        "gender": GENDERS[(i * 7) % len(GENDERS)],
        "ethnicity": ETHNICITIES[(i * 5) % len(ETHNICITIES)],
        "sector": SECTORS[(i * 3) % len(SECTORS)],
        "borough": BOROUGHS[(i * 11) % len(BOROUGHS)],
        "base": str(3 + i % 4),  # their usual starting confidence
    }


PEOPLE = [person(i) for i in range(110)]


def registrants(index: int) -> list[int]:
    """Who registered for event ``index``: a core who come back, plus newcomers each time."""
    core = list(range(24))  # the community's regulars register for every event
    drifting = [p for p in range(24, 60) if rng.random() < 0.45]
    new = list(range(60 + index * 12, 60 + index * 12 + 12))  # first-timers
    return sorted(set(core + drifting + new))


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


CONF_PRE = "Before the event: how confident do you feel leading across organisational boundaries? (1 = not at all, 10 = very)"
CONF_POST = "After the event: how confident do you feel leading across organisational boundaries? (1 = not at all, 10 = very)"
STORY_PRE = "Before the event: how often do you use stories to bring people with you? (1 = never, 10 = always)"
STORY_POST = "After the event: how often do you expect to use stories to bring people with you? (1 = never, 10 = always)"
RECOMMEND = "Would you recommend this community to a colleague?"
MET = "I met people I would not otherwise have met"
WELL = "What went well that we can build on?"
IMPROVE = "What can we improve on for next time?"
MICRO_Q = "One practical step I will take in the next six weeks is..."
CONSENT = "May we quote your answers, without your name, in the published pack?"
DID_IT = "Did you take the step you committed to at the event?"
WHAT_CHANGED = "What changed as a result?"


def write_event(index: int, date: str) -> None:
    folder = ROOT / "data" / "events" / date
    folder.mkdir(parents=True, exist_ok=True)
    registered = registrants(index)
    attended = [p for p in registered if rng.random() < 0.82]
    respondents = [p for p in attended if rng.random() < 0.7]
    scores: dict[int, tuple[int, int]] = {}
    reg_rows = []
    for p in registered:
        who = PEOPLE[p]
        pre_conf = min(10, int(who["base"]) + rng.choice([0, 0, 1]) + (1 if index >= 2 and p < 24 else 0))
        pre_story = min(10, int(who["base"]) + rng.choice([-1, 0, 1]))
        scores[p] = (pre_conf, pre_story)
        reg_rows.append([f"2023-0{1 + index}-0{1 + p % 9} 09:{p % 60:02d}", who["name"], who["email"], who["gender"],
                         who["ethnicity"], who["sector"], who["borough"], str(pre_conf), str(pre_story)])
    write_csv(folder / "registrations.csv",
              ["Submitted", "Name", "Email", "Gender", "Ethnic group", "Sector", "Borough", CONF_PRE, STORY_PRE], reg_rows)
    write_csv(folder / "attendance.csv", ["Email", "Attended"],
              [[PEOPLE[p]["email"], "Yes" if p in attended else "No"] for p in registered])
    fb_rows = []
    committed = []
    for n, p in enumerate(respondents):
        pre_conf, pre_story = scores[p]
        post_conf = min(10, pre_conf + rng.choice([0, 1, 1, 2, 2, 3, -1]))
        post_story = min(10, pre_story + rng.choice([0, 0, 1, 1, 2]))
        recommend = rng.choice(["Yes"] * 8 + ["Not sure", "No"])
        met = rng.choice(["Strongly agree", "Agree", "Agree", "Agree", "Neither agree nor disagree", "Disagree"])
        well = WENT_WELL[n % len(WENT_WELL)] if n % 2 == 0 else ""
        improve_list = IMPROVE_BY_EVENT[date]
        improve = improve_list[n % len(improve_list)] if n % 3 != 2 else ""
        micro = MICRO[(n + index) % len(MICRO)] if n % 4 != 3 else ""
        if micro:
            committed.append(p)
        consent = "Yes" if n % 5 != 4 else "No"
        email = "" if date in ANONYMOUS_FEEDBACK else PEOPLE[p]["email"]
        stamp = f"{date} {19 + n // 40}:{n % 60:02d}"
        row = [stamp, email, str(post_conf), str(post_story), recommend, met, well, improve, micro, consent]
        fb_rows.append(row if date not in ANONYMOUS_FEEDBACK else [row[0], *row[2:]])
    header = ["Timestamp", "Email address", CONF_POST, STORY_POST, RECOMMEND, MET, WELL, IMPROVE, MICRO_Q, CONSENT]
    if date in ANONYMOUS_FEEDBACK:
        header = [header[0], *header[2:]]
        # an anonymous form asks the before scores again ("looking back") is not done here:
        # the after scores cannot be paired with the registration form's, so the pack compares groups
    write_csv(folder / "feedback.csv", header, fb_rows)
    if date in FOLLOW_UP:
        rows = []
        for n, p in enumerate(committed):
            if n % 4 == 3:
                continue  # did not answer the follow-up
            did = ["Yes", "Partly", "No"][n % 3]
            rows.append([f"2023-11-22 10:{n:02d}", PEOPLE[p]["email"], did, CHANGED[n % len(CHANGED)], "Yes"])
        write_csv(folder / "followup.csv", ["Timestamp", "Email address", DID_IT, WHAT_CHANGED, CONSENT], rows)
    (folder / "event.yaml").write_text(event_yaml(index, date), encoding="utf-8")


def answers(labels: list[str]) -> str:
    return "{" + ", ".join(f"{label}: {label}" for label in labels) + "}"


def event_yaml(index: int, date: str) -> str:
    anonymous = date in ANONYMOUS_FEEDBACK
    key = "none" if anonymous else "{column: Email address, type: email}"
    since = ""
    if date in SINCE:
        items = "\n".join(f"    - \"{item}\"" for item in SINCE[date])
        since = f"since_last_time:\n  intro: \"After the feedback on our last meeting, we have:\"\n  items:\n{items}\n\n"
    themes = "\n".join(
        f"    - name: {name}\n      keywords: [{', '.join(words)}]" for name, words in THEMES
    )
    follow_up_source = follow_up_impact = ""
    if date in FOLLOW_UP:
        follow_up_source = f"""  - file: followup.csv
    kind: generic
    role: follow_up
    key: {{column: Email address, type: email}}
    questions:
      - {{id: did_it, column: "{DID_IT}", text: "{DID_IT}", type: choice, answers: {answers(["Yes", "Partly", "No"])}}}
      - {{id: what_changed, column: "{WHAT_CHANGED}", text: "{WHAT_CHANGED}", type: text}}
      - {{id: follow_up_consent, column: "{CONSENT}", text: "{CONSENT}", type: choice, answers: {{Yes: Yes, No: No}}}}

"""
        follow_up_impact = """  follow_up:
    did_it: {question: did_it, positive: [Yes, Partly]}
    what_changed: what_changed
    consent: {question: follow_up_consent, positive: [Yes]}
"""
    return f"""# Sample series event {index + 1} of 4 ({SERIES}), written by scripts/make_sample_series.py.
# People and quotes are invented.

title: {TITLES[date]}
subtitle: Measuring our impact
date: {date}
series: System leadership community 2023/24
programme: {SERIES}
brand: sel-leadership

{since}contact: |
  Questions about this pack: write to
  [leadership.community@selhealth.example](mailto:leadership.community@selhealth.example).

sources:
  - file: registrations.csv
    kind: generic
    role: registration
    key: {{column: Email, type: email, name: Name}}
    fields:
      name: {{column: Name}}
      gender: {{column: Gender, answers: {answers(["Female", "Male", "Non-binary", "Prefer not to say"])}}}
      ethnicity: {{column: Ethnic group, answers: {answers(["White", "Black", "Asian", "Mixed", "Other", "Prefer not to say"])}}}
      sector: {{column: Sector, answers: {answers(SECTORS)}}}
      borough: {{column: Borough, answers: {answers(BOROUGHS)}}}
    questions:
      - {{id: confidence, column: "{CONF_PRE}", text: I feel confident leading across organisational boundaries, type: scale, scale: [1, 10], phase: pre}}
      - {{id: stories, column: "{STORY_PRE}", text: I use stories to bring people with me, type: scale, scale: [1, 10], phase: pre}}

  - file: attendance.csv
    kind: generic
    role: attendance
    key: {{column: Email, type: email}}
    fields:
      attended: {{column: Attended, answers: {{Yes: yes, No: no}}}}

  - file: feedback.csv
    kind: generic
    role: survey
    key: {key}
    questions:
      - {{id: confidence, column: "{CONF_POST}", text: I feel confident leading across organisational boundaries, type: scale, scale: [1, 10], phase: post}}
      - {{id: stories, column: "{STORY_POST}", text: I use stories to bring people with me, type: scale, scale: [1, 10], phase: post}}
      - {{id: recommend, column: "{RECOMMEND}", text: I would recommend this community to a colleague, type: choice, answers: {answers(["Yes", "No", "Not sure"])}}}
      - {{id: met_new_people, column: "{MET}", text: "{MET}", type: choice, answers: {answers(["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"])}}}
      - {{id: went_well, column: "{WELL}", text: "{WELL}", type: text}}
      - {{id: improve, column: "{IMPROVE}", text: "{IMPROVE}", type: text}}
      - {{id: micro_action, column: "{MICRO_Q}", text: "{MICRO_Q}", type: text}}
      - {{id: quote_consent, column: "{CONSENT}", text: "{CONSENT}", type: choice, answers: {{Yes: Yes, No: No}}}}

{follow_up_source}breakdowns:
  - {{field: gender, title: Gender, chart: false}}
  - field: ethnicity
    title: Ethnicity
    reference:
      table: ethnicity-census2021
      areas: [Bexley, Bromley, Greenwich, Lambeth, Lewisham, Southwark]
      label: south east London population
  - {{field: sector, title: "Which part of the system do you work in?", label: Sector}}
  - {{field: borough, title: "Which borough do you mainly work in?", label: Borough}}

impact:
  confidence: confidence
  outcomes: [stories]
  recommend: {{question: recommend, positive: [Yes]}}
  agreements:
    - {{question: met_new_people, positive: [Strongly agree, Agree]}}
  micro_actions: micro_action
  went_well: went_well
  improve: improve
  quote_consent: {{question: quote_consent, positive: [Yes]}}
{follow_up_impact}  themes:
{themes}

privacy:
  min_count: 5
"""


SERIES_YAML = f"""# The sample series, written by scripts/make_sample_series.py (docs/series.md).
title: System leadership community 2023/24
subtitle: Our programme's story
brand: sel-leadership
events: [{", ".join(DATES)}]
reference:
  field: ethnicity
  table: ethnicity-census2021
  areas: [Bexley, Bromley, Greenwich, Lambeth, Lewisham, Southwark]
  label: south east London population
framework:
  - id: confidence_to_lead
    kind: objective
    name: Increase confidence in their ability to lead across boundaries
    measures: [confidence]
  - id: lead_beyond_authority
    kind: objective
    name: Lead beyond their authority
    measures: [beyond_authority]
  - id: power_of_stories
    kind: behaviour
    name: The power of stories
    measures: [stories]
  - id: meeting_people
    kind: behaviour
    name: Meeting people where they are
    measures: [met_new_people]
  - id: joined_up_data
    kind: behaviour
    name: Joined-up data
    measures: [shared_data]
"""


def main() -> None:
    for index, date in enumerate(DATES):
        write_event(index, date)
    target = ROOT / "data" / "series" / f"{SERIES}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SERIES_YAML, encoding="utf-8")
    print(f"Wrote {target.relative_to(ROOT)} and {len(DATES)} events under data/events/")


if __name__ == "__main__":
    main()
