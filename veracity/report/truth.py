"""The truth rate: the checks' prediction over every run, corrected by the labelled few (PPI).

Which review labels count, and with what weight (the rule of `veracity.review`):
- a run handed out by the review queue weighs 1/π, π being the inclusion probability recorded
  when it was drawn (Poisson sampling within the draw's frame);
- a run labelled without being handed out has no known π. Under the `uniform` policy (the
  default while the store has no queue draws, so `veracity label` alone gives PPI) such labels
  are taken as a uniform random sample of the runs in scope: no weights when they are the only
  labels, else π = their count / the runs in scope. Under `exclude` (the default once a queue
  has been drawn) they are left out and counted in `labels_excluded`, never mixed in silently.
Downstream corrections are not a random sample of runs and never enter the estimate.
"""

from __future__ import annotations

import math
from typing import Any

from veracity.review import policy
from veracity.stats import labels_needed, ppi_mean_summary
from veracity.store.base import RunFilter, Store

CONFIDENCE = 0.95


def _select(rows: list[tuple[float, float, float | None]], n: int, rule: str
            ) -> tuple[list[tuple[float, float, float | None]], str, int]:
    """The labels that enter the estimate, how they were sampled, and how many were left out."""
    queued = [r for r in rows if r[2] is not None]
    unqueued = [r for r in rows if r[2] is None]
    if rule == "exclude":
        return queued, "queue", len(unqueued)
    if not queued:
        return unqueued, "uniform", 0
    if not unqueued:
        return queued, "queue", 0
    share = min(1.0, len(unqueued) / n)
    return queued + [(f, y, share) for f, y, _ in unqueued], "queue+uniform", 0


def error_rate(store: Store, where: RunFilter | None = None) -> dict[str, Any]:
    """Share of runs that are materially wrong, with a valid interval once reviews exist.

    Predictions are the verdicts (failed or suspect = wrong) over every run; review labels
    correct their bias: prediction-powered inference with a power-tuned weight (PPI++),
    reweighted by 1/π for labels the review queue drew.
    """
    n, mean, var = store.prediction_stats(where)
    if not n:
        return {"estimate": None, "low": None, "high": None, "confidence": CONFIDENCE, "labels": 0,
                "method": "predicted"}
    pending = store.queue_pending(where)
    rows, sampling, excluded = _select(store.review_labels(where), int(n), policy(store))
    extra: dict[str, Any] = {"sampling": sampling}
    if excluded:
        extra["labels_excluded"] = excluded
    if pending is not None:
        extra["queue_pending"] = pending
    if not rows:
        return {"estimate": round(float(mean or 0.0), 4), "low": None, "high": None, "confidence": CONFIDENCE,
                "labels": 0, "method": "predicted", **extra}
    pi = [1.0 if p is None else p for _, _, p in rows] if sampling != "uniform" else None
    estimate = ppi_mean_summary([y for _, y, _ in rows], [f for f, _, _ in rows], int(n), float(mean or 0.0),
                                float(var or 0.0), alpha=1 - CONFIDENCE, pi=pi)
    out: dict[str, Any] = {
        "estimate": round(estimate.estimate, 4),
        "low": None if estimate.low is None else round(estimate.low, 4),
        "high": None if estimate.high is None else round(estimate.high, 4),
        "confidence": CONFIDENCE,
        "labels": len(rows),
        "method": estimate.method,
        **extra,
    }
    width = estimate.width
    if width is not None and width > 0.002 and math.isfinite(estimate.label_variance or math.inf):
        needed = labels_needed(estimate, width / 2)
        if needed is not None:
            out["labels_for_half_width"] = needed
    return out
