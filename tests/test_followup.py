"""Follow-up on commitments (issue 12, Kirkpatrick level 3): a follow-up survey sent weeks after
the sample event links back to the people who committed to a step, by e-mail.

The test event is a copy of 2022-06-07 with a follow-up export written here (20 rows). Its
figures, worked out by hand from feedback.csv and the rows below:

- committed (a micro-action that says something): yasmin.morgan, deborah.ali, naomi.doyle,
  fatima.osei, gemma.clarke, jade.doyle, emeka.murphy, kemi.clarke, georgia.shah, sian.boateng,
  kofi.bennett, adebayo.okafor, sian.kelly = 13 (tom.edwards wrote "-", gemma.khan "N/A", and
  leah.edwards, olivia.khan, amira.hughes, isla.thompson, bethany.reid, harriet.mensah nothing);
- answered the follow-up, of them: all but kofi.bennett = 12;
- did it ("Yes"; "Partly" is not): yasmin, deborah, naomi, jade, emeka, kemi, sian.boateng,
  adebayo = 8 of 12 = 66.67% -> "67%"; did not: fatima (Partly), gemma.clarke, georgia.shah,
  sian.kelly = 4;
- set aside: three e-mails that are no one at the event (rows 18, 19 and 20 of the file,
  counting the header as row 1) and one row with no e-mail (row 21); leah.edwards, tom.edwards,
  gemma.khan (no micro-action) and mohammed.clarke (registered, not in the survey) are linked
  but not counted;
- quotes ("what changed" of those who did it, consented in the follow-up): yasmin, naomi,
  jade, emeka (with "Joanna Shah" redacted), sian.boateng, adebayo; not deborah (said No to
  quoting), not kemi (no answer), nor anyone who did not do it.
"""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from reportgen.config import load_event_config, read_yaml
from reportgen.errors import ConfigError
from reportgen.etl import FOLLOW_UP_ANONYMOUS, FOLLOW_UP_UNKNOWN, DataQuality, TidyEvent, build_tidy
from reportgen.metrics import LEVEL_3_UNKNOWN, follow_up_figures
from reportgen.pipeline import build_pack, check_event
from reportgen.validation import validation_report

from .conftest import SAMPLE

FILE = "follow-up.csv"
_CONFIG = None  # the property test's config, loaded on first use
HEADER = ["Email", "Did you do the step you committed to?", "What changed?", "May we quote your answer?"]
ROWS = [
    ["yasmin.morgan@bexleycouncil.example", "Yes", "Our voluntary sector partners now come to every planning day.", "Yes"],
    ["Deborah.Ali@KingsHosp.example", "Yes", "My team now names the conflict in the room instead of avoiding it.", "No"],
    ["naomi.doyle@southwarkvcs.example", "Yes", "The team uses the principles to open every project meeting.", "Yes"],
    ["fatima.osei@kingshosp.example", "Partly", "We met once but have not kept it going yet.", "Yes"],
    ["gemma.clarke@lambethpcn.example", "No", "Nothing yet, the winter pressures got in the way.", "Yes"],
    ["jade.doyle@greenwich-care.example", "Yes", "We now share one plan for smoking cessation across two boroughs.", "Yes"],
    ["emeka.murphy@selhealth.example", "Yes", "Joanna Shah now chairs every other meeting and others speak more.", "Yes"],
    ["kemi.clarke@bexleycouncil.example", "Yes", "", "Yes"],
    ["georgia.shah@kingshosp.example", "No", "I could not find the time to map the work this quarter.", "Yes"],
    ["sian.boateng@lambethpcn.example", "Yes", "Opening with a story changed the tone of our programme board.", "Yes"],
    ["adebayo.okafor@bexleycouncil.example", "Yes", "Partners now tell us what they need before decisions are made.", "Yes"],
    ["sian.kelly@southwarkvcs.example", "No", "", "No"],
    ["leah.edwards@selhealth.example", "Yes", "I started a peer learning group in my directorate.", "Yes"],
    ["tom.edwards@bexleycouncil.example", "Yes", "I now ask partners first before I plan anything new.", "Yes"],
    ["mohammed.clarke@kingshosp.example", "Yes", "I joined the cross-borough discharge group last month.", "Yes"],
    ["gemma.khan@selhealth.example", "No", "", "Yes"],
    ["stranger.one@elsewhere.example", "Yes", "I did everything I said I would and more besides.", "Yes"],
    ["new.person@nowhere.example", "Yes", "This quote must never be printed in the pack.", "Yes"],
    ["zara.okoye@elsewhere.example", "No", "", "Yes"],
    ["", "Yes", "An answer with no e-mail address at all.", "Yes"],
]
SOURCE = {
    "file": FILE,
    "kind": "generic",
    "role": "follow_up",
    "key": {"column": "Email", "type": "email"},
    "questions": [
        {"id": "did_it", "column": HEADER[1], "text": "Did you do the step you committed to?", "type": "choice",
         "answers": {"Yes": "Yes", "Partly": "Partly", "No": "No"}},
        {"id": "what_changed", "column": HEADER[2], "text": "What changed?", "type": "text"},
        {"id": "follow_up_consent", "column": HEADER[3], "text": "May we quote your answer?", "type": "choice",
         "answers": {"Yes": "Yes", "No": "No"}},
    ],
}
FOLLOW_UP = {
    "did_it": {"question": "did_it", "positive": ["Yes"]},
    "what_changed": "what_changed",
    "consent": {"question": "follow_up_consent", "positive": ["Yes"]},
}
QUOTES = [
    "Our voluntary sector partners now come to every planning day.",
    "The team uses the principles to open every project meeting.",
    "We now share one plan for smoking cessation across two boroughs.",
    "[name] now chairs every other meeting and others speak more.",
    "Opening with a story changed the tone of our programme board.",
    "Partners now tell us what they need before decisions are made.",
]
TEXT = (
    "Of the 12 people who committed to a step and answered the follow-up, 8 did it (67%). "
    "Fewer than 3 of the 13 who committed did not answer it."
)


