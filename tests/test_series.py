"""The series pack (issue 12): the sample series' figures against ones worked out by hand from
its exports, the wording rules, the series file's checks, suppression, the pack's HTML and PDF
text, and accessibility in Chromium (axe-core), as for event packs."""

from __future__ import annotations

import csv
import re
import shutil
import statistics

import pytest
from click.testing import CliRunner
from markupsafe import escape

from reportgen.cli import cli
from reportgen.errors import ConfigError
from reportgen.metrics import round_half_up
from reportgen.project import Project
from reportgen.series.config import load_series, series_events
from reportgen.series.figures import proportion_words, rate
from reportgen.series.pack import build_series_pack, check_series

from .conftest import ROOT, copy_project
from .layout import layout_problems
from .test_slides import slide_problems

SERIES = "sel-community-2023-24"
DATES = ["2023-05-10", "2023-07-12", "2023-10-11", "2024-01-17"]
CONF_PRE = "Before the event: how confident do you feel leading across organisational boundaries? (1 = not at all, 10 = very)"
CONF_POST = "After the event: how confident do you feel leading across organisational boundaries? (1 = not at all, 10 = very)"


def rows(event: str, name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / "events" / event / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def figures() -> dict:
    return check_series(Project(ROOT), SERIES)[2]


@pytest.fixture(scope="module")
def series_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("series") / "project")
    return build_series_pack(project, SERIES)


# --- the figures, by hand ---------------------------------------------------------------------


def attendees(event: str) -> set[str]:
    return {r["Email"].strip().lower() for r in rows(event, "attendance.csv") if r["Attended"] == "Yes"}


def test_reach_matches_the_attendance_lists(figures):
    seen: set[str] = set()
    times: dict[str, int] = {}
    expected = []
    for event in DATES:
        came = attendees(event)
        expected.append((len(came), len(came - seen), len(came & seen)))
        seen |= came
        for person in came:
            times[person] = times.get(person, 0) + 1
    got = [(r["people_shown"]["count"], r["new"]["count"], r["returning"]["count"]) for r in figures["reach"]["rows"]]
    assert got == expected
    # and the same numbers written down, so a change in the sample is noticed
    assert got == [(40, 40, 0), (41, 21, 20), (44, 15, 29), (43, 17, 26)]
    bands = [sum(1 for n in times.values() if n == 1), sum(1 for n in times.values() if n == 2),
             sum(1 for n in times.values() if n >= 3)]
    assert [f["count"] for f in figures["reach"]["frequency"]] == bands == [51, 20, 22]
    assert figures["reach"]["people"]["count"] == len(times) == 93
    assert figures["reach"]["frequency"][1]["share"]["text"] == "22%"  # 20 of 93


def test_anonymous_responses_are_counted_and_join_no_one(figures):
    july = figures["reach"]["rows"][1]
    assert july["anonymous"]["count"] == len(rows("2023-07-12", "feedback.csv")) == 30
    assert [r["anonymous"]["count"] for r in figures["reach"]["rows"]] == [0, 30, 0, 0]
    assert "30 anonymous survey responses are counted at their own event only" in " ".join(figures["reach"]["text"])


def test_confidence_means_per_event_by_hand(figures):
    found = {r["event"]: r for r in figures["outcomes"]["rows"] if r["question"] == "confidence"}
    for event in DATES:
        pre = {r["Email"].lower(): float(r[CONF_PRE]) for r in rows(event, "registrations.csv")}
        feedback = rows(event, "feedback.csv")
        if "Email address" in feedback[0]:
            post = {r["Email address"].lower(): float(r[CONF_POST]) for r in feedback}
            both = sorted(set(pre) & set(post))
            before, after = [pre[p] for p in both], [post[p] for p in both]
            assert found[event]["comparison"] == "paired" and found[event]["n_text"] == str(len(both))
        else:  # anonymous feedback: two groups
            before, after = list(pre.values()), [float(r[CONF_POST]) for r in feedback]
            assert found[event]["comparison"] == "groups"
        assert found[event]["pre_mean"] == round_half_up(statistics.fmean(before), 1)
        assert found[event]["post_mean"] == round_half_up(statistics.fmean(after), 1)
        assert found[event]["low"] < found[event]["change"] < found[event]["high"]
    assert [found[e]["shift_text"] for e in DATES] == ["4.9 → 5.7", "4.7 → 5.8", "5.4 → 7.0", "5.3 → 6.5"]
    # as each event's pack writes the change: +1.0 in July (1.049..., not 1.05 rounded twice)
    assert [found[e]["change_text"] for e in DATES] == [
        "+0.8 (+0.4 to +1.3)", "+1.0 (+0.3 to +1.8)", "+1.6 (+1.2 to +1.9)", "+1.2 (+0.7 to +1.7)"]
    stories = [r["event"] for r in figures["outcomes"]["rows"] if r["question"] == "stories"]
    assert stories == DATES  # the second before/after item (impact.outcomes), on the same chart


