"""Slides for the board: slides.pptx, the pack's headline figures, charts and evaluation summary.

``write_slides`` writes an editable PowerPoint file (python-pptx): a title slide, one slide per
headline figure (the figure large, its label, what it is "of"), one per chart (a PNG drawn from
the chart's SVG by vl-convert at twice its size, with the chart's alt text set on the picture)
and the evaluation summary as a real table. Every text is a text box or a placeholder, never a
picture of text. The theme carries the brand: its fonts are the brand's typeface and its
colours the brand's, so text added later in PowerPoint matches too.

It computes nothing: the figures are passed in as metrics.json publishes them (small counts
already suppressed), so a slide never shows a number the pack does not. ``event_slides`` picks
them for an event pack (the social cards' headline figures); the series pack calls
``write_slides`` with its own.

The file is reproducible: the package's dates come from ``SOURCE_DATE_EPOCH`` (the build sets
it to the event day) and the zip entries carry that date, so two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .brand import Brand

WIDE, HIGH = 13.333, 7.5  # inches: a 16:9 slide
MARGIN = 0.6
DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _theme(prs: Any, brand: Brand, family: str) -> None:
    """Put the brand's typeface (headings and body) and colours into the presentation's theme."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    ns = {"a": DRAWINGML}
    for latin in root.iterfind(".//a:fontScheme/*/a:latin", ns):
        latin.set("typeface", family)
    c = brand.colours
    scheme = {"dk1": c.text, "lt1": c.background, "dk2": c.primary, "lt2": c.surface,
              "accent1": c.primary, "accent2": c.accent, "hlink": c.primary}
    for i, colour in enumerate(c.chart[:4]):
        scheme.setdefault(f"accent{i + 3}", colour)
    for name, colour in scheme.items():
        slot = root.find(f".//a:clrScheme/a:{name}", ns)
        if slot is None:
            continue
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{DRAWINGML}}}srgbClr", val=colour.lstrip("#").upper())
    # The theme is a plain (blob) part in python-pptx, with no object API: its bytes are replaced.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text(frame: Any, text: str, size: float, colour: str, *, bold: bool = False, align: Any = None) -> None:
    from pptx.util import Pt

    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = text
    if align is not None:
        paragraph.alignment = align
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)


def _box(slide: Any, left: float, top: float, width: float, height: float, text: str, size: float,
         colour: str, *, bold: bool = False, name: str = "") -> Any:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    if name:
        shape.name = name
    _text(shape.text_frame, text, size, colour, bold=bold, align=PP_ALIGN.LEFT)
    return shape


def _titled(prs: Any, title: str, brand: Brand) -> Any:
    """A slide with a real title (the "Title Only" layout), so screen readers can navigate."""
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    heading = slide.shapes.title
    heading.left, heading.top = Inches(MARGIN), Inches(0.35)
    heading.width, heading.height = Inches(WIDE - 2 * MARGIN), Inches(1.0)
    _text(heading.text_frame, title, 30, brand.colours.primary, bold=True)
    return slide


def _title_slide(prs: Any, title: str, subtitle: str, brand: Brand) -> None:
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(brand.colours.primary)
    heading, sub = slide.shapes.title, slide.placeholders[1]
    for shape, top, height in ((heading, 2.0, 1.8), (sub, 3.9, 1.4)):
        shape.left, shape.top = Inches(MARGIN + 0.4), Inches(top)
        shape.width, shape.height = Inches(WIDE - 2 * MARGIN - 0.8), Inches(height)
    _text(heading.text_frame, title, 40, brand.colours.on_primary, bold=True)
    _text(sub.text_frame, subtitle, 22, brand.colours.on_primary)
    _box(slide, MARGIN + 0.4, HIGH - 1.1, WIDE - 2 * MARGIN - 0.8, 0.5, brand.organisation, 14,
         brand.colours.on_primary, name="Organisation")


