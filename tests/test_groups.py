"""Events the sample events do not cover, checked against figures computed by hand: attendance
without registration (the "375%" Eventbrite + Zoom event), anonymous before and after surveys in
separate exports (two groups, never "improved"), and an anonymous then-test survey (still paired:
both scores are in one row)."""

from __future__ import annotations

import statistics

import pytest

from reportgen.pipeline import build_pack, check_event

from .events import make_event, minimal_project, write_csv

EVENTBRITE = ["Order #", "Order Date", "First Name", "Surname", "Email", "Quantity", "Ticket Type",
              "Attendee #", "Attendee Status", "Checked In", "What is your gender?"]
ZOOM_HEAD = """Attendee Report,
Report Generated:,05/05/2023 09:15 AM,
Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,Unique Viewers,Total Users,Max Concurrent Views,
Leading together,812 3456 7890,05/04/2023 17:58:12,125,12,0,45,45,45,
Host Details,
Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,
Yes,Events Team,events@org.example,05/04/2023 17:50:01,05/04/2023 20:05:12,136,No,United Kingdom,
Attendee Details,
Attended,User Name (Original Name),First Name,Last Name,Email,Registration Time,Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,
"""

WALK_INS = """
sources:
  - file: eventbrite.csv
    kind: eventbrite
    role: registration
    key: {column: Email, type: email}
    fields:
      gender: {column: "What is your gender?"}
  - file: zoom.csv
    kind: zoom_attendees
    role: attendance
    key: {column: Email, type: email}
breakdowns:
  - {field: gender, title: Gender, basis: registered}
"""


