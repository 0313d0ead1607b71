"""The command line: ``reportgen build|cards|validate|init|list|store``.

The core never imports click; this module maps the project's errors to a one-line (or one-list)
message on stderr and exit status 1, without a traceback.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import sys
from pathlib import Path

import click

from .errors import ReportgenError
from .project import Project


class ReportgenGroup(click.Group):
    """A click group that turns a ReportgenError into "Error: ..." and exit status 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ReportgenError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=ReportgenGroup)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The reportgen folder holding data/, templates/ and output/.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log each step and its time.")
@click.version_option(package_name="reportgen")
@click.pass_context
def cli(ctx: click.Context, root: Path, verbose: bool) -> None:
    """Turn an event's exports into its "measuring our impact" pack (HTML and PDF)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        stream=sys.stderr,
    )
    # WeasyPrint and fontTools report font subsetting details at INFO/WARNING: not for users.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    ctx.obj = Project(root.resolve())


@cli.command()
@click.argument("event")
@click.pass_obj
def build(project: Project, event: str) -> None:
    """Build the pack for EVENT (a folder under data/events/).

    Writes output/EVENT/: pack.html, pack.pdf, metrics.json, charts/ and cards/ (to publish),
    and private/ (the tidy data, unsuppressed figures and validation report: never publish).
    The previous pack stays as it was if anything fails.
    """
    from .pipeline import build_pack

    result = build_pack(project, event)
    total = sum(result.timings.stages.values())
    warnings = result.metrics["data_quality"]["warnings"]
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Built {_relative(result.pdf, project)} and {_relative(result.html, project)} in {total:.1f} s")


@cli.command()
@click.argument("event")
@click.pass_obj
def cards(project: Project, event: str) -> None:
    """Write EVENT's social cards: a PNG per headline figure, with its alt text.

    Writes output/EVENT/cards/<figure>-1200x675.png (LinkedIn, X), <figure>-1080x1080.png
    (square) and a .txt beside each holding the alt text to post with it. `build` writes them too.
    """
    from .pipeline import build_cards

    written = build_cards(project, event)
    folder = _relative(project.event_output_dir(event) / "cards", project)
    click.echo(f"Wrote {len(written)} cards (PNG, with alt text in .txt) to {folder}/")


@cli.command()
@click.argument("event")
@click.pass_obj
def validate(project: Project, event: str) -> None:
    """Check EVENT's event.yaml and exports and print a data-quality summary. Writes nothing.

    Lists, per export: rows read, used and set aside (and why), people who did not match,
    duplicates, and answers outside the mapping or scale; warnings and errors apart. Exits
    with status 1 if there is any error.
    """
    from .errors import DataProblemsError
    from .pipeline import check_event, describe_check, describe_failure

    try:
        checked = check_event(project, event)
    except DataProblemsError as error:
        click.echo(f"Error: {error}", err=True)
        click.echo("")
        click.echo(describe_failure(project, event, error), nl=False)
        sys.exit(1)
    click.echo(describe_check(checked), nl=False)


@cli.command()
@click.argument("event")
@click.argument("more", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--from", "files", multiple=True, required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An export to start from (CSV or XLSX); give one or more.",
)
@click.pass_obj
def init(project: Project, event: str, more: tuple[Path, ...], files: tuple[Path, ...]) -> None:
    """Start EVENT from its exports: reportgen init EVENT --from FILE [FILE...].

    Recognises each export's kind (Microsoft Forms, Google Forms, SurveyMonkey, Qualtrics,
    Eventbrite, Zoom, or generic), copies it into data/events/EVENT/ and writes a starting
    event.yaml with the mappings filled in from the headers and a TODO wherever it guessed.
    """
    from .errors import EventNotFoundError
    from .project import EVENT_NAME
    from .scaffold import init_event

    if not EVENT_NAME.match(event) or event in {".", ".."}:
        raise EventNotFoundError(
            f"{event!r} is not an event name: use letters, digits, '.', '_' and '-' "
            "(a folder of that name is created under data/events/), e.g. 2023-03-14"
        )
    target = init_event(project.events_dir, event, [*files, *more])
    todos = target.read_text(encoding="utf-8").count("TODO")
    click.echo(f"Wrote {_relative(target, project)} from {len(files) + len(more)} exports, with {todos} TODOs to check.")
    click.echo(f"Edit it, then run: reportgen validate {event}")


@cli.command(name="list")
@click.pass_obj
def list_events(project: Project) -> None:
    """List the events under data/events/ and when each pack was last built."""
    import yaml

    names = project.event_names()
    if not names:
        click.echo("No events yet: add a folder with an event.yaml under data/events/.")
        return
    for name in names:
        title = "?"
        try:
            raw = yaml.safe_load((project.events_dir / name / "event.yaml").read_text(encoding="utf-8"))
            title = str(raw.get("title", "?")) if isinstance(raw, dict) else "?"
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            title = "(event.yaml unreadable)"
        pdf = project.event_output_dir(name) / "pack.pdf"
        if pdf.exists():
            built = dt.datetime.fromtimestamp(pdf.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            state = f"last built {built}"
        else:
            state = "not built yet"
        click.echo(f"{name}  {title}  ({state})")


@cli.command()
@click.pass_obj
def store(project: Project) -> None:
    """Rebuild data/store.duckdb from every event folder, for SQL across events.

    The store holds every participant's answers: keep it private, never publish it. Events whose
    inputs have errors are left out and named (exit status 1); see docs/store.md.
    """
    from .store import rebuild_store, store_summary

    left_out: list[str] = []
    path = rebuild_store(project, left_out.append)
    for message in left_out:
        click.echo(f"Warning: {message}", err=True)
    click.echo(f"Wrote {_relative(path, project)}: {store_summary(path)} (private: never publish it)")
    if left_out:
        sys.exit(1)


def _relative(path: Path, project: Project) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def main() -> None:
    try:
        cli(prog_name="reportgen")
    finally:
        # Everything is written and closed by now: skip the exit-time garbage collection of
        # the laid-out pack's objects, which otherwise takes about 0.3 s.
        gc.freeze()
