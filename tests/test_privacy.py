"""Issue 5's rules on small hand-made cases: suppression (primary and secondary), representation
flags, consistency warnings, redaction, and references that must never be matched silently."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import EventConfig
from reportgen.metrics import (
    breakdown_counts,
    compare_with_population,
    consistency_warnings,
    describe_breakdown,
)
from reportgen.privacy import redact, suppression
from reportgen.reference import Population

from .conftest import SAMPLE
from .test_bad_input import fails_with


def test_primary_suppression_hides_1_to_4_and_keeps_zero():
    assert suppression([36, 6, 4, 2, 1, 1, 0], 5) == [None, None, "small", "small", "small", "small", None]
    assert suppression([5, 0, 0], 5) == [None, None, None]


def test_secondary_suppression_when_subtraction_would_reveal_the_hidden_count():
    # Women 38, men 10, non-binary 2 of a published total of 50: hiding only the 2 would leave
    # 50 - 38 - 10 = 2 for anyone to work out, so the next smallest (10) is hidden too.
    assert suppression([38, 10, 2], 5) == [None, "secondary", "small"]
    published = breakdown_counts(pd.Series(["Woman"] * 38 + ["Man"] * 10 + ["Non-binary"] * 2), ["Woman", "Man", "Non-binary"], 5)
    shown = {r["category"]: (r["count_text"], r["share"]["text"]) for r in published["categories"]}
    assert shown == {"Woman": ("38", "76%"), "Man": ("not shown", "not shown"), "Non-binary": ("fewer than 5", "fewer than 5")}
    # With two small counts hidden, their sum is known but neither count is: nothing more to hide.
    assert suppression([38, 9, 2, 1], 5) == [None, None, "small", "small"]


def test_threshold_is_configurable():
    assert suppression([12, 9, 3], 10) == [None, "small", "small"]
    assert suppression([1, 2, 3], 1) == [None, None, None]


def test_sentences_use_only_published_counts():
    result = breakdown_counts(pd.Series(["Woman"] * 38 + ["Man"] * 10 + ["Non-binary"] * 2), ["Woman", "Man", "Non-binary"], 5)
    result["field"] = "gender"
    assert describe_breakdown("gender", result, 5) == "76% woman, fewer than 5 man, fewer than 5 non-binary"
    assert "10" not in describe_breakdown("gender", result, 5)


def config_with(**extra) -> EventConfig:
    return EventConfig.model_validate(
        {"title": "t", "date": "2022-01-01", "sources": [{"file": "x.csv", "role": "registration", "key": {"column": "E"}}], **extra}
    )


def comparison(values: list[str], counts: dict[str, int], **rules):
    series = pd.Series(values)
    categories = list(counts)
    result = breakdown_counts(series, categories, 1)
    result.update(field="borough", label="Borough")
    population = Population("county population", "Census", 2021, "", counts)
    return compare_with_population(series, result, population, None, config_with(**({"representation": rules} if rules else {})))


def test_representation_flags_need_both_the_ratio_and_the_gap():
    # Population 50/30/20. Event of 100: A 70 (ratio 1.4, +20 points), B 13 (0.43, -17), C 17 (0.85, -3).
    result = comparison(["A"] * 70 + ["B"] * 13 + ["C"] * 17, {"A": 500, "B": 300, "C": 200})
    flags = {r["category"]: (r["ratio"], r["flag"]) for r in result["categories"]}
    assert flags == {"A": (1.4, "over"), "B": (0.43, "under"), "C": (0.85, None)}
    assert result["sentence"] == (
        "Fewer colleagues joined from B than its share of the county population. "
        "More colleagues joined from A than its share of the county population."
    )
    # C at 0.85 is not flagged; with ratio_below 0.9 and a 2-point gap it is.
    stricter = comparison(["A"] * 70 + ["B"] * 13 + ["C"] * 17, {"A": 500, "B": 300, "C": 200}, ratio_below=0.9, min_gap_points=2)
    assert {r["category"]: r["flag"] for r in stricter["categories"]}["C"] == "under"


def test_a_small_ratio_with_a_small_gap_is_not_flagged():
    # B: 1 of 100 against 3%: ratio 0.33 but only 2 points apart.
    result = comparison(["A"] * 99 + ["B"], {"A": 97, "B": 3})
    assert {r["category"]: r["flag"] for r in result["categories"]} == {"A": None, "B": None}
    assert result["sentence"].startswith("No group was under- or over-represented")


def test_consistency_warnings():
    result = {"label": "Gender", "total": 3, "categories": [
        {"count": 1, "share": {"pct": 33.3}}, {"count": 1, "share": {"pct": 33.3}}, {"count": 1, "share": {"pct": 33.3}},
    ]}
    assert consistency_warnings(result) == ["Gender: the percentages add to 99% after rounding each to a whole number"]
    result["total"] = 4
    assert "Gender: the categories add to 3, not the total of 4" in consistency_warnings(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring me on 07700 900123 or +44 20 7946 0018", "Ring me on [phone number] or [phone number]"),
        ("see www.example.org/page or https://x.example/a?b=1", "see [web address] or [web address]"),
        ("write to a.person+events@nhs.example.net", "write to [e-mail address]"),
        ("Thanks to Amira Khan and amira khan", "Thanks to [name] and [name]"),
        ("Will ask Khan later. Will do", "Will ask [name] later. Will do"),
        ("I will grace the meeting", "I will grace the meeting"),
    ],
)
def test_redaction(text, expected):
    assert redact(text, {"Amira Khan", "Amira", "Khan", "Will Price", "Will", "Price", "Grace"}) == expected


def test_scotland_reference_is_never_matched_to_england_and_wales_groups_silently(project):
    path = project.event_dir(SAMPLE) / "event.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "table: ethnicity-census2021\n      areas: [Bexley, Bromley, Greenwich, Lambeth, Lewisham, Southwark]",
        "table: ethnicity-scotland-census2022\n      areas: [Scotland]",
    )
    path.write_text(text, encoding="utf-8")
    output = fails_with(project, "breakdowns[1].reference.categories: 'Black' has no match in ethnicity-scotland-census2022")
    assert "map it explicitly" in output
    # Mapped explicitly, the comparison goes ahead.
    text = text.replace(
        "      areas: [Scotland]",
        "      areas: [Scotland]\n      categories: {Black: Caribbean or Black}",
    )
    path.write_text(text, encoding="utf-8")
    ran = CliRunner().invoke(cli, ["--root", str(project.root), "validate", SAMPLE])
    assert ran.exit_code == 0, ran.output
