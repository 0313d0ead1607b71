"""Polls and choice questions: how many answered and how many chose each option, suppressed as a
group for single choice and one by one for tick-all-that-apply.
"""

from __future__ import annotations

from typing import Any

from ..config import EventConfig
from ..etl import TidyEvent
from ..privacy import suppression
from .selection import answers_to
from .shares import check_within, count_text, counted, join_words, share_phrase


def choice_summary(tidy: TidyEvent, config: EventConfig, question_id: str, min_count: int) -> dict[str, Any]:
    """A poll or registration question: how many answered, and how many chose each option.

    For a single-choice question the options add up to the respondents, so suppression works on
    the group; for tick-all-that-apply each option is suppressed on its own (there is no total
    for a hidden count to be worked out from). Shares are of the people who answered."""
    question = config.questions()[question_id]
    answers = answers_to(tidy, question_id)
    respondents = int(answers["participant_id"].nunique())
    chosen = answers.drop_duplicates(["participant_id", "value"])["value"].value_counts()
    answered = set(answers["participant_id"])
    for option, people in answers.groupby("value")["participant_id"]:
        check_within(set(people), answered, f"{question_id}: {option}")
    options = list(dict.fromkeys((question.answers or {}).values()))
    options += sorted(str(v) for v in chosen.index if v not in options)
    raw = [int(chosen.get(o, 0)) for o in options]
    if question.type == "multi":
        reasons = [suppression([n], min_count)[0] for n in raw]
    else:
        reasons = suppression(raw, min_count)
    rows = [{"option": o, **counted(n, respondents, r, min_count)} for o, n, r in zip(options, raw, reasons)]
    ranked = sorted((r for r in rows if r["count"]), key=lambda r: -r["count"])
    if not respondents:
        summary = "No one answered this question."
    elif question.type == "multi":
        top = [r["option"][0].lower() + r["option"][1:] for r in ranked[:3]]
        summary = f"{count_text(respondents)} answered."
        if top:
            summary += f" The most common {'answers were' if len(top) > 1 else 'answer was'} {join_words(top)}."
    else:
        lead = ranked[0] if ranked else None
        summary = f"{count_text(respondents)} answered the poll."
        if lead is not None and respondents < config.statistics.small_sample:  # no percentage of so few
            summary += f" {lead['count']} of them answered “{lead['option']}”."
        elif lead is not None:
            summary += f" {share_phrase(lead['share']['pct'])} ({lead['count']} of {respondents}) answered “{lead['option']}”."
    return {
        "question_id": question_id,
        "question": question.text,
        "type": question.type,
        "respondents": respondents,
        "options": rows,
        "summary": summary,
    }
