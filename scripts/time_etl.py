"""Time the ETL (``build_tidy``) on a seeded, scaled copy of the sample event 2022-06-07.

    python scripts/time_etl.py 500 5000 50000

Writes the exports as CSV under a temporary project (registration, attendance and feedback with
``n`` registrations, everyone on the attendance list, a third answering the survey, a few
duplicate submissions and rejoins) and prints build_tidy's time and its cost per person.
Not a test: speed is checked by ``make bench``; this only shows the ETL's share and its scaling.
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from reportgen import etl
from reportgen.config import EventConfig, load_event_config
from reportgen.etl import build_tidy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "events" / "2022-06-07"


def make_event(folder: Path, n: int, seed: int = 7) -> None:
    """A copy of the sample event with ``n`` registrations, as CSV exports."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    config = (SAMPLE / "event.yaml").read_text(encoding="utf-8").replace("registrations.xlsx", "registrations.csv")
    (folder / "event.yaml").write_text(config, encoding="utf-8")
    event = load(folder)
    registration, _attendance, survey = event.sources
    reg_columns = ["Email", "Name"] + [m.column for k, m in registration.fields.items() if k != "name"]
    reg_columns += [q.column for q in registration.questions]
    with (folder / "registrations.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(reg_columns)
        for i in range(n):
            row = [f"person{i}@example.org", f"Person {i}"]
            row += [rng.choice(list(m.answers or {"x": "x"})) for k, m in registration.fields.items() if k != "name"]
            row += [str(rng.randint(1, 10)) for _ in registration.questions]
            out.writerow(row)
            if i % 97 == 0:  # a duplicate submission now and then
                out.writerow(row)
    with (folder / "attendance.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Attended", "First Name", "Last Name", "Email", "Join Time", "Leave Time", "Time in Session (minutes)"])
        for i in range(n):
            out.writerow([rng.choice(["Yes", "Yes", "No"]), "Person", str(i), f"person{i}@example.org", "", "", ""])
    with (folder / "feedback.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Timestamp", "Email address", *[q.column for q in survey.questions]])
        for i in range(0, n, 3):
            row = [f"2022/06/07 07:{i % 60:02d}:00 PM GMT+1", f"Person{i}@Example.org"]
            for q in survey.questions:
                if q.type == "scale":
                    row.append(str(rng.randint(1, 10)))
                elif q.answers:
                    row.append(rng.choice(list(q.answers)))
                else:
                    row.append(rng.choice(["", "Talk to my team about it.", "n/a", "Share the slides with colleagues."]))
            out.writerow(row)


def load(folder: Path) -> EventConfig:
    return load_event_config(
        folder, known_brands={"sel-leadership", "default"}, known_tables={"ethnicity-census2021", "borough-population-census2021"}
    )


def main(sizes: list[int]) -> None:
    reading = [0.0]
    read_source = etl.read_source

    def timed_read(*args, **kwargs):  # the readers' share, apart from the ETL's own work
        start = time.process_time()
        try:
            return read_source(*args, **kwargs)
        finally:
            reading[0] += time.process_time() - start

    etl.read_source = timed_read
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"event-{n}"
            make_event(folder, n)
            config = load(folder)
            reading[0] = 0.0
            start, cpu = time.perf_counter(), time.process_time()
            tidy = build_tidy(config, folder)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            people = len(tidy.participants)
            own = cpu - reading[0]
            print(f"{n:>6} registrations: {people} people, {len(tidy.responses)} answers; build_tidy {seconds:.2f} s "
                  f"wall, {cpu:.2f} s CPU: readers {reading[0]:.2f} s, ETL {own:.2f} s "
                  f"({own / people * 1e6:.0f} µs CPU a person)")
            shutil.rmtree(folder)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 5000])
