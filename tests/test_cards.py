"""Social cards: which figures get a card, their PNG sizes and alt text, the brand's font, and
figures that suppression leaves out or writes as text."""

from __future__ import annotations

import copy

from click.testing import CliRunner
from PIL import Image

from reportgen.brand import load_brand
from reportgen.cards import SIZES, card_svg, headline_cards, render_png
from reportgen.cli import cli
from reportgen.fonts import typeface

from .conftest import ROOT, SAMPLE


def test_headline_figures_of_the_sample(sample_metrics):
    cards = {c.id: c for c in headline_cards(sample_metrics)}
    assert list(cards) == ["joined", "confidence", "improved", "micro-actions", "recommend"]
    assert (cards["joined"].figure, cards["joined"].basis) == ("50", "of the 62 who registered")
    assert cards["confidence"].figure == "5.7 → 7.4"
    assert cards["improved"].figure == "Over 75%"
    assert cards["micro-actions"].figure == "13"
    assert (cards["recommend"].figure, cards["recommend"].basis) == ("90%", "19 of 21 who answered")


def test_absent_or_suppressed_figures(sample_metrics):
    metrics = copy.deepcopy(sample_metrics)
    del metrics["confidence"]
    metrics["recommend"]["text"] = "fewer than 5"  # as suppression writes a small share
    metrics["micro_actions"]["count"] = {"text": "fewer than 5"}
    metrics["attendance"]["attended"] = None
    cards = {c.id: c for c in headline_cards(metrics)}
    assert list(cards) == ["micro-actions", "recommend"]
    assert cards["recommend"].figure == "fewer than 5"
    assert cards["micro-actions"].figure == "fewer than 5"
    del metrics["recommend"], metrics["micro_actions"]
    assert headline_cards(metrics) == []


def test_figures_that_are_not_published_get_no_card(sample_metrics):
    metrics = copy.deepcopy(sample_metrics)
    metrics["confidence"]["improved_phrase"] = "Not shown"  # as metrics writes a hidden count
    metrics["recommend"] = {"numerator": None, "denominator": 21, "pct": None, "text": "not shown"}
    metrics["micro_actions"]["count"] = "n/a"
    assert [c.id for c in headline_cards(metrics)] == ["joined", "confidence"]
    metrics["confidence"]["improved_phrase"] = "16 of 20"  # a small sample: a count, not a share
    improved = next(c for c in headline_cards(metrics) if c.id == "improved")
    assert f"{improved.figure} {improved.label}" == "16 of 20 people improved their confidence score"


def test_cards_are_written_with_alt_text_at_both_sizes(sample_build):
    folder = sample_build.folder / "cards"
    pngs = sorted(folder.glob("*.png"))
    assert len(pngs) == 5 * len(SIZES)
    for png in pngs:
        size = png.stem.rsplit("-", 1)[1]
        with Image.open(png) as image:
            assert image.size == SIZES[size]
            assert image.mode in {"RGB", "RGBA"}
        alt = png.with_suffix(".txt").read_text(encoding="utf-8").strip()
        assert alt.endswith("Driving purposeful collaboration, Tuesday 7 June 2022. "
                            "South east London system leadership community.")
    assert (folder / "confidence-1080x1080.txt").read_text(encoding="utf-8").startswith(
        "5.7 → 7.4 average confidence score before and after on a scale of 1 to 10 "
        "(20 people who scored themselves before and after):"
    )


def test_card_text_is_drawn_in_the_brand_font(sample_metrics):
    """The figure's pixels: white text on the brand's primary colour, not an empty card."""
    brand = load_brand(ROOT / "templates" / "brands", "sel-leadership")
    face = typeface(brand.font)
    card = headline_cards(sample_metrics)[0]
    svg = card_svg(card, sample_metrics, brand, face, "1200x675", logo="data:,")
    assert "font-family=\"'Source Sans Pro', sans-serif\"" in svg  # quoted, or PNGs lose their text
    import io

    image = Image.open(io.BytesIO(render_png(svg, face))).convert("RGB")
    white = sum(1 for pixel in image.getdata() if pixel == (255, 255, 255))
    assert white > 20_000, "no text drawn on the card"


def test_cards_command(project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "cards", SAMPLE])
    assert result.exit_code == 0, result.output
    assert f"Wrote 10 cards (PNG, with alt text in .txt) to output/{SAMPLE}/cards/" in result.output
    assert len(list((project.event_output_dir(SAMPLE) / "cards").glob("*.txt"))) == 10
    result = CliRunner().invoke(cli, ["--root", str(project.root), "cards", "no-such-event"])
    assert result.exit_code == 1 and "Error: No event folder" in result.output


def test_cards_without_the_worker_process(project):
    from reportgen.pipeline import build_pack

    result = build_pack(project, SAMPLE, pdf=False, parallel=False)
    assert len(list((result.folder / "cards").glob("*.png"))) == 10


def test_drawing_cards_leaves_the_next_charts_as_a_fresh_process_draws_them(sample_metrics):
    """``build --all --cards``: a worker draws one event's cards, then the next event's charts.
    The cards' font reaches the rasteriser under another name, so the charts' labels are still
    measured as in a fresh process, and their clip paths are numbered per drawing."""
    import json
    import subprocess
    import sys

    script = """
import json, sys
from reportgen.brand import load_brand
from reportgen.cards import card_svg, headline_cards, render_png
from reportgen.charts import _draw, breakdown_chart, vega_config
from reportgen.fonts import typeface
root, metrics = sys.argv[1], json.loads(sys.stdin.read())
from pathlib import Path
brand = load_brand(Path(root) / "templates" / "brands", "sel-leadership")
face = typeface(brand.font)
spec, _ = breakdown_chart(next(b for b in metrics["breakdowns"].values() if b["chart"] and "reference" not in b), brand)
config = vega_config(brand, face.family)
before = _draw(spec, config)
card = headline_cards(metrics)[0]
png = render_png(card_svg(card, metrics, brand, face, "1200x675", logo="data:,"), face)
print(json.dumps({"same": _draw(spec, config) == before, "png": len(png), "clips": before.count('id="clip1"')}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)], input=json.dumps(sample_metrics),
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["same"] and result["png"] > 10_000
    assert result["clips"] == 1  # numbered from 1 in every drawing
