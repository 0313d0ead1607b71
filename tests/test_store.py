"""The store (data/store.duckdb): three small events whose figures are worked out by hand, the
queries of docs/store.md against them, the participant key, and what the store must never hold."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import stat
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.pipeline import build_pack, check_event
from reportgen.store import person_keys, rebuild_store, secret_path, store_path, update_event

from .events import minimal_project, write_csv

DOCS = Path(__file__).resolve().parent.parent / "docs" / "store.md"

EVENT_YAML = """title: {title}
date: {date}
series: Test leadership community
brand: default
sources:
  - file: registration.csv
    role: registration
    key: {{column: Email, type: email}}
    fields:
      sector: {{column: Sector}}
  - file: attendance.csv
    role: attendance
    key: {{column: Email, type: email}}
  - file: survey.csv
    role: survey
    key: {survey_key}
    questions:
      - {{id: confidence, column: Before, text: I feel confident leading change, type: scale, scale: [1, 10], phase: pre}}
      - {{id: confidence, column: After, text: I feel confident leading change, type: scale, scale: [1, 10], phase: post}}
      - {{id: recommend, column: Recommend, text: I would recommend this event, type: choice}}
      - {{id: improve, column: Improve, text: "What could we improve?", type: text}}
breakdowns:
  - {{field: sector, title: Sector, basis: attended}}
impact:
  confidence: confidence
  recommend: {{question: recommend, positive: ["Yes"]}}
  improve: improve
"""
EMAIL_KEY = "{column: Email, type: email}"
SURVEY = ["Email", "Before", "After", "Recommend", "Improve"]
ANONYMOUS_SURVEY = ["Before", "After", "Recommend", "Improve"]
WORDY = "More time for the small group discussions please, write to me at p1@org.example about it"


def add_event(project, name: str, title: str, registered, attended, survey, *, anonymous: bool = False) -> None:
    folder = project.events_dir / name
    folder.mkdir(parents=True)
    (folder / "event.yaml").write_text(
        EVENT_YAML.format(title=title, date=name, survey_key="none" if anonymous else EMAIL_KEY), encoding="utf-8"
    )
    write_csv(folder / "registration.csv", ["Email", "Sector"], registered)
    write_csv(folder / "attendance.csv", ["Email"], [[email] for email in attended])
    write_csv(folder / "survey.csv", ANONYMOUS_SURVEY if anonymous else SURVEY, survey)


@pytest.fixture
def three_events(tmp_path):
    """Three events of one series; p1..p9 are people, some of whom come back.

    2023-01-10: registered p1-p6, attended p1 p2 p3 p5; survey p1 (4 -> 6), p2 (5 -> 8), p3 (6 -> 6).
    2023-03-14: registered p1 (written " P1@ORG.example "), p2, p7, p8; attended p1 p7 p8;
                survey p1 (5 -> 7), p7 (3 -> 6).
    2023-06-20: registered p2 p3 p7; attended p2 p3 p7 and p9 (not registered);
                an anonymous survey of two (6 -> 8, 7 -> 7).
    """
    project = minimal_project(tmp_path / "project")
    add_event(
        project, "2023-01-10", "First meeting",
        [["p1@org.example", "NHS"], ["p2@org.example", "NHS"], ["p3@org.example", "Council"],
         ["p4@org.example", "Council"], ["p5@org.example", "Charity"], ["p6@org.example", "NHS"]],
        ["p1@org.example", "p2@org.example", "p3@org.example", "p5@org.example"],
        [["p1@org.example", "4", "6", "Yes", WORDY],
         ["p2@org.example", "5", "8", "Yes", "Nothing, it was a really good session"],
         ["p3@org.example", "6", "6", "No", ""]],
    )
    add_event(
        project, "2023-03-14", "Second meeting",
        [[" P1@ORG.example ", "NHS"], ["p2@org.example", "NHS"], ["p7@org.example", "Council"], ["p8@org.example", "Charity"]],
        ["p1@org.example", "p7@org.example", "p8@org.example"],
        [["p1@org.example", "5", "7", "Yes", ""], ["p7@org.example", "3", "6", "Yes", ""]],
    )
    add_event(
        project, "2023-06-20", "Third meeting",
        [["p2@org.example", "NHS"], ["p3@org.example", "Council"], ["p7@org.example", "Council"]],
        ["p2@org.example", "p3@org.example", "p7@org.example", "p9@org.example"],
        [["6", "8", "Yes", ""], ["7", "7", "Yes", ""]],
        anonymous=True,
    )
    return project


def doc_queries() -> dict[str, str]:
    """The SQL blocks of docs/store.md, by the heading above each."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.findall(r"^### (.+?)\n.*?```sql\n(.*?)```", text, flags=re.DOTALL | re.MULTILINE)
    return {heading.strip(): sql for heading, sql in found}


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_the_docs_have_three_queries():
    assert list(doc_queries()) == [
        "People who come back: new and returning attendees per event",
        "Who came, per event and sector",
        "Confidence before and after, per event",
    ]


