"""The section library: every section a pack can have, its template and the data it needs.

This registry is the only Python that knows the sections. A section is one template under
templates/sections/<name>.html.j2; event.yaml's ``sections:`` picks and orders them. A section
whose data is missing is left out with a warning, never rendered empty. Adding a section type
means adding its template and one line here.

``needs`` are dotted paths into the pack's data (``m`` the published metrics, ``content`` the
organisers' content from event.yaml, ``text`` their narrative, ``contact``); each must be
present and not empty. ``a|b`` is satisfied by either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    name: str
    shows: str  # what the section is, for messages and docs
    needs: tuple[str, ...] = ()
    new_page: bool = False  # in print, start on a new page: only the major parts do

    @property
    def template(self) -> str:
        return f"sections/{self.name}.html.j2"


SECTIONS: dict[str, Section] = {
    s.name: s
    for s in [
        Section("cover", "the cover: title, date, logo, headline figures"),
        Section("agenda", "the session's objectives and running order", ("content.agenda",), new_page=True),
        Section("who_was_in_the_room", "who came: breakdowns, population comparisons, charts", ("m.breakdowns",), new_page=True),
        Section("why_people_came", "a registration question such as “Why are you signing up?”", ("m.why_people_came.respondents",)),
        Section("poll_results", "live poll results", ("m.polls",)),
        Section("speaker", "the speaker's profile and opening perspective", ("content.speaker",)),
        Section("key_themes", "discussion prompts, themes and participants' reflections", ("content.key_themes",)),
        Section("closing_reflections", "participants' closing reflections", ("m.closing_reflections.quotes",)),
        Section("host_your_own", "a step-by-step guide to hosting your own conversation", ("content.host_your_own",)),
        Section("measuring_impact", "headline figures: confidence, recommend and agree rates, response rate", ("m.feedback.respondents",)),
        Section("outcomes", "several before/after items with their intervals, and the programme's framework", ("m.outcomes",)),
        Section("feedback", "what went well and what to improve, grouped by theme", ("m.went_well.themes|m.improve.themes",)),
        Section("since_last_time", "what the organisers did about last time's feedback", ("text.since_items",)),
        Section("micro_actions", "the micro-actions people committed to", ("m.micro_actions.quotes",)),
        Section("follow_up", "follow-through: did people do the step they committed to (a follow-up survey)", ("m.follow_up.text",)),
        Section("evaluation_summary", "the figures by evaluation level (Kirkpatrick)", ("m.evaluation",)),
        Section("about_these_figures", "how the figures were made: bases, methods, privacy, data", new_page=True),
        Section("thank_you", "thanks and contact details", ("contact",)),
    ]
}

DEFAULT_SECTIONS = (
    "cover",
    "who_was_in_the_room",
    "measuring_impact",
    "outcomes",  # only events with impact.outcomes or a programme have m.outcomes
    "feedback",
    "since_last_time",
    "micro_actions",
    "follow_up",
    "evaluation_summary",
    "about_these_figures",
    "thank_you",
)


def lookup(data: dict[str, Any], path: str) -> Any:
    """``data["m"]["feedback"]["respondents"]`` for "m.feedback.respondents"; None if absent."""
    node: Any = data
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def plan_sections(names: list[str] | tuple[str, ...] | None, data: dict[str, Any]) -> tuple[list[Section], list[str]]:
    """The sections to render, in order, and a warning for each one left out for want of data.

    Only sections the event chose (``sections:`` in event.yaml) are warned about; from the
    default list, a section with nothing to show is left out quietly (and logged).
    """
    chosen: list[Section] = []
    warnings: list[str] = []
    for name in names or DEFAULT_SECTIONS:
        section = SECTIONS[name]
        missing = [path for path in section.needs if not any(lookup(data, p) for p in path.split("|"))]
        if missing:
            message = f"Section “{name}” left out: no data for {', '.join(missing)} ({section.shows})"
            if names:
                warnings.append(message)
            else:
                log.info(message)
            continue
        chosen.append(section)
    return chosen, warnings
