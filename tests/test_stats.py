"""The statistics (paired and two-group), checked against scipy (a test-only dependency) and by hand."""

from __future__ import annotations

import random

import pytest

from reportgen.stats import mann_whitney, mean_change, mean_difference, t_quantile, wilcoxon

scipy_stats = pytest.importorskip("scipy.stats")


@pytest.mark.parametrize("df", [1, 2, 3, 5, 9, 19, 30, 49, 120, 1000])
@pytest.mark.parametrize("p", [0.5, 0.9, 0.975, 0.995, 0.025])
def test_t_quantile_matches_scipy(df, p):
    assert t_quantile(p, df) == pytest.approx(scipy_stats.t.ppf(p, df), abs=1e-7)


def test_mean_change_by_hand():
    # differences 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653: 2 +/- 4.302653 / sqrt(3)
    result = mean_change([1, 2, 3])
    assert result.mean == 2
    assert result.low == pytest.approx(2 - 4.302653 / 3**0.5, abs=1e-6)
    assert result.high == pytest.approx(2 + 4.302653 / 3**0.5, abs=1e-6)
    assert mean_change([4]).low is None


def test_wilcoxon_exact_without_ties_matches_scipy():
    rng = random.Random(1)
    for n in (1, 2, 5, 8, 12, 20):
        magnitudes = rng.sample([x / 10 for x in range(1, 61)], n)  # distinct: no tied ranks
        differences = [m * rng.choice([-1, 1]) for m in magnitudes]
        expected = scipy_stats.wilcoxon(differences, method="exact").pvalue
        assert wilcoxon(differences).p_value == pytest.approx(expected, rel=1e-9), differences


def test_wilcoxon_exact_with_ties_and_zeros_matches_full_permutation():
    rng = random.Random(2)
    for _ in range(5):
        differences = [rng.choice([-2, -1, 0, 1, 1, 2, 3]) for _ in range(12)]
        nonzero = [d for d in differences if d]
        expected = scipy_stats.wilcoxon(
            nonzero, method=scipy_stats.PermutationMethod(n_resamples=10**6)
        ).pvalue
        assert wilcoxon(differences).p_value == pytest.approx(expected, rel=1e-9), differences


def test_wilcoxon_large_samples_use_the_normal_approximation_like_scipy():
    rng = random.Random(3)
    differences = [rng.choice([-2, -1, 0, 1, 2, 3, 4]) for _ in range(80)]
    result = wilcoxon(differences)
    assert result.method == "normal approximation"
    expected = scipy_stats.wilcoxon(differences, zero_method="wilcox", method="approx", correction=False).pvalue
    assert result.p_value == pytest.approx(expected, rel=1e-9)


def test_wilcoxon_small_cases_by_hand():
    # Three increases: only 1 of 8 sign patterns is as extreme each way: p = 2/8.
    assert wilcoxon([1, 2, 3]).p_value == 0.25
    assert wilcoxon([0, 0]).p_value == 1.0
    assert wilcoxon([1, -1]).p_value == 1.0


def test_welch_interval_matches_scipy():
    rng = random.Random(4)
    for n1, n2 in ((2, 2), (3, 7), (21, 10), (40, 15)):
        before = [rng.randint(1, 10) for _ in range(n1)]
        after = [rng.randint(3, 10) for _ in range(n2)]
        if len(set(before)) == 1 and len(set(after)) == 1:
            continue
        for level in (0.9, 0.95):
            result = mean_difference(before, after, level)
            expected = scipy_stats.ttest_ind(after, before, equal_var=False).confidence_interval(level)
            assert result.difference == pytest.approx(sum(after) / n2 - sum(before) / n1)
            assert (result.low, result.high) == pytest.approx((expected.low, expected.high), abs=1e-7)


def test_welch_interval_by_hand():
    # before 1, 2, 3 (mean 2, variance 1); after 4, 6 (mean 5, variance 2):
    # se = sqrt(1/3 + 2/2) = sqrt(4/3); df = (4/3)^2 / ((1/3)^2/2 + 1^2/1) = (16/9) / (19/18) = 32/19.
    result = mean_difference([1, 2, 3], [4, 6])
    margin = scipy_stats.t.ppf(0.975, 32 / 19) * (4 / 3) ** 0.5
    assert result.difference == 3
    assert (result.low, result.high) == pytest.approx((3 - margin, 3 + margin), abs=1e-9)
    assert mean_difference([5], [6, 7]).low is None  # one score before: no interval
    assert mean_difference([5, 5], [7, 7]).low is None  # no spread at all: no interval


def test_mann_whitney_exact_without_ties_matches_scipy():
    rng = random.Random(5)
    for n1, n2 in ((1, 1), (2, 3), (5, 4), (8, 8), (12, 7), (21, 10)):
        values = rng.sample(range(1000), n1 + n2)  # distinct: no ties
        before, after = values[:n1], values[n1:]
        result = mann_whitney(before, after)
        expected = scipy_stats.mannwhitneyu(after, before, alternative="two-sided", method="exact")
        assert result.method == "exact"
        assert result.u == expected.statistic
        assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-15), (before, after)


def test_mann_whitney_with_ties_uses_the_corrected_normal_approximation_like_scipy():
    rng = random.Random(6)
    for n1, n2 in ((4, 3), (21, 10), (30, 60)):
        before = [rng.randint(1, 10) for _ in range(n1)]
        after = [rng.randint(2, 10) for _ in range(n2)]
        result = mann_whitney(before, after)
        expected = scipy_stats.mannwhitneyu(
            after, before, alternative="two-sided", method="asymptotic", use_continuity=True
        )
        assert result.method == "normal approximation"
        assert result.u == expected.statistic
        assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    distinct = random.Random(7).sample(range(10_000), 130)  # no ties but large: approximation
    result = mann_whitney(distinct[:60], distinct[60:])
    expected = scipy_stats.mannwhitneyu(distinct[60:], distinct[:60], method="asymptotic")
    assert result.method == "normal approximation"
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)


def test_mann_whitney_small_cases_by_hand():
    # 1, 2 before and 3, 4 after: U = 4 of 4, the most extreme of the C(4, 2) = 6 orderings
    # each way: p = 2 * 1/6.
    result = mann_whitney([1, 2], [3, 4])
    assert (result.u, result.p_value, result.method) == (4, pytest.approx(1 / 3), "exact")
    assert mann_whitney([5, 5], [5, 5]).p_value == 1.0
