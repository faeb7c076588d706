"""Split-conformal thresholds: the rank, the fallbacks, and the false-alarm rate they promise."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.stats.calibration import (
    Calibration,
    conformal_quantile,
    conformal_rank,
    false_alarm_rate,
    min_samples_for,
    threshold,
)

distances = st.lists(st.floats(min_value=0, max_value=1, allow_nan=False), min_size=0, max_size=400)
alphas = st.sampled_from([0.01, 0.02, 0.05, 0.1, 0.2])


@given(distances, alphas)
def test_quantile_is_the_conformal_order_statistic(ds: list[float], alpha: float) -> None:
    q = conformal_quantile(ds, alpha)
    k = math.ceil((len(ds) + 1) * (1 - alpha))
    if k > len(ds):
        assert math.isinf(q)
    else:
        assert q == sorted(ds)[k - 1]
        # at most alpha of the calibration scores themselves lie above it
        assert false_alarm_rate(ds, q) <= alpha + 1e-12


@given(distances, alphas)
def test_threshold_falls_back_below_the_sample_size(ds: list[float], alpha: float) -> None:
    t = threshold(ds, alpha, default=0.07, min_samples=30)
    if len(ds) < max(30, min_samples_for(alpha)):
        assert t.source == "default" and t.value == 0.07 and t.reason
    else:
        assert t.source == "calibrated" and t.n == len(ds) and t.value == conformal_quantile(ds, alpha)


def test_min_samples_for_alpha() -> None:
    assert min_samples_for(0.01) == 99
    assert conformal_rank(99, 0.01) == 99
    assert min_samples_for(0.1) == 9


@settings(deadline=None, max_examples=5)
@given(
    st.sampled_from([("beta", 100, 0.01), ("exp", 300, 0.01), ("discrete", 150, 0.02), ("beta", 50, 0.05)])
)
def test_false_alarm_rate_on_exchangeable_samples(case: tuple[str, int, float]) -> None:
    """Over 2,000 simulated calibrations, a fresh equivalent pair exceeds the threshold at most alpha + slack."""
    kind, n, alpha = case
    rng = np.random.default_rng(7)
    reps, tests = 2000, 200

    def draw(size: tuple[int, ...]) -> np.ndarray:
        if kind == "beta":
            return rng.beta(0.5, 8.0, size)
        if kind == "exp":
            return np.minimum(rng.exponential(0.05, size), 1.0)
        return rng.choice([0.0, 0.0, 0.0, 0.01, 0.05, 0.3], size)  # ties, mostly zeros

    cal = draw((reps, n))
    fresh = draw((reps, tests))
    k = conformal_rank(n, alpha)
    q = np.sort(cal, axis=1)[:, k - 1]
    rate = float((fresh > q[:, None]).mean())
    assert rate <= alpha + 0.003
    if kind != "discrete":  # continuous scores: the guarantee is nearly tight
        assert rate >= alpha - 1 / (n + 1) - 0.003


def test_state_round_trips_and_prefers_the_most_specific_key() -> None:
    cal = Calibration(max_kept=150)
    for i in range(200):
        cal.record("field:a:revenue", 0.001 * (i % 100))
        cal.record("type:money", 0.2)
    assert len(cal.distances["field:a:revenue"]) == 150
    back = Calibration.from_json(cal.to_json())
    assert back.distances == cal.distances and back.max_kept == 150
    t = back.threshold(["field:a:revenue", "type:money"], default=0.05)
    assert t.source == "calibrated" and t.key == "field:a:revenue"
    t2 = back.threshold(["field:a:ceo", "type:money"], default=0.05)
    assert t2.key == "type:money" and t2.value == 0.2
    t3 = back.threshold(["field:a:ceo", "type:person_name"], default=0.2)
    assert t3.source == "default" and "too few" in t3.reason
    assert Calibration.from_json(None).distances == {}
