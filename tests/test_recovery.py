"""The recovery attack: from everything a pack publishes, try to work out each hidden count.

A reader has metrics.json, the pack's text, the charts' alt text and the cards' text. Each
hidden count starts with what its label allows ("fewer than 5": 1 to 4; "not shown" as a
secondary: at least 5 and, since the rule hides the smallest, at most the smallest count still
shown; a withheld group: anything), and is narrowed by:

- subtraction: the counts of a group add up to its total (breakdowns, themes, single-choice
  polls, the confidence groups and their bands, which are linked: "went down" is "dropped",
  "stayed the same" is "same", the three "up" bands add up to "improved");
- percentages: any percentage of a hidden count, in metrics.json or in the text beside its name;
- ratios: a representation ratio over a base other than the total pins that base, and so the
  number who did not state the field; a flag on a hidden group bounds it;
- "N% not stated" in a sentence;
- a number printed beside a hidden category's name anywhere in the text;
- the quotes printed under a hidden theme (at least that many answers).

Domains are narrowed to a fixed point; a hidden count left with one possible value is recovered,
and the test fails. It runs on the three sample events as built, and on generated breakdowns.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reportgen.brand import load_brand
from reportgen.charts import breakdown_chart, reference_chart
from reportgen.config import EventConfig
from reportgen.metrics import (
    breakdown_counts,
    compare_with_population,
    describe_breakdown,
    round_half_up,
)
from reportgen.pipeline import build_pack, check_event
from reportgen.reference import Population

from .conftest import ROOT, copy_project
from .events import minimal_project
from .test_properties import events as generated_events
from .test_properties import write as write_event

EVENTS = ["2022-06-07", "2022-03-02", "2022-09-20"]
Var = tuple[str, ...]


@dataclass
class Attack:
    min_count: int
    domains: dict[Var, set[int]] = field(default_factory=dict)
    # (variables, constant, allowed values of sum(variables) + constant)
    sums: list[tuple[list[Var], int, set[int]]] = field(default_factory=list)

    def cell(self, key: Var, row: dict, total: int, shown: list[int]) -> Var | int:
        """A published count (an int) or a hidden one (a variable with its starting domain)."""
        if row["count"] is not None:
            return int(row["count"])
        reason = row.get("suppressed") or row["share"].get("suppressed")
        if reason == "small":
            domain = set(range(1, self.min_count))
        elif reason == "secondary":
            domain = set(range(self.min_count, min((c for c in shown if c), default=total) + 1))
        else:
            domain = set(range(total + 1))
        pct = row["share"].get("pct")
        if pct is not None:  # a percentage of a hidden count
            domain &= {n for n in range(total + 1) if round_half_up(100 * n / total, 1) == pct}
        self.domains[key] = domain
        return key

    def group(self, name: Var, rows: list[dict], total: int, label: str = "category") -> dict[str, Var | int]:
        shown = [int(r["count"]) for r in rows if r["count"] is not None]
        cells = {r[label]: self.cell((*name, r[label]), r, total, shown) for r in rows}
        self.add_sum(list(cells.values()), {total})
        return cells

    def add_sum(self, cells: list[Var | int], allowed: set[int]) -> None:
        variables = [c for c in cells if not isinstance(c, int)]
        constant = sum(c for c in cells if isinstance(c, int))
        if variables:
            self.sums.append((variables, constant, allowed))

    def mirror(self, var: Var, n: int) -> Var:
        """A variable equal to n - ``var``."""
        key = (*var, "mirror")
        if key not in self.domains:
            self.domains[key] = {n - v for v in self.domains[var] if 0 <= v <= n}
            self.add_sum([var, key], {n})
        return key

    def equal(self, a: Var | int, b: Var | int, n: int) -> None:
        if isinstance(a, int) and isinstance(b, int):
            assert a == b
        elif isinstance(a, int) or isinstance(b, int):
            var, value = (b, a) if isinstance(a, int) else (a, b)
            self.narrow(var, {value})  # type: ignore[arg-type]
        else:
            self.add_sum([a, self.mirror(b, n)], {n})

    def narrow(self, key: Var, allowed: set[int]) -> None:
        self.domains[key] &= allowed

    def solve(self) -> dict[Var, set[int]]:
        changed = True
        while changed:
            changed = False
            for variables, constant, allowed in self.sums:
                for i, var in enumerate(variables):
                    others = reachable([self.domains[v] for j, v in enumerate(variables) if j != i])
                    keep = {x for x in self.domains[var] if any(((others >> (a - constant - x)) & 1) for a in allowed if a - constant - x >= 0)}
                    if keep != self.domains[var]:
                        self.domains[var] = keep
                        changed = True
        return self.domains


def reachable(domains: list[set[int]]) -> int:
    """The sums the domains can make, as a bitset (bit s set: s is reachable)."""
    bits = 1
    for domain in domains:
        step = 0
        for value in domain:
            if value >= 0:
                step |= bits << value
        bits = step
    return bits


def rule_numbers(rule: str) -> tuple[float, float]:
    found = re.search(r"below ([\d.]+) of the population share and at least ([\d.]+) percentage points", rule)
    assert found, rule
    return float(found.group(1)), float(found.group(2))


def flag_of(event_pct: float, population_pct: float, ratio_below: float, gap_points: float) -> str | None:
    ratio = event_pct / population_pct if population_pct else None
    gap = event_pct - population_pct
    if ratio is not None and ratio < ratio_below and gap <= -gap_points:
        return "under"
    if ratio is not None and ratio > 1 / ratio_below and gap >= gap_points:
        return "over"
    return None


def attack_breakdown(attack: Attack, field_name: str, breakdown: dict, texts: list[str]) -> None:
    total = breakdown["total"]
    rows = breakdown["categories"]
    cells = attack.group(("breakdown", field_name), rows, total)
    not_stated = [cells[r["category"]] for r in rows if not r["stated"]]
    for found in re.finditer(r"(\d+)% not stated", breakdown["summary"]):
        attack.add_sum(not_stated, {k for k in range(total + 1) if round_half_up(100 * k / total) == int(found.group(1))})
    reference = breakdown.get("reference")
    if reference:
        # The base of the ratios: every number of people it could be.
        bases = set(range(1, total + 1))
        for row in reference["categories"]:
            count = cells[row["category"]]
            if row["ratio"] is not None and isinstance(count, int) and row["population"]:
                p = 100 * row["population"]["numerator"] / row["population"]["denominator"]
                bases = {d for d in bases if p and round_half_up(100 * count / d / p, 2) == row["ratio"]}
        if "among everyone counted" in reference["rule"]:
            assert total in bases  # ratios of everyone: they say nothing about who did not state
        else:
            attack.add_sum(not_stated, {total - d for d in bases})
        ratio_below, gap = rule_numbers(reference["rule"])
        for row in reference["categories"]:
            var = cells[row["category"]]
            # No flag on a hidden group may mean "it depends on the hidden count": only a flag says something.
            if isinstance(var, int) or not row["population"] or row["flag"] is None:
                continue
            p = 100 * row["population"]["numerator"] / row["population"]["denominator"]
            attack.narrow(var, {n for n in attack.domains[var] if any(flag_of(100 * n / d, p, ratio_below, gap) == row["flag"] for d in bases)})
    attack_text(attack, cells, total, texts)


def attack_text(attack: Attack, cells: dict[str, Var | int], total: int, texts: list[str]) -> None:
    """A number printed beside a hidden category's name: its count, or its percentage."""
    for name, var in cells.items():
        if isinstance(var, int):
            continue
        escaped = re.escape(name)
        for text in texts:
            for found in re.finditer(rf"(?i)\b{escaped}\b:? \(?(\d+)(%?)\)?|(?<!fewer than )\b(\d+)(%?) {escaped}\b", text):
                number = int(found.group(1) or found.group(3))
                if found.group(2) or found.group(4):
                    attack.narrow(var, {n for n in range(total + 1) if round_half_up(100 * n / total) == number})
                else:
                    attack.narrow(var, {number})