def with_follow_up(project, *, source=None, follow_up=None, rows=None, min_count=3) -> None:
    """The sample event plus the follow-up export and its event.yaml keys."""
    folder = project.event_dir(SAMPLE)
    with (folder / FILE).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *(ROWS if rows is None else rows)])
    path = folder / "event.yaml"
    config = read_yaml(path.read_text(encoding="utf-8"))
    config["sources"].append(SOURCE if source is None else source)
    if follow_up is not False:
        config["impact"]["follow_up"] = FOLLOW_UP if follow_up is None else follow_up
    config["privacy"] = {"min_count": min_count}
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def load(project):
    folder = project.event_dir(SAMPLE)
    return load_event_config(
        folder, known_brands={"sel-leadership"}, known_tables={"ethnicity-census2021", "borough-population-census2021"}
    ), folder


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_follow_up_figures_match_the_hand_count(project):
    with_follow_up(project)
    checked = check_event(project, SAMPLE)
    f = checked.metrics["follow_up"]
    assert checked.metrics["micro_actions"]["count"] == 13  # the same commitments the pack counts
    assert (f["committed"], f["answered"]) == (13, 12)
    assert {k: f["did_it"][k] for k in ("numerator", "denominator", "pct", "text")} == {
        "numerator": 8, "denominator": 12, "pct": 66.7, "text": "67%",
    }
    assert f["text"] == TEXT
    assert f["quotes"] == QUOTES
    assert f["level"] == 3 and f["recorded"] is True
    assert "This quote must never be printed" not in str(checked.metrics)
    level_3 = checked.metrics["evaluation"][2]
    assert level_3["measured"] and level_3["note"] == ""
    assert level_3["items"] == [{
        "label": "Did the step they committed to (asked in a follow-up survey)",
        "value": "67%",
        "basis": "of 12 who committed to a step and answered the follow-up",
    }]


def test_the_follow_up_adds_no_one_and_makes_no_one_a_respondent(project):
    config, folder = load(project)
    before = build_tidy(config, folder).participants
    with_follow_up(project)
    config, folder = load(project)
    tidy = build_tidy(config, folder)
    after = tidy.participants
    assert len(after) == len(before)
    assert after["responded"].sum() == before["responded"].sum() == 21
    report = next(r for r in tidy.quality.sources if r.role == "follow_up")
    assert (report.rows_read, report.rows_used, report.people) == (20, 16, 16)
    assert report.skipped[FOLLOW_UP_UNKNOWN] == [18, 19, 20]
    assert next(p for p in report.warnings if p.message == FOLLOW_UP_UNKNOWN).rows == [18, 19, 20]
    assert any("no value in 'Email'" in reason and rows == [21] for reason, rows in report.skipped.items())
    follow_answers = tidy.responses[tidy.responses["source"] == FILE]
    assert follow_answers["participant_id"].nunique() == 16
    text = validation_report(SAMPLE, "t", "d", tidy.quality, check_event(project, SAMPLE).metrics)
    assert "    - Warning: 3 rows (18, 19, 20): answered the follow-up but is not anyone" in text
    assert f"  Follow-up: {TEXT}" in text
    assert "OK: no errors" in text


