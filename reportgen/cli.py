"""The command line: ``reportgen build|series|cards|validate|init|list|preview|store``.

The core never imports click; this module maps the project's errors to a one-line (or one-list)
message on stderr and exit status 1, without a traceback. So are the system's errors (a full
disk, a read-only folder: ``describe_os_error``), a chart process that dies, and anything
unexpected ("internal error"); Ctrl-C or SIGTERM exits with 130 or 143 and a short message. The
traceback is printed only with ``-v``.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import signal
import sys
import traceback
from pathlib import Path, PurePath

import click

from . import collector
from .errors import ReportgenError, describe_os_error
from .project import Project


class ReportgenGroup(click.Group):
    """A click group that turns every failure into one "Error: ..." message and exit status 1
    (the traceback too with ``-v``), and an interruption into a short note and 130 or 143."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ReportgenError as error:
            _traceback_if_verbose(ctx)
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # click's own: usage errors, --help, exits
        except KeyboardInterrupt as error:  # Ctrl-C, or reportgen.errors.Interrupted (SIGTERM)
            _traceback_if_verbose(ctx)
            number = getattr(error, "signal_number", signal.SIGINT)
            how = "Ctrl-C" if number == signal.SIGINT else signal.Signals(number).name
            click.echo(f"Stopped ({how}) before the end: nothing was published, the last pack is as it was.", err=True)
            ctx.exit(128 + number)
        except OSError as error:
            if isinstance(error, BrokenPipeError) and error.filename is None:
                # whoever read our output stopped (``reportgen list | head -1``): nothing to say
                try:
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                except (OSError, ValueError):
                    pass
                ctx.exit(1)
            _traceback_if_verbose(ctx)
            root = ctx.obj.root if isinstance(ctx.obj, Project) else Path.cwd()
            output = ctx.obj.output_dir if isinstance(ctx.obj, Project) else None
            click.echo(f"Error: {describe_os_error(error, root, _path_in_use(error) or output)}", err=True)
            ctx.exit(1)
        except Exception as error:  # noqa: BLE001 - a bug: one line for the user, details with -v
            _traceback_if_verbose(ctx)
            detail = f"{type(error).__name__}: {error}".splitlines()[0][:200]
            click.echo(
                f"Error: internal error ({detail}). This is a fault in reportgen, not in your files: "
                "run again with -v for the details, and please report them.",
                err=True,
            )
            ctx.exit(1)


def _traceback_if_verbose(ctx: click.Context) -> None:
    if ctx.meta.get("reportgen.verbose"):
        traceback.print_exc(file=sys.stderr)


def _path_in_use(error: BaseException) -> PurePath | None:
    """The file being read or written where ``error`` arose (a failed ``write()`` names none):
    the innermost path held by a frame of its traceback."""
    frames = []
    tb = error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, PurePath) and value.name:
                return value
            if isinstance(value, os.PathLike) and isinstance(os.fspath(value), str):
                return PurePath(os.fspath(value))
    return None


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
    ctx.meta["reportgen.verbose"] = verbose
    collector.for_builds()
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
@click.argument("event", required=False)
@click.option("--all", "all_events", is_flag=True, help="Build every event under data/events/, side by side.")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed since the last build.")
@click.option(
    "--cards/--no-cards", default=False, show_default=True,
    help="Also draw the social cards (output/EVENT/cards/) and write slides.pptx; make report does.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Events built at once with --all (default: one per core).")
@click.pass_obj
def build(project: Project, event: str | None, all_events: bool, force: bool, cards: bool, jobs: int | None) -> None:
    """Build the pack for EVENT (a folder under data/events/), or for every event with --all.

    Writes output/EVENT/: pack.html, pack.pdf, metrics.json, charts/ (and cards/, slides.pptx with --cards)
    to publish, and private/ (the tidy data, unsuppressed figures and validation report: never
    publish). The previous pack stays as it was if anything fails. An event whose inputs,
    templates, brand and reference data are unchanged since its last build is not rebuilt
    (output/EVENT/build.json holds their hash); --force rebuilds it.
    """
    from .buildcache import BuildOptions, is_up_to_date

    options = BuildOptions(pdf=True, cards=cards)
    if all_events:
        if event:
            raise click.UsageError("give either EVENT or --all, not both")
        _build_all(project, options, force, jobs)
        return
    if not event:
        raise click.UsageError("name the EVENT to build (a folder under data/events/), or give --all")
    if not force and is_up_to_date(project, event, options):
        folder = _relative(project.event_output_dir(event), project)
        click.echo(f"{folder}/ is up to date: nothing changed since its last build (--force rebuilds it)")
        return
    from .pipeline import build_pack

    result = build_pack(project, event, cards=cards)
    total = sum(result.timings.stages.values())
    warnings = result.metrics["data_quality"]["warnings"]
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Built {_relative(result.pdf, project)} and {_relative(result.html, project)} in {total:.1f} s")


def _build_all(project: Project, options, force: bool, jobs: int | None) -> None:
    from .batch import FAILED, build_all, summary

    names = project.event_names()
    if not names:
        click.echo("No events yet: add a folder with an event.yaml under data/events/.")
        return
    with click.progressbar(length=len(names), label="Building", file=sys.stderr) as bar:
        outcomes = build_all(project, options, force=force, jobs=jobs, on_outcome=lambda _: bar.update(1))
    click.echo(summary(outcomes), nl=False)
    if any(o.status == FAILED for o in outcomes):
        sys.exit(1)


@cli.command()
@click.argument("name")
@click.pass_obj
def series(project: Project, name: str) -> None:
    """Build the series pack for NAME (data/series/NAME.yaml): every event of the series is
    read again from its exports.

    Writes output/series/NAME/: pack.html, pack.pdf, figures.json and charts/. The previous
    series pack stays as it was if anything fails.
    """
    from .series.pack import build_series_pack

    result = build_series_pack(project, name)
    click.echo(f"Built {_relative(result.pdf, project)} and {_relative(result.html, project)} in {result.seconds:.1f} s")


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
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="The port on 127.0.0.1 (0: any free one).")
@click.option("--open/--no-open", "open_browser", default=True, show_default=True, help="Open the page in the web browser.")
@click.pass_obj
def preview(project: Project, event: str, port: int, open_browser: bool) -> None:
    """Preview EVENT's pack in the browser while you write it: saved edits show at once.

    Serves pack.html on http://127.0.0.1:PORT/ (this computer only), watches the event folder,
    the templates and the brand, and rebuilds the page (not the PDF) after every save; the page
    reloads itself. A mistake shows at the top of the page, with the last good preview below.
    Writes nothing to output/ except cached charts. Stop with Ctrl+C.
    """
    import time

    from .preview import PreviewServer

    try:
        server = PreviewServer(project, event, port)
    except OSError as error:
        raise click.ClickException(f"cannot serve on 127.0.0.1:{port} ({error.strerror}); try --port 0") from None
    with server:
        state = server.preview.state
        click.echo(f"Previewing {event} at {server.url} (rebuilt on every save; Ctrl+C stops)")
        if state.error:
            click.echo(f"Error: {state.error}", err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            click.echo("Preview stopped.")


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
