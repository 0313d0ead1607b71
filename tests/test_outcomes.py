"""Several before/after items and the programme's framework (issue 12), checked by hand.

The sample event 2022-06-07 is copied and given two more before-and-after questions in its
feedback export ("stories", which rises clearly, and "root_cause", which does not move), listed
in impact.outcomes, and a programme (data/series/sel-programme.yaml) whose framework has items
measured by a before/after question, by an agreement question, and by nothing asked here.
Means, changes and intervals are worked out here from the scores written, against scipy's t
interval; then the pack's text is read back from the PDF.
"""

from __future__ import annotations

import csv
import json
import math
import re
import statistics
from pathlib import Path

import pytest
import yaml
from scipy import stats as scipy_stats

from reportgen.config import read_yaml
from reportgen.errors import ConfigError
from reportgen.framework import FrameworkItem, load_framework
from reportgen.pipeline import build_pack, check_event
from reportgen.sections import plan_sections

from .conftest import SAMPLE, copy_project

STORIES_STEP = [2, 1, 3, 2, 1]
ROOT_STEP = [1, -1, 0, 1, -1, 0, 0]
SERIES = """\
title: System leadership community 2022/23
brand: sel-leadership
events: [2022-06-07]
framework:
  - id: confidence_to_lead
    kind: objective
    name: Increase confidence in their ability to lead
    measures: [confidence]
  - id: power_of_stories
    kind: behaviour
    name: The power of stories
    measures: [stories]
  - id: root_of_problem
    kind: behaviour
    name: Getting to the root of a problem
    measures: [root_cause]
  - id: positive_conflict
    kind: behaviour
    name: Positive conflict
    measures: [conflict]
  - id: time_to_reflect
    kind: objective
    name: Time to reflect on their practice
    measures: [reflection_time]
"""


def scores(i: int) -> dict[str, int]:
    stories_pre = 3 + i % 4
    root_pre = 5 + i % 3
    return {
        "stories_pre": stories_pre,
        "stories_post": stories_pre + STORIES_STEP[i % 5],
        "root_pre": root_pre,
        "root_post": root_pre + ROOT_STEP[i % 7],
    }


COLUMNS = {
    "stories_pre": "Before the event: I use stories to explain why change matters (1-10)",
    "stories_post": "Now: I use stories to explain why change matters (1-10)",
    "root_pre": "Before the event: I get to the root of a problem before acting (1-10)",
    "root_post": "Now: I get to the root of a problem before acting (1-10)",
}


