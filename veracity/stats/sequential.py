"""Regression alerts that stay valid however often they are checked: e-processes on aggregated counts.

`SequentialTest` compares a rate (findings of a kind, honest-unknowns, first-attempt successes,
corrections) between a cohort and the concurrent baseline, one time bucket of counts at a time.
Within a bucket, given the margins (cohort runs, baseline runs, total events), the cohort's event
count is hypergeometric when both share one rate, whatever that rate is (it may drift from hour to
hour), and Fisher's noncentral hypergeometric with odds ratio ψ otherwise. The product over buckets
of the likelihood ratio P_ψ / P_1 is a nonnegative martingale under the null, exactly, for every ψ;
a mixture over a grid of ψ is one too (Howard, Ramdas, McAuliffe & Sekhon 2021, mixture boundaries;
Ramdas et al. 2023, "Game-theoretic statistics and safe anytime-valid inference"). Ville's
inequality then bounds the chance the e-value ever reaches 1/alpha by alpha: one alert threshold for
any number of looks. For the one-sided alternatives the ratio is increasing in the cohort's count
(monotone likelihood ratio), so the null "the cohort's rate is not worse" is composite and still
controlled.

`rate_confidence_sequence` is the conjugate beta-binomial mixture confidence sequence for one rate
(Howard et al. 2021, §3; Robbins 1970): exact for Bernoulli counts, valid at every look.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Alternative = Literal["greater", "less", "two-sided"]
_GRID = np.geomspace(0.01, 2.5, 24)  # |log ψ|: odds ratios from 1.01 to 12


@dataclass(frozen=True)
class Decision:
    """Where the comparison stands after the latest bucket."""

    alert: bool
    estimate_before: float  # the baseline's rate so far
    estimate_after: float  # the cohort's rate so far
    e_value: float  # evidence against "no regression"; alert once it reaches 1/alpha
    threshold: float
    buckets: int
    alert_at: int | None  # bucket index (0-based) of the first alert


def _log_binom_terms(x: np.ndarray, n_c: int, k: int, n_b: int) -> np.ndarray:
    from scipy.special import gammaln  # scipy loads on first use, not when the checks import veracity.stats

    return -(gammaln(x + 1) + gammaln(n_c - x + 1) + gammaln(k - x + 1) + gammaln(n_b - k + x + 1))


def bucket_log_likelihood_ratios(
    cohort_events: int, cohort_n: int, baseline_events: int, baseline_n: int, log_psi: np.ndarray
) -> np.ndarray:
    """log P_ψ(cohort count | margins) − log P_1(cohort count | margins), for each log ψ."""
    a, n_c, b, n_b = int(cohort_events), int(cohort_n), int(baseline_events), int(baseline_n)
    if min(a, b) < 0 or a > n_c or b > n_b:
        raise ValueError(f"impossible counts: {a}/{n_c} cohort, {b}/{n_b} baseline")
    k = a + b
    lo, hi = max(0, k - n_b), min(k, n_c)
    if hi <= lo:  # the margins fix the cohort's count: no information
        return np.zeros(len(log_psi))
    lp = np.concatenate([[0.0], np.asarray(log_psi, dtype=float)])
    log_z = _log_normalisers(lp, n_c, k, n_b, lo, hi)
    return np.asarray((a - lo) * lp[1:] - log_z[1:] + log_z[0], dtype=float)


def _log_normalisers(lp: np.ndarray, n_c: int, k: int, n_b: int, lo: int, hi: int) -> np.ndarray:
    """log Σ_x C(n_c, x) C(n_b, k − x) ψ^(x − lo) for each log ψ, summed where the terms matter.

    Each noncentral hypergeometric is log-concave; it is summed over its mode ± (12 sd + 30), found
    from Cornfield's quadratic and the log-pmf's curvature: what lies outside is below e^-70 of it.
    """
    psi = np.exp(lp)
    big_b = psi * (n_c + k) + (n_b - k)
    disc = np.sqrt(np.maximum(big_b * big_b - 4.0 * (psi - 1.0) * psi * n_c * k, 0.0))
    centre = np.clip(2.0 * psi * n_c * k / (big_b + disc), lo, hi)
    c = np.clip(centre, lo + 0.5, hi - 0.5)
    var = 1.0 / (1.0 / (c - lo + 0.5) + 1.0 / (hi - c + 0.5) + 1.0 / (n_c - c + 1) + 1.0 / (n_b - k + c + 1))
    half = int(np.ceil(12.0 * np.sqrt(var.max()) + 30.0))
    if 2 * half + 1 >= hi - lo + 1:  # the window covers the support: sum it all
        x = np.arange(lo, hi + 1, dtype=float)[None, :].repeat(len(lp), axis=0)
    else:
        x = np.round(centre)[:, None] - half + np.arange(2 * half + 1)[None, :]
        x = x - np.minimum(x[:, :1] - lo, 0) - np.maximum(x[:, -1:] - hi, 0)  # slide inside the support
    start = int(x[:, 0].min())
    base = _log_binom_terms(np.arange(start, int(x[:, -1].max()) + 1, dtype=float), n_c, k, n_b)
    terms = base[x.astype(np.int64) - start] + lp[:, None] * (x - lo)
    top = terms.max(axis=1, keepdims=True)
    return np.asarray(top[:, 0] + np.log(np.exp(terms - top).sum(axis=1)), dtype=float)


def _exact_log_likelihood_ratios(a: int, n_c: int, b: int, n_b: int, log_psi: np.ndarray) -> np.ndarray:
    """The same ratios summed over the whole support (slow; for tests)."""
    k = a + b
    lo, hi = max(0, k - n_b), min(k, n_c)
    if hi <= lo:
        return np.zeros(len(log_psi))
    x = np.arange(lo, hi + 1, dtype=float)
    from scipy.special import logsumexp

    base = _log_binom_terms(x, n_c, k, n_b)
    log_z = logsumexp(base[None, :] + np.outer(log_psi, x - lo), axis=1)
    return np.asarray((a - lo) * log_psi - log_z + logsumexp(base), dtype=float)


@dataclass
class SequentialTest:
    """Anytime-valid test that a cohort's rate is worse than the baseline's, fed bucket by bucket.

    `alternative="greater"` alerts when the cohort's event rate rises (findings, corrections),
    `"less"` when it falls (first-attempt success), `"two-sided"` either way.
    """

    alpha: float = 0.01
    alternative: Alternative = "greater"
    log_psi: list[float] = field(default_factory=list)
    log_m: list[float] = field(default_factory=list)
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # baseline events, baseline n, cohort events, cohort n
    buckets: int = 0
    alert_at: int | None = None

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must lie in (0, 1)")
        if not self.log_psi:
            grid = {"greater": _GRID, "less": -_GRID, "two-sided": np.concatenate([_GRID, -_GRID])}
            if self.alternative not in grid:
                raise ValueError(f"unknown alternative {self.alternative!r}")
            self.log_psi = [float(v) for v in grid[self.alternative]]
        if not self.log_m:
            self.log_m = [0.0] * len(self.log_psi)

    @property
    def log_e_value(self) -> float:
        m = np.asarray(self.log_m)
        top = float(m.max())
        return top + math.log(float(np.exp(m - top).mean()))

    def update(self, baseline_successes: int, baseline_n: int, cohort_successes: int, cohort_n: int) -> Decision:
        """Add one bucket's counts (events and runs for the baseline and the cohort)."""
        lr = bucket_log_likelihood_ratios(cohort_successes, cohort_n, baseline_successes, baseline_n,
                                          np.asarray(self.log_psi))
        self.log_m = [float(v) for v in np.asarray(self.log_m) + lr]
        b, nb, c, nc = self.counts
        self.counts = (b + int(baseline_successes), nb + int(baseline_n), c + int(cohort_successes),
                       nc + int(cohort_n))
        if self.alert_at is None and self.log_e_value >= -math.log(self.alpha):
            self.alert_at = self.buckets
        self.buckets += 1
        return self.decision()

    def decision(self) -> Decision:
        b, nb, c, nc = self.counts
        log_e = self.log_e_value
        return Decision(
            alert=self.alert_at is not None,
            estimate_before=b / nb if nb else math.nan,
            estimate_after=c / nc if nc else math.nan,
            e_value=math.exp(log_e) if log_e < 700 else math.inf,
            threshold=1 / self.alpha,
            buckets=self.buckets,
            alert_at=self.alert_at,
        )

    def to_json(self) -> str:
        return json.dumps({"alpha": self.alpha, "alternative": self.alternative, "log_psi": self.log_psi,
                           "log_m": self.log_m, "counts": list(self.counts), "buckets": self.buckets,
                           "alert_at": self.alert_at})

    @classmethod
    def from_json(cls, text: str) -> SequentialTest:
        d = json.loads(text)
        counts = tuple(int(v) for v in d["counts"])
        return cls(alpha=d["alpha"], alternative=d["alternative"], log_psi=d["log_psi"], log_m=d["log_m"],
                   counts=(counts[0], counts[1], counts[2], counts[3]), buckets=d["buckets"],
                   alert_at=d["alert_at"])


