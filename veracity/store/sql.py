"""SQL fragments shared by the DuckDB store's modules: filters, the checker-version rule, alert metrics."""

from __future__ import annotations

from typing import Any

from veracity.store.base import ALERT_METRICS, RunFilter
from veracity.store.filters import run_condition

DAY_SQL = "strftime(to_timestamp(r.started_ns / 1e9), '%Y-%m-%d')"
WRONG = "CASE WHEN v.verdict IN ('failed','suspect') THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END"
LATEST_VERSION = "(SELECT checker_version FROM verdicts ORDER BY checked_ns DESC LIMIT 1)"

# What makes a run count for each regression-alert metric (runs `r`, verdicts `v`).
METRIC_SQL: dict[str, str] = dict(zip(ALERT_METRICS, (
    "v.verdict IN ('failed', 'suspect')",
    "EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id AND f.kind IN ('unsupported_value', 'contradicted_value'))",
    "EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id AND f.kind = 'declared_missing')",
    "EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id AND f.kind IN ('wrong_entity_field', 'blended_entity'))",
    "EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id AND f.kind = 'silent_step_failure')",
    # A run whose calls did not all succeed at the first attempt (a retry, an HTTP error, garbage).
    "(EXISTS (SELECT 1 FROM steps s WHERE s.run_id = r.run_id AND (s.attempt > 1 OR s.http_status >= 400 "
    "OR s.status = 'error')) OR EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id "
    "AND f.kind IN ('silent_step_failure', 'retry_masked')))",
    # Downstream corrections arrive days late: they confirm what the immediate signals said.
    "EXISTS (SELECT 1 FROM labels l WHERE l.run_id = r.run_id AND l.source = 'correction' AND NOT l.correct)",
), strict=True))


def filter_sql(where: RunFilter | None, alias: str = "r") -> tuple[str, list[Any]]:
    """A SQL condition on the runs table (aliased `alias`) for a filter."""
    return run_condition(where, alias, true="TRUE", day_sql=DAY_SQL,
                         verdict="EXISTS (SELECT 1 FROM verdicts fv WHERE fv.run_id = {alias}.run_id AND fv.verdict = ?)")


def version_filter(version: str | None = None, alias: str = "v") -> tuple[str, list[Any]]:
    """SQL condition (on the verdicts table, aliased `alias`) that keeps one checker version.

    With no version, the latest one: the version of the most recently written verdict.
    """
    if version is not None:
        return f"{alias}.checker_version = ?", [version]
    return f"{alias}.checker_version = {LATEST_VERSION}", []
