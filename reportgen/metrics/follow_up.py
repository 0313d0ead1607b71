"""Follow-through on commitments (Kirkpatrick level 3, behaviour): the follow-up figures.

A follow-up survey (a ``role: follow_up`` source, sent weeks after the event) asks people
whether they did the step they committed to, and what changed. ``follow_up_figures`` turns the
tidy data and ``impact.follow_up`` into ``metrics["follow_up"]``:

- ``committed``: people who named a micro-action (the micro-action rule of metrics,
  ``is_commitment``);
- ``answered``: of them, the people who answered the follow-up's "did you do it?" question
  (a response count, like the survey's: published as it is);
- ``did_it``: the share of ``answered`` who gave a positive answer (``share_of``: the
  numerator is always part of the denominator); the did / did not counts are suppressed as
  every outcome count is (``privacy.suppression``), and a percentage is printed only from
  ``statistics.small_sample`` people up;
- ``quotes``: "what changed" answers of people who did it, with consent (the follow-up's own
  consent question if it asks one, else the event's ``impact.quote_consent``), redacted and
  chosen as every quote is (``usable_quotes``); never so many that they pin a hidden count;
- ``text``: the sentence the pack prints, written from the published figures only.

Anonymous follow-ups link to no one (etl sets their rows aside): the figure is "not recorded"
with a sentence saying why. With no follow-up at all there is no ``metrics["follow_up"]`` and
the evaluation summary says what is unknown (metrics' ``LEVEL_3_UNKNOWN``). Pure: tidy data and config in, a JSON-ready dict out.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..config import EventConfig
from ..etl import TidyEvent
from ..privacy import SMALL, hidden_bounds, hidden_text, suppression
from .quotes import consenting_people, is_commitment, usable_quotes
from .shares import NOT_RECORDED, check_within, count_text, share_of

LEVEL = 3
ANONYMOUS_TEXT = (
    "Not recorded: the follow-up survey was anonymous, so no answer can be linked to the step its "
    "author committed to, and follow-through cannot be counted."
)


def _answers(tidy: TidyEvent, question_id: str | None, files: set[str] | None = None) -> pd.DataFrame:
    responses = tidy.responses
    chosen = responses[responses["question_id"] == question_id]
    return chosen if files is None else chosen[chosen["source"].isin(files)]


def follow_up_figures(tidy: TidyEvent, config: EventConfig, min_count: int) -> dict[str, Any] | None:
    """``metrics["follow_up"]``, or None when the event has no ``impact.follow_up``."""
    follow_up = config.impact.follow_up
    if follow_up is None:
        return None
    questions = config.questions()
    sources = [s for s in config.sources if s.role == "follow_up"]
    files = {s.file for s in sources if not s.anonymous}
    micro = _answers(tidy, config.impact.micro_actions)
    committed = set(micro.loc[micro["value"].map(is_commitment).astype(bool), "participant_id"])
    result: dict[str, Any] = {
        "level": LEVEL,
        "question": questions[follow_up.did_it.question].text,
        "positive": list(follow_up.did_it.positive),
        "what_changed_question": questions[follow_up.what_changed].text if follow_up.what_changed else "",
        "recorded": bool(files),
        "committed": len(committed),
        "committed_text": count_text(len(committed)),
        "answered": None,
        "answered_text": NOT_RECORDED,
        "did_it": None,
        "did_it_count_text": NOT_RECORDED,
        "quotes": [],
        "value": NOT_RECORDED,
        "basis": "",
    }
    if not files:
        result.update(text=ANONYMOUS_TEXT, basis="the follow-up survey was anonymous")
        return result
    did_answers = _answers(tidy, follow_up.did_it.question, files)
    answered = set(did_answers["participant_id"]) & committed
    did = set(did_answers.loc[did_answers["value"].isin(follow_up.did_it.positive), "participant_id"]) & answered
    check_within(answered, committed, "follow-up answers")
    result.update(answered=len(answered), answered_text=count_text(len(answered)))
    if not committed:
        result["text"] = (
            "No one named a step they would take, so the follow-up had no commitment to ask about."
        )
        result["basis"] = "no commitments"
        return result
    if not answered:
        result["text"] = (
            f"None of the {count_text(len(committed))} who committed to a step answered the "
            "follow-up, so whether they did it is not known."
        )
        result["basis"] = f"0 of {len(committed)} who committed answered the follow-up"
        return result
    reasons = suppression([len(did), len(answered) - len(did)], min_count)
    reason = reasons[0]
    did_it = share_of(did, answered, "did the step they committed to")
    if reason:
        did_it = {"numerator": None, "denominator": len(answered), "pct": None,
                  "text": hidden_text(reason, min_count), "suppressed": reason}
    result["did_it"] = did_it
    shown = did_it["numerator"]
    result["did_it_count_text"] = hidden_text(reason, min_count) if reason else str(shown)
    with_pct = shown is not None and len(answered) >= config.statistics.small_sample
    result["value"] = did_it["text"] if with_pct else result["did_it_count_text"]
    result["basis"] = f"of {len(answered)} who committed to a step and answered the follow-up"
    if reason and reason != SMALL:  # "not shown": hidden so that a small count is not given away
        did_text = "the number who did it is not shown (a small count could be worked out from it)"
    else:
        did_text = f"{result['did_it_count_text']} did it" + (f" ({did_it['text']})" if with_pct else "")
    result["text"] = (
        f"Of the {count_text(len(answered))} who committed to a step and answered the follow-up, {did_text}."
    )
    missing = len(committed) - len(answered)
    if missing:  # a small number is not printed, as everywhere in the pack
        how_many = hidden_text(SMALL, min_count) if missing < min_count else str(missing)
        result["text"] += f" {how_many[0].upper() + how_many[1:]} of the {len(committed)} who committed did not answer it."
    result["quotes"] = _quotes(tidy, config, did, files, reasons, len(answered), min_count)
    return result


def _quotes(
    tidy: TidyEvent, config: EventConfig, did: set[str], files: set[str],
    reasons: list[str | None], answered: int, min_count: int,
) -> list[str]:
    """"What changed" answers of people who did it, with consent; under a hidden count of those
    who did it, fewer where the number printed would pin that count down."""
    follow_up = config.impact.follow_up
    if follow_up is None or follow_up.what_changed is None:
        return []
    if follow_up.consent is not None:  # the follow-up's own question: only its answers count
        answers = _answers(tidy, follow_up.consent.question, files)
        consenting: set[str] | None = set(
            answers.loc[answers["value"].isin(follow_up.consent.positive), "participant_id"]
        )
    else:
        consenting = consenting_people(tidy, config.impact.quote_consent)
    changed = _answers(tidy, follow_up.what_changed, files)
    changed = changed[changed["participant_id"].isin(did)]
    quotes = usable_quotes(changed, consenting, tidy.names, config.impact.max_quotes)
    if reasons[0]:  # the number who did it is hidden: the quotes printed must not pin it
        keep = len(quotes)
        while keep:
            bound = hidden_bounds([None, None], reasons, answered, min_count, [keep, 0])[0]
            if bound is None or bound[0] != bound[1]:
                break
            keep -= 1
        quotes = quotes[:keep]
    return quotes