def rate_confidence_sequence(
    successes: int, n: int, alpha: float = 0.05, prior: tuple[float, float] = (0.5, 0.5)
) -> tuple[float, float]:
    """Anytime-valid (1 − alpha) bounds on a Bernoulli rate from cumulative counts.

    {p : B(a + s, b + n − s) / B(a, b) / (p^s (1 − p)^(n − s)) < 1/alpha}, the beta-binomial mixture
    martingale inverted; valid simultaneously over every n at which it is looked at.
    """
    s, a, b = int(successes), *prior
    if n < 0 or not 0 <= s <= n:
        raise ValueError(f"impossible counts {s}/{n}")
    if n == 0:
        return 0.0, 1.0
    from scipy.optimize import brentq
    from scipy.special import betaln

    log_marg = float(betaln(a + s, b + n - s) - betaln(a, b))
    cut = math.log(1 / alpha)

    def excess(p: float) -> float:  # log M(p) − log(1/alpha); the bounds are its roots
        return log_marg - s * math.log(p) - (n - s) * math.log1p(-p) - cut

    eps = 1e-15
    mle = min(max(s / n, eps), 1 - eps)
    low = 0.0 if s == 0 or excess(eps) < 0 else brentq(excess, eps, mle, xtol=1e-14)
    high = 1.0 if s == n or excess(1 - eps) < 0 else brentq(excess, mle, 1 - eps, xtol=1e-14)
    return float(low), float(high)
