"""The section library and the second sample pack (2022-03-02, Courageous Conversations):
sections chosen in event.yaml, left out with a warning when their data is missing, and two
programmes' packs built from the same templates in different brands."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from reportgen.cli import cli
from reportgen.pipeline import build_pack
from reportgen.sections import DEFAULT_SECTIONS, SECTIONS

from .conftest import ROOT, SAMPLE, copy_project, pdf_font_names

LIFT = "2022-03-02"


def test_every_section_has_one_template_and_every_template_is_a_section():
    files = {p.name.removesuffix(".html.j2") for p in (ROOT / "templates" / "sections").glob("*.html.j2")}
    assert files == set(SECTIONS)
    assert set(DEFAULT_SECTIONS) <= set(SECTIONS)


@pytest.fixture(scope="module")
def lift(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("lift") / "project")
    return build_pack(project, LIFT)


@pytest.fixture(scope="module")
def lift_text(lift) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(lift.pdf).pages))


def test_second_pack_holds_its_headline_figures(lift, lift_text):
    m = lift.metrics
    assert (m["attendance"]["attended"], m["attendance"]["registered"]) == (70, 96)
    poll = m["polls"][0]
    yes = next(o for o in poll["options"] if o["option"] == "Yes")
    assert (poll["respondents"], yes["count"]) == (33, 18)  # 18/33 = 54.5%: "over half"
    assert (m["recommend"]["numerator"], m["recommend"]["denominator"], m["recommend"]["text"]) == (19, 19, "100%")
    assert (m["agreements"][0]["numerator"], m["agreements"][0]["text"]) == (19, "100%")
    assert m["feedback"]["respondents"] == 19
    for expected in [
        "Courageous Conversations",
        "We had 70 people join us",
        "33 people answered the poll. Over 50% (18 of 33) answered “Yes”.",
        "Why people came",
        "The most common answers were build my leadership skills, hear from the speakers and protected time for reflection.",
        "Opening perspective",
        "Key themes from the discussions",
        "Closing reflections",
        "5 mins",
        "30 mins",
        "would recommend an event like this to a colleague",
        "19 of 19 who answered",
        "Evaluation summary",
    ]:
        assert expected in lift_text, expected


def test_second_pack_is_in_its_own_brand(lift):
    fonts = pdf_font_names(lift.pdf)
    assert fonts and all(name.startswith("Lato") for name in fonts), fonts
    html = lift.html.read_text(encoding="utf-8")
    assert "--primary: #" in html and "Project Lift" in html
    sel = (ROOT / "templates" / "brands" / "sel-leadership" / "brand.yaml").read_text(encoding="utf-8")
    lift_brand = (ROOT / "templates" / "brands" / "project-lift" / "brand.yaml").read_text(encoding="utf-8")
    primary = re.compile(r'primary: "(#[0-9a-fA-F]{6})"')
    assert primary.search(sel)[1] != primary.search(lift_brand)[1]
    assert f"--primary: {primary.search(lift_brand)[1]}" in html


def test_sections_follow_event_yaml_order(lift):
    html = lift.html.read_text(encoding="utf-8")
    order = [m for m in re.findall(r'<section class="[^"]*" id="([a-z-]+)"', html)]
    assert order[:5] == ["agenda", "who-was-in-the-room", "why-people-came", "poll-results", "speaker"]
    assert order[-1] == "thank-you"


def run(project, *args):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def test_a_section_without_data_is_left_out_with_a_warning(project):
    path = project.event_dir(SAMPLE) / "event.yaml"
    text = path.read_text(encoding="utf-8")
    text += "\nsections: [cover, who_was_in_the_room, speaker, measuring_impact, host_your_own, thank_you]\n"
    path.write_text(text, encoding="utf-8")
    result = run(project, "build", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "Warning: Section “speaker” left out: no data for content.speaker" in result.output
    assert "Warning: Section “host_your_own” left out" in result.output
    html = (project.event_output_dir(SAMPLE) / "pack.html").read_text(encoding="utf-8")
    assert 'id="speaker"' not in html and 'id="host-your-own"' not in html
    assert 'id="measuring-our-impact"' in html and 'id="micro-actions"' not in html  # not chosen


def test_an_unknown_section_is_refused(project):
    path = project.event_dir(SAMPLE) / "event.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nsections: [cover, whos_in_the_room]\n", encoding="utf-8")
    result = run(project, "validate", SAMPLE)
    assert result.exit_code == 1
    assert "sections[1]: no section called 'whos_in_the_room'" in result.output


def test_content_markdown_is_safe(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project.event_dir(LIFT) / "event.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  perspective: |\n", "  perspective: |\n    <script>alert(1)</script> ![x](https://evil.example/p.png)\n", 1)
    path.write_text(text, encoding="utf-8")
    result = run(project, "validate", LIFT)
    assert result.exit_code == 1
    assert "event.yaml, speaker.perspective: images are not allowed" in result.output


def test_a_new_section_type_needs_only_a_template_and_a_registry_line(tmp_path, monkeypatch):
    """The promise of the section library: no Python outside the registry for a new section."""
    from reportgen.sections import Section

    project = copy_project(tmp_path / "project")
    (project.templates_dir / "sections" / "partners.html.j2").write_text(
        '<section class="section" id="partners" aria-labelledby="partners-heading">\n'
        '  <h2 id="partners-heading">{{ content.partners.title }}</h2>\n'
        '  <ul>{% for p in content.partners.names %}<li>{{ p }}</li>{% endfor %}</ul>\n'
        "</section>\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(SECTIONS, "partners", Section("partners", "the event's partners", ("content.partners",)))
    path = project.event_dir(SAMPLE) / "event.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\nsections: [cover, who_was_in_the_room, partners]\n"
        + "content:\n  partners:\n    title: With thanks to our partners\n"
        + "    names: ['**Bexley** Voluntary Service Council', '<b>not bold</b> Southwark Council']\n",
        encoding="utf-8",
    )
    html = build_pack(project, SAMPLE).html.read_text(encoding="utf-8")
    assert '<h2 id="partners-heading">With thanks to our partners</h2>' in html
    assert "<li><strong>Bexley</strong> Voluntary Service Council</li>" in html
    assert "<li>&lt;b&gt;not bold&lt;/b&gt; Southwark Council</li>" in html


# Framing text (reportgen/framing.py): written from the sources the event has (issue 9). main
# still requires a registration source, so events without one are metrics dicts here.
def event_figures(roles, registered=0, attended=None, respondents=0, answers=None, unregistered=0):
    """A metrics dict as compute_metrics shapes it, for an event with sources of these roles."""
    files = {"registration": "registrations.csv", "attendance": "zoom-attendees.csv",
             "survey": "feedback.xlsx", "poll": "zoom-polls.csv"}
    audience = attended if attended is not None else registered
    m = {
        "attendance": {
            "registered": registered,
            "attended": attended,
            "attendance_rate": ({"numerator": attended, "denominator": registered, "pct": 100 * attended / registered,
                                 "text": f"{round(100 * attended / registered)}%"}
                                if attended is not None and registered else None),
            "unregistered_attendees": unregistered,
        },
        "feedback": {
            "respondents": respondents,
            "response_rate": {"numerator": respondents, "denominator": audience,
                              "pct": 100 * respondents / audience if audience else None,
                              "text": f"{round(100 * respondents / audience)}%" if audience else "n/a"},
            "basis_text": "people who attended" if attended is not None else "people who registered",
        },
        "data_quality": {"sources": [{"file": files[r], "role": r} for r in roles]},
        "polls": [{"respondents": 33}] if "poll" in roles else [],
    }
    if answers is not None:
        m["went_well"] = {"answers": answers, "themes": []}
    return m


def all_framing_text(m) -> str:
    from reportgen.framing import framing

    f = framing(m)
    parts = [f["room_lead"], f["who_came"], f["feedback"], f["polls"] or "", f["colophon_sources"]]
    parts += [f"{c['figure']} {c['label']}" for c in f["cover_figures"]]
    parts += [q for q in f["questions"].values() if q]
    return " | ".join(str(p) for p in parts)


def test_framing_of_an_event_with_every_source():
    from reportgen.framing import framing

    f = framing(event_figures(["registration", "attendance", "survey", "poll"], 96, 70, 19, answers=8))
    assert f["who_came"] == "96 people registered and 70 attended, according to the attendance list."
    assert str(f["room_lead"]) == "We had <strong>70 people</strong> join us, of the 96 who registered (73%)."
    assert f["feedback"].startswith("19 people answered the feedback survey, 27% of the 70 people who attended.")
    assert f["polls"] == "33 people answered the poll during the session; its figures are of them."
    assert f["colophon_sources"] == "the event’s registration, attendance, feedback survey and live poll exports"
    assert f["questions"]["went_well"] == "8 answers to this question, from the 19 people who answered the feedback survey."
    assert [c["figure"] for c in f["cover_figures"]] == ["70"]


def test_framing_without_registration_names_only_the_sources_there_are():
    from reportgen.framing import framing

    f = framing(event_figures(["attendance", "survey"], registered=0, attended=40, respondents=12))
    assert f["who_came"] == "40 people attended, according to the attendance list. Registration was not recorded."
    assert str(f["room_lead"]).startswith("We had <strong>40 people</strong> join us, according to the attendance list.")
    assert f["colophon_sources"] == "the event’s attendance and feedback survey exports; registration was not recorded"
    assert f["feedback"].startswith("12 people answered the feedback survey, 30% of the 40 people who attended.")
    assert f["polls"] is None and f["cover_figures"] == [{"figure": "40", "label": "people joined us"}]


def test_framing_of_a_survey_only_event_and_of_an_anonymous_survey():
    from reportgen.framing import framing

    f = framing(event_figures(["survey"], registered=0, attended=None, respondents=61, answers=61))
    assert f["who_came"] == "Registration and attendance were not recorded; 61 people answered the feedback survey."
    assert f["colophon_sources"] == "the event’s feedback survey export; registration and attendance were not recorded"
    assert f["cover_figures"] == [{"figure": "61", "label": "answered the feedback survey"}]
    # An anonymous survey whose respondents could not be counted: the answers are labelled as
    # answers to the question, and the survey's head count as not recorded, never "0 people".
    f = framing(event_figures(["survey"], registered=0, attended=None, respondents=0, answers=61))
    assert f["feedback"].startswith("The number of people who answered the feedback survey was not recorded")
    assert f["questions"]["went_well"] == "61 answers to this question."
    assert f["cover_figures"] == []


def test_framing_of_registration_without_attendance_and_of_walk_ins():
    from reportgen.framing import framing

    f = framing(event_figures(["registration", "survey"], registered=50, attended=None, respondents=20))
    assert f["who_came"] == "50 people registered. Attendance was not recorded."
    assert str(f["room_lead"]) == "<strong>50 people</strong> registered. Attendance was not recorded."
    assert f["feedback"].startswith("20 people answered the feedback survey, 40% of the 50 people who registered.")
    # People who joined without registering: no share of the registered (its numerator would
    # not be part of its denominator), and no count of them (it may be a small one).
    f = framing(event_figures(["registration", "attendance"], registered=50, attended=45, unregistered=3))
    assert str(f["room_lead"]) == "We had <strong>45 people</strong> join us; 50 registered, and some who joined had not registered."
    assert "%" not in str(f["room_lead"]) and "3" not in f["who_came"]


@pytest.mark.parametrize("roles", [
    [r for i, r in enumerate(["registration", "attendance", "survey", "poll"]) if mask >> i & 1] for mask in range(16)
])
def test_framing_never_prints_0_people_and_names_only_sources_there_are(roles):
    """Every combination of sources, each count unknown (None), 0 or known."""
    from reportgen.framing import framing

    names = {"registration": "registration", "attendance": "attendance", "survey": "feedback survey", "poll": "live poll"}
    for registered in (0, 30):
        for attended in (None, 0, 25):
            for respondents in (0, 10):
                m = event_figures(roles, registered, attended, respondents, answers=7)
                text = all_framing_text(m)
                assert not re.search(r"(?<![\d.])0 (people|person|answers|registered|attended)", text), (roles, text)
                assert "n/a" not in text, text
                made_from = framing(m)["colophon_sources"].split(";")[0]
                for role, name in names.items():
                    assert (name in made_from) == (role in roles), (roles, made_from)


def test_about_these_figures_without_registration_or_attendance(sample_checked):
    """The sample's figures as if it had only a feedback survey: the rendered cover, about text
    and colophon name the survey alone and print no 0 for the missing sources."""
    import copy

    from reportgen.render import Pack, render_html
    from reportgen.sections import SECTIONS

    m = copy.deepcopy(sample_checked.metrics)
    m["data_quality"]["sources"] = [s for s in m["data_quality"]["sources"] if s["role"] == "survey"]
    m["attendance"].update(registered=0, attended=None, attendance_rate=None)
    m["breakdowns"] = {}
    pack = Pack(event=SAMPLE, config=sample_checked.config, metrics=m, charts={}, brand=sample_checked.brand,
                font_css="", generator="reportgen test",
                sections=tuple(SECTIONS[n] for n in ("cover", "about_these_figures", "thank_you")))
    html = render_html(pack, ROOT / "templates")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Who came. Registration and attendance were not recorded; 21 people answered the feedback survey." in text
    assert "Produced with reportgen test from the event’s feedback survey export; registration and attendance were not recorded." in text
    assert "21 answered the feedback survey" in text  # the cover's head count
    assert "people joined us" not in text and " 0 people" not in text and "registrations.xlsx" not in text
