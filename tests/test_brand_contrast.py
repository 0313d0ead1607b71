"""Brand colours: WCAG contrast checked when a brand is loaded, for the shipped brands and a failing one."""

from __future__ import annotations

import pytest

from reportgen.brand import contrast_ratio, load_brand
from reportgen.errors import ConfigError
from reportgen.pipeline import build_pack

from .conftest import ROOT, SAMPLE


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey at 4.5:1


@pytest.mark.parametrize("name", ["default", "sel-leadership", "project-lift"])
def test_shipped_brands_pass(name):
    load_brand(ROOT / "templates" / "brands", name)


def test_a_low_contrast_brand_is_refused_naming_each_pair(project):
    path = project.brands_dir / "sel-leadership" / "brand.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('muted: "#52606d"', 'muted: "#9aa5b1"')
    text = text.replace('"#5b8db8", "#8a6d3b"]', '"#5b8db8", "#f2c94c"]')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_pack(project, SAMPLE)
    message = str(caught.value)
    assert "brand.yaml: 3 problems to fix" in message
    assert "colours.muted (#9aa5b1) on colours.background (#ffffff): contrast 2.5" in message
    assert "below the 4.5:1 that WCAG 2.2 AA requires for notes and chart axis titles" in message
    assert "colours.muted (#9aa5b1) on colours.surface (#eef3f7)" in message
    assert "colours.chart[3] (#f2c94c) on colours.background (#ffffff): contrast 1.5" in message
    assert "3:1 that WCAG 2.2 AA requires for chart marks" in message
    assert not (project.output_dir / SAMPLE).exists()


def test_white_on_a_pale_cover_is_refused(project):
    path = project.brands_dir / "default" / "brand.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('primary: "#2d3e50"', 'primary: "#7f9bb5"'), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"colours\.on_primary \(#ffffff\) on colours\.primary \(#7f9bb5\)"):
        load_brand(project.brands_dir, "default")


def test_colour_difference_by_hand():
    from reportgen.brand import colour_difference, lab

    assert lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.01)
    assert colour_difference("#ffffff", "#000000") == pytest.approx(100.0, abs=0.01)


def test_chart_colours_too_alike_are_refused(project):
    path = project.brands_dir / "sel-leadership" / "brand.yaml"
    text = path.read_text(encoding="utf-8").replace('chart: ["#17496e", "#c2571a"', 'chart: ["#17496e", "#1a4d73"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"colours\.chart\[0\] \(#17496e\) and colours\.chart\[1\] \(#1a4d73\) are too alike"):
        load_brand(project.brands_dir, "sel-leadership")
