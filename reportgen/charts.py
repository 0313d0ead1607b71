"""Charts: Altair specs for the pack's figures, rendered to SVG by vl-convert (no browser).

Each chart comes back as a ``Chart``: its SVG (with the pack's font embedded, so it looks the
same in a browser, where an image cannot see the page's fonts), and an alt text written from the
same numbers ("Bar chart of participants by borough: Southwark 15, Bexley 12, ...").

Each chart is drawn twice (``both_widths``): ``WIDTH`` wide for the PDF and wide screens, and
``NARROW`` wide for phones (``narrow`` adapts any spec), so its text is not shrunk below a
readable size; pack.html picks one with ``<picture>``.
"""

from __future__ import annotations

import base64
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .brand import Brand

WIDTH = 620
NARROW = 350  # a 390 px phone less the page's margins: shown at 1:1, text stays 11-12 px
BAR = 24


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: str
    alt: str
    narrow_svg: str = ""

    def data_uri(self) -> str:
        return _data_uri(self.svg)

    def narrow_data_uri(self) -> str:
        """The phone-width drawing (the wide one if there is none)."""
        return _data_uri(self.narrow_svg or self.svg)

    def for_print(self) -> Chart:
        """The chart as the PDF draws it: the wide drawing only (paper has no phone width) and
        without its own copy of the font, since WeasyPrint draws an SVG's text with the page's
        fonts (the same pixels; parsing four copies of the font was a tenth of the PDF's time)."""
        return Chart(self.id, self.title, drawing_of(self.svg), self.alt)


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def build_charts(
    metrics: dict[str, Any], brand: Brand, font_css: str, family: str, cache: Path | None = None
) -> list[Chart]:
    """Every chart the pack shows, in the order of the pack (drawings found in ``cache``, a
    folder such as output/.cache, are not drawn again: see ``chartcache``)."""
    specs: list[tuple[str, str, dict[str, Any], str]] = []
    for field, breakdown in metrics["breakdowns"].items():
        if not breakdown["chart"]:
            continue
        if "reference" in breakdown:
            spec, alt_text = reference_chart(breakdown, brand)
            specs.append((f"{field}-vs-population", _reference_title(breakdown), spec, alt_text))
        else:
            spec, alt_text = breakdown_chart(breakdown, brand)
            specs.append((field, breakdown["title"], spec, alt_text))
    if metrics.get("why_people_came", {}).get("respondents"):
        spec, alt_text = choice_chart(metrics["why_people_came"], brand)
        specs.append(("why-people-came", metrics["why_people_came"]["question"], spec, alt_text))
    for poll in metrics.get("polls", []):
        if poll["respondents"]:
            spec, alt_text = choice_chart(poll, brand)
            specs.append((f"poll-{poll['question_id'].replace('_', '-')}", poll["question"], spec, alt_text))
    # Per-person change only where people were paired (anonymous before/after: two groups).
    if metrics.get("confidence", {}).get("changes") and metrics["confidence"].get("comparison") != "groups":
        spec, alt_text = change_chart(metrics["confidence"], brand)
        specs.append(("confidence-change", "How each person’s confidence score changed", spec, alt_text))
    if any(o["mean_change"] is not None for o in metrics.get("outcomes", [])):
        spec, alt_text = outcomes_chart(metrics["outcomes"], brand)
        specs.append(("outcomes", "Average change in each before-and-after score, with its confidence interval", spec, alt_text))
    return [
        both_widths(cid, title, spec, alt_text, brand, font_css, family, cache)
        for cid, title, spec, alt_text in specs
    ]


def both_widths(
    cid: str, title: str, spec: dict[str, Any], alt_text: str, brand: Brand, font_css: str, family: str,
    cache: Path | None = None,
) -> Chart:
    """A chart drawn ``WIDTH`` wide and, for phones, ``NARROW`` wide."""
    return Chart(
        cid, title, render_svg(spec, brand, font_css, family, cache), alt_text,
        render_svg(narrow(spec), brand, font_css, family, cache),
    )


