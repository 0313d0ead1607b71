"""Statistics for before/after scores: for paired scores, the mean change with its confidence
interval and the Wilcoxon signed-rank test; for two groups that cannot be paired (anonymous
before and after surveys), Welch's interval for the difference of means and the Mann–Whitney
U test.

Written out here rather than imported from scipy.stats, whose import alone (about 0.75 s) would
cost more than the rest of the metrics stage; tests check every function against scipy.

- ``t_quantile``: Student's t quantile, by bisection on the t distribution's CDF (the
  regularised incomplete beta function, evaluated by Lentz's continued fraction).
- ``mean_change``: mean of paired differences, with a t-based confidence interval.
- ``wilcoxon``: the signed-rank test with zero differences dropped (Wilcoxon's method) and tied
  ranks averaged; exact (all sign assignments enumerated) up to 50 non-zero differences, the
  normal approximation with tie correction above that.
- ``mean_difference``: the difference of two groups' means (after minus before) with Welch's
  t interval (unequal variances, Welch–Satterthwaite degrees of freedom).
- ``mann_whitney``: the two-sided Mann–Whitney U test; exact (the U distribution counted as the
  coefficients of a Gaussian binomial) when there are no ties and the groups are small, else
  the normal approximation with tie and continuity correction, as scipy computes them.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

EXACT_UP_TO = 50


def _continued_fraction(a: float, b: float, x: float) -> float:
    tiny, eps = 1e-300, 3e-16
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((a - 1.0 + m2) * (a + m2)),
            -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1.0 + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            step = c * d
            h *= step
        if abs(step - 1.0) < eps:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The value t with P(T <= t) = p for Student's t with ``df`` degrees of freedom."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2.0


@dataclass(frozen=True)
class MeanChange:
    n: int
    mean: float
    low: float | None
    high: float | None
    level: float


def mean_change(differences: list[float], level: float = 0.95) -> MeanChange:
    """The mean paired difference and its ``level`` confidence interval (None below 2 pairs)."""
    n = len(differences)
    if n == 0:
        raise ValueError("no paired scores")
    mean = statistics.fmean(differences)
    if n < 2:
        return MeanChange(n, mean, None, None, level)
    margin = t_quantile(0.5 + level / 2.0, n - 1) * statistics.stdev(differences) / math.sqrt(n)
    return MeanChange(n, mean, mean - margin, mean + margin, level)


@dataclass(frozen=True)
class Wilcoxon:
    n_nonzero: int
    w_plus: float
    p_value: float
    method: str  # "exact" or "normal approximation"


def _average_ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def wilcoxon(differences: list[float]) -> Wilcoxon:
    """Two-sided Wilcoxon signed-rank test of paired differences against no change."""
    nonzero = [d for d in differences if d != 0]
    n = len(nonzero)
    if n == 0:
        return Wilcoxon(0, 0.0, 1.0, "exact")
    ranks = _average_ranks([abs(d) for d in nonzero])
    w_plus = sum(r for r, d in zip(ranks, nonzero) if d > 0)
    if n <= EXACT_UP_TO:
        # Every rank is a multiple of 0.5: count sign assignments by the doubled rank sum.
        doubled = [round(2 * r) for r in ranks]
        counts = [0] * (sum(doubled) + 1)
        counts[0] = 1
        for rank in doubled:
            for total in range(len(counts) - 1, rank - 1, -1):
                counts[total] += counts[total - rank]
        observed = round(2 * w_plus)
        everything = 2**n
        lower = sum(counts[: observed + 1]) / everything
        upper = sum(counts[observed:]) / everything
        return Wilcoxon(n, w_plus, min(1.0, 2.0 * min(lower, upper)), "exact")
    ties: dict[float, int] = {}
    for r in ranks:
        ties[r] = ties.get(r, 0) + 1
    variance = n * (n + 1) * (2 * n + 1) / 24.0 - sum(t**3 - t for t in ties.values()) / 48.0
    z = (w_plus - n * (n + 1) / 4.0) / math.sqrt(variance)
    p = math.erfc(abs(z) / math.sqrt(2.0))
    return Wilcoxon(n, w_plus, min(1.0, p), "normal approximation")


@dataclass(frozen=True)
class MeanDifference:
    n_before: int
    n_after: int
    difference: float  # mean after minus mean before
    low: float | None
    high: float | None
    level: float


def mean_difference(before: list[float], after: list[float], level: float = 0.95) -> MeanDifference:
    """After's mean minus before's, with Welch's ``level`` interval (None when either group has
    fewer than 2 scores, or neither group's scores vary)."""
    n1, n2 = len(before), len(after)
    if n1 == 0 or n2 == 0:
        raise ValueError("each group needs at least one score")
    difference = statistics.fmean(after) - statistics.fmean(before)
    if n1 < 2 or n2 < 2:
        return MeanDifference(n1, n2, difference, None, None, level)
    v1, v2 = statistics.variance(before) / n1, statistics.variance(after) / n2
    if v1 + v2 == 0:
        return MeanDifference(n1, n2, difference, None, None, level)
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    margin = t_quantile(0.5 + level / 2.0, df) * math.sqrt(v1 + v2)
    return MeanDifference(n1, n2, difference, difference - margin, difference + margin, level)


