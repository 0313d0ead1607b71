"""Series figures: what the series pack publishes, worked out from each event's checked data.

Each event is read again from its own exports, never from a previous build's outputs, as
``reportgen.pipeline.check_event`` reads it (its config, tidy data and published metrics) but
without what only its own pack needs: the unsuppressed figures, its breakdowns' population
comparisons, its pages' plan. A long series is read on every core. The figures are:

- reach: people per event, new and returning (a person is returning if their stable key,
  ``people.person_keys``, came to an earlier event of the series), how many came to 1, 2 and
  3 or more events; anonymous responses are counted as such and join no one;
- representation over time: each event's people against the series' reference population,
  with the under-represented groups named (metrics' breakdown and representation functions);
- outcomes: each event's before/after shift with its interval (``metrics["outcomes"]`` where
  the event publishes it, else its headline confidence item);
- recommend and agreement rates per event;
- the themes of "what can we improve" beside the organisers' "since last time, we have…";
- micro-action follow-through per event (``metrics["follow_up"]``, else "not measured");
- the programme framework: which objectives and behaviours were measured at which event.

Small counts (1 to min_count - 1) are never published, and groups that add up to a published
total are suppressed together (``reportgen.privacy.suppression``). Sentences follow the rules
comms teams use ("three in four", "over half"), and a share of fewer than ``SMALL_BASE`` people
is given as a count ("7 of 9"), never a percentage. Templates print these; they decide nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..metrics import (
    NOT_STATED,
    breakdown_counts,
    compare_with_population,
    config_categories,
    count_text,
    counted,
    join_words,
    published_rate,
    share,
)
from ..privacy import SMALL, hidden_text, suppression
from ..project import Project
from .config import SeriesConfig, series_events
from .people import person_keys

SMALL_BASE = 10  # never a percentage of fewer than this many people: counts instead
NOT_MEASURED = "not measured"
MOVED_TEXT = {"up": "rose", "down": "fell", "no clear change": "no clear change", None: "measured"}
FREQUENCY_BANDS = ("1 event", "2 events", "3 or more events")
# (fraction, words): the largest at or below a share is used, with "over" when above it.
FRACTIONS = (
    (0.1, "one in ten"), (0.2, "one in five"), (0.25, "one in four"), (1 / 3, "one in three"),
    (0.4, "two in five"), (0.5, "half"), (0.6, "three in five"), (2 / 3, "two in three"),
    (0.75, "three in four"), (0.8, "four in five"), (0.9, "nine in ten"),
)


@dataclass(frozen=True)
class SeriesEvent:
    """One event of the series as checked: what the figures are computed from."""

    event: str
    config: Any
    tidy: Any
    metrics: dict[str, Any]
    keys: dict[str, str]  # participant_id -> stable person key (anonymous people absent)


PARALLEL_FROM = 8  # events: from this many, they are read in one process per core


def load_event(project: Project, event: str) -> SeriesEvent:
    """Read one event of the series from its exports, compute its published figures and link
    its people. The same steps as ``check_event``, which a build uses, less the ones whose
    results no series figure uses (a sixth of the time: the figures computed a second time
    unsuppressed, the reference tables of the event's own breakdowns, its pages' plan)."""
    from ..etl import build_tidy
    from ..framework import load_framework
    from ..metrics import compute_metrics
    from ..pipeline import event_config

    config = event_config(project, event)
    tidy = build_tidy(config, project.event_dir(event))
    programme = load_framework(project.root / "data" / "series", config.programme) if config.programme else None
    metrics = compute_metrics(tidy, config, {}, framework=programme)
    return SeriesEvent(event, config, tidy, metrics, person_keys(project, event, tidy, config))


def _load_quietly(project: Project, event: str) -> SeriesEvent | None:
    """``load_event`` in a worker process: None if it fails (the caller reads it again, to
    raise its error here, with its message intact)."""
    try:
        return load_event(project, event)
    except Exception:  # noqa: BLE001 - re-raised by the caller in its own process
        return None


def load_events(project: Project, series: SeriesConfig) -> list[SeriesEvent]:
    """Read every event of the series and link its people, in date order; a long series is
    read on every core (events are independent), a short one in this process. Events listed
    by name are put in date order once read (their event.yaml is read once, not twice)."""
    names = list(series.events) if series.events is not None else series_events(project, series)
    loaded = _load_all(project, names)
    return sorted(loaded, key=lambda e: (e.config.date, e.event))


def _load_all(project: Project, names: list[str]) -> list[SeriesEvent]:
    """``load_event`` of each of ``names``, in that order: in worker processes from
    ``PARALLEL_FROM`` events on (forked, so they start with reportgen imported)."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if len(names) < PARALLEL_FROM or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [load_event(project, name) for name in names]
    with ProcessPoolExecutor(min(cores, 4), mp_context=multiprocessing.get_context("fork")) as pool:
        found = list(pool.map(_load_quietly, [project] * len(names), names, chunksize=4))
    return [e if e is not None else load_event(project, name) for e, name in zip(found, names)]