def opt_in(project_root: Path, *, small_sample: int | None = None, programme: bool = True) -> dict[str, dict[str, int]]:
    """Add the two questions to the sample's feedback export and event.yaml; returns the scores
    written, by e-mail."""
    folder = project_root / "data" / "events" / SAMPLE
    with (folder / "feedback.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    email = header.index("Email address")
    written = {}
    for i, row in enumerate(body):
        s = scores(i)
        written[row[email]] = s
        row += [str(s[k]) for k in COLUMNS]
    with (folder / "feedback.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header + list(COLUMNS.values()), *body])
    config = read_yaml((folder / "event.yaml").read_text(encoding="utf-8"))
    survey = next(s for s in config["sources"] if s["file"] == "feedback.csv")
    for qid, key in (("stories", "stories"), ("root_cause", "root")):
        text = COLUMNS[f"{key}_post"].split(": ", 1)[1].removesuffix(" (1-10)")
        for phase in ("pre", "post"):
            survey["questions"].append(
                {"id": qid, "column": COLUMNS[f"{key}_{phase}"], "text": text, "type": "scale", "scale": [1, 10], "phase": phase}
            )
    config["impact"]["outcomes"] = ["stories", "root_cause"]
    if programme:
        config["programme"] = "sel-programme"
        (project_root / "data" / "series").mkdir(exist_ok=True)
        (project_root / "data" / "series" / "sel-programme.yaml").write_text(SERIES, encoding="utf-8")
    if small_sample is not None:
        config.setdefault("statistics", {})["small_sample"] = small_sample
    (folder / "event.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return written


@pytest.fixture(scope="module")
def opted(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("outcomes") / "project")
    written = opt_in(project.root)
    return project, written


@pytest.fixture(scope="module")
def checked(opted):
    return check_event(opted[0], SAMPLE)


def by_question(metrics: dict) -> dict[str, dict]:
    return {o["question"]: o for o in metrics["outcomes"]}


def expected(written: dict[str, dict[str, int]], key: str) -> dict[str, float]:
    """Means, change and the 95% t interval, by hand (scipy for the t quantile)."""
    pre = [s[f"{key}_pre"] for s in written.values()]
    post = [s[f"{key}_post"] for s in written.values()]
    change = [b - a for a, b in zip(pre, post)]
    n = len(change)
    mean = statistics.fmean(change)
    low, high = scipy_stats.t.interval(0.95, n - 1, loc=mean, scale=statistics.stdev(change) / math.sqrt(n))
    return {"n": n, "pre": statistics.fmean(pre), "post": statistics.fmean(post), "mean": mean, "low": low, "high": high}


@pytest.mark.parametrize("qid,key", [("stories", "stories"), ("root_cause", "root")])
def test_each_item_is_paired_with_hand_computed_means_change_and_interval(checked, opted, qid, key):
    _, written = opted
    item = by_question(checked.metrics)[qid]
    want = expected(written, key)
    assert item["comparison"] == "paired"
    assert item["n"] == want["n"] == 21
    assert item["n_text"] == "21 people with both scores"
    assert item["pre_mean"] == round(want["pre"] + 1e-9, 1)
    assert item["post_mean"] == round(want["post"] + 1e-9, 1)
    assert item["mean_change"]["value"] == pytest.approx(want["mean"], abs=0.005)
    assert item["mean_change"]["low"] == pytest.approx(want["low"], abs=0.005)
    assert item["mean_change"]["high"] == pytest.approx(want["high"], abs=0.005)
    assert item["mean_change"]["value_text"] == f"{want['mean']:+.1f}"
    assert item["mean_change"]["low_text"] == f"{want['low']:+.1f}"


def test_stories_moved_up_and_root_cause_did_not(checked, opted):
    _, written = opted
    items = by_question(checked.metrics)
    stories, root = expected(written, "stories"), expected(written, "root")
    assert stories["low"] > 0 and root["low"] < 0 < root["high"]  # the data are what the test says
    assert items["stories"]["moved"] == "up"
    assert items["root_cause"]["moved"] == "no clear change"
    assert items["stories"]["text"] == (
        f"Stories rose by {stories['mean']:.1f} points (95% CI {stories['low']:+.1f} to {stories['high']:+.1f})."
    )
    assert items["root_cause"]["text"] == (
        f"Root cause showed no clear change ({root['mean']:+.1f} points, 95% CI {root['low']:+.1f} to {root['high']:+.1f})."
    )


def test_confidence_is_the_first_item_and_reuses_the_confidence_figures(checked):
    outcomes = checked.metrics["outcomes"]
    assert [o["question"] for o in outcomes] == ["confidence", "stories", "root_cause"]
    first, block = outcomes[0], checked.metrics["confidence"]
    assert first["headline"] and not outcomes[1]["headline"]
    assert first["n"] == block["n_paired"]
    assert (first["pre_mean"], first["post_mean"]) == (block["pre_mean"], block["post_mean"])
    for key in ("value", "low", "high", "text"):
        assert first["mean_change"][key] == block["mean_change"][key]
    assert first["framework"] == ["confidence_to_lead"]


def test_framework_says_what_was_measured_what_moved_and_what_was_not_measured(checked, opted):
    _, written = opted
    framework = {f["id"]: f for f in checked.metrics["framework"]}
    assert list(framework) == ["confidence_to_lead", "power_of_stories", "root_of_problem", "positive_conflict", "time_to_reflect"]
    stories = expected(written, "stories")
    assert framework["power_of_stories"] == {
        "id": "power_of_stories",
        "kind": "behaviour",
        "name": "The power of stories",
        "measured": True,
        "moved": "up",
        "items": ["stories"],
        "text": f"Moved: stories rose by {stories['mean']:.1f} points (95% CI {stories['low']:+.1f} to {stories['high']:+.1f}).",
    }
    assert framework["root_of_problem"]["moved"] == "no clear change"
    assert framework["root_of_problem"]["text"].startswith("No clear change: root cause showed no clear change (")
    assert framework["positive_conflict"]["measured"] is False
    assert framework["positive_conflict"]["moved"] is None
    assert framework["positive_conflict"]["text"] == "Not measured at this event."
    reflect = framework["time_to_reflect"]
    rate = checked.metrics["agreements"][0]
    assert reflect["measured"] and reflect["moved"] is None and reflect["items"] == ["reflection_time"]
    assert reflect["text"] == (
        f"Measured: {rate['text']} agreed “{rate['statement']}” ({rate['numerator']} of {rate['denominator']})."
    )
    confidence = checked.metrics["confidence"]["mean_change"]
    expected_moved = "up" if confidence["low"] > 0 else "no clear change"
    assert framework["confidence_to_lead"]["moved"] == expected_moved


def test_level_2_of_the_evaluation_lists_each_outcome_item(checked):
    level2 = next(level for level in checked.metrics["evaluation"] if level["level"] == 2)
    labels = [item["label"] for item in level2["items"]]
    items = by_question(checked.metrics)
    for qid in ("stories", "root_cause"):
        row = next(i for i in level2["items"] if i["label"] == f"Average score, before → after: {items[qid]['statement']}")
        assert row["value"] == items[qid]["shift_text"] and row["basis"] == "21 people with both scores"
    assert "Average confidence, before → after" in labels


def test_too_few_people_publishes_no_means_and_no_interval(tmp_path):
    project = copy_project(tmp_path / "project")
    opt_in(project.root, small_sample=30)
    result = check_event(project, SAMPLE)
    item = by_question(result.metrics)["stories"]
    assert item["too_few"] is True
    assert item["mean_change"] is None and item["pre_mean"] is None and item["moved"] is None
    assert item["text"] == "Stories: too few to say (only 21 people with both scores; averages are published from 30)."
    # every step of "stories" is up: 21 of 21 improved, as a count, not a percentage
    assert (item["improved_phrase"], item["improved_basis"]) == ("21 of 21", "21 people with both scores")
    framework = {f["id"]: f for f in result.metrics["framework"]}
    assert framework["power_of_stories"]["measured"] and framework["power_of_stories"]["moved"] is None
    assert framework["power_of_stories"]["text"].startswith("Measured: stories: too few to say")
    # the team's own (private) figures keep the numbers, still marked too few
    private = by_question(result.private_metrics)["stories"]
    assert private["too_few"] is True and private["mean_change"] is not None


def test_a_sample_that_does_not_opt_in_is_unchanged(sample_metrics, sample_checked):
    assert "outcomes" not in sample_metrics and "framework" not in sample_metrics
    assert "outcomes" not in [s.name for s in sample_checked.sections]


def test_outcomes_alone_without_a_programme_show_the_section_without_a_framework(tmp_path):
    project = copy_project(tmp_path / "project")
    opt_in(project.root, programme=False)
    result = check_event(project, SAMPLE)
    assert [o["question"] for o in result.metrics["outcomes"]] == ["confidence", "stories", "root_cause"]
    assert "framework" not in result.metrics
    assert "outcomes" in [s.name for s in result.sections]


def test_outcomes_section_is_left_out_of_the_default_list_without_the_data():
    sections, warnings = plan_sections(None, {"m": {"feedback": {"respondents": 3}}})
    assert "outcomes" not in [s.name for s in sections] and warnings == []


def problems_of(project, event=SAMPLE) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        check_event(project, event)
    return caught.value.problems


def edit_event(project, change) -> None:
    path = project.root / "data" / "events" / SAMPLE / "event.yaml"
    config = read_yaml(path.read_text(encoding="utf-8"))
    change(config)
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_an_outcome_that_is_not_a_before_after_scale_is_a_config_error(tmp_path):
    project = copy_project(tmp_path / "project")
    opt_in(project.root, programme=False)
    edit_event(project, lambda c: c["impact"].update(outcomes=["stories", "went_well", "nope", "stories"]))
    assert problems_of(project) == [
        "impact.outcomes[1]: question 'went_well' is 'text', expected scale",
        "impact.outcomes[2]: no question has id 'nope'",
        "impact.outcomes[3]: 'stories' is listed twice",
    ]


def test_an_outcome_with_only_an_after_score_is_a_config_error(tmp_path):
    project = copy_project(tmp_path / "project")
    opt_in(project.root, programme=False)

    def post_only(config):
        survey = next(s for s in config["sources"] if s["file"] == "feedback.csv")
        survey["questions"] = [q for q in survey["questions"] if not (q["id"] == "root_cause" and q["phase"] == "pre")]

    edit_event(project, post_only)
    assert problems_of(project) == [
        "impact.outcomes[1]: question 'root_cause' needs a 'pre' and a 'post' phase to show a change (found: post)"
    ]


def test_a_framework_measure_the_pack_cannot_report_is_a_config_error_naming_the_key(tmp_path):
    project = copy_project(tmp_path / "project")
    opt_in(project.root)
    series = project.root / "data" / "series" / "sel-programme.yaml"
    series.write_text(SERIES.replace("measures: [conflict]", "measures: [conflict, went_well]"), encoding="utf-8")
    assert problems_of(project) == [
        ("programme: data/series/sel-programme.yaml framework[3].measures[1]: question 'went_well' of this "
        "event is a 'text' question the pack does not report on: measures name before/after scale "
        "questions or agreement questions only")
    ]


def test_a_framework_measuring_nothing_asked_here_is_a_config_error(tmp_path):
    project = copy_project(tmp_path / "project")
    opt_in(project.root)
    series = project.root / "data" / "series" / "sel-programme.yaml"
    text = re.sub(r"measures: \[\w+\]", "measures: [elsewhere]", SERIES)
    series.write_text(text, encoding="utf-8")
    (problem,) = problems_of(project)
    assert problem.startswith("programme: data/series/sel-programme.yaml framework[*].measures: none of elsewhere is a question of this event")


def test_a_missing_or_malformed_programme_is_a_config_error(tmp_path):
    project = copy_project(tmp_path / "project")
    opt_in(project.root)
    edit_event(project, lambda c: c.update(programme="no-such-series"))
    assert problems_of(project) == [
        ("programme: data/series/no-such-series.yaml: the file is missing: no series called "
        "'no-such-series' (series: sel-community-2023-24, sel-programme)")
    ]
    edit_event(project, lambda c: c.update(programme="sel-programme"))
    series = project.root / "data" / "series" / "sel-programme.yaml"
    series.write_text(SERIES.replace("kind: objective", "kind: aim", 1), encoding="utf-8")
    (problem,) = problems_of(project)
    assert problem.startswith("programme: data/series/sel-programme.yaml: framework[0].kind: Input should be 'objective' or 'behaviour'")


def test_load_framework_reads_the_series_file(tmp_path):
    (tmp_path / "one.yaml").write_text(SERIES, encoding="utf-8")
    items = load_framework(tmp_path, "one")
    assert items[1] == FrameworkItem(id="power_of_stories", kind="behaviour", name="The power of stories", measures=["stories"])
    assert len(items) == 5
    with pytest.raises(ConfigError):
        load_framework(tmp_path, "../one")


@pytest.fixture(scope="module")
def built(opted):
    return build_pack(opted[0], SAMPLE)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def test_the_pdf_shows_the_outcomes_section_with_its_table_and_framework(built, opted):
    _, written = opted
    text = pdf_text(built.folder / "pack.pdf")
    start = text.index("Outcomes against our programme's aims")
    section = text[start:]
    stories = expected(written, "stories")
    assert f"Stories rose by {stories['mean']:.1f} points (95% CI {stories['low']:+.1f} to {stories['high']:+.1f})." in section
    assert "Root cause showed no clear change" in section
    assert "Our programme's objectives and behaviours" in section
    assert "Positive conflict (behaviour): Not measured at this event." in section
    assert "The power of stories (behaviour): Moved: stories rose by" in section
    assert "21 people with both scores" in section
    # level 2 of the evaluation summary lists each item
    summary = text[text.index("Evaluation summary"):]
    assert "Average score, before → after: I use stories to explain why change matters" in summary


def test_the_chart_is_a_dot_and_whisker_with_alt_text_from_the_published_figures(built, opted):
    _, written = opted
    html = (built.folder / "pack.html").read_text(encoding="utf-8")
    metrics = json.loads((built.folder / "metrics.json").read_text(encoding="utf-8"))
    assert (built.folder / "charts" / "outcomes.svg").is_file()
    items = by_question(metrics)
    parts = [
        f"{o['label']} {o['mean_change']['value_text']} points ({o['mean_change']['low_text']} to {o['mean_change']['high_text']})"
        for o in metrics["outcomes"]
    ]
    alt = (
        "Dot-and-whisker chart of the change in the average score of each before-and-after question, with its 95% "
        f"confidence interval; a line marks no change: {'; '.join(parts)}."
    )
    assert f'alt="{alt}"' in html.replace("&#34;", '"')
    stories = expected(written, "stories")
    assert f"stories {stories['mean']:+.1f} points ({stories['low']:+.1f} to {stories['high']:+.1f})" in alt
    assert items["stories"]["moved"] == "up"


def test_anonymous_before_and_after_forms_are_compared_as_two_groups(tmp_path):
    """The "stories" scores before the event in an anonymous form of their own, and after in the
    (now anonymous) feedback survey: two groups, as the confidence question is then; the
    difference of the means and Welch's interval, against scipy."""
    project = copy_project(tmp_path / "project")
    written = opt_in(project.root, programme=False)
    folder = project.root / "data" / "events" / SAMPLE
    before = [s["stories_pre"] for s in written.values()][:15]  # not everyone filled in the form before
    with (folder / "before.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["Timestamp", COLUMNS["stories_pre"]], *[["2022/06/01", str(v)] for v in before]])

    def split(config):
        survey = next(s for s in config["sources"] if s["file"] == "feedback.csv")
        survey["key"] = "none"
        pre = next(q for q in survey["questions"] if q["id"] == "stories" and q["phase"] == "pre")
        survey["questions"].remove(pre)
        config["sources"].append({"file": "before.csv", "kind": "generic", "role": "survey", "key": "none", "questions": [pre]})

    edit_event(project, split)
    result = check_event(project, SAMPLE)
    item = by_question(result.metrics)["stories"]
    after = [s["stories_post"] for s in written.values()]
    welch = scipy_stats.ttest_ind(after, before, equal_var=False).confidence_interval(0.95)
    assert item["comparison"] == "groups" and item["design"] == "pre-post"
    assert item["n"] == 15 and item["n_text"] == "15 answered before, 21 after"
    assert item["pre_mean"] == round(statistics.fmean(before) + 1e-9, 1)
    assert item["post_mean"] == round(statistics.fmean(after) + 1e-9, 1)
    assert item["mean_change"]["value"] == pytest.approx(statistics.fmean(after) - statistics.fmean(before), abs=0.005)
    assert item["mean_change"]["low"] == pytest.approx(welch.low, abs=0.005)
    assert item["mean_change"]["high"] == pytest.approx(welch.high, abs=0.005)
    assert item["moved"] == ("up" if welch.low > 0 else "no clear change")
    assert "improved_phrase" not in item  # no one's own change is known


def test_validate_lists_each_before_and_after_item_with_its_figures(opted):
    from click.testing import CliRunner

    from reportgen.cli import cli

    project, written = opted
    result = CliRunner().invoke(cli, ["--root", str(project.root), "validate", SAMPLE])
    assert result.exit_code == 0, result.output
    for qid, key in (("stories", "stories"), ("root_cause", "root")):
        want = expected(written, key)
        shift = f"{round(want['pre'] + 1e-9, 1)} → {round(want['post'] + 1e-9, 1)}"
        assert f"  Before and after ({qid}): 21 people with both scores ({shift})" in result.output
