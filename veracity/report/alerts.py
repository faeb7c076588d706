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
from veracity.store.base import ALERT_METRICS, AlertDim, RunFilter, Store

ALPHA = 0.01
MIN_COHORT_RUNS = 30
DIMENSIONS: tuple[AlertDim, ...] = ("model", "prompt_version", "agent_version")
# The direction of harm of each metric the store counts (`ALERT_METRICS`: what makes a run count is the store's).
DIRECTION = {"error_rate": "greater", "unsupported_value_rate": "greater", "honest_unknown_rate": "two-sided",
             "wrong_entity_rate": "greater", "silent_step_failure_rate": "greater", "not_first_attempt_rate": "greater",
             "correction_rate": "greater"}
METRICS = tuple((metric, DIRECTION[metric]) for metric in ALERT_METRICS)

Series = dict[int, tuple[int, int]]  # hour → (events, runs)


def _series(store: Store, dim: AlertDim, where: RunFilter | None) -> dict[tuple[str, str], dict[str, Series]]:
    """(agent, cohort value) → metric → hourly counts, for the newest checker version only."""
    out: dict[tuple[str, str], dict[str, Series]] = defaultdict(lambda: defaultdict(dict))
    for agent, value, hour, n, *events in store.alert_series(where, dim):
        for (metric, _), k in zip(METRICS, events, strict=True):
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


def alerts(store: Store, where: RunFilter | None = None) -> list[dict[str, Any]]:
    """Cohorts whose rates moved against the rest of their agent's runs."""
    found: list[dict[str, Any]] = []
    plans = []
    for dim in DIMENSIONS:
        series = _series(store, dim, where)
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
        for metric, direction in METRICS:
            mine, rest = cohort[metric], _merge([o[metric] for o in others])
            if sum(n for _, n in rest.values()) < MIN_COHORT_RUNS:
                continue
            concurrent = len(set(mine) & set(rest)) >= 3
            hour = _side_by_side(mine, rest, alpha, direction)[0] if concurrent else _after_swap(mine, rest, alpha, direction)
            if hour is None:
                continue
            before = sum(k for k, _ in rest.values()) / max(1, sum(n for _, n in rest.values()))
            upto = {h: c for h, c in mine.items() if h <= hour}
            k_after, n_after = sum(k for k, _ in upto.values()), sum(n for _, n in upto.values())
            after = k_after / max(1, n_after)
            low, high = rate_confidence_sequence(k_after, n_after, alpha)
            found.append({
                "cohort": {"agent": agent, dim: value},
                "metric": metric,
                "before": round(before, 4),
                "after": round(after, 4),
                "at": datetime.fromtimestamp(hour * 3600, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "method": "sequential" if concurrent else "confidence_sequence",
                "after_interval": [round(low, 4), round(high, 4)],  # anytime-valid, at the split alpha
                "runs_after": n_after,
                "hours_after_first_run": hour - min(mine),
                "examples": store.alert_examples(dim, agent, value, metric, hour),
            })
    return sorted(found, key=lambda a: a["at"])
