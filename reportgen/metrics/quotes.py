"""Quotes and themes: which free-text answers may be printed (consented, redacted, long enough, no
repeats, shortened), micro-actions that count as a commitment, and answers grouped under themes
with their counts suppressed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..config import Agreement, EventConfig, Theme
from ..etl import TidyEvent
from ..privacy import hidden_bounds, redactor, suppression
from .selection import answers_to
from .shares import counted

# Answers to "one practical step I will take" that are not a commitment.
NON_ANSWERS = {"", "-", "--", ".", "n/a", "na", "none", "nothing", "no", "not sure", "tbc", "?"}
MIN_QUOTE_WORDS = 3
MAX_QUOTE_CHARS = 300  # longer answers are cut at a word, with an ellipsis


def is_commitment(text: str) -> bool:
    """A micro-action counts when it says something: not blank, "n/a", "-" or "none"."""
    return text.strip().strip(".!").casefold() not in NON_ANSWERS


def consenting_people(tidy: TidyEvent, consent: Agreement | None) -> set[str] | None:
    """Who agreed to be quoted, or None when the survey did not ask (everyone may be quoted)."""
    if consent is None:
        return None
    answers = answers_to(tidy, consent.question)
    return set(answers[answers["value"].isin(consent.positive)]["participant_id"])


def usable_quotes(
    answers: pd.DataFrame, consenting: set[str] | None, names: frozenset[str], limit: int | None = None
) -> list[str]:
    """Answers fit to print, in file order: consented, redacted, at least three words, no
    repeats, long ones shortened (``shorten``); the first ``limit`` of them.

    Answers are taken one by one and redacted only once chosen, so a build redacts at most the
    answers it looks at, not every answer; an answer that redaction leaves unusable (too short,
    or now a repeat) is passed over for the next one. An answer written exactly as one already
    looked at is not redacted again (at a national webinar thousands write the same line)."""
    chosen: list[str] = []
    seen: set[str] = set()
    passed: set[str] = set()  # answers as written already taken or passed over: the same again is a repeat
    clean = redactor(names if isinstance(names, frozenset) else frozenset(names))
    for participant, value in zip(answers["participant_id"], answers["value"]):
        if limit is not None and len(chosen) >= limit:
            break
        if consenting is not None and participant not in consenting:
            continue
        written = " ".join(str(value).split())
        if written in passed:  # redacts to what it did before: a repeat, or unusable again
            continue
        passed.add(written)
        text = clean(written)
        folded = text.casefold().rstrip(".!")
        if len(text.split()) < MIN_QUOTE_WORDS or folded in seen or not is_commitment(text):
            continue
        seen.add(folded)
        chosen.append(shorten(text))
    return chosen


def shorten(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters at the end of a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.!?-–—") + "…"


def select_quotes(answers: pd.DataFrame, consenting: set[str] | None, names: frozenset[str], limit: int) -> list[str]:
    return usable_quotes(answers, consenting, names, limit)


def themed_quotes(
    answers: pd.DataFrame,
    consenting: set[str] | None,
    names: frozenset[str],
    config: EventConfig,
    min_count: int,
    themes: list[Theme] | None = None,
) -> list[dict[str, Any]]:
    """Answers grouped under themes (the first theme whose keyword an answer mentions; by default
    the event's ``impact.themes``); answers in no theme are counted under "Other comments"."""
    themes = config.impact.themes if themes is None else themes
    texts = [str(v) for v in answers["value"] if str(v).strip()]
    groups: dict[str, list[int]] = {t.name: [] for t in themes}
    other = "Other comments" if themes else "Comments"
    groups[other] = []
    for i, text in enumerate(texts):
        folded = text.casefold()
        theme = next((t.name for t in themes if any(k.casefold() in folded for k in t.keywords)), other)
        groups[theme].append(i)
    sizes = [len(rows) for rows in groups.values()]
    # One theme holding every answer is the number of answers itself: nothing to hide.
    reasons = suppression(sizes, min_count) if sum(1 for n in sizes if n) > 1 else [None] * len(sizes)
    answered = answers[answers["value"].astype(str).str.strip() != ""]
    subsets = {
        name: usable_quotes(answered.iloc[rows], consenting, names, config.impact.max_quotes)
        for name, rows in groups.items()
        if rows
    }
    # The quotes printed under a hidden count show it is at least that many: print fewer where
    # that, with the total, would pin a hidden count down.
    printed = [len(subsets.get(name, [])) for name in groups]
    while True:
        bounds = hidden_bounds([None if r else n for n, r in zip(sizes, reasons)], reasons, len(texts), min_count, printed)
        hidden = [i for i, b in enumerate(bounds) if b is not None]
        if not any(bounds[i][0] == bounds[i][1] for i in hidden) or not any(printed[i] for i in hidden):
            break
        printed[max(hidden, key=lambda i: printed[i])] -= 1
    result = []
    for (name, rows), reason, keep in zip(groups.items(), reasons, printed):
        if not rows:
            continue
        result.append(
            {"theme": name, **counted(len(rows), len(texts), reason, min_count), "quotes": subsets[name][:keep], "other": name == other}
        )
    return result


def quotes_note(consent_asked: bool) -> str:
    consent = "only from people who agreed to be quoted; " if consent_asked else ""
    return (
        f"Quotes are printed as written, {consent}e-mail addresses, web addresses, phone numbers, "
        "NHS numbers, postcodes and participants’ names are replaced, answers of fewer than three "
        f"words or repeats are left out, and answers longer than {MAX_QUOTE_CHARS} characters are "
        "shortened at a word, marked “…”."
    )
