"""Framing text: the sentences that say where the pack's figures come from.

The cover's headline figures, the opening line of "Who was in the room?", the "About these
figures" notes and the colophon are written here, from the sources the event really has
(registration, attendance, survey, follow_up, poll: the ``role`` of each source in the metrics'
data-quality report) and the counts the metrics published. A count that is unknown, or 0
because its source is missing, is never printed as "0 people": the sentence says what was not
recorded instead. Every count says what it is of. Templates print these strings as they are.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .metrics import join_words

# What each source role is called in a sentence, in the order the pack names them.
SOURCE_NAMES = {
    "registration": "registration",
    "attendance": "attendance",
    "survey": "feedback survey",
    "follow_up": "follow-up survey",
    "poll": "live poll",
}


def source_roles(metrics: dict[str, Any]) -> list[str]:
    """The roles of the event's sources, in the usual order, each once."""
    found = {s.get("role") for s in metrics.get("data_quality", {}).get("sources", [])}
    return [role for role in SOURCE_NAMES if role in found]


def known_count(value: Any) -> int | None:
    """A head count worth printing: a positive whole number, else None (unknown)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value


def people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _counts(metrics: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    """(registered, attended, survey respondents), each None when not recorded."""
    roles = source_roles(metrics)
    attendance = metrics.get("attendance") or {}
    feedback = metrics.get("feedback") or {}
    registered = known_count(attendance.get("registered")) if "registration" in roles else None
    attended = known_count(attendance.get("attended"))
    respondents = known_count(feedback.get("respondents")) if "survey" in roles else None
    return registered, attended, respondents


def not_recorded(roles: list[str]) -> list[str]:
    """The usual sources this event does not have, by name."""
    return [SOURCE_NAMES[r] for r in ("registration", "attendance", "survey") if r not in roles]


def _both_recorded(metrics: dict[str, Any]) -> dict[str, Any] | None:
    """The attendance block when registration and attendance were both recorded and metrics
    wrote the sentence (who of the registered came, who came without registering, with small
    counts suppressed as a pair); else None."""
    attendance = metrics.get("attendance") or {}
    roles = source_roles(metrics)
    if {"registration", "attendance"} <= set(roles) and "lead" in attendance and attendance.get("attended") is not None:
        return attendance
    return None


def who_came(metrics: dict[str, Any]) -> str:
    """About these figures, "Who came": registrations and attendance, as far as recorded."""
    if (attendance := _both_recorded(metrics)) is not None:
        return str(attendance["who_came"])
    registered, attended, respondents = _counts(metrics)
    unregistered = (metrics.get("attendance") or {}).get("unregistered_attendees") or 0
    if registered and attended:
        if unregistered:
            return (f"{people(registered)} registered and {attended} attended, according to the "
                    "attendance list; some who attended had not registered.")
        return f"{people(registered)} registered and {attended} attended, according to the attendance list."
    if registered:
        return f"{people(registered)} registered. Attendance was not recorded."
    if attended:
        return f"{people(attended)} attended, according to the attendance list. Registration was not recorded."
    if respondents:
        return (f"Registration and attendance were not recorded; {people(respondents)} "
                "answered the feedback survey.")
    return "Registration and attendance were not recorded."


def room_lead(metrics: dict[str, Any]) -> Markup:
    """The opening line of "Who was in the room?" (safe HTML: the head count in bold)."""
    if (attendance := _both_recorded(metrics)) is not None:
        return Markup("{}<strong>{}</strong>{}").format(attendance["lead"], attendance["figure"], attendance["rest"])
    registered, attended, respondents = _counts(metrics)
    attendance = metrics.get("attendance") or {}
    rate = attendance.get("attendance_rate") or {}
    if registered and attended:
        if attendance.get("unregistered_attendees"):
            return Markup("We had <strong>{}</strong> join us; {} registered, and some who joined had not registered.").format(
                people(attended), registered)
        return Markup("We had <strong>{}</strong> join us, of the {} who registered ({}).").format(
            people(attended), registered, rate.get("text", ""))
    if attended:
        return Markup("We had <strong>{}</strong> join us, according to the attendance list. Registration was not recorded.").format(
            people(attended))
    if registered:
        return Markup("<strong>{}</strong> registered. Attendance was not recorded.").format(people(registered))
    if respondents:
        return Markup("Registration and attendance were not recorded: these figures are of the "
                      "<strong>{}</strong> who answered the feedback survey.").format(people(respondents))
    return Markup("Registration and attendance were not recorded.")


def feedback_note(metrics: dict[str, Any]) -> str:
    """About these figures, "Feedback": who answered the survey, of whom."""
    roles = source_roles(metrics)
    if "survey" not in roles:
        return "Not recorded: this event had no feedback survey."
    _, _, respondents = _counts(metrics)
    if not respondents:
        return ("The number of people who answered the feedback survey was not recorded; each "
                "question’s figures are of the answers given to it.")
    feedback = metrics.get("feedback") or {}
    rate = feedback.get("response_rate") or {}
    basis = feedback.get("basis_text", "")
    if known_count(rate.get("denominator")) and rate.get("pct") is not None and basis:
        return (f"{people(respondents)} answered the feedback survey, {rate['text']} of the "
                f"{rate['denominator']} {basis}. Percentages are of the people who answered each question.")
    return f"{people(respondents)} answered the feedback survey. Percentages are of the people who answered each question."


def poll_note(metrics: dict[str, Any]) -> str | None:
    """About these figures, "Live polls": whose answers the poll figures are of; None without polls."""
    polls = [p for p in metrics.get("polls") or [] if known_count(p.get("respondents"))]
    if "poll" not in source_roles(metrics) or not polls:
        return None
    if len(polls) == 1:
        return (f"{people(polls[0]['respondents'])} answered the poll during the session; its "
                "figures are of them.")
    counts = join_words([str(p["respondents"]) for p in polls])
    return (f"Each poll’s figures are of the people who answered it during the session "
            f"({counts} people, in the order shown).")


def colophon_sources(metrics: dict[str, Any]) -> str:
    """What the pack was made from, for the colophon: "the event’s registration, attendance and
    feedback survey exports", and what was not recorded."""
    roles = source_roles(metrics)
    names = [SOURCE_NAMES[r] for r in roles]
    text = f"the event’s {join_words(names)} export{'s' if len(names) != 1 else ''}" if names else "no exports"
    missing = not_recorded(roles)
    if missing:
        text += f"; {join_words(missing)} {'was' if len(missing) == 1 else 'were'} not recorded"
    return text


