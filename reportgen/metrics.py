"""Metrics: every figure and every wording rule of the pack, computed from the tidy data only.

``compute_metrics`` returns a plain, JSON-ready dict (written as metrics.json). Each percentage
is a ``share``: numerator, denominator, the exact percentage and the text the pack prints, so a
reader can always see what a figure is "of". Templates print these values; they never compute.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from .config import Agreement, EventConfig
from .etl import NOT_ANSWERED, TidyEvent
from .reference import Population

PREFER_NOT = "Prefer not to say"
NOT_STATED = {NOT_ANSWERED, PREFER_NOT}
# Answers to "one practical step I will take" that are not a commitment.
NON_ANSWERS = {"", "-", "--", ".", "n/a", "na", "none", "nothing", "no", "not sure", "tbc", "?"}
MIN_QUOTE_WORDS = 3
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


def join_words(items: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def compute_metrics(
    tidy: TidyEvent, config: EventConfig, populations: dict[str, Population]
) -> dict[str, Any]:
    """All headline figures of one event. ``populations`` maps a breakdown field to its reference."""
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
        "attendance": {
            "registered": registered,
            "attended": attended,
            "attendance_rate": share(attended, registered) if attended is not None else None,
            "unregistered_attendees": int((~people["registered"] & people["attended"].fillna(False).astype(bool)).sum()),
        },
        "breakdowns": {},
    }
    for breakdown in config.breakdowns:
        basis = breakdown.basis if attendance_known else "registered"
        in_basis = people[people["registered"]] if basis == "registered" else people[people["attended"].astype(bool)]
        answers = config_categories(config, breakdown.field)
        result = breakdown_counts(in_basis[breakdown.field], answers)
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
            result["reference"] = compare_with_population(result, population, mapping)
        result["summary"] = describe_breakdown(breakdown.field, result)
        metrics["breakdowns"][breakdown.field] = result
    audience = attended if attended is not None else registered
    metrics.update(impact_metrics(tidy, config, audience, attendance_known))
    metrics["data_quality"] = data_quality(tidy)
    return metrics


def data_quality(tidy: TidyEvent) -> dict[str, Any]:
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
        "warnings": list(tidy.quality.warnings),
    }


def config_categories(config: EventConfig, field: str) -> list[str]:
    """The categories a field can take, in the order of its answer map (first mention wins)."""
    for source in config.sources:
        mapping = source.fields.get(field)  # type: ignore[call-overload]
        if mapping is not None and mapping.answers:
            return list(dict.fromkeys(mapping.answers.values()))
    return []


def breakdown_counts(values: pd.Series, categories: list[str]) -> dict[str, Any]:
    """Counts and shares of each category: every mapped category (zeros too, since who was *not*
    in the room matters), then unexpected ones, with "Prefer not to say" and "Not answered" last."""
    counts = values.value_counts()
    total = len(values)
    order = [c for c in categories if c not in NOT_STATED]
    order += sorted(c for c in counts.index if c not in order and c not in NOT_STATED)
    order += [c for c in (PREFER_NOT, NOT_ANSWERED) if c in counts.index]
    rows = [
        {"category": c, "count": int(counts.get(c, 0)), "share": share(int(counts.get(c, 0)), total), "stated": c not in NOT_STATED}
        for c in order
    ]
    return {"total": total, "categories": rows}


def describe_breakdown(field: str, result: dict[str, Any]) -> str:
    """One plain sentence about a breakdown; the pack prints it as it is."""
    rows = [r for r in result["categories"] if r["stated"]]
    present = sorted((r for r in rows if r["count"] > 0), key=lambda r: (-r["count"], r["category"]))
    if not present:
        return "No one answered this question."
    total = result["total"]
    not_stated = sum(r["count"] for r in result["categories"] if not r["stated"])
    tail = f", {share(not_stated, total)['text']} not stated" if not_stated else ""
    if field == "gender":
        return ", ".join(f"{r['share']['text']} {r['category'].lower()}" for r in present) + tail
    if field == "ethnicity":
        return _describe_ethnicity(present, result, tail)
    missing = [r["category"] for r in rows if r["count"] == 0]
    largest, smallest = present[0], min(r["count"] for r in present)
    fewest = [r["category"] for r in present if r["count"] == smallest and r is not largest]
    if field == "borough":
        lead = "All boroughs were represented" if not missing else f"No one joined from {join_words(missing)}"
        fewest_text = join_words([f"{name} ({smallest})" for name in fewest])
        return f"{lead}; fewest joined from {fewest_text}, most from {largest['category']} ({largest['count']})."
    text = f"The largest group was {largest['category']} ({largest['count']} of {total})"
    if fewest:
        each = " each" if len(fewest) > 1 else ""
        text += f"; fewest from {join_words(fewest)} ({smallest}{each})"
    if missing:
        text += f"; none from {join_words(missing)}"
    return text + "."


def _describe_ethnicity(present: list[dict[str, Any]], result: dict[str, Any], tail: str) -> str:
    """E.g. "72% White (population: 60%); 26% Black, Asian, Mixed or Other ethnic groups (40%)"."""
    top, others = present[0], present[1:]
    reference = {r["category"]: r["population"] for r in result.get("reference", {}).get("categories", [])}

    def population(names: list[str]) -> str:
        shares = [reference.get(n) for n in names]
        if not reference or any(s is None for s in shares):
            return ""
        numerator = sum(s["numerator"] for s in shares)  # type: ignore[index]
        return f" (population: {share(numerator, shares[0]['denominator'])['text']})"  # type: ignore[index]

    text = f"{top['share']['text']} {top['category']}{population([top['category']])}"
    if others:
        names = [r["category"] for r in others]
        count = sum(r["count"] for r in others)
        groups = " or ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
        text += f"; {share(count, result['total'])['text']} {groups} ethnic groups{population(names)}"
    return text + tail.replace(", ", "; ", 1)


def compare_with_population(
    result: dict[str, Any], population: Population, mapping: dict[str, str] | None
) -> dict[str, Any]:
    """Event shares beside population shares, category by category.

    Event shares are of everyone in the basis (so they match the breakdown's own figures);
    categories the population table does not have ("Prefer not to say") get no population share.
    """
    mapping = mapping or {}
    rows = []
    for row in result["categories"]:
        ref_name = mapping.get(row["category"], row["category"])
        ref_count = population.counts.get(ref_name)
        rows.append(
            {
                "category": row["category"],
                "event": row["share"],
                "population": share(ref_count, population.total) if ref_count is not None else None,
            }
        )
    return {
        "label": population.label,
        "source": population.source,
        "year": population.year,
        "url": population.url,
        "total": population.total,
        "categories": rows,
    }


def _answers(tidy: TidyEvent, question_id: str | None, phase: str | None = None) -> pd.DataFrame:
    responses = tidy.responses
    if question_id is None:
        return responses.iloc[0:0]
    chosen = responses[responses["question_id"] == question_id]
    if phase is not None:
        chosen = chosen[chosen["phase"] == phase]
    return chosen


def impact_metrics(
    tidy: TidyEvent, config: EventConfig, audience: int, attendance_known: bool
) -> dict[str, Any]:
    impact = config.impact
    questions = config.questions()
    respondents = int(tidy.participants["responded"].sum())
    out: dict[str, Any] = {
        "feedback": {
            "respondents": int(respondents),
            "response_rate": share(int(respondents), audience),
            "basis_text": BASIS_TEXT["attended" if attendance_known else "registered"],
        },
    }
    if impact.confidence:
        out["confidence"] = confidence_shift(tidy, impact.confidence)
        out["confidence"]["statement"] = questions[impact.confidence].text
        design = config.design()
        out["confidence"]["design"] = design
        out["confidence"]["design_text"] = DESIGN_TEXT.get(design or "", "")
    if impact.recommend:
        out["recommend"] = agreement_rate(tidy, impact.recommend, questions[impact.recommend.question].text)
    out["agreements"] = [agreement_rate(tidy, a, questions[a.question].text) for a in impact.agreements]
    if impact.micro_actions:
        actions = [v for v in _answers(tidy, impact.micro_actions)["value"] if is_commitment(v)]
        out["micro_actions"] = {
            "question": questions[impact.micro_actions].text,
            "count": len(actions),
            "of_respondents": int(respondents),
            "quotes": select_quotes(actions, impact.max_micro_actions),
        }
    for key, qid in (("went_well", impact.went_well), ("improve", impact.improve)):
        if qid:
            values = list(_answers(tidy, qid)["value"])
            out[key] = {"question": questions[qid].text, "answers": len(values), "quotes": select_quotes(values, impact.max_quotes)}
    return out


def confidence_shift(tidy: TidyEvent, question_id: str) -> dict[str, Any]:
    """Before/after means over the people who gave both scores, and who improved."""
    pre = _answers(tidy, question_id, "pre").set_index("participant_id")["numeric_value"]
    post = _answers(tidy, question_id, "post").set_index("participant_id")["numeric_value"]
    paired = pd.concat({"pre": pre, "post": post}, axis=1, join="inner")
    n = len(paired)
    change = paired["post"] - paired["pre"]
    improved, same, dropped = int((change > 0).sum()), int((change == 0).sum()), int((change < 0).sum())
    pre_mean = round_half_up(float(paired["pre"].mean()), 1) if n else None
    post_mean = round_half_up(float(paired["post"].mean()), 1) if n else None
    improved_share = share(improved, n)
    return {
        "n_paired": n,
        "pre_only": len(pre.index.difference(post.index)),
        "post_only": len(post.index.difference(pre.index)),
        "pre_mean": pre_mean,
        "post_mean": post_mean,
        "shift_text": f"{pre_mean:.1f} → {post_mean:.1f}" if n else "n/a",
        "improved": improved_share,
        "improved_pct": improved_share["pct"],
        "improved_phrase": share_phrase(improved_share["pct"]),
        "same": share(same, n),
        "dropped": share(dropped, n),
        "distribution": {
            phase: {str(int(k)): int(v) for k, v in paired[phase].value_counts().sort_index().items()}
            for phase in ("pre", "post")
        },
    }


def agreement_rate(tidy: TidyEvent, agreement: Agreement, statement: str) -> dict[str, Any]:
    values = _answers(tidy, agreement.question)["value"]
    agreed = int(values.isin(agreement.positive).sum())
    result = share(agreed, len(values))
    return {"question": agreement.question, "statement": statement, "positive": agreement.positive, **result}


def is_commitment(text: str) -> bool:
    """A micro-action counts when it says something: not blank, "n/a", "-" or "none"."""
    return text.strip().strip(".!").casefold() not in NON_ANSWERS


def select_quotes(values: list[str], limit: int) -> list[str]:
    """Quotes to print: in the order given, without repeats or one- and two-word answers."""
    chosen: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = " ".join(value.split())
        folded = text.casefold().rstrip(".!")
        if len(text.split()) < MIN_QUOTE_WORDS or folded in seen or not is_commitment(text):
            continue
        seen.add(folded)
        chosen.append(text)
        if len(chosen) == limit:
            break
    return chosen