def test_small_counts_are_suppressed_in_public_but_not_private(project):
    with_follow_up(project, min_count=5)
    checked = check_event(project, SAMPLE)
    f, private = checked.metrics["follow_up"], checked.private_metrics["follow_up"]
    # 8 did it and 4 did not: the 4 is small, and 12 - 8 would give it away, so both are hidden.
    assert f["did_it"]["numerator"] is None and f["did_it"]["pct"] is None
    assert f["did_it"]["text"] == "not shown" and f["value"] == "not shown"
    assert f["text"] == (
        "Of the 12 people who committed to a step and answered the follow-up, the number who did it "
        "is not shown (a small count could be worked out from it). Fewer than 5 of the 13 who committed did not answer it."
    )
    assert "8 did it" not in str(checked.metrics) and "67%" not in str(checked.metrics["follow_up"])
    assert private["did_it"]["numerator"] == 8
    assert len(f["quotes"]) == 6  # at least 6 did it: still 8 to 11 as far as a reader can tell


def test_quotes_follow_the_event_consent_rule_without_a_follow_up_consent_question(project):
    without_consent = {k: v for k, v in FOLLOW_UP.items() if k != "consent"}
    with_follow_up(project, follow_up=without_consent)
    quotes = check_event(project, SAMPLE).metrics["follow_up"]["quotes"]
    # The survey's quote_consent now decides: deborah.ali said Yes there, so she is quoted.
    assert quotes[:2] == [QUOTES[0], "My team now names the conflict in the room instead of avoiding it."]
    assert len(quotes) == 6  # max_quotes


def test_the_pack_shows_the_follow_up_section_and_level_3(project):
    with_follow_up(project)
    result = build_pack(project, SAMPLE)
    html = result.html.read_text(encoding="utf-8")
    assert 'id="follow-up"' in html
    assert html.index('id="micro-actions"') < html.index('id="follow-up"') < html.index('id="evaluation-summary"')
    pdf = squash("\n".join(page.extract_text() for page in PdfReader(result.pdf).pages))
    assert "Did people do what they committed to?" in pdf
    assert squash(TEXT) in pdf
    assert "[name] now chairs every other meeting" in pdf
    assert "Joanna Shah now chairs" not in pdf and "must never be printed" not in pdf
    assert "Did the step they committed to (asked in a follow-up survey)" in pdf
    assert "from the event’s registration, attendance, feedback survey and follow-up survey exports" in pdf
    assert "Not measured at this event" not in html.split('id="evaluation-summary"')[1].split("3. Behaviour")[1]


def test_an_anonymous_follow_up_is_not_recorded(project):
    source = {**SOURCE, "key": "none"}
    with_follow_up(project, source=source)
    result = build_pack(project, SAMPLE, pdf=False)
    f = result.metrics["follow_up"]
    assert f["recorded"] is False and f["answered"] is None and f["did_it"] is None and f["quotes"] == []
    assert f["text"].startswith("Not recorded: the follow-up survey was anonymous")
    assert f["committed"] == 13
    assert result.metrics["evaluation"][2]["items"][0]["value"] == "not recorded"
    html = squash(result.html.read_text(encoding="utf-8"))
    assert "Not recorded: the follow-up survey was anonymous, so no answer can be linked" in html
    assert "This quote must never be printed" not in html
    config, folder = load(project)
    tidy = build_tidy(config, folder)
    report = next(r for r in tidy.quality.sources if r.role == "follow_up")
    assert report.rows_used == 0 and report.rows_skipped == 20 and not report.errors
    assert [(p.message, len(p.rows)) for p in report.warnings] == [(FOLLOW_UP_ANONYMOUS, 20)]
    assert len(tidy.participants) == len(build_tidy(*_without_follow_up(project)).participants)
    assert not tidy.participants["anonymous"].any()  # no anonymous person was made from its rows


def _without_follow_up(project):
    config, folder = load(project)
    trimmed = config.model_copy(update={
        "sources": [s for s in config.sources if s.role != "follow_up"],
        "impact": config.impact.model_copy(update={"follow_up": None}),
    })
    return trimmed, folder


def test_no_follow_up_says_level_3_is_not_known(sample_metrics):
    assert "follow_up" not in sample_metrics
    level_3 = sample_metrics["evaluation"][2]
    assert not level_3["measured"] and level_3["note"] == LEVEL_3_UNKNOWN


