"""The data of a pair's page: two runs of the same query side by side, field by field, with thresholds."""

from __future__ import annotations

from typing import Any

from veracity.checks import Context, load_states
from veracity.checks.pairs.fields import ABSENT, compare_outputs
from veracity.checks.pairs.judge import alpha_of, calibration_of, threshold_for
from veracity.checks.pairs.steps import first_divergence
from veracity.model import Run
from veracity.report.pages import iso, plain
from veracity.store.base import Store


def _shown(value: Any) -> Any:
    return None if value is ABSENT else plain(value)


def _side(run: Run, store: Store) -> dict[str, Any]:
    verdict = store.get_verdict(run.run_id)
    return {"run_id": run.run_id, "agent": run.agent, "models": run.models, "prompt_version": run.prompt_version,
            "started_at": iso(run.started_at), "identity": run.identity, "session": run.session,
            "verdict": verdict.verdict if verdict else None, "risk": round(verdict.risk, 4) if verdict else None,
            "steps": [{"step_id": s.step_id, "name": s.name, "kind": s.kind} for s in sorted(run.steps, key=lambda s: s.order)]}


def pair_view(store: Store, pair_key: str) -> dict[str, Any] | None:
    """The first two runs of a pair key: each field's two values, distance and calibrated threshold,
    divergent ones marked, and the first step where the runs' paths differ."""
    ids = store.pair_run_ids(pair_key)
    runs = store.get_runs(ids[:2])
    if not runs:
        return None
    out: dict[str, Any] = {"pair_key": pair_key, "run_ids": ids, "runs": [_side(r, store) for r in runs],
                           "fields": [], "first_divergence": None}
    if len(runs) < 2:
        return out
    a, b = runs
    context = Context(state=load_states(store.load_state("learned")))
    cal, alpha = calibration_of(context), alpha_of(context)
    for diff in compare_outputs(a.output, b.output):
        t = threshold_for(diff, a.agent, cal, alpha)
        out["fields"].append({"field": diff.field, "type": diff.vtype.value, "value_a": _shown(diff.value_a),
                              "value_b": _shown(diff.value_b), "distance": round(diff.distance, 4),
                              "threshold": round(t.value, 4), "threshold_source": t.source, "calibrated_from": t.n,
                              "divergent": not diff.same and diff.distance > t.value})
    path = first_divergence(a, b)
    if path is not None:
        out["first_divergence"] = {"step_a": path.step_a, "step_b": path.step_b, "reason": path.reason,
                                   "name": path.name}
    return out
