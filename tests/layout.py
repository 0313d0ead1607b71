"""The page-layout rule every pack is held to (issue 9), shared by the event and series pack
tests: no page but the last under 40% full (a third, before a page that starts a major part),
no page holding only headings, no page ending on a heading."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


MIN_FILL = 0.4  # of a page's height, from its top edge down to its lowest line of body text
# The last page of a part, before a major part that starts a page (sections.py's new_page), may
# be a little emptier: a third of the page.
MIN_FILL_BEFORE_PART = 1 / 3
EVENT_PARTS = ("About the session", "Who was in the room?", "About these figures")
FOOTER_BAND = 25 / 25.4 * 72  # the running footer sits in the bottom 25 mm


class Headings(HTMLParser):
    """pack.html's headings (h1-h3 and the theme names over quotes), and the visually hidden
    texts (table captions), which the PDF holds but no reader sees."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.hidden: list[str] = []
        self._open: list[tuple[str, list[str] | None, list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in {"h1", "h2", "h3"} or "theme-name" in classes:
            self._open.append((tag, self.headings, []))
        elif "visually-hidden" in classes:
            self._open.append((tag, self.hidden, []))
        elif self._open and tag not in {"br", "img", "source", "meta"}:
            self._open.append((tag, None, []))

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _, into, parts = self._open.pop()
            if into is not None:
                into.append(squash("".join(parts)).strip())


def page_lines(page) -> list[str]:
    """A page's lines of text, without the running footer and empty bullets."""
    lines = [squash(line).strip() for line in page.extract_text().splitlines()]
    return [line for line in lines if line.strip("• ") and not re.search(r"Page \d+ of \d+$", line)]


def page_fill(page) -> float:
    """How far down the page its body text reaches, as a share of the page's height."""
    height = float(page.mediabox[3])
    lows: list[float] = []

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y > FOOTER_BAND:
            lows.append(y)

    page.extract_text(visitor_text=visit)
    return (height - min(lows)) / height if lows else 0.0


def layout_problems(pdf: Path, html: str, parts: tuple[str, ...] = EVENT_PARTS) -> list[str]:
    """What breaks the rule in ``pdf`` (built from ``html``), page by page; ``parts`` are the
    headings that start a major part on a new page."""
    found = Headings(html)
    headings = [h for h in found.headings if h]

    def is_heading(line: str) -> bool:  # a whole heading, or a line a long heading wraps to
        return any(line == h or (len(line) >= 15 and line in h) for h in headings)

    problems = []
    pages = PdfReader(pdf).pages
    texts = [[line for line in page_lines(page) if line not in found.hidden] for page in pages]
    for number, (page, lines) in enumerate(zip(pages, texts), start=1):
        if not lines or all(is_heading(line) for line in lines):
            problems.append(f"page {number} holds only headings: {lines}")
        elif is_heading(lines[-1]):
            problems.append(f"page {number} ends with a heading: {lines[-1]!r}")
        before_part = number < len(pages) and bool(texts[number]) and texts[number][0] in parts
        if number > 1 and page_fill(page) < (MIN_FILL_BEFORE_PART if before_part else MIN_FILL):
            problems.append(f"page {number} is {page_fill(page):.0%} full: {lines[:3]}")
    return problems
