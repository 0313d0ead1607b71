"""Selection: the people and the answers a figure is computed from, picked out of the tidy data
(who registered / attended / responded; one question's answers, optionally of one phase).
"""

from __future__ import annotations

import pandas as pd

from ..etl import TidyEvent


def ids_where(people: pd.DataFrame, column: str) -> set[str]:
    """The participant ids whose ``column`` is true (unknown, pd.NA, counts as not)."""
    if column not in people:
        return set()
    flags = people[column].astype("boolean").fillna(False).astype(bool)
    return set(people.loc[flags, "participant_id"])


def answers_to(tidy: TidyEvent, question_id: str | None, phase: str | None = None) -> pd.DataFrame:
    """The answers to ``question_id`` (all phases, or only ``phase``); none when it is None."""
    responses = tidy.responses
    if question_id is None:
        return responses.iloc[0:0]
    chosen = responses[responses["question_id"] == question_id]
    if phase is not None:
        chosen = chosen[chosen["phase"] == phase]
    return chosen
