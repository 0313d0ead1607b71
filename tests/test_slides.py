"""slides.pptx: the headline figures as metrics.json publishes them (a suppressed sample), every
chart with its alt text, the evaluation summary as a table, in the brand's theme."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import vl_convert
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE_TYPE

from reportgen.brand import load_brand
from reportgen.cards import headline_cards
from reportgen.fonts import typeface
from reportgen.pipeline import build_pack
from reportgen.slides import write_slides

from .conftest import ROOT, copy_project

SUPPRESSED = "2022-09-20"  # "Improved their confidence score" is hidden in this pack (8 of 9 privately)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def suppressed_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("slides") / "project")
    return build_pack(project, SUPPRESSED, pdf=False, parallel=False)


def texts(slide) -> list[str]:
    """Every text on a slide: text boxes, placeholders and table cells."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
    return found


def theme_fonts(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("ppt/theme/theme1.xml"))
    return {latin.get("typeface") for latin in root.iter(f"{A}latin") if latin.getparent().tag in (f"{A}majorFont", f"{A}minorFont")}


def test_slides_show_the_published_figures_only(suppressed_build):
    folder = suppressed_build.folder
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    private = json.loads((folder / "private" / "metrics.private.json").read_text(encoding="utf-8"))
    cards = headline_cards(metrics)
    charts = sorted(p.stem for p in (folder / "charts").glob("*.svg"))
    prs = Presentation(str(folder / "slides.pptx"))
    slides = list(prs.slides)
    assert len(cards) == 4 and len(charts) == 3
    assert len(slides) == 1 + len(cards) + len(charts) + 1

    title = texts(slides[0])
    assert title[:2] == ["Working across boundaries", "Measuring our impact · Tuesday 20 September 2022"]

    figures = [next(s.shapes[i] for i in range(len(s.shapes)) if s.shapes[i].name == "Figure") for s in slides[1 : 1 + len(cards)]]
    assert [f.text_frame.text for f in figures] == [c.figure for c in cards]
    assert [f.text_frame.text for f in figures] == [
        str(metrics["attendance"]["attended"]),        # 16
        metrics["confidence"]["shift_text"],            # 5.0 → 6.9
        str(metrics["micro_actions"]["count"]),        # 7
        metrics["recommend"]["text"],                   # 80%
    ]
    assert all(f.shape_type == MSO_SHAPE_TYPE.TEXT_BOX for f in figures)  # editable, not a picture of text
    assert [s.shapes.title.text_frame.text for s in slides[1 : 1 + len(cards)]] == [
        "People joined us", "Average confidence score before and after on a scale of 1 to 10",
        "People committed to a micro-action", "Would recommend an event like this to a colleague",
    ]
    assert "of the 20 who registered" in texts(slides[1])

    # The evaluation summary is a real table holding metrics.json's words, the hidden one too.
    table = next(s for s in slides[-1].shapes if s.has_table).table
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Level", "Measure", "Result", "Of"]
    published = [(i["label"], i["value"], i["basis"]) for level in metrics["evaluation"] for i in level["items"]]
    assert [tuple(r[1:]) for r in rows[1:] if r[2]] == published
    assert ["3. Behaviour", "Not measured at this event.", "", ""] in rows
    improved = next(r for r in rows if r[1] == "Improved their confidence score")
    assert improved[2] == "Not shown"

    # Nothing hidden in the pack shows on any slide.
    hidden = next(i for level in private["evaluation"] for i in level["items"] if i["label"] == "Improved their confidence score")
    assert hidden["value"] == "8 of 9"
    everything = "\n".join(t for slide in slides for t in texts(slide))
    assert "8 of 9" not in everything
    assert not [t for slide in slides[1 : 1 + len(cards)] for t in texts(slide) if "improved" in t.lower()]


