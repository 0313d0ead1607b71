"""Attendance: who registered, who attended, how the two overlap (suppressed as a group) and the
pack's opening sentence about who came.
"""

from __future__ import annotations

from typing import Any

from ..privacy import WITHHELD, hidden_bounds, suppression
from .shares import NOT_RECORDED, check_within, count_text, counted

BASIS_TEXT = {
    "registered": "people who registered",
    "attended": "people who attended",
    "responded": "people who answered the survey",
}


def attendance_figures(
    registered: set[str] | None, attended: set[str] | None, min_count: int
) -> dict[str, Any]:
    """Who registered, who attended, and how the two overlap, each None ("not recorded") when
    the event has no export for it.

    ``attendance_rate`` is of the people who registered, how many attended (its numerator is
    part of its denominator); people who attended without registering are a count of their
    own, never added to that share. The two parts of the attendees are suppressed as a group.
    """
    result: dict[str, Any] = {
        "registered": len(registered) if registered is not None else None,
        "registered_text": count_text(len(registered)) if registered is not None else NOT_RECORDED,
        "attended": len(attended) if attended is not None else None,
        "attended_text": count_text(len(attended)) if attended is not None else NOT_RECORDED,
        "registered_attended": None,
        "registered_attended_text": NOT_RECORDED,
        "attendance_rate": None,
        "unregistered_attendees": None,
        "unregistered_attendees_text": NOT_RECORDED,
    }
    if registered is not None and attended is not None:
        came = registered & attended
        walk_ins = attended - registered
        check_within(came, registered, "attendance rate")
        check_within(walk_ins, attended, "attended without registering")
        reasons = suppression([len(came), len(walk_ins)], min_count)
        if _pinned_by_registrations(reasons, len(came), len(walk_ins), len(registered), min_count):
            reasons = [WITHHELD, WITHHELD]
        came_figure = counted(len(came), len(registered), reasons[0], min_count)
        walk_in_figure = counted(len(walk_ins), len(attended), reasons[1], min_count)
        result.update(
            registered_attended=came_figure["count"],
            registered_attended_text=came_figure["count_text"],
            attendance_rate=came_figure["share"],
            unregistered_attendees=walk_in_figure["count"],
            unregistered_attendees_text=walk_in_figure["count_text"],
        )
    result.update(attendance_sentence(result))
    return result


def _pinned_by_registrations(
    reasons: list[str | None], came: int, walk_ins: int, registered: int, min_count: int
) -> bool:
    """Whether a reader could still work out the hidden part of the attendees: the two parts add
    up to the attendees (published) and the registered who came can be no more than the people
    who registered (published too), which suppression of the pair alone does not know."""
    if not any(reasons):
        return False
    attended = came + walk_ins
    shown = [None if r else n for n, r in zip((came, walk_ins), reasons)]
    bounds = hidden_bounds(shown, reasons, attended, min_count)
    came_range = bounds[0] or (came, came)
    walk_range = bounds[1] or (walk_ins, walk_ins)
    possible = [
        c for c in range(came_range[0], min(came_range[1], registered) + 1)
        if walk_range[0] <= attended - c <= walk_range[1]
    ]
    return len(possible) <= 1


def attendance_sentence(a: dict[str, Any]) -> dict[str, str]:
    """The pack's opening sentence about who came, in three parts: ``lead``, ``figure`` (printed
    in bold) and ``rest``; and ``who_came``, the line of "About these figures"."""
    registered, attended = a["registered"], a["attended"]
    if attended is None and registered is None:
        text = "Registration and attendance were not recorded for this event."
        return {"lead": text, "figure": "", "rest": "", "who_came": text}
    if attended is None:
        return {
            "lead": "",
            "figure": count_text(registered),
            "rest": " registered; attendance was not recorded.",
            "who_came": f"{count_text(registered)} registered; attendance was not recorded.",
        }
    if registered is None:
        return {
            "lead": "We had ",
            "figure": count_text(attended),
            "rest": " join us; registration was not recorded.",
            "who_came": f"{count_text(attended)} attended, according to the attendance list; registration was not recorded.",
        }
    rate = a["attendance_rate"]
    came = a["registered_attended_text"] if a["registered_attended"] is None else str(a["registered_attended"])
    rate_text = f" ({rate['text']})" if rate["pct"] is not None else ""
    if a["registered_attended"] == 0:
        came, rate_text = "none", ""
    who_came = (
        f"{count_text(registered)} registered and {attended} attended, according to the attendance list; "
        f"{came} of the {registered} who registered came"
    )
    if a["unregistered_attendees"] == 0:
        rest = f" join us, of the {registered} who registered{rate_text}."
        return {"lead": "We had ", "figure": count_text(attended), "rest": rest, "who_came": who_came + "."}
    walk_ins = a["unregistered_attendees_text"]
    walk_in_verb = "person" if a["unregistered_attendees"] == 1 else "people"
    rest = (
        f" join us. Of the {registered} who registered, {came} came{rate_text}; "
        f"{walk_ins} {walk_in_verb} came without registering."
    )
    who_came += f", and {walk_ins} {walk_in_verb} came without registering."
    return {"lead": "We had ", "figure": count_text(attended), "rest": rest, "who_came": who_came}
