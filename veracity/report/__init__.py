"""`veracity report`: what the stored runs say, as one JSON object (CONTRACT.md)."""

from __future__ import annotations

from itertools import islice
from typing import Any

from veracity.checks.coverage import coverage_stats
from veracity.report.alerts import alerts
from veracity.report.sections import STEP_SAMPLE, cohorts, pairs, steps, unknown_rate
from veracity.report.truth import error_rate
from veracity.retention import size_per_day
from veracity.review import status as review_status
from veracity.stats.risk import calibrate
from veracity.store.base import RunFilter
from veracity.store.duck import DuckStore, filter_sql
from veracity.timespec import parse_since


def parse_filter(agent: str | None = None, since: str | None = None) -> RunFilter:
    return RunFilter(agent=agent, since_ns=parse_since(since) if since else None)


DAY_SQL = "strftime(to_timestamp(r.started_ns / 1e9), '%Y-%m-%d')"


def _rates_by(store: DuckStore, clause: str, params: list[Any], key_sql: str, newest: int | None = None) -> dict[str, Any]:
    """The truth rate for each value of a cohort key (agent, model, day), each with its own interval."""
    order = "1 DESC" if newest else "1"
    keys = store.query(
        f"SELECT DISTINCT {key_sql} FROM runs r WHERE {clause} AND {key_sql} IS NOT NULL ORDER BY {order}"
        + (f" LIMIT {int(newest)}" if newest else ""),
        params,
    )
    return {key: error_rate(store, f"{clause} AND {key_sql} = ?", [*params, key]) for (key,) in keys}


def build_report(store: DuckStore, where: RunFilter | None = None) -> dict[str, Any]:
    """The report's data; the CLI and the HTTP API render this same object."""
    clause, params = filter_sql(where)
    runs, success = store.query(
        f"""SELECT count(*), avg(CASE WHEN reported_status = 'success' THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END)
            FROM runs r WHERE {clause}""",
        params,
    )[0]
    verdicts = dict(
        store.query(
            f"SELECT v.verdict, count(*) FROM runs r JOIN verdicts v USING (run_id) WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        )
    )
    kinds = dict(
        store.query(
            f"""SELECT f.kind, count(*) FROM runs r JOIN findings f USING (run_id)
                WHERE {clause} AND f.severity <> 'info' GROUP BY 1 ORDER BY 2 DESC""",
            params,
        )
    )
    return {
        "runs": runs,
        "reported_success_rate": round(success, 4) if runs else None,
        "verdicts": verdicts,
        "error_rate": error_rate(store, clause, params),
        "error_rate_by_agent": _rates_by(store, clause, params, "r.agent"),
        "error_rate_by_model": _rates_by(store, clause, params, "r.model"),
        "error_rate_by_day": _rates_by(store, clause, params, DAY_SQL, newest=14),
        "findings_by_kind": kinds,
        "alerts": alerts(store, clause, params),
        "unknown_rate": unknown_rate(store, clause, params),
        "steps": steps(store, where),
        "pairs": pairs(store, clause, params),
        "cohorts": cohorts(store, clause, params),
        "coverage": coverage_stats(islice((r for batch in store.iter_runs(where, newest_first=True) for r in batch), STEP_SAMPLE)),
        "calibration": calibrate(store, where.since_ns if where else None),
        "review": review_status(store),
        "storage": {"per_day": size_per_day(store, where.since_ns if where else None)},
    }