def test_returning_people_query(three_events):
    path = rebuild_store(three_events)
    sql = doc_queries()["People who come back: new and returning attendees per event"]
    # 2023-01-10: p1 p2 p3 p5 all new. 2023-03-14: p1 returns, p7 p8 new.
    # 2023-06-20: p2 p3 (January) and p7 (March) return, p9 new.
    assert query(path, sql) == [
        ("2023-01-10", 4, 4, 0),
        ("2023-03-14", 3, 2, 1),
        ("2023-06-20", 4, 1, 3),
    ]


def test_attendance_by_sector_query(three_events):
    path = rebuild_store(three_events)
    sql = doc_queries()["Who came, per event and sector"]
    assert query(path, sql) == [
        ("2023-01-10", "Charity", 1, 1),   # p5
        ("2023-01-10", "Council", 2, 1),   # p3 p4, p3 came
        ("2023-01-10", "NHS", 3, 2),       # p1 p2 p6, p1 p2 came
        ("2023-03-14", "Charity", 1, 1),   # p8
        ("2023-03-14", "Council", 1, 1),   # p7
        ("2023-03-14", "NHS", 2, 1),       # p1 p2, p1 came
        ("2023-06-20", "Council", 2, 2),   # p3 p7
        ("2023-06-20", "NHS", 1, 1),       # p2
        ("2023-06-20", "Not answered", 0, 1),  # p9 came without registering; the two anonymous respondents neither
    ]


def test_confidence_means_query(three_events):
    path = rebuild_store(three_events)
    sql = doc_queries()["Confidence before and after, per event"]
    assert query(path, sql) == [
        ("2023-01-10", 3, 5.0, 6.67),  # (4+5+6)/3, (6+8+6)/3
        ("2023-03-14", 2, 4.0, 6.5),   # (5+3)/2, (7+6)/2
        ("2023-06-20", 2, 6.5, 7.5),   # (6+7)/2, (8+7)/2: anonymous, before and after on one row
    ]


def test_the_published_figures_are_those_of_metrics_json(three_events):
    path = rebuild_store(three_events)
    metrics = check_event(three_events, "2023-01-10").metrics
    rows = {
        p: (v, t) for p, v, t in query(path, "SELECT path, value, text FROM metrics WHERE event = '2023-01-10'")
    }
    assert rows["attendance.registered"] == (6.0, "6")
    assert rows["attendance.attended"] == (4.0, "4")
    assert rows["confidence.pre_mean"] == (metrics["confidence"]["pre_mean"], str(metrics["confidence"]["pre_mean"]))
    assert rows["event.title"] == (None, "First meeting")
    assert rows["recommend.text"] == (None, metrics["recommend"]["text"])
    # Suppressed as published: 2 NHS attendees are "fewer than 5", never 2.
    nhs = metrics["breakdowns"]["sector"]["categories"][2]
    assert nhs["category"] == rows["breakdowns.sector.categories.2.category"][1] == "NHS"
    assert rows["breakdowns.sector.categories.2.count"] == (None, None)
    assert rows["breakdowns.sector.categories.2.count_text"] == (None, "fewer than 5") == (None, nhs["count_text"])
    # A quote as published, its address redacted.
    assert rows["improve.themes.0.quotes.0"][1] == WORDY.replace("p1@org.example", "[e-mail address]")


def test_person_key_is_the_keyed_hash_of_the_normalised_email(three_events):
    path = rebuild_store(three_events)
    secret = secret_path(three_events).read_text(encoding="ascii").strip().encode("ascii")
    p1 = hmac.new(secret, b"email:p1@org.example", hashlib.sha256).hexdigest()
    rows = query(path, "SELECT event, participant_id FROM participants WHERE person_key = ? ORDER BY event", [p1])
    # " P1@ORG.example " at the second event is the same person.
    assert [event for event, _ in rows] == ["2023-01-10", "2023-03-14"]
    assert person_keys(three_events, "2023-03-14")[rows[1][1]] == p1
    stored = dict(query(path, "SELECT participant_id, person_key FROM participants WHERE event = '2023-03-14'"))
    assert person_keys(three_events, "2023-03-14") == stored


def test_the_secret_is_private_and_kept(three_events):
    assert not secret_path(three_events).exists()
    first = rebuild_store(three_events)
    mode = stat.S_IMODE(secret_path(three_events).stat().st_mode)
    assert mode == 0o600
    keys = query(first, "SELECT person_key FROM participants ORDER BY event, participant_id")
    first.unlink()
    assert query(rebuild_store(three_events), "SELECT person_key FROM participants ORDER BY event, participant_id") == keys


