"""Reproducible builds: the same inputs give byte-identical outputs, whatever the clock says."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from reportgen.pipeline import build_pack, source_date_epoch

from .conftest import SAMPLE, copy_project


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path):
    builds = []
    for name in ("first", "second"):
        project = copy_project(tmp_path / name)
        shutil.rmtree(project.cache_dir, ignore_errors=True)  # fonts subset afresh each time
        builds.append(hashes(build_pack(project, SAMPLE).folder))
        time.sleep(1.1)  # a timestamp taken from the clock would now differ
    first, second = builds
    for expected in ("pack.pdf", "pack.html", "metrics.json", "charts/sector.svg",
                     "private/tidy/participants.csv", "cards/joined-1200x675.png"):
        assert expected in first
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"differ between two builds of the same inputs: {differ}"


def test_source_date_epoch_is_the_event_day_unless_set(monkeypatch):
    import datetime as dt

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with source_date_epoch(dt.date(2022, 6, 7)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1654560000"  # 2022-06-07T00:00:00Z
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with source_date_epoch(dt.date(2022, 6, 7)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


def test_pdf_is_byte_identical_when_weasyprint_subsets_with_fonttools(tmp_path, monkeypatch):
    """Without Debian's libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools, which stamps
    the clock into each font unless SOURCE_DATE_EPOCH is set: the build sets it."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_project(tmp_path / "project")
    pdfs = []
    for _ in range(2):
        pdfs.append(hashlib.sha256(build_pack(project, SAMPLE).pdf.read_bytes()).hexdigest())
        time.sleep(1.1)
    assert pdfs[0] == pdfs[1]
