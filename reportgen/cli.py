"""The command line: ``reportgen build|cards|validate|list``.

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

    Writes output/EVENT/: pack.html, pack.pdf, metrics.json, charts/ and tidy/. The previous
    pack stays as it was if anything fails.
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
    """Check EVENT's event.yaml and exports and print a data-quality summary. Writes nothing."""
    from .pipeline import check_event

    checked = check_event(project, event)
    m = checked.metrics
    click.echo(f"{event}: {checked.config.title} ({m['event']['date_text']})")
    click.echo("")
    for source in m["data_quality"]["sources"]:
        click.echo(
            f"  {source['file']} ({source['role']}): {source['rows_read']} rows read, "
            f"{source['rows_used']} used, {source['rows_skipped']} set aside"
        )
        for skipped in source["skipped"]:
            rows = skipped["rows"]
            shown = ", ".join(map(str, rows[:5])) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
            click.echo(f"    - {len(rows)} row{'s' if len(rows) != 1 else ''} ({shown}): {skipped['reason']}")
    click.echo("")
    attendance = m["attendance"]
    click.echo(f"  Registered: {attendance['registered']}")
    click.echo(f"  Attended: {attendance['attended'] if attendance['attended'] is not None else 'unknown'}")
    click.echo(f"  Feedback responses: {m['feedback']['respondents']}")
    if "confidence" in m:
        c = m["confidence"]
        click.echo(f"  Confidence before and after: {c['n_paired']} people with both scores ({c['shift_text']})")
    if "micro_actions" in m:
        click.echo(f"  Micro-actions: {m['micro_actions']['count']}")
    warnings = m["data_quality"]["warnings"]
    click.echo("")
    if warnings:
        for warning in warnings:
            click.echo(f"  Warning: {warning}")
    click.echo(f"OK: no errors, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}.")


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