def test_anonymous_respondents_have_no_key_and_join_nothing(three_events):
    path = rebuild_store(three_events)
    rows = query(path, "SELECT anonymous, person_key IS NULL, count(*) FROM participants WHERE event = '2023-06-20' GROUP BY ALL ORDER BY ALL")
    assert rows == [(False, False, 4), (True, True, 2)]
    assert query(path, "SELECT count(*) FROM participants WHERE anonymous AND person_key IS NOT NULL") == [(0,)]


def test_the_store_holds_no_email_address(three_events):
    path = rebuild_store(three_events)
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR' OR data_type = 'VARCHAR[]'"
        ).fetchall()
        assert len(columns) > 20
        texts = []
        for table, column in columns:
            texts += [str(v) for (v,) in con.execute(f'SELECT "{column}" FROM {table}').fetchall() if v is not None]
        # The free-text answer that holds an address is not stored at all.
        assert con.execute("SELECT count(*) FROM responses WHERE question_id = 'improve'").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM responses").fetchone() == (3 * 3 + 2 * 3 + 2 * 3,)
    finally:
        con.close()
    assert texts
    assert not [t for t in texts if "@" in t or "org.example" in t.lower()]
    assert path.read_bytes().find(b"org.example") == -1


def test_rebuilding_gives_the_same_results(three_events):
    everything = [
        *doc_queries().values(),
        "SELECT * FROM events ORDER BY event",
        "SELECT * FROM participants ORDER BY event, participant_id",
        "SELECT * FROM responses ORDER BY ALL",
        "SELECT * FROM metrics ORDER BY event, path",
    ]
    first = [repr(query(rebuild_store(three_events), sql)) for sql in everything]
    store_path(three_events).unlink()
    second = [repr(query(rebuild_store(three_events), sql)) for sql in everything]
    assert first == second


def test_a_build_updates_its_event_in_an_existing_store_only(three_events, caplog):
    folder = build_pack(three_events, "2023-03-14", pdf=False, parallel=False).folder
    assert not store_path(three_events).exists()  # a build never creates the store
    # The normalised keys the ETL keeps for the store are written to no output, private or not.
    assert check_event(three_events, "2023-03-14").tidy.person_keys["P001"] == "email:p1@org.example"
    written = [p for p in folder.rglob("*") if p.is_file()]
    assert len(written) > 10 and not [p for p in written if b"org.example" in p.read_bytes()]
    path = rebuild_store(three_events)
    before = query(path, "SELECT * FROM participants ORDER BY ALL")
    # A late registration for the March event, then a build of it: only its rows change.
    registration = three_events.events_dir / "2023-03-14" / "registration.csv"
    registration.write_text(registration.read_text(encoding="utf-8") + "p6@org.example,NHS\n", encoding="utf-8")
    build_pack(three_events, "2023-03-14", pdf=False, parallel=False)
    after = query(path, "SELECT * FROM participants ORDER BY ALL")
    assert len(after) == len(before) + 1
    assert [r for r in after if r[0] != "2023-03-14"] == [r for r in before if r[0] != "2023-03-14"]
    assert query(path, "SELECT value FROM metrics WHERE event = '2023-03-14' AND path = 'attendance.registered'") == [(5.0,)]
    # A store that cannot be opened does not fail the build: it warns.
    path.write_bytes(b"not a database")
    with caplog.at_level(logging.WARNING):
        result = build_pack(three_events, "2023-03-14", pdf=False, parallel=False)
    assert result.html.exists()
    assert "the store (data/store.duckdb) was not updated" in caplog.text


def test_update_event_replaces_rows_in_one_transaction(three_events):
    path = rebuild_store(three_events)
    checked = check_event(three_events, "2023-01-10")
    counts = query(path, "SELECT (SELECT count(*) FROM participants), (SELECT count(*) FROM metrics)")
    assert update_event(three_events, checked)
    assert update_event(three_events, checked)
    assert query(path, "SELECT (SELECT count(*) FROM participants), (SELECT count(*) FROM metrics)") == counts


def add_broken_event(project) -> None:
    """Event 2023-09-01: 2023-01-10's event.yaml over a registration export with no rows."""
    broken = project.events_dir / "2023-09-01"
    broken.mkdir()
    (broken / "event.yaml").write_text(
        (project.events_dir / "2023-01-10" / "event.yaml").read_text(encoding="utf-8").replace("2023-01-10", "2023-09-01"),
        encoding="utf-8",
    )
    write_csv(broken / "registration.csv", ["Email", "Sector"], [])


