"""Brands: one folder per brand under templates/brands/<name>/ with brand.yaml and a logo.

A brand holds the organisation's name, logo, colours (text, backgrounds, chart series), font
and footer. Charts, social cards and the pack's stylesheet all take their look from it.

A brand is refused unless its colours pass WCAG 2.2 AA contrast where the pack uses them: 4.5:1
for every text colour on every background it is printed on, 3:1 for chart marks and the accent
(borders and bars) against the backgrounds they sit on. The message names each failing pair.

A brand's logo is drawn by WeasyPrint (the pack) and by vl-convert (the social cards), and both
would follow a reference inside an SVG to a web address or a file. So the logo is checked when
the brand is loaded (``logo_problems``): a PNG, JPEG, GIF or WebP image, or an SVG that refers to
nothing outside itself (no external ``href``, no CSS ``url()`` or ``@import`` outside the file,
no DTD with entities, no scripts, event handlers, ``foreignObject`` or style sheet
instructions). Anything else is refused with the brand file and what was found.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .config import _describe, read_yaml
from .errors import ConfigError

HexColour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]


class Colours(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    primary: HexColour
    accent: HexColour
    text: HexColour = "#1f2933"
    muted: HexColour = "#52606d"
    background: HexColour = "#ffffff"
    surface: HexColour = "#f3f5f7"
    on_primary: HexColour = "#ffffff"
    chart: Annotated[list[HexColour], Field(min_length=2)]


class Brand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    organisation: str
    logo: str
    logo_alt: str
    colours: Colours
    font: str = "source-sans-pro"
    footer: str = ""
    contact: str = ""  # Markdown: how to reach the programme, shown on the thank-you page

    folder: Path = Path()

    def logo_data_uri(self) -> str:
        """The logo as a data: URI, so pack.html needs no other file."""
        path = self.folder / self.logo
        mime = LOGO_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


# (foreground, background, minimum ratio, what the pair is used for): how the stylesheet, the
# charts and the social cards combine the brand's colours.
TEXT, GRAPHIC = 4.5, 3.0
PAIRS: tuple[tuple[str, str, float, str], ...] = (
    ("text", "background", TEXT, "body text"),
    ("text", "surface", TEXT, "text in panels and quotes"),
    ("muted", "background", TEXT, "notes and chart axis titles"),
    ("muted", "surface", TEXT, "notes in panels"),
    ("primary", "background", TEXT, "headings and links"),
    ("primary", "surface", TEXT, "headline figures in panels"),
    ("on_primary", "primary", TEXT, "cover and social card text"),
    ("accent", "background", GRAPHIC, "accent bars"),
    ("accent", "surface", GRAPHIC, "accent bars on panels"),
)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrast_problems(colours: Colours) -> list[str]:
    """Every colour pair of ``colours`` below its WCAG minimum, as "key.path: what is wrong"."""
    problems = []
    for fg, bg, minimum, use in PAIRS:
        a, b = getattr(colours, fg), getattr(colours, bg)
        ratio = contrast_ratio(a, b)
        if ratio < minimum:
            problems.append(
                f"colours.{fg} ({a}) on colours.{bg} ({b}): contrast {_ratio(ratio)}, below the "
                f"{minimum:g}:1 that WCAG 2.2 AA requires for {use}"
            )
    for i, mark in enumerate(colours.chart):
        ratio = contrast_ratio(mark, colours.background)
        if ratio < GRAPHIC:
            problems.append(
                f"colours.chart[{i}] ({mark}) on colours.background ({colours.background}): contrast "
                f"{_ratio(ratio)}, below the {GRAPHIC:g}:1 that WCAG 2.2 AA requires for chart marks"
            )
    return problems


# Chart colours are drawn side by side (and one may be outlined, one filled): any two must be
# told apart at a glance. CIE76 colour difference in CIELAB: about 2.3 is "just noticeable";
# 20 is a clearly different colour.
DISTINCT = 20.0


def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    xyz = (
        (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047,
        (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / 1.0,
        (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883,
    )
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def colour_difference(first: str, second: str) -> float:
    """CIE76 ΔE*ab between two colours."""
    return sum((p - q) ** 2 for p, q in zip(lab(first), lab(second))) ** 0.5


def distinctness_problems(colours: Colours) -> list[str]:
    problems = []
    chart = colours.chart
    for i in range(len(chart)):
        for j in range(i + 1, len(chart)):
            difference = colour_difference(chart[i], chart[j])
            if difference < DISTINCT:
                problems.append(
                    f"colours.chart[{i}] ({chart[i]}) and colours.chart[{j}] ({chart[j]}) are too alike "
                    f"to tell apart in a chart (colour difference {difference:.1f}, at least {DISTINCT:g} needed)"
                )
    return problems


def _ratio(ratio: float) -> str:
    # Rounded down, so a pair just under the minimum never prints as exactly the minimum.
    return f"{int(ratio * 100) / 100:.2f}:1"


def brand_names(brands_dir: Path) -> set[str]:
    return {p.parent.name for p in brands_dir.glob("*/brand.yaml")}


def load_brand(brands_dir: Path, name: str) -> Brand:
    folder = brands_dir / name
    path = folder / "brand.yaml"
    try:
        raw = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(path, [f"not readable: {error}"]) from None
    if not isinstance(raw, dict):
        raise ConfigError(path, ["expected a mapping of keys (name, organisation, logo, colours, ...)"])
    try:
        brand = Brand.model_validate({**raw, "folder": folder})
    except ValidationError as error:
        raise ConfigError(path, [_describe(e) for e in error.errors()]) from None
    logo = folder / brand.logo
    if not logo.is_file() or logo.resolve().parent != folder.resolve():
        raise ConfigError(path, [f"logo: no file {brand.logo!r} in templates/brands/{name}/"])
    problems = logo_problems(logo)
    problems += contrast_problems(brand.colours) + distinctness_problems(brand.colours)
    if problems:
        raise ConfigError(path, problems)
    return brand


# The logo's file types, by suffix, and how each kind of image file starts.
LOGO_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
_MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
# Elements that run code, embed another document, or pull in a style sheet or font.
_UNSAFE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_IMPORT = re.compile(r"@import", re.IGNORECASE)
_RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)


def logo_problems(path: Path) -> list[str]:
    """What makes the logo at ``path`` unsafe to draw, each as "logo: what was found"."""
    mime = LOGO_TYPES.get(path.suffix.lower())
    if mime is None:
        return [f"logo: {path.name} is not an image reportgen can use (use an SVG, PNG, JPEG, GIF or WebP file)"]
    try:
        data = path.read_bytes()
    except OSError as error:
        return [f"logo: {path.name} is not readable: {error.strerror}"]
    if mime == "image/svg+xml":
        return [f"logo: {path.name}: {p}" for p in svg_problems(data)]
    starts = _MAGIC.get(mime)
    if mime == "image/webp":
        fits = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    else:
        fits = starts is not None and data.startswith(starts)
    if not fits:
        return [f"logo: {path.name} is not a {mime.split('/')[1].upper()} image (its content does not match its name)"]
    return []


def svg_problems(data: bytes, depth: int = 0) -> list[str]:
    """Everything in the SVG document ``data`` that could make a renderer fetch, read or run
    something outside it. An image embedded as a ``data:`` URI is allowed when it is a PNG,
    JPEG, GIF or WebP, or an SVG that passes the same check.

    The document is read with expat, which never loads an external DTD or entity; a DTD with
    an internal subset (where entities are declared) is refused before it could be expanded.
    """
    from xml.parsers import expat

    problems: list[str] = []
    first: list[str] = []  # the root element's name
    open_elements: list[str] = []

    def found(problem: str) -> None:
        if problem not in problems:
            problems.append(problem)

    def check_text(text: str, where: str, css: bool = False) -> None:
        if css and "\\" in text:
            found(f"a CSS escape (\\) in {where}, which the logo may not have")
        if _IMPORT.search(text):
            found(f"a CSS @import in {where}; put the styles in the SVG itself")
        for _, target in _URL.findall(text):
            check_reference(target.strip(), f"url({target.strip()}) in {where}")

    def check_reference(target: str, where: str) -> None:
        if target.startswith("#") or not target:
            return  # a part of this same document
        if target.lower().startswith("data:"):
            if target.lower().startswith("data:image/svg+xml") and depth < 2:
                inner = _data_uri_bytes(target)
                if inner is None:
                    found(f"{where[:80]}: an embedded SVG that cannot be decoded")
                for problem in svg_problems(inner or b"", depth + 1):
                    found(f"in an embedded SVG image, {problem}")
                return
            if _RASTER_DATA.match(target):
                return
            found(f"{where[:80]}: only embedded PNG, JPEG, GIF, WebP or SVG images are allowed")
            return
        found(
            f"{where[:120]} refers to something outside the logo; reportgen never fetches files or "
            "web addresses, so embed the image or remove the reference"
        )

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1].lower()  # namespaces are "uri local"
        if not first:
            first.append(local)
        open_elements.append(local)
        if local in _UNSAFE_ELEMENTS:
            found(f"a <{name.rsplit(' ', 1)[-1]}> element, which the logo may not have")
        for key, value in attributes.items():
            attribute = key.rsplit(" ", 1)[-1].lower()
            if attribute.startswith("on"):
                found(f"an event handler attribute {attribute}=\"…\" on <{local}>, which the logo may not have")
            elif attribute in {"href", "src"}:
                check_reference(value.strip(), f'<{local} {attribute}="{value.strip()}">')
            else:
                check_text(value, f'<{local} {attribute}="…">', css=attribute == "style")

    def character_data(text: str) -> None:
        if open_elements and open_elements[-1] == "style":
            check_text(text, "the logo's <style>", css=True)
        else:
            check_text(text, "the logo's text")

    def doctype(name: str, system_id: str | None, public_id: str | None, internal_subset: bool) -> None:
        if internal_subset:
            found("a DOCTYPE that declares entities or other definitions, which the logo may not have")

    def entity(name: str, *args: object) -> None:
        found(f"an entity declaration (<!ENTITY {name} …>), which the logo may not have")

    def instruction(target: str, data: str) -> None:
        if target.lower().startswith("xml-stylesheet"):
            found("an <?xml-stylesheet?> instruction, which the logo may not have")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: open_elements.pop()
    parser.CharacterDataHandler = character_data
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    parser.ExternalEntityRefHandler = lambda *args: 0  # never load one: stop with an error
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        if not problems:
            found(f"not a well-formed SVG file ({expat.errors.messages[error.code]} at line {error.lineno})")
    if not problems and first != ["svg"]:
        found("not an SVG image (its first element is not <svg>)")
    return problems


def _data_uri_bytes(uri: str) -> bytes | None:
    """The content of a ``data:`` URI, or None if it cannot be decoded."""
    header, _, payload = uri.partition(",")
    try:
        if header.lower().endswith(";base64"):
            return base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
        return urllib.parse.unquote_to_bytes(payload)
    except ValueError:
        return None
