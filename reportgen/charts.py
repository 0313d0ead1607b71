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
import textwrap
from dataclasses import dataclass
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


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def build_charts(metrics: dict[str, Any], brand: Brand, font_css: str, family: str) -> list[Chart]:
    """Every chart the pack shows, in the order of the pack."""
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
    if metrics.get("confidence", {}).get("n_paired"):
        spec, alt_text = confidence_chart(metrics["confidence"], brand)
        specs.append(("confidence", "Confidence scores before and after the event", spec, alt_text))
    return [both_widths(cid, title, spec, alt_text, brand, font_css, family) for cid, title, spec, alt_text in specs]


def both_widths(
    cid: str, title: str, spec: dict[str, Any], alt_text: str, brand: Brand, font_css: str, family: str
) -> Chart:
    """A chart drawn ``WIDTH`` wide and, for phones, ``NARROW`` wide."""
    return Chart(
        cid, title, render_svg(spec, brand, font_css, family), alt_text,
        render_svg(narrow(spec), brand, font_css, family),
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
    return f"{breakdown['title']} of our participants compared with the {breakdown['reference']['label']}"


def _basis_word(breakdown: dict[str, Any]) -> str:
    return "people who registered" if breakdown["basis"] == "registered" else "participants"


def breakdown_chart(breakdown: dict[str, Any], brand: Brand) -> tuple[dict[str, Any], str]:
    """Horizontal bars, largest first, zero categories kept (they show who was not there)."""
    import altair as alt

    rows = sorted(breakdown["categories"], key=lambda r: (not r["stated"], -r["count"]))
    data = [{"category": r["category"], "count": r["count"], "label": str(r["count"])} for r in rows]
    order = [r["category"] for r in rows]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("count:Q", title=None, axis=None),
    )
    bars = base.mark_bar(color=brand.colours.primary, cornerRadiusEnd=2, height=BAR - 6)
    labels = base.mark_text(align="left", dx=4, color=brand.colours.text, fontSize=12).encode(text="label:N")
    chart = (bars + labels).properties(width=WIDTH - 290, height=BAR * len(rows))
    listing = ", ".join(f"{r['category']} {r['count']}" for r in rows)
    alt_text = f"Bar chart of {_basis_word(breakdown)} by {breakdown['field']} (total {breakdown['total']}): {listing}."
    return chart.to_dict(validate=False), alt_text


def reference_chart(breakdown: dict[str, Any], brand: Brand) -> tuple[dict[str, Any], str]:
    """Event shares beside population shares, category by category."""
    import altair as alt

    ref = breakdown["reference"]
    event_label = "Our participants" if breakdown["basis"] == "attended" else "People who registered"
    population_label = f"Population (Census {ref['year']})" if ref.get("year") else "Population"
    data = []
    for row in ref["categories"]:
        data.append({"category": row["category"], "group": event_label, "pct": row["event"]["pct"], "label": row["event"]["text"]})
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
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=brand.colours.text).encode(text="label:N")
    chart = (bars + labels).properties(width=WIDTH - 170, height=alt.Step(BAR / 2 + 2))
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


def confidence_chart(confidence: dict[str, Any], brand: Brand) -> tuple[dict[str, Any], str]:
    """How many people gave each score, before and after (people with both scores only)."""
    import altair as alt

    before, after = "Before the event", "After the event"
    data = []
    for phase, label in (("pre", before), ("post", after)):
        counts = confidence["distribution"][phase]
        for score in range(1, 11):
            count = counts.get(str(score), 0)
            data.append({"score": score, "group": label, "people": count, "label": str(count) if count else ""})
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("score:O", title="Confidence score (1 = not at all, 10 = very)", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("group:N", sort=[before, after]),
        y=alt.Y("people:Q", title="People", axis=alt.Axis(tickMinStep=1, grid=True, gridColor="#e5e7eb")),
    )
    # "After" is the solid series, as "our participants" is in the population chart; the
    # comparison ("before") is outlined.
    bars = base.mark_bar(strokeWidth=2, width={"band": 0.85}).encode(
        **_solid_and_outlined([before, after], after, [brand.colours.chart[1], brand.colours.primary], brand, "people")
    )
    labels = base.mark_text(dy=-6, fontSize=10, color=brand.colours.text).encode(text="label:N")
    chart = (bars + labels).properties(width=WIDTH - 60, height=200)

    def listing(phase: str) -> str:
        counts = confidence["distribution"][phase]
        return ", ".join(f"{n} scored {s}" for s, n in sorted(counts.items(), key=lambda kv: int(kv[0])))

    alt_text = (
        f"Column chart of confidence scores from the {confidence['n_paired']} people who gave a score "
        f"before and after the event. Before: {listing('pre')}. After: {listing('post')}. "
        f"Mean score {confidence['shift_text'].replace('→', 'rising to')}."
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
        "strokeOpacity": alt.condition(f"datum.{value} > 0", alt.value(1), alt.value(0)),
    }


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


def render_svg(spec: dict[str, Any], brand: Brand, font_css: str, family: str) -> str:
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec, config=vega_config(brand, family), allowed_base_urls=[])
    # An <img> cannot use the page's fonts, so the SVG carries its own (same subset, same family).
    head_end = svg.index(">") + 1
    return svg[:head_end] + f"<style>{font_css}</style>" + svg[head_end:]
