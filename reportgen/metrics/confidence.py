"""Confidence (before/after): a scale question scored before and after the event, as pairs of the
same people (means, medians, mean change with its interval, Wilcoxon, who improved/stayed/
dropped and by how much) or, when the two forms are anonymous, as two groups (Welch, Mann-Whitney).
"""

from __future__ import annotations

import statistics as pystats
from typing import Any

import pandas as pd

from ..config import EventConfig
from ..etl import TidyEvent
from ..privacy import SMALL, WITHHELD, suppression
from ..stats import mann_whitney, mean_change, mean_difference, wilcoxon
from .selection import answers_to
from .shares import count_text, counted, round_half_up, share_phrase

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
CHANGE_BANDS = ("Went down", "Stayed the same", "Up 1 point", "Up 2 points", "Up 3 or more points")


def change_detail(value: float, low: float | None, high: float | None) -> dict[str, Any]:
    """The pieces of a mean change's text, from the unrounded figures (so they agree with its
    ``text``): the change and its interval ends as printed ("+1.7"), and whether it "moved": "up"
    or "down" when the interval excludes 0, else "no clear change" (None without an interval)."""
    moved = None
    if low is not None and high is not None:
        moved = "up" if low > 0 else "down" if high < 0 else "no clear change"
    return {
        "value_text": f"{value:+.1f}",
        "low_text": f"{low:+.1f}" if low is not None else None,
        "high_text": f"{high:+.1f}" if high is not None else None,
        "moved": moved,
    }


def confidence_shift(tidy: TidyEvent, question_id: str, config: EventConfig, min_count: int, detail: bool = False) -> dict[str, Any]:
    """Before/after over the people who gave both scores: means, medians, the mean change with
    its confidence interval, a Wilcoxon signed-rank test, and who improved, stayed or dropped.
    ``detail`` adds ``change_detail`` to the mean change (for the outcomes section)."""
    pre = answers_to(tidy, question_id, "pre").set_index("participant_id")["numeric_value"]
    post = answers_to(tidy, question_id, "post").set_index("participant_id")["numeric_value"]
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
    if detail:
        result["mean_change"].update(change_detail(mean.mean, mean.low, mean.high))
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


def before_after(
    tidy: TidyEvent, question_id: str, config: EventConfig, min_count: int, detail: bool = False
) -> dict[str, Any]:
    """One before/after scale item (the confidence question, or an item of ``impact.outcomes``):
    paired (``confidence_shift``), or two groups (``confidence_groups``) when the before and
    after forms are separate anonymous exports; with the question, its design and how the
    figures were made. ``detail`` as for ``confidence_shift``."""
    design = config.design(question_id)
    if design == "pre-post" and anonymous_phases(config, question_id):
        result = confidence_groups(tidy, question_id, config, detail)
    else:
        result = confidence_shift(tidy, question_id, config, min_count, detail)
    result["question_id"] = question_id
    result["statement"] = config.questions()[question_id].text
    result["design"] = design
    text_key = "groups" if result["comparison"] == "groups" else design or ""
    result["design_text"] = DESIGN_TEXT.get(text_key, "")
    result["method_text"] = confidence_method(result)
    return result


def anonymous_phases(config: EventConfig, question_id: str) -> bool:
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


def confidence_groups(tidy: TidyEvent, question_id: str, config: EventConfig, detail: bool = False) -> dict[str, Any]:
    """Anonymous before and after surveys in separate exports: two groups, not pairs.

    Each group's mean and median, the difference of the means (after minus before) with Welch's
    interval, and the Mann–Whitney test. Nothing about anyone's own change (improved, stayed,
    dropped) is computed: no one's before can be matched to their after."""
    before = [float(v) for v in answers_to(tidy, question_id, "pre")["numeric_value"].dropna()]
    after = [float(v) for v in answers_to(tidy, question_id, "post")["numeric_value"].dropna()]
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
    if detail:
        result["difference"].update(change_detail(difference.difference, difference.low, difference.high))
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