def test_store_command(three_events):
    # An event whose export is broken is left out and named; the others are stored.
    add_broken_event(three_events)
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(three_events.root), "store"])
    assert result.exit_code == 1, result.output
    assert "2023-09-01: left out of the store" in result.output
    assert "Wrote data/store.duckdb: 3 events, 16 participants (2 anonymous, joined to no one)" in result.output  # 6 + 4 + (4 + 2)
    assert query(store_path(three_events), "SELECT event FROM events ORDER BY event") == [
        ("2023-01-10",), ("2023-03-14",), ("2023-06-20",)
    ]


def synthetic_series(project, events: int, people: int, pool: int) -> None:
    """``events`` events of ``people`` registrations each, drawn from a pool of ``pool`` people
    (person i registers for event e when (i + 7e) mod pool < people), everyone who registered
    attending, every other one answering the survey."""
    for e in range(events):
        name = f"2024-{1 + e // 28:02d}-{1 + e % 28:02d}"
        chosen = [i for i in range(pool) if (i + 7 * e) % pool < people]
        add_event(
            project, name, f"Meeting {e + 1}",
            [[f"person{i}@org.example", ("NHS", "Council", "Charity")[i % 3]] for i in chosen],
            [f"person{i}@org.example" for i in chosen],
            [[f"person{i}@org.example", str(1 + i % 10), str(1 + (i + 3) % 10), "Yes", ""] for i in chosen[::2]],
        )


def test_a_synthetic_series_is_stored_whole(tmp_path):
    """(50 events of 200 people load in a few seconds: see docs/store.md; here a smaller series.)"""
    project = minimal_project(tmp_path / "project")
    synthetic_series(project, events=4, people=20, pool=30)
    path = rebuild_store(project)
    assert query(path, "SELECT count(*), count(DISTINCT person_key) FROM participants") == [(80, 30)]
    per_person = query(path, "SELECT n, count(*) FROM (SELECT person_key, count(*) AS n FROM participants GROUP BY 1) GROUP BY n ORDER BY n")
    # Person i comes to event e when (i + 7e) mod 30 < 20: counted by hand over e = 0..3.
    expected: dict[int, int] = {}
    for i in range(30):
        n = sum((i + 7 * e) % 30 < 20 for e in range(4))
        expected[n] = expected.get(n, 0) + 1
    assert per_person == sorted(expected.items())


def test_events_read_on_every_core_give_the_same_store(three_events, monkeypatch):
    """From PARALLEL_FROM events on, events are read in worker processes: the same rows, and an
    event with errors is still left out by name."""
    from reportgen import store

    add_broken_event(three_events)
    everything = [
        "SELECT * FROM events ORDER BY event",
        "SELECT * FROM participants ORDER BY event, participant_id",
        "SELECT * FROM responses ORDER BY ALL",
        "SELECT * FROM metrics ORDER BY event, path",
    ]
    told: list[str] = []
    path = rebuild_store(three_events, told.append)
    in_one = [repr(query(path, sql)) for sql in everything]
    monkeypatch.setattr(store, "PARALLEL_FROM", 2)
    told_by_workers: list[str] = []
    path = rebuild_store(three_events, told_by_workers.append)
    on_every_core = [repr(query(path, sql)) for sql in everything]
    assert on_every_core == in_one
    assert told_by_workers == told and len(told) == 1 and told[0].startswith("2023-09-01: left out of the store")
    assert "registration.csv" in told[0]


def test_code_keyed_people_get_the_hash_of_their_upper_cased_code(tmp_path):
    project = minimal_project(tmp_path / "project")
    folder = project.events_dir / "2023-02-01"
    folder.mkdir()
    (folder / "event.yaml").write_text(
        """title: Coded
date: 2023-02-01
sources:
  - file: registration.csv
    role: registration
    key: {column: Code, type: code}
  - file: survey.csv
    role: survey
    key: {column: Code, type: code}
    questions:
      - {id: recommend, column: Recommend, text: I would recommend this event, type: choice}
""",
        encoding="utf-8",
    )
    write_csv(folder / "registration.csv", ["Code"], [[" ab12 "], ["CD34"]])
    write_csv(folder / "survey.csv", ["Code", "Recommend"], [["AB12", "Yes"]])
    keys = person_keys(project, "2023-02-01")
    secret = secret_path(project).read_text(encoding="ascii").strip().encode("ascii")
    assert keys == {
        "P001": hmac.new(secret, b"code:AB12", hashlib.sha256).hexdigest(),
        "P002": hmac.new(secret, b"code:CD34", hashlib.sha256).hexdigest(),
    }
    assert query(rebuild_store(project), "SELECT participant_id, responded FROM participants ORDER BY 1") == [
        ("P001", True), ("P002", False)
    ]
