"""The logistic risk model: fit, predict, JSON, and clear errors on bad shapes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.stats.logistic import RiskModel, fit_logistic


def test_fit_recovers_the_direction_and_rate_of_a_simulated_world():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2, size=(5_000, 2)).astype(float)
    p = 1 / (1 + np.exp(-(-2.0 + 3.0 * x[:, 0] + 0.0 * x[:, 1])))
    y = (rng.random(5_000) < p).astype(float)
    m = fit_logistic(x, y, ["strong", "noise"], l2=0.01)
    assert m.weights[0] == pytest.approx(3.0, abs=0.3)
    assert abs(m.weights[1]) < 0.3
    assert m.bias == pytest.approx(-2.0, abs=0.3)
    assert m.base_rate == pytest.approx(float(y.mean()))
    # calibrated in sample: the mean prediction in each group is the group's rate
    pred = m.predict(x)
    for g in (0.0, 1.0):
        assert pred[x[:, 0] == g].mean() == pytest.approx(y[x[:, 0] == g].mean(), abs=0.03)


def test_the_model_survives_json_and_refuses_mismatched_names():
    m = fit_logistic([[0.0], [1.0], [1.0]], [0, 1, 0], ["f"])
    again = RiskModel.from_json(m.to_json())
    assert again == m
    with pytest.raises(ValueError, match="1 feature names but 2 weights"):
        RiskModel.from_json({**m.to_json(), "weights": [1.0, 2.0]})


def test_shapes_that_do_not_match_are_named():
    with pytest.raises(ValueError, match="do not match"):
        fit_logistic([[0.0, 1.0]], [1], ["only one"])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 5), st.booleans()), min_size=2, max_size=40))
def test_predictions_are_probabilities_whatever_the_data(rows):
    x = [[a] for a, _ in rows]
    y = [float(b) for _, b in rows]
    pred = fit_logistic(x, y, ["f"]).predict(x)
    assert np.all((pred >= 0) & (pred <= 1)) and np.all(np.isfinite(pred))
