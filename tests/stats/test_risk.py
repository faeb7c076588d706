"""Risk calibration: isotonic and Platt fits checked by simulation, the reliability table, the store."""

from __future__ import annotations

import numpy as np
import pytest

from tests.test_review import label, world
from veracity import review
from veracity.stats import risk
from veracity.store import DuckStore


def _sample(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw risk that overstates: the true P(wrong | risk) is risk²."""
    rng = np.random.default_rng(seed)
    r = rng.beta(0.7, 0.7, n)
    return r, (rng.random(n) < r**2).astype(float)


def test_pav_fallback_matches_scipy():
    rng = np.random.default_rng(0)
    y, w = rng.random(300), rng.random(300) + 0.1
    fitted = risk.pav(y, w)
    assert np.all(np.diff(fitted) >= -1e-12)
    assert np.allclose(fitted, risk._pav(y, w))
    assert np.average(fitted, weights=w) == pytest.approx(np.average(y, weights=w))


@pytest.mark.parametrize("n, method", [(2000, "isotonic"), (120, "platt")])
def test_calibration_removes_the_bias_on_fresh_data(n, method):
    r, y = _sample(n, seed=1)
    model = risk.fit(r, y)
    assert model.method == method
    fresh_r, fresh_y = _sample(20000, seed=2)
    raw = risk.ece(risk.reliability(fresh_r, fresh_y))
    calibrated = risk.ece(risk.reliability(model.predict(fresh_r), fresh_y))
    assert raw > 0.12 and calibrated < (0.03 if method == "isotonic" else 0.06)
    assert risk.brier(model.predict(fresh_r), fresh_y) < risk.brier(fresh_r, fresh_y)
    assert np.all(np.diff(model.predict(np.linspace(0, 1, 50))) >= -1e-12)


def test_calibration_is_valid_on_average_over_repetitions():
    """Over 200 fits on 300 labels each, the calibrated rate at risk 0.5 is centred on the truth (0.25)."""
    at_half = [risk.fit(*_sample(300, seed=s)).predict([0.5])[0] for s in range(200)]
    assert abs(np.mean(at_half) - 0.25) < 0.02


def test_degenerate_fits_and_json_round_trip():
    assert risk.fit([0.1, 0.9], [0, 0]).method == "identity"
    assert risk.fit([], []).method == "identity"
    model = risk.fit(*_sample(500, seed=3))
    again = risk.Calibrator.from_json(model.to_json())
    assert np.allclose(again.predict([0.0, 0.3, 1.0]), model.predict([0.0, 0.3, 1.0]))
    table = risk.reliability([0.05, 0.15, 0.95, 1.0], [0, 1, 1, 1])
    assert [row["count"] for row in table] == [1, 1, 2] and table[-1]["observed"] == 1.0


def test_cross_fit_predictions_are_out_of_fold():
    r, y = _sample(400, seed=4)
    out = risk.cross_fit(r, y)
    assert out.shape == r.shape and np.all((out >= 0) & (out <= 1))
    assert not np.allclose(out, risk.fit(r, y).predict(r))


def test_calibrate_reads_the_store_saves_the_model_and_splits_by_window(tmp_path):
    store = DuckStore(tmp_path / "v.duckdb")
    assert risk.calibrate(store)["labels"] == 0
    truth = world(store, 1200, seed=2, hours=100)
    label(store, truth, sorted(truth)[:400])
    review.draw(store, 50, seed=1)  # queued labels weigh 1/π, unqueued ones their uniform share
    assert risk.load_calibrator(store) is None
    out = risk.calibrate(store)
    assert risk.load_calibrator(store) is None  # the report's call saves nothing
    out = risk.calibrate(store, save=True)
    assert out["labels"] == 400 and out["method"] == "isotonic" and out["fitted_on"].endswith("(5 folds)")
    assert sum(b["count"] for b in out["bins"]) == 400 and out["ece"] < 0.1
    assert risk.load_calibrator(store).method == "isotonic"
    split = risk.calibrate(store, before_ns=50 * 3_600_000_000_000, save=True)
    assert split["train_labels"] + split["test_labels"] == 400 and 100 < split["train_labels"] < 300
    assert risk.load_calibrator(store).fitted_before_ns == 50 * 3_600_000_000_000
    store.close()
    ro = DuckStore(tmp_path / "v.duckdb", read_only=True)
    assert risk.calibrate(ro)["labels"] == 400
    assert risk.calibrate(ro, save=True)["saved"] is False  # a read-only store cannot save, and says so
    ro.close()
