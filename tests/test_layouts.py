"""Every layout variant in tests/exports/, end to end: ``init`` recognises it, its event.yaml
validates and builds as written into a first-draft pack, and the pack's figures are the ones
worked out by hand from the fixture (scripts/make_test_exports.py says what each row holds)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import read_yaml
from reportgen.pipeline import build_pack
from reportgen.readers import REGISTRY

EXPORTS = Path(__file__).parent / "exports"
EVENT = "2024-03-14"


@dataclass(frozen=True)
class Layout:
    """One event made from fixtures, what ``init`` should write for it, and its figures."""

    files: tuple[str, ...]
    sources: list[tuple[str, str, object]]  # (kind, role, key) per source written
    figures: dict[str, object] = field(default_factory=dict)  # "section.key" -> value, from metrics
    means: dict[str, float] = field(default_factory=dict)  # question id -> mean score, from tidy data
    pdf: bool = False



LAYOUTS = {
    # Ama submitted twice (rows 2 and 5): 3 people.
    "msforms 2019": Layout(("msforms.xlsx",), [("msforms", "survey", ("Email", "email"))],
                           {"feedback.respondents": 3}),
    # Anonymous: 'anonymous' in Email; rows 3 and 4 share a second and are still 2 people.
    # Recommend: Yes, Yes, Maybe, Yes, No = 3 of 5. Actions: 4 answers (row 5 blank).
    "msforms 2024 anonymous": Layout(
        ("msforms_2024_anonymous.xlsx",), [("msforms", "survey", ("Id", "response"))],
        {"feedback.respondents": 5, "recommend.numerator": 3, "recommend.denominator": 5,
         "micro_actions.count": 4}, {"confident_feel_leading_change": 7.0}, pdf=True),  # 7, 8, 6, 9, 5
    "googleforms csv": Layout(("googleforms.csv",), [("googleforms", "survey", ("Email address", "email"))],
                              {"feedback.respondents": 3}),
    # No e-mail column: each row its own respondent, the two rows of 11:30:05 included; the hidden
    # sheet (one row) is not read.
    "googleforms sheet xlsx": Layout(("googleforms_sheet.xlsx",), [("googleforms", "survey", "none")],
                                     {"feedback.respondents": 4}, {"useful_session_1_5": 4.0}),  # 4, 5, 3, 4
    "surveymonkey": Layout(("surveymonkey.csv",), [("surveymonkey", "survey", ("Email Address", "email"))],
                           {"feedback.respondents": 3}),
    # Email Address empty in every row: the contact block's addresses are the key.
    "surveymonkey contact": Layout(
        ("surveymonkey_contact.csv",),
        [("surveymonkey", "survey", ("Contact information [Email Address]", "email"))],
        {"feedback.respondents": 3}),
    # A preview and an unfinished response set aside: Ama (4 -> 7) and Chen (6 -> 6), a then-test.
    "qualtrics current": Layout(
        ("qualtrics.csv",), [("qualtrics", "survey", ("RecipientEmail", "email"))],
        {"feedback.respondents": 2, "confidence.n_paired": 2, "confidence.pre_mean": 5.0,
         "confidence.post_mean": 6.5, "confidence.design": "then-test"}),
    # Legacy: rows 3 (preview, Status 1) and 5 (Finished 0) set aside; Yes, No, Yes recommend.
    "qualtrics legacy": Layout(
        ("qualtrics_legacy.csv",), [("qualtrics", "survey", ("EmailAddress", "email"))],
        {"feedback.respondents": 3, "recommend.numerator": 2, "recommend.denominator": 3},
        {"confident_feel_leading_change": 4.0}),  # 4, 3, 5
    # Insights: anonymous link, four finished responses: before 3, 2, 4, 5 (3.5); after 5, 6, 4, 7 (5.5).
    "qualtrics insights": Layout(
        ("qualtrics_insights.csv",), [("qualtrics", "survey", ("ResponseID", "response"))],
        {"feedback.respondents": 4, "confidence.n_paired": 4, "confidence.pre_mean": 3.5,
         "confidence.post_mean": 5.5, "confidence.improved.numerator": 3}),
    # Zoë's ticket refunded; Ben booked twice: Ama, Ben, Chen.
    "eventbrite": Layout(("eventbrite.csv",), [("eventbrite", "registration", ("Email", "email"))],
                         {"attendance.registered": 3}),
    # Eric's ticket not attending; Ama, Ben, Chen checked in, Dee did not.
    "eventbrite check-in": Layout(
        ("eventbrite_checkin.csv",),
        [("eventbrite", "registration", ("Email", "email")), ("eventbrite", "attendance", ("Email", "email"))],
        {"attendance.registered": 4, "attendance.attended": 3, "attendance.attendance_rate.pct": 75.0}),
    # Webinar: Ama joined twice, Chen once, Ben registered but did not come; hosts and panelists left out.
    "zoom webinar": Layout(("zoom_attendees.csv",), [("zoom_attendees", "attendance", ("Email", "email"))],
                           {"attendance.attended": 2}),
    # Meeting with summary: Ama rejoined, the guest 'iPhone' has no address: Ama, Ben, Chen.
    "zoom meeting": Layout(("zoom_meeting.csv",), [("zoom_attendees", "attendance", ("User Email", "email"))],
                           {"attendance.attended": 3}),
    "zoom meeting plain": Layout(("zoom_meeting_plain.csv",), [("zoom_attendees", "attendance", ("Email", "email"))],
                                 {"attendance.attended": 2}),
    # Polls at the start (Ama 5, Chen 6) and the end (Ama 8, Chen 6).
    "zoom polls": Layout(
        ("zoom_polls.csv",), [("zoom_polls", "poll", ("Email Address", "email"))],
        {"confidence.n_paired": 2, "confidence.pre_mean": 5.5, "confidence.post_mean": 7.0}),
    "generic": Layout(("generic.csv",), [("generic", "survey", ("Participant code", "code"))],
                      {"feedback.respondents": 3}),
    # Excel's "Unicode text": UTF-16, tab-separated; a registration list (by its file name).
    "unicode text": Layout(("registrations_unicode.txt",), [("generic", "registration", ("Email", "email"))],
                           {"attendance.registered": 3}, {"confident_today_0_10": 5.67}),  # 5, 4, 8
    # A registration scale "today? (0-10)" paired with the survey's "now? (0-10)" by wording:
    # checked in and answered Ama 5 -> 8, Ben 4 -> 6, Chen 6 -> 9 (23 / 3 = 7.7 as the pack rounds it); Dee registered (7) only.
    "registration and survey": Layout(
        ("eventbrite_checkin.csv", "surveymonkey_contact.csv"),
        [("eventbrite", "registration", ("Email", "email")), ("eventbrite", "attendance", ("Email", "email")),
         ("surveymonkey", "survey", ("Contact information [Email Address]", "email"))],
        {"attendance.registered": 4, "attendance.attended": 3, "feedback.respondents": 3,
         "confidence.n_paired": 3, "confidence.pre_only": 1, "confidence.pre_mean": 5.0,
         "confidence.post_mean": 7.7, "confidence.design": "pre-post"}),
}


def _figure(metrics: dict, path: str) -> object:
    value: object = metrics
    for part in path.split("."):
        value = value[part]  # type: ignore[index]
    return round(value, 2) if isinstance(value, float) else value


def _key(source: dict) -> object:
    key = source["key"]
    return key if isinstance(key, str) else (key["column"], key["type"])


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_init_recognises_each_layout_and_its_event_builds_as_written(project, name):
    layout = LAYOUTS[name]
    runner = CliRunner()
    files = [str(EXPORTS / f) for f in layout.files]
    made = runner.invoke(cli, ["--root", str(project.root), "init", EVENT, "--from", *files])
    assert made.exit_code == 0, made.output
    config = read_yaml((project.events_dir / EVENT / "event.yaml").read_text(encoding="utf-8"))
    assert [(s["kind"], s["role"], _key(s)) for s in config["sources"]] == layout.sources
    checked = runner.invoke(cli, ["--root", str(project.root), "validate", EVENT])
    assert checked.exit_code == 0, checked.output
    result = build_pack(project, EVENT, pdf=layout.pdf)
    private = json.loads((result.folder / "private" / "metrics.private.json").read_text(encoding="utf-8"))
    assert {path: _figure(private, path) for path in layout.figures} == layout.figures
    responses = pd.read_csv(result.folder / "private" / "tidy" / "responses.csv")
    means = responses.groupby("question_id")["numeric_value"].mean().round(2)
    assert {qid: means[qid] for qid in layout.means} == layout.means
    html = (result.folder / "pack.html").read_text(encoding="utf-8")
    assert "TODO: the event" in html  # the first-draft title, as init wrote it
    if layout.pdf:
        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(result.folder / "pack.pdf").pages)
        assert "TODO: the event" in text


def test_every_variant_has_its_fixture_and_a_layout_here():
    fixtures = {v.fixture for kind in REGISTRY for v in kind.variants}
    assert all((EXPORTS / f).is_file() for f in fixtures)
    covered = {f for layout in LAYOUTS.values() for f in layout.files}
    assert fixtures <= covered
    assert all(v.last_seen[:4].isdigit() for kind in REGISTRY for v in kind.variants)


def test_docs_list_every_variant_with_the_date_last_seen():
    rows = [line for line in (Path(__file__).parent.parent / "docs" / "formats.md").read_text(encoding="utf-8")
            .splitlines() if line.startswith("| ") and line.rstrip().endswith("` |")]
    for kind in REGISTRY:
        for variant in kind.variants:
            row = next((r for r in rows if f"`{variant.fixture}`" in r), None)
            assert row is not None, variant
            assert f"(`{kind.name}`)" in row and f"| {variant.last_seen} |" in row
