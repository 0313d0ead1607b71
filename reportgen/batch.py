"""Every event in one command (``reportgen build --all``): the events whose inputs changed are
built side by side in a pool of processes, one per core; the others are left as they are.

Each pool process pays the imports (pandas, WeasyPrint, Altair) and vl-convert's JavaScript
engine once and then builds event after event, drawing charts itself (the pool already keeps
every core busy, so no second chart process is started per build). One event failing never
stops the others: its outcome says why in one line.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import collector
from .buildcache import BuildOptions, is_up_to_date, shared_hash
from .project import Project

BUILT, UNCHANGED, FAILED = "built", "unchanged", "failed"


@dataclass(frozen=True)
class Outcome:
    """What happened to one event: built, unchanged (skipped) or failed, and why."""

    event: str
    status: str
    seconds: float = 0.0
    reason: str = ""


def one_line(error: BaseException) -> str:
    """An error as one line for the summary: its first line, with what kind it is if it is
    not one of reportgen's own messages."""
    from .errors import ReportgenError

    text = str(error).strip().splitlines()
    first = text[0] if text else ""
    if len(text) > 1:
        first += f" (and {len(text) - 1} more lines: reportgen build EVENT shows them all)"
    if isinstance(error, ReportgenError):
        return first
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_worker() -> None:
    """A pool process's start: quiet loggers, the collector set for builds, and the imports
    every build needs."""
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    collector.for_builds()
    from . import pipeline  # noqa: F401 - pandas, Jinja2, pydantic
    from .export import prepare_pdf

    prepare_pdf()


def typefaces_in_use(project: Project, events: list[str]) -> list[str]:
    """The typefaces of the brands that ``events`` name (an event or brand that cannot be read
    is left to its build to report)."""
    from .brand import load_brand
    from .config import EventConfig, read_yaml

    brands = set()
    for event in events:
        try:
            raw = read_yaml((project.event_dir(event) / "event.yaml").read_text(encoding="utf-8"))
            brands.add(str(raw.get("brand", EventConfig.model_fields["brand"].default)))
        except Exception:  # noqa: BLE001, S112 - its build says what is wrong
            continue
    names = set()
    for brand in brands:
        try:
            names.add(load_brand(project.brands_dir, brand).font)
        except Exception:  # noqa: BLE001, S112 - as above
            continue
    return sorted(names)


def make_face(root: Path, name: str, index: int) -> None:
    """Subset and unpack face ``index`` of typeface ``name`` into output/.cache/fonts: a pool
    task, so that on a cold cache the faces are made side by side and once (``fonts.woff2``
    makes a face under a lock: a build needing it meanwhile waits for it)."""
    from .fonts import print_font_face_css, typeface

    print_font_face_css([typeface(name).faces[index]], Project(root).cache_dir)


def build_one(root: Path, event: str, options: BuildOptions, parallel: bool = False) -> Outcome:
    """Build one event and say how it went (never raises for a failed build)."""
    from .pipeline import build_pack

    start = time.perf_counter()
    try:
        build_pack(Project(root), event, pdf=options.pdf, cards=options.cards, parallel=parallel)
    except Exception as error:  # noqa: BLE001 - one event's failure is reported, the others go on
        return Outcome(event, FAILED, time.perf_counter() - start, one_line(error))
    finally:
        collector.settle()  # a worker's imports, schema and fonts: out of the collector's way
    return Outcome(event, BUILT, time.perf_counter() - start)


def _size(project: Project, event: str) -> int:
    folder = project.events_dir / event
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build_all(
    project: Project,
    options: BuildOptions,
    *,
    force: bool = False,
    jobs: int | None = None,
    events: list[str] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Build every event under data/events/ whose inputs changed (all with ``force``).

    ``jobs`` processes build side by side (default: one per core). ``on_outcome`` is called
    as each event finishes (for a progress bar). The outcomes come back in the events' order.
    """
    names = events if events is not None else project.event_names()
    report = on_outcome or (lambda outcome: None)
    outcomes: dict[str, Outcome] = {}
    pending: list[str] = []
    shared = shared_hash(project) if not force else ""
    for name in names:
        try:
            unchanged = not force and is_up_to_date(project, name, options, shared)
        except Exception:  # noqa: BLE001 - an unreadable folder is built, and the build says why
            unchanged = False
        if unchanged:
            outcomes[name] = Outcome(name, UNCHANGED)
            report(outcomes[name])
        else:
            pending.append(name)
    workers = max(1, min(jobs or cores(), len(pending)))
    if workers == 1:
        for name in pending:
            # Alone, a build draws its charts in a second process while it reads the data.
            outcomes[name] = build_one(project.root, name, options, parallel=len(pending) == 1)
            report(outcomes[name])
    else:
        import multiprocessing

        pending.sort(key=lambda name: -_size(project, name))  # largest first: the pool ends together
        from .fonts import typeface

        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker
        ) as pool:
            for font in typefaces_in_use(project, pending):  # first, so that no two builds make the same face
                for index in range(len(typeface(font).faces)):
                    pool.submit(make_face, project.root, font, index)  # a failure: the builds report it
            futures = {pool.submit(build_one, project.root, name, options): name for name in pending}
            for future in as_completed(futures):
                name = futures[future]
                try:
                    outcomes[name] = future.result()
                except Exception as error:  # noqa: BLE001 - the pool process itself died
                    outcomes[name] = Outcome(name, FAILED, 0.0, f"the build process stopped: {one_line(error)}")
                report(outcomes[name])
    return [outcomes[name] for name in names]


def summary(outcomes: list[Outcome]) -> str:
    """The table printed at the end of ``build --all``."""
    width = max([len("Event"), *(len(o.event) for o in outcomes)])
    lines = [f"{'Event':<{width}}  {'Result':<9}  {'Time':>6}  Reason", f"{'-' * width}  {'-' * 9}  {'-' * 6}  ------"]
    for o in outcomes:
        seconds = f"{o.seconds:5.1f}s" if o.status != UNCHANGED else ""
        lines.append(f"{o.event:<{width}}  {o.status:<9}  {seconds:>6}  {o.reason}".rstrip())
    counts = {status: sum(o.status == status for o in outcomes) for status in (BUILT, UNCHANGED, FAILED)}
    lines.append("")
    lines.append(
        f"{len(outcomes)} events: {counts[BUILT]} built, {counts[UNCHANGED]} unchanged "
        f"(--force rebuilds them), {counts[FAILED]} failed"
    )
    return "\n".join(lines) + "\n"
