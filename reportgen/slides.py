"""Slides for the board: slides.pptx, the pack's headline figures, charts and evaluation summary.

``write_slides`` writes an editable PowerPoint file (python-pptx): a title slide (with the
brand's logo and its alt text), one slide per headline figure (its label as the title, the
figure large, what it is "of"), one per chart (a PNG drawn from the chart's SVG by vl-convert at
twice its size, scaled the same both ways, with the chart's alt text set on the picture) and the
evaluation summary as a real table (over more slides when it is long). Every text is a text box,
a placeholder or a table cell, never a picture of text, in a box sized for it: ``fitted_size``
shrinks a long text by a conservative estimate of its width, so it stays inside its box in the
brand's typeface or a wider fallback. The theme carries the brand: its fonts are the brand's
typeface and its colours the brand's, so text added later in PowerPoint matches too.

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
    from .fonts import Typeface

WIDE, HIGH = 13.333, 7.5  # inches: a 16:9 slide
MARGIN = 0.6
TITLE_TOP, TITLE_HIGH = 0.35, 1.15  # the title of every slide but the first
BODY_TOP = TITLE_TOP + TITLE_HIGH + 0.2  # where a slide's content starts
INSET_X, INSET_Y = 0.1, 0.05  # inches: a text box's default inner margins (left/right, top/bottom)
# A conservative average advance of a character, in ems: Source Sans Pro and Lato average about
# 0.5 in bold, and a viewer without the brand's typeface falls back to a wider one (DejaVu Sans,
# about 0.6). Text is fitted to its box with this, so it never spills out in either.
EM = 0.62
LEADING = 1.3  # line height in ems: Source Sans Pro's is 1.26, Lato's and DejaVu's 1.2
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


def wrapped_lines(text: str, size: float, width: float) -> int:
    """How many lines ``text`` takes at ``size`` points in a box ``width`` inches wide (its
    inner margins taken off), wrapped at spaces, by the conservative estimate ``EM``."""
    per_line = max(1, int((width - 2 * INSET_X) * 72 / (size * EM)))
    lines = 0
    for paragraph in text.split("\n"):
        used = None
        for word in paragraph.split() or [""]:
            length = len(word)
            if used is None:
                lines += max(1, -(-length // per_line))
                used = length % per_line or min(length, per_line)
            elif used + 1 + length <= per_line:
                used += 1 + length
            else:
                lines += max(1, -(-length // per_line))
                used = length % per_line or min(length, per_line)
    return lines


def text_height(text: str, size: float, width: float) -> float:
    """The inches ``text`` needs at ``size`` points in a box ``width`` inches wide."""
    return wrapped_lines(text, size, width) * size * LEADING / 72 + 2 * INSET_Y


def fitted_size(text: str, size: float, width: float, height: float, smallest: float) -> float:
    """The largest size, from ``size`` down to ``smallest`` in whole points, at which ``text``
    fits a ``width`` x ``height`` inch box (``smallest`` if none does)."""
    while size > smallest and text_height(text, size, width) > height:
        size -= 1
    return size


def _text(frame: Any, text: str, size: float, colour: str, *, bold: bool = False, align: Any = None) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
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
    """A slide with a real title (the "Title Only" layout), so screen readers can navigate;
    left-aligned like everything under it, and smaller when it is long, to stay in its box."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    heading = slide.shapes.title
    width = WIDE - 2 * MARGIN
    heading.left, heading.top = Inches(MARGIN), Inches(TITLE_TOP)
    heading.width, heading.height = Inches(width), Inches(TITLE_HIGH)
    size = fitted_size(title, 34, width, TITLE_HIGH, 18)
    _text(heading.text_frame, title, size, brand.colours.primary, bold=True, align=PP_ALIGN.LEFT)
    return slide


