"""Brands: one folder per brand under templates/brands/<name>/ with brand.yaml and a logo.

A brand holds the organisation's name, logo, colours (text, backgrounds, chart series), font
and footer. Charts, social cards and the pack's stylesheet all take their look from it.

A brand is refused unless its colours pass WCAG 2.2 AA contrast where the pack uses them: 4.5:1
for every text colour on every background it is printed on, 3:1 for chart marks and the accent
(borders and bars) against the backgrounds they sit on. The message names each failing pair.
"""

from __future__ import annotations

import base64
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
        mime = "image/svg+xml" if path.suffix == ".svg" else f"image/{path.suffix.lstrip('.')}"
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
    problems = contrast_problems(brand.colours) + distinctness_problems(brand.colours)
    if problems:
        raise ConfigError(path, problems)
    return brand
