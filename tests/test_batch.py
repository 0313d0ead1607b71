"""reportgen build --all: every event built side by side; one bad event among good ones is
reported in the summary and fails the command, without stopping the others."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from reportgen.batch import BUILT, FAILED, UNCHANGED, Outcome, one_line, summary
from reportgen.cli import cli
from reportgen.errors import ReportgenError

GOOD = ["2022-03-02", "2022-06-07", "2022-09-20"]
BAD = "2022-10-01-broken"


def only_good(project) -> None:
    """Leave the three events this test is about (the sample series' events are not)."""
    for extra in set(project.event_names()) - set(GOOD):
        shutil.rmtree(project.events_dir / extra)


def run(project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def rows(output: str) -> dict[str, list[str]]:
    """The summary table's rows: event -> [result, time, reason...]."""
    table = {}
    for line in output.splitlines():
        parts = line.split(maxsplit=3)
        if parts and (parts[0] in GOOD or parts[0] == BAD):
            table[parts[0]] = parts[1:]
    return table


def test_one_bad_event_fails_alone(project):
    only_good(project)
    bad = project.events_dir / BAD
    shutil.copytree(project.events_dir / "2022-09-20", bad)
    (bad / "registrations.csv").unlink()

    result = run(project, "build", "--all", "--jobs", "2")
    assert result.exit_code == 1, result.output
    table = rows(result.output)
    assert sorted(table) == sorted([*GOOD, BAD])
    for event in GOOD:
        assert table[event][0] == BUILT
        folder = project.event_output_dir(event)
        assert (folder / "pack.pdf").stat().st_size > 10_000
        assert (folder / "build.json").is_file()
        assert not (folder / "cards").exists()  # cards only when asked for
    assert table[BAD][0] == FAILED
    assert table[BAD][-1].endswith(
        "registrations.csv: file not found (expected the export saved as registrations.csv in the event folder)"
    )
    assert not project.event_output_dir(BAD).exists()
    assert "4 events: 3 built, 0 unchanged (--force rebuilds them), 1 failed" in result.output

    # Again: the good ones are unchanged and not rebuilt; the bad one is tried again.
    pdf = project.event_output_dir("2022-06-07") / "pack.pdf"
    before = pdf.stat().st_mtime_ns
    again = run(project, "build", "--all")
    assert again.exit_code == 1
    assert [rows(again.output)[e][0] for e in GOOD] == [UNCHANGED] * 3
    assert rows(again.output)[BAD][0] == FAILED
    assert pdf.stat().st_mtime_ns == before

    # Fixed, and forced: everything is built and the command succeeds.
    shutil.copy(project.events_dir / "2022-09-20" / "registrations.csv", bad / "registrations.csv")
    forced = run(project, "build", "--all", "--force", "--jobs", "2")
    assert forced.exit_code == 0, forced.output
    assert "4 events: 4 built, 0 unchanged (--force rebuilds them), 0 failed" in forced.output
    assert pdf.stat().st_mtime_ns != before


def test_all_with_cards_draws_them(project):
    only_good(project)
    for event in ("2022-03-02", "2022-09-20"):
        shutil.rmtree(project.events_dir / event)
    result = run(project, "build", "--all", "--cards")
    assert result.exit_code == 0, result.output
    assert len(list((project.event_output_dir("2022-06-07") / "cards").glob("*.png"))) == 10


def test_event_and_all_together_are_refused(project):
    result = run(project, "build", "--all", "2022-06-07")
    assert result.exit_code == 2
    assert "give either EVENT or --all, not both" in result.output
    assert run(project, "build").exit_code == 2


def test_the_summary_and_one_line_reasons():
    outcomes = [
        Outcome("2022-06-07", BUILT, 2.345),
        Outcome("2022-03-02", UNCHANGED),
        Outcome("x", FAILED, 0.5, one_line(ReportgenError("event.yaml: 2 problems to fix:\n  - a\n  - b"))),
    ]
    text = summary(outcomes)
    assert "2022-06-07  built        2.3s" in text
    assert "2022-03-02  unchanged" in text
    assert "x           failed       0.5s  event.yaml: 2 problems to fix: (and 2 more lines" in text
    assert text.endswith("3 events: 1 built, 1 unchanged (--force rebuilds them), 1 failed\n")
    assert one_line(KeyError("gone")) == "KeyError: 'gone'"


def test_the_pool_makes_the_typefaces_of_the_brands_in_use_only(project):
    # On a cold cache the pool's first tasks make each face of the typefaces the events' brands
    # use: the project-lift brand's Lato (2022-03-02) is not made when no event to build uses it.
    from reportgen.batch import typefaces_in_use

    only_good(project)
    assert typefaces_in_use(project, GOOD) == ["lato", "source-sans-pro"]
    assert typefaces_in_use(project, GOOD[1:]) == ["source-sans-pro"]
    assert typefaces_in_use(project, [GOOD[0], "no-such-event"]) == ["lato"]

    shutil.rmtree(project.events_dir / GOOD[0])
    shutil.rmtree(project.cache_dir, ignore_errors=True)  # a cold cache
    result = run(project, "build", "--all", "--jobs", "2")
    assert result.exit_code == 0, result.output
    made = sorted(p.name.split("-")[0] for p in (project.cache_dir / "fonts").glob("*.woff2"))
    assert made == ["SourceSansPro"] * 4
