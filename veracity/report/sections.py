"""Sections of the report beyond the headline: honest unknowns, steps, pairs, cohorts."""

from __future__ import annotations

from itertools import islice
from typing import Any

from veracity.checks import load_states
from veracity.checks.steps import step_stats
from veracity.stats.calibration import DEFAULT_ALPHA, MIN_SAMPLES, threshold
from veracity.store.base import RunFilter
from veracity.store.duck import DuckStore

STEP_SAMPLE = 20_000  # runs read for the per-tool step figures (the newest first)


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def unknown_rate(store: DuckStore, clause: str, params: list[Any]) -> dict[str, Any]:
    """How often outputs honestly say "unknown": a model that stops saying it is a signal in itself."""
    total = store.query(f"SELECT count(*) FROM runs r WHERE {clause}", params)[0][0]
    with_unknown = store.query(
        f"""SELECT count(DISTINCT r.run_id) FROM runs r JOIN findings f USING (run_id)
            WHERE {clause} AND f.kind = 'declared_missing'""",
        params,
    )[0][0]
    by_field = store.query(
        f"""SELECT f.field, count(DISTINCT r.run_id) FROM runs r JOIN findings f USING (run_id)
            WHERE {clause} AND f.kind = 'declared_missing' GROUP BY 1 ORDER BY 2 DESC LIMIT 20""",
        params,
    )
    by_model = store.query(
        f"""SELECT coalesce(r.model, '?'), count(*),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM findings f
                                   WHERE f.run_id = r.run_id AND f.kind = 'declared_missing'))
            FROM runs r WHERE {clause} GROUP BY 1 ORDER BY 2 DESC""",
        params,
    )
    return {
        "runs": _rate(with_unknown, total),
        "by_field": {field: _rate(n, total) for field, n in by_field},
        "by_model": {model: _rate(k, n) for model, n, k in by_model},
    }


def steps(store: DuckStore, where: RunFilter | None) -> dict[str, Any]:
    """First-attempt vs eventual success per run and per tool: what the 200s and retries hide."""
    learned = load_states(store.load_state("learned")).get("steps")
    runs = (run for batch in store.iter_runs(where, newest_first=True) for run in batch)
    stats = step_stats(islice(runs, STEP_SAMPLE), cohort=lambda r: r.models[0] if r.models else None, learned=learned)
    return stats


def pairs(store: DuckStore, clause: str, params: list[Any]) -> dict[str, Any]:
    """Dual runs: how many pairs, how many diverged materially, and where."""
    keyed = store.query(
        f"""SELECT count(*) FROM (SELECT r.pair_key FROM runs r WHERE {clause} AND r.pair_key IS NOT NULL
            GROUP BY 1 HAVING count(*) >= 2)""",
        params,
    )[0][0]
    divergent = store.query(
        f"""SELECT count(DISTINCT r.pair_key) FROM runs r JOIN findings f USING (run_id)
            WHERE {clause} AND f.kind = 'divergent_field' AND f.severity IN ('critical', 'major')""",
        params,
    )[0][0]
    by_field = store.query(
        f"""SELECT f.field, count(DISTINCT r.pair_key) FROM runs r JOIN findings f USING (run_id)
            WHERE {clause} AND f.kind = 'divergent_field' AND f.severity IN ('critical', 'major')
            GROUP BY 1 ORDER BY 2 DESC LIMIT 20""",
        params,
    )
    examples = store.query(
        f"""SELECT r.pair_key, list(DISTINCT r.run_id ORDER BY r.run_id), list(DISTINCT f.field ORDER BY f.field),
                   arg_min(f.origin_step, r.started_ns)
            FROM runs r JOIN findings f USING (run_id)
            WHERE {clause} AND f.kind = 'divergent_field' AND f.severity IN ('critical', 'major')
            GROUP BY 1 ORDER BY max(r.started_ns) DESC LIMIT 10""",
        params,
    )
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
        "agreement_by_field": {field: _rate(keyed - n, keyed) for field, n in by_field},
        "divergent_pairs": [
            {"pair_key": key, "runs": runs, "fields": fields, "first_divergent_step": step}
            for key, runs, fields, step in examples
        ],
        "thresholds": thresholds,
        "alpha": DEFAULT_ALPHA,
        "note": f"a field's threshold is calibrated once {MIN_SAMPLES} equivalent pairs (both runs verified) "
        "were seen; until then its type's default applies",
    }


def cohorts(store: DuckStore, clause: str, params: list[Any]) -> list[dict[str, Any]]:
    """Per agent, model and prompt version: volume and the checks' predicted error rate."""
    rows = store.query(
        f"""SELECT r.agent, r.model, r.prompt_version, count(*),
                   avg(CASE WHEN v.verdict IN ('failed','suspect') THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END),
                   min(r.started_ns), max(r.started_ns)
            FROM runs r JOIN verdicts v USING (run_id) WHERE {clause}
            GROUP BY 1, 2, 3 ORDER BY 1, 6""",
        params,
    )
    return [
        {"agent": a, "model": m, "prompt_version": p, "runs": n, "predicted_error_rate": round(rate, 4),
         "first_ns": first, "last_ns": last}
        for a, m, p, n, rate, first, last in rows
    ]
