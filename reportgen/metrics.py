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
"""

from __future__ import annotations

import statistics as pystats
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from .config import Agreement, EventConfig, Theme
from .etl import NOT_ANSWERED, TidyEvent
from .privacy import SMALL, WITHHELD, hidden_bounds, hidden_text, redactor, suppression
from .reference import Population
from .stats import mann_whitney, mean_change, mean_difference, wilcoxon

PREFER_NOT = "Prefer not to say"
NOT_STATED = {NOT_ANSWERED, PREFER_NOT}
# Answers to "one practical step I will take" that are not a commitment.
NON_ANSWERS = {"", "-", "--", ".", "n/a", "na", "none", "nothing", "no", "not sure", "tbc", "?"}
MIN_QUOTE_WORDS = 3
MAX_QUOTE_CHARS = 300  # longer answers are cut at a word, with an ellipsis
SHARE_THRESHOLDS = (90, 75, 50, 25)
DESIGN_TEXT = {
    "pre-post": "Each person scored themselves before the event and again afterwards, in two "
    "separate forms (a before-and-after design).",
    "then-test": "Each person gave both scores after the event, in the feedback survey: how "
    "confident they feel now and, looking back, how confident they were before the event (a "
    "retrospective “then-test” design, which avoids people rating themselves differently once "
    "they know more).",
    "groups": "People scored themselves in one anonymous form before the event and in another "
    "afterwards, so the answers before cannot be matched to the answers after: the pack compares "
    "the two groups, not each person's change.",
}
BASIS_TEXT = {
    "registered": "people who registered",
    "attended": "people who attended",
    "responded": "people who answered the survey",
}
NOT_RECORDED = "not recorded"
PLACE_FIELDS = {"borough"}  # "joined from Bromley" rather than "Bromley colleagues"
LEVELS = {1: "Reaction", 2: "Learning", 3: "Behaviour"}
CHANGE_BANDS = ("Went down", "Stayed the same", "Up 1 point", "Up 2 points", "Up 3 or more points")


def round_half_up(value: float, places: int = 0) -> float:
    """Round as people do (2.5 -> 3), not as floats do (banker's rounding)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


class FigureInvariantError(AssertionError):
    """A share whose numerator is not part of its denominator: a bug in reportgen, not a problem
    with the event's data (so not a ``ReportgenError``), and never published."""


def share(numerator: int, denominator: int) -> dict[str, Any]:
    """A percentage with what it is of: {numerator, denominator, pct, text}.

    Raises ``FigureInvariantError`` unless 0 <= numerator <= denominator."""
    if not 0 <= numerator <= denominator:
        raise FigureInvariantError(f"a share of {numerator} out of {denominator}: the numerator must be part of the denominator")
    if denominator == 0:
        return {"numerator": numerator, "denominator": 0, "pct": None, "text": "n/a"}
    pct = 100 * numerator / denominator
    return {
        "numerator": int(numerator),
        "denominator": int(denominator),
        "pct": round_half_up(pct, 1),
        "text": f"{round_half_up(pct):.0f}%",
    }


def check_within(members: set[Any] | frozenset[Any], population: set[Any] | frozenset[Any], what: str) -> None:
    """Raise ``FigureInvariantError`` unless every one of ``members`` is in ``population``."""
    outside = set(members) - set(population)
    if outside:
        raise FigureInvariantError(f"{what}: {len(outside)} counted in the numerator are not in the denominator")


def share_of(members: set[Any] | frozenset[Any], population: set[Any] | frozenset[Any], what: str = "a share") -> dict[str, Any]:
    """The share of ``population`` (a set of participant ids) that ``members`` are; checks that
    members ⊆ population, so the figure can never exceed 100%."""
    check_within(members, population, what)
    return share(len(members), len(population))


def count_text(count: int | str, singular: str = "person", plural: str = "people") -> str:
    """A count with its noun, agreeing in number: "1 person", "2 people", "0 people"; a count
    given as text ("fewer than 5") takes the plural."""
    return f"{count} {singular if count == 1 else plural}"


def hidden_share(denominator: int, reason: str, min_count: int) -> dict[str, Any]:
    """A share whose count is suppressed: neither the count nor the percentage is published."""
    return {
        "numerator": None,
        "denominator": int(denominator),
        "pct": None,
        "text": hidden_text(reason, min_count),
        "suppressed": reason,
    }


def counted(count: int, total: int, reason: str | None, min_count: int) -> dict[str, Any]:
    """A count and its share of ``total``, or their suppressed stand-ins."""
    if reason:
        return {"count": None, "count_text": hidden_text(reason, min_count), "share": hidden_share(total, reason, min_count), "suppressed": reason}
    return {"count": int(count), "count_text": str(int(count)), "share": share(count, total), "suppressed": None}


def share_phrase(pct: float | None) -> str:
    """A comms-style lead-in for a share: 80 -> "Over 75%", 75 -> "75%", 40 -> "40%"."""
    if pct is None:
        return "n/a"
    for threshold in SHARE_THRESHOLDS:
        if round_half_up(pct) == threshold:
            break
        if pct > threshold:
            return f"Over {threshold}%"
    return f"{round_half_up(pct):.0f}%"


def join_words(items: list[str], last: str = "and") -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def compute_metrics(
    tidy: TidyEvent, config: EventConfig, populations: dict[str, Population], *, private: bool = False
) -> dict[str, Any]:
    """All figures of one event. ``populations`` maps a breakdown field to its reference.

    ``private=True`` gives the unsuppressed figures (metrics.private.json).
    """
    min_count = 1 if private else config.privacy.min_count
    people = tidy.participants
    roles = set(getattr(tidy.quality, "roles", None) or {s.role for s in config.sources})
    registration_known = "registration" in roles
    attendance_known = "attendance" in roles  # (an anonymous respondent's own may still be unknown)
    registered_ids = _ids(people, "registered") if registration_known else None
    attended_ids = _ids(people, "attended") if attendance_known else None
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
        in_basis = people[people["participant_id"].isin(_ids(people, "responded") if members is None else members)]
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
    metrics["evaluation"] = evaluation_levels(metrics)
    metrics["data_quality"] = data_quality(tidy, warnings)
    return metrics


def _ids(people: pd.DataFrame, column: str) -> set[str]:
    """The participant ids whose ``column`` is true (unknown, pd.NA, counts as not)."""
    if column not in people:
        return set()
    flags = people[column].astype("boolean").fillna(False).astype(bool)
    return set(people.loc[flags, "participant_id"])


def attendance_figures(
    registered: set[str] | None, attended: set[str] | None, min_count: int
) -> dict[str, Any]:
    """Who registered, who attended, and how the two overlap, each None ("not recorded") when
    the event has no export for it.

    ``attendance_rate`` is of the people who registered, how many attended (its numerator is
    part of its denominator); people who attended without registering are a count of their
    own, never added to that share. The two parts of the attendees are suppressed as a group.
    """
    result: dict[str, Any] = {
        "registered": len(registered) if registered is not None else None,
        "registered_text": count_text(len(registered)) if registered is not None else NOT_RECORDED,
        "attended": len(attended) if attended is not None else None,
        "attended_text": count_text(len(attended)) if attended is not None else NOT_RECORDED,
        "registered_attended": None,
        "registered_attended_text": NOT_RECORDED,
        "attendance_rate": None,
        "unregistered_attendees": None,
        "unregistered_attendees_text": NOT_RECORDED,
    }
    if registered is not None and attended is not None:
        came = registered & attended
        walk_ins = attended - registered
        check_within(came, registered, "attendance rate")
        check_within(walk_ins, attended, "attended without registering")
        reasons = suppression([len(came), len(walk_ins)], min_count)
        if _pinned_by_registrations(reasons, len(came), len(walk_ins), len(registered), min_count):
            reasons = [WITHHELD, WITHHELD]
        came_figure = counted(len(came), len(registered), reasons[0], min_count)
        walk_in_figure = counted(len(walk_ins), len(attended), reasons[1], min_count)
        result.update(
            registered_attended=came_figure["count"],
            registered_attended_text=came_figure["count_text"],
            attendance_rate=came_figure["share"],
            unregistered_attendees=walk_in_figure["count"],
            unregistered_attendees_text=walk_in_figure["count_text"],
        )
    result.update(attendance_sentence(result))
    return result


def _pinned_by_registrations(
    reasons: list[str | None], came: int, walk_ins: int, registered: int, min_count: int
) -> bool:
    """Whether a reader could still work out the hidden part of the attendees: the two parts add
    up to the attendees (published) and the registered who came can be no more than the people
    who registered (published too), which suppression of the pair alone does not know."""
    if not any(reasons):
        return False
    attended = came + walk_ins
    shown = [None if r else n for n, r in zip((came, walk_ins), reasons)]
    bounds = hidden_bounds(shown, reasons, attended, min_count)
    came_range = bounds[0] or (came, came)
    walk_range = bounds[1] or (walk_ins, walk_ins)
    possible = [
        c for c in range(came_range[0], min(came_range[1], registered) + 1)
        if walk_range[0] <= attended - c <= walk_range[1]
    ]
    return len(possible) <= 1


def attendance_sentence(a: dict[str, Any]) -> dict[str, str]:
    """The pack's opening sentence about who came, in three parts: ``lead``, ``figure`` (printed
    in bold) and ``rest``; and ``who_came``, the line of "About these figures"."""
    registered, attended = a["registered"], a["attended"]
    if attended is None and registered is None:
        text = "Registration and attendance were not recorded for this event."
        return {"lead": text, "figure": "", "rest": "", "who_came": text}
    if attended is None:
        return {
            "lead": "",
            "figure": count_text(registered),
            "rest": " registered; attendance was not recorded.",
            "who_came": f"{count_text(registered)} registered; attendance was not recorded.",
        }
    if registered is None:
        return {
            "lead": "We had ",
            "figure": count_text(attended),
            "rest": " join us; registration was not recorded.",
            "who_came": f"{count_text(attended)} attended, according to the attendance list; registration was not recorded.",
        }
    rate = a["attendance_rate"]
    came = a["registered_attended_text"] if a["registered_attended"] is None else str(a["registered_attended"])
    rate_text = f" ({rate['text']})" if rate["pct"] is not None else ""
    if a["registered_attended"] == 0:
        came, rate_text = "none", ""
    who_came = (
        f"{count_text(registered)} registered and {attended} attended, according to the attendance list; "
        f"{came} of the {registered} who registered came"
    )
    if a["unregistered_attendees"] == 0:
        rest = f" join us, of the {registered} who registered{rate_text}."
        return {"lead": "We had ", "figure": count_text(attended), "rest": rest, "who_came": who_came + "."}
    walk_ins = a["unregistered_attendees_text"]
    walk_in_verb = "person" if a["unregistered_attendees"] == 1 else "people"
    rest = (
        f" join us. Of the {registered} who registered, {came} came{rate_text}; "
        f"{walk_ins} {walk_in_verb} came without registering."
    )
    who_came += f", and {walk_ins} {walk_in_verb} came without registering."
    return {"lead": "We had ", "figure": count_text(attended), "rest": rest, "who_came": who_came}


def data_quality(tidy: TidyEvent, warnings: list[str] | None = None) -> dict[str, Any]:
    """Per source: rows read, used and set aside (with reasons and rows), people combined or not
    matched, and warnings; as metrics.json and the validation report show them."""
    return {
        "key_type": tidy.quality.key_type,
        "sources": [
            {
                "file": r.file,
                "role": r.role,
                "kind": r.kind,
                "rows_read": r.rows_read,
                "rows_used": r.rows_used,
                "people": r.people,
                "rows_skipped": sum(len(rows) for rows in r.skipped.values()),
                "skipped": [{"reason": k, "rows": v} for k, v in r.skipped.items()],
                "combined": [{"reason": k, "rows": v} for k, v in r.combined.items()],
                "unmatched": [{"reason": k, "rows": v} for k, v in r.unmatched.items()],
                "warnings": [str(p) for p in r.warnings],
            }
            for r in tidy.quality.sources
        ],
        "warnings": list(tidy.quality.warnings) + list(warnings or []),
    }


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


def _answers(tidy: TidyEvent, question_id: str | None, phase: str | None = None) -> pd.DataFrame:
    responses = tidy.responses
    if question_id is None:
        return responses.iloc[0:0]
    chosen = responses[responses["question_id"] == question_id]
    if phase is not None:
        chosen = chosen[chosen["phase"] == phase]
    return chosen


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
    respondents = _ids(tidy.participants, "responded")
    before_only = {s.file for s in surveys if _before_only(s)}
    if before_only:  # the form filled in before the event is not the feedback survey
        files = tidy.responses.groupby("participant_id")["source"].agg(set)
        respondents = {p for p in respondents if not (p in files and files[p] <= before_only)}
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
        design = config.design()
        if design == "pre-post" and _anonymous_phases(config, impact.confidence):
            out["confidence"] = confidence_groups(tidy, impact.confidence, config)
        else:
            out["confidence"] = confidence_shift(tidy, impact.confidence, config, min_count)
        out["confidence"]["question_id"] = impact.confidence
        out["confidence"]["statement"] = questions[impact.confidence].text
        out["confidence"]["design"] = design
        text_key = "groups" if out["confidence"]["comparison"] == "groups" else design or ""
        out["confidence"]["design_text"] = DESIGN_TEXT.get(text_key, "")
        out["confidence"]["method_text"] = confidence_method(out["confidence"])
    if impact.recommend:
        out["recommend"] = agreement_rate(tidy, impact.recommend, questions[impact.recommend.question].text, 1)
    out["agreements"] = [agreement_rate(tidy, a, questions[a.question].text, 1) for a in impact.agreements]
    if impact.applied_learning:
        q = impact.applied_learning.question
        out["applied_learning"] = agreement_rate(tidy, impact.applied_learning, questions[q].text, 3)
    consenting = consenting_people(tidy, impact.quote_consent)
    if impact.micro_actions:
        answers = _answers(tidy, impact.micro_actions)
        committed = answers[answers["value"].map(is_commitment).astype(bool)]  # bool even with no answer
        answered_source = set(tidy.responses.loc[tidy.responses["source"].isin(set(answers["source"])), "participant_id"])
        asked = answered_source or _ids(tidy.participants, "responded")
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
            answers = _answers(tidy, qid)
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
            "themes": themed_quotes(_answers(tidy, source.question), consenting, tidy.names, config, min_count, source.themes),
        }
    if config.closing_reflections:
        qid = config.closing_reflections.question
        out["closing_reflections"] = {
            "question": questions[qid].text,
            "quotes": select_quotes(_answers(tidy, qid), consenting, tidy.names, impact.max_micro_actions),
        }
    return out


