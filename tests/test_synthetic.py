"""The synthetic events make bench builds: seeded, distinct people, and figures a build counts
back exactly from the files written."""

from __future__ import annotations

import csv
import shutil

from reportgen.pipeline import check_event, describe_check
from reportgen.synthetic import write_event


def read(path):
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path):
    first = write_event(tmp_path / "a", 80, seed=7)
    second = write_event(tmp_path / "b", 80, seed=7)
    other = write_event(tmp_path / "c", 80, seed=8)
    for name in ("event.yaml", "registrations.csv", "attendance.csv", "feedback.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / "registrations.csv").read_bytes() != (other / "registrations.csv").read_bytes()


def test_people_are_distinct_and_realistic(tmp_path):
    folder = write_event(tmp_path / "big", 6000, seed=1)
    attendance = read(folder / "attendance.csv")
    assert len(attendance) == 6000
    assert len({row["Email"] for row in attendance}) == 6000
    assert len({(row["First Name"], row["Last Name"]) for row in attendance}) == 6000
    # Past the plain first-and-last pairs (136 x 128), a middle initial tells namesakes apart.
    assert any(" " in row["First Name"] for row in attendance)
    assert all(row["Email"].endswith(".example") for row in attendance)


def test_a_build_counts_what_was_written(project, tmp_path):
    shutil.rmtree(project.events_dir)
    folder = write_event(project.events_dir / "synthetic-120", 120, seed=3)
    registrations = read(folder / "registrations.csv")
    attendance = read(folder / "attendance.csv")
    survey = read(folder / "feedback.csv")
    people = {row["Email"] for row in registrations}
    came = {row["Email"] for row in attendance if row["Attended"] == "Yes"}
    assert len(people) == 120 and len(registrations) >= 120  # a few registered twice

    report = describe_check(check_event(project, "synthetic-120"))
    assert f"Registered: {len(people)}" in report
    assert f"Attended: {len(came)}" in report
    assert f"Feedback responses: {len(survey)}" in report
    assert "OK: no errors" in report
