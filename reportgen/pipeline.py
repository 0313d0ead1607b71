"""The pipeline: run the stages for one event in order, log each with its time, publish.

    event.yaml + exports --etl--> tidy --metrics--> metrics.json --charts--> SVG
        --render--> pack.html --export--> pack.pdf
                              metrics.json --cards--> cards/*.png (social cards)

``build_pack`` writes everything into a temporary folder and swaps it into output/<EVENT>/
only when every stage has succeeded. ``check_event`` runs the reading stages and writes nothing.

Charts are drawn in a second process (``chart_worker``), started first: it imports Altair and
starts vl-convert's JavaScript engine on the other core while this one reads the exports and
imports WeasyPrint; it then draws the social cards while this one writes the PDF. Data still
flows one way; the worker only turns metrics into SVG and PNG.

Builds are reproducible: the same inputs give byte-identical files. Dates inside the outputs
come from the event (the template's ``dcterms.created``), and tools that stamp the current time
(fontTools, when WeasyPrint subsets fonts with it) read ``SOURCE_DATE_EPOCH``, which the build
sets to the event day unless the caller has set it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .project import Project

log = logging.getLogger(__name__)
GENERATOR = f"reportgen {__version__}"


@dataclass
class Timings:
    """Seconds spent per stage, in the order the stages ran."""

    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        log.info("Step: %s", name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = time.perf_counter() - start
            log.info("  %s took %.2f s", name, self.stages[name])


@dataclass(frozen=True)
class CheckedEvent:
    """What ``check_event`` found: the config, the tidy data and the metrics."""

    event: str
    config: Any
    brand: Any
    tidy: Any
    metrics: dict[str, Any]  # published: small counts suppressed
    private_metrics: dict[str, Any]  # unsuppressed, for the team only
    sections: tuple[Any, ...] = ()  # the sections to render, in order
    page: dict[str, Any] | None = None  # the organisers' content as rendered for the plan


@dataclass(frozen=True)
class BuildResult:
    event: str
    folder: Path
    metrics: dict[str, Any]
    timings: Timings

    @property
    def pdf(self) -> Path:
        return self.folder / "pack.pdf"

    @property
    def html(self) -> Path:
        return self.folder / "pack.html"


@contextmanager
def source_date_epoch(day: dt.date) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` to midnight UTC of ``day`` for the block, unless already set."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


class ChartWorker:
    """Draws the charts in a second process (``chart_worker``), or in this one if ``parallel`` is off."""

    def __init__(self, parallel: bool = True):
        from .chart_worker import ChartProcess

        self._process = ChartProcess() if parallel else None
        self._request: tuple = ()

    def send(self, metrics: dict[str, Any], brand: Any, font_css: str, family: str, cards: Path) -> None:
        """Ask for the charts, and then the social cards in the folder ``cards``."""
        self._request = (metrics, brand, font_css, family)
        self._cards = cards
        if self._process is not None:
            self._process.send(*self._request, cards=str(cards))

    def collect(self) -> list:
        if self._process is not None:
            return self._process.collect()
        from .charts import build_charts

        return build_charts(*self._request)

    def collect_cards(self) -> None:
        """Wait for the cards (drawn by the worker while this process writes the PDF)."""
        if self._process is not None:
            self._process.collect_cards()
            return
        from .cards import write_cards
        from .fonts import typeface

        metrics, brand = self._request[:2]
        write_cards(metrics, brand, typeface(brand.font), self._cards)

    def close(self) -> None:
        if self._process is not None:
            self._process.close()


def check_event(project: Project, event: str, timings: Timings | None = None) -> CheckedEvent:
    """Read and check an event's inputs, and compute its metrics; write nothing."""
    from .brand import brand_names, load_brand
    from .config import load_event_config
    from .errors import ConfigError
    from .etl import build_tidy
    from .framework import load_framework
    from .metrics import NOT_STATED, compute_metrics, config_categories
    from .reference import load_population, table_names, unmatched_categories
    from .render import section_data
    from .sections import SECTIONS, plan_sections

    timings = timings or Timings()
    event_dir = project.event_dir(event)
    with timings.stage("config"):
        config = load_event_config(
            event_dir,
            known_brands=brand_names(project.brands_dir),
            known_tables=table_names(project.reference_dir),
            known_sections=set(SECTIONS),
        )
        brand = load_brand(project.brands_dir, config.brand)
    with timings.stage("etl"):
        tidy = build_tidy(config, event_dir)
    with timings.stage("metrics"):
        populations = {}
        problems = []
        for i, b in enumerate(config.breakdowns):
            if b.reference is None:
                continue
            population = load_population(project.reference_dir, b.reference.table, b.reference.areas, b.reference.label)
            stated = [c for c in config_categories(config, b.field) if c not in NOT_STATED]
            for category in unmatched_categories(stated, population, b.reference.categories):
                problems.append(
                    f"breakdowns[{i}].reference.categories: {category!r} has no match in "
                    f"{b.reference.table} (its categories: {', '.join(population.counts)}); "
                    f"map it explicitly, e.g. {category!r}: {next(iter(population.counts))!r}"
                )
            populations[b.field] = population
        if problems:
            raise ConfigError(project.event_dir(event) / "event.yaml", problems)
        framework = load_framework(project.root / "data" / "series", config.programme) if config.programme else None
        metrics = compute_metrics(tidy, config, populations, framework=framework)
        private = compute_metrics(tidy, config, populations, private=True, framework=framework)
    # Narrative and content are rendered here too, so images and outside references are
    # refused by validate, not only by build.
    page = section_data(config, brand, metrics)
    sections, left_out = plan_sections(config.sections, page)
    for figures in (metrics, private):
        figures["data_quality"]["warnings"] += left_out
    return CheckedEvent(event, config, brand, tidy, metrics, private, tuple(sections), page)