def question_basis(metrics: dict[str, Any], key: str) -> str | None:
    """The line under a free-text question's heading: its answers, of how many respondents."""
    block = metrics.get(key) or {}
    answers = known_count(block.get("answers"))
    if answers is None:
        return None
    _, _, respondents = _counts(metrics)
    noun = "answer" if answers == 1 else "answers"
    if respondents:
        return f"{answers} {noun} to this question, from the {people(respondents)} who answered the feedback survey."
    return f"{answers} {noun} to this question."


def cover_figures(metrics: dict[str, Any]) -> list[dict[str, str]]:
    """The cover's headline figures: the head count that exists, then confidence and micro-actions."""
    registered, attended, respondents = _counts(metrics)
    figures: list[dict[str, str]] = []
    if attended:
        figures.append({"figure": str(attended), "label": "people joined us" if attended != 1 else "person joined us"})
    elif registered:
        figures.append({"figure": str(registered), "label": "people registered" if registered != 1 else "person registered"})
    elif respondents:
        figures.append({"figure": str(respondents), "label": "answered the feedback survey"})
    confidence = metrics.get("confidence") or {}
    if confidence.get("n_paired"):
        figures.append({"figure": confidence["shift_text"], "label": "average confidence"})
    actions = known_count((metrics.get("micro_actions") or {}).get("count"))
    if actions:
        figures.append({"figure": str(actions), "label": "micro-actions"})
    return figures


def framing(metrics: dict[str, Any]) -> dict[str, Any]:
    """Every framing sentence the templates print, keyed by where it goes."""
    return {
        "roles": source_roles(metrics),
        "cover_figures": cover_figures(metrics),
        "room_lead": room_lead(metrics),
        "who_came": who_came(metrics),
        "feedback": feedback_note(metrics),
        "polls": poll_note(metrics),
        "colophon_sources": colophon_sources(metrics),
        "questions": {key: question_basis(metrics, key) for key in ("went_well", "improve")},
    }
