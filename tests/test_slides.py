"""slides.pptx: the headline figures as metrics.json publishes them (a suppressed sample), every
chart with its alt text, the evaluation summary as a table, in the brand's theme."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import vl_convert
from lxml import etree
from pptx import Presentation
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
    pictures = [shape for slide in prs.slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
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
