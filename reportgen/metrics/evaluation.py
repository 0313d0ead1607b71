"""Evaluation: the pack's figures grouped by Kirkpatrick level (1 reaction, 2 learning, 3 behaviour).
"""

from __future__ import annotations

from typing import Any

LEVELS = {1: "Reaction", 2: "Learning", 3: "Behaviour"}
LEVEL_3_UNKNOWN = "No follow-up survey asked whether people did the step they committed to, so it is not known."


def _rate_basis(rate: dict[str, Any]) -> str:
    """What a rate is of, in the table's "Of" column: "19 of 21" beside a percentage; else what
    the rate says about itself (hidden, or too few for a percentage)."""
    if rate["pct"] is not None:
        return f"{rate['numerator']} of {rate['denominator']}"
    return rate["basis_text"]


def evaluation_levels(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """The pack's figures grouped by Kirkpatrick level (1 reaction, 2 learning, 3 behaviour)."""
    items: dict[int, list[dict[str, str]]] = {1: [], 2: [], 3: []}
    if "recommend" in metrics:
        r = metrics["recommend"]
        items[1].append({"label": "Would recommend an event like this", "value": r["text"], "basis": _rate_basis(r)})
    for a in metrics["agreements"]:
        items[1].append({"label": f"Agreed: {a['statement']}", "value": a["text"], "basis": _rate_basis(a)})
    c = metrics.get("confidence")
    if c is not None and c["comparison"] == "groups" and c["pre_mean"] is not None:
        items[2].append({
            "label": "Average confidence, before → after, of two groups that could not be matched",
            "value": c["shift_text"],
            "basis": c["basis"],
        })
    elif c is not None and c["n_paired"]:
        items[2].append({"label": "Average confidence, before → after", "value": c["shift_text"], "basis": f"{c['n_paired_text']} with both scores"})
        items[2].append({"label": "Improved their confidence score", "value": c["improved_phrase"], "basis": c["improved_basis"]})
    for o in metrics.get("outcomes", []):
        if o["headline"]:
            continue  # the confidence question, shown above
        items[2].append({
            "label": f"Average score, before → after: {o['statement']}",
            "value": o["shift_text"] if o["mean_change"] is not None else "Too few to show" if o["n"] else "No one gave both",
            "basis": o["n_text"],
        })
    if "micro_actions" in metrics:
        m = metrics["micro_actions"]
        items[2].append({"label": "Committed to a micro-action", "value": m["count_text"], "basis": f"of {m['of_respondents']} who answered"})
    if "applied_learning" in metrics:
        a = metrics["applied_learning"]
        items[3].append({"label": a["statement"], "value": a["text"], "basis": _rate_basis(a)})
    if "follow_up" in metrics:
        f = metrics["follow_up"]
        items[3].append({"label": "Did the step they committed to (asked in a follow-up survey)", "value": f["value"], "basis": f["basis"]})
    return [
        {"level": level, "name": LEVELS[level], "items": found, "measured": bool(found),
         "note": LEVEL_3_UNKNOWN if level == 3 and "follow_up" not in metrics else ""}
        for level, found in items.items()
    ]
