"""The review queue: known inclusion probabilities that favour informative runs, on budget."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.stats import QueueDesign, fit_design, inclusion_probabilities, poisson_sample, review_queue


def test_probabilities_meet_the_budget_and_the_floor():
    rng = np.random.default_rng(0)
    risk = rng.beta(0.3, 5, size=100_000)
    pi = inclusion_probabilities(risk, 200, uniform_share=0.2)
    assert pi.sum() == pytest.approx(200, rel=1e-6)
    assert pi.min() >= 0.2 * 200 / 100_000 * (1 - 1e-12) and pi.max() <= 1.0


def test_informative_and_flagged_runs_are_favoured():
    risk = np.array([0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.1])
    flags = np.array([False] * 6 + [True])
    pi = inclusion_probabilities(risk, 2, flags=flags)
    assert pi[0] < pi[1] < pi[2] < pi[3] and pi[3] > pi[4] > pi[5]
    assert pi[6] > pi[2]
    assert pi[0] > 0  # a run the checks call certainly fine can still be reviewed


def test_probabilities_cap_at_one_and_redistribute():
    risk = np.array([0.5] * 3 + [0.00001] * 97)
    pi = inclusion_probabilities(risk, 10)
    assert np.allclose(pi[:3], 1.0) and pi.sum() == pytest.approx(10, rel=1e-6)


def test_degenerate_budgets_and_risks():
    assert np.all(inclusion_probabilities([0.2, 0.3], 5) == 1.0)
    assert np.allclose(inclusion_probabilities([0.0] * 10, 2), 0.2)
    assert fit_design([], 5) == QueueDesign(1.0, 0.0)
    assert inclusion_probabilities([0.0, 0.5, 0.0], 2.0).tolist() == pytest.approx([0.5, 1.0, 0.5])
    with pytest.raises(ValueError):
        inclusion_probabilities([0.2, float("nan")], 1)
    with pytest.raises(ValueError):
        inclusion_probabilities([0.2], 0)
    with pytest.raises(ValueError):
        inclusion_probabilities([0.2, 0.1], 1, flags=[True])


def test_poisson_sampling_draws_each_run_with_its_probability():
    pi = np.array([0.05, 0.2, 0.5, 0.9, 1.0])
    counts = np.zeros(5)
    rng = np.random.default_rng(1)
    for _ in range(20_000):
        counts[poisson_sample(pi, rng)] += 1
    assert np.allclose(counts / 20_000, pi, atol=0.01)


def test_review_queue_returns_ids_with_their_probabilities():
    rng = np.random.default_rng(2)
    risk = rng.beta(0.5, 4, size=5_000)
    ids = [f"run-{i}" for i in range(5_000)]
    queue = review_queue(ids, risk, 50, rng=3)
    pi = inclusion_probabilities(risk, 50)
    assert 25 <= len(queue) <= 80
    assert all(p == pytest.approx(pi[int(run_id[4:])]) for run_id, p in queue)
    assert [p for _, p in queue] == sorted((p for _, p in queue), reverse=True)
    assert queue == review_queue(ids, risk, 50, rng=3)
    with pytest.raises(ValueError):
        review_queue(ids[:10], risk, 5)


def test_a_design_fitted_last_week_decides_runs_as_they_arrive():
    rng = np.random.default_rng(4)
    last_week, this_week = rng.beta(0.5, 6, size=50_000), rng.beta(0.5, 6, size=50_000)
    design = fit_design(last_week, 200)
    restored = QueueDesign.from_json(design.to_json())
    assert restored == design
    pi = np.concatenate([restored.probabilities(this_week[i:i + 1]) for i in range(0, 1_000)])
    assert np.allclose(pi, design.probabilities(this_week[:1_000]))
    assert design.probabilities(this_week).sum() == pytest.approx(200, rel=0.05)
    assert pi.min() >= design.pi_min


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=300), st.floats(0.5, 400), st.floats(0.05, 1.0))
def test_probabilities_are_valid_for_any_risks(risk, budget, share):
    pi = inclusion_probabilities(risk, budget, uniform_share=share)
    assert np.all(pi > 0) and np.all(pi <= 1.0)
    assert pi.sum() == pytest.approx(min(budget, len(risk)), rel=1e-6, abs=1e-6)