def attack_themes(attack: Attack, key: str, themes: list[dict]) -> None:
    if not themes:
        return
    total = themes[0]["share"]["denominator"]
    cells = attack.group(("themes", key), themes, total, label="theme")
    for theme in themes:
        var = cells[theme["theme"]]
        if not isinstance(var, int):
            attack.narrow(var, {n for n in attack.domains[var] if n >= len(theme["quotes"])})


def attack_confidence(attack: Attack, confidence: dict) -> None:
    n = confidence["n_paired"]
    if not n:
        return
    rows = []
    for key in ("improved", "same", "dropped"):
        share = confidence[key]
        rows.append({"key": key, "count": share["numerator"], "share": share, "suppressed": share.get("suppressed")})
    groups = attack.group(("confidence",), rows, n, label="key")
    bands = attack.group(("confidence", "bands"), confidence.get("changes", []), n, label="band")
    if not bands:
        return
    for band, key in (("Went down", "dropped"), ("Stayed the same", "same")):
        attack.equal(bands[band], groups[key], n)
    ups = [bands[b] for b in ("Up 1 point", "Up 2 points", "Up 3 or more points")]
    improved = groups["improved"]
    if isinstance(improved, int):
        attack.add_sum(ups, {improved})
    else:
        attack.add_sum([*ups, attack.mirror(improved, n)], {n})


