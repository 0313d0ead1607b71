"""Who came to which event of a series: each participant's stable key, so that a person who
comes again is counted as returning.

The key comes from ``reportgen.store.person_keys(project, event)`` (ISSUE 12 interface 4: a
keyed hash of the normalised e-mail or code, computed from the event's tidy data). Anonymous
participants have no key: they are counted apart and never joined.

FALLBACK, until the store lands on main (the lead switches it over at merge): ``_fallback_keys``
re-reads each keyed source's key column with ``reportgen.readers`` and numbers the people in
the order the ETL does (sources in role order, people in order of their first kept row), then
checks the result against the tidy data; where the two disagree (weak matches by name,
duplicate submissions re-ordered by timestamp) it stops with a message rather than guess. The
key is a SHA-256 of "email:" + the normalised address, held in memory only, never written.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..errors import ReportgenError
from ..project import Project


class LinkError(ReportgenError):
    """An event's people cannot be linked to the series' other events."""


def person_keys(project: Project, event: str, tidy: Any, config: Any) -> dict[str, str]:
    """participant_id -> stable person key, for the event's keyed participants."""
    try:
        from ..store import person_keys as store_keys  # type: ignore[attr-defined]
    except ImportError:
        return _fallback_keys(project, event, tidy, config)
    return dict(store_keys(project, event, tidy))  # the store's keyed hash, from the tidy data we have


def _fallback_keys(project: Project, event: str, tidy: Any, config: Any) -> dict[str, str]:
    """FALLBACK (see the module docstring): the keys re-read from the keyed sources."""
    from ..config import ROLE_ORDER
    from ..readers import read_source

    folder = project.event_dir(event)
    position: dict[str, int] = {}
    count = 0
    for source in sorted(config.sources, key=lambda s: ROLE_ORDER.index(s.role)):
        key = source.key_column
        table = read_source(folder / source.file, source.kind, sheet=source.sheet, label=source.file)
        if key is None or key.type not in ("email", "code"):
            if key is None:
                count += len(table.frame)  # each anonymous row is a participant of its own
                continue
            raise LinkError(
                f"data/events/{event}/event.yaml: {source.file} is keyed by {key.type}, so its people "
                "cannot be linked across the series; key it by e-mail or code"
            )
        if key.column not in table.frame.columns:
            raise LinkError(f"data/events/{event}/{source.file}: no column {key.column!r} to link people by")
        for raw in table.frame[key.column].astype(str):
            value = raw.strip().lower().removeprefix("mailto:") if key.type == "email" else raw.strip().upper()
            if not value or (key.type == "email" and ("@" not in value or value == "anonymous")):
                continue
            if value not in position:
                position[value] = count
                count += 1
    keys = {f"P{n + 1:03d}": hashlib.sha256(f"{'email' if '@' in v else 'code'}:{v}".encode()).hexdigest()
            for v, n in position.items()}
    people = tidy.participants
    keyed = set(people.loc[~people["anonymous"].astype(bool), "participant_id"])
    if set(keys) != keyed:
        raise LinkError(
            f"data/events/{event}: its people could not be linked to the series' other events "
            f"({len(keys)} keys read, {len(keyed)} keyed participants); run `reportgen validate {event}`"
        )
    return keys
