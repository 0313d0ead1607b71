"""Social cards: one PNG per headline figure, in the brand, with its alt text beside it.

``headline_cards`` picks the figures from metrics.json as they are (it computes nothing: a
figure that metrics left out, or wrote as text such as "fewer than 5", is skipped or printed as
that text). ``write_cards`` draws each card as SVG in the brand's colours and typeface, in two
sizes (1200×675 for LinkedIn and X, 1080×1080 square), converts it to PNG with vl-convert (no
browser) and writes ``<id>-<size>.png`` and ``<id>-<size>.txt`` (the alt text to paste with it).

Text is measured with the font's own advance widths, so long figures shrink and labels wrap
instead of running off the card. The card's text is ``on_primary`` on ``primary``, a pair the
brand's contrast check has passed at 4.5:1.
"""

from __future__ import annotations

import base64
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from .brand import Brand
    from .fonts import Typeface

SIZES: dict[str, tuple[int, int]] = {"1200x675": (1200, 675), "1080x1080": (1080, 1080)}


@dataclass(frozen=True)
class Card:
    """One headline figure: ``figure`` is printed large, ``label`` under it, ``basis`` small."""

    id: str
    figure: str
    label: str
    basis: str

    def alt(self, event: dict[str, Any], organisation: str) -> str:
        basis = f" ({self.basis})" if self.basis else ""
        return (
            f"{self.figure} {self.label}{basis}: {event['title']}, {event['date_text']}. "
            f"{organisation}."
        )


# Texts metrics writes in place of a figure that is not published: no card is made for them.
NOT_A_FIGURE = {"", "n/a", "not shown"}


def _text(value: Any) -> str | None:
    """A figure as metrics.json gives it (a number, a share's ``text``, or text such as "fewer
    than 5"), or None when it is absent or not published."""
    if isinstance(value, dict):
        value = value.get("text")
    if value is None or isinstance(value, bool):
        return None
    text = str(value)
    return None if text.strip().lower() in NOT_A_FIGURE else text


def _people(count: str, rest: str) -> str:
    """"people joined us", but "person joined us" beside a count of 1."""
    return f"{'person' if count == '1' else 'people'} {rest}"


def headline_cards(metrics: dict[str, Any]) -> list[Card]:
    """The headline figures present in ``metrics``, in the order of the pack's cover."""
    cards: list[Card] = []
    attendance = metrics.get("attendance") or {}
    joined = _text(attendance.get("attended"))
    if joined is not None:
        registered = _text(attendance.get("registered"))
        # "of the 12 who registered" only when every attendee registered: never 45 "of" 12.
        of_registered = registered and attendance.get("unregistered_attendees") == 0
        cards.append(Card("joined", joined, _people(joined, "joined us"), f"of the {registered} who registered" if of_registered else ""))

    confidence = metrics.get("confidence") or {}
    if confidence.get("comparison") == "groups":  # two unmatched groups: no per-person figures
        confidence = {}
    paired = _text(confidence.get("n_paired"))
    paired_basis = f"{paired} {_people(paired, 'who scored themselves before and after')}" if paired else ""
    shift = _text(confidence.get("shift_text"))
    if shift is not None and confidence.get("n_paired") != 0:
        label = " ".join(["average confidence score before and after", confidence.get("scale_text", "")]).strip()
        cards.append(Card("confidence", shift, label, paired_basis))
    improved = _text(confidence.get("improved_phrase", confidence.get("improved")))
    if improved is not None and confidence.get("n_paired") != 0:
        # "Over 75% of people improved ...", but "16 of 20 people" and "fewer than 5 people"
        label = "of people improved their confidence score" if improved.endswith("%") else (
            "people improved their confidence score"
        )
        cards.append(Card("improved", improved, label, paired_basis))

    actions = metrics.get("micro_actions") or {}
    count = _text(actions.get("count"))
    if count is not None:
        respondents = _text(actions.get("of_respondents"))
        basis = f"of {respondents} who answered the feedback survey" if respondents else ""
        cards.append(Card("micro-actions", count, _people(count, "committed to a micro-action"), basis))

    recommend = metrics.get("recommend")
    share = _text(recommend)
    if share is not None:
        basis = str(recommend.get("basis_text") or "") if isinstance(recommend, dict) else ""
        cards.append(Card("recommend", share, "would recommend an event like this to a colleague", basis))
    return cards


