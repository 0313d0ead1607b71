"""Charts do not rely on colour alone: where two series are compared, one is solid and the
other outlined, in the bars and in the legend (WCAG 1.4.1)."""

from __future__ import annotations

import re

import pytest


def bars(svg: str) -> dict[str, set[tuple[str, str]]]:
    """(fill, stroke) of the drawn bars of each series, from vl-convert's SVG."""
    series: dict[str, set[tuple[str, str]]] = {}
    for attributes in re.findall(r'<path ([^>]*aria-roledescription="bar"[^>]*)>', svg):
        if 'stroke-opacity="0"' in attributes:
            continue  # a zero bar, drawn as nothing
        group = re.search(r"group: ([^\"]+)\"", attributes).group(1)
        fill = re.search(r'fill="([^"]+)"', attributes).group(1)
        stroke = re.search(r'stroke="([^"]+)"', attributes).group(1)
        series.setdefault(group, set()).add((fill, stroke))
    return series


@pytest.mark.parametrize(
    "chart,solid,outlined",
    [
        ("confidence", "After the event", "Before the event"),
        ("ethnicity-vs-population", "Our participants", "Population (Census 2021)"),
    ],
)
def test_compared_series_differ_in_shape_not_only_colour(sample_build, chart, solid, outlined):
    svg = (sample_build.folder / "charts" / f"{chart}.svg").read_text(encoding="utf-8")
    series = bars(svg)
    assert series[solid] == {("#17496e", "#17496e")}  # filled in the brand's primary colour
    assert series[outlined] == {("#ffffff", "#c2571a")}  # white inside, outlined in chart[1]
    legend = re.findall(
        r'role-legend-symbol[^>]*><path [^>]*fill="([^"]+)"[^>]*stroke="([^"]+)".*?role-legend-label.*?>([^<]+)</text>',
        svg,
    )
    assert {label: (fill, stroke) for fill, stroke, label in legend} == {
        solid: ("#17496e", "#17496e"),
        outlined: ("#ffffff", "#c2571a"),
    }