def narrow(spec: dict[str, Any], width: int = NARROW) -> dict[str, Any]:
    """The same chart for a ``width``-wide screen: a narrower plot and label column, and long
    category names wrapped onto two or three lines, centred on their bar.

    It works on any chart of this module (a layer of marks sharing one data set): the label
    column of a nominal y axis is cut to at most 150 px, the plot loses the rest of the
    difference, and a fixed height grows to fit the tallest wrapped name.
    """
    spec = json.loads(json.dumps(spec))  # a deep copy of plain JSON
    layers = spec.get("layer", [spec])
    y = layers[0].get("encoding", {}).get("y", {})
    label_limit = (y.get("axis") or {}).get("labelLimit") if y.get("type") == "nominal" else None
    cut = max(0, label_limit - 150) if label_limit else 0
    spec["width"] = max(120, spec["width"] - (WIDTH - width) + cut)
    if not label_limit:
        return spec
    names = list(dict.fromkeys(str(row[y["field"]]) for row in spec["data"]["values"]))
    lines = {name: textwrap.wrap(name, 22) or [name] for name in names}
    tallest = max(len(v) for v in lines.values())
    wrapped = {k: v for k, v in lines.items() if len(v) > 1}
    axis = {**y["axis"], "labelLimit": min(label_limit, 150)}
    if wrapped:
        axis["labelExpr"] = f"{json.dumps(wrapped)}[datum.label] || datum.label"
        # a wrapped name is centred on its bar: moved up by half a line per extra line
        axis["labelOffset"] = {
            "condition": [
                {"test": f"indexof({json.dumps([k for k, v in wrapped.items() if len(v) == n])}, datum.label) >= 0",
                 "value": -7 * (n - 1)}
                for n in range(tallest, 1, -1)
            ],
            "value": 0,
        }
        if isinstance(spec.get("height"), (int, float)):
            spec["height"] = max(spec["height"], (14 * tallest + 4) * len(names))
    for layer in layers:
        if "y" in layer.get("encoding", {}):
            layer["encoding"]["y"]["axis"] = axis
    return spec


def _reference_title(breakdown: dict[str, Any]) -> str:
    who = {"attended": "our participants", "registered": "people who registered"}.get(breakdown["basis"], breakdown["basis_text"])
    return f"{breakdown['label']} of {who} compared with the {breakdown['reference']['label']}"


def _basis_word(breakdown: dict[str, Any]) -> str:
    return "people who registered" if breakdown["basis"] == "registered" else "participants"


def breakdown_chart(breakdown: dict[str, Any], brand: Brand) -> tuple[dict[str, Any], str]:
    """Horizontal bars, largest first, zero categories kept (they show who was not there).
    A suppressed category gets no bar, only its label ("fewer than 5")."""

    def rank(row: dict[str, Any]) -> tuple:
        # Largest first; suppressed groups (1 to 4 people) before empty ones; not stated last.
        group = 1 if row["count"] is None else (2 if row["count"] == 0 else 0)
        return (not row["stated"], group, -(row["count"] or 0))

    rows = sorted(breakdown["categories"], key=rank)
    chart = _bars([(r["category"], r["count"], r["count_text"]) for r in rows], brand, label_limit=260, width=WIDTH - 290)
    listing = ", ".join(f"{r['category']} {r['count_text']}" for r in rows)
    alt_text = f"Bar chart of {_basis_word(breakdown)} by {breakdown['field']} (total {breakdown['total']}): {listing}."
    return chart.to_dict(validate=False), alt_text