def describe_check(checked: CheckedEvent) -> str:
    """The data-quality report of a checked event (what ``validate`` prints)."""
    from .validation import validation_report

    m = checked.metrics
    return validation_report(checked.event, checked.config.title, m["event"]["date_text"], checked.tidy.quality, m)


def describe_failure(project: Project, event: str, error: Any) -> str:
    """The data-quality report of an event whose exports have errors (no metrics)."""
    from .config import read_yaml
    from .validation import validation_report

    try:
        raw = read_yaml((project.event_dir(event) / "event.yaml").read_text(encoding="utf-8"))
        title, day = str(raw.get("title", "")), raw.get("date")
        date = f"{day:%A} {day.day} {day:%B %Y}" if hasattr(day, "strftime") else str(day or "")
    except Exception:  # noqa: BLE001 - the heading only; event.yaml was read once already
        title, date = "", ""
    return validation_report(event, title, date, error.quality, None)


def build_pack(project: Project, event: str, *, pdf: bool = True, parallel: bool = True) -> BuildResult:
    """Build output/<event>/ (pack.html, pack.pdf, metrics.json, charts, cards; private/ for the
    tidy data, metrics.private.json and validation.txt, never to be published)."""
    worker = ChartWorker(parallel)  # first, so the chart process starts while we import
    from .export import discard, interruptible, new_build_dir, prepare_pdf, publish, write_pdf
    from .fonts import font_face_css, typeface
    from .outputs import write_data_files
    from .render import Pack, render_html

    timings = Timings()
    build_dir: Path | None = None
    pinned = ExitStack()
    try:
        pinned.enter_context(interruptible())  # SIGTERM, Ctrl-C: the except below cleans up
        checked = check_event(project, event, timings)
        config, metrics, brand = checked.config, checked.metrics, checked.brand
        pinned.enter_context(source_date_epoch(config.date))
        build_dir = new_build_dir(project.output_dir, event)
        with timings.stage("charts"):
            face = typeface(brand.font)
            font_css = font_face_css(face.faces, project.cache_dir)
            regular = [f for f in face.faces if f.weight == 400 and f.style == "normal"]
            chart_font_css = font_face_css(regular, project.cache_dir)
            worker.send(metrics, brand, chart_font_css, face.family, build_dir / "cards")
            # While the worker draws: write what does not need the charts, import WeasyPrint.
            write_data_files(build_dir, checked.tidy, metrics, checked.private_metrics, describe_check(checked))
            if pdf:
                prepare_pdf()
            charts = worker.collect()
        with timings.stage("render html"):
            pack = Pack(
                event=event,
                config=config,
                metrics=metrics,
                charts={c.id: c for c in charts},
                brand=brand,
                font_css=font_css,
                font_family=face.family,
                generator=GENERATOR,
                sections=checked.sections,
                page=checked.page,
            )
            html = render_html(pack, project.templates_dir)
            (build_dir / "pack.html").write_text(html, encoding="utf-8")
            chart_dir = build_dir / "charts"
            chart_dir.mkdir()
            for chart in charts:
                (chart_dir / f"{chart.id}.svg").write_text(chart.svg, encoding="utf-8")
                (chart_dir / f"{chart.id}.txt").write_text(chart.alt + "\n", encoding="utf-8")
        if pdf:
            with timings.stage("pdf"):
                write_pdf(html, build_dir / "pack.pdf", title=f"{event}/pack.html")
        with timings.stage("cards"):  # drawn by the chart worker meanwhile
            worker.collect_cards()
        target = project.event_output_dir(event)
        publish(build_dir, target)
    except BaseException:
        worker.close()  # first: it may still be writing cards into the build folder
        if build_dir is not None:
            discard(build_dir)
        raise
    finally:
        pinned.close()
        worker.close()
    log.info("Built %s in %.2f s", target, sum(timings.stages.values()))
    return BuildResult(event, target, metrics, timings)


def build_cards(project: Project, event: str) -> list[Path]:
    """Write only output/<event>/cards/ (the social cards), replacing the previous ones whole."""
    from .cards import write_cards
    from .export import discard, interruptible, publish, staging_dir
    from .fonts import typeface

    checked = check_event(project, event)
    target = project.event_output_dir(event) / "cards"
    with interruptible():
        staging = staging_dir(target)
        try:
            written = write_cards(checked.metrics, checked.brand, typeface(checked.brand.font), staging)
            publish(staging, target)
        except BaseException:
            discard(staging)
            raise
    return [target / png.name for png in written]