@pytest.fixture
def walk_in_project(tmp_path):
    """12 registered on Eventbrite; 45 others joined the Zoom call and none of the 12 came."""
    project = minimal_project(tmp_path / "project")
    folder = make_event(project, "walk-ins", WALK_INS, {})
    registered = [
        [f"41{i:08d}", "44810.5", f"Reg{i}", "Person", f"reg{i}@org.example", "1", "General admission",
         f"52{i:08d}", "Attending", "No", "Female"]
        for i in range(12)
    ]
    write_csv(folder / "eventbrite.csv", EVENTBRITE, registered)
    lines = [
        f"Yes,Walk In{i},Walk,In{i},walkin{i}@org.example,,,05/04/2023 18:00:05,05/04/2023 19:00:00,60,Yes,United Kingdom,"
        for i in range(45)
    ]
    (folder / "zoom.csv").write_text(ZOOM_HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return project


def test_attendance_without_registering_is_counted_apart_not_as_375_percent(walk_in_project):
    attendance = check_event(walk_in_project, "walk-ins").metrics["attendance"]
    assert (attendance["registered"], attendance["attended"]) == (12, 45)
    assert (attendance["registered_attended"], attendance["unregistered_attendees"]) == (0, 45)
    assert attendance["attendance_rate"] == {"numerator": 0, "denominator": 12, "pct": 0.0, "text": "0%"}
    sentence = attendance["lead"] + attendance["figure"] + attendance["rest"]
    assert sentence == (
        "We had 45 people join us. Of the 12 who registered, none came; 45 people came without registering."
    )


def test_the_walk_in_pack_and_cards_never_print_a_share_over_100(walk_in_project):
    result = build_pack(walk_in_project, "walk-ins", pdf=False, parallel=False)
    html = result.html.read_text(encoding="utf-8")
    assert "375%" not in html and "of the 12 who registered (" not in html
    assert "<strong>45 people</strong> join us. Of the 12 who registered, none came; 45 people came without registering." in html
    assert "none of the 12 who registered came, and 45 people came without registering." in html
    card = (result.folder / "cards" / "joined-1200x675.txt").read_text(encoding="utf-8")
    assert "of the 12" not in card


ANONYMOUS_PRE_POST = """
sources:
  - file: before.csv
    role: survey
    key: none
    questions:
      - {id: confidence, column: Confidence, text: I feel confident leading change, type: scale, scale: [1, 10], phase: pre}
  - file: after.csv
    role: survey
    key: none
    questions:
      - {id: confidence, column: Confidence, text: I feel confident leading change, type: scale, scale: [1, 10], phase: post}
      - {id: recommend, column: Recommend, text: I would recommend this event, type: choice}
impact:
  confidence: confidence
  recommend: {question: recommend, positive: ["Yes"]}
"""
BEFORE = [2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 8, 9]  # 21 people
AFTER = [5, 6, 6, 7, 7, 7, 8, 8, 9, 10]  # 10 people


@pytest.fixture
def groups_project(tmp_path):
    project = minimal_project(tmp_path / "project")
    make_event(project, "groups", ANONYMOUS_PRE_POST, {
        "before.csv": (["Confidence"], [[str(s)] for s in BEFORE]),
        "after.csv": (["Confidence", "Recommend"], [[str(s), "Yes"] for s in AFTER]),
    })
    return project


def test_anonymous_before_and_after_are_compared_as_two_groups(groups_project):
    checked = check_event(groups_project, "groups")
    c = checked.private_metrics["confidence"]
    assert c["comparison"] == "groups" and c["n_paired"] == 0
    assert (c["n_before"], c["n_after"]) == (21, 10)
    # Before: 110 / 21 = 5.238 -> 5.2, the 11th of 21 sorted scores is 5.
    # After: 73 / 10 = 7.3, the middle two of 10 sorted scores are 7 and 7.
    assert (c["pre_mean"], c["post_mean"], c["pre_median"], c["post_median"]) == (5.2, 7.3, 5, 7)
    assert c["shift_text"] == "5.2 → 7.3"
    # 7.3 - 110/21 = 2.0619...
    assert c["difference"]["value"] == 2.06
    assert c["difference"]["text"].startswith("+2.1 points (95% confidence interval ")
    assert c["unmatched_text"] == (
        "The 21 people who answered before and the 10 who answered after could not be matched, "
        "so this compares the two groups, not each person's change."
    )
    for key in ("improved", "same", "dropped", "changes", "improved_phrase", "mean_change", "wilcoxon"):
        assert key not in c
    assert [item["label"] for level in checked.metrics["evaluation"] for item in level["items"]
            if "mprove" in item["label"]] == []


def test_validate_says_the_groups_were_not_matched(groups_project):
    from reportgen.pipeline import describe_check

    report = describe_check(check_event(groups_project, "groups"))
    assert "Registered: not recorded" in report and "Attended: not recorded" in report
    assert (
        "Confidence before and after: two groups that could not be matched, 21 answered before and 10 after (5.2 → 7.3)"
    ) in report
    assert "Not paired" not in report


def test_the_groups_interval_and_test_match_scipy(groups_project):
    scipy_stats = pytest.importorskip("scipy.stats")
    c = check_event(groups_project, "groups").private_metrics["confidence"]
    interval = scipy_stats.ttest_ind(AFTER, BEFORE, equal_var=False).confidence_interval(0.95)
    assert (c["difference"]["low"], c["difference"]["high"]) == (
        round(interval.low, 2), round(interval.high, 2)
    )
    expected = scipy_stats.mannwhitneyu(AFTER, BEFORE, alternative="two-sided", method="asymptotic")
    assert c["mann_whitney"]["p_value"] == pytest.approx(expected.pvalue, rel=1e-9)
    assert c["mann_whitney"]["method"] == "normal approximation"  # tied scores


def test_the_groups_pack_says_the_people_could_not_be_matched(groups_project):
    result = build_pack(groups_project, "groups", pdf=False, parallel=False)
    html = result.html.read_text(encoding="utf-8")
    assert "could not be matched, so this compares the two groups, not each person&#39;s change." in html
    assert "improved their" not in html.lower()
    assert "Mann–Whitney" in html and "Wilcoxon" not in html
    assert "The feedback survey was anonymous" in html
    assert not (result.folder / "charts" / "confidence-change.svg").exists()
    cards = {p.name.split("-1200")[0] for p in (result.folder / "cards").glob("*-1200x675.png")}
    assert "improved" not in cards and "confidence" not in cards
    feedback = result.metrics["feedback"]
    assert feedback["response_rate"] is None  # no registration or attendance list
    assert feedback["respondents"] == 10  # the after form: the before form is not the feedback survey


ANONYMOUS_THEN_TEST = """
sources:
  - file: feedback.csv
    role: survey
    key: none
    questions:
      - {id: confidence, column: Before, text: I feel confident leading change, type: scale, scale: [1, 10], phase: pre}
      - {id: confidence, column: Now, text: I feel confident leading change, type: scale, scale: [1, 10], phase: post}
impact:
  confidence: confidence
"""


def test_an_anonymous_then_test_is_still_paired_within_each_row(tmp_path):
    project = minimal_project(tmp_path / "project")
    pairs = [(4, 7), (5, 6), (3, 8), (6, 6), (5, 7), (2, 5)]
    make_event(project, "then-test", ANONYMOUS_THEN_TEST, {
        "feedback.csv": (["Before", "Now"], [[str(a), str(b)] for a, b in pairs]),
    })
    c = check_event(project, "then-test").private_metrics["confidence"]
    assert c["comparison"] == "paired" and c["design"] == "then-test"
    assert c["n_paired"] == 6 and (c["pre_only"], c["post_only"]) == (0, 0)
    # 25 / 6 = 4.17 -> 4.2 before, 39 / 6 = 6.5 after; 5 improved, 1 the same.
    assert (c["pre_mean"], c["post_mean"]) == (4.2, 6.5)
    assert (c["improved"]["numerator"], c["same"]["numerator"], c["dropped"]["numerator"]) == (5, 1, 0)
    assert c["mean_change"]["value"] == round(statistics.fmean(b - a for a, b in pairs), 2)