def attack_attendance(attack: Attack, attendance: dict) -> None:
    """Those who came having registered and those who came without: together, everyone who came."""
    total = attendance["attended"]
    rows = []
    for key in ("registered_attended", "unregistered_attendees"):
        text = attendance.get(f"{key}_text") or ""
        reason = "small" if text.startswith("fewer than") else ("secondary" if attendance[key] is None else None)
        rows.append({"key": key, "count": attendance[key], "share": {"pct": None}, "suppressed": reason})
    if any(r["suppressed"] == "secondary" for r in rows) and not any(r["suppressed"] == "small" for r in rows):
        for row in rows:  # withheld as a group: anything
            row["suppressed"] = row["suppressed"] and "withheld"
    cells = attack.group(("attendance",), rows, total, label="key")
    came = cells["registered_attended"]
    if not isinstance(came, int) and attendance.get("registered") is not None:
        attack.narrow(came, set(range(attendance["registered"] + 1)))  # no more came than registered
    for found in re.finditer(r"(?<!fewer than )\b(\d+) of the (\d+) who registered came", attendance.get("who_came", "")):
        if not isinstance(came, int):
            attack.narrow(came, {int(found.group(1))})


def published_texts(folder: Path, metrics: dict) -> dict[str, list[str]]:
    """The text published about each breakdown: its sentence and comparison as the pack prints
    them (checked to be in the pack's visible text), and its chart's alt text (in the pack and
    in charts/)."""
    page = (folder / "pack.html").read_text(encoding="utf-8")
    page = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", page)
    alts = [html.unescape(a) for a in re.findall(r'alt="([^"]*)"', page)]
    visible = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    texts = {}
    for field_name, breakdown in metrics["breakdowns"].items():
        own = [breakdown["summary"]]
        if "reference" in breakdown:
            own.append(breakdown["reference"]["sentence"])
        for sentence in own:
            assert " ".join(sentence.split()) in visible, sentence
        for chart in (f"{field_name}.txt", f"{field_name}-vs-population.txt"):
            if (folder / "charts" / chart).exists():
                alt = (folder / "charts" / chart).read_text(encoding="utf-8").strip()
                assert alt in alts
                own.append(alt)
        texts[field_name] = own
    return texts


def attack_metrics(metrics: dict, texts: dict[str, list[str]]) -> dict[Var, set[int]]:
    attack = Attack(metrics["privacy"]["min_count"])
    for field_name, breakdown in metrics["breakdowns"].items():
        attack_breakdown(attack, field_name, breakdown, texts.get(field_name, []) + [breakdown["summary"]])
    for key in ("went_well", "improve", "key_theme_reflections"):
        if key in metrics:
            attack_themes(attack, key, metrics[key]["themes"])
    if "confidence" in metrics:
        attack_confidence(attack, metrics["confidence"])
    attendance = metrics.get("attendance") or {}
    if attendance.get("attended") and "registered_attended" in attendance:
        attack_attendance(attack, attendance)
    polls = metrics.get("polls", []) + ([metrics["why_people_came"]] if "why_people_came" in metrics else [])
    for poll in polls:
        if poll["type"] != "multi" and poll["respondents"]:
            attack.group(("poll", poll["question_id"]), poll["options"], poll["respondents"], label="option")
    return attack.solve()


