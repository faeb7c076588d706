"""The review queue: which runs humans review, each chosen with a known inclusion probability π.

π_i = min(1, floor + scale · g_i), with g_i = sqrt(risk_i (1 − risk_i)) (the standard deviation of a
run's outcome if its risk is calibrated, which is what the truth-rate estimate's variance is made of),
multiplied by `flag_boost` for flagged runs (checks disagree, new cohort). `floor` = uniform_share ·
budget / N guarantees every run a chance of review, so estimates reweighted by 1/π stay unbiased even
where the risk is wrong; `scale` is solved so the expected number of reviews equals the budget.

Poisson sampling (each run drawn independently with its π) makes every π exact, for a batch
(`review_queue`) or for a stream (`QueueDesign.probabilities` with a design fitted on last week's risk,
deciding each run as it arrives; the π used is the one recorded).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

ArrayLike = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class QueueDesign:
    """π = min(1, floor + scale · sqrt(risk (1 − risk)) · (flag_boost if flagged else 1))."""

    floor: float
    scale: float
    flag_boost: float = 3.0

    @property
    def pi_min(self) -> float:
        return min(1.0, self.floor)

    def probabilities(self, risk: ArrayLike, flags: ArrayLike | None = None) -> np.ndarray:
        """Inclusion probabilities for these runs under this design."""
        return np.minimum(1.0, self.floor + self.scale * _informativeness(risk, flags, self.flag_boost))

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> QueueDesign:
        return cls(**json.loads(text))


def _informativeness(risk: ArrayLike, flags: ArrayLike | None, boost: float) -> np.ndarray:
    r = np.clip(np.asarray(risk, dtype=float).ravel(), 0.0, 1.0)
    if np.any(np.isnan(r)):
        raise ValueError("risk must not be NaN")
    g = np.sqrt(r * (1.0 - r))
    if flags is not None:
        fl = np.asarray(flags, dtype=bool).ravel()
        if len(fl) != len(g):
            raise ValueError(f"{len(g)} risks but {len(fl)} flags")
        g = np.where(fl, g * boost, g)
    return g


def fit_design(
    risk: ArrayLike,
    budget: float,
    flags: ArrayLike | None = None,
    uniform_share: float = 0.2,
    flag_boost: float = 3.0,
) -> QueueDesign:
    """The design whose expected sample size over these runs is `budget` (bisection on scale)."""
    if not 0 < uniform_share <= 1:
        raise ValueError("uniform_share must lie in (0, 1]")
    if budget <= 0:
        raise ValueError("budget must be positive")
    g = _informativeness(risk, flags, flag_boost)
    n = len(g)
    if n == 0:
        return QueueDesign(1.0, 0.0, flag_boost)
    if budget >= n:
        return QueueDesign(1.0, 0.0, flag_boost)
    total = float(g.sum())
    if total == 0.0:
        return QueueDesign(budget / n, 0.0, flag_boost)
    floor = uniform_share * budget / n
    target = budget

    def expected(scale: float) -> float:
        return float(np.minimum(1.0, floor + scale * g).sum())

    positive = g > 0
    if int(positive.sum()) + (n - int(positive.sum())) * floor < target:  # informative runs all certain:
        floor = (target - int(positive.sum())) / (n - int(positive.sum()))  # the rest share what is left
        return QueueDesign(floor, (1.0 - floor) / float(g[positive].min()), flag_boost)
    lo, hi = 0.0, (1 - uniform_share) * budget / total
    while expected(hi) < target:
        hi *= 2.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if expected(mid) < target else (lo, mid)
        if hi - lo <= 1e-12 * hi:
            break
    return QueueDesign(floor, hi, flag_boost)


def inclusion_probabilities(
    risk: ArrayLike,
    budget: float,
    flags: ArrayLike | None = None,
    uniform_share: float = 0.2,
    flag_boost: float = 3.0,
) -> np.ndarray:
    """π for each run such that Σπ = budget and every π ≥ uniform_share · budget / N."""
    return fit_design(risk, budget, flags, uniform_share, flag_boost).probabilities(risk, flags)


def poisson_sample(pi: ArrayLike, rng: np.random.Generator | int | None = None) -> np.ndarray:
    """Indices of runs drawn, each independently with its probability π."""
    p = np.asarray(pi, dtype=float).ravel()
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    return np.flatnonzero(gen.random(len(p)) < p)


def review_queue(
    run_ids: Sequence[str],
    risk: ArrayLike,
    budget: float,
    flags: ArrayLike | None = None,
    uniform_share: float = 0.2,
    flag_boost: float = 3.0,
    rng: np.random.Generator | int | None = None,
) -> list[tuple[str, float]]:
    """Runs chosen for review this period, as (run_id, π), most informative first."""
    if len(run_ids) != len(np.asarray(risk).ravel()):
        raise ValueError(f"{len(run_ids)} run ids but {len(np.asarray(risk).ravel())} risks")
    pi = inclusion_probabilities(risk, budget, flags, uniform_share, flag_boost)
    chosen = poisson_sample(pi, rng)
    chosen = chosen[np.argsort(-pi[chosen], kind="stable")]
    return [(run_ids[i], float(pi[i])) for i in chosen]
