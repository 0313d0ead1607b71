"""Charts do not rely on colour alone: where series are compared (a chart with a legend), one is
solid and the others outlined, in the bars and in the legend (WCAG 1.4.1)."""

from __future__ import annotations

import re

LEGEND = re.compile(
    r'role-legend-symbol[^>]*><path [^>]*fill="([^"]+)"[^>]*stroke="([^"]+)".*?role-legend-label.*?>([^<]+)</text>'
)


def legend(svg: str) -> dict[str, tuple[str, str]]:
    """Each legend entry's (fill, stroke), by its label."""
    return {label: (fill, stroke) for fill, stroke, label in LEGEND.findall(svg)}


def bars(svg: str) -> dict[str, set[tuple[str, str]]]:
    """(fill, stroke) of the drawn bars of each series, from vl-convert's SVG."""
    series: dict[str, set[tuple[str, str]]] = {}
    for attributes in re.findall(r'<path ([^>]*aria-roledescription="bar"[^>]*)>', svg):
        group = re.search(r"group: ([^\"]+)\"", attributes)
        if group is None or 'stroke-opacity="0"' in attributes:
            continue  # a single-series bar, or a zero bar drawn as nothing
        fill = re.search(r'fill="([^"]+)"', attributes).group(1)
        stroke = re.search(r'stroke="([^"]+)"', attributes).group(1)
        series.setdefault(group.group(1), set()).add((fill, stroke))
    return series


def test_compared_series_differ_in_shape_not_only_colour(sample_build):
    compared = 0
    for path in sorted((sample_build.folder / "charts").glob("*.svg")):
        svg = path.read_text(encoding="utf-8")
        entries = legend(svg)
        if len(entries) < 2:
            continue
        compared += 1
        solid = [label for label, (fill, stroke) in entries.items() if fill == stroke]
        outlined = [label for label, (fill, _) in entries.items() if fill == "#ffffff"]
        assert len(solid) == 1 and len(outlined) == len(entries) - 1, (path.name, entries)
        drawn = bars(svg)
        assert set(drawn) == set(entries), path.name
        for label, styles in drawn.items():
            assert styles == {entries[label]}, (path.name, label, styles)
    assert compared >= 1  # the sample compares its participants with the population


def test_the_population_chart_in_detail(sample_build):
    svg = (sample_build.folder / "charts" / "ethnicity-vs-population.svg").read_text(encoding="utf-8")
    assert legend(svg) == {
        "Our participants": ("#17496e", "#17496e"),  # filled in the brand's primary colour
        "Population (Census 2021)": ("#ffffff", "#c2571a"),  # white inside, outlined in chart[1]
    }