def recovered(domains: dict[Var, set[int]]) -> dict[Var, int]:
    assert all(domains.values()), f"the attack's model of the rules is wrong: {[k for k, v in domains.items() if not v]}"
    return {k: next(iter(v)) for k, v in domains.items() if len(v) == 1 and k[-1] != "mirror"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    project = copy_project(tmp_path_factory.mktemp("recovery") / "project")
    return {event: build_pack(project, event, pdf=False).folder for event in EVENTS}


@pytest.mark.parametrize("event", EVENTS)
def test_no_hidden_count_can_be_worked_out_from_a_sample_pack(built, event):
    folder = built[event]
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    domains = attack_metrics(metrics, published_texts(folder, metrics))
    assert domains, "the attack found no hidden count: check it still reads metrics.json"
    assert recovered(domains) == {}


def test_the_attack_recovers_what_the_old_rules_gave_away():
    """The attack is not toothless: the two leaks of issue 10, published as they were."""
    # Ratios over the 49 who stated an ethnicity (1.22, 0.63) with "Prefer not to say" hidden.
    metrics = json.loads((ROOT / "tests" / "recovery" / "leaky-metrics.json").read_text(encoding="utf-8"))
    assert recovered(attack_metrics(metrics, {})) == {
        ("breakdown", "ethnicity", "Prefer not to say"): 1,
        ("themes", "improve", "Comments"): 4,
    }


# Generated breakdowns: counts for four categories and "Prefer not to say", against a population.
@settings(max_examples=150, deadline=None)
@given(
    counts=st.lists(st.integers(0, 40), min_size=5, max_size=5).filter(lambda c: sum(c) > 0),
    weights=st.lists(st.integers(1, 100), min_size=4, max_size=4),
)
def test_no_hidden_count_can_be_worked_out_from_generated_breakdowns(counts, weights):
    categories = ["White", "Black", "Asian", "Mixed", "Prefer not to say"]
    values = pd.Series([c for c, n in zip(categories, counts) for _ in range(n)])
    config = EventConfig.model_validate(
        {"title": "t", "date": "2022-01-01", "sources": [{"file": "x.csv", "role": "registration", "key": {"column": "E"}}]}
    )
    result = breakdown_counts(values, categories[:4], 5)
    result.update(field="ethnicity", label="Ethnicity", basis="registered", basis_text="people who registered", title="Ethnicity", chart=True)
    population = Population("the population", "Census", 2021, "", dict(zip(categories[:4], [w * 1000 for w in weights])))
    result["reference"] = compare_with_population(values, result, population, None, config)
    result["summary"] = describe_breakdown("ethnicity", result, 5)
    brand = load_brand(ROOT / "templates" / "brands", "default")
    texts = [result["summary"], result["reference"]["sentence"], breakdown_chart(result, brand)[1], reference_chart(result, brand)[1]]
    metrics = {"privacy": {"min_count": 5}, "breakdowns": {"ethnicity": result}}
    assert recovered(attack_metrics(metrics, {"ethnicity": texts})) == {}


@settings(max_examples=300, deadline=None)
@given(counts=st.lists(st.integers(0, 30), min_size=2, max_size=8).filter(lambda c: sum(c) > 0), min_count=st.integers(2, 10))
def test_no_hidden_count_of_a_generated_group_can_be_worked_out(counts, min_count):
    """Any group (a poll, the confidence groups, themes) as metrics publishes it."""
    result = breakdown_counts(pd.Series([f"c{i}" for i, n in enumerate(counts) for _ in range(n)]), [f"c{i}" for i in range(len(counts))], min_count)
    attack = Attack(min_count)
    attack.group(("group",), result["categories"], result["total"])
    assert recovered(attack.solve()) == {}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(event=generated_events())
def test_no_hidden_count_can_be_worked_out_from_a_generated_event(tmp_path_factory, event):
    """Whole generated events (tests/test_properties.py's): registration, attendance, surveys."""
    project = _generated_project(tmp_path_factory)
    # An export with no rows stops the event (tests/test_properties.py checks the message).
    assume(not [r for r in ("registration", "attendance", "survey", "pre") if event.get(r) == []])
    metrics = check_event(project, write_event(project, event)).metrics
    assert recovered(attack_metrics(metrics, {})) == {}


_PROJECTS: dict[str, object] = {}


def _generated_project(tmp_path_factory):
    if "project" not in _PROJECTS:
        _PROJECTS["project"] = minimal_project(tmp_path_factory.mktemp("recovery-generated") / "project")
    return _PROJECTS["project"]