def test_every_chart_is_a_picture_with_its_alt_text(suppressed_build):
    folder = suppressed_build.folder
    prs = Presentation(str(folder / "slides.pptx"))
    pictures = [shape for slide in prs.slides for shape in slide.shapes
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and shape.name.startswith("Chart ")]
    alts = {p.stem: p.read_text(encoding="utf-8").strip() for p in (folder / "charts").glob("*.txt")}
    assert len(pictures) == len(alts) == 3
    for picture in pictures:
        chart = picture.name.removeprefix("Chart ")
        descr = picture._element.nvPicPr.cNvPr.get("descr")
        assert descr and descr == alts[chart]
        # Drawn at twice the SVG's size: a 2x PNG of a chart is well over 800 pixels wide.
        assert picture.image.size[0] >= 800


def test_the_theme_is_the_brand(suppressed_build):
    path = suppressed_build.folder / "slides.pptx"
    brand = load_brand(ROOT / "templates" / "brands", "sel-leadership")
    assert theme_fonts(path) == {typeface(brand.font).family} == {"Source Sans Pro"}
    prs = Presentation(str(path))
    first = prs.slides[0]
    assert str(first.background.fill.fore_color.rgb) == brand.colours.primary.lstrip("#").upper()
    figure = next(s for s in prs.slides[1].shapes if s.name == "Figure")
    assert str(figure.text_frame.paragraphs[0].runs[0].font.color.rgb) == brand.colours.primary.lstrip("#").upper()


@dataclass(frozen=True)
class DrawnChart:
    id: str
    title: str
    alt: str
    png: bytes