def _figure_slide(prs: Any, figure: dict[str, str], brand: Brand) -> None:
    """The label as the slide's title, the figure large under it, then what it is "of"."""
    label = figure.get("label", "")
    slide = _titled(prs, label[:1].upper() + label[1:], brand)
    width = WIDE - 2 * MARGIN
    text = figure["figure"]
    size = 110 if len(text) <= 12 else max(54, 110 * 12 // len(text))  # long figures ("fewer than 10") smaller
    _box(slide, MARGIN, 2.0, width, 2.4, text, size, brand.colours.primary, bold=True, name="Figure")
    if figure.get("basis"):
        _box(slide, MARGIN, 4.6, width, 1.0, figure["basis"], 28, brand.colours.muted, name="Of")


def chart_png(svg: str, family_folder: str | None = None) -> bytes:
    """A chart's SVG drawn as PNG at twice its size, in the brand's typeface if its folder is given."""
    import vl_convert

    if family_folder:
        from .cards import _register_fonts

        _register_fonts(family_folder)
    return vl_convert.svg_to_png(svg, scale=2)


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _chart_slide(prs: Any, chart: Any, brand: Brand, family_folder: str | None) -> None:
    from pptx.util import Inches

    slide = _titled(prs, getattr(chart, "title", "") or "Chart", brand)
    png = getattr(chart, "png", None) or chart_png(chart.svg, family_folder)
    width, height = _png_size(png)
    room_w, room_h = WIDE - 2 * MARGIN, HIGH - 1.6 - 0.4
    scale = min(room_w / width, room_h / height)
    w, h = width * scale, height * scale
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches((WIDE - w) / 2), Inches(1.6), Inches(w), Inches(h))
    picture.name = f"Chart {chart.id}"
    # python-pptx has no API for alt text: it is the descr attribute of the picture's cNvPr.
    picture._element.nvPicPr.cNvPr.set("descr", chart.alt)


def _evaluation_slide(prs: Any, evaluation: Sequence[dict[str, Any]], brand: Brand) -> None:
    from pptx.util import Inches, Pt

    rows: list[tuple[str, str, str, str]] = []
    for level in evaluation:
        name = f"{level['level']}. {level['name']}"
        if level.get("measured"):
            for i, item in enumerate(level["items"]):
                rows.append((name if i == 0 else "", item["label"], str(item["value"]), str(item["basis"])))
        else:
            rows.append((name, "Not measured at this event.", "", ""))
    slide = _titled(prs, "Evaluation summary", brand)
    height = min(0.45 * (len(rows) + 1), HIGH - 1.6 - 0.4)
    shape = slide.shapes.add_table(len(rows) + 1, 4, Inches(MARGIN), Inches(1.6), Inches(WIDE - 2 * MARGIN), Inches(height))
    shape.name = "Evaluation summary"
    table = shape.table
    for column, inches in enumerate((2.6, 5.2, 1.8, WIDE - 2 * MARGIN - 9.6)):
        table.columns[column].width = Inches(inches)
    size = 14 if len(rows) <= 8 else 11
    for r, cells in enumerate([("Level", "Measure", "Result", "Of"), *rows]):
        for column, value in enumerate(cells):
            cell = table.cell(r, column)
            cell.text = value
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(brand.colours.primary if r == 0 else brand.colours.background)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.bold = r == 0 or column == 2
                    run.font.color.rgb = _rgb(brand.colours.on_primary if r == 0 else brand.colours.text)


def _moment() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).replace(tzinfo=None)


def _reproducible(data: bytes, moment: dt.datetime) -> bytes:
    """The package rezipped with every entry dated ``moment``, so the bytes depend on the
    contents only."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def write_slides(
    path: Path,
    title: str,
    subtitle: str,
    brand: Brand,
    figures: Sequence[dict[str, str]],
    charts: Sequence[Any],
    evaluation: Sequence[dict[str, Any]],
) -> Path:
    """Write slides.pptx to ``path``: title, one slide per headline figure ({"figure", "label",
    "basis"}), one per chart (.id, .title, .alt and .png bytes or .svg), the evaluation summary
    (metrics["evaluation"]); in the brand's colours and typeface."""
    from pptx import Presentation
    from pptx.util import Inches

    from .fonts import typeface

    face = typeface(brand.font)
    folder = str(face.faces[0].file.parent) if face.faces else None
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDE), Inches(HIGH)
    _theme(prs, brand, face.family)
    _title_slide(prs, title, subtitle, brand)
    for figure in figures:
        _figure_slide(prs, figure, brand)
    for chart in charts:
        _chart_slide(prs, chart, brand, folder)
    if evaluation:
        _evaluation_slide(prs, evaluation, brand)
    moment = _moment()
    core = prs.core_properties
    core.title = re.sub(r"\s+", " ", f"{title}: {subtitle}" if subtitle else title)
    core.author = core.last_modified_by = brand.organisation
    core.created = core.modified = moment
    core.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    path.write_bytes(_reproducible(buffer.getvalue(), moment))
    return path


def event_slides(folder: Path, checked: Any, charts: Sequence[Any]) -> Path:
    """Write ``folder``/slides.pptx for a checked event (``pipeline.CheckedEvent``) and its charts."""
    from .cards import headline_cards

    metrics = checked.metrics
    figures = [
        {key: value for key, value in asdict(card).items() if key in ("figure", "label", "basis")}
        for card in headline_cards(metrics)
    ]
    event = metrics["event"]
    subtitle = f"{event['subtitle']} · {event['date_text']}" if event.get("subtitle") else event["date_text"]
    return write_slides(folder / "slides.pptx", event["title"], subtitle, checked.brand, figures, charts,
                        metrics.get("evaluation") or [])