def test_recommend_rates_by_hand(figures):
    for event, row in zip(DATES, figures["rates"]["rows"]):
        answers = [r["Would you recommend this community to a colleague?"] for r in rows(event, "feedback.csv")]
        yes = answers.count("Yes")
        assert (row["values"]["recommend"]["numerator"], row["values"]["recommend"]["denominator"]) == (yes, len(answers))
    assert [r["values"]["recommend"]["text"] for r in figures["rates"]["rows"]] == ["74%", "67%", "69%", "71%"]


def test_themes_sit_beside_the_organisers_actions(figures):
    first, second = figures["themes"]["rows"][:2]
    assert first["actions"] == [] and {"theme": "Time to talk in breakouts", "count_text": "11"} in first["themes"]
    assert second["actions"][0].startswith("Made the breakout rooms **longer**")


def test_framework_says_what_was_measured_where(figures):
    status = {i["id"]: i["status"] for i in figures["framework"]["items"]}
    assert status == {
        "confidence_to_lead": "measured at 4 of 4 events; rose clearly at 4",
        "lead_beyond_authority": "not measured at any event",
        "power_of_stories": "measured at 4 of 4 events; rose clearly at 4",
        "meeting_people": "measured at 4 of 4 events",
        "joined_up_data": "not measured at any event",
    }


def test_follow_through_by_hand(figures):
    answers = [r["Did you take the step you committed to at the event?"] for r in rows("2023-10-11", "followup.csv")]
    did = sum(a in ("Yes", "Partly") for a in answers)
    assert (did, len(answers)) == (11, 17)
    assert [r["did_it"]["text"] for r in figures["follow_up"]["rows"]] == ["not measured", "not measured", "65%", "not measured"]
    assert figures["follow_up"]["text"] == [
        ("Follow-through on micro-actions was measured at 1 of 4 events: at 11 October 2023, over three in five of "
        "those who answered the follow-up (11 of 17) took the step they committed to.")]
    committed = [r["committed"]["count"] for r in figures["follow_up"]["rows"]]
    by_hand = [sum(1 for r in rows(e, "feedback.csv") if r["One practical step I will take in the next six weeks is..."].strip())
               for e in DATES]
    assert committed == by_hand


# --- wording -----------------------------------------------------------------------------------


@pytest.mark.parametrize("numerator,denominator,words", [
    (75, 100, "three in four"), (76, 100, "over three in four"), (50, 100, "half"), (51, 100, "over half"),
    (9, 10, "nine in ten"), (5, 100, "fewer than one in ten"), (10, 10, "all"), (0, 12, "none"),
    (2, 3, "2 of 3"), (7, 9, "7 of 9"), (20, 30, "two in three"),
])
def test_proportion_words(numerator, denominator, words):
    assert proportion_words(numerator, denominator) == words


def test_no_percentage_of_fewer_than_ten_and_no_small_count():
    assert rate(7, 9, 5)["text"] == "7 of 9"
    assert rate(2, 3, 5) == {"numerator": None, "denominator": None, "text": "fewer than 5 answered", "words": ""}
    assert rate(3, 40, 5)["text"] == "fewer than 5 of 40" and rate(3, 40, 5)["numerator"] is None
    assert rate(30, 40, 5)["text"] == "75%" and rate(30, 40, 5)["words"] == "three in four"


# --- the series file -----------------------------------------------------------------------------


