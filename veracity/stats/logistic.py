"""A risk model: L2-penalised logistic regression of "the run is wrong" on named features.

Fitted by Newton's method (the log-likelihood is concave, so it converges in a few steps); the
intercept is not penalised. Rows may carry weights (1/π for labels drawn with known inclusion
probabilities). The model is plain JSON (`to_json`/`from_json`) so one can ship in the package and a
refit from labels can replace it. Numbers in, numbers out.

>>> m = fit_logistic([[0.0], [0.0], [1.0], [1.0]], [0, 0, 1, 1], ["flag"], l2=0.1)
>>> bool(m.predict([[1.0]])[0] > 0.8 > 0.2 > m.predict([[0.0]])[0])
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

DEFAULT_L2 = 1.0


@dataclass(frozen=True)
class RiskModel:
    """P(wrong) = sigmoid(bias + Σ weight · feature), with the features named."""

    names: list[str]
    weights: list[float]
    bias: float
    l2: float = DEFAULT_L2
    n: int = 0
    base_rate: float | None = None
    fitted_on: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def predict(self, rows: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        x = np.asarray(rows, dtype=float).reshape(-1, len(self.weights))
        z = x @ np.asarray(self.weights, dtype=float) + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -40, 40))), dtype=float)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RiskModel:
        model = cls(**data)
        if len(model.names) != len(model.weights):
            raise ValueError(f"risk model: {len(model.names)} feature names but {len(model.weights)} weights")
        return model


def fit_logistic(rows: Sequence[Sequence[float]] | np.ndarray, wrong: Sequence[float] | np.ndarray,
                 names: Sequence[str], weights: Sequence[float] | np.ndarray | None = None,
                 l2: float = DEFAULT_L2, fitted_on: str = "") -> RiskModel:
    """The penalised maximum-likelihood fit; raises ValueError on shapes that do not match."""
    x = np.asarray(rows, dtype=float)
    y = np.asarray(wrong, dtype=float).ravel()
    if x.ndim != 2 or x.shape[0] != len(y) or x.shape[1] != len(names):
        raise ValueError(f"fit_logistic: rows {x.shape}, labels {len(y)} and names {len(names)} do not match")
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float).ravel()
    xb = np.column_stack([x, np.ones(len(y))])
    penalty = l2 * np.diag(np.r_[np.ones(x.shape[1]), 0.0])
    beta = np.zeros(xb.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ beta, -40, 40)))
        grad = xb.T @ (w * (p - y)) + penalty @ beta
        hess = xb.T @ (xb * (w * p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    base = float(np.average(y, weights=w)) if len(y) else None
    return RiskModel(list(names), [float(v) for v in beta[:-1]], float(beta[-1]), l2, len(y), base, fitted_on)
