"""The paired statistics, checked against scipy (a test-only dependency) and by hand."""

from __future__ import annotations

import random

import pytest

from reportgen.stats import mean_change, t_quantile, wilcoxon

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
