"""Privacy: small-number suppression of published counts, and quotes that identify nobody.

Suppression (``privacy.min_count`` in event.yaml, default 5): in a group of counts that adds up
to a published total, a count from 1 to min_count - 1 is shown as "fewer than 5" and the
percentage made from it is withheld (primary suppression). If that leaves exactly one hidden
count, it could be worked out by subtracting the others from the total, so the smallest other
non-zero count is hidden too (secondary suppression, shown as "not shown"). Zero stays zero:
nobody can be identified in an empty group.

Quotes: answers from people who did not consent (where the survey asks) are left out, and
e-mail addresses, phone numbers, web addresses and the names of registered participants are
replaced by a marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SMALL = "small"
SECONDARY = "secondary"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# UK-style phone numbers: 07xxx xxxxxx, 020 7946 0000, +44 20 7946 0000, (0161) 496 0000 ...
PHONE = re.compile(r"(?:(?:\+|00)44\s?\(?0?\)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b")


def suppression(counts: list[int], min_count: int) -> list[str | None]:
    """For each count of a group that adds up to a published total: why to hide it, or None."""
    if min_count <= 1:
        return [None] * len(counts)
    reasons: list[str | None] = [SMALL if 0 < c < min_count else None for c in counts]
    hidden = [i for i, reason in enumerate(reasons) if reason]
    if len(hidden) == 1:
        others = [i for i, c in enumerate(counts) if reasons[i] is None and c > 0]
        if others:
            reasons[min(others, key=lambda i: (counts[i], i))] = SECONDARY
    return reasons


def hidden_text(reason: str, min_count: int) -> str:
    return f"fewer than {min_count}" if reason == SMALL else "not shown"


def redact(text: str, names: Iterable[str]) -> str:
    """``text`` with e-mail addresses, web addresses, phone numbers and names replaced.

    A full name ("Amira Khan") is replaced in any case. A single first or last name is replaced
    only where it is capitalised and not the first word of a sentence, so that names which are
    also words ("Will", "Grace", "Price") do not eat ordinary text.
    """
    text = EMAIL.sub("[e-mail address]", text)
    text = URL.sub("[web address]", text)
    text = PHONE.sub("[phone number]", text)
    for name in sorted({n for n in names if " " in n}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "[name]", text, flags=re.IGNORECASE)
    for part in sorted({n for n in names if " " not in n and len(n) > 1}, key=len, reverse=True):
        if not part[0].isupper():
            continue
        text = re.sub(rf"(?<![.!?]\s)(?<!^)\b{re.escape(part)}\b", "[name]", text)
    return text
