"""Privacy: small-number suppression of published counts, quotes that identify nobody, and
CSV cells that a spreadsheet will not run.

Suppression (``privacy.min_count`` in event.yaml, default 5): in a group of counts that adds up
to a published total, a count from 1 to min_count - 1 is shown as "fewer than 5" and the
percentage made from it is withheld (primary suppression). Then the group is audited the way a
reader would attack it: each hidden count can be anything its label allows ("fewer than 5": 1 to
4; "not shown": at least min_count and, as the rule picks the smallest, no more than the
smallest count still shown), and together they must make up the total less the shown counts. If
that pins any hidden count to one value, the smallest other non-zero count is hidden too
(secondary suppression, "not shown", never "fewer than 5": it is not small) and the audit runs
again. When no count is left to hide (the only non-zero count is the hidden one), the whole group
is withheld ("not shown" throughout, zeros included). Zero otherwise stays zero.

Every other published figure about a group (percentages, representation ratios and flags, the
"not stated" share, sentences, charts, alt text, cards) is computed from the published counts
only: ``hidden_bounds`` gives what a reader can know of a hidden count.

Quotes: answers from people who did not consent (where the survey asks) are left out, and
e-mail addresses, web addresses, NHS numbers, phone numbers, postcodes and the names of
registered participants are replaced by a marker (``Redactor``: one pass over each answer,
whatever the number of names).

CSV: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
a spreadsheet; ``neutralise_cell`` puts an apostrophe before it (the OWASP CSV-injection rule).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

SMALL = "small"
SECONDARY = "secondary"
WITHHELD = "withheld"  # the whole group: no count could be shown without revealing a hidden one

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# NHS numbers: ten digits, written 3-3-4 (with spaces or hyphens) or run together.
NHS_NUMBER = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
# UK-style phone numbers: 07xxx xxxxxx, 020 7946 0000, +44 20 7946 0000, (0161) 496 0000 ...
PHONE = re.compile(r"(?:(?:\+|00)44\s?\(?0?\)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
# Full UK postcodes (outward and inward code, any case, space optional): SE1 7EH, SW1A 1AA, m1 1ae.
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
WORD = re.compile(r"\w+")
DIGIT = re.compile(r"\d")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def suppression(counts: list[int], min_count: int) -> list[str | None]:
    """For each count of a group that adds up to a published total: why to hide it, or None.

    A single count on its own (a tick-all-that-apply option, with no total it is part of) only
    gets primary suppression."""
    if min_count <= 1:
        return [None] * len(counts)
    reasons: list[str | None] = [SMALL if 0 < c < min_count else None for c in counts]
    if len(counts) < 2:
        return reasons
    total = sum(counts)
    while any(lo == hi for lo, hi in _bounds_of_hidden(counts, reasons, total, min_count)):
        others = [i for i, c in enumerate(counts) if reasons[i] is None and c > 0]
        if not others:
            return [WITHHELD] * len(counts)
        reasons[min(others, key=lambda i: (counts[i], i))] = SECONDARY
    return reasons


def _bounds_of_hidden(
    counts: list[int], reasons: list[str | None], total: int, min_count: int
) -> list[tuple[int, int]]:
    shown = [None if r else c for c, r in zip(counts, reasons)]
    return [b for b in hidden_bounds(shown, reasons, total, min_count) if b is not None]


def hidden_bounds(
    shown: list[int | None],
    reasons: list[str | None],
    total: int,
    min_count: int,
    at_least: list[int] | None = None,
) -> list[tuple[int, int] | None]:
    """What a reader can work out about each hidden count from the published ones: the least and
    the most it can be (None for a shown count). Hidden counts add up to the total less the
    shown ones; "fewer than N" is 1 to N - 1; "not shown" (secondary) is at least N and, as the
    rule hides the smallest count, at most the smallest non-zero count still shown; a withheld
    group's counts are anything from 0. ``at_least`` are lower bounds a reader can see
    otherwise (the number of quotes printed under a theme, say)."""
    rest = total - sum(c for c in shown if c is not None)
    cap = min((c for c in shown if c), default=total)
    ranges: list[tuple[int, int] | None] = []
    for i, reason in enumerate(reasons):
        if reason == SMALL:
            low, high = 1, min_count - 1
        elif reason == SECONDARY:
            low, high = min_count, cap
        elif reason:
            low, high = 0, total
        else:
            ranges.append(None)
            continue
        ranges.append((max(low, at_least[i]) if at_least else low, high))
    low = sum(r[0] for r in ranges if r)
    high = sum(r[1] for r in ranges if r)
    return [
        (max(r[0], rest - (high - r[1])), min(r[1], rest - (low - r[0]))) if r else None
        for r in ranges
    ]


def hidden_text(reason: str, min_count: int) -> str:
    return f"fewer than {min_count}" if reason == SMALL else "not shown"


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check digit (weights 10 to 2 over the first nine digits)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1))) % 11
    return (0 if check == 11 else check) == int(digits[9])


def _nhs_number(match: re.Match[str]) -> str:
    # Written 3-3-4 it is an NHS number whatever its check digit (a typo is still someone's);
    # ten digits run together only when the check digit says so (an order or case number is not).
    if not match.group(0).isdigit() or nhs_number_valid(match.group(0)):
        return "[NHS number]"
    return match.group(0)


@dataclass(frozen=True)
class Redactor:
    """Replaces contact details and registered participants' names in free text, in one pass.

    A full name ("Amira Khan") is replaced in any case. A single first or last name is replaced
    only where it is capitalised and not the first word of a sentence, so that names which are
    also words ("Will", "Grace", "Price") do not eat ordinary text. Overlapping names ("Will
    Price" and "Price Grace" in "Will Price Grace") become one "[name]". Names are looked up by
    their first word, so the cost is per word of the answer, not per registered name.
    """

    full_lengths: dict[str, tuple[int, ...]]  # first word, casefolded -> the lengths of its full names, longest first
    full_names: frozenset[str]  # every full name, casefolded
    parts: dict[str, tuple[str, ...]]  # first word -> single names as written, longest first

    @classmethod
    def of(cls, names: Iterable[str]) -> Redactor:
        full: dict[str, list[str]] = {}
        parts: dict[str, list[str]] = {}
        for name in set(names):
            first = WORD.match(name)
            if first is None:
                continue
            if " " in name:
                full.setdefault(first.group(0).lower(), []).append(name.lower())
            elif len(name) > 1 and name[0].isupper():
                parts.setdefault(first.group(0), []).append(name)

        def longest_first(found: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
            return {k: tuple(sorted(set(v), key=lambda n: (-len(n), n))) for k, v in found.items()}

        lengths = {k: tuple(sorted({len(n) for n in v}, reverse=True)) for k, v in full.items()}
        return cls(lengths, frozenset(n for v in full.values() for n in v), longest_first(parts))

    def __call__(self, text: str) -> str:
        if "@" in text:
            text = EMAIL.sub("[e-mail address]", text)
        lowered = text.lower()
        if "www." in lowered or "http" in lowered:
            text = URL.sub("[web address]", text)
            lowered = text.lower()
        if DIGIT.search(text):
            text = NHS_NUMBER.sub(_nhs_number, text)
            text = PHONE.sub("[phone number]", text)
            text = POSTCODE.sub("[postcode]", text)
            lowered = text.lower()
        # Most answers name no one: two set look-ups (in C) say so before any word-by-word work.
        if self.full_lengths.keys().isdisjoint(WORD.findall(lowered)) and self.parts.keys().isdisjoint(WORD.findall(text)):
            return text
        # Every full name found, overlapping ones merged into one span; single names elsewhere.
        spans: list[list[int]] = []
        if len(lowered) != len(text):  # a letter whose lower case is longer: match as written
            lowered = text
        full, parts = self.full_lengths.get, self.parts.get
        for word in WORD.finditer(text):
            first = word.group(0)
            if full(first.lower()) is None and parts(first) is None:
                continue
            start = word.start()
            inside = bool(spans) and start < spans[-1][1]
            end = self._full_name_end(lowered, start, first.lower())
            if end is None and not inside:
                end = self._part_end(text, start, first)
            if end is None:
                continue
            if inside:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        out: list[str] = []
        done = 0
        for start, end in spans:
            out += [text[done:start], "[name]"]
            done = end
        out.append(text[done:])
        return "".join(out)

    def _full_name_end(self, lowered: str, start: int, first: str) -> int | None:
        # By length, longest first: a common first name ("andrew") may start thousands of names.
        for length in self.full_lengths.get(first, ()):
            end = start + length
            if lowered[start:end] in self.full_names and _ends_word(lowered, end):
                return end
        return None

    def _part_end(self, text: str, start: int, first: str) -> int | None:
        candidates = self.parts.get(first)
        if not candidates or start == 0 or (start >= 2 and text[start - 2] in ".!?" and text[start - 1].isspace()):
            return None
        for name in candidates:
            end = start + len(name)
            if text.startswith(name, start) and _ends_word(text, end):
                return end
        return None


def _ends_word(text: str, end: int) -> bool:
    """Whether a name ending at ``end`` ends there as a word (as the regex ``\\b`` would say)."""
    if end >= len(text):
        return True
    before, after = text[end - 1], text[end]
    return not (_is_word(before) and _is_word(after))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@functools.lru_cache(maxsize=4)
def redactor(names: frozenset[str]) -> Redactor:
    """The redactor for a build's names (made once per set of names)."""
    return Redactor.of(names)


def redact(text: str, names: Iterable[str]) -> str:
    """``text`` with e-mail addresses, web addresses, NHS numbers, phone numbers, postcodes and
    the names in ``names`` replaced (see ``Redactor``)."""
    return redactor(names if isinstance(names, frozenset) else frozenset(names))(text)


def neutralise_cell(value: object) -> object:
    """A CSV cell a spreadsheet will show as text: one that starts like a formula gets a leading
    apostrophe (OWASP CSV injection). Numbers and other non-text values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
