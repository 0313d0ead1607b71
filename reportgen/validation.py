"""The data-quality report: what each export gave, what was set aside and why, who did not match.

``validation_report`` writes the text that ``reportgen validate`` prints and that a build saves as
output/EVENT/validation.txt. It reads only the ``DataQuality`` from etl and, when the data was
good enough to compute them, the metrics; it decides nothing itself. Warnings about exports that
lost many rows come first; then each export; then how people were matched (or that the
responses were anonymous), and the headline counts, "not recorded" where no export records them.
"""

from __future__ import annotations

from typing import Any

from .etl import DataQuality, SourceReport, rows_text

KIND_NAMES = {
    "generic": "",
    "msforms": "Microsoft Forms",
    "googleforms": "Google Forms",
    "surveymonkey": "SurveyMonkey",
    "qualtrics": "Qualtrics",
    "eventbrite": "Eventbrite",
    "zoom_attendees": "Zoom attendee report",
    "zoom_polls": "Zoom poll report",
}
DESIGN_NAMES = {"pre-post": "before and after", "then-test": "then-test: both scores after the event"}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _rows(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:5])) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
    return f"{plural(len(rows), 'row')} ({shown})"


ROLE_NAMES = {"follow_up": "follow-up survey"}  # the others read as they are written


def source_lines(report: SourceReport) -> list[str]:
    kind = KIND_NAMES.get(report.kind, report.kind)
    role = ROLE_NAMES.get(report.role, report.role)
    what = f"{role}, {kind}" if kind else role
    skipped = sum(len(rows) for rows in report.skipped.values())
    lines = [
        f"  {report.file} ({what}): {report.rows_read} rows read, {report.rows_used} used, {skipped} set aside"
    ]
    warned = {p.message for p in report.warnings}
    for reason, rows in report.skipped.items():  # set aside with a warning (a follow-up's unknown people)
        lines.append(f"    - {'Warning: ' if reason in warned else ''}{_rows(rows)}: {reason}")
    for reason, rows in report.combined.items():
        lines.append(f"    - {_rows(rows)} joined to an earlier row: {reason}")
    for reason, rows in report.unmatched.items():
        people = "1 person" if len(rows) == 1 else f"{len(rows)} people"
        lines.append(f"    - not matched: {people} ({rows_text(rows)}) {reason}")
    for problem in report.warnings:
        if problem.message in report.unmatched or problem.message in report.skipped:
            continue  # already listed as not matched or set aside
        lines.append(f"    Warning: {_local(problem)}")
    for problem in report.errors:
        lines.append(f"    ERROR: {_local(problem)}")
    return lines


def _local(problem: Any) -> str:
    """A problem without its file name (it is printed under its file)."""
    return str(problem).removeprefix(problem.file).removeprefix(", ").removeprefix(": ")


def validation_report(
    event: str, title: str, date_text: str, quality: DataQuality, metrics: dict[str, Any] | None
) -> str:
    lines = [f"{event}: {title} ({date_text})", ""]
    losses = list(quality.losses)
    for loss in losses:  # first: a source that lost many rows changes every figure
        lines.append(f"  Warning: {loss}")
    if losses:
        lines.append("")
    for report in quality.sources:
        lines += source_lines(report)
    lines.append("")
    lines.append(f"  {matching_text(quality)}")
    if metrics is not None:
        attendance = metrics["attendance"]
        registered = attendance.get("registered") if "registration" in quality.roles else None
        attended = attendance.get("attended") if "attendance" in quality.roles else None
        lines.append(f"  Registered: {_recorded(registered)}")
        lines.append(f"  Attended: {_recorded(attended)}")
        if attendance.get("unregistered_attendees"):
            lines.append(f"  Attended without registering: {attendance['unregistered_attendees']}")
        responses = metrics["feedback"]["respondents"] if "survey" in quality.roles else None
        lines.append(f"  Feedback responses: {_recorded(responses)}")
        if "confidence" in metrics:
            c = metrics["confidence"]
            if c.get("comparison") == "groups":
                lines.append(
                    f"  Confidence before and after: two groups that could not be matched, {c['n_before']} "
                    f"answered before and {c['n_after']} after ({c['shift_text']})"
                )
            else:
                lines.append(f"  Confidence before and after: {c['n_paired']} people with both scores ({c['shift_text']})")
            design = DESIGN_NAMES.get(c.get("design") or "", "")
            if design:
                lines.append(f"    design: {design}")
        for item in metrics.get("outcomes", []):
            if item["headline"]:
                continue  # the confidence question, above
            shift = f" ({item['shift_text']})" if item["mean_change"] is not None else ""
            lines.append(f"  Before and after ({item['question']}): {item['n_text']}{shift}")
        if "micro_actions" in metrics:
            lines.append(f"  Micro-actions: {metrics['micro_actions']['count']}")
        if "follow_up" in metrics:
            lines.append(f"  Follow-up: {metrics['follow_up']['text']}")
    groups = metrics is not None and metrics.get("confidence", {}).get("comparison") == "groups"
    for qid, counts in quality.unpaired.items():
        if groups and qid == metrics["confidence"].get("question_id", qid):  # anonymous: never paired
            continue
        if counts["pre_only"] or counts["post_only"]:
            lines.append(
                f"  Not paired ({qid}): {counts['pre_only']} answered before but not after, "
                f"{counts['post_only']} after but not before; they are left out of the before-and-after figures"
            )
    warnings = [
        w for w in quality.warnings
        if w not in losses and not any(w.startswith(r.file + ",") for r in quality.sources)
    ]
    lines.append("")
    for warning in warnings:
        lines.append(f"  Warning: {warning}")
    errors, warned = len(quality.errors), len(quality.warnings)
    if errors:
        lines.append(
            f"FAILED: {plural(errors, 'error')}, {plural(warned, 'warning')}. "
            "Fix the errors (marked ERROR above) and run validate again."
        )
    else:
        lines.append(f"OK: no errors, {plural(warned, 'warning')}.")
    return "\n".join(lines) + "\n"


def _recorded(count: object) -> str:
    """A count, or "not recorded" when the event has no export that records it."""
    return "not recorded" if count is None else str(count)


def matching_text(quality: DataQuality) -> str:
    """How people were matched across exports, in a sentence; anonymous exports named."""
    anonymous = [r.file for r in quality.sources if r.anonymous]
    keyed = [k for k in quality.key_type.split("/") if k not in ("none", "response")]
    each = "anonymous: each response is one person, never matched to anyone in another export"
    if not keyed:
        return f"The responses were {each}."
    text = f"People are matched by {_key_text('/'.join(keyed))}"
    if anonymous:
        which = " and ".join(anonymous)
        return f"{text}; {which} {'is' if len(anonymous) == 1 else 'are'} {each}."
    return text + "."


def _key_text(key_type: str) -> str:
    names = {"email": "e-mail address", "code": "participant code", "name": "name (weak)"}
    return " / ".join(names.get(k, k) for k in key_type.split("/"))
