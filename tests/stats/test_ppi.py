"""The truth rate: prediction-powered estimates, their intervals' coverage and width, by simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.stats import (
    classical_mean,
    fit_design,
    labels_needed,
    poisson_sample,
    ppi_mean,
    ppi_mean_summary,
)


def world(rng: np.random.Generator, n: int, theta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(truth, 0/1 verdict with recall 0.8 and 2% false alarms, a continuous risk from the same checks)."""
    y = (rng.random(n) < theta).astype(float)
    score = rng.normal(size=n) + 2.9 * y  # binormal scores: d' = 2.9 gives recall 0.8 at 2% false alarms
    verdict = (score > 2.054).astype(float)
    risk = 1 / (1 + np.exp(-(math.log(0.1 / 0.9) + 2.9 * score - 2.9**2 / 2)))
    return y, verdict, risk


# ---- edge cases -----------------------------------------------------------------------------------------

def test_no_labels_is_the_prediction_and_says_so():
    est = ppi_mean([], [], [0.1, 0.3, 0.2])
    assert est.method == "predicted" and est.low is None and est.high is None and est.n_labels == 0
    assert est.estimate == pytest.approx(0.2)
    assert est.to_dict() == {"estimate": pytest.approx(0.2), "low": None, "high": None, "confidence": 0.95,
                             "labels": 0, "method": "predicted"}


def test_nothing_at_all_is_an_error():
    with pytest.raises(ValueError):
        ppi_mean([], [], [])
    with pytest.raises(ValueError):
        ppi_mean([1, 0], [0.5], [0.2, 0.3])
    with pytest.raises(ValueError):
        ppi_mean([1, 0], [0.5, 0.2], [0.2, 0.3], pi=[0.5, 0.0])


def test_one_label_gives_the_whole_range():
    est = ppi_mean([1], [0.9], [0.1] * 100)
    assert (est.low, est.high) == (0.0, 1.0) and est.method == "ppi"


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_labels_that_all_agree_never_give_a_zero_width_interval(value):
    rng = np.random.default_rng(1)
    f = rng.random(200) * 0.2
    est = ppi_mean([value] * 200, f, rng.random(10_000) * 0.2)
    assert est.low is not None and est.high is not None
    assert est.low <= est.estimate <= est.high and est.high - est.low > 0.005
    perfect = ppi_mean([0] * 190 + [1] * 10, [0] * 190 + [1] * 10, [0] * 9_000 + [1] * 1_000)
    assert perfect.high is not None and perfect.low is not None and perfect.high - perfect.low > 0.005


def test_a_census_with_pi_one_is_exact():
    y = np.array([1, 0, 0, 1, 0, 0, 0, 0], dtype=float)
    f = np.array([0.9, 0.1, 0.3, 0.2, 0.0, 0.1, 0.5, 0.1])
    est = ppi_mean(y, f, f, pi=np.ones(8))
    assert est.estimate == pytest.approx(0.25) and est.low == pytest.approx(0.25) and est.high == pytest.approx(0.25)


def test_untuned_is_the_papers_formula():
    rng = np.random.default_rng(2)
    y, _, risk = world(rng, 5_000, 0.12)
    est = ppi_mean(y[:300], risk[:300], risk[300:], tuned=False)
    assert est.lam == 1.0
    assert est.estimate == pytest.approx(risk[300:].mean() + (y[:300] - risk[:300]).mean())
    pseudo = 1 / (300 * 299)  # one half-weight pseudo-miss and pseudo-false-alarm (Agresti & Min)
    se = math.sqrt(risk[300:].var(ddof=1) / 4_700 + (y[:300] - risk[:300]).var(ddof=1) / 300 + pseudo)
    assert est.se == pytest.approx(se, rel=1e-9)


def test_summary_moments_give_the_same_answer():
    rng = np.random.default_rng(3)
    y, _, risk = world(rng, 20_000, 0.12)
    a = ppi_mean(y[:200], risk[:200], risk)
    b = ppi_mean_summary(y[:200], risk[:200], len(risk), float(risk.mean()), float(risk.var(ddof=1)))
    assert a == b


