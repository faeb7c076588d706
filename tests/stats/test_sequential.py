"""Regression alerts: anytime-valid e-processes on hourly counts, and confidence sequences for a rate."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import hypergeom

from veracity.stats import SequentialTest, rate_confidence_sequence
from veracity.stats.sequential import _GRID, _exact_log_likelihood_ratios, bucket_log_likelihood_ratios


def hour(rng: np.random.Generator, runs: int, share: float, base: float, cohort: float) -> tuple[int, int, int, int]:
    n = int(rng.poisson(runs))
    n_c = int(rng.binomial(n, share))
    return int(rng.binomial(n - n_c, base)), n - n_c, int(rng.binomial(n_c, cohort)), n_c


# ---- the per-bucket likelihood ratio --------------------------------------------------------------------

def test_trimmed_sums_equal_the_full_sums():
    rng = np.random.default_rng(0)
    for i in range(300):
        n_c = int(rng.integers(0, 6_000)) if i % 2 else int(rng.integers(0, 15))
        n_b = int(rng.integers(0, 120_000)) if i % 3 else int(rng.integers(0, 25))
        p = rng.random() ** 2
        a, b = int(rng.binomial(n_c, min(1.0, p * rng.uniform(0.3, 3)))), int(rng.binomial(n_b, p))
        for grid in (_GRID, -_GRID):
            assert np.allclose(bucket_log_likelihood_ratios(a, n_c, b, n_b, grid),
                               _exact_log_likelihood_ratios(a, n_c, b, n_b, grid), atol=1e-8)


@pytest.mark.parametrize(("n_c", "n_b", "k"), [(7, 30, 9), (40, 400, 25), (3, 3, 4)])
def test_each_bucket_is_a_fair_bet_under_the_null(n_c, n_b, k):
    """E[likelihood ratio] = 1 under the hypergeometric null, for every ψ: the product is a martingale."""
    total = np.zeros(len(_GRID))
    for a in range(max(0, k - n_b), min(k, n_c) + 1):
        total += hypergeom.pmf(a, n_c + n_b, n_c, k) * np.exp(bucket_log_likelihood_ratios(a, n_c, k - a, n_b, _GRID))
    assert np.allclose(total, 1.0, atol=1e-9)


def test_impossible_counts_are_refused_and_empty_buckets_change_nothing():
    with pytest.raises(ValueError):
        SequentialTest().update(5, 4, 0, 10)
    test = SequentialTest()
    test.update(0, 0, 0, 0)
    test.update(10, 100, 0, 0)
    assert test.decision().e_value == pytest.approx(1.0) and test.buckets == 2
    with pytest.raises(ValueError):
        SequentialTest(alpha=0)
    with pytest.raises(ValueError):
        SequentialTest(alternative="sideways")  # type: ignore[arg-type]


# ---- the model-swap scenario, fast ------------------------------------------------------------------------

def test_a_three_point_rise_on_five_percent_of_traffic_alerts_within_six_hours():
    rng = np.random.default_rng(2026)
    for _ in range(20):
        test = SequentialTest(alpha=0.01)
        decisions = [test.update(*hour(rng, 110_000, 0.05, 0.04, 0.07)) for _ in range(6)]
        assert decisions[-1].alert and decisions[-1].alert_at is not None and decisions[-1].alert_at < 6
        assert decisions[-1].estimate_before == pytest.approx(0.04, abs=0.003)
        assert decisions[-1].estimate_after == pytest.approx(0.07, abs=0.01)


def test_a_month_of_unchanged_traffic_raises_no_alert():
    rng = np.random.default_rng(2027)
    for _ in range(3):
        test = SequentialTest(alpha=0.01)
        for h in range(720):
            rate = 0.04 * (1 + 0.25 * math.sin(2 * math.pi * h / 24))  # the rate drifts; both sides share it
            test.update(*hour(rng, 110_000, 0.05, rate, rate))
        assert not test.decision().alert and test.buckets == 720


@pytest.mark.parametrize("cohort_rate", [0.10, 0.07])
def test_false_alarm_rate_holds_however_often_one_looks(cohort_rate):
    """Small buckets, many looks, alpha = 0.1: the share of runs that ever alert stays below alpha,
    including when the cohort is better than the baseline (the one-sided null is composite)."""
    rng = np.random.default_rng(7)
    alerts = 0
    for _ in range(400):
        test = SequentialTest(alpha=0.1)
        for h in range(100):
            base = 0.1 * (1 + 0.5 * math.sin(h / 5))
            test.update(*hour(rng, 300, 0.3, base, base * cohort_rate / 0.10))
        alerts += test.decision().alert
    assert alerts / 400 <= 0.1


def test_directions():
    rng = np.random.default_rng(8)
    down, up, both_down, both_up = (SequentialTest(0.01, "less"), SequentialTest(0.01, "greater"),
                                    SequentialTest(0.01, "two-sided"), SequentialTest(0.01, "two-sided"))
    for _ in range(24):
        counts = hour(rng, 20_000, 0.1, 0.6, 0.55)  # first-attempt success falls 5 points
        down.update(*counts)
        up.update(*counts)
        both_down.update(*counts)
        both_up.update(*hour(rng, 20_000, 0.1, 0.6, 0.65))
    assert down.decision().alert and not up.decision().alert
    assert both_down.decision().alert and both_up.decision().alert


def test_state_survives_json_and_an_alert_stays_raised():
    rng = np.random.default_rng(9)
    hours = [hour(rng, 110_000, 0.05, 0.04, 0.07) for _ in range(4)]
    straight = SequentialTest(0.01)
    for counts in hours:
        straight.update(*counts)
    resumed = SequentialTest(0.01)
    resumed.update(*hours[0])
    resumed = SequentialTest.from_json(resumed.to_json())
    for counts in hours[1:]:
        resumed.update(*counts)
    assert resumed.decision() == straight.decision() and resumed.decision().alert_at == 0
    for _ in range(3):
        straight.update(*hour(rng, 110_000, 0.05, 0.04, 0.04))
    assert straight.decision().alert and straight.decision().alert_at == 0


# ---- confidence sequences for one rate --------------------------------------------------------------------

def test_confidence_sequence_covers_at_every_look():
    rng = np.random.default_rng(10)
    looks = [2**i for i in range(11)]
    misses = 0
    for _ in range(300):
        x = rng.random(looks[-1]) < 0.3
        s = np.cumsum(x)
        misses += any(not (lo <= 0.3 <= hi) for lo, hi in (rate_confidence_sequence(int(s[n - 1]), n, 0.1)
                                                           for n in looks))
    assert misses / 300 <= 0.1


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000), st.floats(0.001, 0.5))
def test_confidence_sequence_bounds_the_observed_rate(s, extra, alpha):
    n = s + extra
    lo, hi = rate_confidence_sequence(s, n, alpha)
    assert 0.0 <= lo <= hi <= 1.0
    if n:
        assert lo <= s / n <= hi
    wider = rate_confidence_sequence(s, n, alpha / 10)
    assert wider[0] <= lo + 1e-12 and wider[1] >= hi - 1e-12