@functools.lru_cache(maxsize=8)
def _advances(path: str) -> tuple[dict[int, int], int, int]:
    """Advance widths by code point, the units per em, and the width of a missing glyph."""
    from fontTools.ttLib import TTFont

    with TTFont(path) as font:
        metrics = font["hmtx"].metrics
        widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
        return widths, font["head"].unitsPerEm, metrics[".notdef"][0]


def text_width(text: str, size: float, font_file: Path) -> float:
    """The width of ``text`` set at ``size`` pixels in the font at ``font_file`` (no kerning)."""
    widths, units, missing = _advances(str(font_file))
    return sum(widths.get(ord(ch), missing) for ch in text) * size / units


def _wrap(text: str, size: float, width: float, font_file: Path) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a single long word may overrun)."""
    lines: list[str] = []
    for word in text.split(" "):  # not at no-break spaces
        if not word:
            continue
        if lines and text_width(f"{lines[-1]} {word}", size, font_file) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(text: str, largest: float, smallest: float, width: float, font_file: Path) -> float:
    size = largest
    while size > smallest and text_width(text, size, font_file) > width:
        size -= 4
    return size


def card_svg(
    card: Card, metrics: dict[str, Any], brand: Brand, face: Typeface, size: str, logo: str | None = None
) -> str:
    """The card as SVG at ``size`` (a key of ``SIZES``), text in the brand's typeface.

    ``logo`` is the logo's URI (``logo_uri``); by default the brand's logo file inlined.
    """
    width, height = SIZES[size]
    colours = brand.colours
    regular = _face_file(face, 400)
    bold = _face_file(face, 700)
    family = f"'{face.family}', sans-serif"  # quoted: unquoted, vl-convert's PNGs lose all text
    square = width == height
    margin = 80 if square else 72
    usable = width - 2 * margin
    event = metrics["event"]

    parts: list[str] = []

    def text(x: float, y: float, value: str, px: float, weight: int = 400, opacity: float = 1.0) -> None:
        fade = f' fill-opacity="{opacity}"' if opacity != 1.0 else ""
        parts.append(
            f'<text x="{x:g}" y="{y:g}" font-family="{family}" font-size="{px:g}" '
            f'font-weight="{weight}" fill="{colours.on_primary}"{fade}>{escape(value)}</text>'
        )

    logo_size = 96 if square else 80
    parts.append(
        f'<image x="{margin}" y="{margin - 8}" width="{logo_size}" height="{logo_size}" '
        f'href="{logo or brand.logo_data_uri()}"/>'
    )
    heading = event.get("series") or brand.organisation
    heading_px = 28 if square else 26
    heading_lines = _wrap(heading, heading_px, usable - logo_size - 28, regular)[:2]
    for i, line in enumerate(heading_lines):
        text(margin + logo_size + 28, margin + 30 + i * heading_px * 1.2, line, heading_px, 600)

    figure_px = _fit(card.figure, 240 if square else 200, 72, usable, bold)
    label_px = 54 if square else 44
    label_lines = _wrap(card.label, label_px, usable, regular)[:3]
    basis_px = 32 if square else 28
    basis_lines = _wrap(card.basis, basis_px, usable, regular)[:2] if card.basis else []

    block = figure_px * 0.95 + len(label_lines) * label_px * 1.15 + 24
    block += len(basis_lines) * basis_px * 1.25 + (16 if basis_lines else 0)
    top = margin + logo_size + (height - 2 * margin - logo_size - 90 - block) / 2
    y = top + figure_px * 0.8
    text(margin - figure_px * 0.04, y, card.figure, figure_px, 700)
    y += 24
    for line in label_lines:
        y += label_px * 1.15
        text(margin, y, line, label_px, 600)
    if basis_lines:
        y += 16
    for line in basis_lines:
        y += basis_px * 1.25
        text(margin, y, line, basis_px)

    footer_px = 26 if square else 24
    date = event["date_text"].replace(" ", "\u00a0")  # no-break spaces: the date stays on one line
    footer = f"{event['title']} · {date}"
    footer_lines = _wrap(footer, footer_px, usable, regular)[:2]
    base = height - margin + 8 - (len(footer_lines) - 1) * footer_px * 1.25
    for i, line in enumerate(footer_lines):
        text(margin, base + i * footer_px * 1.25, line, footer_px)
    parts.append(f'<rect x="0" y="{height - 14}" width="{width}" height="14" fill="{colours.accent}"/>')

    body = "\n".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">\n'
        f'<rect width="{width}" height="{height}" fill="{colours.primary}"/>\n{body}\n</svg>\n'
    )


def _face_file(face: Typeface, weight: int) -> Path:
    normal = [f for f in face.faces if f.style == "normal"]
    return min(normal, key=lambda f: abs(f.weight - weight)).file


def logo_uri(brand: Brand, face: Typeface) -> str:
    """The brand's logo as a data: URI for cards: an SVG logo drawn once as PNG (an SVG inside
    the card's SVG costs the converter about 45 ms per card)."""
    if (brand.folder / brand.logo).suffix != ".svg":
        return brand.logo_data_uri()
    png = svg_png((brand.folder / brand.logo).read_text(encoding="utf-8"), face, scale=2)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_png(svg: str, face: Typeface) -> bytes:
    """A card's ``svg`` as PNG, its text drawn in the typeface."""
    return svg_png(svg, face)