def choice_summary(tidy: TidyEvent, config: EventConfig, question_id: str, min_count: int) -> dict[str, Any]:
    """A poll or registration question: how many answered, and how many chose each option.

    For a single-choice question the options add up to the respondents, so suppression works on
    the group; for tick-all-that-apply each option is suppressed on its own (there is no total
    for a hidden count to be worked out from). Shares are of the people who answered."""
    question = config.questions()[question_id]
    answers = _answers(tidy, question_id)
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
        if lead is not None:
            summary += f" {share_phrase(lead['share']['pct'])} ({lead['count']} of {respondents}) answered “{lead['option']}”."
    return {
        "question_id": question_id,
        "question": question.text,
        "type": question.type,
        "respondents": respondents,
        "options": rows,
        "summary": summary,
    }


def confidence_shift(tidy: TidyEvent, question_id: str, config: EventConfig, min_count: int) -> dict[str, Any]:
    """Before/after over the people who gave both scores: means, medians, the mean change with
    its confidence interval, a Wilcoxon signed-rank test, and who improved, stayed or dropped."""
    pre = _answers(tidy, question_id, "pre").set_index("participant_id")["numeric_value"]
    post = _answers(tidy, question_id, "post").set_index("participant_id")["numeric_value"]
    paired = pd.concat({"pre": pre, "post": post}, axis=1, join="inner")
    n = len(paired)
    small = n < config.statistics.small_sample
    change = (paired["post"] - paired["pre"]).tolist()
    groups = [sum(c > 0 for c in change), sum(c == 0 for c in change), sum(c < 0 for c in change)]
    reasons = suppression(groups, min_count)
    improved, same, dropped = (counted(c, n, r, min_count) for c, r in zip(groups, reasons))
    result: dict[str, Any] = {
        "comparison": "paired",
        "n_paired": n,
        "n_paired_text": count_text(n),
        "pre_only": len(pre.index.difference(post.index)),
        "post_only": len(post.index.difference(pre.index)),
        "small_sample": small,
        "small_sample_limit": config.statistics.small_sample,
        "level": 2,
        "improved": improved["share"],
        "improved_count_text": improved["count_text"],
        "same": same["share"],
        "same_count_text": same["count_text"],
        "dropped": dropped["share"],
        "dropped_count_text": dropped["count_text"],
    }
    result["improved_pct"] = improved["share"]["pct"]
    if not n:
        result.update(pre_mean=None, post_mean=None, shift_text="n/a", improved_phrase="n/a")
        return result
    pre_mean = round_half_up(float(paired["pre"].mean()), 1)
    post_mean = round_half_up(float(paired["post"].mean()), 1)
    mean = mean_change(change, config.statistics.confidence_level)
    test = wilcoxon(change)
    level = f"{config.statistics.confidence_level * 100:g}%"
    interval = (
        f" ({level} confidence interval {mean.low:+.1f} to {mean.high:+.1f})" if mean.low is not None else ""
    )
    result.update(
        pre_mean=pre_mean,
        post_mean=post_mean,
        shift_text=f"{pre_mean:.1f} → {post_mean:.1f}",
        pre_median=pystats.median(paired["pre"]),
        post_median=pystats.median(paired["post"]),
        mean_change={
            "value": round_half_up(mean.mean, 2),
            "low": round_half_up(mean.low, 2) if mean.low is not None else None,
            "high": round_half_up(mean.high, 2) if mean.high is not None else None,
            "level": config.statistics.confidence_level,
            "text": f"{mean.mean:+.1f} points{interval}",
        },
        wilcoxon={
            "p_value": test.p_value,
            "n_nonzero": test.n_nonzero,
            "method": test.method,
            "text": _p_text(test.p_value),
        },
    )
    if improved["count"] is None:
        result["improved_phrase"] = "Not shown"
        result["improved_basis"] = f"{improved['count_text']}: hidden to protect a small group (see About these figures)"
    elif small:
        result["improved_phrase"] = f"{improved['count']} of {n}"
        result["improved_basis"] = f"{count_text(n)} with both scores"
    else:
        result["improved_phrase"] = share_phrase(improved["share"]["pct"])
        result["improved_basis"] = f"{improved['count']} of {n} ({improved['share']['text']})"
    if small:
        result["note"] = (
            f"Only {count_text(n)} gave a score both before and after: too few to generalise from, so "
            "the pack shows counts rather than percentages."
        )
    result["changes"] = change_bands(change, min_count, reasons)
    return result


