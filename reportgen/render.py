"""Render: metrics, charts, brand and narrative -> pack.html (one self-contained file).

Templates are Jinja2 with autoescaping on and undefined names as errors. Survey answers reach
the template as plain strings and are escaped like any other value; they are never parsed as
templates or markup. Narrative Markdown from event.yaml goes through markdown-it with raw HTML
switched off, and images refused: the pack carries nothing it did not make itself.
"""

from __future__ import annotations

import dataclasses
import functools
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
from .framing import framing
from .sections import Section


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
    font_family: str = "Source Sans Pro"
    page: dict[str, Any] | None = None  # section_data(), as rendered when the sections were planned
    sections: tuple[Section, ...] = ()


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


def css_string(value: str) -> Markup:
    """Text as the inside of a CSS string ("..."), safe inside a <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;!?'()-–—·&/@+" else f"\\{ord(ch):X} " for ch in str(value)
    )
    return Markup(escaped)


@functools.lru_cache(maxsize=8)
def environment(templates_dir: Path) -> Environment:
    """The templates of ``templates_dir``, compiled once per process (a preview or ``build --all``
    worker renders many packs); Jinja recompiles a template whose file changed."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
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


def content(config: EventConfig, brand: Brand) -> dict[str, Any]:
    """The organisers' own content for the section library (agenda, speaker, themes, guide),
    with its Markdown rendered safely; blocks event.yaml leaves out are absent."""
    found: dict[str, Any] = {}
    if config.agenda:
        a = config.agenda
        found["agenda"] = {
            "intro": markdown_block(a.intro, "agenda.intro"),
            "objectives": [markdown_inline(o, f"agenda.objectives[{i}]") for i, o in enumerate(a.objectives)],
            "items": [
                {"title": item.title, "time": item.time, "description": markdown_inline(item.description, f"agenda.items[{i}].description")}
                for i, item in enumerate(a.items)
            ],
        }
    if config.speaker:
        sp = config.speaker
        found["speaker"] = {
            "name": sp.name,
            "role": sp.role,
            "question": sp.question,
            "perspective": markdown_block(sp.perspective, "speaker.perspective"),
            "key_points": [
                {"title": k.title, "text": markdown_inline(k.text, f"speaker.key_points[{i}].text")}
                for i, k in enumerate(sp.key_points)
            ],
            "closing": markdown_block(sp.closing, "speaker.closing"),
        }
    if config.key_themes:
        kt = config.key_themes
        found["key_themes"] = {
            "intro": markdown_block(kt.intro, "key_themes.intro"),
            "prompts": list(kt.prompts),
            "themes": [
                {"name": t.name, "points": [markdown_inline(p, f"key_themes.themes[{i}].points[{j}]") for j, p in enumerate(t.points)]}
                for i, t in enumerate(kt.themes)
            ],
            "reflections_intro": markdown_block(kt.reflections.intro, "key_themes.reflections.intro") if kt.reflections else "",
        }
    if config.host_your_own:
        h = config.host_your_own
        found["host_your_own"] = {
            "title": h.title,
            "intro": markdown_block(h.intro, "host_your_own.intro"),
            "steps": [
                {"duration": st.duration, "title": st.title, "text": markdown_inline(st.text, f"host_your_own.steps[{i}].text")}
                for i, st in enumerate(h.steps)
            ],
        }
    for key, ref in (("why_people_came", config.why_people_came), ("closing_reflections", config.closing_reflections)):
        if ref is not None and ref.intro:
            found[f"{key}_intro"] = markdown_block(ref.intro, f"{key}.intro")
    found["poll_intros"] = [markdown_block(p.intro, f"polls[{i}].intro") for i, p in enumerate(config.polls)]
    for name, value in config.content.items():
        if name in found:
            raise UnsafeContentError(f"event.yaml, content.{name}: {name!r} is a built-in block; write it at the top level")
        found[name] = free_form(value, f"content.{name}")
    return found


def free_form(value: Any, where: str) -> Any:
    """Free-form section content: every string as Markdown (a paragraph if it has a line break,
    inline text otherwise), in the same shape of lists and mappings."""
    if isinstance(value, str):
        return markdown_block(value, where) if "\n" in value.strip() else markdown_inline(value, where)
    if isinstance(value, list):
        return [free_form(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {str(k): free_form(v, f"{where}.{k}") for k, v in value.items()}
    return value


def contact(config: EventConfig, brand: Brand) -> Markup:
    """The event's contact text, or else the brand's."""
    if config.contact.strip():
        return markdown_block(config.contact, "contact")
    return markdown_block(brand.contact, f"templates/brands/{config.brand}/brand.yaml contact")


def section_data(config: EventConfig, brand: Brand, metrics: dict[str, Any]) -> dict[str, Any]:
    """What the section library looks at to decide which sections have data, and the framing
    sentences (framing.py) the templates print."""
    return {
        "m": metrics,
        "content": content(config, brand),
        "text": narrative(config),
        "contact": contact(config, brand),
        "framing": framing(metrics),
    }


def render_print_html(pack: Pack, templates_dir: Path, font_css: str) -> str:
    """The copy of pack.html that WeasyPrint lays out as pack.pdf: the same page, with each chart
    as ``Chart.for_print`` gives it (no phone-width drawing, no font inside the drawing) and
    ``font_css`` for the page's fonts (``fonts.print_font_face_css``: short URLs)."""
    charts = {name: chart.for_print() for name, chart in pack.charts.items()}
    return render_html(dataclasses.replace(pack, charts=charts, font_css=font_css), templates_dir)


def render_html(pack: Pack, templates_dir: Path) -> str:
    page = pack.page or section_data(pack.config, pack.brand, pack.metrics)
    template = environment(templates_dir).get_template("pack.html.j2")
    stylesheet = (templates_dir / "pack.css").read_text(encoding="utf-8")
    return template.render(
        pack=pack,
        m=pack.metrics,
        charts=pack.charts,
        brand=pack.brand,
        colours=pack.brand.colours,
        text=page["text"],
        stylesheet=Markup(stylesheet),
        font_css=Markup(pack.font_css),
        font_family=pack.font_family,
        logo=pack.brand.logo_data_uri(),
        content=page["content"],
        contact=page["contact"],
        framing=page.get("framing") or framing(pack.metrics),
        sections=pack.sections,
    )
