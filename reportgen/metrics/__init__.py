"""Metrics: every figure and every wording rule of the pack, computed from the tidy data only.

``compute_metrics`` returns a plain, JSON-ready dict. Each percentage is a ``share``: numerator,
denominator, the exact percentage and the text the pack prints, so a reader can always see what
a figure is "of". Templates print these values; they never compute.

Every share is checked as it is made: its numerator is part of its denominator (``share_of``
takes the two groups of people and checks one is inside the other; ``share`` at least checks
0 <= numerator <= denominator). A violation is a bug in reportgen, raised as
``FigureInvariantError``, never published.

Two versions are made from the same data: the public one (metrics.json, the pack, charts and
alt text), where small counts are suppressed (``privacy``) and every sentence is written from
what is published; and the private one (metrics.private.json), unsuppressed, for the team.

The package is split by job (each module's docstring says its own): ``shares`` (shares, counts,
invariant checks, wording helpers), ``selection`` (picking people and answers), ``attendance``,
``breakdowns`` (and representation), ``feedback`` (response and agreement rates), ``polls``,
``confidence`` (paired and groups), ``quotes`` (quotes and themes), ``quality`` (data quality),
``evaluation`` (Kirkpatrick levels), ``outcomes`` (several before/after items and the programme's
framework) and ``impact`` (the survey figures together). This module
puts them together in ``compute_metrics`` and re-exports the names other modules use.
"""

from __future__ import annotations

from typing import Any

from ..config import EventConfig
from ..etl import TidyEvent
from ..framework import FrameworkItem
from ..reference import Population
from .attendance import BASIS_TEXT, attendance_figures, attendance_sentence
from .breakdowns import (
    NOT_STATED,
    PLACE_FIELDS,
    PREFER_NOT,
    breakdown_counts,
    compare_with_population,
    config_categories,
    consistency_warnings,
    describe_breakdown,
    representation_sentence,
)
from .confidence import (
    CHANGE_BANDS,
    DESIGN_TEXT,
    before_after,
    change_bands,
    confidence_groups,
    confidence_method,
    confidence_shift,
)
from .evaluation import LEVEL_3_UNKNOWN, LEVELS, evaluation_levels
from .feedback import agreement_rate, feedback_figures
from .follow_up import follow_up_figures
from .impact import impact_metrics
from .outcomes import framework_figures, item_phrase, outcome_items
from .polls import choice_summary
from .quality import data_quality
from .quotes import (
    MAX_QUOTE_CHARS,
    MIN_QUOTE_WORDS,
    NON_ANSWERS,
    consenting_people,
    is_commitment,
    quotes_note,
    select_quotes,
    shorten,
    themed_quotes,
    usable_quotes,
)
from .selection import answers_to, ids_where
from .shares import (
    NOT_RECORDED,
    SHARE_THRESHOLDS,
    FigureInvariantError,
    check_within,
    count_text,
    counted,
    hidden_share,
    join_words,
    published_rate,
    round_half_up,
    share,
    share_of,
    share_phrase,
)

__all__ = [
    "BASIS_TEXT",
    "CHANGE_BANDS",
    "DESIGN_TEXT",
    "LEVELS",
    "LEVEL_3_UNKNOWN",
    "MAX_QUOTE_CHARS",
    "MIN_QUOTE_WORDS",
    "NON_ANSWERS",
    "NOT_RECORDED",
    "NOT_STATED",
    "PLACE_FIELDS",
    "PREFER_NOT",
    "SHARE_THRESHOLDS",
    "FigureInvariantError",
    "agreement_rate",
    "answers_to",
    "attendance_figures",
    "attendance_sentence",
    "before_after",
    "breakdown_counts",
    "change_bands",
    "check_within",
    "choice_summary",
    "compare_with_population",
    "compute_metrics",
    "confidence_groups",
    "confidence_method",
    "confidence_shift",
    "config_categories",
    "consenting_people",
    "consistency_warnings",
    "count_text",
    "counted",
    "data_quality",
    "describe_breakdown",
    "evaluation_levels",
    "feedback_figures",
    "follow_up_figures",
    "framework_figures",
    "hidden_share",
    "ids_where",
    "impact_metrics",
    "is_commitment",
    "item_phrase",
    "join_words",
    "outcome_items",
    "published_rate",
    "quotes_note",
    "representation_sentence",
    "round_half_up",
    "select_quotes",
    "share",
    "share_of",
    "share_phrase",
    "shorten",
    "themed_quotes",
    "usable_quotes",
]