def test_write_slides_for_a_series_in_another_brand(tmp_path):
    """The series pack calls write_slides with its own figures and PNG charts."""
    brand = load_brand(ROOT / "templates" / "brands", "project-lift")
    png = vl_convert.svg_to_png(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="300" height="40" fill="#5b3f8c"/></svg>'
    )
    path = write_slides(
        tmp_path / "slides.pptx", "Community events 2021/22", "Our programme's story", brand,
        [{"figure": "fewer than 5", "label": "people came to every event", "basis": "of 120 people"}],
        [DrawnChart("reach", "People per event", "Bar chart: people per event, from 40 to 62.", png)],
        [],
    )
    prs = Presentation(str(path))
    assert len(prs.slides) == 3  # title, one figure, one chart; no evaluation given
    assert texts(prs.slides[1])[1:] == ["fewer than 5", "of 120 people"]
    picture = next(s for s in prs.slides[2].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert picture._element.nvPicPr.cNvPr.get("descr") == "Bar chart: people per event, from 40 to 62."
    assert theme_fonts(path) == {typeface(brand.font).family}
    assert typeface(brand.font).family != "Source Sans Pro"


# --- every slide as a viewer draws it: inside the slide, text in its box, pictures unstretched,
# text readable on its background ----------------------------------------------------------------

EMU = 914400  # per inch
FALLBACK = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")  # what a viewer without the brand's font may draw


@dataclass(frozen=True)
class FontMetrics:
    advances: dict[int, int]
    missing: int
    per_em: int
    line: float  # line height, in ems

    def width(self, text: str, size: float) -> float:
        """Inches ``text`` is wide at ``size`` points."""
        units = sum(self.advances.get(ord(c), self.missing) for c in text)
        return units / self.per_em * size / 72


def font_metrics(path: Path) -> FontMetrics:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    hmtx, hhea, os2 = font["hmtx"], font["hhea"], font["OS/2"]
    per_em = font["head"].unitsPerEm
    advances = {code: hmtx[glyph][0] for code, glyph in font.getBestCmap().items()}
    line = max(hhea.ascent - hhea.descent + hhea.lineGap, os2.sTypoAscender - os2.sTypoDescender + os2.sTypoLineGap)
    return FontMetrics(advances, hmtx[".notdef"][0], per_em, line / per_em)


def faces(brand_font: str) -> list[tuple[FontMetrics, FontMetrics]]:
    """(regular, bold) metrics of the brand's typeface, and of a wide fallback when installed."""
    face = typeface(brand_font)
    regular = next(f.file for f in face.faces if f.weight == 400 and f.style == "normal")
    bold = next(f.file for f in face.faces if f.weight == 700)
    found = [(font_metrics(regular), font_metrics(bold))]
    if FALLBACK.exists():
        found.append((font_metrics(FALLBACK.with_name("DejaVuSans.ttf")), font_metrics(FALLBACK)))
    return found


def lines_needed(text: str, size: float, width: float, font: FontMetrics) -> int:
    """Lines ``text`` takes at ``size`` points wrapped at spaces in ``width`` inches, measured
    with the font's own advance widths (a word wider than the line breaks where it must)."""
    lines = 0
    for paragraph in text.split("\n"):
        used = None
        for word in paragraph.split(" "):
            w = font.width(word, size)
            if used is not None and used + font.width(" ", size) + w <= width:
                used += font.width(" ", size) + w
            else:
                lines += max(1, -(-int(w * 1000) // max(1, int(width * 1000))))
                used = w if w <= width else w % width
    return lines


def frame_height(frame, width: float, font_pair: tuple[FontMetrics, FontMetrics]) -> float:
    """Inches a text frame's paragraphs need in a box ``width`` inches wide (inner margins off)."""
    inner = width - (frame.margin_left + frame.margin_right) / EMU
    need = (frame.margin_top + frame.margin_bottom) / EMU
    for paragraph in frame.paragraphs:
        runs = paragraph.runs
        size = max((r.font.size.pt for r in runs if r.font.size is not None), default=18)
        font = font_pair[1] if any(r.font.bold for r in runs) else font_pair[0]
        need += lines_needed(paragraph.text, size, inner, font) * size * font.line / 72
    return need


def background(slide) -> str:
    from pptx.enum.dml import MSO_FILL

    fill = slide.background.fill
    return str(fill.fore_color.rgb) if fill.type == MSO_FILL.SOLID else "FFFFFF"  # the theme's lt1: the brand's white


def slide_problems(path: Path, brand_font: str) -> list[str]:
    """What a viewer would see wrong on any slide of ``path``: a shape past the slide's edge, a
    text taller than its box (in the brand's font, or the fallback), a stretched picture, or a
    text colour under 4.5:1 against its background (3:1 for large text, 24 points and over)."""
    from reportgen.brand import contrast_ratio

    prs = Presentation(str(path))
    wide, high = prs.slide_width, prs.slide_height
    fonts = faces(brand_font)
    problems = []
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            where = f"slide {number}, {shape.name}"
            if shape.left < 0 or shape.top < 0 or shape.left + shape.width > wide or shape.top + shape.height > high:
                problems.append(f"{where}: outside the slide")
            frames = []
            if shape.has_text_frame and shape.text_frame.text.strip():
                frames.append((shape.text_frame, shape.width / EMU, shape.height / EMU, background(slide)))
            if shape.has_table:
                table = shape.table
                for row in table.rows:
                    for column, cell in zip(table.columns, row.cells):
                        if cell.text.strip():
                            frames.append((cell.text_frame, column.width / EMU, row.height / EMU, str(cell.fill.fore_color.rgb)))
            for frame, width, height, behind in frames:
                for pair in fonts:
                    need = frame_height(frame, width, pair)
                    if need > height + 0.02:
                        problems.append(f"{where}: {frame.text[:40]!r} needs {need:.2f} in, has {height:.2f}")
                for run in (r for p in frame.paragraphs for r in p.runs):
                    ratio = contrast_ratio(f"#{run.font.color.rgb}", f"#{behind}")
                    large = run.font.size is not None and run.font.size.pt >= 24
                    if ratio < (3 if large else 4.5):
                        problems.append(f"{where}: {run.text[:30]!r} has contrast {ratio:.1f}:1")
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                px_w, px_h = shape.image.size
                if abs(shape.width / shape.height - px_w / px_h) > 0.01 * px_w / px_h:
                    problems.append(f"{where}: stretched ({shape.width / shape.height:.3f} for {px_w / px_h:.3f})")
    return problems


def test_every_slide_of_the_event_pack_is_laid_out(sample_build, suppressed_build):
    for build in (sample_build, suppressed_build):
        assert slide_problems(build.folder / "slides.pptx", "source-sans-pro") == []
    prs = Presentation(str(sample_build.folder / "slides.pptx"))
    titles = [s.shapes.title.text_frame.text for s in list(prs.slides)[1:]]
    # "Over 75% of people improved ...": the title stands alone above the figure, without its "of"
    assert "People improved their confidence score" in titles
    assert not [t for t in titles if t.lower().startswith("of ")]
    logo = next(s for s in prs.slides[0].shapes if s.name == "Logo")
    assert logo.shape_type == MSO_SHAPE_TYPE.PICTURE
    assert logo._element.nvPicPr.cNvPr.get("descr") == "South east London system leadership community"


def test_long_texts_shrink_to_their_boxes(tmp_path):
    """A long title, label, figure and basis, and a long evaluation summary, still fit their
    boxes: the sizes come down (and no further than needed for short ones)."""
    brand = load_brand(ROOT / "templates" / "brands", "project-lift")
    words = "the community of practice for integrated neighbourhood teams across the whole system"
    levels = [{"level": n, "name": f"Level {n} " + words[: 20 * n], "measured": True,
               "items": [{"label": f"{words} ({i})", "value": "fewer than 10", "basis": "of the 40 people who answered"} for i in range(4)]}
              for n in (1, 2, 3)]
    path = write_slides(
        tmp_path / "slides.pptx", f"A very long programme title for {words}", f"Our programme's story, {words}", brand,
        [{"figure": "fewer than 10 in every single group of people", "label": f"of people who said {words} " * 2,
          "basis": f"of the people who answered {words} " * 2},
         {"figure": "42", "label": "people came", "basis": "of 120"}],
        [], levels,
    )
    assert slide_problems(path, brand.font) == []
    prs = Presentation(str(path))
    long_title = prs.slides[1].shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt
    short_title = prs.slides[2].shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt
    long_figure, short_figure = (next(s for s in prs.slides[i].shapes if s.name == "Figure") for i in (1, 2))
    assert long_title < short_title == 34
    assert long_figure.text_frame.paragraphs[0].runs[0].font.size.pt < short_figure.text_frame.paragraphs[0].runs[0].font.size.pt == 110
    # Twelve long rows do not fit one slide even at 12 points: they go on over a second, whose
    # first row names its level again.
    summary = [s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Evaluation summary")]
    assert [s.shapes.title.text_frame.text for s in summary] == ["Evaluation summary", "Evaluation summary (continued)"]
    tables = [next(s for s in slide.shapes if s.has_table).table for slide in summary]
    rows = [[cell.text for cell in row.cells] for table in tables for row in list(table.rows)[1:]]
    assert [r[1] for r in rows] == [f"{words} ({i})" for _ in range(3) for i in range(4)]
    assert all(table.cell(1, 0).text.startswith(("1. Level", "2. Level", "3. Level")) for table in tables)
    assert {run.font.size.pt for t in tables for row in t.rows for c in row.cells for run in c.text_frame.paragraphs[0].runs} == {12}


def test_the_slide_layout_check_can_fail(tmp_path):
    """A text box too small for its text, a box past the edge, a squashed picture and grey on
    white are each found."""
    from pptx.util import Inches, Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(0.5))
    box.text_frame.word_wrap = True
    box.text_frame.text = "A sentence far too long for a box two inches wide and half an inch high"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    box.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    png = vl_convert.svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="300" height="40"/></svg>')
    slide.shapes.add_picture(io.BytesIO(png), Inches(9), Inches(1), Inches(2), Inches(2))
    prs.save(str(tmp_path / "bad.pptx"))
    problems = slide_problems(tmp_path / "bad.pptx", "source-sans-pro")
    assert any("needs" in p for p in problems), problems
    assert any("outside the slide" in p for p in problems), problems  # 9 + 2 inches on a 10-inch slide
    assert any("stretched" in p for p in problems), problems
    assert any("contrast 2.3:1" in p for p in problems), problems


# --- the slides as LibreOffice draws them (skipped without LibreOffice and poppler's pdftotext) ---

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def drawn_words(pptx: Path, folder: Path) -> list[tuple[float, float, list[tuple[str, float, float, float, float]]]]:
    """Every word of every slide as LibreOffice lays it out: (page width, page height, words
    with their boxes), from the PDF it exports, read by pdftotext."""
    profile = folder / "libreoffice-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(pptx)], check=True, capture_output=True, timeout=240)
    pdf = folder / f"{pptx.stem}.pdf"
    layout = folder / f"{pptx.stem}.html"
    subprocess.run([PDFTOTEXT, "-bbox-layout", str(pdf), str(layout)], check=True, capture_output=True, timeout=60)
    pages = []
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout.read_text(encoding="utf-8"), re.DOTALL):
        words = [(html.unescape(text), float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', page[2])]
        pages.append((float(page[0]), float(page[1]), words))
    return pages


def drawn_problems(pages) -> list[str]:
    """Words past a slide's edge, and words drawn over each other (text spilling out of its box
    onto the next one): two boxes sharing more than a quarter of the smaller."""
    problems = []
    for number, (wide, high, words) in enumerate(pages, start=1):
        for text, x0, y0, x1, y1 in words:
            if x0 < 0 or y0 < 0 or x1 > wide + 0.5 or y1 > high + 0.5:
                problems.append(f"slide {number}: {text!r} past the edge")
        for i, (a, ax0, ay0, ax1, ay1) in enumerate(words):
            for b, bx0, by0, bx1, by1 in words[i + 1:]:
                shared = max(0.0, min(ax1, bx1) - max(ax0, bx0)) * max(0.0, min(ay1, by1) - max(ay0, by0))
                if shared > 0.25 * min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0)):
                    problems.append(f"slide {number}: {a!r} drawn over {b!r}")
    return problems


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="needs LibreOffice (soffice) and pdftotext")
def test_libreoffice_draws_every_slide_with_no_text_over_text_or_off_the_slide(sample_build, tmp_path):
    """The sample event's slides, and slides of long texts, drawn by a real presentation
    program (in its fallback font when the brand's is not installed, as on many laptops)."""
    brand = load_brand(ROOT / "templates" / "brands", "sel-leadership")
    words = "the community of practice for integrated neighbourhood teams across the whole system"
    long = write_slides(
        tmp_path / "long.pptx", f"A very long programme title for {words}", f"Our programme's story, {words}", brand,
        [{"figure": "fewer than 10 in every group", "label": f"people who said {words}", "basis": f"of the people who answered {words}"}],
        [], [{"level": 1, "name": "Reaction", "measured": True,
              "items": [{"label": f"{words} ({i})", "value": "fewer than 10", "basis": "of the 40 people who answered"} for i in range(12)]}],
    )
    for pptx in (sample_build.folder / "slides.pptx", long):
        pages = drawn_words(pptx, tmp_path)
        assert len(pages) == len(Presentation(str(pptx)).slides)
        assert all(p[2] for p in pages)  # no empty slide
        assert drawn_problems(pages) == [], pptx.name
    # and the check can fail: a sentence too long for its box runs over the box under it
    from pptx.util import Inches, Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    for top, text in ((1.0, "A long sentence that overflows its small box and runs over the next one below it"),
                      (1.6, "Second box text here")):
        box = slide.shapes.add_textbox(Inches(1), Inches(top), Inches(3), Inches(0.5))
        box.text_frame.word_wrap = True
        box.text_frame.text = text
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    prs.save(str(tmp_path / "spilt.pptx"))
    assert any("drawn over 'Second'" in p for p in drawn_problems(drawn_words(tmp_path / "spilt.pptx", tmp_path)))