MANN_WHITNEY_EXACT_UP_TO = 50  # the larger group's size; beyond, the normal approximation


@dataclass(frozen=True)
class MannWhitney:
    u: float  # U of the "after" group: pairs (before, after) where after is higher, ties half
    p_value: float
    method: str  # "exact" or "normal approximation"


def _u_distribution(m: int, n: int) -> list[int]:
    """How many of the C(m+n, m) orderings give each U from 0 to m*n: the coefficients of the
    Gaussian binomial, the product over i = 1..m of (1 - q^(n+i)) / (1 - q^i)."""
    counts = [0] * (m * n + 1)
    counts[0] = 1
    for i in range(1, m + 1):
        for k in range(len(counts) - 1, n + i - 1, -1):  # times (1 - q^(n+i))
            counts[k] -= counts[k - n - i]
        for k in range(i, len(counts)):  # divided by (1 - q^i)
            counts[k] += counts[k - i]
    return counts


def mann_whitney(before: list[float], after: list[float]) -> MannWhitney:
    """Two-sided Mann–Whitney U test of two independent groups' scores."""
    n1, n2 = len(before), len(after)
    if n1 == 0 or n2 == 0:
        raise ValueError("each group needs at least one score")
    ranks = _average_ranks(list(after) + list(before))
    u_after = sum(ranks[:n2]) - n2 * (n2 + 1) / 2.0
    u_high = max(u_after, n1 * n2 - u_after)
    total = n1 + n2
    ties: dict[float, int] = {}
    for r in ranks:
        ties[r] = ties.get(r, 0) + 1
    tied = any(t > 1 for t in ties.values())
    if not tied and max(n1, n2) <= MANN_WHITNEY_EXACT_UP_TO:
        counts = _u_distribution(min(n1, n2), max(n1, n2))
        upper = sum(counts[round(u_high):]) / math.comb(total, n1)
        return MannWhitney(u_after, min(1.0, 2.0 * upper), "exact")
    tie_term = sum(t**3 - t for t in ties.values())
    variance = n1 * n2 / 12.0 * ((total + 1) - tie_term / (total * (total - 1)))
    if variance <= 0:  # every score the same: no evidence of a difference
        return MannWhitney(u_after, 1.0, "normal approximation")
    z = (u_high - n1 * n2 / 2.0 - 0.5) / math.sqrt(variance)
    p = math.erfc(z / math.sqrt(2.0)) if z > 0 else 1.0
    return MannWhitney(u_after, min(1.0, p), "normal approximation")
