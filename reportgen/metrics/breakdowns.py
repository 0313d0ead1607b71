"""Breakdowns and representation: counts and shares of each category of a field (gender,
ethnicity, borough, ...), the sentence describing them, and the comparison with a reference
population (representation ratios and under/over flags), all from published counts only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..config import EventConfig
from ..etl import NOT_ANSWERED
from ..privacy import SMALL, WITHHELD, hidden_bounds, suppression
from ..reference import Population
from .shares import counted, join_words, round_half_up, share

PREFER_NOT = "Prefer not to say"
NOT_STATED = {NOT_ANSWERED, PREFER_NOT}
PLACE_FIELDS = {"borough"}  # "joined from Bromley" rather than "Bromley colleagues"


def config_categories(config: EventConfig, field: str) -> list[str]:
    """The categories a field can take, in the order of its answer map (first mention wins)."""
    for source in config.sources:
        mapping = source.fields.get(field)  # type: ignore[call-overload]
        if mapping is not None and mapping.answers:
            return list(dict.fromkeys(mapping.answers.values()))
    return []


def breakdown_counts(values: pd.Series, categories: list[str], min_count: int) -> dict[str, Any]:
    """Counts and shares of each category: every mapped category (zeros too, since who was *not*
    in the room matters), then unexpected ones, with "Prefer not to say" and "Not answered" last.
    Small counts are suppressed (see ``privacy``)."""
    counts = values.value_counts()
    total = len(values)
    order = [c for c in categories if c not in NOT_STATED]
    order += sorted(c for c in counts.index if c not in order and c not in NOT_STATED)
    order += [c for c in (PREFER_NOT, NOT_ANSWERED) if c in counts.index]
    raw = [int(counts.get(c, 0)) for c in order]
    reasons = suppression(raw, min_count)
    rows = [
        {"category": c, **counted(n, total, reason, min_count), "stated": c not in NOT_STATED}
        for c, n, reason in zip(order, raw, reasons)
    ]
    return {"total": total, "categories": rows}


def describe_breakdown(field: str, result: dict[str, Any], min_count: int) -> str:
    """One plain sentence about a breakdown, written only from what is published.

    A count hidden as small is "fewer than 5"; one hidden only to protect another is "not
    shown" (it is not small, so "fewer than 5" would be untrue)."""
    if result["total"] == 0:
        return "No one answered this question."
    if all(r["suppressed"] == WITHHELD for r in result["categories"]):
        return f"Not shown: the groups are too small to describe without identifying someone (of {result['total']})."
    rows = [r for r in result["categories"] if r["stated"]]
    shown = sorted((r for r in rows if r["count"]), key=lambda r: (-r["count"], r["category"]))
    hidden = [r["category"] for r in rows if r["suppressed"] == SMALL]
    unshown = [r["category"] for r in rows if r["suppressed"] and r["suppressed"] != SMALL]
    missing = [r["category"] for r in rows if r["count"] == 0]
    not_stated = [r for r in result["categories"] if not r["stated"]]
    if not shown and not hidden and not unshown:
        if any(r["category"] == PREFER_NOT and r["count"] != 0 for r in not_stated):
            return f"No one stated their {field}: everyone counted preferred not to say or did not answer."
        return "No one answered this question."
    reference = {r["category"]: r for r in result.get("reference", {}).get("categories", [])}

    def population(category: str) -> str:
        row = reference.get(category)
        return f" (population: {row['population']['text']})" if row and row["population"] else ""

    few = f"fewer than {min_count}"
    tail = ""
    if not_stated:
        known = [r for r in not_stated if r["count"] is not None]
        if len(known) == len(not_stated):
            tail = f"; {share(sum(r['count'] for r in known), result['total'])['text']} not stated"
        else:
            tail = "; some did not say"
    where = f"from {join_words(unshown)}" if field in PLACE_FIELDS else (
        f"in the {join_words(unshown)} group{'s' if len(unshown) > 1 else ''}" if field == "ethnicity" else f"in {join_words(unshown)}"
    )
    held_back = f"; the number {where} is not shown, to protect a smaller group" if unshown else ""
    if len(unshown) > 1:
        held_back = held_back.replace("the number", "the numbers").replace(" is not shown", " are not shown")
    if field == "gender":
        parts = [f"{r['share']['text']} {r['category'].lower()}" for r in shown]
        parts += [f"{few} {c.lower()}" for c in hidden]
        parts += [f"{c.lower()} not shown" for c in unshown]
        return ", ".join(parts) + tail
    if field == "ethnicity":
        parts = [f"{r['share']['text']} {r['category']}{population(r['category'])}" for r in shown]
        if hidden:
            parts.append(f"{few} people each in the {join_words(hidden)} groups" if len(hidden) > 1 else f"{few} people in the {hidden[0]} group")
        return "; ".join(parts) + held_back + tail
    largest = shown[0] if shown else None
    if field in PLACE_FIELDS:
        lead = "All boroughs were represented" if not missing else f"No one joined from {join_words(missing)}"
        smallest = min(r["count"] for r in shown) if shown else None
        fewest = [r for r in shown if r["count"] == smallest and r is not largest]
        text = lead
        if hidden:
            text += f"; {few} each from {join_words(hidden)}"
        text += held_back
        if fewest and not hidden and not unshown:
            named = [f"{r['category']} ({r['count']})" for r in fewest]
            text += f"; fewest joined from {join_words(named)}"
        if largest:
            text += f", most from {largest['category']} ({largest['count']})"
        return text + "."
    text = f"The largest group was {largest['category']} ({largest['count']} of {result['total']})" if largest else "Every group was small"
    if hidden:
        text += f"; {few} each from {join_words(hidden)}"
    text += held_back
    if missing:
        text += f"; none from {join_words(missing)}"
    return text + "."