def test_useless_predictions_cost_nothing():
    rng = np.random.default_rng(4)
    y = (rng.random(200) < 0.3).astype(float)
    est = ppi_mean(y, rng.random(200), rng.random(50_000))
    cls = classical_mean(y)
    assert est.width is not None and cls.width is not None
    assert est.lam is not None and est.lam < 0.3 and est.width <= cls.width * 1.05


# ---- coverage, width and unbiasedness by simulation -----------------------------------------------------

def test_coverage_and_width_with_random_labels():
    rng = np.random.default_rng(20260)
    hits, widths, classical = 0, [], []
    for _ in range(1_000):
        y, _, risk = world(rng, 20_000, 0.12)
        idx = rng.choice(len(y), 200, replace=False)
        est, cls = ppi_mean(y[idx], risk[idx], risk), classical_mean(y[idx])
        assert est.low is not None and est.high is not None and cls.width is not None
        hits += est.low <= y.mean() <= est.high
        widths.append(est.high - est.low)
        classical.append(cls.width)
    assert hits / 1_000 >= 0.935
    assert np.mean(classical) / np.mean(widths) >= 1.6


def test_coverage_and_unbiasedness_with_the_review_queue():
    rng = np.random.default_rng(20261)
    hits, errors, naive, widths = 0, [], [], []
    for _ in range(1_000):
        y, verdict, risk = world(rng, 20_000, 0.12)
        pi = fit_design(risk, 200).probabilities(risk)
        idx = poisson_sample(pi, rng)
        est = ppi_mean(y[idx], verdict[idx], verdict, pi=pi[idx])
        assert est.low is not None and est.high is not None
        hits += est.low <= y.mean() <= est.high
        errors.append(est.estimate - y.mean())
        naive.append(y[idx].mean() - y.mean())
        widths.append(est.high - est.low)
    assert hits / 1_000 >= 0.935
    assert abs(np.mean(errors)) < 0.002  # reweighted by 1/π: unbiased
    assert np.mean(naive) > 0.1  # the queue favours risky runs: unweighted labels are far off
    assert np.mean(widths) < 0.045  # labels alone: ≈ 0.09


# ---- labels needed --------------------------------------------------------------------------------------

def test_labels_needed_predicts_the_width_more_labels_give():
    rng = np.random.default_rng(5)
    y, _, risk = world(rng, 200_000, 0.12)
    est = ppi_mean(y[:200], risk[:200], risk)
    assert est.width is not None
    need = labels_needed(est, est.width / 2)
    assert need is not None and 550 <= need <= 900  # about four times the labels halve the width
    bigger = ppi_mean(y[:need], risk[:need], risk)
    assert bigger.width is not None and bigger.width == pytest.approx(est.width / 2, rel=0.25)
    few = labels_needed(est, est.width * 4)
    assert few is not None and 2 <= few < 20
    guess = labels_needed(ppi_mean([], [], [0.1, 0.3]), 0.02)  # no labels yet: classical p(1 − p) at 20%
    assert guess is not None and 6_000 <= guess <= 6_300
    with pytest.raises(ValueError):
        labels_needed(est, 0.0)


# ---- properties -----------------------------------------------------------------------------------------

labelled = st.lists(st.tuples(st.sampled_from([0.0, 1.0]), st.floats(0, 1), st.floats(0.001, 1)),
                    min_size=0, max_size=40)


@settings(max_examples=200, deadline=None)
@given(labelled, st.lists(st.floats(0, 1), min_size=1, max_size=60), st.booleans(), st.booleans())
def test_estimates_lie_in_the_unit_interval_and_inside_their_interval(rows, unlabelled, tuned, weighted):
    y = [r[0] for r in rows]
    f = [r[1] for r in rows]
    pi = [r[2] for r in rows] if weighted else None
    est = ppi_mean(y, f, unlabelled, tuned=tuned, pi=pi)
    assert 0.0 <= est.estimate <= 1.0
    if est.method == "predicted":
        assert est.low is None and est.high is None
    else:
        assert est.low is not None and est.high is not None
        assert 0.0 <= est.low <= est.estimate <= est.high <= 1.0
        if tuned and est.lam is not None:
            assert 0.0 <= est.lam <= 1.0
