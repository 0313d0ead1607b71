"""Shares and counts: every percentage with what it is of, the invariant checks that keep a
numerator inside its denominator, and the small wording helpers ("3 people", "Over 75%",
"a, b and c") the other metrics modules write their sentences with.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..privacy import SMALL, hidden_text

SHARE_THRESHOLDS = (90, 75, 50, 25)
NOT_RECORDED = "not recorded"


def round_half_up(value: float, places: int = 0) -> float:
    """Round as people do (2.5 -> 3), not as floats do (banker's rounding)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


class FigureInvariantError(AssertionError):
    """A share whose numerator is not part of its denominator: a bug in reportgen, not a problem
    with the event's data (so not a ``ReportgenError``), and never published."""


def share(numerator: int, denominator: int) -> dict[str, Any]:
    """A percentage with what it is of: {numerator, denominator, pct, text}.

    Raises ``FigureInvariantError`` unless 0 <= numerator <= denominator."""
    if not 0 <= numerator <= denominator:
        raise FigureInvariantError(f"a share of {numerator} out of {denominator}: the numerator must be part of the denominator")
    if denominator == 0:
        return {"numerator": numerator, "denominator": 0, "pct": None, "text": "n/a"}
    pct = 100 * numerator / denominator
    return {
        "numerator": int(numerator),
        "denominator": int(denominator),
        "pct": round_half_up(pct, 1),
        "text": f"{round_half_up(pct):.0f}%",
    }


def check_within(members: set[Any] | frozenset[Any], population: set[Any] | frozenset[Any], what: str) -> None:
    """Raise ``FigureInvariantError`` unless every one of ``members`` is in ``population``."""
    outside = set(members) - set(population)
    if outside:
        raise FigureInvariantError(f"{what}: {len(outside)} counted in the numerator are not in the denominator")


def share_of(members: set[Any] | frozenset[Any], population: set[Any] | frozenset[Any], what: str = "a share") -> dict[str, Any]:
    """The share of ``population`` (a set of participant ids) that ``members`` are; checks that
    members ⊆ population, so the figure can never exceed 100%."""
    check_within(members, population, what)
    return share(len(members), len(population))


def published_rate(numerator: int, denominator: int, min_count: int, small_sample: int) -> dict[str, Any]:
    """A rate ("would recommend", "agreed") as the pack may publish it, by the pack's own rules:
    fewer than ``min_count`` people answering, nothing but that; a count of 1 to ``min_count``-1
    agreeing, "fewer than <min_count>"; fewer than ``small_sample`` answering, the counts ("7 of
    9") and no percentage; else the percentage. ``basis_text`` says what it is of."""
    rate = share(numerator, denominator)
    if denominator == 0:
        return {**rate, "basis_text": "no one answered", "suppressed": None}
    if denominator < min_count:
        small = hidden_text(SMALL, min_count)
        return {"numerator": None, "denominator": None, "pct": None, "text": "not shown",
                "basis_text": f"{small} people answered", "suppressed": SMALL}
    if 0 < numerator < min_count:
        return {"numerator": None, "denominator": denominator, "pct": None, "text": hidden_text(SMALL, min_count),
                "basis_text": f"of {denominator} who answered", "suppressed": SMALL}
    if denominator < small_sample:
        return {**rate, "pct": None, "text": f"{numerator} of {denominator}",
                "basis_text": f"who answered: too few for a percentage (fewer than {small_sample})", "suppressed": None}
    return {**rate, "basis_text": f"{numerator} of {denominator} who answered", "suppressed": None}


def count_text(count: int | str, singular: str = "person", plural: str = "people") -> str:
    """A count with its noun, agreeing in number: "1 person", "2 people", "0 people"; a count
    given as text ("fewer than 5") takes the plural."""
    return f"{count} {singular if count == 1 else plural}"


def hidden_share(denominator: int, reason: str, min_count: int) -> dict[str, Any]:
    """A share whose count is suppressed: neither the count nor the percentage is published."""
    return {
        "numerator": None,
        "denominator": int(denominator),
        "pct": None,
        "text": hidden_text(reason, min_count),
        "suppressed": reason,
    }


def counted(count: int, total: int, reason: str | None, min_count: int) -> dict[str, Any]:
    """A count and its share of ``total``, or their suppressed stand-ins."""
    if reason:
        return {"count": None, "count_text": hidden_text(reason, min_count), "share": hidden_share(total, reason, min_count), "suppressed": reason}
    return {"count": int(count), "count_text": str(int(count)), "share": share(count, total), "suppressed": None}


def share_phrase(pct: float | None) -> str:
    """A comms-style lead-in for a share: 80 -> "Over 75%", 75 -> "75%", 40 -> "40%"."""
    if pct is None:
        return "n/a"
    for threshold in SHARE_THRESHOLDS:
        if round_half_up(pct) == threshold:
            break
        if pct > threshold:
            return f"Over {threshold}%"
    return f"{round_half_up(pct):.0f}%"


def join_words(items: list[str], last: str = "and") -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
