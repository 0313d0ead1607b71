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
