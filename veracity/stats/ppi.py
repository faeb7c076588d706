"""The truth rate: prediction-powered inference for a mean (a rate) with a valid confidence interval.

Predictions f (a run's risk, or a 0/1 verdict) exist for every run; true outcomes y (materially wrong,
1/0) exist for a few labelled runs. The estimate is the predicted mean corrected by the labelled runs'
residuals, `λ·mean(f over all runs) + mean(y − λ·f over labelled runs)` (Angelopoulos et al. 2023,
"Prediction-powered inference"); with `tuned=True`, λ minimises the estimated variance and is clipped to
[0, 1] (PPI++, Angelopoulos, Duchi & Zrnic 2023), so the interval is never wider than labels alone give
(λ = 0 is the classical estimate) and valid whatever the predictions' quality.

Labels drawn with known unequal inclusion probabilities π_i (Poisson sampling, see `sampling`) are
reweighted by 1/π_i: the rectifier is the Hájek (weighted) mean of residuals and its variance the
linearised Poisson-sampling variance Σ (1 − π_i)/π_i² (r_i − r̄)² / N̂² (Särndal, Swensson & Wretman,
"Model Assisted Survey Sampling", §5.7 and §6.5: this is the difference/GREG estimator).

Numbers in, numbers out: arrays or summary moments, no store.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

ArrayLike = Sequence[float] | np.ndarray


def _norm_ppf(q: float) -> float:
    """The normal quantile; scipy loads on first use, not when the checks import this package."""
    from scipy import stats as sps

    return float(sps.norm.ppf(q))


def _t_ppf(q: float, df: int) -> float:
    from scipy import stats as sps

    return float(sps.t.ppf(q, df=df))


@dataclass(frozen=True)
class Estimate:
    """A rate with its (1 − alpha) interval; `low`/`high` are None when method is "predicted"."""

    estimate: float
    low: float | None
    high: float | None
    n_labels: int
    method: str  # "ppi", "classical" or "predicted"
    confidence: float = 0.95
    lam: float | None = None  # power-tuning weight on the predictions (1 = plain PPI, 0 = classical)
    se: float | None = None  # standard error of the estimate
    label_variance: float | None = None  # per-label variance of the rectifier (drives labels_needed)
    imputed_variance: float = 0.0  # variance contributed by the predictions' mean

    @property
    def width(self) -> float | None:
        return None if self.low is None or self.high is None else self.high - self.low

    def to_dict(self) -> dict[str, float | int | str | None]:
        """The contract's `error_rate` object (estimate, low, high, confidence, labels, method)."""
        return {"estimate": self.estimate, "low": self.low, "high": self.high,
                "confidence": self.confidence, "labels": self.n_labels, "method": self.method}


def _arr(x: ArrayLike | None) -> np.ndarray:
    return np.zeros(0) if x is None else np.asarray(x, dtype=float).ravel()


def _clip01(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def ppi_mean(
    y_labeled: ArrayLike,
    f_labeled: ArrayLike,
    f_unlabeled: ArrayLike,
    alpha: float = 0.05,
    tuned: bool = True,
    pi: ArrayLike | None = None,
) -> Estimate:
    """Prediction-powered estimate of E[y] with a (1 − alpha) interval.

    `f_unlabeled` holds the predictions for all runs in scope (it may include the labelled runs; with
    N ≫ n the overlap is immaterial). With `pi`, the labelled runs were drawn from exactly those runs by
    Poisson sampling with inclusion probabilities `pi` (one per labelled run), and every term reweights.
    """
    fu = _arr(f_unlabeled)
    return ppi_mean_summary(y_labeled, f_labeled, len(fu), float(fu.mean()) if len(fu) else math.nan,
                            float(fu.var(ddof=1)) if len(fu) > 1 else 0.0, alpha=alpha, tuned=tuned, pi=pi)


def ppi_mean_summary(
    y_labeled: ArrayLike,
    f_labeled: ArrayLike,
    n_unlabeled: int,
    mean_unlabeled: float,
    var_unlabeled: float,
    alpha: float = 0.05,
    tuned: bool = True,
    pi: ArrayLike | None = None,
) -> Estimate:
    """`ppi_mean` from the unlabelled predictions' count, mean and variance (e.g. computed in SQL)."""
    y, f = _arr(y_labeled), _arr(f_labeled)
    if len(y) != len(f):
        raise ValueError(f"{len(y)} labels but {len(f)} predictions for them")
    if len(y) == 0:
        if n_unlabeled == 0 or not math.isfinite(mean_unlabeled):
            raise ValueError("no runs: nothing to estimate")
        return Estimate(_clip01(mean_unlabeled), None, None, 0, "predicted", 1 - alpha)
    if n_unlabeled == 0:
        mean_unlabeled, var_unlabeled, n_unlabeled = float(f.mean()), float(f.var()), len(f)
    return _rectified(y, f, _weights(pi, len(y)), n_unlabeled, mean_unlabeled, var_unlabeled, alpha,
                      None if tuned else 1.0, "ppi")


def classical_mean(y_labeled: ArrayLike, alpha: float = 0.05, pi: ArrayLike | None = None) -> Estimate:
    """Labels alone, the baseline PPI must beat: the (Hájek-weighted) rate with its Wilson interval.

    With unequal π, the Wilson interval uses the design's effective sample size p(1 − p)/V̂.
    """
    y = _arr(y_labeled)
    if len(y) == 0:
        raise ValueError("no labels: labels alone give no estimate")
    p_in = _weights(pi, len(y))
    n = len(y)
    w = np.ones(n) if p_in is None else 1.0 / p_in
    p = float(np.average(y, weights=w))
    if p_in is None:
        n_eff, var = float(n), p * (1 - p) / n
    else:  # the Hájek variance, and the effective sample size it implies
        var = float(np.sum((1.0 - p_in) * w**2 * (y - p) ** 2) / w.sum() ** 2) * (n / (n - 1) if n > 1 else 1.0)
        kish = float(w.sum() ** 2 / np.sum(w * w))
        n_eff = p * (1 - p) / var if 0 < p < 1 and var > 0 else kish
    z = float(_norm_ppf(1 - alpha / 2))
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff))
    return Estimate(p, _clip01(min(p, centre - half)), _clip01(max(p, centre + half)), n, "classical", 1 - alpha,
                    0.0, math.sqrt(var), var * n, 0.0)


