"""Metrics: every figure and every wording rule of the pack, computed from the tidy data only.

``compute_metrics`` returns a plain, JSON-ready dict. Each percentage is a ``share``: numerator,
denominator, the exact percentage and the text the pack prints, so a reader can always see what
a figure is "of". Templates print these values; they never compute.

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
from .stats import mean_change, wilcoxon

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
}
BASIS_TEXT = {"registered": "people who registered", "attended": "people who attended"}
PLACE_FIELDS = {"borough"}  # "joined from Bromley" rather than "Bromley colleagues"
LEVELS = {1: "Reaction", 2: "Learning", 3: "Behaviour"}
CHANGE_BANDS = ("Went down", "Stayed the same", "Up 1 point", "Up 2 points", "Up 3 or more points")


def round_half_up(value: float, places: int = 0) -> float:
    """Round as people do (2.5 -> 3), not as floats do (banker's rounding)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


def share(numerator: int, denominator: int) -> dict[str, Any]:
    """A percentage with what it is of: {numerator, denominator, pct, text}."""
    if denominator == 0:
        return {"numerator": numerator, "denominator": 0, "pct": None, "text": "n/a"}
    pct = 100 * numerator / denominator
    return {
        "numerator": int(numerator),
        "denominator": int(denominator),
        "pct": round_half_up(pct, 1),
        "text": f"{round_half_up(pct):.0f}%",
    }


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
    attendance_known = bool(people["attended"].notna().all())
    registered = int(people["registered"].sum())
    attended = int(people["attended"].fillna(False).astype(bool).sum()) if attendance_known else None
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
        "attendance": {
            "registered": registered,
            "attended": attended,
            "attendance_rate": share(attended, registered) if attended is not None else None,
            "unregistered_attendees": int((~people["registered"] & people["attended"].fillna(False).astype(bool)).sum()),
        },
        "breakdowns": {},
    }
    warnings: list[str] = []
    for breakdown in config.breakdowns:
        basis = breakdown.basis if attendance_known else "registered"
        in_basis = people[people["registered"]] if basis == "registered" else people[people["attended"].astype(bool)]
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
    audience = attended if attended is not None else registered
    metrics.update(impact_metrics(tidy, config, audience, attendance_known, min_count))
    metrics["evaluation"] = evaluation_levels(metrics)
    metrics["data_quality"] = data_quality(tidy, warnings)
    return metrics


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


def impact_metrics(
    tidy: TidyEvent, config: EventConfig, audience: int, attendance_known: bool, min_count: int
) -> dict[str, Any]:
    impact = config.impact
    questions = config.questions()
    respondents = int(tidy.participants["responded"].sum())
    out: dict[str, Any] = {
        "feedback": {
            "respondents": respondents,
            "response_rate": share(respondents, audience),
            "basis_text": BASIS_TEXT["attended" if attendance_known else "registered"],
        },
    }
    if impact.confidence:
        out["confidence"] = confidence_shift(tidy, impact.confidence, config, min_count)
        out["confidence"]["statement"] = questions[impact.confidence].text
        design = config.design()
        out["confidence"]["design"] = design
        out["confidence"]["design_text"] = DESIGN_TEXT.get(design or "", "")
    if impact.recommend:
        out["recommend"] = agreement_rate(tidy, impact.recommend, questions[impact.recommend.question].text, 1)
    out["agreements"] = [agreement_rate(tidy, a, questions[a.question].text, 1) for a in impact.agreements]
    if impact.applied_learning:
        q = impact.applied_learning.question
        out["applied_learning"] = agreement_rate(tidy, impact.applied_learning, questions[q].text, 3)
    consenting = consenting_people(tidy, impact.quote_consent)
    if impact.micro_actions:
        answers = _answers(tidy, impact.micro_actions)
        committed = answers[answers["value"].map(is_commitment)]
        out["micro_actions"] = {
            "question": questions[impact.micro_actions].text,
            "count": len(committed),
            "of_respondents": respondents,
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
        summary = f"{respondents} people answered. The most common answers were {join_words(top)}." if top else f"{respondents} people answered."
    else:
        lead = ranked[0] if ranked else None
        summary = f"{respondents} people answered the poll."
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
        "n_paired": n,
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
            "text": "p < 0.001" if test.p_value < 0.001 else f"p = {test.p_value:.3f}",
        },
    )
    if improved["count"] is None:
        result["improved_phrase"] = "Not shown"
        result["improved_basis"] = f"{improved['count_text']}: hidden to protect a small group (see About these figures)"
    elif small:
        result["improved_phrase"] = f"{improved['count']} of {n}"
        result["improved_basis"] = f"{n} people with both scores"
    else:
        result["improved_phrase"] = share_phrase(improved["share"]["pct"])
        result["improved_basis"] = f"{improved['count']} of {n} ({improved['share']['text']})"
    if small:
        result["note"] = (
            f"Only {n} people gave a score both before and after: too few to generalise from, so "
            "the pack shows counts rather than percentages."
        )
    result["changes"] = change_bands(change, min_count)
    return result


def change_bands(change: list[float], min_count: int) -> list[dict[str, Any]]:
    """How many people's score moved by how much (for the individual-shift chart)."""
    def band(c: float) -> str:
        if c < 0:
            return CHANGE_BANDS[0]
        if c == 0:
            return CHANGE_BANDS[1]
        return CHANGE_BANDS[min(int(c), 3) + 1]

    labels = [band(c) for c in change]
    raw = [labels.count(b) for b in CHANGE_BANDS]
    reasons = suppression(raw, min_count)
    return [{"band": b, **counted(n, len(change), r, min_count)} for b, n, r in zip(CHANGE_BANDS, raw, reasons)]


def agreement_rate(tidy: TidyEvent, agreement: Agreement, statement: str, level: int) -> dict[str, Any]:
    values = _answers(tidy, agreement.question)["value"]
    agreed = int(values.isin(agreement.positive).sum())
    result = share(agreed, len(values))
    return {"question": agreement.question, "statement": statement, "positive": agreement.positive, "level": level, **result}


def evaluation_levels(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """The pack's figures grouped by Kirkpatrick level (1 reaction, 2 learning, 3 behaviour)."""
    items: dict[int, list[dict[str, str]]] = {1: [], 2: [], 3: []}
    if "recommend" in metrics:
        r = metrics["recommend"]
        items[1].append({"label": "Would recommend an event like this", "value": r["text"], "basis": f"{r['numerator']} of {r['denominator']}"})
    for a in metrics["agreements"]:
        items[1].append({"label": f"Agreed: {a['statement']}", "value": a["text"], "basis": f"{a['numerator']} of {a['denominator']}"})
    if "confidence" in metrics and metrics["confidence"]["n_paired"]:
        c = metrics["confidence"]
        items[2].append({"label": "Average confidence, before → after", "value": c["shift_text"], "basis": f"{c['n_paired']} people with both scores"})
        items[2].append({"label": "Improved their confidence score", "value": c["improved_phrase"], "basis": c["improved_basis"]})
    if "micro_actions" in metrics:
        m = metrics["micro_actions"]
        items[2].append({"label": "Committed to a micro-action", "value": f"{m['count']} people", "basis": f"of {m['of_respondents']} who answered"})
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