# --- wording ---------------------------------------------------------------------------------


def proportion_words(numerator: int, denominator: int) -> str:
    """A share as comms teams say it: "three in four", "over half", "all"; of fewer than
    ``SMALL_BASE`` people, the counts ("7 of 9")."""
    if not 0 <= numerator <= denominator:
        raise ValueError(f"{numerator} of {denominator}: the numerator must be part of the denominator")
    if denominator < SMALL_BASE:
        return f"{numerator} of {denominator}"
    if numerator == denominator:
        return "all"
    if numerator == 0:
        return "none"
    value = numerator / denominator
    below = [(f, words) for f, words in FRACTIONS if f <= value + 1e-9]
    if not below:
        return "fewer than one in ten"
    fraction, words = below[-1]
    return words if abs(value - fraction) < 0.005 else f"over {words}"


def rate(numerator: int | None, denominator: int, min_count: int) -> dict[str, Any]:
    """A published rate by the event packs' rules (``metrics.published_rate``, counts below
    ``SMALL_BASE`` people), worded for a table of events, with its words for a sentence."""
    if denominator == 0 or numerator is None:
        return {"numerator": None, "denominator": denominator, "text": NOT_MEASURED if denominator == 0 else "not shown", "words": ""}
    published = published_rate(numerator, denominator, min_count, SMALL_BASE)
    if published["denominator"] is None:  # too few answered to say anything
        return {"numerator": None, "denominator": None, "text": f"{hidden_text(SMALL, min_count)} answered", "words": ""}
    if published["numerator"] is None:  # too few agreed
        return {"numerator": None, "denominator": denominator, "text": f"{published['text']} of {denominator}", "words": ""}
    if published["pct"] is None:  # counts, not a percentage
        return {"numerator": numerator, "denominator": denominator, "text": published["text"], "words": published["text"]}
    return {"numerator": numerator, "denominator": denominator, "text": published["text"], "pct": published["pct"],
            "words": proportion_words(numerator, denominator)}


def _published(count: int, reason: str | None, min_count: int) -> dict[str, Any]:
    if reason:
        return {"count": None, "text": hidden_text(reason, min_count)}
    return {"count": int(count), "text": str(int(count))}


def _small(count: int, min_count: int) -> str | None:
    """Why a count standing on its own is hidden (1 to min_count - 1), or None."""
    return SMALL if 0 < count < min_count else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the figures -----------------------------------------------------------------------------