def reference_chart(breakdown: dict[str, Any], brand: Brand) -> tuple[dict[str, Any], str]:
    """Event shares beside population shares, category by category."""
    import altair as alt

    ref = breakdown["reference"]
    event_label = {"attended": "Our participants", "registered": "People who registered"}.get(
        breakdown["basis"], breakdown["basis_text"].capitalize()
    )
    population_label = f"Population (Census {ref['year']})" if ref.get("year") else "Population"
    data = []
    for row in ref["categories"]:
        data.append({"category": row["category"], "group": event_label, "pct": row["event"]["pct"] or 0, "label": row["event"]["text"]})
        if row["population"] is not None:
            data.append({"category": row["category"], "group": population_label, "pct": row["population"]["pct"], "label": row["population"]["text"]})
    order = [row["category"] for row in ref["categories"]]
    groups = [event_label, population_label]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=200)),
        yOffset=alt.YOffset("group:N", sort=groups),
        x=alt.X("pct:Q", title=None, axis=None, scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar(height=BAR / 2 - 3, strokeWidth=2).encode(
        **_solid_and_outlined(groups, event_label, [brand.colours.primary, brand.colours.chart[1]], brand, "pct")
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=brand.colours.text).encode(text=alt.Text("label:N"))
    chart = alt.layer(bars, labels, width=WIDTH - 170, height=alt.Step(BAR / 2 + 2))
    parts = []
    for row in ref["categories"]:
        text = f"{row['category']} {row['event']['text']}"
        if row["population"] is not None:
            text += f" (population {row['population']['text']})"
        parts.append(text)
    alt_text = (
        f"Bar chart comparing the {breakdown['field']} of {_basis_word(breakdown)} with the "
        f"{ref['label']}: {'; '.join(parts)}."
    )
    return chart.to_dict(validate=False), alt_text


def choice_chart(summary: dict[str, Any], brand: Brand) -> tuple[dict[str, Any], str]:
    """How many people chose each option of a poll or registration question (largest first for
    tick-all-that-apply questions; in the question's own order for single-choice ones)."""

    rows = summary["options"]
    if summary["type"] == "multi":
        rows = sorted(rows, key=lambda r: (r["count"] is None, r["count"] == 0, -(r["count"] or 0)))
    chart = _bars([(r["option"], r["count"], r["count_text"]) for r in rows], brand, label_limit=300, width=WIDTH - 310)
    kind = "one answer each" if summary["type"] == "choice" else "any number of answers each"
    listing = ", ".join(f"{r['option']} {r['count_text']}" for r in rows)
    alt_text = f"Bar chart of answers to “{summary['question']}” from {summary['respondents']} people ({kind}): {listing}."
    return chart.to_dict(validate=False), alt_text


def change_chart(confidence: dict[str, Any], brand: Brand) -> tuple[dict[str, Any], str]:
    """The individual shifts: how many people's score went down, stayed, or rose by 1, 2, 3+."""
    import altair as alt

    colours = {"Went down": brand.colours.chart[1], "Stayed the same": brand.colours.muted}
    data = [
        {
            "band": row["band"],
            "people": row["count"] or 0,
            "label": row["count_text"],
            "colour": colours.get(row["band"], brand.colours.primary),
        }
        for row in confidence["changes"]
    ]
    order = [row["band"] for row in confidence["changes"]]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("band:N", sort=order, title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("people:Q", title=None, axis=None, scale=alt.Scale(domain=[0, max(1, confidence["n_paired"])])),
    )
    bars = base.mark_bar(height=BAR - 6, cornerRadiusEnd=2).encode(color=alt.Color("colour:N", scale=None))
    labels = base.mark_text(align="left", dx=4, fontSize=12, color=brand.colours.text).encode(text=alt.Text("label:N"))
    chart = alt.layer(bars, labels, width=WIDTH - 200, height=BAR * len(data))
    listing = "; ".join(f"{row['band'].lower()}: {row['count_text']}" for row in confidence["changes"])
    alt_text = (
        f"Bar chart of how the confidence score of each of the {confidence['n_paired']} people who scored "
        f"themselves before and after the event changed: {listing}."
    )
    return chart.to_dict(validate=False), alt_text


def outcomes_chart(outcomes: list[dict[str, Any]], brand: Brand) -> tuple[dict[str, Any], str]:
    """Dot and whisker, horizontal: each before/after item's mean change (the dot) and its
    confidence interval (the whisker), beside a line at 0 (no change). Only items whose change
    is published are drawn; the alt text names the others as too few to show."""
    import altair as alt

    shown = [o for o in outcomes if o["mean_change"] is not None]
    data = [
        {
            "item": o["label"].capitalize(),
            "change": o["mean_change"]["value"],
            "low": o["mean_change"]["low"] if o["mean_change"]["low"] is not None else o["mean_change"]["value"],
            "high": o["mean_change"]["high"] if o["mean_change"]["high"] is not None else o["mean_change"]["value"],
            "label": f"{o['mean_change']['value_text']}",
        }
        for o in shown
    ]
    order = [row["item"] for row in data]
    reach = max([1.0] + [abs(v) for row in data for v in (row["low"], row["high"], row["change"])])
    domain = [-reach * 1.15, reach * 1.15]
    y = alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    scale = alt.Scale(domain=domain, nice=False)
    axis = alt.Axis(grid=False, tickCount=5, format="+.1~f")
    x = alt.X("change:Q", title="Change in the average score (points)", scale=scale, axis=axis)
    base = alt.Chart()
    # the line at 0 (no change), drawn through the whole plot
    zero = base.mark_rule(color=brand.colours.muted, strokeDash=[4, 3]).encode(x=alt.XDatum(0, scale=scale))
    whiskers = base.mark_rule(color=brand.colours.primary, strokeWidth=2).encode(
        y=y, x=alt.X("low:Q", scale=scale, title="Change in the average score (points)", axis=axis), x2=alt.X2("high:Q")
    )
    dots = base.mark_point(filled=True, size=90, color=brand.colours.primary, opacity=1).encode(y=y, x=x)
    labels = base.mark_text(dy=-11, fontSize=11, color=brand.colours.text).encode(y=y, x=x, text=alt.Text("label:N"))
    chart = alt.layer(
        whiskers, zero, dots, labels, data=alt.Data(values=data), width=WIDTH - 220, height=alt.Step(BAR + 14)
    )
    level = next((f"{o['mean_change']['level'] * 100:g}%" for o in shown), "95%")
    parts = []
    for o in outcomes:
        c = o["mean_change"]
        if c is None:
            parts.append(f"{o['label']}: too few to show")
        elif c["low_text"] is None:
            parts.append(f"{o['label']} {c['value_text']} points (no interval)")
        else:
            parts.append(f"{o['label']} {c['value_text']} points ({c['low_text']} to {c['high_text']})")
    alt_text = (
        f"Dot-and-whisker chart of the change in the average score of each before-and-after question, "
        f"with its {level} confidence interval; a line marks no change: {'; '.join(parts)}."
    )
    return chart.to_dict(validate=False), alt_text


def _solid_and_outlined(
    groups: list[str], solid: str, colours: list[str], brand: Brand, value: str
) -> dict[str, Any]:
    """Fill and stroke encodings for compared series (``groups``, in ``colours``): ``solid`` is
    filled, the others are outlined.

    The series then differ in shape as well as colour (WCAG 1.4.1, use of colour), in the
    chart and in its legend, which Vega-Lite draws once for both channels. A bar whose
    ``value`` is 0 draws nothing (its outline would otherwise show as a line).
    """
    import altair as alt

    legend = alt.Legend(title=None, orient="top", direction="horizontal", symbolStrokeWidth=2)
    fills = [colour if group == solid else brand.colours.background for group, colour in zip(groups, colours, strict=True)]
    return {
        "fill": alt.Fill("group:N", sort=groups, legend=legend, scale=alt.Scale(domain=groups, range=fills)),
        "stroke": alt.Stroke("group:N", sort=groups, legend=legend, scale=alt.Scale(domain=groups, range=colours)),
        "strokeOpacity": alt.StrokeOpacityValue(0, condition={"test": f"datum.{value} > 0", "value": 1}),
    }


def _bars(rows: list[tuple[str, int | None, str]], brand: Brand, *, label_limit: int, width: int):
    """Horizontal bars in the given order, each labelled with its count as published: a
    suppressed count (None) gets no bar, only its label ("fewer than 5")."""
    import altair as alt

    data = [{"category": name, "count": count or 0, "label": label} for name, count, label in rows]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", sort=[name for name, _, _ in rows], title=None, axis=alt.Axis(labelLimit=label_limit)),
        x=alt.X("count:Q", title=None, axis=None),
    )
    bars = base.mark_bar(color=brand.colours.primary, cornerRadiusEnd=2, height=BAR - 6)
    labels = base.mark_text(align="left", dx=4, color=brand.colours.text, fontSize=12).encode(text=alt.Text("label:N"))
    return alt.layer(bars, labels, width=width, height=BAR * len(rows))


