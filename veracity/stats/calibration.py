"""Calibrated thresholds: where normal non-determinism ends and a material divergence begins.

A field's threshold is the split-conformal quantile of the distances seen between pairs of
runs judged equivalent (both verified, or labelled correct): with ``n`` such distances and a
chosen false-alarm rate ``alpha``, the threshold is the ``ceil((n + 1)(1 - alpha))``-th
smallest. A new equivalent pair then exceeds it with probability at most ``alpha`` (the
distances being exchangeable). Below ``min_samples``, or when ``n`` is too small for
``alpha`` (``ceil((n + 1)(1 - alpha)) > n``), the type's default applies and says so.

>>> conformal_quantile([0.0] * 98 + [0.1, 0.2], alpha=0.01)
0.2
>>> threshold([0.01] * 10, default=0.05).source
'default'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_ALPHA = 0.01
MIN_SAMPLES = 30
MAX_KEPT = 5000
#: Keys (fields, types) kept: a long-lived server meets field names without end.
MAX_KEYS = 500


@dataclass(frozen=True)
class Threshold:
    """A distance threshold and where it came from: ``calibrated`` (with its sample size) or ``default``."""

    value: float
    source: str
    n: int = 0
    alpha: float = DEFAULT_ALPHA
    key: str | None = None
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "source": self.source,
            "n": self.n,
            "alpha": self.alpha,
            "key": self.key,
            "reason": self.reason,
        }


def conformal_rank(n: int, alpha: float) -> int:
    """The 1-based rank of the split-conformal quantile among ``n`` scores."""
    return math.ceil((n + 1) * (1 - alpha))


def conformal_quantile(distances: Sequence[float], alpha: float = DEFAULT_ALPHA) -> float:
    """The ``ceil((n+1)(1-alpha))``-th smallest distance; ``inf`` when ``n`` is too small for ``alpha``."""
    n = len(distances)
    k = conformal_rank(n, alpha)
    if n == 0 or k > n:
        return math.inf
    return float(sorted(distances)[max(k, 1) - 1])


def min_samples_for(alpha: float) -> int:
    """The least ``n`` for which the conformal quantile at ``alpha`` is finite."""
    n = 1
    while conformal_rank(n, alpha) > n:
        n += 1
    return n


def threshold(
    distances: Sequence[float],
    alpha: float = DEFAULT_ALPHA,
    default: float = 0.0,
    min_samples: int = MIN_SAMPLES,
    key: str | None = None,
) -> Threshold:
    """The calibrated threshold for these equivalent-pair distances, else the default (saying why)."""
    n = len(distances)
    if n < min_samples:
        return Threshold(default, "default", n, alpha, key, f"{n} equivalent pairs < {min_samples}")
    q = conformal_quantile(distances, alpha)
    if math.isinf(q):
        need = min_samples_for(alpha)
        return Threshold(
            default, "default", n, alpha, key, f"{n} equivalent pairs < {need} needed for alpha={alpha}"
        )
    return Threshold(q, "calibrated", n, alpha, key)


def false_alarm_rate(distances: Iterable[float], cut: float) -> float:
    """The share of distances above ``cut`` (what a threshold flags)."""
    ds = list(distances)
    return sum(d > cut for d in ds) / len(ds) if ds else 0.0


@dataclass
class Calibration:
    """Distances between runs of pairs judged equivalent, by key (a field, or a type); serialisable."""

    distances: dict[str, list[float]] = field(default_factory=dict)
    max_kept: int = MAX_KEPT

    def record(self, key: str, value: float) -> None:
        """Add one equivalent-pair distance under ``key`` (the oldest go past ``max_kept``)."""
        while key not in self.distances and len(self.distances) >= MAX_KEYS:  # the fewest pairs go first
            del self.distances[min(self.distances, key=lambda k: len(self.distances[k]))]
        xs = self.distances.setdefault(key, [])
        xs.append(round(float(value), 6))
        if len(xs) > self.max_kept:
            del xs[: len(xs) - self.max_kept]

    def threshold(
        self,
        keys: Sequence[str],
        default: float,
        alpha: float = DEFAULT_ALPHA,
        min_samples: int = MIN_SAMPLES,
    ) -> Threshold:
        """The first key (most specific first) with enough equivalent pairs calibrates; else the default."""
        sizes = []
        for key in keys:
            xs = self.distances.get(key, [])
            t = threshold(xs, alpha, default, min_samples, key)
            if t.source == "calibrated":
                return t
            sizes.append(f"{key}: {len(xs)}")
        n = max((len(self.distances.get(k, [])) for k in keys), default=0)
        reason = "type default; too few equivalent pairs (" + ", ".join(sizes) + ")"
        return Threshold(default, "default", n, alpha, keys[0] if keys else None, reason)

    def to_json(self) -> dict[str, Any]:
        return {"distances": self.distances, "max_kept": self.max_kept}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Calibration:
        data = data or {}
        return cls(
            distances={k: [float(x) for x in v] for k, v in (data.get("distances") or {}).items()},
            max_kept=int(data.get("max_kept", MAX_KEPT)),
        )
