"""Risk calibration: a run's raw `risk` turned into a calibrated probability of being materially wrong.

Fitted on labelled runs (y = 1 when the label says the run is wrong): isotonic regression (pool
adjacent violators, `scipy.optimize.isotonic_regression`) from `ISOTONIC_MIN` labels on, Platt
scaling (a logistic regression on logit(risk), with Platt's smoothed targets) below that, where a
step function would over-fit. Labels drawn with known inclusion probabilities π weigh 1/π.

Validity for the truth rate: a calibrated probability used as the PPI prediction must not have
been fitted on the labels that correct it. `calibrate(store, before_ns)` therefore fits the
persisted model only on labelled runs that started before `before_ns` (the report's window start),
and its reliability table is out-of-fold (5-fold cross-fit) when no such split is given, so the
table is an honest measure and never the fit's own residuals.

Numbers in, numbers out except `calibrate`, which reads labels and verdicts from the store.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

ArrayLike = Sequence[float] | np.ndarray
ISOTONIC_MIN = 200
STATE_KEY = "risk_calibration"
EPS = 1e-4
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Calibrator:
    """A fitted map risk → P(materially wrong): a step function (isotonic) or a logistic (Platt)."""

    method: str  # "isotonic", "platt" or "identity"
    n: int = 0
    xs: list[float] = field(default_factory=list)  # isotonic: block start points (ascending)
    ys: list[float] = field(default_factory=list)  # isotonic: the fitted rate from each start point on
    a: float = 1.0  # platt: p = sigmoid(a · logit(risk) + b)
    b: float = 0.0
    fitted_before_ns: int | None = None

    def predict(self, risk: ArrayLike) -> np.ndarray:
        r = np.clip(np.asarray(risk, dtype=float).ravel(), 0.0, 1.0)
        if self.method == "isotonic" and self.xs:
            xs, ys = np.asarray(self.xs), np.asarray(self.ys)
            return np.asarray(np.interp(r, xs, ys), dtype=float)
        if self.method == "platt":
            return _sigmoid(self.a * _logit(r) + self.b)
        return r

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Calibrator:
        return cls(**data)


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, EPS, 1 - EPS)
    return np.asarray(np.log(q / (1 - q)), dtype=float)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=float)


def _pav(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Pool adjacent violators: the weighted non-decreasing least-squares fit to y (in order)."""
    try:
        from scipy.optimize import isotonic_regression
    except ImportError:  # scipy < 1.12
        return pav(y, w)
    return np.asarray(isotonic_regression(y, weights=w, increasing=True).x, dtype=float)


def pav(y: ArrayLike, w: ArrayLike) -> np.ndarray:
    """The textbook stack of blocks, for scipy without `isotonic_regression`."""
    blocks: list[list[float]] = []  # [mean, weight, length]
    for v, wt in zip(np.asarray(y, dtype=float), np.asarray(w, dtype=float), strict=True):
        blocks.append([float(v), float(wt), 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, n2 = blocks.pop()
            m1, w1, n1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return np.concatenate([np.full(int(n), m) for m, _, n in blocks]) if blocks else np.zeros(0)


def fit_isotonic(risk: ArrayLike, wrong: ArrayLike, weights: ArrayLike | None = None) -> Calibrator:
    """Isotonic regression of wrong (0/1) on risk; ties in risk are pooled first."""
    x, y = np.asarray(risk, dtype=float).ravel(), np.asarray(wrong, dtype=float).ravel()
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=float).ravel()
    if len(x) == 0:
        return Calibrator("identity")
    ux, inv = np.unique(x, return_inverse=True)
    wsum = np.bincount(inv, weights=w)
    ymean = np.bincount(inv, weights=w * y) / wsum
    fitted = _pav(ymean, wsum)
    return Calibrator("isotonic", len(x), [float(v) for v in ux], [float(v) for v in fitted])


def fit_platt(risk: ArrayLike, wrong: ArrayLike, weights: ArrayLike | None = None) -> Calibrator:
    """Platt scaling on logit(risk) by Newton's method, targets smoothed as (k+1)/(n+2) (Platt 1999)."""
    x, y = _logit(np.asarray(risk, dtype=float).ravel()), np.asarray(wrong, dtype=float).ravel()
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=float).ravel()
    if len(x) == 0:
        return Calibrator("identity")
    pos, neg = float(w[y > 0.5].sum()), float(w[y <= 0.5].sum())
    t = np.where(y > 0.5, (pos + 1) / (pos + 2), 1 / (neg + 2))
    X = np.column_stack([x, np.ones(len(x))])
    beta = np.array([1.0, 0.0])
    for _ in range(100):
        p = _sigmoid(X @ beta)
        grad = X.T @ (w * (p - t))
        hess = X.T @ (X * (w * p * (1 - p))[:, None]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        beta = beta - step
        if float(np.abs(step).max()) < 1e-10:
            break
    return Calibrator("platt", len(x), a=float(beta[0]), b=float(beta[1]))


def fit(risk: ArrayLike, wrong: ArrayLike, weights: ArrayLike | None = None) -> Calibrator:
    """Isotonic from `ISOTONIC_MIN` labels on, else Platt; identity when one class is missing."""
    y = np.asarray(wrong, dtype=float).ravel()
    if len(y) < 2 or y.min() == y.max():
        return Calibrator("identity", len(y))
    return fit_isotonic(risk, y, weights) if len(y) >= ISOTONIC_MIN else fit_platt(risk, y, weights)


def cross_fit(risk: ArrayLike, wrong: ArrayLike, weights: ArrayLike | None = None, k: int = 5,
              seed: int = 0) -> np.ndarray:
    """Out-of-fold calibrated probabilities: each label's prediction comes from a fit without it."""
    x, y = np.asarray(risk, dtype=float).ravel(), np.asarray(wrong, dtype=float).ravel()
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=float).ravel()
    folds = np.random.default_rng(seed).permutation(len(x)) % max(2, k)
    out = np.empty(len(x))
    for fold in range(max(2, k)):
        test = folds == fold
        if test.any():
            out[test] = fit(x[~test], y[~test], w[~test]).predict(x[test])
    return out


