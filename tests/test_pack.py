"""The built sample pack: the PDF's text and fonts, the HTML's content and self-containment,
the tidy files, and survey text that tries to be markup or template."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser

import pytest
import yaml
from pypdf import PdfReader

from reportgen.brand import load_brand
from reportgen.config import read_yaml
from reportgen.errors import UnsafeContentError
from reportgen.pipeline import build_pack

from .conftest import ROOT, SAMPLE, copy_project, pdf_font_names
from .layout import layout_problems, page_lines, squash


@pytest.fixture(scope="module")
def pdf_text(sample_build) -> str:
    reader = PdfReader(sample_build.pdf)
    return "\n".join(page.extract_text() for page in reader.pages)


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
    assert len(reader.pages) == 7
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    assert "Page 2 of 7" in reader.pages[1].extract_text()
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


def test_pdf_is_pack_html_laid_out(sample_build, tmp_path):
    """pack.pdf is laid out from a lighter copy of pack.html (``render_print_html``: no
    phone-width drawings, no font inside each chart); laying out pack.html itself gives the
    same PDF, byte for byte."""
    import datetime as dt

    from reportgen.export import write_pdf
    from reportgen.pipeline import source_date_epoch

    html = sample_build.html.read_text(encoding="utf-8")
    assert html.count("<source ") == 4  # the screen's page has the phone-width charts
    with source_date_epoch(dt.date.fromisoformat(sample_build.metrics["event"]["date"])):
        write_pdf(html, tmp_path / "from-pack-html.pdf", title="pack.html", cache_dir=tmp_path / "cache")
    assert (tmp_path / "from-pack-html.pdf").read_bytes() == sample_build.pdf.read_bytes()


def test_print_copy_of_a_chart_has_one_drawing_and_no_font(sample_build):
    from reportgen.charts import Chart, with_font
    from reportgen.render import environment

    drawing = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>5</text></svg>'
    chart = Chart("c", "Title", with_font(drawing, "@font-face{font-family:'X'}"), "Alt", with_font(drawing, ""))
    printed = chart.for_print()
    assert (printed.svg, printed.narrow_svg, printed.alt, printed.title) == (drawing, "", "Alt", "Title")
    macro = environment(sample_build.folder.parents[1] / "templates").get_template("chart.html.j2").module.picture
    assert str(macro(chart)).count("<source ") == 1
    assert "<source" not in str(macro(printed)) and str(macro(printed)).count("<img ") == 1


def test_outputs_beside_the_pack(sample_build):
    folder = sample_build.folder
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["confidence"]["pre_mean"] == 5.7 and metrics["micro_actions"]["count"] == 13
    with open(folder / "private" / "tidy" / "participants.csv", encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    assert len(people) == 62
    assert list(people[0]) == [
        "participant_id", "registered", "attended", "responded", "anonymous", "gender", "ethnicity", "sector", "borough",
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
        "build.json", "cards", "charts", "metrics.json", "pack.html", "pack.pdf", "private", "slides.pptx",
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


# Pages: compact, never near-empty, never ending on a heading (issue 9), and long words wrapped
# (issue 10). The ceilings are the page counts measured when only the major parts started a
# page; before, every section did (14, 8 and 8 pages), leaving pages a quarter full.
MAX_PAGES = {"2022-03-02": 10, SAMPLE: 7, "2022-09-20": 6}


@pytest.fixture(scope="module")
def sample_packs(tmp_path_factory, sample_build):
    project = copy_project(tmp_path_factory.mktemp("packs") / "project")
    built = {event: build_pack(project, event) for event in MAX_PAGES if event != SAMPLE}
    return {SAMPLE: sample_build, **built}


@pytest.mark.parametrize("event", list(MAX_PAGES))
def test_sample_packs_are_compact_with_no_near_empty_page(sample_packs, event):
    result = sample_packs[event]
    pages = PdfReader(result.pdf).pages
    assert len(pages) <= MAX_PAGES[event]
    assert layout_problems(result.pdf, result.html.read_text(encoding="utf-8")) == []


def test_layout_check_finds_near_empty_pages_and_stranded_headings(tmp_path, sample_build):
    """The check above can fail: a page that ends on a heading, and one holding only a heading."""
    from reportgen.export import write_pdf

    html = sample_build.html.read_text(encoding="utf-8")
    broken = html.replace('<h2 id="feedback-heading">', '<p style="break-before: page; break-after: page">A '
                          'paragraph alone on its page.</p><h2 id="feedback-heading">', 1)
    broken = broken.replace("<h3>What can we improve on for next time?</h3>",
                            '<h3 style="break-after: page">What can we improve on for next time?</h3>', 1)
    write_pdf(broken, tmp_path / "broken.pdf", title="test")
    problems = layout_problems(tmp_path / "broken.pdf", broken)
    assert any("ends with a heading: 'What can we improve on for next time?'" in p for p in problems), problems
    assert any(re.search(r"page \d+ is \d+% full", p) for p in problems), problems


LONG_WORD = "Evidence" + "x" * 1992  # 2,000 characters without a space


@pytest.fixture(scope="module")
def long_answers(tmp_path_factory):
    """The sample event with every answer long, everyone agreeing to be quoted, and one answer
    holding a 2,000-character word."""
    project = copy_project(tmp_path_factory.mktemp("long") / "project")
    path = project.event_dir(SAMPLE) / "feedback.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    free_text = [header.index(c) for c in (
        "What went well that we can build on?", "What can we improve on for next time?",
        "One practical step I will take to apply my learning from today in my context is...")]
    sentence = ("the breakout rooms gave us time to talk with colleagues from other boroughs and sectors "
                "about how we share our work and learn from each other across the system")
    words = sentence.split(" ")
    for i, row in enumerate(rows[1:]):
        row[-1] = "Yes"
        for j, column in enumerate(free_text):
            length = 40 + (i * 37 + j * 11) % 100
            row[column] = " ".join(words[(i + k) % len(words)] for k in range(length)).capitalize() + "."
    rows[1][free_text[0]] = f"A long word follows: {LONG_WORD} and then the answer ends."
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    # Quotes are shortened (at 300 characters), so the organisers' narrative carries the word too.
    config = project.event_dir(SAMPLE) / "event.yaml"
    event = read_yaml(config.read_text(encoding="utf-8"))
    event["narrative"]["feedback"] += f"\n\nA long word follows: {LONG_WORD} and then the paragraph ends.\n"
    config.write_text(yaml.safe_dump(event, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build_pack(project, SAMPLE)


def test_long_answers_flow_across_pages_without_near_empty_pages(long_answers):
    assert layout_problems(long_answers.pdf, long_answers.html.read_text(encoding="utf-8")) == []


def test_a_2000_character_word_wraps_within_the_page(long_answers):
    """Unwrapped, the word would be one line of 2,000 characters running off the page; wrapped,
    each line of it holds what fits across the text width (about 95 at this size)."""
    reader = PdfReader(long_answers.pdf)
    lines = [line for page in reader.pages for line in page_lines(page)]
    pieces = [line for line in lines if "xxxxxxxxxx" in line]
    assert len(pieces) >= 3, pieces  # broken over lines, however much of it the pack quotes
    assert max(len(line) for line in pieces) <= 130, max(pieces, key=len)
    starts: list[float] = []

    def visit(text, cm, tm, font, size):
        if "xxxxxxxxxx" in text:
            starts.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    margin = 17 / 25.4 * 72
    assert starts and min(starts) >= margin - 1, starts


def _placed_text(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of each piece of text on a PDF page, y upwards from the bottom edge."""
    placed = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            placed.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return placed