def vega_config(brand: Brand, family: str) -> dict[str, Any]:
    # The family is quoted: unquoted, a name starting with a digit is invalid CSS (toolchain notes).
    font = f"'{family}', sans-serif"
    return {
        "font": font,
        "background": brand.colours.background,
        "view": {"stroke": None},
        "axis": {
            "labelFont": font, "titleFont": font, "labelFontSize": 12, "titleFontSize": 12,
            "labelColor": brand.colours.text, "titleColor": brand.colours.muted,
            "domainColor": "#9aa5b1", "tickColor": "#9aa5b1", "titleFontWeight": "normal",
        },
        "axisY": {"domain": False, "ticks": False, "labelPadding": 6},
        "legend": {"labelFont": font, "labelFontSize": 12, "labelColor": brand.colours.text, "symbolType": "square"},
        "text": {"font": font},
        "range": {"category": brand.colours.chart},
    }


def warm_up() -> None:
    """Import Altair and start vl-convert's JavaScript engine (together about 0.7 s) ahead of need."""
    import altair  # noqa: F401
    import vl_convert

    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}}, allowed_base_urls=[])


def render_svg(spec: dict[str, Any], brand: Brand, font_css: str, family: str, cache: Path | None = None) -> str:
    """The chart as SVG with the pack's font inside; with ``cache``, a spec drawn before is
    taken from there instead of vl-convert."""
    config = vega_config(brand, family)
    if cache is not None:
        from .chartcache import drawing_key, load_drawing, save_drawing

        key = drawing_key(spec, config)
        svg = load_drawing(cache, key)
        if svg is None:
            svg = _draw(spec, config)
            save_drawing(cache, key, svg)
    else:
        svg = _draw(spec, config)
    return with_font(svg, font_css)


