"""Who came to which event of a series: each participant's stable key, so that a person who
comes again is counted as returning.

The key is the store's (``reportgen.store.person_keys``): a keyed hash (HMAC-SHA256, with the
secret in data/.store-secret) of the normalised e-mail address or participant code, computed
from the event's tidy data and held in memory only. Anonymous participants have no key: they
are counted apart and never joined.
"""

from __future__ import annotations

from typing import Any

from ..project import Project


def person_keys(project: Project, event: str, tidy: Any, config: Any) -> dict[str, str]:
    """participant_id -> stable person key, for the event's keyed participants."""
    from ..store import person_keys as store_keys

    return dict(store_keys(project, event, tidy))
