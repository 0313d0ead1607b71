"""Metrics of the sample event against figures computed by hand from its exports, and the
wording and rounding rules on small cases."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen.config import EventConfig
from reportgen.etl import DataQuality, TidyEvent
from reportgen.metrics import (
    FigureInvariantError,
    attendance_figures,
    confidence_shift,
    count_text,
    is_commitment,
    published_rate,
    round_half_up,
    select_quotes,
    share,
    share_of,
    share_phrase,
)


def test_attendance(sample_metrics):
    attendance = sample_metrics["attendance"]
    assert attendance["registered"] == 62
    assert attendance["attended"] == 50
    assert attendance["attendance_rate"] == {"numerator": 50, "denominator": 62, "pct": 80.6, "text": "81%"}


def counts(breakdown: dict) -> dict[str, int]:
    return {row["category"]: row["count"] for row in breakdown["categories"]}


def test_gender_is_of_attendees(sample_metrics):
    gender = sample_metrics["breakdowns"]["gender"]
    assert gender["basis"] == "attended" and gender["total"] == 50
    assert counts(gender) == {"Female": 38, "Male": 12, "Non-binary": 0, "Self-described": 0}
    assert gender["summary"] == "76% female, 24% male"


def test_ethnicity_against_census(sample_metrics, sample_private):
    assert counts(sample_private["breakdowns"]["ethnicity"]) == {
        "White": 36, "Black": 6, "Asian": 4, "Mixed": 2, "Other": 1, "Prefer not to say": 1,
    }
    ethnicity = sample_metrics["breakdowns"]["ethnicity"]
    assert counts(ethnicity) == {
        "White": 36, "Black": 6, "Asian": None, "Mixed": None, "Other": None, "Prefer not to say": None,
    }
    white = ethnicity["categories"][0]["share"]
    assert (white["numerator"], white["denominator"], white["text"]) == (36, 50, "72%")
    reference = {row["category"]: row for row in ethnicity["reference"]["categories"]}
    # Census 2021 TS021, White usual residents of the six boroughs, summed by hand:
    # 177,164 + 252,295 + 161,006 + 174,778 + 154,749 + 158,220 = 1,078,212 of 1,791,374.
    assert reference["White"]["population"]["numerator"] == 1_078_212
    assert reference["White"]["population"]["denominator"] == 1_791_374
    assert reference["White"]["population"]["pct"] == 60.2
    assert reference["Prefer not to say"]["population"] is None
    assert ethnicity["summary"] == (
        "72% White (population: 60%); 12% Black (population: 20%); "
        "fewer than 5 people each in the Asian, Mixed and Other groups; some did not say"
    )
    # "Prefer not to say" (1) is hidden, so the number who stated an ethnicity (49) is not
    # published either (ratios over it gave the hidden 1 away): ratios are of all 50.
    # Black 6/50 = 12% against 349,743 / 1,791,374 = 19.52%: ratio 0.61, 7.5 points under.
    assert (reference["Black"]["ratio"], reference["Black"]["flag"]) == (0.61, "under")
    assert reference["White"]["ratio"] == 1.2  # 72% / 60.2%
    assert "among everyone counted" in ethnicity["reference"]["rule"]
    assert reference["Asian"]["ratio"] is None  # suppressed: no ratio that would hint at the count
    assert ethnicity["reference"]["sentence"] == (
        "Fewer Black colleagues joined than their share of the south east London population."
    )
    assert sample_private["breakdowns"]["ethnicity"]["summary"].endswith("2% not stated")


def test_borough_is_of_registrations(sample_metrics):
    borough = sample_metrics["breakdowns"]["borough"]
    reference = {r["category"]: r for r in borough["reference"]["categories"]}
    # Bromley: 8/62 = 12.9% of registrations against 329,991/1,791,374 = 18.4% of residents.
    assert (reference["Bromley"]["ratio"], reference["Bromley"]["flag"]) == (0.70, "under")
    # Lewisham: 12.9% against 16.8%: ratio 0.77 but only 3.9 points under, so not flagged.
    assert (reference["Lewisham"]["ratio"], reference["Lewisham"]["flag"]) == (0.77, None)
    assert borough["reference"]["sentence"].startswith(
        "Fewer colleagues joined from Bromley than its share of the south east London population."
    )
    assert borough["basis"] == "registered" and borough["total"] == 62
    assert counts(borough) == {
        "Bexley": 12, "Bromley": 8, "Greenwich": 9, "Lambeth": 10, "Lewisham": 8, "Southwark": 15,
    }
    assert "fewest joined from Bromley (8) and Lewisham (8)" in borough["summary"]


def test_sector_keeps_groups_nobody_came_from(sample_metrics, sample_private):
    sector = counts(sample_private["breakdowns"]["sector"])
    assert sector["Executive or senior manager"] == 12
    assert sector["Academic health science network"] == 0
    assert sum(sector.values()) == 50
    published = sample_metrics["breakdowns"]["sector"]
    assert counts(published)["Pharmacy"] is None and counts(published)["Academic health science network"] == 0
    assert published["summary"] == (
        "The largest group was Executive or senior manager (12 of 50); fewer than 5 each from "
        "Acute or secondary care, Mental health, Public health, Pharmacy and Patient representative "
        "group; none from Academic health science network."
    )


def test_confidence_shift(sample_metrics, sample_private):
    confidence = sample_private["confidence"]
    # 20 people scored both times: before 114/20 = 5.7, after 148/20 = 7.4; 16 went up.
    assert confidence["n_paired"] == 20
    assert confidence["pre_mean"] == 5.7
    assert confidence["post_mean"] == 7.4
    assert confidence["shift_text"] == "5.7 → 7.4"
    assert confidence["improved"] == {"numerator": 16, "denominator": 20, "pct": 80.0, "text": "80%"}
    assert confidence["improved_pct"] == 80.0
    assert confidence["improved_phrase"] == "Over 75%"
    assert (confidence["same"]["numerator"], confidence["dropped"]["numerator"]) == (3, 1)
    assert confidence["post_only"] == 1  # the respondent who left the "before" score blank
    assert (confidence["pre_median"], confidence["post_median"]) == (6, 7)
    # Changes: ten +2, three +3, one +4, two +1, three 0, one -1: sum 34, sum of squares 86.
    # Mean 1.7; sd = sqrt((86 - 20 * 1.7**2) / 19) = 1.2183; t(0.975, 19) = 2.0930;
    # margin 2.0930 * 1.2183 / sqrt(20) = 0.5702 -> 1.13 to 2.27.
    assert confidence["mean_change"] == {
        "value": 1.7, "low": 1.13, "high": 2.27, "level": 0.95,
        "text": "+1.7 points (95% confidence interval +1.1 to +2.3)",
    }
    assert confidence["wilcoxon"]["n_nonzero"] == 17 and confidence["wilcoxon"]["text"] == "p < 0.001"
    published = sample_metrics["confidence"]
    assert published["improved_count_text"] == "16"
    assert (published["same_count_text"], published["dropped_count_text"]) == ("fewer than 5", "fewer than 5")
    assert published["same"]["pct"] is None and published["dropped"]["numerator"] is None
    assert [b["count_text"] for b in published["changes"]] == [
        "fewer than 5", "fewer than 5", "fewer than 5", "10", "fewer than 5",
    ]


def test_feedback_figures(sample_metrics):
    assert sample_metrics["micro_actions"]["count"] == 13  # 21 answers less 6 blanks, "N/A" and "-"
    assert len(sample_metrics["micro_actions"]["quotes"]) == 10
    recommend = sample_metrics["recommend"]
    assert (recommend["numerator"], recommend["denominator"], recommend["text"]) == (19, 21, "90%")
    assert sample_metrics["feedback"]["response_rate"]["text"] == "42%"  # 21 of 50
    themes = {t["theme"]: t for t in sample_metrics["went_well"]["themes"]}
    quotes = [q for t in themes.values() for q in t["quotes"]]
    assert "Good" not in quotes and len(quotes) == 5  # 7 answers less "Good" and one not consented
    assert not any(q.startswith("Meeting people from the council") for q in quotes)  # said no to quoting
    assert themes["Other comments"]["count_text"] == "fewer than 5"


def test_data_quality_reports_the_duplicate_registration(sample_metrics):
    registrations = sample_metrics["data_quality"]["sources"][0]
    assert (registrations["rows_read"], registrations["rows_used"]) == (63, 62)
    assert "duplicate submission" in registrations["skipped"][0]["reason"]


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(2.5, 0, 3.0), (0.125, 2, 0.13), (80.64516, 1, 80.6), (72.45, 1, 72.5)],
)
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == expected


def test_share_carries_its_denominator():
    assert share(1, 3) == {"numerator": 1, "denominator": 3, "pct": 33.3, "text": "33%"}
    assert share(0, 0)["pct"] is None


def test_a_share_over_100_percent_is_a_bug_not_a_figure():
    from reportgen.errors import ReportgenError

    with pytest.raises(FigureInvariantError, match="45 out of 12"):
        share(45, 12)
    with pytest.raises(FigureInvariantError):
        share(-1, 3)
    assert not issubclass(FigureInvariantError, ReportgenError)  # never shown as the user's mistake
    # Three of four, but one of the three is not among the four: refused though 3 <= 4.
    with pytest.raises(FigureInvariantError, match="1 counted in the numerator are not in the denominator"):
        share_of({"P1", "P2", "P9"}, {"P1", "P2", "P3", "P4"}, "attendance rate")
    assert share_of({"P1", "P2", "P3"}, {"P1", "P2", "P3", "P4"})["text"] == "75%"


def test_counts_agree_with_their_noun():
    assert [count_text(n) for n in (0, 1, 2)] == ["0 people", "1 person", "2 people"]
    assert count_text("fewer than 5") == "fewer than 5 people"
    assert count_text(1, "response", "responses") == "1 response"


def test_attendance_not_recorded_is_not_zero():
    registered = {"P1", "P2", "P3"}
    only_registered = attendance_figures(registered, None, 5)
    assert (only_registered["registered"], only_registered["attended"]) == (3, None)
    assert only_registered["attended_text"] == "not recorded" and only_registered["attendance_rate"] is None
    assert only_registered["rest"] == " registered; attendance was not recorded."
    only_attended = attendance_figures(None, {"P1"}, 5)
    assert only_attended["registered_text"] == "not recorded"
    assert only_attended["figure"] + only_attended["rest"] == "1 person join us; registration was not recorded."
    neither = attendance_figures(None, None, 5)
    assert neither["lead"] == "Registration and attendance were not recorded for this event."


def test_attendance_overlap_is_suppressed_as_a_group():
    # 20 registered; 17 of them came and 2 came without registering: the 2 is hidden, and the 17
    # too (19 attended - 2 would give it away).
    registered = {f"R{i}" for i in range(20)}
    attended = {f"R{i}" for i in range(17)} | {"W1", "W2"}
    published = attendance_figures(registered, attended, 5)
    assert (published["registered_attended_text"], published["unregistered_attendees_text"]) == ("not shown", "fewer than 5")
    assert published["attendance_rate"]["numerator"] is None
    assert published["rest"] == " join us. Of the 20 who registered, not shown came; fewer than 5 people came without registering."
    private = attendance_figures(registered, attended, 1)
    assert private["attendance_rate"]["text"] == "85%"
    assert private["rest"] == " join us. Of the 20 who registered, 17 came (85%); 2 people came without registering."


@pytest.mark.parametrize(
    ("pct", "phrase"),
    [(80.0, "Over 75%"), (75.0, "75%"), (75.4, "75%"), (92.0, "Over 90%"), (51.0, "Over 50%"), (20.0, "20%")],
)
def test_share_phrase(pct, phrase):
    assert share_phrase(pct) == phrase


def test_commitments_and_quotes():
    assert not is_commitment(" N/A ") and not is_commitment("-") and is_commitment("Call Sam")
    answers = pd.DataFrame({
        "participant_id": ["P1", "P2", "P3", "P4", "P5", "P6"],
        "value": ["Good", "Talk to the team", "talk to the team.", "n/a", "Book a coffee with Jo Bloggs",
                  "Email me at jo@x.example please"],
    })
    names = frozenset({"Jo Bloggs", "Jo", "Bloggs"})
    assert select_quotes(answers, None, names, 5) == [
        "Talk to the team", "Book a coffee with [name]", "Email me at [e-mail address] please",
    ]
    assert select_quotes(answers, {"P5"}, names, 5) == ["Book a coffee with [name]"]  # consent only
    assert select_quotes(answers, None, names, 1) == ["Talk to the team"]


def test_named_participant_is_redacted_in_the_sample(sample_metrics):
    quotes = sample_metrics["micro_actions"]["quotes"]
    assert "Follow up with [name] and the other primary care colleagues about our shared waiting-list problem." in quotes


def tidy_of(rows: list[tuple[str, str, float]]) -> TidyEvent:
    responses = pd.DataFrame(
        [
            {"participant_id": p, "question_id": "confidence", "phase": phase, "value": str(v),
             "numeric_value": v, "source": "x.csv"}
            for p, phase, v in rows
        ]
    )
    return TidyEvent(pd.DataFrame(), responses, DataQuality([], []))


def test_confidence_pairs_people_and_ignores_single_scores():
    tidy = tidy_of([
        ("A", "pre", 4), ("A", "post", 6),   # up
        ("B", "pre", 7), ("B", "post", 7),   # same
        ("C", "pre", 8), ("C", "post", 5),   # down
        ("D", "pre", 1),                     # before only: left out
        ("E", "post", 10),                   # after only: left out
    ])
    config = EventConfig.model_validate(
        {"title": "t", "date": "2022-01-01", "sources": [{"file": "x.csv", "role": "registration", "key": {"column": "E"}}],
         "privacy": {"min_count": 1}}
    )
    result = confidence_shift(tidy, "confidence", config, 1)
    assert result["n_paired"] == 3 and result["small_sample"]
    assert result["improved_phrase"] == "1 of 3"  # too few to generalise: a count, not a percentage
    assert "too few to generalise" in result["note"]
    assert result["pre_mean"] == round_half_up(19 / 3, 1) == 6.3
    assert result["post_mean"] == 6.0
    assert (result["pre_only"], result["post_only"]) == (1, 1)
    assert result["improved"]["numerator"] == 1 and result["improved"]["text"] == "33%"


def test_public_figures_hold_no_small_count(sample_metrics):
    """Walk the published metrics: no count from 1 to 4 anywhere, no percentage made from one."""
    import json

    def walk(node, path):
        if isinstance(node, dict):
            if "count" in node and isinstance(node["count"], int):
                assert not 0 < node["count"] < 5, path
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(sample_metrics["breakdowns"], "breakdowns")
    walk(sample_metrics["confidence"], "confidence")
    walk(sample_metrics["went_well"], "went_well")
    assert "fewer than 5" in json.dumps(sample_metrics)
    assert sample_metrics["privacy"]["published"] is True


def test_sample_config_parses_as_the_schema_says(sample_metrics):
    assert EventConfig.model_fields["sources"].is_required()
    assert sample_metrics["event"]["date_text"] == "Tuesday 7 June 2022"


def test_attendance_overlap_withheld_when_the_registrations_would_pin_it():
    """1 registered, 3 attended: "fewer than 5 came" and "fewer than 5 without registering" add
    up to 3, and no more than the 1 who registered can have come, so came = 1 would follow: the
    pair is withheld ("not shown"), with no bound implied."""
    from reportgen.metrics import attendance_figures

    a = attendance_figures({"P1"}, {"P1", "P2", "P3"}, 5)
    assert a["registered_attended"] is None and a["unregistered_attendees"] is None
    assert a["registered_attended_text"] == a["unregistered_attendees_text"] == "not shown"
    # 9 registered, 3 came of them, 2 without registering: the pair is hidden, nothing pins it.
    a = attendance_figures({f"P{i}" for i in range(9)}, {"P0", "P1", "P2", "W1", "W2"}, 5)
    assert a["registered_attended_text"] == "fewer than 5" and a["unregistered_attendees_text"] == "fewer than 5"


def test_change_bands_are_suppressed_with_the_outcomes_they_refine():
    """Improved 10 (up 1: 5, up 2: 5), same 5, dropped 2: dropped is small and same is hidden to
    protect it; the bands show the same counts hidden, and the up bands (adding up to the
    published 10) are shown."""
    from reportgen.metrics import change_bands
    from reportgen.privacy import suppression

    change = [1] * 5 + [2] * 5 + [0] * 5 + [-1] * 2
    reasons = suppression([10, 5, 2], 5)
    assert reasons == [None, "secondary", "small"]
    bands = {b["band"]: b["count_text"] for b in change_bands(change, 5, reasons)}
    assert bands == {"Went down": "fewer than 5", "Stayed the same": "not shown", "Up 1 point": "5",
                     "Up 2 points": "5", "Up 3 or more points": "0"}
    # Improved hidden: every up band is hidden with it.
    bands = {b["band"]: b["count_text"] for b in change_bands([1, 2] + [0] * 9, 5, suppression([2, 9, 0], 5))}
    assert bands["Up 1 point"] == bands["Up 2 points"] == bands["Up 3 or more points"] == "not shown"


@pytest.mark.parametrize(
    "numerator,denominator,text,basis,published",
    [
        (19, 21, "90%", "19 of 21 who answered", (19, 21)),
        (0, 12, "0%", "0 of 12 who answered", (0, 12)),
        (7, 9, "7 of 9", "who answered: too few for a percentage (fewer than 10)", (7, 9)),
        (0, 6, "0 of 6", "who answered: too few for a percentage (fewer than 10)", (0, 6)),
        (3, 21, "fewer than 5", "of 21 who answered", (None, 21)),  # 3 people: a small count
        (1, 1, "not shown", "fewer than 5 people answered", (None, None)),  # one person's own answer
        (4, 4, "not shown", "fewer than 5 people answered", (None, None)),
    ],
)
def test_a_rate_is_published_by_the_packs_small_number_rules(numerator, denominator, text, basis, published):
    rate = published_rate(numerator, denominator, min_count=5, small_sample=10)
    assert (rate["text"], rate["basis_text"], (rate["numerator"], rate["denominator"])) == (text, basis, published)
    if rate["pct"] is not None:  # a percentage only of 10 people or more
        assert denominator >= 10 and rate["pct"] == round_half_up(100 * numerator / denominator, 1)


def test_a_recommend_rate_of_three_people_is_not_a_percentage(project):
    """Three people answered the survey: "100% would recommend (3 of 3)" would publish each
    one's answer; the pack says fewer than 5 answered, and the private metrics keep the count."""
    import csv
    import json

    from reportgen.pipeline import build_pack

    from .conftest import SAMPLE

    path = project.event_dir(SAMPLE) / "feedback.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[:4])
    recommend_column = rows[0].index("Would you recommend an event like this to a colleague?")
    agreed = sum(row[recommend_column] == "Yes" for row in rows[1:4])
    result = build_pack(project, SAMPLE, pdf=False, cards=False)
    published = json.loads((result.html.parent / "metrics.json").read_text(encoding="utf-8"))["recommend"]
    assert (published["numerator"], published["denominator"], published["pct"], published["text"]) == (None, None, None, "not shown")
    private = json.loads((result.html.parent / "private" / "metrics.private.json").read_text(encoding="utf-8"))["recommend"]
    assert (private["numerator"], private["denominator"], private["text"]) == (agreed, 3, f"{agreed} of 3")
    html = result.html.read_text(encoding="utf-8")
    assert "fewer than 5 people answered" in html and f"{agreed} of 3" not in html