def _weights(pi: ArrayLike | None, n: int) -> np.ndarray | None:
    if pi is None:
        return None
    p = _arr(pi)
    if len(p) != n:
        raise ValueError(f"{n} labels but {len(p)} inclusion probabilities")
    if np.any(~np.isfinite(p)) or np.any(p <= 0) or np.any(p > 1):
        raise ValueError("inclusion probabilities must lie in (0, 1]")
    return p


def _rectified(
    y: np.ndarray, f: np.ndarray, pi: np.ndarray | None, n_u: int, mean_u: float, var_u: float,
    alpha: float, lam: float | None, method: str,
) -> Estimate:
    """The rectified estimate for fixed λ (or the variance-minimising λ when `lam` is None)."""
    n, tuned = len(y), lam is None
    if pi is None:  # i.i.d. labels: plain means, variance Var(r)/n
        w = np.ones(n)
        a = np.full(n, 1.0 / (n * (n - 1))) if n > 1 else np.zeros(n)
    else:  # Poisson sampling: Hájek means, linearised variance Σ (1−π)/π² (r − r̄)² / N̂² · n/(n−1)
        w = 1.0 / pi
        a = (1.0 - pi) * w**2 / w.sum() ** 2 * (n / (n - 1) if n > 1 else 0.0)
    ybar, fbar = float(np.average(y, weights=w)), float(np.average(f, weights=w))
    yc, fc = y - ybar, f - fbar
    v_imp = var_u / n_u if n_u > 0 else 0.0
    if lam is None:
        denom = v_imp + float(np.sum(a * fc * fc))
        lam = _clip01(float(np.sum(a * yc * fc)) / denom) if denom > 0 else 0.0
    rect_var = float(np.sum(a * (yc - lam * fc) ** 2))
    # Small-sample pseudo-disagreements (Agresti & Min 2005, "Simple improved confidence intervals for
    # comparing matched proportions", add ½ to each cell). Disagreements between labels and predictions
    # are rare, and the plain variance is too small exactly when a sample holds few of them: one
    # pseudo-miss and one pseudo-false-alarm of half weight each, at an average label's weight, add
    # 1/(n(n − 1)); half as much again when λ is tuned on the same labels, which otherwise costs 2-3
    # points of coverage at a 2-4% rate (simulated, 200 labels). Times the finite-population
    # correction, so a census stays exact; it also keeps labels that all agree off a zero width.
    fpc = 1.0 if pi is None else float(np.sum(w * (1.0 - pi)) / w.sum())
    pseudo = 1.5 if tuned else 1.0
    rect_var += fpc * pseudo / (n * (n - 1)) if n > 1 else 0.0
    if n < 2 and (pi is None or pi[0] < 1):
        rect_var = math.inf
    imp_var = lam * lam * v_imp
    est = lam * mean_u + (ybar - lam * fbar) if n_u > 0 else ybar
    se = math.sqrt(rect_var + imp_var)
    crit = float(_t_ppf(1 - alpha / 2, df=max(n - 1, 1)))
    if not math.isfinite(se):
        low, high = 0.0, 1.0
    else:
        low, high = _clip01(est - crit * se), _clip01(est + crit * se)
    return Estimate(_clip01(est), low, high, n, method, 1 - alpha, lam, se, rect_var * n, imp_var)


def labels_needed(estimate: Estimate, width: float, alpha: float | None = None) -> int | None:
    """How many labels (same sampling design) would bring the interval's full width down to `width`.

    Uses the current per-label variance; with no labels yet, the classical p(1 − p) at the predicted
    rate (an upper bound: the tuned estimate is never worse). None if the predictions' own variance
    already exceeds the target.
    """
    if width <= 0:
        raise ValueError("width must be positive")
    a = 1 - estimate.confidence if alpha is None else alpha
    per_label = estimate.label_variance
    if per_label is None:
        p = estimate.estimate
        per_label = max(p * (1 - p), 1e-6)
    z = float(_norm_ppf(1 - a / 2))
    room = (width / (2 * z)) ** 2 - estimate.imputed_variance
    if room <= 0:
        return None
    return max(2, math.ceil(per_label / room))
