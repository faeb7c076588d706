"""Sections of the report beyond the headline: honest unknowns, steps, pairs, cohorts, coverage, storage.

Each is a data function over the store protocol: `section(store, where) -> plain data`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from veracity.checks import load_states
from veracity.checks.coverage import coverage_stats
from veracity.checks.steps import step_stats
from veracity.model import Run
from veracity.stats.calibration import DEFAULT_ALPHA, MIN_SAMPLES, threshold
from veracity.store.base import RunFilter, Store

STEP_SAMPLE = 20_000  # runs read for the per-tool step figures (the newest first)
#: The state key under which the scale-out pipeline keeps its own figures (`veracity.queue.health`).
PIPELINE_KEY = "pipeline"


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def unknown_rate(store: Store, where: RunFilter | None = None) -> dict[str, Any]:
    """How often outputs honestly say "unknown": a model that stops saying it is a signal in itself."""
    counts = store.unknown_counts(where)
    total = counts["runs"]
    return {
        "runs": _rate(counts["with_unknown"], total),
        "by_field": {field: _rate(n, total) for field, n in counts["by_field"].items()},
        "by_model": {model: _rate(k, n) for model, (n, k) in counts["by_model"].items()},
    }


def _newest_runs(store: Store, where: RunFilter | None, limit: int = STEP_SAMPLE) -> Iterator[Run]:
    return islice((run for batch in store.iter_runs(where, newest_first=True) for run in batch), limit)


def steps(store: Store, where: RunFilter | None = None) -> dict[str, Any]:
    """First-attempt vs eventual success per run and per tool: what the 200s and retries hide."""
    learned = load_states(store.load_state("learned")).get("steps")
    return step_stats(_newest_runs(store, where), cohort=lambda r: r.models[0] if r.models else None, learned=learned)


def coverage(store: Store, where: RunFilter | None = None, limit: int = STEP_SAMPLE) -> dict[str, Any]:
    """What the traces let the checks verify, per agent and tool, with the fix named (the newest `limit` runs)."""
    return coverage_stats(_newest_runs(store, where, limit))


def pairs(store: Store, where: RunFilter | None = None) -> dict[str, Any]:
    """Dual runs: how many pairs, how many diverged materially, and where."""
    counts = store.pair_counts(where)
    keyed, divergent = counts["pairs"], counts["divergent"]
    calibration = load_states(store.load_state("learned")).get("pairs")
    thresholds = {}
    for key, distances in sorted(calibration.distances.items() if calibration is not None else ()):
        t = threshold(distances, DEFAULT_ALPHA, float("nan"), MIN_SAMPLES, key)
        thresholds[key] = {"threshold": None if t.source != "calibrated" else round(t.value, 4),
                           "equivalent_pairs": len(distances), "source": t.source}
    return {
        "pairs": keyed,
        "divergent": divergent,
        "agreement_rate": _rate(keyed - divergent, keyed),
        "agreement_by_field": {field: _rate(keyed - n, keyed) for field, n in counts["by_field"].items()},
        "divergent_pairs": counts["examples"],
        "thresholds": thresholds,
        "alpha": DEFAULT_ALPHA,
        "note": f"a field's threshold is calibrated once {MIN_SAMPLES} equivalent pairs (both runs verified) "
        "were seen; until then its type's default applies",
    }


def cohorts(store: Store, where: RunFilter | None = None) -> list[dict[str, Any]]:
    """Per agent, model and prompt version: volume and the checks' predicted error rate."""
    return [{**row, "predicted_error_rate": round(row["predicted_error_rate"], 4)} for row in store.cohort_rows(where)]


def storage(store: Store, where: RunFilter | None = None) -> dict[str, Any]:
    """Bytes kept per day: run bodies and raw spans (retention's effect)."""
    return {"per_day": store.storage_per_day(where.since_ns if where else None)}


def pipeline(store: Store, now_ns: int | None = None) -> dict[str, Any] | None:
    """The scale-out pipeline's own figures, when it runs (None for a store fed by one process):
    consumer lag of the workers and the writer, runs per second per worker, store write latency."""
    import time

    state = store.load_state(PIPELINE_KEY)
    if not state:
        return None
    now = now_ns if now_ns is not None else time.time_ns()
    members = [{"member": m, **{k: v for k, v in e.items() if k != "at_ns"},
                "age_s": round((now - int(e.get("at_ns", now))) / 1e9, 1)}
               for m, e in sorted((state.get("members") or {}).items())]
    workers = [m for m in members if m["role"] == "worker"]
    writers = [m for m in members if m.get("write_ms_per_run") is not None]
    return {
        "lag": state.get("lag") or {},
        "lag_age_s": round((now - int(state.get("lag_at_ns", now))) / 1e9, 1),
        "workers": len(workers),
        "runs_per_s": round(sum(m["runs_per_s"] for m in workers), 2),
        "write_ms_per_run": max((m["write_ms_per_run"] for m in writers), default=None),
        "members": members,
    }
