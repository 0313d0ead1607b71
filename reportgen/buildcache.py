"""Skip what did not change: a content hash of everything a pack is built from.

``input_hash`` digests, for one event: every file of its folder (names and bytes), the
templates and brands, the reference tables, the typefaces' font files, reportgen's version and
source, the versions of the libraries that draw the output (WeasyPrint, vl-convert, Altair,
pandas, Jinja2, markdown-it) and the build's options. ``build_pack`` writes it beside the pack
as ``build.json``, inside the build folder, so it is published with the pack in the same
rename and never describes a pack that failed. ``is_up_to_date`` compares it with the hash
of the inputs now: a build over a folder whose ``build.json`` matches can be skipped.

A build that wrote the PDF and the cards also satisfies a request for less (the HTML only, or
no cards); asking for more than the last build made rebuilds.

Nothing here imports pandas, WeasyPrint or Altair: checking 100 events takes a fraction of a
second.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .project import Project

STAMP = "build.json"
FORMAT = 1  # bump when the meaning of the hash changes
LIBRARIES = ("weasyprint", "vl-convert-python", "altair", "pandas", "jinja2", "markdown-it-py", "pydyf")


@dataclass(frozen=True)
class BuildOptions:
    """What a build was asked to write besides pack.html (they change the output folder)."""

    pdf: bool = True
    cards: bool = True

    def covers(self, wanted: BuildOptions) -> bool:
        """Whether a pack built with these options holds everything ``wanted`` asks for."""
        return (self.pdf or not wanted.pdf) and (self.cards or not wanted.cards)


def _digest_tree(digest: Any, folder: Path, label: str) -> None:
    """Feed every file under ``folder`` (relative name and bytes) into ``digest``.

    Hidden files, editor leftovers (``.event.yaml.swp``, ``notes.txt~``) and Python's compiled
    files (``__pycache__``, written whenever a process imports a changed module) are left out.
    """
    digest.update(f"[{label}]\0".encode())
    if not folder.is_dir():
        digest.update(b"(missing)\0")
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts) or path.name.endswith("~"):
            continue
        if path.is_file():
            digest.update(relative.as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())


@functools.cache
def _code_and_libraries() -> str:
    """reportgen's version and source, the typefaces and the drawing libraries' versions."""
    from . import fonts

    digest = hashlib.sha256(f"format {FORMAT}\0reportgen {__version__}\0".encode())
    _digest_tree(digest, Path(__file__).parent, "reportgen")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\0".encode())
    for key in sorted(fonts.TYPEFACES):
        try:
            face = fonts.typeface(key)
        except Exception:  # noqa: BLE001 - a missing font package fails the build itself, clearly
            digest.update(f"font {key} absent\0".encode())
            continue
        for file in sorted({f.file for f in face.faces}):
            digest.update(f"font {key} {file.name}\0".encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def shared_hash(project: Project) -> str:
    """The part of every event's hash that the events share: code, libraries, fonts, templates,
    brands, reference data (worked out once for a batch of events)."""
    digest = hashlib.sha256(_code_and_libraries().encode())
    _digest_tree(digest, project.templates_dir, "templates")
    _digest_tree(digest, project.reference_dir, "reference")
    return digest.hexdigest()


def input_hash(project: Project, event: str, shared: str | None = None) -> str:
    """The content hash of everything ``event``'s pack is built from (options apart);
    ``shared``: ``shared_hash(project)`` if already worked out."""
    digest = hashlib.sha256((shared or shared_hash(project)).encode())
    _digest_tree(digest, project.event_dir(event), "event")
    return digest.hexdigest()


def stamp(inputs: str, options: BuildOptions) -> str:
    """The text of ``build.json`` for a build of ``inputs`` with ``options``."""
    return json.dumps(
        {"reportgen": __version__, "inputs": inputs, "pdf": options.pdf, "cards": options.cards},
        indent=2,
    ) + "\n"


def read_stamp(folder: Path) -> tuple[str, BuildOptions] | None:
    """The inputs hash and options of the pack published in ``folder``, if it has a stamp."""
    try:
        raw = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        return str(raw["inputs"]), BuildOptions(pdf=bool(raw["pdf"]), cards=bool(raw["cards"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_up_to_date(project: Project, event: str, options: BuildOptions, shared: str | None = None) -> bool:
    """Whether output/<event>/ already holds the pack these inputs and options would build."""
    folder = project.event_output_dir(event)
    found = read_stamp(folder)
    if found is None:
        return False
    built_from, built_with = found
    if not built_with.covers(options):
        return False
    if not (folder / "pack.html").is_file() or (options.pdf and not (folder / "pack.pdf").is_file()):
        return False
    return built_from == input_hash(project, event, shared)
