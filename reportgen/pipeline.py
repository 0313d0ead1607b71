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
    charts_cached: bool = False  # every chart came from output/.cache (none was drawn)

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
    """Draws the charts in a second process (``chart_worker``), or in this one if ``parallel`` is off.

    The process starts when the worker is made if ``start`` (so Altair's import and the
    JavaScript engine's start overlap the reading of the exports), else only when charts are
    actually asked for: a build whose charts are all cached starts none.
    """

    def __init__(self, parallel: bool = True, *, start: bool = True, cache: Path | None = None):
        self._parallel = parallel
        self._cache = cache
        self._process: Any = None
        self._request: tuple = ()
        self._cards: Path | None = None
        if parallel and start:
            self._start()

    def _start(self) -> None:
        if self._process is None:
            from .chart_worker import ChartProcess

            self._process = ChartProcess()

    def send(self, metrics: dict[str, Any], brand: Any, font_css: str, family: str, cards: Path | None) -> None:
        """Ask for the charts, and then the social cards in the folder ``cards`` (None: no cards)."""
        self._request = (metrics, brand, font_css, family)
        self._cards = cards
        if self._parallel:
            self._start()
            self._process.send(
                *self._request, cards=str(cards) if cards else None, cache=str(self._cache) if self._cache else None
            )

    def collect(self) -> list:
        if self._process is not None:
            return self._process.collect()
        from .charts import build_charts

        return build_charts(*self._request, self._cache)

    def collect_cards(self) -> None:
        """Wait for the cards (drawn by the worker while this process writes the PDF)."""
        if self._cards is None:
            return
        if self._process is not None:
            self._process.collect_cards()
            return
        draw_cards(*self._request[:2], self._cards)

    def close(self) -> None:
        if self._process is not None:
            self._process.close()


def draw_cards(metrics: dict[str, Any], brand: Any, folder: Path) -> list[Path]:
    """Draw the social cards in this process."""
    from .cards import write_cards
    from .fonts import typeface

    return write_cards(metrics, brand, typeface(brand.font), folder)


def event_config(project: Project, event: str) -> Any:
    """``event``'s event.yaml, read and checked against the brands, reference tables and
    sections this project has (``config.load_event_config``)."""
    from .brand import brand_names
    from .config import load_event_config
    from .reference import table_names
    from .sections import SECTIONS

    return load_event_config(
        project.event_dir(event),
        known_brands=brand_names(project.brands_dir),
        known_tables=table_names(project.reference_dir),
        known_sections=set(SECTIONS),
    )


def check_event(project: Project, event: str, timings: Timings | None = None) -> CheckedEvent:
    """Read and check an event's inputs, and compute its metrics; write nothing."""
    from .brand import load_brand
    from .errors import ConfigError
    from .etl import build_tidy
    from .framework import load_framework
    from .metrics import NOT_STATED, compute_metrics, config_categories
    from .reference import load_population, unmatched_categories
    from .render import section_data
    from .sections import plan_sections

    timings = timings or Timings()
    event_dir = project.event_dir(event)
    with timings.stage("config"):
        config = event_config(project, event)
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


def build_pack(
    project: Project, event: str, *, pdf: bool = True, parallel: bool = True, cards: bool = True, cache: bool = True
) -> BuildResult:
    """Build output/<event>/ (pack.html, pack.pdf, metrics.json, charts, cards; private/ for the
    tidy data, metrics.private.json and validation.txt, never to be published).

    ``cards``: draw the social cards too. ``cache``: take charts and cards drawn before from
    output/.cache (see ``chartcache``). The folder gets a ``build.json`` naming the hash of the
    inputs (``buildcache``), published with the pack.
    """
    from .buildcache import STAMP, BuildOptions, input_hash, stamp
    from .chartcache import expect_cached

    inputs = input_hash(project, event)  # before anything is read: an edit meanwhile means a rebuild next time
    cache_dir = project.cache_dir if cache else None
    early = not (cache_dir and expect_cached(cache_dir, event, cards))
    worker = ChartWorker(parallel, start=early, cache=cache_dir)  # first, so the chart process starts while we import
    pdf_process = _pdf_process() if pdf and parallel else None  # imports WeasyPrint meanwhile
    from .export import discard, interruptible, new_build_dir, prepare_pdf, publish, write_pdf
    from .fonts import font_face_css, print_font_face_css, typeface
    from .outputs import write_data_files
    from .render import Pack, render_html, render_print_html

    timings = Timings()
    build_dir: Path | None = None
    pinned = ExitStack()
    charts_cached = False
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
            charts, set_key, cards_here = _cached_charts(cache_dir, metrics, brand, face.family, chart_font_css, cards, build_dir)
            charts_cached = charts is not None
            if charts is None:
                worker.send(metrics, brand, chart_font_css, face.family, build_dir / "cards" if cards_here else None)
            # While the worker draws: write what does not need the charts, import WeasyPrint.
            write_data_files(build_dir, checked.tidy, metrics, checked.private_metrics, describe_check(checked))
            if pdf and pdf_process is None:
                prepare_pdf()
            if charts is None:
                charts = worker.collect()
                if cache_dir is not None:
                    from .chartcache import save_set

                    save_set(cache_dir, set_key, charts)
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
        if cards:  # the extras for social media and boards, when asked for (make report does)
            with timings.stage("slides"):
                from .slides import event_slides

                event_slides(build_dir, checked, charts)
        if pdf:
            with timings.stage("pdf"):
                print_css = print_font_face_css(face.faces, project.cache_dir)
                print_html = render_print_html(pack, project.templates_dir, print_css)
                if pdf_process is not None:
                    pdf_process.write(print_html, build_dir / "pack.pdf", title=f"{event}/pack.html", cache_dir=project.cache_dir)
                else:
                    write_pdf(print_html, build_dir / "pack.pdf", title=f"{event}/pack.html", cache_dir=project.cache_dir)
        if cards_here:
            with timings.stage("cards"):  # drawn by the chart worker meanwhile, if it was needed
                if charts_cached:
                    draw_cards(metrics, brand, build_dir / "cards")
                else:
                    worker.collect_cards()
                if cache_dir is not None:
                    from .chartcache import save_cards

                    save_cards(cache_dir, set_key, build_dir / "cards")
        (build_dir / STAMP).write_text(stamp(inputs, BuildOptions(pdf=pdf, cards=cards)), encoding="utf-8")
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
        if pdf_process is not None:
            pdf_process.close()
    if cache_dir is not None:
        from .chartcache import remember

        remember(cache_dir, event, set_key)
    from .store import refresh_after_build

    refresh_after_build(project, checked)  # data/store.duckdb, if there is one; a failure only warns
    log.info("Built %s in %.2f s", target, sum(timings.stages.values()))
    return BuildResult(event, target, metrics, timings, charts_cached)


def _pdf_process() -> Any:
    """A process that imports WeasyPrint now and writes the PDF when the HTML is ready."""
    from .pdf_worker import PdfProcess

    return PdfProcess()


def _cached_charts(
    cache: Path | None, metrics: dict[str, Any], brand: Any, family: str, font_css: str, cards: bool, build_dir: Path
) -> tuple[list | None, str, bool]:
    """The pack's charts if all are cached (else None), the chart set's key, and whether the
    cards still have to be drawn (False when not wanted or copied from the cache)."""
    if cache is None:
        return None, "", cards
    from .chartcache import load_cards, load_set, set_key

    key = set_key(metrics, brand, family)
    charts = load_set(cache, key, font_css)
    cards_here = cards and not load_cards(cache, key, build_dir / "cards")
    return charts, key, cards_here


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