@pytest.mark.parametrize(
    ("source", "follow_up", "message"),
    [
        (None, False, "sources[3].role: a follow_up source needs 'impact.follow_up'"),
        (None, {**FOLLOW_UP, "did_it": {"question": "recommend", "positive": ["Yes"]}},
         "impact.follow_up.did_it.question: 'recommend' is not a question of a follow_up source"),
        (None, {**FOLLOW_UP, "did_it": {"question": "did_it", "positive": ["Done"]}},
         "impact.follow_up.did_it.positive: 'Done' is not an answer of 'did_it'"),
        (None, {**FOLLOW_UP, "did_it": {"question": "nope", "positive": ["Yes"]}},
         "impact.follow_up.did_it.question: no question has id 'nope'"),
        (None, {**FOLLOW_UP, "what_changed": "did_it"},
         "impact.follow_up.what_changed: question 'did_it' is 'choice', expected text"),
        (None, {**FOLLOW_UP, "what_changed": "improve"},
         "impact.follow_up.what_changed: 'improve' is not a question of a follow_up source"),
        ({**SOURCE, "role": "survey"}, None, "impact.follow_up: no source has 'role: follow_up'"),
        ({**SOURCE, "fields": {"gender": {"column": "Email"}}}, None,
         "sources[3].fields: a follow-up source reads questions only"),
    ],
)
def test_config_mistakes_are_named(project, source, follow_up, message):
    with_follow_up(project, source=source, follow_up=follow_up)
    with pytest.raises(ConfigError) as caught:
        load(project)
    assert message in str(caught.value)


def _config_with_follow_up():
    """The test event's config, loaded once for the property test (a copy in a temp folder)."""
    import tempfile
    from pathlib import Path

    from .conftest import copy_project

    folder = Path(tempfile.mkdtemp(prefix="followup-config-"))
    project = copy_project(folder / "project")
    with_follow_up(project)
    return load(project)[0]


PEOPLE = st.lists(
    st.tuples(
        st.booleans(),  # named a micro-action
        st.sampled_from([None, "Yes", "Partly", "No"]),  # follow-up answer (None: did not answer)
        st.booleans(),  # agreed to be quoted in the follow-up
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(people=PEOPLE, min_count=st.sampled_from([1, 3, 5]))
@example(people=[(True, "Yes", True)] * 2 + [(True, "No", True)] * 3, min_count=3)  # 2 quotes would pin "fewer than 3"
@example(people=[(True, "Yes", True)] * 4 + [(False, "Yes", True)] + [(True, None, True)], min_count=5)
def test_follow_up_figures_hold_for_any_answers(people, min_count):
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = _config_with_follow_up()
    rows = []
    for i, (committed, answer, consent) in enumerate(people):
        pid = f"P{i + 1:03d}"
        rows.append((pid, "micro_action", "Phone a partner I met tonight." if committed else "N/A", "feedback.csv"))
        if answer is not None:
            rows.append((pid, "did_it", answer, FILE))
            rows.append((pid, "what_changed", f"Change number {i} happened in my team.", FILE))
            rows.append((pid, "follow_up_consent", "Yes" if consent else "No", FILE))
    responses = pd.DataFrame(
        [(p, q, "none", v, None, s) for p, q, v, s in rows],
        columns=["participant_id", "question_id", "phase", "value", "numeric_value", "source"],
    )
    tidy = TidyEvent(pd.DataFrame(), responses, DataQuality([], []))
    f = follow_up_figures(tidy, _CONFIG, min_count)
    committed = [p for p in people if p[0]]
    answered = [p for p in committed if p[1] is not None]
    did = [p for p in answered if p[1] == "Yes"]
    assert (f["committed"], f["answered"]) == (len(committed), len(answered))
    quotable = sum(1 for p in did if p[2])
    if not answered:
        assert f["did_it"] is None and f["quotes"] == []
        return
    shown = f["did_it"]["numerator"]
    assert f["did_it"]["denominator"] == len(answered)
    if shown is None:  # suppressed: the count is in no published text, and the quotes do not pin it
        assert min_count > 1
        small = [n for n in (len(did), len(answered) - len(did)) if 0 < n < min_count]
        assert small, "a count is hidden only when it, or the count beside it, is small"
        assert f"{len(did)} did it" not in f["text"] and f"({f['did_it']['text']})" not in f["text"]
        assert f["value"] == f["did_it_count_text"] == f["did_it"]["text"] in (f"fewer than {min_count}", "not shown")
        assert len(f["quotes"]) <= min(len(did), quotable)
        if f["did_it"]["suppressed"] == "small":  # "fewer than N" and N - 1 quotes would give it away
            assert len(f["quotes"]) <= min_count - 2
    else:
        assert shown == len(did)
        assert (min_count == 1 or not 0 < len(did) < min_count) and (min_count == 1 or not 0 < len(answered) - len(did) < min_count)
        assert len(f["quotes"]) == min(quotable, _CONFIG.impact.max_quotes)
        percent = f"({f['did_it']['text']})"
        assert (percent in f["text"]) == (len(answered) >= _CONFIG.statistics.small_sample)


def test_validate_names_the_follow_up_survey_in_words(project):
    from click.testing import CliRunner

    from reportgen.cli import cli

    with_follow_up(project)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "validate", SAMPLE])
    assert result.exit_code == 0, result.output
    assert "(follow-up survey" in result.output and "follow_up" not in result.output
