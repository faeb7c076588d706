"""Arrow tables of a batch of runs and verdicts, in the ClickHouse store's column order."""

from __future__ import annotations

from typing import Any

import orjson
import pyarrow as pa

from veracity.model import Run, Verdict
from veracity.store.codec import pack_run


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value, default=str).decode()


def _str(values: list[Any]) -> pa.Array:
    return pa.array(values, pa.string())


def _i64(values: list[Any]) -> pa.Array:
    return pa.array(values, pa.int64())


def _i32(values: list[Any]) -> pa.Array:
    return pa.array(values, pa.int32())


def run_table(runs: list[Run], now: int) -> pa.Table:
    return pa.table({
        "run_id": _str([r.run_id for r in runs]), "trace_id": _str([r.trace_id for r in runs]),
        "project": _str([r.project for r in runs]), "agent": _str([r.agent for r in runs]),
        "agent_version": _str([r.agent_version for r in runs]),
        "model": _str([r.models[0] if r.models else None for r in runs]),
        "prompt_version": _str([r.prompt_version for r in runs]), "pair_key": _str([r.pair_key for r in runs]),
        "reported_status": _str([r.reported_status for r in runs]),
        "started_ns": _i64([r.started_at for r in runs]), "ended_ns": _i64([r.ended_at for r in runs]),
        "n_steps": _i32([len(r.steps) for r in runs]),
        "input": _str([_json(r.input) for r in runs]), "output": _str([_json(r.output) for r in runs]),
        "body": pa.array([pack_run(r) for r in runs], pa.binary()), "stored_ns": _i64([now] * len(runs)),
        "version": _i64([now] * len(runs)),
    })


def step_table(runs: list[Run]) -> pa.Table:
    steps = [(r.run_id, s) for r in runs for s in r.steps]
    return pa.table({
        "run_id": _str([rid for rid, _ in steps]), "step_id": _str([s.step_id for _, s in steps]),
        "ord": _i32([s.order for _, s in steps]), "kind": _str([s.kind for _, s in steps]),
        "name": _str([s.name for _, s in steps]), "status": _str([s.status for _, s in steps]),
        "http_status": _i32([s.http_status for _, s in steps]), "attempt": _i32([s.attempt for _, s in steps]),
        "model": _str([s.model for _, s in steps]), "started_ns": _i64([s.started_at for _, s in steps]),
        "ended_ns": _i64([s.ended_at for _, s in steps]),
        "has_args": pa.array([s.args is not None for _, s in steps], pa.bool_()),
        "has_result": pa.array([s.result is not None for _, s in steps], pa.bool_()),
        "result_bytes": _i32([len(s.result) if isinstance(s.result, str) else 0 for _, s in steps]),
    })


def verdict_table(verdicts: list[Verdict], started: dict[str, int], now: int) -> pa.Table:
    return pa.table({
        "run_id": _str([v.run_id for v in verdicts]), "verdict": _str([v.verdict for v in verdicts]),
        "risk": pa.array([v.risk for v in verdicts], pa.float64()),
        "checker_version": _str([v.checker_version for v in verdicts]),
        "n_findings": _i32([len(v.findings) for v in verdicts]), "checked_ns": _i64([now] * len(verdicts)),
        "started_ns": _i64([started.get(v.run_id, 0) for v in verdicts]),
    })


def finding_table(verdicts: list[Verdict], now: int) -> pa.Table:
    found = [(v, i, f) for v in verdicts for i, f in enumerate(v.findings)]
    return pa.table({
        "run_id": _str([v.run_id for v, _, _ in found]), "check": _str([f.check for _, _, f in found]),
        "kind": _str([f.kind for _, _, f in found]), "severity": _str([f.severity for _, _, f in found]),
        "field": _str([f.field for _, _, f in found]), "message": _str([f.message for _, _, f in found]),
        "origin_step": _str([f.origin_step for _, _, f in found]),
        "evidence": _str([_json(f.evidence) for _, _, f in found]),
        "score": pa.array([f.score for _, _, f in found], pa.float64()),
        "checker_version": _str([v.checker_version for v, _, _ in found]), "ord": _i32([i for _, i, _ in found]),
        "checked_ns": _i64([now] * len(found)),
    })
