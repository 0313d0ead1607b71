"""The store: every event in one DuckDB database (data/store.duckdb) for analysts' SQL.

The event folders stay the source of truth: ``rebuild_store`` reads every event under
data/events/ (its config, tidy data and published metrics, as a build computes them) and writes
a new database into a temporary file beside the old one, renamed over it only when complete, so
the store can always be deleted and rebuilt and a failed rebuild leaves the last one as it was.
After each successful build, ``refresh_after_build`` replaces that event's rows (in one
transaction) if the store exists; a build never creates the store and never fails because of it.

Tables (docs/store.md has them column by column, with example queries):

- ``events``: one row per event (title, date, series, programme, brand, the roles of its sources);
- ``participants``: one row per participant of each event, with ``person_key``: a keyed hash,
  HMAC-SHA256 of ``"email:" + normalised e-mail`` (or ``"code:" + code``), the same for one person
  across events, NULL for anonymous respondents (and people known only by name), who join nothing;
- ``responses``: every answer to a scale or choice question (free-text answers are left out: they
  may hold names, addresses and phone numbers, and the packs' quotes come from the folders);
- ``metrics``: one row per published figure of metrics.json (small counts suppressed as in the
  pack), by its path, e.g. ``attendance.registered``, with its numeric value and its text.

The key of the hash is a random secret in data/.store-secret, created on first use (mode 0600).
Both files are git-ignored. The store holds every participant's answers and breakdown
categories: like output/<EVENT>/private/, it is for the team's own analysis, never to publish.
No e-mail address or code is ever written to it.

Frames are loaded with DuckDB's pandas ingestion (one ``INSERT ... SELECT`` per table), never
row by row: 50 events of 200 people load in under a second; reading their exports and
computing their figures (``check_event``, as a build does) takes the rest, on every core from
``PARALLEL_FROM`` events on (each event is read in a forked worker, which sends back its rows).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .config import BREAKDOWN_FIELDS

if TYPE_CHECKING:
    from .pipeline import CheckedEvent
    from .project import Project

log = logging.getLogger(__name__)

STORE_FILE = "store.duckdb"
PARALLEL_FROM = 8  # events: from this many, they are read in one process per core
SECRET_FILE = ".store-secret"

SCHEMA: dict[str, list[tuple[str, str]]] = {
    "events": [
        ("event", "VARCHAR NOT NULL"),
        ("title", "VARCHAR"),
        ("subtitle", "VARCHAR"),
        ("date", "DATE"),
        ("series", "VARCHAR"),
        ("programme", "VARCHAR"),
        ("brand", "VARCHAR"),
        ("roles", "VARCHAR[]"),
    ],
    "participants": [
        ("event", "VARCHAR NOT NULL"),
        ("participant_id", "VARCHAR NOT NULL"),
        ("person_key", "VARCHAR"),
        ("registered", "BOOLEAN"),
        ("attended", "BOOLEAN"),
        ("responded", "BOOLEAN"),
        ("anonymous", "BOOLEAN"),
        *((name, "VARCHAR") for name in BREAKDOWN_FIELDS),
    ],
    "responses": [
        ("event", "VARCHAR NOT NULL"),
        ("participant_id", "VARCHAR NOT NULL"),
        ("question_id", "VARCHAR"),
        ("question_type", "VARCHAR"),
        ("phase", "VARCHAR"),
        ("value", "VARCHAR"),
        ("numeric_value", "DOUBLE"),
        ("source", "VARCHAR"),
    ],
    "metrics": [
        ("event", "VARCHAR NOT NULL"),
        ("path", "VARCHAR NOT NULL"),
        ("value", "DOUBLE"),
        ("text", "VARCHAR"),
    ],
}
ORDER = {
    "events": "event",
    "participants": "event, participant_id",
    "responses": "event, participant_id, question_id, phase, value",
    "metrics": "event, path",
}


def store_path(project: Project) -> Path:
    return project.root / "data" / STORE_FILE


def secret_path(project: Project) -> Path:
    return project.root / "data" / SECRET_FILE


def store_secret(project: Project, *, create: bool = True) -> bytes | None:
    """The key of the person_key hash: data/.store-secret, created on first use with mode 0600
    (None if it does not exist and ``create`` is off)."""
    path = secret_path(project)
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # created meanwhile by another process: use theirs
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(secrets.token_hex(32) + "\n")
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:
        raise ValueError(f"{path} is not a store secret (delete it and run 'reportgen store' to make a new one)")
    return text.encode("ascii")


def hash_key(secret: bytes, key: str) -> str:
    """The person_key of one normalised key ("email:..." or "code:...")."""
    return hmac.new(secret, key.encode("utf-8"), hashlib.sha256).hexdigest()


def person_keys(project: Project, event: str, tidy: Any = None) -> dict[str, str]:
    """participant_id -> person_key for the keyed participants of ``event`` (anonymous people
    absent), computed from the event's tidy data; no database needed. ``tidy`` (a TidyEvent)
    saves reading the exports again when the caller has it."""
    if tidy is None:
        tidy = _read_tidy(project, event)
    secret = store_secret(project)
    assert secret is not None
    return {pid: hash_key(secret, key) for pid, key in tidy.person_keys.items()}


def _read_tidy(project: Project, event: str) -> Any:
    from .etl import build_tidy
    from .pipeline import event_config

    return build_tidy(event_config(project, event), project.event_dir(event))


def event_frames(checked: CheckedEvent, secret: bytes) -> dict[str, pd.DataFrame]:
    """The rows of one checked event for each table."""
    event, config, tidy = checked.event, checked.config, checked.tidy
    events = pd.DataFrame(
        {
            "event": [event],
            "title": [config.title],
            "subtitle": [config.subtitle],
            "date": [pd.Timestamp(config.date)],
            "series": [config.series or None],
            "programme": [getattr(config, "programme", None) or None],
            "brand": [config.brand],
            "roles": [list(tidy.quality.roles)],
        }
    )
    people = tidy.participants
    keys = {pid: hash_key(secret, key) for pid, key in tidy.person_keys.items()}
    participants = pd.DataFrame({"event": event, "participant_id": people["participant_id"].astype(str)})
    participants["person_key"] = people["participant_id"].map(keys).astype(object)
    for name in ("registered", "attended", "responded", "anonymous", *BREAKDOWN_FIELDS):
        participants[name] = people[name].to_numpy()
    types = {q.id: q.type for s in config.sources for q in s.questions}
    answers = tidy.responses
    kept = answers[answers["question_id"].map(types).fillna("text") != "text"]
    responses = pd.DataFrame(
        {
            "event": event,
            "participant_id": kept["participant_id"].astype(str).to_numpy(),
            "question_id": kept["question_id"].to_numpy(),
            "question_type": kept["question_id"].map(types).to_numpy(),
            "phase": kept["phase"].to_numpy(),
            "value": kept["value"].astype(object).to_numpy(),
            "numeric_value": pd.to_numeric(kept["numeric_value"]).to_numpy(dtype=float),
            "source": kept["source"].to_numpy(),
        }
    )
    paths, values, texts = [], [], []
    for path, leaf in _leaves(checked.metrics):
        paths.append(path)
        number = float(leaf) if isinstance(leaf, int | float) else None
        values.append(number)
        texts.append(None if leaf is None else _text(leaf))
    metrics = pd.DataFrame({"event": event, "path": paths, "value": pd.array(values, dtype="Float64"), "text": texts})
    return {"events": events, "participants": participants, "responses": responses, "metrics": metrics}


def _text(leaf: Any) -> str:
    """A figure's text as metrics.json writes it: strings as they are, numbers and booleans in
    JSON (5.0, 12, true)."""
    return leaf if isinstance(leaf, str) else json.dumps(leaf)


def _leaves(figures: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(path, value) of every scalar in metrics.json: "attendance.registered",
    "breakdowns.gender.categories.0.count"."""
    if isinstance(figures, dict):
        for name, value in figures.items():
            yield from _leaves(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(figures, list | tuple):
        for i, value in enumerate(figures):
            yield from _leaves(value, f"{prefix}.{i}" if prefix else str(i))
    else:
        yield prefix, figures


def _create_tables(con: Any) -> None:
    for table, columns in SCHEMA.items():
        body = ", ".join(f"{name} {kind}" for name, kind in columns)
        con.execute(f"CREATE TABLE {table} ({body})")


def _insert(con: Any, table: str, frame: pd.DataFrame) -> None:
    """Load ``frame`` into ``table`` through DuckDB's pandas scan, in a stable row order."""
    names = ", ".join(name for name, _ in SCHEMA[table])
    con.register("incoming", frame[[name for name, _ in SCHEMA[table]]])
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming ORDER BY {ORDER[table]}")
    finally:
        con.unregister("incoming")


def _event_rows(project: Project, event: str, secret: bytes) -> tuple[dict[str, pd.DataFrame] | None, str]:
    """One event's rows for each table, or None and why its inputs cannot be read."""
    from .errors import ReportgenError
    from .pipeline import check_event

    try:
        checked = check_event(project, event)
    except ReportgenError as error:
        return None, str(error)
    return event_frames(checked, secret), ""


def _read_events(project: Project, names: list[str], secret: bytes) -> list[tuple[dict[str, pd.DataFrame] | None, str]]:
    """``_event_rows`` of each event, in order: in forked worker processes (one per core, up to
    four) from ``PARALLEL_FROM`` events on, else in this one."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if len(names) < PARALLEL_FROM or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_event_rows(project, name, secret) for name in names]
    with ProcessPoolExecutor(min(cores, 4), mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_event_rows, [project] * len(names), names, [secret] * len(names), chunksize=4))


def rebuild_store(project: Project, report: Callable[[str], None] | None = None) -> Path:
    """Build data/store.duckdb afresh from every event folder; its path.

    An event that cannot be read (an error in its exports or event.yaml) is left out and
    ``report`` (or the log) says which and why; the others are stored."""
    import duckdb

    say = report or log.warning
    secret = store_secret(project)
    assert secret is not None
    frames: dict[str, list[pd.DataFrame]] = {table: [] for table in SCHEMA}
    names = project.event_names()
    for event, (rows, error) in zip(names, _read_events(project, names, secret), strict=True):
        if rows is None:
            say(f"{event}: left out of the store, its inputs have errors; run 'reportgen validate {event}':\n{error}")
            continue
        for table, frame in rows.items():
            frames[table].append(frame)
    target = store_path(project)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.stem}-{uuid.uuid4().hex[:8]}.duckdb")
    try:
        con = duckdb.connect(str(temporary))
        try:
            _create_tables(con)
            for table, parts in frames.items():
                if parts:
                    _insert(con, table, pd.concat(parts, ignore_index=True))
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(temporary, target)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return target


def store_summary(path: Path) -> str:
    """What the store holds, in words: "3 events, 178 participants (12 anonymous)"."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        people, anonymous = con.execute("SELECT count(*), count(*) FILTER (WHERE anonymous) FROM participants").fetchone()
    finally:
        con.close()
    return f"{events} events, {people} participants ({anonymous} anonymous, joined to no one)"


def update_event(project: Project, checked: CheckedEvent) -> bool:
    """Replace ``checked``'s rows in the store, in one transaction; False (nothing done) when
    there is no store yet or no secret to key it with."""
    target = store_path(project)
    if not target.exists():
        return False
    secret = store_secret(project, create=False)
    if secret is None:  # a new secret would give everyone new keys: only a rebuild may make one
        raise FileNotFoundError(f"{secret_path(project)} is missing; run 'reportgen store' to rebuild the store")
    import duckdb

    frames = event_frames(checked, secret)
    con = duckdb.connect(str(target))
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            for table in SCHEMA:
                con.execute(f"DELETE FROM {table} WHERE event = ?", [checked.event])
                _insert(con, table, frames[table])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    return True


def refresh_after_build(project: Project, checked: CheckedEvent) -> None:
    """After a successful build: update the event's rows in the store if there is one. A
    failure is a warning, never a failed build (the pack is already published)."""
    try:
        if update_event(project, checked):
            log.info("Updated %s in %s", checked.event, store_path(project).name)
    except Exception as error:  # noqa: BLE001 - the store is a convenience copy of the folders
        log.warning(
            "The pack was built, but the store (data/%s) was not updated: %s. "
            "Run 'reportgen store' to rebuild it.", STORE_FILE, error,
        )
