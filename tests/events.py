"""Small events written from scratch into a throwaway project, for tests that need an event
shaped a particular way (anonymous surveys, attendance without registration, ...)."""

from __future__ import annotations

import csv
from pathlib import Path

from reportgen.project import Project

HEADER = """title: A test event
subtitle: Measuring our impact
date: 2023-05-04
brand: default
"""


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def make_event(project: Project, name: str, event_yaml: str, files: dict[str, tuple[list[str], list[list[str]]]]) -> Path:
    """data/events/<name>/ with ``event_yaml`` (after a standard header) and each CSV in ``files``
    (file name -> header and rows)."""
    folder = project.events_dir / name
    folder.mkdir(parents=True)
    (folder / "event.yaml").write_text(HEADER + event_yaml, encoding="utf-8")
    for file, (header, rows) in files.items():
        write_csv(folder / file, header, rows)
    return folder


def minimal_project(root: Path) -> Project:
    """A project with the templates and reference tables but none of the sample events."""
    import shutil

    from .conftest import ROOT

    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    (root / "data" / "events").mkdir(parents=True)
    return Project(root)
