"""The series pack: series figures -> charts -> pack.html -> pack.pdf, published atomically.

It uses the event packs' machinery: Altair charts drawn by vl-convert (``reportgen.charts``),
the brand and its typeface, templates/pack.css, Jinja2 with autoescaping (``reportgen.render``),
WeasyPrint with the data-only URL fetcher (``reportgen.export.write_pdf``), and the same atomic
publish (a fresh build folder swapped into output/series/<name>/ only when every step has
succeeded). The templates under templates/series/ print what ``figures`` decided.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..project import Project

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeriesBuild:
    name: str
    folder: Path
    figures: dict[str, Any]
    seconds: float

    @property
    def pdf(self) -> Path:
        return self.folder / "pack.pdf"

    @property
    def html(self) -> Path:
        return self.folder / "pack.html"


def series_output_dir(project: Project, name: str) -> Path:
    return project.output_dir / "series" / name


def check_series(project: Project, name: str) -> tuple[Any, Any, dict[str, Any]]:
    """Read the series file and every event; the series config, brand and figures."""
    from ..brand import brand_names, load_brand
    from ..reference import load_population, table_names
    from .config import load_series
    from .figures import load_events, series_figures

    series = load_series(project, name, known_brands=brand_names(project.brands_dir),
                         known_tables=table_names(project.reference_dir))
    brand = load_brand(project.brands_dir, series.brand)
    populations = {}
    if series.reference is not None:
        ref = series.reference
        populations[ref.field] = load_population(project.reference_dir, ref.table, ref.areas, ref.label)
    events = load_events(project, series)
    return series, brand, series_figures(name, series, events, populations)


# --- charts ----------------------------------------------------------------------------------


def reach_chart(figures: dict[str, Any], brand: Any) -> tuple[dict[str, Any], str]:
    """People per event, returning (filled) and new (outlined), stacked."""
    import altair as alt

    from ..charts import BAR, WIDTH, _solid_and_outlined

    labels = {e["event"]: e["short_date"] for e in figures["events"]}
    groups = ["Returning", "New"]
    data = []
    for row in figures["reach"]["rows"]:
        label = f"{row['people_shown']['text']} ({row['returning']['text']} returning)"
        for group, key in zip(groups, ("returning", "new")):
            data.append({"event": labels[row["event"]], "group": group, "people": row[key]["count"] or 0,
                         "total": row["people_shown"]["count"] or 0, "label": label})
    order = [labels[r["event"]] for r in figures["reach"]["rows"]]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("event:N", sort=order, title=None, axis=alt.Axis(labelLimit=120)),
    )
    bars = base.mark_bar(height=BAR - 6, strokeWidth=2).encode(
        x=alt.X("people:Q", title=None, axis=None, stack="zero"),
        order=alt.Order("group:N", sort="descending"),
        **_solid_and_outlined(groups, "Returning", [brand.colours.primary, brand.colours.chart[1]], brand, "people"),
    )
    text = base.transform_filter("datum.group == 'New'").mark_text(
        align="left", dx=4, fontSize=12, color=brand.colours.text
    ).encode(x=alt.X("total:Q"), text=alt.Text("label:N"))
    chart = alt.layer(bars, text, width=WIDTH - 260, height=BAR * len(order))
    listing = "; ".join(
        f"{labels[r['event']]}: {r['people_text']}, {r['new']['text']} new and {r['returning']['text']} returning"
        for r in figures["reach"]["rows"]
    )
    return chart.to_dict(validate=False), f"Bar chart of the people who came to each event of the series: {listing}."


def outcomes_chart(figures: dict[str, Any], brand: Any) -> tuple[dict[str, Any], str]:
    """Each event's change in the average score, with its 95% interval, one row per event and item."""
    import altair as alt

    from ..charts import WIDTH

    labels = {e["event"]: e["short_date"] for e in figures["events"]}
    rows = [r for r in figures["outcomes"]["rows"] if r["change"] is not None]
    data = [{"event": labels[r["event"]], "item": r["statement"], "change": r["change"],
             "low": r["low"] if r["low"] is not None else r["change"],
             "high": r["high"] if r["high"] is not None else r["change"], "label": r["change_text"]} for r in rows]
    order = [labels[e["event"]] for e in figures["events"]]
    items = list(dict.fromkeys(r["statement"] for r in rows))
    extent = max([abs(d["low"]) for d in data] + [abs(d["high"]) for d in data] + [1.0])
    scale = alt.Scale(domain=[min(-0.5, -extent if any(d["low"] < 0 for d in data) else -0.5), extent + 0.5])
    legend = alt.Legend(title=None, orient="top", direction="vertical", labelLimit=WIDTH - 40)
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("event:N", sort=order, title=None, axis=alt.Axis(labelLimit=120)),
        yOffset=alt.YOffset("item:N", sort=items),
    )
    colours = [brand.colours.primary, brand.colours.chart[1], brand.colours.chart[2], brand.colours.chart[3]]
    colour = alt.Color("item:N", sort=items, legend=legend, scale=alt.Scale(domain=items, range=colours[: len(items)] or colours))
    shape = alt.Shape("item:N", sort=items, legend=legend,
                      scale=alt.Scale(domain=items, range=["circle", "square", "triangle-up", "diamond"][: len(items)] or ["circle"]))
    rules = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", scale=scale, title="Change in the average score (points), with its 95% interval"),
        x2=alt.X2("high:Q"), color=colour,
    )
    points = base.mark_point(filled=True, size=70).encode(x=alt.X("change:Q", scale=scale), color=colour, shape=shape)
    zero = base.mark_rule(color=brand.colours.muted, strokeDash=[4, 3]).encode(x=alt.XDatum(0, scale=scale))
    chart = alt.layer(zero, rules, points, width=WIDTH - 160, height=alt.Step(max(12, 26 // max(1, len(items)))))
    listing = "; ".join(f"{labels[r['event']]}, “{r['statement']}”: {r['shift_text']}, change {r['change_text']}" for r in rows)
    alt_text = (
        "Chart of the change in the average before/after score at each event of the series, each with its 95% "
        f"confidence interval: {listing}."
    )
    return chart.to_dict(validate=False), alt_text


def build_series_charts(figures: dict[str, Any], brand: Any, font_css: str, family: str,
                        cache: Path | None = None) -> dict[str, Any]:
    """The series pack's charts; with ``cache`` (output/.cache/, as event builds use it), a chart
    drawn before from the same spec is taken from there."""
    from ..charts import both_widths

    charts = {}
    if figures["reach"]["rows"]:
        spec, alt_text = reach_chart(figures, brand)
        charts["series-reach"] = both_widths("series-reach", "People at each event, new and returning", spec, alt_text, brand,
                                             font_css, family, cache)
    if any(r["change"] is not None for r in figures["outcomes"]["rows"]):
        spec, alt_text = outcomes_chart(figures, brand)
        charts["series-outcomes"] = both_widths(
            "series-outcomes", "Change in the average before/after score, event by event", spec, alt_text, brand, font_css, family,
            cache,
        )
    return charts


# --- render and publish ----------------------------------------------------------------------


def render_series_html(figures: dict[str, Any], charts: dict[str, Any], brand: Any, font_css: str, family: str,
                       templates_dir: Path, generator: str) -> str:
    """pack.html of the series (self-contained: fonts, logo and charts inlined)."""
    from ..render import environment, markdown_block, markdown_inline

    actions = {
        row["event"]: {
            "intro": markdown_inline(row["since_intro"], f"{row['event']}/event.yaml since_last_time.intro"),
            "items": [markdown_inline(item, f"{row['event']}/event.yaml since_last_time.items[{i}]")
                      for i, item in enumerate(row["actions"])],
        }
        for row in figures["themes"]["rows"]
    }
    template = environment(templates_dir).get_template("series/pack.html.j2")
    return template.render(
        s=figures,
        charts=charts,
        brand=brand,
        colours=brand.colours,
        stylesheet=Markup((templates_dir / "pack.css").read_text(encoding="utf-8")),
        font_css=Markup(font_css),
        font_family=family,
        logo=brand.logo_data_uri(),
        actions=actions,
        contact=markdown_block(brand.contact, "brand.yaml contact") if getattr(brand, "contact", "") else "",
        events={e["event"]: e for e in figures["events"]},
        generator=generator,
    )


def headline_figures(figures: dict[str, Any]) -> list[dict[str, str]]:
    """The series' headline figures for its slides, as published in figures.json: everyone who
    came, and how many came to more than one event (when both bands are published)."""
    reach = figures["reach"]
    found = [{"figure": reach["people"]["text"], "label": "people came to the series' events",
              "basis": figures["series"]["span_text"]}]
    again = [b for b in reach["frequency"] if b["band"] != "1 event"]
    if again and all(b["count"] is not None for b in again):
        found.append({"figure": str(sum(b["count"] for b in again)), "label": "came to more than one event",
                      "basis": f"of the {reach['people']['text']} people"})
    return found


def build_series_pack(project: Project, name: str, *, pdf: bool = True, parallel: bool = True) -> SeriesBuild:
    """Build output/series/<name>/: pack.html, pack.pdf, figures.json, charts/ and slides.pptx.

    As an event build does, it starts the PDF process first (``parallel``), so WeasyPrint's
    import runs while the events are read, and the slides are written while it lays out the
    PDF; charts drawn before come from output/.cache/."""
    import datetime as dt
    import threading

    from ..export import discard, new_build_dir, publish, write_pdf
    from ..fonts import font_face_css, print_font_face_css, typeface
    from ..pipeline import GENERATOR, source_date_epoch
    from ..slides import write_slides

    start = time.perf_counter()
    pdf_process = None
    if pdf and parallel:
        from ..pdf_worker import PdfProcess

        pdf_process = PdfProcess()
    try:
        _, brand, figures = check_series(project, name)
        target = series_output_dir(project, name)
        build_dir = new_build_dir(target.parent, name)
    except BaseException:
        if pdf_process is not None:
            pdf_process.close()
        raise
    failed: list[BaseException] = []
    try:
        with source_date_epoch(dt.date.fromisoformat(figures["series"]["date"])):
            face = typeface(brand.font)
            font_css = font_face_css(face.faces, project.cache_dir)
            regular = [f for f in face.faces if f.weight == 400 and f.style == "normal"]
            charts = build_series_charts(figures, brand, font_face_css(regular, project.cache_dir), face.family, project.cache_dir)
            html = render_series_html(figures, charts, brand, font_css, face.family, project.templates_dir, GENERATOR)
            (build_dir / "pack.html").write_text(html, encoding="utf-8")
            # the PDF's copy of the page: charts as Chart.for_print gives them (see render_print_html)
            print_charts = {key: chart.for_print() for key, chart in charts.items()}
            print_css = print_font_face_css(face.faces, project.cache_dir)
            print_html = render_series_html(figures, print_charts, brand, print_css, face.family, project.templates_dir, GENERATOR)
            title = f"series/{name}/pack.html"
            laying_out = None
            if pdf_process is not None:
                def lay_out() -> None:  # waits on the PDF process: the slides are written meanwhile
                    try:
                        pdf_process.write(print_html, build_dir / "pack.pdf", title=title, cache_dir=project.cache_dir)
                    except BaseException as error:  # noqa: BLE001 - raised below, in this thread
                        failed.append(error)

                laying_out = threading.Thread(target=lay_out, daemon=True)
                laying_out.start()
            (build_dir / "figures.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            chart_dir = build_dir / "charts"
            chart_dir.mkdir()
            for chart in charts.values():
                (chart_dir / f"{chart.id}.svg").write_text(chart.svg, encoding="utf-8")
                (chart_dir / f"{chart.id}.txt").write_text(chart.alt + "\n", encoding="utf-8")
            write_slides(
                build_dir / "slides.pptx", figures["series"]["title"],
                f"{figures['series']['subtitle']} · {figures['series']['span_text']}", brand,
                headline_figures(figures), list(charts.values()), [],
            )
            if laying_out is not None:
                laying_out.join()
                if failed:
                    raise failed[0]
            elif pdf:
                write_pdf(print_html, build_dir / "pack.pdf", title=title, cache_dir=project.cache_dir)
        publish(build_dir, target)
    except BaseException:
        if pdf_process is not None:
            pdf_process.close()
        discard(build_dir)
        raise
    if pdf_process is not None:
        pdf_process.close()
    seconds = time.perf_counter() - start
    log.info("Built %s in %.2f s", target, seconds)
    return SeriesBuild(name, target, figures, seconds)
