"""Outcomes: the event's before/after items (``impact.confidence`` first, then
``impact.outcomes``), each worked out exactly as the confidence figures are (``before_after``:
paired, or two groups), and the programme's framework (objectives and behaviours) saying which
were measured at this event, which moved and which were not measured.

An item "moved" when the confidence interval of its mean change excludes 0. Its means and
interval are published only when enough people gave both scores (``statistics.small_sample``);
below that the item is marked as too few and only its counts are published.
"""

from __future__ import annotations

from typing import Any

from ..config import EventConfig, agreement_questions, outcome_questions
from ..etl import TidyEvent
from ..framework import FrameworkItem
from .confidence import before_after
from .shares import count_text

MOVED_WORDS = {"up": "rose", "down": "fell"}


def item_label(question_id: str) -> str:
    """A question id as a short name for sentences and the chart: "root_cause" -> "root cause"."""
    return question_id.replace("_", " ").replace("-", " ")


def outcome_items(
    tidy: TidyEvent, config: EventConfig, min_count: int, published: bool, framework: list[FrameworkItem]
) -> list[dict[str, Any]]:
    """One entry per before/after item, in the order of event.yaml (confidence first)."""
    limit = config.statistics.small_sample
    level = f"{config.statistics.confidence_level * 100:g}%"
    items = []
    for qid in outcome_questions(config):
        block = before_after(tidy, qid, config, min_count, detail=True)
        paired = block["comparison"] == "paired"
        n = block["n_paired"] if paired else min(block["n_before"], block["n_after"])
        change = block.get("mean_change" if paired else "difference")
        too_few = n < limit
        label = item_label(qid)
        item: dict[str, Any] = {
            "question": qid,
            "label": label,
            "statement": block["statement"],
            "headline": qid == config.impact.confidence,
            "comparison": block["comparison"],
            "design": block["design"],
            "n": n,
            "n_text": (
                f"{count_text(n)} with both scores" if paired
                else f"{block['n_before']} answered before, {block['n_after']} after"
            ),
            "too_few": too_few,
            "small_sample_limit": limit,
            "pre_mean": None,
            "post_mean": None,
            "shift_text": "n/a",
            "mean_change": None,
            "moved": None,
            "framework": [f.id for f in framework if qid in f.measures],
        }
        if paired and n:
            item["improved_phrase"] = block["improved_phrase"]
            item["improved_basis"] = block["improved_basis"]
        if change is not None and (not too_few or not published):
            item.update(pre_mean=block["pre_mean"], post_mean=block["post_mean"], shift_text=block["shift_text"])
            item["mean_change"] = {
                "value": change["value"],
                "low": change["low"],
                "high": change["high"],
                "level": change["level"],
                "text": change["text"],
                "value_text": change["value_text"],
                "low_text": change["low_text"],
                "high_text": change["high_text"],
            }
            item["moved"] = change["moved"]
        item["text"] = sentence(item_phrase(item, level))
        items.append(item)
    return items


def item_phrase(item: dict[str, Any], level: str) -> str:
    """What happened to one item, as a phrase written from its published figures ("confidence
    rose by 1.7 points (95% CI +1.1 to +2.3)"); its ``text`` is this as a sentence."""
    label = item["label"]
    if not item["n"]:
        who = "gave both scores" if item["comparison"] == "paired" else "answered both before and after"
        return f"{label}: no one {who}"
    change = item["mean_change"]
    if change is None:
        return (
            f"{label}: too few to say (only {item['n_text']}; averages are published from "
            f"{item['small_sample_limit']})"
        )
    if change["low_text"] is None:
        return f"{label}: {change['value_text']} points, too few for an interval"
    interval = f"{level} CI {change['low_text']} to {change['high_text']}"
    if item["moved"] in MOVED_WORDS:
        size = change["value_text"].lstrip("+-")
        return f"{label} {MOVED_WORDS[item['moved']]} by {size} points ({interval})"
    return f"{label} showed no clear change ({change['value_text']} points, {interval})"


def sentence(phrase: str) -> str:
    return phrase[0].upper() + phrase[1:] + "."


def framework_figures(
    framework: list[FrameworkItem], outcomes: list[dict[str, Any]], agreements: list[dict[str, Any]], config: EventConfig
) -> list[dict[str, Any]]:
    """Each objective or behaviour of the programme: measured here or not, moved or not, by which
    items, with a sentence saying so ("Moved: confidence rose by 1.7 points (95% CI +1.1 to +2.3).").

    It moved "up" when an item measuring it moved up and none moved down ("down" the mirror
    image); "no clear change" when its items have intervals and none excludes 0, or they moved
    in opposite directions; None when nothing measuring it has an interval (agreement rates, or
    too few people)."""
    by_question = {o["question"]: o for o in outcomes}
    rates = {a["question"]: a for a in agreements}
    asked = set(by_question) | set(agreement_questions(config))
    level = f"{config.statistics.confidence_level * 100:g}%"
    result = []
    for f in framework:
        items = [q for q in f.measures if q in asked]
        changes = [by_question[q] for q in items if q in by_question]
        verdicts = {o["moved"] for o in changes if o["moved"] is not None}
        moved: str | None = None
        lead = "Measured"
        if verdicts:
            if "up" in verdicts and "down" not in verdicts:
                moved, lead = "up", "Moved"
            elif "down" in verdicts and "up" not in verdicts:
                moved, lead = "down", "Moved down"
            else:
                moved = "no clear change"
                lead = "Mixed" if {"up", "down"} <= verdicts else "No clear change"
        phrases = [item_phrase(c, level) for c in changes]
        phrases += [rate_phrase(rates[q], config.statistics.small_sample) for q in items if q in rates]
        text = f"{lead}: {'; '.join(phrases)}." if items else "Not measured at this event."
        result.append({
            "id": f.id,
            "kind": f.kind,
            "name": f.name,
            "measured": bool(items),
            "moved": moved,
            "items": items,
            "text": text,
        })
    return result


def rate_phrase(rate: dict[str, Any], limit: int) -> str:
    """An agreement rate as a phrase: counts only below ``limit`` people."""
    if rate["denominator"] == 0:
        return f"no one answered “{rate['statement']}”"
    if rate["denominator"] is None:  # too few answered to publish
        return f"“{rate['statement']}”: {rate['basis_text']}"
    if rate["numerator"] is None:
        return f"{rate['text']} of {rate['denominator']} agreed “{rate['statement']}”"
    if rate["denominator"] < limit:
        return f"{rate['numerator']} of {rate['denominator']} agreed “{rate['statement']}”"
    return f"{rate['text']} agreed “{rate['statement']}” ({rate['numerator']} of {rate['denominator']})"