def compare_with_population(
    values: pd.Series,
    result: dict[str, Any],
    population: Population,
    mapping: dict[str, str] | None,
    config: EventConfig,
) -> dict[str, Any]:
    """Event shares beside population shares, with representation ratios and flags.

    Event shares are of everyone in the basis (so they match the breakdown's own figures).
    Ratios compare like with like: the event share among people who stated a category, over
    the population share. Categories the population table does not have ("Prefer not to say")
    get no population share.

    Everything here is worked out from the published counts only: when a "not stated" count is
    hidden, the number who stated one is not published (it would give the hidden count away),
    so ratios are of everyone in the basis instead, and the rule says so. A hidden category
    gets no ratio, and a flag only if it holds whatever the hidden count is (from the least to
    the most it can be, ``privacy.hidden_bounds``).
    """
    mapping = mapping or {}
    rows_in = result["categories"]
    min_count = config.privacy.min_count
    bounds = hidden_bounds(
        [r["count"] for r in rows_in], [r["suppressed"] for r in rows_in], result["total"], min_count
    )
    not_stated = [r for r in rows_in if not r["stated"]]
    stated_known = all(r["count"] is not None for r in not_stated)
    base = result["total"] - sum(r["count"] for r in not_stated) if stated_known else result["total"]
    rules = config.representation
    rows = []

    def flag(event_pct: float, population_pct: float) -> str | None:
        ratio = event_pct / population_pct if population_pct else None
        gap = event_pct - population_pct
        if ratio is not None and ratio < rules.ratio_below and gap <= -rules.min_gap_points:
            return "under"
        if ratio is not None and ratio > 1 / rules.ratio_below and gap >= rules.min_gap_points:
            return "over"
        return None

    for row, bound in zip(rows_in, bounds):
        ref_name = mapping.get(row["category"], row["category"])
        ref_count = population.counts.get(ref_name) if row["stated"] else None
        entry: dict[str, Any] = {
            "category": row["category"],
            "event": row["share"],
            "population": share(ref_count, population.total) if ref_count is not None else None,
            "ratio": None,
            "flag": None,
        }
        if ref_count is not None and base:
            population_pct = 100 * ref_count / population.total
            if row["count"] is not None:
                event_pct = 100 * row["count"] / base
                entry["flag"] = flag(event_pct, population_pct)
                if population_pct:
                    entry["ratio"] = round_half_up(event_pct / population_pct, 2)
            elif bound is not None:
                least, most = (flag(100 * n / base, population_pct) for n in bound)
                entry["flag"] = least if least == most else None
        rows.append(entry)
    among = (
        f"among people who stated {_a(result['field'])}" if stated_known
        else f"among everyone counted (the number who did not state {_a(result['field'])} is too small to publish)"
    )
    comparison = {
        "label": population.label,
        "source": population.source,
        "year": population.year,
        "url": population.url,
        "total": population.total,
        "categories": rows,
        "rule": (
            f"under-represented: below {rules.ratio_below:g} of the population share and at least "
            f"{rules.min_gap_points:g} percentage points under it, {among}"
        ),
    }
    comparison["sentence"] = representation_sentence(result["field"], rows, population.label)
    return comparison


def _a(noun: str) -> str:
    """"a gender", "an ethnicity"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def representation_sentence(field: str, rows: list[dict[str, Any]], label: str) -> str:
    under = [r["category"] for r in rows if r["flag"] == "under"]
    over = [r["category"] for r in rows if r["flag"] == "over"]
    if not under and not over:
        return f"No group was under- or over-represented against the {label} by our measure."
    sentences = []
    if field in PLACE_FIELDS:
        for cats, word in ((under, "Fewer"), (over, "More")):
            if cats:
                its = "its" if len(cats) == 1 else "their"
                sentences.append(f"{word} colleagues joined from {join_words(cats)} than {its} share of the {label}.")
    else:
        for cats, word in ((under, "Fewer"), (over, "More")):
            if cats:
                sentences.append(f"{word} {join_words(cats)} colleagues joined than their share of the {label}.")
    return " ".join(sentences)


def consistency_warnings(result: dict[str, Any]) -> list[str]:
    """Checks a reader of the pack would make: counts add to the total, shares to 100%."""
    warnings = []
    counts = [r["count"] for r in result["categories"]]
    if all(c is not None for c in counts):
        if sum(counts) != result["total"]:
            warnings.append(f"{result['label']}: the categories add to {sum(counts)}, not the total of {result['total']}")
        texts = [round_half_up(r["share"]["pct"]) for r in result["categories"] if r["share"]["pct"] is not None]
        if result["total"] and texts and sum(texts) != 100:
            warnings.append(
                f"{result['label']}: the percentages add to {sum(texts):.0f}% after rounding each to a whole number"
            )
    return warnings
