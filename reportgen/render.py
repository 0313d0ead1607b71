"""Render: metrics, charts, brand and narrative -> pack.html (one self-contained file).

Templates are Jinja2 with autoescaping on and undefined names as errors. Survey answers reach
the template as plain strings and are escaped like any other value; they are never parsed as
templates or markup. Narrative Markdown from event.yaml goes through markdown-it with raw HTML
switched off, and images refused: the pack carries nothing it did not make itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from .brand import Brand
from .charts import Chart
from .config import EventConfig
from .errors import UnsafeContentError


@dataclass(frozen=True)
class Pack:
    """Everything the pack template lays out."""

    event: str
    config: EventConfig
    metrics: dict[str, Any]
    charts: dict[str, Chart]
    brand: Brand
    font_css: str
    generator: str


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable(
    ["replacements", "smartquotes"]
)


def markdown_block(text: str, where: str) -> Markup:
    """Markdown from event.yaml as safe HTML; ``where`` names the key for error messages."""
    tokens = _markdown.parse(text)
    _refuse_images(tokens, where)
    return Markup(_markdown.renderer.render(tokens, _markdown.options, {}))


def markdown_inline(text: str, where: str) -> Markup:
    tokens = _markdown.parseInline(text)
    _refuse_images(tokens, where)
    return Markup(_markdown.renderer.render(tokens, _markdown.options, {}))


def _refuse_images(tokens: list, where: str) -> None:
    for token in tokens:
        if token.type == "image":
            raise UnsafeContentError(
                f"event.yaml, {where}: images are not allowed in narrative text "
                f"({token.attrGet('src')!r}); put a logo in the brand folder instead"
            )
        if token.children:
            _refuse_images(token.children, where)


def environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def narrative(config: EventConfig) -> dict[str, Any]:
    """The organisers' Markdown, rendered once, by section."""
    sections = {
        name: markdown_block(text, f"narrative.{name}")
        for name, text in config.narrative.model_dump().items()
    }
    return {
        **sections,
        "since_intro": markdown_inline(config.since_last_time.intro, "since_last_time.intro"),
        "since_items": [
            markdown_inline(item, f"since_last_time.items[{i}]")
            for i, item in enumerate(config.since_last_time.items)
        ],
        "contact": markdown_block(config.contact, "contact"),
    }


def render_html(pack: Pack, templates_dir: Path) -> str:
    template = environment(templates_dir).get_template("pack.html.j2")
    stylesheet = (templates_dir / "pack.css").read_text(encoding="utf-8")
    return template.render(
        pack=pack,
        m=pack.metrics,
        charts=pack.charts,
        brand=pack.brand,
        colours=pack.brand.colours,
        text=narrative(pack.config),
        stylesheet=Markup(stylesheet),
        font_css=Markup(pack.font_css),
        logo=pack.brand.logo_data_uri(),
    )
