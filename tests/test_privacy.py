"""Issue 5's rules on small hand-made cases: suppression (primary and secondary), representation
flags, consistency warnings, redaction, and references that must never be matched silently."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import EventConfig
from reportgen.metrics import (
    MAX_QUOTE_CHARS,
    breakdown_counts,
    compare_with_population,
    consistency_warnings,
    describe_breakdown,
    quotes_note,
    themed_quotes,
    usable_quotes,
)
from reportgen.outputs import write_csv
from reportgen.privacy import nhs_number_valid, redact, suppression
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
    # The 10 men are hidden only to protect the 2: "not shown", never "fewer than 5".
    assert describe_breakdown("gender", result, 5) == "76% woman, fewer than 5 non-binary, man not shown"
    assert "10" not in describe_breakdown("gender", result, 5)


def test_secondary_suppression_is_never_called_fewer_than_5():
    # The case: 36 female, 12 male, 2 non-binary of 50.
    result = breakdown_counts(pd.Series(["Female"] * 36 + ["Male"] * 12 + ["Non-binary"] * 2), ["Female", "Male", "Non-binary"], 5)
    text = describe_breakdown("gender", result, 5)
    assert text == "72% female, fewer than 5 non-binary, male not shown"
    assert "fewer than 5 male" not in text
    other = breakdown_counts(pd.Series(["A"] * 36 + ["B"] * 12 + ["C"] * 2), ["A", "B", "C"], 5)
    assert describe_breakdown("sector", other, 5) == (
        "The largest group was A (36 of 50); fewer than 5 each from C; the number in B is not shown, to protect a smaller group."
    )


def test_audit_hides_more_until_no_hidden_count_can_be_worked_out():
    # Two counts of 4 hidden in a total of 18 with 10 shown: 18 - 10 = 8 = 4 + 4, so both are
    # pinned (each is at most 4): the 10 goes too.
    assert suppression([10, 4, 4], 5) == ["secondary", "small", "small"]
    # 5, 5, 2 of 12: hiding the 2 and one 5 is not enough, since the rule hides the smallest
    # count, so the hidden 5 is at most the 5 still shown: both 5s go.
    assert suppression([5, 5, 2], 5) == ["secondary", "secondary", "small"]
    # 5 and 1 of 6: the 1 is 1 to 4, the 5 at least 5, together 6: only 5 + 1 fits. Nothing
    # else to hide, so the group is withheld (zeros too: who is not there would tell).
    assert suppression([5, 1], 5) == ["withheld", "withheld"]
    assert suppression([3, 0, 0], 5) == ["withheld", "withheld", "withheld"]
    # A count on its own (a tick-all-that-apply option) is part of no total.
    assert suppression([3], 5) == ["small"]


def test_one_hidden_count_with_every_other_count_zero_is_withheld():
    result = breakdown_counts(pd.Series(["Female"] * 3), ["Female", "Male", "Non-binary"], 5)
    assert [r["count_text"] for r in result["categories"]] == ["not shown"] * 3
    assert describe_breakdown("gender", result, 5).startswith("Not shown: the groups are too small")


def test_everyone_preferring_not_to_say_is_not_no_one_answering():
    result = breakdown_counts(pd.Series(["Prefer not to say"] * 12), ["Female", "Male", "Prefer not to say"], 5)
    assert describe_breakdown("gender", result, 5) == (
        "No one stated their gender: everyone counted preferred not to say or did not answer."
    )
    empty = breakdown_counts(pd.Series([], dtype=object), ["Female", "Male"], 5)
    assert describe_breakdown("gender", empty, 5) == "No one answered this question."


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NHS numbers as people write them: spaced, run together, hyphenated, in brackets.
        ("My NHS number is 943 476 5919 if needed", "My NHS number is [NHS number] if needed"),
        ("nhs no. 9434765919.", "nhs no. [NHS number]."),
        ("ref 943-476-5919 and (401 023 2137)", "ref [NHS number] and ([NHS number])"),
        ("NHS:4010232137", "NHS:[NHS number]"),
        # Written 3-3-4 it is redacted even with a wrong check digit (a typo is still someone's);
        # ten digits run together only with a valid one (an order number is not an NHS number).
        ("typo 943 476 5918", "typo [NHS number]"),
        ("order 1234567890 arrived", "order 1234567890 arrived"),
        # Postcodes, any case, with or without the space.
        ("I live at SE1 7EH, near SW1A 1AA", "I live at [postcode], near [postcode]"),
        ("post to se1 7eh or EC1A1BB please", "post to [postcode] or [postcode] please"),
        ("M1 1AE, B33 8TH, CR2 6XH, DN55 1PT, W1A 0AX", "[postcode], [postcode], [postcode], [postcode], [postcode]"),
        # Not postcodes: a district alone, times, ordinary words.
        ("Our SE1 team met at 2 pm in room B2", "Our SE1 team met at 2 pm in room B2"),
        # Phone numbers and e-mail addresses still go, in the same answer.
        ("Call 020 7946 0018 or mail a.b@nhs.example, NHS no 943 476 5919", "Call [phone number] or mail [e-mail address], NHS no [NHS number]"),
    ],
)
def test_redaction_of_nhs_numbers_and_postcodes(text, expected):
    assert redact(text, set()) == expected


def test_nhs_number_check_digit():
    assert nhs_number_valid("9434765919") and nhs_number_valid("4010232137")
    assert not nhs_number_valid("9434765918") and not nhs_number_valid("1234567890")


def test_shown_quotes_are_redacted_and_long_ones_shortened_with_an_ellipsis():
    long = "This was a really useful session and " + "we talked about many things " * 20 + "at the end"
    answers = pd.DataFrame({
        "participant_id": ["P1", "P2", "P3", "P4", "P5"],
        "value": ["Amira Khan helped", "Loved it, contact me at SE1 7EH", long, "Great day thanks", "Amira Khan helped"],
    })
    quotes = usable_quotes(answers, None, frozenset({"Amira Khan", "Amira", "Khan"}), 3)
    # "[name] helped" is two words after redaction, so it is passed over for the next answer.
    assert quotes[0] == "Loved it, contact me at [postcode]"
    assert quotes[1].endswith("…") and len(quotes[1]) <= MAX_QUOTE_CHARS
    assert long.startswith(quotes[1][:-1]) and long[len(quotes[1]) - 1] == " "  # cut at a word
    assert quotes[2] == "Great day thanks"
    assert f"longer than {MAX_QUOTE_CHARS} characters are shortened at a word, marked “…”" in quotes_note(True)
    assert "NHS numbers, postcodes" in quotes_note(False)


def test_csv_cells_that_start_like_a_formula_are_neutralised(tmp_path):
    frame = pd.DataFrame({
        "value": ['=HYPERLINK("http://x.example","click")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-1+2", "\tx", "fine"],
        "numeric_value": [1.0, -2.0, None, 3.0, None, 4.0],
    })
    write_csv(frame, tmp_path / "out.csv")
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["value"] for r in rows] == [
        '\'=HYPERLINK("http://x.example","click")', "'+cmd|' /C calc'!A0", "'@SUM(A1:A2)", "'-1+2", "'\tx", "fine",
    ]
    assert [r["numeric_value"] for r in rows] == ["1.0", "-2.0", "", "3.0", "", "4.0"]  # numbers stay numbers


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


def test_quotes_under_hidden_themes_never_pin_their_counts():
    # 9 answers: 4 about food, 5 about rooms. "Food" is hidden (fewer than 5), so "Rooms" is
    # hidden too; printing all 4 food quotes would say food had at least 4, so exactly 4 and
    # rooms 5. Fewer quotes are printed, so that at least two counts stay possible.
    config = config_with(impact={"themes": [{"name": "Food", "keywords": ["food"]}, {"name": "Rooms", "keywords": ["room"]}], "max_quotes": 6})
    texts = [f"The food was good number {i}" for i in range(4)] + [f"The room was cold number {i}" for i in range(5)]
    answers = pd.DataFrame({"participant_id": [f"P{i}" for i in range(9)], "value": texts})
    themes = {t["theme"]: t for t in themed_quotes(answers, None, frozenset(), config, 5)}
    assert (themes["Food"]["count_text"], themes["Rooms"]["count_text"]) == ("fewer than 5", "not shown")
    assert len(themes["Food"]["quotes"]) < 4
    # Without suppression every quote is printed (up to max_quotes).
    private = {t["theme"]: t for t in themed_quotes(answers, None, frozenset(), config, 1)}
    assert [len(private[t]["quotes"]) for t in ("Food", "Rooms")] == [4, 5]


def test_one_theme_holding_every_answer_is_the_number_of_answers():
    # With no themes every answer is a "Comment": hiding its count beside "4 answers" hid nothing.
    answers = pd.DataFrame({"participant_id": ["P1", "P2", "P3", "P4"], "value": ["a b c", "d e f", "g h i", "j k l"]})
    (only,) = themed_quotes(answers, None, frozenset(), config_with(), 5)
    assert (only["theme"], only["count_text"], only["share"]["text"]) == ("Comments", "4", "100%")


def test_overlapping_names_are_redacted_whole_and_unregistered_words_stay():
    names = {"Will Price", "Price Grace", "Will", "Price", "Grace"}
    assert redact("thanks to Will Price Grace today", names) == "thanks to [name] today"
    assert redact("thanks to will price grace today", names) == "thanks to [name] today"
    assert redact("We will set the price. Grace was kind", names) == "We will set the price. Grace was kind"