def _anonymous_phases(config: EventConfig, question_id: str) -> bool:
    """True when the before or the after score of ``question_id`` comes from an anonymous export,
    so the two cannot be paired across files."""
    return any(
        source.anonymous
        for source in config.sources
        for question in source.questions
        if question.id == question_id and question.phase in ("pre", "post")
    )


def _p_text(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def confidence_groups(tidy: TidyEvent, question_id: str, config: EventConfig) -> dict[str, Any]:
    """Anonymous before and after surveys in separate exports: two groups, not pairs.

    Each group's mean and median, the difference of the means (after minus before) with Welch's
    interval, and the Mann–Whitney test. Nothing about anyone's own change (improved, stayed,
    dropped) is computed: no one's before can be matched to their after."""
    before = [float(v) for v in _answers(tidy, question_id, "pre")["numeric_value"].dropna()]
    after = [float(v) for v in _answers(tidy, question_id, "post")["numeric_value"].dropna()]
    n_before, n_after = len(before), len(after)
    limit = config.statistics.small_sample
    result: dict[str, Any] = {
        "comparison": "groups",
        "n_paired": 0,
        "n_before": n_before,
        "n_after": n_after,
        "n_before_text": count_text(n_before),
        "n_after_text": count_text(n_after),
        "small_sample": min(n_before, n_after) < limit,
        "small_sample_limit": limit,
        "level": 2,
        "unmatched_text": (
            f"The {count_text(n_before)} who answered before and the {n_after} who answered after "
            "could not be matched, so this compares the two groups, not each person's change."
        ),
        "basis": f"{n_before} answered before, {n_after} after",
    }
    if not before or not after:
        result.update(pre_mean=None, post_mean=None, shift_text="n/a", difference=None, mann_whitney=None)
        return result
    level_value = config.statistics.confidence_level
    difference = mean_difference(before, after, level_value)
    test = mann_whitney(before, after)
    pre_mean = round_half_up(pystats.fmean(before), 1)
    post_mean = round_half_up(pystats.fmean(after), 1)
    level = f"{level_value * 100:g}%"
    interval = (
        f" ({level} confidence interval {difference.low:+.1f} to {difference.high:+.1f})"
        if difference.low is not None and difference.high is not None
        else ""
    )
    result.update(
        pre_mean=pre_mean,
        post_mean=post_mean,
        shift_text=f"{pre_mean:.1f} → {post_mean:.1f}",
        pre_median=pystats.median(before),
        post_median=pystats.median(after),
        difference={
            "value": round_half_up(difference.difference, 2),
            "low": round_half_up(difference.low, 2) if difference.low is not None else None,
            "high": round_half_up(difference.high, 2) if difference.high is not None else None,
            "level": level_value,
            "text": f"{difference.difference:+.1f} points{interval}",
        },
        mann_whitney={
            "u": test.u,
            "p_value": test.p_value,
            "method": test.method,
            "text": _p_text(test.p_value),
        },
    )
    if result["small_sample"]:
        result["note"] = (
            f"Only {n_before} answered before and {n_after} after: too few to generalise from."
        )
    return result


def confidence_method(c: dict[str, Any]) -> str:
    """How the confidence figures were made, for "About these figures"."""
    if c["comparison"] == "groups":
        return (
            f"The before and after forms were anonymous, so no one's score before could be matched "
            f"to their score after. The averages and middle scores describe the {c['n_before_text']} "
            f"who answered before and the {c['n_after_text']} who answered after. The confidence "
            "interval of the difference between the two averages uses Welch's t distribution; the "
            "Mann–Whitney test (exact when no scores are tied and the groups are small) asks how likely "
            "a difference this large would be by chance."
        )
    return (
        f"Averages are of the {c['n_paired_text']} who gave both scores, so both describe the same "
        f"people; {c['pre_only']} gave only a score before and {c['post_only']} only a score after, and "
        "are not included. The confidence interval of the average change uses Student’s t "
        "distribution; the Wilcoxon signed-rank test (exact, people whose score did not change left "
        "out) asks how likely a change this large would be by chance. Below "
        f"{c['small_sample_limit']} people with both scores the pack shows counts only. " + c["design_text"]
    )


def change_bands(change: list[float], min_count: int, outcome_reasons: list[str | None]) -> list[dict[str, Any]]:
    """How many people's score moved by how much (for the individual-shift chart).

    The bands refine the improved / stayed / dropped counts, so they are suppressed with them, not
    on their own (else one would give the other away): "went down" and "stayed the same" are
    those counts and hidden when they are; the "up" bands split the improved count, hidden
    together when it is hidden, else suppressed as a group adding up to it. A count hidden to
    protect another is "not shown" with no bound implied (the bound of a secondary count holds
    in the group it was chosen in, not across the bands)."""
    def band(c: float) -> str:
        if c < 0:
            return CHANGE_BANDS[0]
        if c == 0:
            return CHANGE_BANDS[1]
        return CHANGE_BANDS[min(int(c), 3) + 1]

    labels = [band(c) for c in change]
    raw = [labels.count(b) for b in CHANGE_BANDS]
    improved_reason, same_reason, dropped_reason = outcome_reasons
    if improved_reason:
        up_reasons: list[str | None] = [WITHHELD] * 3
    else:
        up_reasons = suppression(raw[2:], min_count)
    reasons = [dropped_reason, same_reason, *up_reasons]
    reasons = [WITHHELD if r and r != SMALL else r for r in reasons]
    return [{"band": b, **counted(n, len(change), r, min_count)} for b, n, r in zip(CHANGE_BANDS, raw, reasons)]


def agreement_rate(tidy: TidyEvent, agreement: Agreement, statement: str, level: int) -> dict[str, Any]:
    answers = _answers(tidy, agreement.question)
    answered = set(answers["participant_id"])
    agreed = set(answers.loc[answers["value"].isin(agreement.positive), "participant_id"])
    result = share_of(agreed, answered, f"agreement with {agreement.question}")
    return {"question": agreement.question, "statement": statement, "positive": agreement.positive, "level": level, **result}


def evaluation_levels(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """The pack's figures grouped by Kirkpatrick level (1 reaction, 2 learning, 3 behaviour)."""
    items: dict[int, list[dict[str, str]]] = {1: [], 2: [], 3: []}
    if "recommend" in metrics:
        r = metrics["recommend"]
        items[1].append({"label": "Would recommend an event like this", "value": r["text"], "basis": f"{r['numerator']} of {r['denominator']}"})
    for a in metrics["agreements"]:
        items[1].append({"label": f"Agreed: {a['statement']}", "value": a["text"], "basis": f"{a['numerator']} of {a['denominator']}"})
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
    if "micro_actions" in metrics:
        m = metrics["micro_actions"]
        items[2].append({"label": "Committed to a micro-action", "value": m["count_text"], "basis": f"of {m['of_respondents']} who answered"})
    if "applied_learning" in metrics:
        a = metrics["applied_learning"]
        items[3].append({"label": a["statement"], "value": a["text"], "basis": f"{a['numerator']} of {a['denominator']}"})
    return [
        {"level": level, "name": LEVELS[level], "items": found, "measured": bool(found)}
        for level, found in items.items()
    ]


def is_commitment(text: str) -> bool:
    """A micro-action counts when it says something: not blank, "n/a", "-" or "none"."""
    return text.strip().strip(".!").casefold() not in NON_ANSWERS


def consenting_people(tidy: TidyEvent, consent: Agreement | None) -> set[str] | None:
    """Who agreed to be quoted, or None when the survey did not ask (everyone may be quoted)."""
    if consent is None:
        return None
    answers = _answers(tidy, consent.question)
    return set(answers[answers["value"].isin(consent.positive)]["participant_id"])


def usable_quotes(
    answers: pd.DataFrame, consenting: set[str] | None, names: frozenset[str], limit: int | None = None
) -> list[str]:
    """Answers fit to print, in file order: consented, redacted, at least three words, no
    repeats, long ones shortened (``shorten``); the first ``limit`` of them.

    Answers are taken one by one and redacted only once chosen, so a build redacts at most the
    answers it looks at, not every answer; an answer that redaction leaves unusable (too short,
    or now a repeat) is passed over for the next one."""
    chosen: list[str] = []
    seen: set[str] = set()
    clean = redactor(names if isinstance(names, frozenset) else frozenset(names))
    for participant, value in zip(answers["participant_id"], answers["value"]):
        if limit is not None and len(chosen) >= limit:
            break
        if consenting is not None and participant not in consenting:
            continue
        text = clean(" ".join(str(value).split()))
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