def _title_slide(prs: Any, title: str, subtitle: str, brand: Brand, logo: bytes | None) -> None:
    """The brand's colour full-bleed, its logo (with its alt text), the title and subtitle
    left-aligned as on the pack's cover, and the organisation at the foot."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(brand.colours.primary)
    left, width = MARGIN + 0.4, WIDE - 2 * MARGIN - 0.8
    if logo:
        w, h = _png_size(logo)
        side = 1.3
        scale = side / max(w, h)
        picture = slide.shapes.add_picture(io.BytesIO(logo), Inches(left), Inches(0.8), Inches(w * scale), Inches(h * scale))
        picture.name = "Logo"
        picture._element.nvPicPr.cNvPr.set("descr", brand.logo_alt)
    heading, sub = slide.shapes.title, slide.placeholders[1]
    for shape, top, height in ((heading, 2.5, 2.0), (sub, 4.6, 1.2)):
        shape.left, shape.top = Inches(left), Inches(top)
        shape.width, shape.height = Inches(width), Inches(height)
    _text(heading.text_frame, title, fitted_size(title, 48, width, 2.0, 24), brand.colours.on_primary, bold=True,
          align=PP_ALIGN.LEFT)
    _text(sub.text_frame, subtitle, fitted_size(subtitle, 24, width, 1.2, 14), brand.colours.on_primary, align=PP_ALIGN.LEFT)
    _box(slide, left, HIGH - 1.1, width, 0.5, brand.organisation, fitted_size(brand.organisation, 16, width, 0.5, 10),
         brand.colours.on_primary, name="Organisation")


def figure_title(label: str) -> str:
    """A headline figure's label as its slide's title. A label written to follow a percentage
    ("Over 75% of people improved ...") loses its "of": the title stands alone above the figure."""
    label = label.strip()
    if label.lower().startswith("of "):
        label = label[3:]
    return label[:1].upper() + label[1:]


def _figure_slide(prs: Any, figure: dict[str, str], brand: Brand) -> None:
    """The label as the slide's title, the figure large under it, then what it is "of"; the two
    centred in the room under the title, each as large as fits (a long figure, "fewer than 10",
    smaller)."""
    slide = _titled(prs, figure_title(figure.get("label", "")), brand)
    width = WIDE - 2 * MARGIN
    text = figure["figure"]
    size = fitted_size(text, 110, width, 2.4, 40)
    high = text_height(text, size, width)
    basis = figure.get("basis") or ""
    basis_size = fitted_size(basis, 28, width, 1.4, 16) if basis else 0
    basis_high = text_height(basis, basis_size, width) if basis else 0.0
    gap = 0.2 if basis else 0.0
    top = BODY_TOP + max(0.0, (HIGH - BODY_TOP - 0.5 - high - gap - basis_high) / 2)
    _box(slide, MARGIN, top, width, high, text, size, brand.colours.primary, bold=True, name="Figure")
    if basis:
        _box(slide, MARGIN, top + high + gap, width, basis_high, basis, basis_size, brand.colours.muted, name="Of")


def chart_png(svg: str, face: Typeface | None = None) -> bytes:
    """A chart's SVG drawn as PNG at twice its size, in the brand's typeface if it is given."""
    from .cards import svg_png

    return svg_png(svg, face, scale=2)


def logo_png(brand: Brand, face: Typeface | None = None) -> bytes | None:
    """The brand's logo as PNG for the title slide: an SVG drawn at twice its size, a PNG as it
    is; None for a JPEG, GIF or WebP logo (the title slide then has none)."""
    path = brand.folder / brand.logo
    if path.suffix.lower() == ".png":
        return path.read_bytes()
    if path.suffix.lower() != ".svg":
        return None
    return chart_png(path.read_text(encoding="utf-8"), face)


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _chart_slide(prs: Any, chart: Any, brand: Brand, face: Typeface | None) -> None:
    from pptx.util import Inches

    slide = _titled(prs, getattr(chart, "title", "") or "Chart", brand)
    png = getattr(chart, "png", None) or chart_png(chart.svg, face)
    width, height = _png_size(png)
    room_w, room_h = WIDE - 2 * MARGIN, HIGH - BODY_TOP - 0.4
    scale = min(room_w / width, room_h / height)  # the same both ways: never stretched
    w, h = width * scale, height * scale
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches((WIDE - w) / 2), Inches(BODY_TOP), Inches(w), Inches(h))
    picture.name = f"Chart {chart.id}"
    # python-pptx has no API for alt text: it is the descr attribute of the picture's cNvPr.
    picture._element.nvPicPr.cNvPr.set("descr", chart.alt)


EVALUATION_HEADER = ("Level", "Measure", "Result", "Of")
EVALUATION_WIDTHS = (2.6, 5.2, 1.8, WIDE - 2 * MARGIN - 9.6)  # inches


def _row_height(cells: Sequence[str], size: float) -> float:
    """A table row is as tall as its tallest cell."""
    return max(text_height(value, size, width) for value, width in zip(cells, EVALUATION_WIDTHS))


def _evaluation_pages(rows: list[tuple[str, str, str, str]], room: float) -> tuple[float, list[list[tuple[str, str, str, str]]]]:
    """The evaluation summary's text size and its rows slide by slide: as large as fits one
    slide (20 points down to 12, read from the back of a room); past that, at 12 points over as
    many slides as it needs, a level named again where its rows continue."""
    size = 20
    while size > 12 and sum(_row_height(r, size) for r in [EVALUATION_HEADER, *rows]) > room:
        size -= 1
    pages: list[list[tuple[str, str, str, str]]] = [[]]
    used = _row_height(EVALUATION_HEADER, size)
    level = ""
    for row in rows:
        level = row[0] or level
        height = _row_height(row, size)
        if pages[-1] and used + height > room:
            pages.append([])
            used = _row_height(EVALUATION_HEADER, size)
            row = (row[0] or f"{level} (continued)", *row[1:])
            height = _row_height(row, size)
        pages[-1].append(row)
        used += height
    return size, pages


def _evaluation_slides(prs: Any, evaluation: Sequence[dict[str, Any]], brand: Brand) -> None:
    from pptx.util import Inches, Pt

    rows: list[tuple[str, str, str, str]] = []
    for level in evaluation:
        name = f"{level['level']}. {level['name']}"
        if level.get("measured"):
            for i, item in enumerate(level["items"]):
                rows.append((name if i == 0 else "", item["label"], str(item["value"]), str(item["basis"])))
        else:
            rows.append((name, "Not measured at this event.", "", ""))
    size, pages = _evaluation_pages(rows, HIGH - BODY_TOP - 0.4)
    for number, page in enumerate(pages):
        slide = _titled(prs, "Evaluation summary" + (" (continued)" if number else ""), brand)
        cells_of = [EVALUATION_HEADER, *page]
        heights = [_row_height(cells, size) for cells in cells_of]
        shape = slide.shapes.add_table(len(cells_of), 4, Inches(MARGIN), Inches(BODY_TOP), Inches(sum(EVALUATION_WIDTHS)),
                                       Inches(sum(heights)))
        shape.name = "Evaluation summary"
        table = shape.table
        for column, inches in enumerate(EVALUATION_WIDTHS):
            table.columns[column].width = Inches(inches)
        for r, inches in enumerate(heights):
            table.rows[r].height = Inches(inches)
        for r, cells in enumerate(cells_of):
            for column, value in enumerate(cells):
                cell = table.cell(r, column)
                cell.text = value
                cell.margin_left = cell.margin_right = Inches(INSET_X)
                cell.margin_top = cell.margin_bottom = Inches(INSET_Y)
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
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDE), Inches(HIGH)
    _theme(prs, brand, face.family)
    _title_slide(prs, title, subtitle, brand, logo_png(brand, face))
    for figure in figures:
        _figure_slide(prs, figure, brand)
    for chart in charts:
        _chart_slide(prs, chart, brand, face)
    if evaluation:
        _evaluation_slides(prs, evaluation, brand)
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