def svg_png(svg: str, face: Typeface | None, scale: float = 1) -> bytes:
    """``svg`` as PNG (vl-convert's rasteriser), its text in ``face`` where it names that family.

    The typeface reaches the rasteriser under another family name (``_raster_family``): were
    its own family registered with vl-convert, every chart drawn later in the same process
    would have its labels measured with the font instead of Vega's estimate. A pack's charts
    would then depend on whether cards were drawn before them (as in ``build --all --cards``),
    and each drawing would take about four times as long.
    """
    import vl_convert

    if face is not None and face.faces:
        ours, alias = f"'{face.family}'", f"'{_raster_family(face)}'"
        svg = _FONT_FAMILY.sub(lambda found: found.group(1) + found.group(2).replace(ours, alias) + '"', svg)
    return vl_convert.svg_to_png(svg, scale=scale)


_FONT_FAMILY = re.compile(r'(\sfont-family=")([^"]*)"')


@functools.lru_cache(maxsize=8)
def _raster_family(face: Typeface) -> str:
    """Register copies of the typeface's files, renamed ``reportgen raster <family>``, with
    vl-convert (once per process; the copies are deleted when it exits) and return that name."""
    import atexit
    import shutil
    import tempfile

    import vl_convert
    from fontTools.ttLib import TTFont

    alias = f"reportgen raster {face.family}"
    folder = Path(tempfile.mkdtemp(prefix="reportgen-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for number, font_face in enumerate(face.faces):
        font = TTFont(font_face.file)
        for record in font["name"].names:
            try:
                text = record.toUnicode()
            except UnicodeDecodeError:
                continue
            if face.family in text:
                record.string = text.replace(face.family, alias)
        font.save(folder / f"{number}{font_face.file.suffix}")
    vl_convert.register_font_directory(str(folder))
    return alias


def write_cards(metrics: dict[str, Any], brand: Brand, face: Typeface, folder: Path) -> list[Path]:
    """Write every headline card in every size into ``folder``; return the PNGs written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    logo = logo_uri(brand, face)
    for card in headline_cards(metrics):
        alt = card.alt(metrics["event"], brand.organisation)
        for size in SIZES:
            png = folder / f"{card.id}-{size}.png"
            png.write_bytes(render_png(card_svg(card, metrics, brand, face, size, logo), face))
            png.with_suffix(".txt").write_text(alt + "\n", encoding="utf-8")
            written.append(png)
    return written

