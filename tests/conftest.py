"""Shared fixtures: a throwaway copy of the project, and the sample pack built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.pipeline import BuildResult, build_pack, check_event
from reportgen.project import Project

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "2022-06-07"


def copy_project(target: Path) -> Project:
    """A copy of data/ and templates/ under ``target``, safe to damage in a test."""
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, target / folder)
    cache = ROOT / "output" / ".cache"
    if cache.is_dir():  # reuse subset fonts: saves a second per copy
        shutil.copytree(cache, target / "output" / ".cache")
    return Project(target)


def pdf_font_names(path: Path) -> set[str]:
    """The fonts a PDF embeds, without their subset prefix ("ABCDEF+Lato-Bold" -> "Lato-Bold")."""
    from pypdf import PdfReader

    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(path).pages
        for font in page["/Resources"].get("/Font", {}).values()
    }


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = copy_project(tmp_path_factory.mktemp("sample") / "project")
    return build_pack(project, SAMPLE)


@pytest.fixture(scope="session")
def sample_checked():
    return check_event(Project(ROOT), SAMPLE)


@pytest.fixture(scope="session")
def sample_metrics(sample_checked) -> dict:
    """The published figures (small counts suppressed)."""
    return sample_checked.metrics


@pytest.fixture(scope="session")
def sample_private(sample_checked) -> dict:
    """The unsuppressed figures (metrics.private.json)."""
    return sample_checked.private_metrics