def test_printed_commitments_are_two_to_a_row_in_reading_order(sample_build):
    # Inline blocks two to a row (balanced columns cost WeasyPrint a tenth of the PDF's time):
    # the first commitment on the left, the second beside it, the third under the first.
    quotes = sample_build.metrics["micro_actions"]["quotes"]
    assert len(quotes) >= 3
    reader = PdfReader(sample_build.pdf)
    page = next(p for p in reader.pages if "Some of their commitments" in p.extract_text())
    placed = _placed_text(page)

    def start(quote: str) -> tuple[float, float]:
        first_word = quote.split()[0]
        return next((x, y) for x, y, text in placed if text.startswith("“" + first_word))

    (x1, y1), (x2, y2), (x3, y3) = start(quotes[0]), start(quotes[1]), start(quotes[2])
    width = float(page.mediabox[2])
    assert abs(y1 - y2) < 1 and x2 - x1 > width / 3  # side by side, half a text width apart
    assert abs(x3 - x1) < 1 and y3 < y1 - 20  # the next row, under the first


def test_the_cover_figures_and_organisation_sit_at_its_foot(sample_build):
    reader = PdfReader(sample_build.pdf)
    cover = _placed_text(reader.pages[0])
    height = float(reader.pages[0].mediabox[3])
    mm = 72 / 25.4
    brand = load_brand(ROOT / "templates" / "brands", "sel-leadership")  # the sample event's
    organisation = [y for _, y, text in cover if text == brand.organisation]
    figure_labels = [y for _, y, text in cover if text == "people joined us"]
    title = [y for _, y, text in cover if text.startswith(sample_build.metrics["event"]["title"].split()[0])]
    assert organisation and figure_labels and title, cover
    assert 15 * mm < organisation[0] < 25 * mm  # 18 mm padding under its last line
    assert organisation[0] < figure_labels[0] < 60 * mm  # the figures just above it
    assert title[0] > height / 2  # and the title high on the page, well clear of them


def test_printed_tiles_share_a_row_up_to_three_and_wrap_beyond(project):
    # Up to three figure tiles are one table row on paper; a larger group keeps its flex rows
    # (three to a row here), so five tiles never squeeze into one row.
    event_yaml = project.event_dir(SAMPLE) / "event.yaml"
    text = event_yaml.read_text(encoding="utf-8")
    one = "    - {question: reflection_time, positive: [Strongly agree, Agree]}\n"
    assert one in text
    more = one + "    - {question: recommend, positive: [Yes]}\n    - {question: quote_consent, positive: [Yes]}\n"
    event_yaml.write_text(text.replace(one, more), encoding="utf-8")
    result = build_pack(project, SAMPLE, cards=False)

    html = result.html.read_text(encoding="utf-8")
    assert html.count('class="tiles"') == 1 and 'class="tiles tiles-secondary tiles-wrap"' in html
    reader = PdfReader(result.pdf)
    page = next(p for p in reader.pages if "would recommend an event" in p.extract_text())
    placed = _placed_text(page)

    def top(label: str) -> float:
        return next(y for _, y, text in placed if text.startswith(label))

    first_row = {top(label) for label in ("Average confidence score", "of people improved", "committed to a micro-action")}
    assert max(first_row) - min(first_row) < 1  # one row
    assert abs(top("would recommend an event") - top("agreed:")) < 1  # the secondary group's first row...
    assert top("answered the feedback survey") < top("would recommend an event") - 20  # ...and its fifth tile below
    assert not layout_problems(result.pdf, html)