def series_figures(name: str, series: SeriesConfig, events: list[SeriesEvent], populations: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every figure of the series pack. ``populations`` maps the reference field to its
    ``reference.Population`` (loaded by the caller)."""
    min_count = series.min_count or max([e.config.privacy.min_count for e in events] or [5])
    rows = [
        {
            "event": e.event,
            "title": e.config.title,
            "date": e.config.date.isoformat(),
            "date_text": f"{e.config.date.day} {e.config.date:%B %Y}",
            "short_date": f"{e.config.date:%b %Y}",
        }
        for e in events
    ]
    figures: dict[str, Any] = {
        "series": {
            "name": name,
            "title": series.title,
            "subtitle": series.subtitle,
            "n_events": len(events),
            "first": rows[0]["date_text"] if rows else "",
            "last": rows[-1]["date_text"] if rows else "",
            "date": rows[-1]["date"] if rows else dt.date(2000, 1, 1).isoformat(),
            "span_text": (f"{len(events)} events from {rows[0]['date_text']} to {rows[-1]['date_text']}" if len(rows) > 1
                          else f"1 event on {rows[0]['date_text']}" if rows else "no events yet"),
        },
        "privacy": {
            "min_count": min_count,
            "rule": (
                f"Counts from 1 to {min_count - 1} are shown as “fewer than {min_count}”; where that would let a "
                "hidden count be worked out from a total, another count is hidden too (“not shown”). A share of "
                f"fewer than {SMALL_BASE} people is given as a count, not a percentage."
            ),
        },
        "events": rows,
    }
    figures["reach"] = reach(events, min_count)
    figures["representation"] = representation(series, events, (populations or {}), min_count)
    figures["outcomes"] = outcomes(events, min_count)
    figures["rates"] = rates(events, min_count)
    figures["themes"] = themes(events)
    figures["follow_up"] = follow_up(events, min_count)
    figures["framework"] = framework(series, events)
    return figures


def _basis(e: SeriesEvent) -> tuple[str, set[str]]:
    """Who "came" to an event: who attended (else registered, else answered the survey)."""
    people = e.tidy.participants
    roles = set(getattr(e.tidy.quality, "roles", None) or {s.role for s in e.config.sources})
    for basis, role, column in (("attended", "attendance", "attended"), ("registered", "registration", "registered")):
        if role in roles:
            return basis, set(people.loc[people[column].astype(bool), "participant_id"])
    return "responded", set(people.loc[people["responded"].astype(bool), "participant_id"])


def reach(events: list[SeriesEvent], min_count: int) -> dict[str, Any]:
    """People per event, new and returning, anonymous responses, and how many events each came to."""
    seen: set[str] = set()
    times: dict[str, int] = {}
    rows = []
    for e in events:
        basis, came = _basis(e)
        keyed = {e.keys[p] for p in came if p in e.keys}
        unkeyed = len([p for p in came if p not in e.keys])
        people = e.tidy.participants
        anonymous = int(people["anonymous"].astype(bool).sum())
        new, returning = len(keyed - seen), len(keyed & seen)
        new_reason, returning_reason = suppression([new, returning], min_count)
        rows.append({
            "event": e.event,
            "basis": basis,
            "people_text": count_text(_published(len(came), _small(len(came), min_count), min_count)["text"]),
            "people_shown": _published(len(came), _small(len(came), min_count), min_count),
            "new": _published(new, new_reason, min_count),
            "returning": _published(returning, returning_reason, min_count),
            "linked": _published(len(came) - unkeyed, _small(len(came) - unkeyed, min_count), min_count),
            "anonymous": _published(anonymous, _small(anonymous, min_count), min_count),
        })
        seen |= keyed
        for key in keyed:
            times[key] = times.get(key, 0) + 1
    anonymous_total = sum(int(e.tidy.participants["anonymous"].astype(bool).sum()) for e in events)
    bands = [sum(1 for n in times.values() if n == 1), sum(1 for n in times.values() if n == 2),
             sum(1 for n in times.values() if n >= 3)]
    reasons = suppression(bands, min_count)
    total = len(times)
    frequency = [{"band": b, **counted(n, total, r, min_count)} for b, n, r in zip(FREQUENCY_BANDS, bands, reasons)]
    figures = {"rows": rows, "people": _published(total, _small(total, min_count), min_count), "people_text": count_text(_published(total, _small(total, min_count), min_count)["text"]),
               "frequency": frequency,
               "anonymous_total": _published(anonymous_total, _small(anonymous_total, min_count), min_count)}
    figures["text"] = reach_sentences(figures, events)
    return figures


def reach_sentences(figures: dict[str, Any], events: list[SeriesEvent]) -> list[str]:
    rows, total = figures["rows"], figures["people"]["count"]
    if not rows:
        return ["The series has no events yet."]
    basis = {"attended": "came to", "registered": "registered for", "responded": "answered the survey of"}[rows[0]["basis"]]
    people = figures["people_text"]
    out = [f"{people} {basis} at least one of the {len(rows)} events of the series." if len(rows) > 1
           else f"{people} {basis} the event."]
    again = [f for f in figures["frequency"] if f["band"] != FREQUENCY_BANDS[0]]
    if total and all(f["count"] is not None for f in again):  # total is None when it is small
        back = sum(f["count"] for f in again)
        out.append(f"{_capital(proportion_words(back, total))} of them ({back} of {total}) came to more than one.")
    last = rows[-1]
    if len(rows) > 1 and last["returning"]["count"] is not None and last["linked"]["count"]:
        keyed = last["linked"]["count"]
        if keyed:
            out.append(
                f"At the latest event, {proportion_words(last['returning']['count'], keyed)} of the people we could "
                f"link ({last['returning']['count']} of {keyed}) had been to an earlier one."
            )
    if figures["anonymous_total"]["count"] != 0:
        n = figures["anonymous_total"]["count"]
        shown = str(n) if n is not None else "a few"
        out.append(f"{_capital(shown)} anonymous survey responses are counted at their own event only: they cannot be linked to anyone.")
    return out


def representation(series: SeriesConfig, events: list[SeriesEvent], populations: dict[str, Any], min_count: int) -> dict[str, Any]:
    """Each event's people by the reference field, against the reference population."""
    ref = series.reference
    if ref is None or ref.field not in populations:
        return {"field": None, "label": "", "categories": [], "population": [], "rows": [], "under_every": [], "under_some": [],
                "text": ["The series names no reference population, so who came is not compared with one."],
                "rule": "", "source": "", "year": None}
    population = populations[ref.field]
    categories: list[str] = []
    rows = []
    for e in events:
        for c in config_categories(e.config, ref.field):
            if c not in categories:
                categories.append(c)
    rules_config = None
    for e in events:
        _, came = _basis(e)
        people = e.tidy.participants
        values = people.loc[people["participant_id"].isin(came), ref.field].fillna("Not answered")
        result = breakdown_counts(values, categories, min_count)
        result.update(field=ref.field, label=ref.field.capitalize())
        rules_config = e.config.model_copy(update={"privacy": e.config.privacy.model_copy(update={"min_count": min_count})})
        comparison = compare_with_population(values, result, population, ref.categories, rules_config)
        cells = {row["category"]: row for row in result["categories"]}
        rows.append({
            "event": e.event,
            "total": result["total"],
            "categories": [
                {"category": c["category"], "count_text": cells[c["category"]]["count_text"], "share_text": c["event"]["text"],
                 "flag": c["flag"]}
                for c in comparison["categories"]
            ],
            "under": [c["category"] for c in comparison["categories"] if c["flag"] == "under"],
            "over": [c["category"] for c in comparison["categories"] if c["flag"] == "over"],
            "sentence": comparison["sentence"],
        })
    listed = list(dict.fromkeys(c["category"] for r in rows for c in r["categories"]))
    shown = [c for c in listed if c not in NOT_STATED] + [c for c in listed if c in NOT_STATED]
    mapping = ref.categories or {}
    population_row = [
        {"category": c, "text": share(population.counts[mapping.get(c, c)], population.total)["text"]
         if c not in NOT_STATED and mapping.get(c, c) in population.counts else "–"}
        for c in shown
    ]
    for row in rows:
        order = {c["category"]: c for c in row["categories"]}
        row["categories"] = [order.get(c, {"category": c, "count_text": "0", "share_text": "0%", "flag": None}) for c in shown]
    under_every = [c for c in shown if rows and all(c in r["under"] for r in rows)]
    under_some = [c for c in shown if c not in under_every and any(c in r["under"] for r in rows)]
    text = []
    label = ref.label
    if under_every:
        text.append(f"{join_words(under_every)} colleagues were under-represented against the {label} at every event.")
    if under_some:
        when = {c: [r["event"] for r in rows if c in r["under"]] for c in under_some}
        parts = [f"{c} colleagues at {len(when[c])} of {len(rows)} events" for c in under_some]
        text.append(f"{'Also under-represented' if under_every else 'Under-represented'}: {join_words(parts)}.")
    if not under_every and not under_some:
        text.append(f"No group was under-represented against the {label} at any event, by our measure.")
    rule = ""
    if rules_config is not None:
        r = rules_config.representation
        rule = (f"Under-represented: below {r.ratio_below:g} of the population share and at least {r.min_gap_points:g} "
                "percentage points under it, among people who stated one.")
    return {"field": ref.field, "label": label, "categories": shown, "population": population_row, "rows": rows,
            "under_every": under_every, "under_some": under_some, "text": text, "rule": rule,
            "source": getattr(population, "source", ""), "year": getattr(population, "year", None)}


def _moved(low: float | None, high: float | None) -> str | None:
    if low is None or high is None:
        return None
    if low > 0:
        return "up"
    if high < 0:
        return "down"
    return "no clear change"


def _confidence_outcome(c: dict[str, Any]) -> dict[str, Any]:
    """The headline before/after item of an event, in the shape of metrics["outcomes"]."""
    change = c.get("mean_change") if c["comparison"] == "paired" else c.get("difference")
    n = c["n_paired"] if c["comparison"] == "paired" else min(c.get("n_before", 0), c.get("n_after", 0))
    return {
        "question": c["question_id"], "statement": c["statement"], "comparison": c["comparison"], "n": n,
        "pre_mean": c.get("pre_mean"), "post_mean": c.get("post_mean"), "mean_change": change,
        "moved": _moved(change["low"], change["high"]) if change else None,
    }


def _change_text(change: dict[str, Any]) -> str:
    """"+1.0 (+0.3 to +1.8)": as the event pack writes it (its own texts where it gives them)."""
    if change.get("value") is None:
        return "n/a"
    value = change.get("value_text") or f"{change['value']:+.1f}"
    if change.get("low") is None or change.get("high") is None:
        return value
    low = change.get("low_text") or f"{change['low']:+.1f}"
    high = change.get("high_text") or f"{change['high']:+.1f}"
    return f"{value} ({low} to {high})"


def outcomes(events: list[SeriesEvent], min_count: int) -> dict[str, Any]:
    """The before/after shift of each item at each event, with its interval."""
    rows = []
    statements: dict[str, str] = {}
    for e in events:
        items = e.metrics.get("outcomes")
        if items is None and e.metrics.get("confidence"):
            items = [_confidence_outcome(e.metrics["confidence"])]
        for item in items or []:
            change = item.get("mean_change") or {}
            statements.setdefault(item["question"], item["statement"])
            rows.append({
                "event": e.event,
                "question": item["question"],
                "statement": item["statement"],
                "comparison": item["comparison"],
                "n_text": str(item["n"]) if not 0 < item["n"] < min_count else hidden_text(SMALL, min_count),
                "pre_mean": item.get("pre_mean"),
                "post_mean": item.get("post_mean"),
                "change": change.get("value"),
                "low": change.get("low"),
                "high": change.get("high"),
                "change_text": _change_text(change),
                "shift_text": f"{item['pre_mean']:.1f} → {item['post_mean']:.1f}" if item.get("pre_mean") is not None else "n/a",
                "moved": item.get("moved"),
                "kind": "each person's change" if item["comparison"] == "paired" else "two groups, not matched",
            })
    text = []
    for question, statement in statements.items():
        mine = [r for r in rows if r["question"] == question and r["moved"] is not None]
        if not mine:
            continue
        up = sum(1 for r in mine if r["moved"] == "up")
        text.append(
            f"“{statement}”: the average score rose clearly at {up} of the {len(mine)} events where it was asked "
            f"before and after (the 95% interval of the change above zero)."
        )
    return {"rows": rows, "questions": statements, "text": text}


def rates(events: list[SeriesEvent], min_count: int) -> dict[str, Any]:
    """Would recommend, and each agreement statement, per event."""
    statements: dict[str, str] = {}
    rows = []
    for e in events:
        m = e.metrics
        row: dict[str, Any] = {"event": e.event, "values": {}}
        if "recommend" in m:
            statements.setdefault("recommend", m["recommend"]["statement"])
            row["values"]["recommend"] = rate(m["recommend"]["numerator"], m["recommend"]["denominator"], min_count)
        for a in m.get("agreements", []):
            statements.setdefault(a["question"], a["statement"])
            row["values"][a["question"]] = rate(a["numerator"], a["denominator"], min_count)
        rows.append(row)
    for row in rows:
        for key in statements:
            row["values"].setdefault(key, rate(None, 0, min_count))
    text = []
    for key, statement in statements.items():
        shown = [r["values"][key] for r in rows if r["values"][key]["numerator"] is not None]
        if shown:
            low = min(shown, key=lambda v: v["numerator"] / v["denominator"])
            high = max(shown, key=lambda v: v["numerator"] / v["denominator"])
            what = "would recommend the community" if key == "recommend" else f"agreed “{statement}”"
            if len(shown) == 1:
                text.append(f"{_capital(high['words'])} of those who answered {what} ({high['text']}).")
            elif low["denominator"] < SMALL_BASE:
                text.append(f"Of those who answered, from {low['text']} to {high['text']} {what}, event by event.")
            else:
                at_least = low["words"].removeprefix("over ")
                text.append(
                    f"At every event where it was asked, at least {at_least} of those who answered {what} "
                    f"(from {low['text']} to {high['text']})."
                )
    return {"statements": statements, "rows": rows, "text": text}


def themes(events: list[SeriesEvent]) -> dict[str, Any]:
    """What people asked us to improve, beside what the organisers say they changed."""
    rows = []
    for e in events:
        improve = e.metrics.get("improve")
        found = []
        if improve:
            for t in improve["themes"]:
                if t.get("other"):
                    continue
                found.append({"theme": t["theme"], "count_text": t["count_text"]})
        rows.append({
            "event": e.event,
            "answers": improve["answers"] if improve else None,
            "themes": found,
            "since_intro": e.config.since_last_time.intro,
            "actions": list(e.config.since_last_time.items),
        })
    asked = [r for r in rows if r["themes"]]
    acted = [r for r in rows if r["actions"]]
    text = [(f"People told us what to improve at {len(asked)} of {len(rows)} events; the organisers recorded what they "
             f"changed before {len(acted)} of them.")]
    return {"rows": rows, "text": text}


def follow_up(events: list[SeriesEvent], min_count: int) -> dict[str, Any]:
    """Micro-action follow-through per event (ISSUE 12 interface 3), else "not measured"."""
    rows = []
    for e in events:
        f = e.metrics.get("follow_up")
        committed = e.metrics.get("micro_actions", {}).get("count")
        row: dict[str, Any] = {"event": e.event, "committed": _published(committed, SMALL if committed and committed < min_count else None, min_count)
                               if committed is not None else {"count": None, "text": NOT_MEASURED}}
        if f and f.get("did_it") and f["did_it"].get("numerator") is not None:
            did = f["did_it"]
            row["did_it"] = rate(did["numerator"], did["denominator"], min_count)
        elif f and f.get("did_it"):  # measured, but the event pack hides it: so does the series pack
            row["did_it"] = {"numerator": None, "text": f["did_it"].get("text") or "not shown", "words": "", "measured": True}
        else:
            row["did_it"] = {"numerator": None, "text": NOT_MEASURED, "words": ""}
        rows.append(row)
    measured = [r for r in rows if r["did_it"]["numerator"] is not None or r["did_it"].get("measured")]
    shown = [(e, r) for e, r in zip(events, rows) if r["did_it"]["numerator"] is not None]
    said = [f"at {e.config.date.day} {e.config.date:%B %Y}, {r['did_it']['words']} of those who answered the follow-up "
            f"({r['did_it']['numerator']} of {r['did_it']['denominator']}) took the step they committed to"
            for e, r in shown if hasattr(e, "config")]
    text = ([f"Follow-through on micro-actions was measured at {len(measured)} of {len(rows)} events"
             + (f": {join_words(said, 'and')}." if said else ".")] if measured
            else ["Follow-through on micro-actions was not measured at any event of the series: no follow-up survey was linked."])
    return {"rows": rows, "text": text}


def _measured_questions(e: SeriesEvent) -> set[str]:
    """The question ids an event measured: the items it asked before and after (answered in
    both phases), and its agreement statements."""
    m = e.metrics
    found = {o["question"] for o in m.get("outcomes", []) if o.get("n")}
    responses = e.tidy.responses
    phases = responses[responses["phase"].isin(["pre", "post"])].groupby("question_id")["phase"].agg(set)
    found |= {q for q, seen in phases.items() if {"pre", "post"} <= seen}
    c = m.get("confidence")
    if c and (c.get("n_paired") or c.get("n_after")):
        found.add(c["question_id"])
    for a in m.get("agreements", []):
        if a.get("denominator"):
            found.add(a["question"])
    if m.get("recommend", {}).get("denominator"):
        found.add(m["recommend"]["question"])
    return found


def framework(series: SeriesConfig, events: list[SeriesEvent]) -> dict[str, Any]:
    """Which of the programme's objectives and behaviours were measured at which event (and,
    where the event publishes it, whether they moved)."""
    items = []
    measured_at = [_measured_questions(e) for e in events] if series.framework else []  # once per event, not per item
    for item in series.framework:
        cells = []
        for e, asked in zip(events, measured_at):
            published = {f["id"]: f for f in e.metrics.get("framework", [])}
            if item.id in published:
                f = published[item.id]
                cells.append({"event": e.event, "measured": bool(f["measured"]), "moved": f.get("moved")})
            else:
                measured = bool(set(item.measures) & asked)
                cells.append({"event": e.event, "measured": measured, "moved": None})
        count = sum(c["measured"] for c in cells)
        up = sum(c["moved"] == "up" for c in cells)
        status = (f"measured at {count} of {len(cells)} events" if count else "not measured at any event")
        if up:
            status += f"; rose clearly at {up}"
        items.append({"id": item.id, "kind": item.kind, "name": item.name, "measures": list(item.measures),
                      "cells": [{**c, "text": MOVED_TEXT[c["moved"]] if c["measured"] else NOT_MEASURED} for c in cells],
                      "status": status})
    never = [i["name"] for i in items if all(not c["measured"] for c in i["cells"])]
    text = []
    if items:
        text.append(f"Of the programme's {len(items)} aims, {len(items) - len(never)} were measured at one event or more.")
        if never:
            text.append(f"Not measured at all: {join_words([f'“{n}”' for n in never])}.")
    return {"items": items, "text": text}
