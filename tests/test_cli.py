"""The command line: help, validate's data-quality summary (which writes nothing), list."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.pipeline import build_pack

from .conftest import SAMPLE


def run(project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["list"]])
def test_help(project, command):
    result = run(project, *command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_validate_prints_a_summary_and_writes_nothing(project):
    result = run(project, "validate", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "registrations.xlsx (registration): 63 rows read, 62 used, 1 set aside" in result.output
    assert "1 row (6): a later row from the same person replaces it (duplicate submission)" in result.output
    assert "Registered: 62" in result.output and "Attended: 50" in result.output
    assert "Confidence before and after: 20 people with both scores (5.7 → 7.4)" in result.output
    assert "Micro-actions: 13" in result.output
    assert "OK: no errors" in result.output
    assert not project.output_dir.exists() or not any(
        p for p in project.output_dir.iterdir() if p.name != ".cache"
    )


def test_list_shows_events_and_their_last_build(project):
    result = run(project, "list")
    assert result.exit_code == 0
    assert f"{SAMPLE}  Driving purposeful collaboration  (not built yet)" in result.output
    build_pack(project, SAMPLE)
    assert "last built " in run(project, "list").output


def test_build_reports_where_the_pack_is(project):
    result = run(project, "build", SAMPLE)
    assert result.exit_code == 0, result.output
    assert f"Built output/{SAMPLE}/pack.pdf and output/{SAMPLE}/pack.html" in result.output
    assert (project.event_output_dir(SAMPLE) / "pack.pdf").stat().st_size > 10_000