def reliability(predicted: ArrayLike, wrong: ArrayLike, weights: ArrayLike | None = None,
                bins: int = 10) -> list[dict[str, Any]]:
    """Equal-width bins of the prediction: mean predicted, observed (weighted) rate, count."""
    p, y = np.asarray(predicted, dtype=float).ravel(), np.asarray(wrong, dtype=float).ravel()
    w = np.ones(len(p)) if weights is None else np.asarray(weights, dtype=float).ravel()
    idx = np.minimum((np.clip(p, 0, 1) * bins).astype(int), bins - 1)
    table = []
    for b in range(bins):
        m = idx == b
        if m.any():
            table.append({"low": b / bins, "high": (b + 1) / bins,
                          "predicted": round(float(np.average(p[m], weights=w[m])), 4),
                          "observed": round(float(np.average(y[m], weights=w[m])), 4), "count": int(m.sum())})
    return table


def brier(predicted: ArrayLike, wrong: ArrayLike, weights: ArrayLike | None = None) -> float:
    p, y = np.asarray(predicted, dtype=float).ravel(), np.asarray(wrong, dtype=float).ravel()
    return float(np.average((p - y) ** 2, weights=weights)) if len(p) else math.nan


def ece(table: list[dict[str, Any]]) -> float:
    """Expected calibration error of a reliability table (count-weighted |predicted − observed|)."""
    total = sum(row["count"] for row in table)
    return sum(row["count"] * abs(row["predicted"] - row["observed"]) for row in table) / total if total else math.nan


def _labelled(store: Any) -> list[tuple[float, float, float, int]]:
    """(risk, wrong, weight, started_ns) for runs with a review label.

    Weight 1/π for runs drawn by the review queue, 1/π_u for the others with π_u = their share of
    all runs (the uniform-sample reading, as in the truth rate).
    """
    rows, total = store.calibration_labels()
    total = total or 1
    share = min(1.0, max(1, sum(1 for r in rows if r[2] is None)) / total)
    return [(float(a), float(b), 1.0 / (float(c) if c else share), int(d or 0)) for a, b, c, d in rows]


def calibrate(store: Any, before_ns: int | None = None, bins: int = 10, save: bool = False) -> dict[str, Any]:
    """The report's `calibration` section; with `save`, the model goes to `state` (`STATE_KEY`).

    With `before_ns` (the report window's start) the model is fitted on labelled runs that started
    before it and the reliability table measures it on the window's labelled runs; without, the
    model is fitted on every label and the table is 5-fold cross-fit.
    """
    rows = _labelled(store)
    if before_ns is not None:
        train = [r for r in rows if r[3] < before_ns]
        test = [r for r in rows if r[3] >= before_ns]
    else:
        train = test = rows
    out: dict[str, Any] = {"labels": len(rows), "method": None, "fitted_on": None, "bins": [], "raw_bins": []}
    if not rows:
        return out
    tx, ty, tw = (np.array([r[i] for r in train]) for i in range(3))
    model = fit(tx, ty, tw) if len(train) else Calibrator("identity")
    model = Calibrator(**{**model.to_json(), "fitted_before_ns": before_ns})
    ex, ey, ew = (np.array([r[i] for r in test]) for i in range(3))
    if before_ns is None:
        pred, out["fitted_on"] = cross_fit(ex, ey, ew), "all labels; table cross-fit (5 folds)"
    else:
        pred, out["fitted_on"] = model.predict(ex), "labels on runs before the window; table on the window's"
    table = reliability(pred, ey, ew, bins) if len(ey) else []
    out.update({
        "method": model.method, "train_labels": len(train), "test_labels": len(test), "bins": table,
        "raw_bins": reliability(ex, ey, ew, bins) if len(ey) else [],
        "brier": round(brier(pred, ey, ew), 4) if len(ey) else None,
        "brier_raw": round(brier(ex, ey, ew), 4) if len(ey) else None,
        "ece": round(ece(table), 4) if table else None,
    })
    if save:
        try:
            store.save_state(STATE_KEY, model.to_json())
        except Exception as e:  # a read-only store cannot save; the fit is still reported
            log.warning("risk calibration not saved: %s", e)
            out["saved"] = False
    return out


def load_calibrator(store: Any) -> Calibrator | None:
    """The persisted model, if one was saved."""
    data = store.load_state(STATE_KEY)
    return Calibrator.from_json(data) if data else None