def _draw(spec: dict[str, Any], config: dict[str, Any]) -> str:
    import vl_convert

    return stable_ids(vl_convert.vegalite_to_svg(spec, config=config, allowed_base_urls=[]))


_CLIP_ID = re.compile(r'id="clip(\d+)"')


def stable_ids(svg: str) -> str:
    """The drawing with its clip paths numbered from 1: vl-convert numbers them across every
    drawing of the process, so the same chart came out differently in a batch worker."""
    numbers = {found: str(n) for n, found in enumerate(dict.fromkeys(_CLIP_ID.findall(svg)), start=1)}
    if not numbers:
        return svg
    svg = _CLIP_ID.sub(lambda found: f'id="clip{numbers[found.group(1)]}"', svg)
    return re.sub(r"url\(#clip(\d+)\)", lambda found: f"url(#clip{numbers.get(found.group(1), found.group(1))})", svg)


def with_font(svg: str, font_css: str) -> str:
    """An <img> cannot use the page's fonts, so the SVG carries its own (same subset, same family)."""
    head_end = svg.index(">") + 1
    return svg[:head_end] + f"<style>{font_css}</style>" + svg[head_end:]


def drawing_of(svg: str) -> str:
    """The SVG as vl-convert drew it: ``with_font`` undone."""
    head_end = svg.index(">") + 1
    if svg.startswith("<style>", head_end):
        return svg[:head_end] + svg[svg.index("</style>", head_end) + len("</style>"):]
    return svg
