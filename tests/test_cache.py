"""Skipping what did not change: build.json beside the pack, the input hash, and charts cached
by content (a narrative edit never redraws a chart)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from reportgen.buildcache import BuildOptions, input_hash, is_up_to_date, read_stamp, shared_hash
from reportgen.cli import cli
from reportgen.errors import ReportgenError
from reportgen.pipeline import build_pack

from .conftest import SAMPLE

EVENTS = ["2022-03-02", "2022-06-07", "2022-09-20"]
WITH_PDF = BuildOptions(pdf=True, cards=False)


def run(project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def test_an_unchanged_event_is_not_rebuilt_and_an_edit_is(project):
    first = run(project, "build", SAMPLE)
    assert first.exit_code == 0, first.output
    folder = project.event_output_dir(SAMPLE)
    stamp = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    assert stamp == {"reportgen": "0.1.0", "inputs": input_hash(project, SAMPLE), "pdf": True, "cards": False}
    pdf_time = (folder / "pack.pdf").stat().st_mtime_ns

    again = run(project, "build", SAMPLE)
    assert again.exit_code == 0
    assert again.output == f"output/{SAMPLE}/ is up to date: nothing changed since its last build (--force rebuilds it)\n"
    assert (folder / "pack.pdf").stat().st_mtime_ns == pdf_time

    event_yaml = project.event_dir(SAMPLE) / "event.yaml"
    event_yaml.write_text(
        event_yaml.read_text(encoding="utf-8").replace("Thank you for every comment.", "Thanks for every comment."),
        encoding="utf-8",
    )
    assert not is_up_to_date(project, SAMPLE, WITH_PDF)
    edited = run(project, "build", SAMPLE)
    assert edited.exit_code == 0 and edited.output.startswith("Built ")
    assert "Thanks for every comment." in (folder / "pack.html").read_text(encoding="utf-8")
    assert is_up_to_date(project, SAMPLE, WITH_PDF)

    forced = run(project, "build", "--force", SAMPLE)
    assert forced.output.startswith("Built ")
    assert (folder / "pack.pdf").stat().st_mtime_ns != pdf_time


def test_a_narrative_edit_never_redraws_a_chart(project):
    shutil.rmtree(project.cache_dir / "charts", ignore_errors=True)  # copied with the fonts
    first = build_pack(project, SAMPLE, cards=False)
    assert not first.charts_cached
    drawn = {p.name: p.read_bytes() for p in (first.folder / "charts").glob("*.svg")}
    assert len(drawn) == 4
    event_yaml = project.event_dir(SAMPLE) / "event.yaml"
    event_yaml.write_text(
        event_yaml.read_text(encoding="utf-8").replace("we keep track of", "we keep count of"), encoding="utf-8"
    )
    second = build_pack(project, SAMPLE, cards=False)
    assert second.charts_cached
    assert {p.name: p.read_bytes() for p in (second.folder / "charts").glob("*.svg")} == drawn
    assert "we keep count of" in second.html.read_text(encoding="utf-8")


def test_changed_figures_redraw_only_what_changed(project):
    """A drawing is cached by its spec: with a different min_count only the charts whose
    published counts changed are new, and the whole pack equals a build without the cache."""
    build_pack(project, SAMPLE, cards=False)
    event_yaml = project.event_dir(SAMPLE) / "event.yaml"
    event_yaml.write_text(
        event_yaml.read_text(encoding="utf-8").replace("min_count: 5", "min_count: 3"), encoding="utf-8"
    )
    cached = build_pack(project, SAMPLE, cards=False)
    assert not cached.charts_cached
    with_cache = {p.name: p.read_bytes() for p in (cached.folder / "charts").glob("*.svg")}
    fresh = build_pack(project, SAMPLE, cards=False, cache=False)
    assert {p.name: p.read_bytes() for p in (fresh.folder / "charts").glob("*.svg")} == with_cache


def test_a_template_or_reference_change_rebuilds_every_event(project):
    for event in EVENTS:
        build_pack(project, event, cards=False)
    assert all(is_up_to_date(project, e, WITH_PDF) for e in EVENTS)
    css = project.templates_dir / "pack.css"
    original = css.read_text(encoding="utf-8")
    css.write_text(original + "\n/* a comment */\n", encoding="utf-8")
    assert not any(is_up_to_date(project, e, WITH_PDF) for e in EVENTS)
    css.write_text(original, encoding="utf-8")
    assert all(is_up_to_date(project, e, WITH_PDF) for e in EVENTS)
    table = project.reference_dir / "ethnicity-census2021.csv"
    table.write_bytes(table.read_bytes() + b"\n")
    assert shared_hash(project) != ""
    assert not any(is_up_to_date(project, e, WITH_PDF) for e in EVENTS)


def test_a_brand_change_rebuilds(project):
    build_pack(project, SAMPLE, cards=False)
    brand = project.brands_dir / "sel-leadership" / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not is_up_to_date(project, SAMPLE, WITH_PDF)


def test_options_asking_for_more_rebuild_and_less_do_not(project):
    build_pack(project, SAMPLE, cards=False)
    assert is_up_to_date(project, SAMPLE, BuildOptions(pdf=False, cards=False))
    assert not is_up_to_date(project, SAMPLE, BuildOptions(pdf=True, cards=True))
    result = run(project, "build", "--cards", SAMPLE)
    assert result.output.startswith("Built ")
    assert len(list((project.event_output_dir(SAMPLE) / "cards").glob("*.png"))) == 10
    assert read_stamp(project.event_output_dir(SAMPLE))[1] == BuildOptions(pdf=True, cards=True)
    assert is_up_to_date(project, SAMPLE, WITH_PDF)


def test_editor_leftovers_do_not_count(project):
    build_pack(project, SAMPLE, cards=False)
    (project.event_dir(SAMPLE) / ".event.yaml.swp").write_bytes(b"vim")
    (project.event_dir(SAMPLE) / "event.yaml~").write_bytes(b"backup")
    assert is_up_to_date(project, SAMPLE, WITH_PDF)
    (project.event_dir(SAMPLE) / "notes.md").write_text("new file", encoding="utf-8")
    assert not is_up_to_date(project, SAMPLE, WITH_PDF)


def test_compiled_python_files_do_not_count(tmp_path):
    """A process that imports a changed module writes its __pycache__: derived, not an input
    (else the second of two build --all runs would rebuild everything)."""
    import hashlib

    from reportgen.buildcache import _digest_tree

    def digest() -> str:
        found = hashlib.sha256()
        _digest_tree(found, tmp_path, "code")
        return found.hexdigest()

    (tmp_path / "stage.py").write_text("x = 1\n", encoding="utf-8")
    before = digest()
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "stage.cpython-311.pyc").write_bytes(b"compiled")
    assert digest() == before
    (tmp_path / "stage.py").write_text("x = 2\n", encoding="utf-8")
    assert digest() != before


def test_a_failed_build_leaves_the_last_stamp(project):
    build_pack(project, SAMPLE, cards=False)
    folder = project.event_output_dir(SAMPLE)
    before = (folder / "build.json").read_bytes()
    (project.event_dir(SAMPLE) / "feedback.csv").write_text("not,the,export\n", encoding="utf-8")
    with pytest.raises(ReportgenError):
        build_pack(project, SAMPLE, cards=False)
    assert (folder / "build.json").read_bytes() == before
    assert not is_up_to_date(project, SAMPLE, WITH_PDF)
    result = run(project, "build", SAMPLE)
    assert result.exit_code == 1
