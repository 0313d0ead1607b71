"""Brands: one folder per brand under templates/brands/<name>/ with brand.yaml and a logo.

A brand holds the organisation's name, logo, colours (text, backgrounds, chart series), font
and footer. Charts and the pack's stylesheet both take their look from it.
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
    return brand