def test_every_mistake_in_the_series_file_at_once(project):
    folder = project.root / "data" / "series"
    (folder / "bad.yaml").write_text(
        "title: A series\nbrand: nope\nevents: [2023-05-10, 1999-01-01, 2023-05-10]\ncolour: red\n"
        "framework:\n  - {id: the stories, kind: habit, name: x, measures: [stories]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as error:
        load_series(project, "bad", known_brands={"default"}, known_tables=set())
    message = str(error.value)
    for expected in ("colour: unknown key", "framework[0].id", "framework[0].kind"):
        assert expected in message
    (folder / "bad.yaml").write_text("title: A series\nbrand: nope\nevents: [2023-05-10, 1999-01-01, 2023-05-10]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_series(project, "bad", known_brands={"default"}, known_tables=set())
    assert error.value.problems == [
        "brand: no brand folder templates/brands/nope/ (brands: default)",
        "events[1]: no event folder data/events/1999-01-01/ with an event.yaml",
        "events[2]: 2023-05-10 is listed twice (first at events[0])",
    ]


def test_a_date_range_picks_the_events_in_it(project):
    (project.root / "data" / "series" / "range.yaml").write_text(
        "title: Range\nbrand: sel-leadership\ndates: {from: 2023-06-01, to: 2023-12-31}\n", encoding="utf-8"
    )
    assert series_events(project, load_series(project, "range")) == ["2023-07-12", "2023-10-11"]


def test_the_command_line_reports_a_missing_series_without_a_traceback(project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "series", "nope"])
    assert result.exit_code == 1
    assert "no series file (series found: sel-community-2023-24)" in result.output
    assert "Traceback" not in result.output


# --- suppression --------------------------------------------------------------------------------


def test_a_small_returning_group_is_never_published(project):
    """A second event to which only 3 of the first event's people came back: 'fewer than 5',
    and the new count hidden with it (else it would give the 3 away)."""
    first = attendees("2023-05-10")
    copy = project.root / "data" / "events" / "2023-07-13"
    shutil.copytree(project.root / "data" / "events" / "2023-07-12", copy)
    lines = (copy / "attendance.csv").read_text(encoding="utf-8").splitlines()
    kept, out = 0, [lines[0]]
    for line in lines[1:]:
        email, attended = line.rsplit(",", 1)
        if email.lower() in first and attended == "Yes":
            kept += 1
            attended = "Yes" if kept <= 3 else "No"
        out.append(f"{email},{attended}")
    (copy / "attendance.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    text = (copy / "event.yaml").read_text(encoding="utf-8").replace("date: 2023-07-12", "date: 2023-07-13")
    (copy / "event.yaml").write_text(text, encoding="utf-8")
    (project.root / "data" / "series" / "small.yaml").write_text(
        "title: Small\nbrand: sel-leadership\nevents: [2023-05-10, 2023-07-13]\n", encoding="utf-8"
    )
    build = build_series_pack(project, "small", pdf=False)
    second = build.figures["reach"]["rows"][1]
    assert second["returning"] == {"count": None, "text": "fewer than 5"}
    assert second["new"] == {"count": None, "text": "not shown"}
    html = build.html.read_text(encoding="utf-8")
    assert "<td>fewer than 5</td>" in html and "(3 returning)" not in html
    assert_no_small_count(build.figures, 5)


def assert_no_small_count(value, min_count: int, where: str = "") -> None:
    """No published count from 1 to min_count - 1 anywhere in the figures."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in {"count", "numerator", "denominator", "n"} and isinstance(item, int) and not isinstance(item, bool):
                assert not 0 < item < min_count, f"{where}.{key} = {item}"
            assert_no_small_count(item, min_count, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            assert_no_small_count(item, min_count, f"{where}[{i}]")


def test_the_sample_series_publishes_no_small_count(series_build):
    assert_no_small_count(series_build.figures, 5)
    cells = re.findall(r"<td>(\d+)</td>", series_build.html.read_text(encoding="utf-8"))
    assert cells and not [c for c in cells if 0 < int(c) < 5]


# --- the pack --------------------------------------------------------------------------------------


def test_the_pack_html_says_the_figures(series_build):
    html = series_build.html.read_text(encoding="utf-8")
    assert "<title>System leadership community 2023/24: our programme&#39;s story (4 events from 10 May 2023 to 17 January 2024)</title>" in html
    assert "93 people came to at least one of the 4 events of the series." in html
    assert "Over two in five of them (42 of 93) came to more than one." in html
    assert "Made the breakout rooms <strong>longer</strong>: 25 minutes rather than 15." in html
    assert 'Not measured at all: “Lead beyond their authority” and “Joined-up data”.' in html
    assert sorted(p.name for p in series_build.folder.iterdir()) == ["charts", "figures.json", "pack.html", "pack.pdf", "slides.pptx"]
    for chart in ("series-reach", "series-outcomes"):
        alt = (series_build.folder / "charts" / f"{chart}.txt").read_text(encoding="utf-8").strip()
        assert f'alt="{escape(alt)}"' in html
    assert "Jan 2024: 43 people, 17 new and 26 returning" in (series_build.folder / "charts" / "series-reach.txt").read_text(encoding="utf-8")


def test_the_pdf_text(series_build):
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(series_build.pdf).pages)
    text = " ".join(text.split())
    for expected in ("Who came, and who came back", "93 people came to at least one of the 4 events",
                     "You said, we did", "Did people do what they committed to?", "About these figures",
                     "4.9 → 5.7"):
        assert expected in text, expected
    assert "@" not in text  # no e-mail address, nor anything like one


# The series pack is held to the event packs' page rule (tests/layout.py). Only the first part
# starts a page after the cover; when every part did, the sample's 9 pages left pages 3, 6 and 8
# a fifth full.
SERIES_PARTS = ("Who came, and who came back",)


def test_the_series_pack_is_compact_with_no_near_empty_page(series_build):
    from pypdf import PdfReader

    assert len(PdfReader(series_build.pdf).pages) <= 6
    assert layout_problems(series_build.pdf, series_build.html.read_text(encoding="utf-8"), SERIES_PARTS) == []


def test_the_layout_check_catches_a_page_per_part_in_the_series_pack(series_build, tmp_path):
    """The check above can fail: with every part on a page of its own, as before, it names the
    near-empty pages."""
    from reportgen.export import write_pdf

    html = series_build.html.read_text(encoding="utf-8").replace(" section-continued", "")
    write_pdf(html, tmp_path / "a-page-per-part.pdf", title="test")
    problems = layout_problems(tmp_path / "a-page-per-part.pdf", html, SERIES_PARTS)
    assert any(re.search(r"page \d+ is \d+% full", p) for p in problems), problems


def test_a_failed_series_build_leaves_the_last_pack(series_build, monkeypatch):
    from reportgen.series import pack

    before = series_build.html.read_bytes()
    project = Project(series_build.folder.parent.parent.parent)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pack, "render_series_html", broken)
    with pytest.raises(RuntimeError):
        build_series_pack(project, SERIES)
    assert series_build.html.read_bytes() == before
    assert not list((project.output_dir / "series").glob(".build-*"))


# --- accessibility ------------------------------------------------------------------------------------


def test_axe_finds_no_serious_or_critical_violation_in_the_series_pack(series_build):
    from .test_browser import ARGS, AXE, axe_violations, chromium_path, visit

    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed")
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (run npm ci)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            seen = visit(browser, series_build.html)
            assert seen.blocked == [] and seen.errors == []
            assert axe_violations(seen.page) == []
            images = seen.page.locator("figure.chart img")
            assert images.count() == 2
            for i in range(images.count()):
                assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
            narrow = visit(browser, series_build.html, 390, 844)
            assert narrow.page.evaluate("document.documentElement.scrollWidth") <= 390
        finally:
            browser.close()


def test_events_read_on_every_core_give_the_same_figures(figures, monkeypatch):
    from reportgen.series import figures as module

    monkeypatch.setattr(module, "PARALLEL_FROM", 2)
    assert check_series(Project(ROOT), SERIES)[2] == figures


def test_an_event_that_fails_in_a_worker_stops_the_series_with_its_own_message(project, monkeypatch):
    from reportgen.series import figures as module

    monkeypatch.setattr(module, "PARALLEL_FROM", 2)
    (project.events_dir / "2023-10-11" / "attendance.csv").write_text("Email,Attended\nsomeone@x.example,Maybe\n", encoding="utf-8")
    with pytest.raises(Exception) as error:
        check_series(project, SERIES)
    assert "attendance.csv" in str(error.value)


def test_representation_by_hand(figures):
    """12 July 2023: 19 of the 41 people there were White (46%), against 60% of the south east
    London population: a ratio of 0.77 (below 0.8) and 14 points under, so under-represented."""
    came = attendees("2023-07-12")
    ethnicity = [r["Ethnic group"] for r in rows("2023-07-12", "registrations.csv") if r["Email"].lower() in came]
    assert (ethnicity.count("White"), len(ethnicity)) == (19, 41)
    july = figures["representation"]["rows"][1]
    white = next(c for c in july["categories"] if c["category"] == "White")
    assert (white["count_text"], white["share_text"], white["flag"]) == ("19", "46%", "under")
    assert july["under"] == ["White"]
    assert [r["under"] for r in figures["representation"]["rows"]] == [[], ["White"], [], []]
    assert figures["representation"]["population"][0] == {"category": "White", "text": "60%"}
    assert figures["representation"]["text"] == ["Under-represented: White colleagues at 1 of 4 events."]


def test_follow_through_from_the_follow_up_figures():
    """metrics["follow_up"] (ISSUE 12 interface 3) as the follow-up branch publishes it."""
    from types import SimpleNamespace

    from reportgen.series.figures import follow_up

    def event(name: str, metrics: dict) -> SimpleNamespace:
        return SimpleNamespace(event=name, metrics=metrics)

    rows = follow_up([
        event("a", {"micro_actions": {"count": 22}, "follow_up": {"committed": 22, "answered": 16, "did_it": {"numerator": 12, "denominator": 16, "pct": 75.0, "text": "75%"}, "text": "x"}}),
        event("b", {"micro_actions": {"count": 3}, "follow_up": {"did_it": {"numerator": None, "denominator": 3, "text": "fewer than 5"}, "text": "y"}}),
        event("c", {"micro_actions": {"count": 20}}),
    ], 5)
    assert [r["did_it"]["text"] for r in rows["rows"]] == ["75%", "fewer than 5", "not measured"]
    assert rows["rows"][0]["did_it"]["words"] == "three in four"
    assert [r["committed"]["text"] for r in rows["rows"]] == ["22", "fewer than 5", "20"]
    assert rows["text"] == ["Follow-through on micro-actions was measured at 2 of 3 events."]


def test_the_series_slides_carry_its_published_figures_and_each_chart_with_its_alt_text(series_build):
    """slides.pptx beside the series pack: the title, the headline figures as figures.json
    publishes them (93 people; 42 came to more than one event: 20 + 22), each chart with the
    alt text of charts/<id>.txt."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    folder = series_build.folder
    slides = list(Presentation(str(folder / "slides.pptx")).slides)
    everything = [shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame]
    assert "System leadership community 2023/24" in everything
    assert "Our programme's story · 4 events from 10 May 2023 to 17 January 2024" in everything
    assert "93" in everything and "42" in everything
    pictures = [shape for slide in slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    alts = sorted(path.read_text(encoding="utf-8").strip() for path in (folder / "charts").glob("*.txt"))
    assert sorted(p._element.nvPicPr.cNvPr.get("descr") for p in pictures if p.name != "Logo") == alts
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures if p.name == "Logo"] == [
        "South east London system leadership community"]
    # every slide as a viewer draws it: inside the slide, text in its box, nothing stretched
    assert slide_problems(folder / "slides.pptx", "source-sans-pro") == []


# --- the synthetic series of make bench ----------------------------------------------------------


def registrants(project, event: str) -> set[str]:
    with (project.events_dir / event / "registrations.csv").open(encoding="utf-8-sig") as handle:
        return {r["Email"] for r in csv.DictReader(handle)}


def test_a_synthetic_series_brings_people_back_and_builds(tmp_path):
    """synthetic.write_series (bench's series part): the same bytes for the same arguments; after
    the first event three in five registrants (12 of 20) registered before and two in five are
    new; its series file loads and its reach counts the returning attendees."""
    from reportgen.synthetic import write_series

    from .events import minimal_project

    project = minimal_project(tmp_path / "one")
    names = write_series(project.root, "synthetic", events=3, people=20)
    again = minimal_project(tmp_path / "two")
    assert write_series(again.root, "synthetic", events=3, people=20) == names == ["synthetic-01", "synthetic-02", "synthetic-03"]
    for path in sorted((project.root / "data").rglob("*.*")):
        if path.suffix in {".csv", ".yaml"} and "reference" not in path.parts:
            assert path.read_bytes() == (again.root / path.relative_to(project.root)).read_bytes(), path
    seen: set[str] = set()
    for event in names:
        people = registrants(project, event)
        assert len(people) == 20
        if seen:
            assert len(people & seen) == 12
        seen |= people
    figures = check_series(project, "synthetic")[2]
    came = [attendees_of(project, e) for e in names]
    expected_returning = [0, len(came[1] & came[0]), len(came[2] & (came[0] | came[1]))]
    assert [r["returning"]["count"] for r in figures["reach"]["rows"]] == expected_returning
    assert expected_returning[2] >= 5  # people do come back


def attendees_of(project, event: str) -> set[str]:
    with (project.events_dir / event / "attendance.csv").open(encoding="utf-8-sig") as handle:
        return {r["Email"].strip().lower() for r in csv.DictReader(handle) if r["Attended"] == "Yes"}
