"""Regression alerts: a cohort (model, prompt or agent version) whose rates moved, anytime-valid.

Runs of one agent are split by a cohort dimension. Where a cohort and the rest run side by
side, each hour's counts feed a sequential test (exact on hourly counts, valid however often
it is read). Where a cohort replaced the rest (a model swap), the cohort's anytime-valid
confidence sequence is compared with the rest's interval. The false-alarm rate is split
across every (cohort, metric) pair tested.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from veracity.stats import SequentialTest, classical_mean, rate_confidence_sequence
from veracity.store.duck import DuckStore

ALPHA = 0.01
HOUR_NS = 3_600_000_000_000
MIN_COHORT_RUNS = 30
DIMENSIONS = ("model", "prompt_version", "agent_version")
# (metric, SQL deciding a run counts, direction of harm)
METRICS = (
    ("error_rate", "v.verdict IN ('failed', 'suspect')", "greater"),
    ("unsupported_value_rate", "EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id "
     "AND f.kind IN ('unsupported_value', 'contradicted_value'))", "greater"),
    ("honest_unknown_rate", "EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id "
     "AND f.kind = 'declared_missing')", "two-sided"),
    ("wrong_entity_rate", "EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id "
     "AND f.kind IN ('wrong_entity_field', 'blended_entity'))", "greater"),
    ("silent_step_failure_rate", "EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id "
     "AND f.kind = 'silent_step_failure')", "greater"),
    # A run whose calls did not all succeed at the first attempt (a retry, an HTTP error, garbage).
    ("not_first_attempt_rate", "(EXISTS (SELECT 1 FROM steps s WHERE s.run_id = r.run_id AND (s.attempt > 1 "
     "OR s.http_status >= 400 OR s.status = 'error')) OR EXISTS (SELECT 1 FROM findings f "
     "WHERE f.run_id = r.run_id AND f.kind IN ('silent_step_failure', 'retry_masked')))", "greater"),
    # Downstream corrections arrive days late: they confirm what the immediate signals said.
    ("correction_rate", "EXISTS (SELECT 1 FROM labels l WHERE l.run_id = r.run_id AND l.source = 'correction' "
     "AND NOT l.correct)", "greater"),
)

Series = dict[int, tuple[int, int]]  # hour → (events, runs)


def _series(store: DuckStore, dim: str, clause: str, params: list[Any]) -> dict[tuple[str, str], dict[str, Series]]:
    """(agent, cohort value) → metric → hourly counts, for the newest checker version only."""
    sums = ", ".join(f"count(*) FILTER (WHERE {sql})" for _, sql, _ in METRICS)
    rows = store.query(
        f"""SELECT r.agent, r.{dim}, r.started_ns // {HOUR_NS} AS hour, count(*), {sums}
            FROM runs r JOIN verdicts v USING (run_id)
            WHERE {clause} AND r.{dim} IS NOT NULL AND v.checker_version =
                  (SELECT checker_version FROM verdicts ORDER BY checked_ns DESC LIMIT 1)
            GROUP BY 1, 2, 3""",
        params,
    )
    out: dict[tuple[str, str], dict[str, Series]] = defaultdict(lambda: defaultdict(dict))
    for agent, value, hour, n, *events in rows:
        for (metric, _, _), k in zip(METRICS, events, strict=True):
            out[(agent, value)][metric][hour] = (k, n)
    return out


def _merge(series: list[Series]) -> Series:
    merged: dict[int, tuple[int, int]] = {}
    for s in series:
        for hour, (k, n) in s.items():
            a, b = merged.get(hour, (0, 0))
            merged[hour] = (a + k, b + n)
    return merged


def _side_by_side(cohort: Series, rest: Series, alpha: float, direction: str) -> tuple[int | None, Any]:
    test = SequentialTest(alpha=alpha, alternative=direction)  # type: ignore[arg-type]
    shared = sorted(set(cohort) & set(rest))
    for hour in shared:
        decision = test.update(rest[hour][0], rest[hour][1], cohort[hour][0], cohort[hour][1])
        if decision.alert:
            return hour, decision
    return None, test.decision() if shared else None


def _after_swap(cohort: Series, rest: Series, alpha: float, direction: str) -> int | None:
    k_rest = sum(k for k, _ in rest.values())
    n_rest = sum(n for _, n in rest.values())
    base = classical_mean([1] * k_rest + [0] * (n_rest - k_rest), alpha=alpha / 2)
    k = n = 0
    for hour in sorted(cohort):
        k += cohort[hour][0]
        n += cohort[hour][1]
        low, high = rate_confidence_sequence(k, n, alpha / 2)
        if base.high is not None and direction in ("greater", "two-sided") and low > base.high:
            return hour
        if base.low is not None and direction in ("less", "two-sided") and high < base.low:
            return hour
    return None


def _examples(store: DuckStore, dim: str, agent: str, value: str, metric_sql: str, hour: int) -> list[str]:
    rows = store.query(
        f"""SELECT r.run_id FROM runs r JOIN verdicts v USING (run_id)
            WHERE r.agent = ? AND r.{dim} = ? AND r.started_ns // {HOUR_NS} <= ? AND {metric_sql}
            ORDER BY r.started_ns DESC LIMIT 3""",
        [agent, value, hour],
    )
    return [r[0] for r in rows]


def alerts(store: DuckStore, clause: str, params: list[Any]) -> list[dict[str, Any]]:
    """Cohorts whose rates moved against the rest of their agent's runs."""
    found: list[dict[str, Any]] = []
    plans = []
    for dim in DIMENSIONS:
        series = _series(store, dim, clause, params)
        by_agent: dict[str, list[str]] = defaultdict(list)
        for agent, value in series:
            by_agent[agent].append(value)
        for agent, values in by_agent.items():
            if len(values) < 2:
                continue
            for value in values:
                cohort = series[(agent, value)]
                if sum(n for _, n in cohort["error_rate"].values()) < MIN_COHORT_RUNS:
                    continue
                plans.append((dim, agent, value, cohort, [series[(agent, v)] for v in values if v != value]))
    tests = max(1, len(plans) * len(METRICS))
    alpha = ALPHA / tests
    for dim, agent, value, cohort, others in plans:
        for metric, sql, direction in METRICS:
            mine, rest = cohort[metric], _merge([o[metric] for o in others])
            if sum(n for _, n in rest.values()) < MIN_COHORT_RUNS:
                continue
            concurrent = len(set(mine) & set(rest)) >= 3
            hour = _side_by_side(mine, rest, alpha, direction)[0] if concurrent else _after_swap(mine, rest, alpha, direction)
            if hour is None:
                continue
            before = sum(k for k, _ in rest.values()) / max(1, sum(n for _, n in rest.values()))
            upto = {h: c for h, c in mine.items() if h <= hour}
            after = sum(k for k, _ in upto.values()) / max(1, sum(n for _, n in upto.values()))
            found.append({
                "cohort": {"agent": agent, dim: value},
                "metric": metric,
                "before": round(before, 4),
                "after": round(after, 4),
                "at": datetime.fromtimestamp(hour * 3600, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "method": "sequential" if concurrent else "confidence_sequence",
                "hours_after_first_run": hour - min(mine),
                "examples": _examples(store, dim, agent, value, sql, hour),
            })
    return sorted(found, key=lambda a: a["at"])
