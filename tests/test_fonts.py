"""The pack's fonts: woff2 in the page, unpacked once for the PDF (fonts.woff2_as_sfnt)."""

from __future__ import annotations

import base64
import io

import pytest
from fontTools.ttLib import TTFont
from fontTools.ttLib import woff2 as woff2_format

from reportgen import fonts
from reportgen.fonts import WOFF2_DATA_URL, font_face_css, typeface, woff2, woff2_as_sfnt


@pytest.fixture()
def regular(tmp_path):
    face = typeface("source-sans-pro").faces[0]
    return WOFF2_DATA_URL + base64.b64encode(woff2(face, tmp_path)).decode("ascii")


def test_a_woff2_url_is_unpacked_to_the_font_weasyprint_would_unpack(tmp_path, regular, monkeypatch):
    monkeypatch.setattr(fonts, "_unpacked", {})
    data = woff2_as_sfnt(regular, tmp_path)
    expected = io.BytesIO()
    woff2_format.decompress(io.BytesIO(base64.b64decode(regular[len(WOFF2_DATA_URL):])), expected)
    assert data == expected.getvalue()
    font = TTFont(io.BytesIO(data))
    assert font.flavor is None and font["name"].getDebugName(1) == "Source Sans Pro"
    assert len(list((tmp_path / "fonts").glob("unpacked-*.ttf"))) == 1


def test_the_unpacked_font_is_kept_on_disk_and_in_the_process(tmp_path, regular, monkeypatch):
    monkeypatch.setattr(fonts, "_unpacked", {})
    first = woff2_as_sfnt(regular, tmp_path)

    def never(*args, **kwargs):
        raise AssertionError("unpacked again")

    monkeypatch.setattr(woff2_format, "decompress", never)
    monkeypatch.setattr(fonts, "_unpacked", {})  # a new process: read from output/.cache/fonts
    assert woff2_as_sfnt(regular, tmp_path) == first
    for cached in (tmp_path / "fonts").glob("unpacked-*.ttf"):
        cached.unlink()
    assert woff2_as_sfnt(regular, tmp_path) == first  # this process still has it


def test_the_pdf_embeds_the_pack_font_from_the_unpacked_copy(tmp_path, monkeypatch):
    from pypdf import PdfReader

    from reportgen.export import write_pdf

    monkeypatch.setattr(fonts, "_unpacked", {})
    css = font_face_css(typeface("source-sans-pro").faces[:1], tmp_path)
    html = f"<html lang='en'><head><title>t</title><style>{css} body {{ font-family: 'Source Sans Pro' }}</style></head><body><p>Figures</p></body></html>"
    write_pdf(html, tmp_path / "t.pdf", title="t", cache_dir=tmp_path)
    assert list((tmp_path / "fonts").glob("unpacked-*.ttf"))
    reader = PdfReader(tmp_path / "t.pdf")
    names = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("Source-Sans-Pro" in name for name in names), names
    assert "Figures" in reader.pages[0].extract_text()


def test_the_pdf_copy_names_each_font_by_a_short_url_for_the_same_unpacked_font(tmp_path, regular, monkeypatch):
    """print_font_face_css: the page's @font-face rules without the 100 KB data: URIs; each URL
    gives the font that the data: URI unpacks to, and nothing else is answered."""
    import re

    monkeypatch.setattr(fonts, "_unpacked", {})
    face = typeface("source-sans-pro").faces[0]
    css = fonts.print_font_face_css([face], tmp_path)
    assert len(css) < 200 and "data:" not in css
    url = re.search(r"url\((reportgen-font:[0-9a-f]{16})\) format\('truetype'\)", css).group(1)
    monkeypatch.setattr(fonts, "_unpacked", {})  # as in the PDF process: read from the cache
    assert fonts.printed_font(url, tmp_path) == woff2_as_sfnt(regular, tmp_path)
    monkeypatch.setattr(fonts, "_unpacked", {})
    for other in ("reportgen-font:0000000000000000", "reportgen-font:../../etc/passwd", "reportgen-font:"):
        assert fonts.printed_font(other, tmp_path) is None
    assert fonts.printed_font(url, None) is None  # no cache to read it from
    # a second project in the same process (a test run, a preview): the font is written to its
    # cache too, though this process has it in memory, since the PDF process reads it from there
    unpacked = woff2_as_sfnt(regular, None)  # now in this process's memory
    other = tmp_path / "other"
    assert fonts.print_font_face_css([face], other) == css
    assert (other / "fonts" / f"unpacked-{url.split(':')[1]}.ttf").read_bytes() == unpacked


MAKE_FACE = r"""
import sys
from pathlib import Path
from reportgen import fonts
subset = fonts._subset
def counted(face, cached):
    with open(sys.argv[2], "a") as log:
        log.write("made\n")
    return subset(face, cached)
fonts._subset = counted
sys.stdout.write(fonts.woff2(fonts.typeface("source-sans-pro").faces[0], Path(sys.argv[1])).hex())
"""


def test_processes_side_by_side_make_a_face_once_and_get_the_same_font(tmp_path):
    # build --all's pool: on a cold cache two processes want the same face at once; one makes
    # it (about 0.4 s) while the other waits for it, rather than both making it.
    import subprocess
    import sys

    log = tmp_path / "made.log"
    makers = [
        subprocess.Popen([sys.executable, "-c", MAKE_FACE, str(tmp_path / "cache"), str(log)], stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [maker.communicate(timeout=120)[0] for maker in makers]
    assert [maker.returncode for maker in makers] == [0, 0, 0]
    assert log.read_text().splitlines() == ["made"]
    assert len(set(outputs)) == 1 and len(outputs[0]) > 20_000
    assert bytes.fromhex(outputs[0].decode()) == woff2(typeface("source-sans-pro").faces[0], tmp_path / "cache")