def compute_metrics(
    tidy: TidyEvent,
    config: EventConfig,
    populations: dict[str, Population],
    *,
    private: bool = False,
    framework: list[FrameworkItem] | None = None,
) -> dict[str, Any]:
    """All figures of one event. ``populations`` maps a breakdown field to its reference;
    ``framework`` is the programme's (``programme:`` in event.yaml), if the event has one.

    ``private=True`` gives the unsuppressed figures (metrics.private.json).
    """
    min_count = 1 if private else config.privacy.min_count
    people = tidy.participants
    roles = set(getattr(tidy.quality, "roles", None) or {s.role for s in config.sources})
    registration_known = "registration" in roles
    attendance_known = "attendance" in roles  # (an anonymous respondent's own may still be unknown)
    registered_ids = ids_where(people, "registered") if registration_known else None
    attended_ids = ids_where(people, "attended") if attendance_known else None
    metrics: dict[str, Any] = {
        "event": {
            "title": config.title,
            "subtitle": config.subtitle,
            "date": config.date.isoformat(),
            "date_text": f"{config.date:%A} {config.date.day} {config.date:%B %Y}",
            "series": config.series,
        },
        "privacy": {
            "published": not private,
            "min_count": config.privacy.min_count,
            "rule": (
                f"Counts from 1 to {config.privacy.min_count - 1} are shown as “fewer than "
                f"{config.privacy.min_count}” and their percentages withheld; where that would let "
                "a hidden count be worked out from a total, another count is hidden too (“not shown”)."
            ),
        },
        "attendance": attendance_figures(registered_ids, attended_ids, min_count),
        "breakdowns": {},
    }
    warnings: list[str] = []
    bases = {"registered": registered_ids, "attended": attended_ids}
    for breakdown in config.breakdowns:
        basis = breakdown.basis
        if bases[basis] is None:  # the basis asked for was not recorded: the other, else respondents
            basis = next((b for b in ("attended", "registered") if bases[b] is not None), "responded")
        members = bases.get(basis)
        in_basis = people[people["participant_id"].isin(ids_where(people, "responded") if members is None else members)]
        values = in_basis[breakdown.field]
        result = breakdown_counts(values, config_categories(config, breakdown.field), min_count)
        result.update(
            title=breakdown.title,
            label=breakdown.label or breakdown.field.capitalize(),
            basis=basis,
            basis_text=BASIS_TEXT[basis],
            field=breakdown.field,
            chart=breakdown.chart,
        )
        population = populations.get(breakdown.field)
        if population is not None:
            mapping = breakdown.reference.categories if breakdown.reference else None
            result["reference"] = compare_with_population(values, result, population, mapping, config)
        result["summary"] = describe_breakdown(breakdown.field, result, min_count)
        warnings += consistency_warnings(result)
        metrics["breakdowns"][breakdown.field] = result
    metrics.update(impact_metrics(tidy, config, attended_ids, registered_ids, min_count))
    if config.impact.outcomes or config.programme:
        metrics["outcomes"] = outcome_items(tidy, config, min_count, not private, framework or [])
    if config.programme:
        rates = [metrics[k] for k in ("recommend", "applied_learning") if k in metrics] + metrics["agreements"]
        metrics["framework"] = framework_figures(framework or [], metrics["outcomes"], rates, config)
    if (follow_up := follow_up_figures(tidy, config, min_count)) is not None:
        metrics["follow_up"] = follow_up
    metrics["evaluation"] = evaluation_levels(metrics)
    metrics["data_quality"] = data_quality(tidy, warnings)
    return metrics
