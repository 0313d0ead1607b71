"""pack.html in a real browser: Debian's Chromium driven by Playwright, offline.

The page is loaded from disk with every request other than file: and data: blocked (and
recorded). The tests assert that the page asks for nothing, logs no console error, shows every
chart with its text alternative, passes axe-core at WCAG 2.2 AA (no serious or critical
violation), and reflows at a phone's width (390 px) and at 200% zoom without horizontal
scrolling. A screenshot at each width is compared with a baseline in tests/baselines/.

Needs the ``chromium`` binary (or REPORTGEN_CHROMIUM) and ``npm install`` (axe-core). Without
them the tests skip, except under CI (``CI`` set), where they fail: CI must run them.
Refresh the baselines on purpose with ``make test-update``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from .conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BASELINES = Path(__file__).parent / "baselines"
UPDATE = os.environ.get("REPORTGEN_UPDATE_BASELINES") == "1"
TOLERANCE = 0.02  # mean absolute pixel difference, as a share of full scale
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Chromium offline: no first-run, sync or component traffic, and no DNS lookups at all.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
# (name, viewport width, height, device scale): a phone, and a 1280x800 screen zoomed to 200%
# (the browser then lays the page out 640 CSS pixels wide with every pixel doubled).
WIDTHS = [("phone-390", 390, 844, 1), ("zoom-200", 640, 400, 2)]


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so the browser tests must run: .ci/run installs it)")
    pytest.skip(what)


def chromium_path() -> str:
    path = os.environ.get("REPORTGEN_CHROMIUM") or shutil.which("chromium")
    if not path:
        _missing("Chromium is not installed (apt-get install chromium)")
    return path


@dataclass
class Visit:
    """A page loaded from disk, with what it tried to fetch and what it logged."""

    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (make test installs it)")
    if not AXE.is_file():
        _missing("axe-core is not installed (run npm ci)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield browser
        browser.close()


def visit(browser, html: Path, width: int = 1280, height: int = 800, scale: float = 1) -> Visit:
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, reduced_motion="reduce"
    )
    page = context.new_page()
    seen = Visit(page)

    def route(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and seen.errors.append(message.text))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("requestfailed", lambda request: seen.errors.append(f"failed: {request.url[:80]}"))
    page.goto(html.as_uri(), wait_until="load")
    return seen


@pytest.fixture
def desktop(browser, sample_build) -> Iterator[Visit]:
    seen = visit(browser, sample_build.html)
    yield seen
    seen.page.context.close()


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations at WCAG 2.2 AA, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_page_makes_no_request_and_logs_no_error(desktop):
    assert desktop.blocked == []
    assert desktop.errors == []
    assert desktop.page.title().startswith("Driving purposeful collaboration")


def test_every_chart_is_visible_with_its_text_alternative(desktop, sample_build):
    charts = sample_build.folder / "charts"
    expected = {p.stem: p.read_text(encoding="utf-8").strip() for p in charts.glob("*.txt")}
    images = desktop.page.locator("figure.chart img")
    assert images.count() == len(expected) >= 4
    for i in range(images.count()):
        image = images.nth(i)
        chart_id = image.evaluate("img => img.closest('figure').id.replace('chart-', '')")
        assert image.is_visible(), chart_id
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"{chart_id} did not load"
        box = image.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100, (chart_id, box)
        assert image.get_attribute("alt") == expected[chart_id]
        assert image.evaluate("img => img.closest('figure').querySelector('figcaption').innerText.length > 20")
    # and axe agrees that the images have text alternatives (rule image-alt)
    first = next(iter(expected.values()))
    assert desktop.page.get_by_role("img", name=first).count() == 1


def test_axe_finds_no_serious_or_critical_violation(desktop):
    assert axe_violations(desktop.page) == []


def test_table_columns_keep_their_set_widths(desktop):
    """Tables have fixed layouts (their column widths set in pack.css), with a hidden caption
    in the flow: a positioned one made Chromium share a table out evenly (and WeasyPrint empty
    it), so the labels took half the width of the page."""
    widths = desktop.page.evaluate("""() => {
        const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
        const box = (sel) => document.querySelector(sel).getBoundingClientRect().width / px;
        return {label: box('table.breakdown-summary th'), table: box('table.breakdown-summary'),
                level: box('table.evaluation thead th:nth-child(1)'), measure: box('table.evaluation thead th:nth-child(2)'),
                result: box('table.evaluation thead th:nth-child(3)')};
    }""")
    assert 9 <= widths["label"] <= 11.5 < 0.3 * widths["table"], widths  # 9rem and its padding
    assert 7.5 <= widths["level"] <= 8.5 and 6.5 <= widths["result"] <= 7.5, widths
    assert widths["measure"] > 2 * widths["level"], widths


@pytest.mark.parametrize("name,width,height,scale", WIDTHS, ids=[w[0] for w in WIDTHS])
def test_reflows_without_horizontal_scrolling(browser, sample_build, name, width, height, scale):
    seen = visit(browser, sample_build.html, width, height, scale)
    page = seen.page
    try:
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll_width <= client_width, f"{name}: the page is {scroll_width}px wide in {client_width}px"
        wide = page.evaluate(
            """w => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > w + 1)
                 .map(e => e.tagName + '.' + e.className)""",
            client_width,
        )
        assert wide == [], f"{name}: wider than the screen: {wide[:5]}"
        # Charts are drawn for the width (a narrow drawing on phones), not shrunk: their text
        # stays at the size it was set in.
        shrink = page.evaluate(
            """() => [...document.querySelectorAll('figure.chart img')]
                 .map(img => img.getBoundingClientRect().width / img.naturalWidth)"""
        )
        assert len(shrink) >= 4 and min(shrink) > 0.9, f"{name}: charts shrunk to {shrink}"
        assert axe_violations(page) == []
        assert seen.blocked == [] and seen.errors == []
        compare_with_baseline(page.screenshot(full_page=True, scale="css"), name)
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def long_word_html(tmp_path_factory) -> Path:
    """The sample pack (HTML only) with a 2,000-character word in a quote, a table cell and a
    heading (a statement, a breakdown's label)."""
    import csv

    from reportgen.pipeline import build_pack

    from .conftest import SAMPLE, copy_project

    project = copy_project(tmp_path_factory.mktemp("long-word") / "project")
    word = "Evidence" + "x" * 1992
    path = project.event_dir(SAMPLE) / "feedback.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("What went well that we can build on?")
    row = next(r for r in rows[1:] if r[column].strip() and r[-1] == "Yes")
    # Quotes are shortened past 300 characters, so the quote's word is the longest that fits
    # whole (250 characters: still wider than any screen); the heading's is 2,000.
    row[column] = f"A long word follows: {word[:250]} and then the answer ends."
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    config = project.event_dir(SAMPLE) / "event.yaml"
    text = config.read_text(encoding="utf-8")
    assert "    title: Gender\n" in text
    config.write_text(text.replace("    title: Gender\n", f"    title: Gender\n    label: Gender{word}\n", 1), encoding="utf-8")
    return build_pack(project, SAMPLE, pdf=False).html


@pytest.mark.parametrize("width", [390, 1280])
def test_a_2000_character_word_wraps_on_screen(browser, long_word_html, width):
    seen = visit(browser, long_word_html, width, 800)
    page = seen.page
    try:
        assert page.locator("blockquote", has_text="xxxxxxxxxx").count() == 1
        assert page.locator("th", has_text="xxxxxxxxxx").count() == 1
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll_width <= client_width, f"{width}: the page is {scroll_width}px wide in {client_width}px"
        wide = page.evaluate(
            """w => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > w + 1)
                 .map(e => e.tagName + '.' + e.className)""",
            client_width,
        )
        assert wide == [], f"{width}: wider than the screen: {wide[:5]}"
    finally:
        page.context.close()


def compare_with_baseline(png: bytes, name: str) -> None:
    """Compare a full-page screenshot, halved, with tests/baselines/<name>.png.

    On failure the actual image is kept as <name>.actual.png beside the baseline (git-ignored).
    """
    import io

    baseline = BASELINES / f"{name}.png"
    actual_path = BASELINES / f"{name}.actual.png"
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    # Halved and reduced to 64 colours (no dithering): baselines of about 120 kB.
    actual = (
        shot.resize((shot.width // 2, shot.height // 2), Image.Resampling.LANCZOS)
        .quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        .convert("RGB")
    )
    if UPDATE or not baseline.exists():
        if not UPDATE and os.environ.get("CI"):
            pytest.fail(f"no baseline {baseline.name}: run make test-update and commit it")
        BASELINES.mkdir(exist_ok=True)
        actual.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            baseline, optimize=True
        )
        actual_path.unlink(missing_ok=True)
        return
    expected = Image.open(baseline).convert("RGB")
    if expected.width != actual.width or abs(expected.height - actual.height) > 0.01 * expected.height:
        actual.save(actual_path)
        pytest.fail(f"{name}: screenshot is {actual.size}, baseline {expected.size}; see {actual_path}")
    # A page a pixel or two longer (rounding) is compared over the height both have.
    height = min(expected.height, actual.height)
    expected, actual = (image.crop((0, 0, image.width, height)) for image in (expected, actual))
    difference = sum(ImageStat.Stat(ImageChops.difference(expected, actual)).mean) / 3 / 255
    if difference > TOLERANCE:
        actual.save(actual_path)
        pytest.fail(
            f"{name}: screenshot differs from the baseline by {difference:.1%} (tolerance {TOLERANCE:.0%}); "
            f"compare {actual_path} with {baseline} (make test-update accepts it)"
        )
    actual_path.unlink(missing_ok=True)
