"""The built sample pack: the PDF's text and fonts, the HTML's content and self-containment,
the tidy files, and survey text that tries to be markup or template."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from reportgen.errors import UnsafeContentError
from reportgen.pipeline import build_pack

from .conftest import SAMPLE, pdf_font_names


@pytest.fixture(scope="module")
def pdf_text(sample_build) -> str:
    reader = PdfReader(sample_build.pdf)
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_holds_the_headline_figures(pdf_text):
    text = squash(pdf_text)
    for expected in [
        "Driving purposeful collaboration",
        "Tuesday 7 June 2022",
        "Who was in the room?",
        "50 people join us, of the 62 who registered",
        "76% female, 24% male",
        "72% White",
        "Bromley (8) and Lewisham (8)",
        "Southwark (15)",
        "Measuring our impact and how we can improve",
        "5.7 → 7.4",
        "Over 75%",
        "16 of 20 (80%)",
        "13 people",
        "+1.7 points (95% confidence interval +1.1 to +2.3)",
        "p < 0.001",
        "Fewer Black colleagues joined than their share of the south east London population",
        "fewer than 5",
        "Evaluation summary",
        "Follow up with [name] and the other primary care colleagues",
        "Since the last event we have",
        "To apply my learning from the event, I’m going to",
    ]:
        assert expected in text, expected


def test_pdf_is_a4_with_page_numbers_and_the_pack_font(sample_build):
    reader = PdfReader(sample_build.pdf)
    assert len(reader.pages) == 8
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    assert "Page 2 of 8" in reader.pages[1].extract_text()
    fonts = pdf_font_names(sample_build.pdf)
    assert fonts and all(name.startswith("Source-Sans-Pro") for name in fonts), fonts
    assert reader.metadata.title.startswith("Driving purposeful collaboration")


class References(HTMLParser):
    """Every URL-bearing attribute of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "srcset", "poster", "data", "action"} and value is not None:
                self.urls.append((tag, name, value))


def test_html_makes_no_request(sample_build):
    html = sample_build.html.read_text(encoding="utf-8")
    parser = References()
    parser.feed(html)
    assert "script" not in parser.tags and "link" not in parser.tags and "iframe" not in parser.tags
    for tag, attribute, url in parser.urls:
        if tag == "a" and attribute == "href":
            assert url.startswith(("mailto:", "https:", "#")), url  # a link is followed only on a click
        else:
            assert url.startswith("data:"), (tag, attribute, url[:60])
    for url in re.findall(r"url\(([^)]*)\)", html):
        assert url.strip("'\"").startswith("data:"), url[:60]
    assert "@import" not in html


def test_html_content(sample_build):
    html = sample_build.html.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    assert html.count("<img ") == 5  # logo + 4 charts
    assert 'alt="Bar chart comparing the borough of people who registered with the south east London population: Bexley 19% (population 14%)' in html
    assert 'Pharmacy fewer than 5, Patient representative group fewer than 5, Academic health science network 0.' in html
    assert "Fewer colleagues joined from Bromley than its share of the south east London population." in html
    assert "Evaluation summary" in html and "Not measured at this event." in html


def test_outputs_beside_the_pack(sample_build):
    folder = sample_build.folder
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["confidence"]["pre_mean"] == 5.7 and metrics["micro_actions"]["count"] == 13
    with open(folder / "private" / "tidy" / "participants.csv", encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    assert len(people) == 62
    assert list(people[0]) == [
        "participant_id", "registered", "attended", "responded", "gender", "ethnicity", "sector", "borough",
    ]
    assert sum(p["responded"] == "True" for p in people) == 21
    assert sum(p["ethnicity"] == "Not answered" for p in people) == 1
    responses = (folder / "private" / "tidy" / "responses.csv").read_text(encoding="utf-8")
    assert responses.splitlines()[0] == "participant_id,question_id,phase,value,numeric_value,source"
    assert "@" not in responses and "@" not in (folder / "private" / "tidy" / "participants.csv").read_text()
    assert sorted(p.name for p in (folder / "charts").iterdir()) == [
        "borough-vs-population.svg", "borough-vs-population.txt",
        "confidence-change.svg", "confidence-change.txt",
        "ethnicity-vs-population.svg", "ethnicity-vs-population.txt", "sector.svg", "sector.txt",
    ]
    # What is not the pack is private, and says so.
    assert sorted(p.name for p in folder.iterdir()) == [
        "cards", "charts", "metrics.json", "pack.html", "pack.pdf", "private",
    ]
    assert sorted(p.name for p in (folder / "private").iterdir()) == [
        "README.txt", "metrics.private.json", "tidy", "validation.txt",
    ]
    assert (folder / "private" / "README.txt").read_text(encoding="utf-8").startswith("NEVER PUBLISH")
    private = json.loads((folder / "private" / "metrics.private.json").read_text(encoding="utf-8"))
    assert private["privacy"]["published"] is False
    assert {r["category"]: r["count"] for r in private["breakdowns"]["ethnicity"]["categories"]}["Asian"] == 4
    assert all(r["count"] is not None for r in private["breakdowns"]["sector"]["categories"])
    assert "fewer than 5" in metrics["breakdowns"]["sector"]["summary"]
    assert "fewer than 5" not in private["breakdowns"]["sector"]["summary"]


def plant(project, column: str, text: str) -> None:
    """Write ``text`` into the first non-blank cell of ``column`` from someone who agreed to be quoted."""
    path = project.event_dir(SAMPLE) / "feedback.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    row = next(r for r in rows[1:] if r[index].strip() and r[-1] == "Yes")
    row[index] = text
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_survey_text_is_escaped_never_markup_or_template(project):
    plant(project, "What went well that we can build on?",
          "Great evening <script>alert('x')</script> {{ 7 * 7 }} <img src=https://evil.example/x.png>")
    result = build_pack(project, SAMPLE)
    html = result.html.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=https" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;/script&gt; {{ 7 * 7 }} &lt;img src=[web address]”</blockquote>" in html
    assert "<script>alert" in squash("\n".join(p.extract_text() for p in PdfReader(result.pdf).pages))


def test_narrative_cannot_pull_in_outside_files(project):
    path = project.event_dir(SAMPLE) / "event.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  closing: |\n",
        "  closing: |\n    ![tracker](https://evil.example/pixel.png)\n",
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnsafeContentError, match=r"narrative\.closing: images are not allowed"):
        build_pack(project, SAMPLE)


def test_raw_html_in_narrative_is_shown_as_text(project):
    path = project.event_dir(SAMPLE) / "event.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  closing: |\n", '  closing: |\n    <link rel="stylesheet" href="file:///etc/passwd"> Thanks!\n\n'
    )
    path.write_text(text, encoding="utf-8")
    html = build_pack(project, SAMPLE).html.read_text(encoding="utf-8")
    assert "<p>&lt;link rel=“stylesheet” href=“file:///etc/passwd”&gt; Thanks!</p>" in html
    assert "<link" not in html


def test_pdf_renderer_refuses_outside_urls(tmp_path):
    from reportgen.export import write_pdf

    html = '<html><body><img src="file:///etc/hostname" alt="x"><p>Hello</p></body></html>'
    with pytest.raises(UnsafeContentError, match="only the project's own inlined assets"):
        write_pdf(html, tmp_path / "x.pdf", title="test")
    assert not (tmp_path / "x.pdf").exists()
