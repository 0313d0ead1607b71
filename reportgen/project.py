"""Where things live: the project's folders, and safe lookup of an event folder by name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import EventNotFoundError

EVENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Project:
    """The folders of one reportgen checkout (``root`` holds data/, templates/ and output/)."""

    root: Path

    @property
    def events_dir(self) -> Path:
        return self.root / "data" / "events"

    @property
    def reference_dir(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def brands_dir(self) -> Path:
        return self.templates_dir / "brands"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def cache_dir(self) -> Path:
        return self.output_dir / ".cache"

    def event_dir(self, event: str) -> Path:
        """The folder of ``event`` under data/events/, refusing anything that is not one."""
        if not EVENT_NAME.match(event) or event in {".", ".."}:
            raise EventNotFoundError(
                f"{event!r} is not an event name: use the name of a folder under "
                f"data/events/ (letters, digits, '.', '_' and '-'), e.g. 2022-06-07"
            )
        folder = self.events_dir / event
        if folder.resolve().parent != self.events_dir.resolve() or not folder.is_dir():
            known = ", ".join(self.event_names()) or "none yet"
            raise EventNotFoundError(
                f"No event folder data/events/{event}/ (events found: {known})"
            )
        return folder

    def event_output_dir(self, event: str) -> Path:
        return self.output_dir / event

    def event_names(self) -> list[str]:
        if not self.events_dir.is_dir():
            return []
        return sorted(
            p.name for p in self.events_dir.iterdir() if p.is_dir() and (p / "event.yaml").exists()
        )
