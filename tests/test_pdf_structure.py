"""The PDF as a screen reader sees it: tagged, titled, in English, headings in order, a bookmark
per section, and each chart a Figure carrying its alt text (read with pypdf). What to expect
(headings, images, their order) is read from pack.html, the document the PDF is made from."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def structure(pdf) -> list[tuple[str, DictionaryObject]]:
    """Every structure element of the PDF's tag tree, in document (reading) order."""
    found: list[tuple[str, DictionaryObject]] = []

    def walk(node) -> None:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            found.append((str(node["/S"]), node))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


class Outline(HTMLParser):
    """pack.html's headings (h1-h3, with their text) and images (with their alt), in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self._heading: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in {"h1", "h2", "h3"}:
            self._heading = [tag, ""]
        elif tag == "img":
            self.items.append(("img", dict(attrs).get("alt") or ""))

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data

    def handle_endtag(self, tag):
        if self._heading is not None and tag == self._heading[0]:
            self.items.append((tag, re.sub(r"\s+", " ", self._heading[1]).strip()))
            self._heading = None


def page_outline(sample_build) -> list[tuple[str, str]]:
    return Outline(sample_build.html.read_text(encoding="utf-8")).items


def test_pdf_is_tagged_titled_and_in_english(sample_build):
    reader = PdfReader(sample_build.pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    title = "Driving purposeful collaboration: measuring our impact (Tuesday 7 June 2022)"
    assert reader.metadata.title == title
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp and title in xmp


def test_headings_are_tagged_in_order_and_never_nested(sample_build):
    elements = structure(sample_build.pdf)
    levels = [int(tag[2]) for tag, _ in elements if tag in {"/H1", "/H2", "/H3"}]
    expected = [int(tag[1]) for tag, _ in page_outline(sample_build) if tag != "img"]
    assert levels == expected
    assert levels[0] == 1 and levels.count(1) == 1 and levels.count(2) >= 4, levels
    assert all(b <= a + 1 for a, b in pairwise(levels)), f"a heading level is skipped: {levels}"
    for tag, node in elements:  # a heading holds text, not another heading
        if tag.startswith("/H"):
            kids = node.get("/K")
            kids = kids if isinstance(kids, ArrayObject) else [kids]
            for kid in kids:
                kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
                assert not (isinstance(kid, DictionaryObject) and str(kid.get("/S", "")).startswith("/H"))


def test_a_bookmark_per_section(sample_build):
    outline = PdfReader(sample_build.pdf).outline
    titles = [item.title for item in outline]
    assert titles == [text for tag, text in page_outline(sample_build) if tag in {"h1", "h2"}]
    assert titles[:2] == ["Driving purposeful collaboration: measuring our impact", "Who was in the room?"]
    assert "About these figures" in titles


def test_each_chart_is_a_figure_with_its_alt_text_in_page_order(sample_build):
    figures = [str(node.get("/Alt", "")) for tag, node in structure(sample_build.pdf) if tag == "/Figure"]
    charts = sample_build.folder / "charts"
    alts = {p.read_text(encoding="utf-8").strip() for p in charts.glob("*.txt")}
    # the logo first (its alt is the organisation), then every chart, in the order of the page
    assert figures[0] == "South east London system leadership community"
    assert sorted(figures[1:]) == sorted(alts) and len(alts) >= 4
    assert figures == [alt for tag, alt in page_outline(sample_build) if tag == "img"]


def test_reading_order_follows_the_page(sample_build):
    tags = [tag for tag, _ in structure(sample_build.pdf) if tag in {"/H1", "/H2", "/Figure"}]
    names = {"h1": "/H1", "h2": "/H2", "img": "/Figure"}
    assert tags == [names[tag] for tag, _ in page_outline(sample_build) if tag in names]
    assert tags[:3] == ["/Figure", "/H1", "/H2"]  # cover: logo, title; then the first section


def test_all_tagged_content_is_in_the_tree_and_footers_are_artifacts(sample_build):
    """Every marked-content id on a page belongs to an element of the tag tree; the running
    footer and page numbers (which WeasyPrint leaves outside the tree) are /Artifact."""
    import re

    reader = PdfReader(sample_build.pdf)
    in_tree: dict[int, set[int]] = {}

    def walk(node, page=None) -> None:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child, page)
        elif isinstance(node, DictionaryObject):
            page = node.get("/Pg", page)
            if node.get("/Type") == "/MCR":
                in_tree.setdefault(page.idnum, set()).add(int(node["/MCID"]))
            elif "/K" in node:
                walk(node["/K"], page)
        elif isinstance(node, int) and page is not None:
            in_tree.setdefault(page.idnum, set()).add(int(node))

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    for number, page in enumerate(reader.pages, start=1):
        content = page.get_contents().get_data().decode("latin-1")
        marked = {int(m) for m in re.findall(r"/MCID (\d+)", content)}
        assert marked == in_tree.get(page.indirect_reference.idnum, set()), f"page {number}"
        if number > 1:  # pages after the cover carry the footer and "Page n of 7" as artifacts
            assert "Page" in page.extract_text() and content.count("/Artifact") >= 2
