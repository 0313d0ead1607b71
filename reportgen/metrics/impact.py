"""Impact: the survey-based figures of an event (feedback, confidence, agreement, micro-actions,
what went well / could improve, polls, reflections) assembled from the other metrics modules.
"""

from __future__ import annotations

from typing import Any

from ..config import EventConfig
from ..etl import TidyEvent
from .confidence import before_after
from .feedback import agreement_rate, feedback_figures
from .polls import choice_summary
from .quotes import consenting_people, is_commitment, quotes_note, select_quotes, themed_quotes
from .selection import answers_to, ids_where
from .shares import check_within, count_text


def impact_metrics(
    tidy: TidyEvent,
    config: EventConfig,
    attended: set[str] | None,
    registered: set[str] | None,
    min_count: int,
) -> dict[str, Any]:
    impact = config.impact
    questions = config.questions()
    feedback = feedback_figures(tidy, config, attended, registered)
    respondents = feedback["respondents"] or 0
    out: dict[str, Any] = {"feedback": feedback}
    if impact.confidence:
        out["confidence"] = before_after(tidy, impact.confidence, config, min_count)
    small = config.statistics.small_sample
    if impact.recommend:
        out["recommend"] = agreement_rate(tidy, impact.recommend, questions[impact.recommend.question].text, 1, min_count, small)
    out["agreements"] = [agreement_rate(tidy, a, questions[a.question].text, 1, min_count, small) for a in impact.agreements]
    if impact.applied_learning:
        q = impact.applied_learning.question
        out["applied_learning"] = agreement_rate(tidy, impact.applied_learning, questions[q].text, 3, min_count, small)
    consenting = consenting_people(tidy, impact.quote_consent)
    if impact.micro_actions:
        answers = answers_to(tidy, impact.micro_actions)
        committed = answers[answers["value"].map(is_commitment).astype(bool)]  # bool even with no answer
        answered_source = set(tidy.responses.loc[tidy.responses["source"].isin(set(answers["source"])), "participant_id"])
        asked = answered_source or ids_where(tidy.participants, "responded")
        check_within(set(committed["participant_id"]), asked, "micro-actions")
        committed_people = int(committed["participant_id"].nunique())
        out["micro_actions"] = {
            "question": questions[impact.micro_actions].text,
            "count": committed_people,
            "count_text": count_text(committed_people),
            "of_respondents": len(asked) if answered_source else respondents,
            "level": 2,
            "quotes": select_quotes(committed, consenting, tidy.names, impact.max_micro_actions),
        }
    for key, qid in (("went_well", impact.went_well), ("improve", impact.improve)):
        if qid:
            answers = answers_to(tidy, qid)
            out[key] = {
                "question": questions[qid].text,
                "answers": len(answers),
                "themes": themed_quotes(answers, consenting, tidy.names, config, min_count),
            }
    out["quotes_note"] = quotes_note(impact.quote_consent is not None)
    if config.why_people_came:
        out["why_people_came"] = choice_summary(tidy, config, config.why_people_came.question, min_count)
    out["polls"] = [choice_summary(tidy, config, poll.question, min_count) for poll in config.polls]
    if config.key_themes and config.key_themes.reflections:
        source = config.key_themes.reflections
        out["key_theme_reflections"] = {
            "question": questions[source.question].text,
            "themes": themed_quotes(answers_to(tidy, source.question), consenting, tidy.names, config, min_count, source.themes),
        }
    if config.closing_reflections:
        qid = config.closing_reflections.question
        out["closing_reflections"] = {
            "question": questions[qid].text,
            "quotes": select_quotes(answers_to(tidy, qid), consenting, tidy.names, impact.max_micro_actions),
        }
    return out
