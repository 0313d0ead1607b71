"""Charts and social cards cached by content, under output/.cache/, so that an edit to the
narrative (or anything else that leaves the figures alone) never redraws a chart.

Two levels:

- a drawing: vl-convert's SVG for one Vega-Lite spec and config, named by the hash of both
  (and vl-convert's version). The pack's font is added when the drawing is used, so the cache
  holds no fonts. A chart whose spec did not change is not redrawn even when others did.
- a chart set: every chart of one pack (id, title, alt text and the names of its two drawings),
  named by the hash of what ``build_charts`` is given (the published metrics, the brand and the
  font family) and of reportgen's code. When it is there the build needs neither Altair nor
  vl-convert's JavaScript engine, so no chart process is started at all.

The social cards are cached the same way, as the folder of PNGs and alt texts for a chart set's
key. Files are written to a temporary name and renamed, so builds running side by side never
read half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _vl_convert_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("vl-convert-python")
    except metadata.PackageNotFoundError:
        return "absent"


# How drawings are made, for the key: 2 since a drawing's labels are always measured by Vega's
# estimate (the pack's font is never registered under its own name: see cards.svg_png). Drawings
# kept before then may have been measured with the font, after cards were drawn in the process.
DRAWING_RULES = 2


def drawing_key(spec: dict[str, Any], config: dict[str, Any]) -> str:
    text = json.dumps(
        {"spec": spec, "config": config, "vl": _vl_convert_version(), "rules": DRAWING_RULES}, sort_keys=True
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_drawing(cache: Path, key: str) -> str | None:
    try:
        return (cache / "charts" / f"{key}.svg").read_text(encoding="utf-8")
    except OSError:
        return None


def save_drawing(cache: Path, key: str, svg: str) -> None:
    _write_atomically(cache / "charts" / f"{key}.svg", svg)


def set_key(metrics: dict[str, Any], brand: Any, family: str) -> str:
    """The key of the chart set (and the cards) drawn from these figures, brand and font."""
    from .buildcache import _code_and_libraries

    text = json.dumps(
        {"metrics": metrics, "brand": brand.model_dump(mode="json"), "family": family, "code": _code_and_libraries()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_set(cache: Path, key: str, font_css: str) -> list | None:
    """The charts of a cached set, with the pack's font added, or None if any part is missing."""
    from .charts import Chart, with_font

    try:
        entries = json.loads((cache / "charts" / f"set-{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    charts = []
    for entry in entries:
        wide, narrow = load_drawing(cache, entry["wide"]), load_drawing(cache, entry["narrow"])
        if wide is None or narrow is None:
            return None
        charts.append(
            Chart(entry["id"], entry["title"], with_font(wide, font_css), entry["alt"], with_font(narrow, font_css))
        )
    return charts


def save_set(cache: Path, key: str, charts: list) -> None:
    """Remember a pack's charts (their drawings are already cached by ``render_svg``)."""
    from .charts import drawing_of

    entries = []
    for chart in charts:
        wide, narrow = drawing_of(chart.svg), drawing_of(chart.narrow_svg or chart.svg)
        wide_key, narrow_key = (hashlib.sha256(s.encode("utf-8")).hexdigest() for s in (wide, narrow))
        # Stored under the hash of the drawing itself: the set needs only to find it again.
        save_drawing(cache, wide_key, wide)
        save_drawing(cache, narrow_key, narrow)
        entries.append({"id": chart.id, "title": chart.title, "alt": chart.alt, "wide": wide_key, "narrow": narrow_key})
    _write_atomically(cache / "charts" / f"set-{key}.json", json.dumps(entries, ensure_ascii=False))


def has_set(cache: Path, key: str) -> bool:
    return (cache / "charts" / f"set-{key}.json").is_file()


def cards_folder(cache: Path, key: str) -> Path:
    return cache / "cards" / key


def load_cards(cache: Path, key: str, target: Path) -> bool:
    """Copy a cached set of cards into ``target``; False if there is none."""
    folder = cards_folder(cache, key)
    if not (folder / "complete").is_file():
        return False
    target.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        if path.name != "complete":
            shutil.copyfile(path, target / path.name)
    return True


def save_cards(cache: Path, key: str, source: Path) -> None:
    """Keep a copy of the cards just drawn into ``source``."""
    folder = cards_folder(cache, key)
    if (folder / "complete").is_file():
        return
    staging = folder.with_name(f".{key}.{uuid.uuid4().hex[:8]}")
    staging.mkdir(parents=True)
    for path in source.iterdir():
        shutil.copyfile(path, staging / path.name)
    (staging / "complete").write_text("", encoding="utf-8")
    try:
        os.replace(staging, folder)
    except OSError:  # another build saved the same cards first
        shutil.rmtree(staging, ignore_errors=True)


def remember(cache: Path, event: str, key: str) -> None:
    """Note the chart set ``event`` used last, so its next build can guess whether to start
    the chart process early (see ``expect_cached``)."""
    _write_atomically(cache / "charts" / f"last-{event}.txt", key)


def expect_cached(cache: Path, event: str, cards: bool) -> bool:
    """Whether ``event``'s last chart set (and cards, if wanted) are still cached: if so, its
    figures probably did not change and no chart process need be started ahead of time."""
    try:
        key = (cache / "charts" / f"last-{event}.txt").read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return has_set(cache, key) and (not cards or (cards_folder(cache, key) / "complete").is_file())