def test_a_poll_of_fewer_than_ten_people_is_summed_up_in_counts():
    """33 answered the sample poll (18 "Yes": "Over 50% (18 of 33)"); of 7 who all said "Yes"
    the summary gives the count and no percentage (with a smaller group beside them, both would
    be hidden: the total would give one away)."""
    import dataclasses
    from pathlib import Path

    from reportgen.metrics.polls import choice_summary
    from reportgen.pipeline import check_event
    from reportgen.project import Project

    checked = check_event(Project(Path(__file__).resolve().parent.parent), "2022-03-02")
    poll_id = checked.metrics["polls"][0]["question_id"]
    assert checked.metrics["polls"][0]["summary"].endswith("Over 50% (18 of 33) answered “Yes”.")
    responses = checked.tidy.responses
    asked = responses[responses["question_id"] == poll_id]
    yes = asked[asked["value"] == "Yes"]["participant_id"].drop_duplicates()
    chosen = list(yes.iloc[:7])
    kept = responses[(responses["question_id"] != poll_id) | responses["participant_id"].isin(chosen)]
    tidy = dataclasses.replace(checked.tidy, responses=kept)
    poll = choice_summary(tidy, checked.config, poll_id, 5)
    assert poll["respondents"] == 7
    assert poll["summary"] == "7 people answered the poll. 7 of them answered “Yes”."
    assert "%" not in poll["summary"]
