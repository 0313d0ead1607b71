"""Feedback: how many answered the survey and of whom (the response rate), and agreement rates
("would recommend", "agreed: ...").
"""

from __future__ import annotations

from typing import Any

from ..config import Agreement, EventConfig
from ..etl import TidyEvent
from .attendance import BASIS_TEXT
from .selection import answers_to, ids_where
from .shares import NOT_RECORDED, check_within, count_text, published_rate, share, share_of


def feedback_figures(
    tidy: TidyEvent, config: EventConfig, attended: set[str] | None, registered: set[str] | None
) -> dict[str, Any]:
    """How many answered the survey, and of whom: the response rate is of the people who
    attended (else who registered); with neither recorded there is no rate.

    Keyed respondents are matched to that audience, so the rate counts only those in it (others
    are counted apart). Anonymous responses cannot be matched: the rate is their number over the
    audience, published only when it is no more than the audience."""
    surveys = [s for s in config.sources if s.role == "survey"]
    if not surveys:
        return {
            "respondents": None, "respondents_text": NOT_RECORDED, "response_rate": None,
            "basis_text": "", "basis": "no feedback survey", "anonymous": False, "anonymous_text": "",
        }
    respondents = ids_where(tidy.participants, "responded")
    before_only = {s.file for s in surveys if _before_only(s)}
    if before_only and len(before_only) < len(surveys):
        # The form filled in before the event is not the feedback survey: its respondents are
        # the people with a row in another survey export (a row with every answer blank too).
        feedback_files = [s.file for s in surveys if s.file not in before_only]
        in_feedback = set().union(*(tidy.in_sources.get(f, frozenset()) for f in feedback_files))
        respondents &= in_feedback
    surveys = [s for s in surveys if s.file not in before_only] or surveys
    basis = "attended" if attended is not None else "registered" if registered is not None else None
    audience = attended if attended is not None else registered
    anonymous = any(s.anonymous for s in surveys)
    result: dict[str, Any] = {
        "respondents": len(respondents),
        "respondents_text": count_text(len(respondents)),
        "response_rate": None,
        "basis_text": BASIS_TEXT[basis] if basis else "",
        "respondents_outside": 0,
        "anonymous": anonymous,
        "anonymous_text": (
            "The feedback survey was anonymous: its answers cannot be linked to anyone on the "
            "registration or attendance lists, so each response is counted as one person."
            if anonymous else ""
        ),
    }
    if audience is None:
        result["basis"] = "no registration or attendance list, so no response rate"
        return result
    if anonymous:
        if len(respondents) <= len(audience):
            result["response_rate"] = share(len(respondents), len(audience))
            result["basis"] = f"{len(respondents)} responses, of {len(audience)} {BASIS_TEXT[basis]}"
        else:
            result["basis"] = (
                f"{len(respondents)} responses, more than the {len(audience)} {BASIS_TEXT[basis]}: "
                "no response rate"
            )
        return result
    inside = respondents & audience
    result["response_rate"] = share_of(inside, audience, "response rate")
    result["respondents_outside"] = len(respondents - audience)
    result["basis"] = f"{len(inside)} of {len(audience)} {BASIS_TEXT[basis]}"
    if result["respondents_outside"]:
        others = count_text(result["respondents_outside"])
        result["basis"] += f" (and {others} not among them)"
    return result


def _before_only(source: Any) -> bool:
    """A survey filled in before the event: every question it asks is a "before" score."""
    return bool(source.questions) and all(q.phase == "pre" for q in source.questions)


def agreement_rate(
    tidy: TidyEvent, agreement: Agreement, statement: str, level: int, min_count: int, small_sample: int
) -> dict[str, Any]:
    """The share of the people who answered ``agreement``'s question who gave a positive answer,
    as the pack may publish it (``published_rate``: small counts hidden, counts for small bases)."""
    answers = answers_to(tidy, agreement.question)
    answered = set(answers["participant_id"])
    agreed = set(answers.loc[answers["value"].isin(agreement.positive), "participant_id"])
    check_within(agreed, answered, f"agreement with {agreement.question}")
    result = published_rate(len(agreed), len(answered), min_count, small_sample)
    return {"question": agreement.question, "statement": statement, "positive": agreement.positive, "level": level, **result}
