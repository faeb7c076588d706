"""The ClickHouse store's report operations: the DuckDB store's queries in ClickHouse SQL."""

from __future__ import annotations

from typing import Any

from veracity.store.base import AlertDim, CohortDim, RunFilter, RunRow
from veracity.store.clickhouse.schema import VERDICTS
from veracity.store.clickhouse.sql import DAY_SQL, LATEST_VERSION, METRIC_SQL, RUNS, WRONG, filter_sql

HOUR_NS = 3_600_000_000_000
_COHORT_SQL = {"agent": "r.agent", "model": "r.model", "day": DAY_SQL}
_ALERT_DIMS = ("model", "prompt_version", "agent_version")
_DIVERGENT = "f.kind = 'divergent_field' AND f.severity IN ('critical', 'major')"
RV = f"{RUNS} r INNER JOIN {VERDICTS} v ON v.run_id = r.run_id"
RF = f"{RUNS} r INNER JOIN findings f ON f.run_id = r.run_id"
QUEUE = "(SELECT * FROM review_queue FINAL)"
LABELS = "(SELECT * FROM labels FINAL)"


class ReportQueries:
    """Mixed into `ClickStore`: read-only counts, each one query (or a few)."""

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def runs_page(self, where: RunFilter | None = None, limit: int = 100) -> list[RunRow]:
        clause, params = filter_sql(where)
        rows = self._rows(
            f"""SELECT r.run_id, r.agent, r.model, r.started_ns, r.reported_status, v.verdict, v.risk, v.n_findings
                FROM {RUNS} r LEFT JOIN {VERDICTS} v ON v.run_id = r.run_id WHERE {clause}
                ORDER BY r.started_ns DESC, r.run_id DESC LIMIT ?""",
            [*params, max(1, min(limit, 10_000))])
        return [RunRow(run_id=a, agent=b, model=c, started_ns=d, reported_status=e, verdict=f, risk=g, findings=h)
                for a, b, c, d, e, f, g, h in rows]

    def run_totals(self, where: RunFilter | None = None) -> tuple[int, float | None]:
        clause, params = filter_sql(where)
        runs, success = self._rows(
            f"SELECT count(), avgOrNull(if(reported_status = 'success', 1.0, 0.0)) FROM {RUNS} r WHERE {clause}",
            params)[0]
        return int(runs), success

    def verdict_counts(self, where: RunFilter | None = None) -> dict[str, int]:
        clause, params = filter_sql(where)
        return dict(self._rows(f"SELECT v.verdict, count() FROM {RV} WHERE {clause} GROUP BY 1 ORDER BY 1", params))

    def finding_kind_counts(self, where: RunFilter | None = None) -> dict[str, int]:
        clause, params = filter_sql(where)
        return dict(self._rows(
            f"SELECT f.kind, count() FROM {RF} WHERE {clause} AND f.severity != 'info' GROUP BY 1 ORDER BY 2 DESC, 1",
            params))

    def cohort_values(self, where: RunFilter | None, dim: CohortDim, newest: int | None = None) -> list[str]:
        clause, params = filter_sql(where)
        key_sql = _COHORT_SQL[dim]
        order = "1 DESC" if newest else "1"
        rows = self._rows(
            f"SELECT DISTINCT {key_sql} FROM {RUNS} r WHERE {clause} AND {key_sql} IS NOT NULL ORDER BY {order}"
            + (f" LIMIT {int(newest)}" if newest else ""), params)
        return [r[0] for r in rows]

    def prediction_stats(self, where: RunFilter | None = None) -> tuple[int, float | None, float | None]:
        clause, params = filter_sql(where)
        n, mean, var = self._rows(
            f"SELECT count(), avgOrNull({WRONG}), varPopOrNull({WRONG}) FROM {RV} WHERE {clause}", params)[0]
        return int(n), mean, var

    def _queued(self) -> bool:
        rows = self._rows("SELECT count() FROM review_draws")
        return bool(rows[0][0])

    def review_labels(self, where: RunFilter | None = None) -> list[tuple[float, float, float | None]]:
        clause, params = filter_sql(where)
        rows = self._rows(
            f"""SELECT any({WRONG}), if(min(l.correct), 0.0, 1.0), any(q.pi)
                FROM {RV} INNER JOIN {LABELS} l ON l.run_id = r.run_id LEFT JOIN {QUEUE} q ON q.run_id = r.run_id
                WHERE {clause} AND l.source = 'review' GROUP BY r.run_id""", params)
        return [(float(f), float(y), None if p is None else float(p)) for f, y, p in rows]

    def queue_pending(self, where: RunFilter | None = None) -> int | None:
        if not self._queued():
            return None
        clause, params = filter_sql(where)
        return int(self._rows(
            f"""SELECT count() FROM {QUEUE} q INNER JOIN {RUNS} r ON r.run_id = q.run_id WHERE {clause}
                AND q.run_id NOT IN (SELECT run_id FROM {LABELS} WHERE source = 'review')""", params)[0][0])

    def unknown_counts(self, where: RunFilter | None = None) -> dict[str, Any]:
        clause, params = filter_sql(where)
        missing = "f.kind = 'declared_missing'"
        total = self._rows(f"SELECT count() FROM {RUNS} r WHERE {clause}", params)[0][0]
        with_unknown = self._rows(f"SELECT uniqExact(r.run_id) FROM {RF} WHERE {clause} AND {missing}", params)[0][0]
        by_field = self._rows(
            f"""SELECT f.field, uniqExact(r.run_id) FROM {RF} WHERE {clause} AND {missing}
                GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20""", params)
        by_model = self._rows(
            f"""SELECT coalesce(r.model, char(63)), count(),
                       countIf(r.run_id IN (SELECT run_id FROM findings WHERE kind = 'declared_missing'))
                FROM {RUNS} r WHERE {clause} GROUP BY 1 ORDER BY 2 DESC, 1""", params)
        return {"runs": int(total), "with_unknown": int(with_unknown), "by_field": dict(by_field),
                "by_model": {model: (int(n), int(k)) for model, n, k in by_model}}

    def pair_counts(self, where: RunFilter | None = None) -> dict[str, Any]:
        clause, params = filter_sql(where)
        keyed = self._rows(
            f"""SELECT count() FROM (SELECT r.pair_key FROM {RUNS} r WHERE {clause} AND r.pair_key IS NOT NULL
                GROUP BY 1 HAVING count() >= 2)""", params)[0][0]
        divergent = self._rows(f"SELECT uniqExact(r.pair_key) FROM {RF} WHERE {clause} AND {_DIVERGENT}",
                               params)[0][0]
        by_field = self._rows(
            f"""SELECT f.field, uniqExact(r.pair_key) FROM {RF} WHERE {clause} AND {_DIVERGENT}
                GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20""", params)
        examples = self._rows(
            f"""SELECT r.pair_key, arraySort(groupUniqArray(r.run_id)), arraySort(groupUniqArray(f.field)),
                       argMin(f.origin_step, r.started_ns)
                FROM {RF} WHERE {clause} AND {_DIVERGENT}
                GROUP BY 1 ORDER BY max(r.started_ns) DESC LIMIT 10""", params)
        return {"pairs": int(keyed), "divergent": int(divergent), "by_field": dict(by_field),
                "examples": [{"pair_key": key, "runs": list(runs), "fields": list(fields), "first_divergent_step": step}
                             for key, runs, fields, step in examples]}

    def cohort_rows(self, where: RunFilter | None = None) -> list[dict[str, Any]]:
        clause, params = filter_sql(where)
        rows = self._rows(
            f"""SELECT r.agent, r.model, r.prompt_version, count(), avg({WRONG}), min(r.started_ns), max(r.started_ns)
                FROM {RV} WHERE {clause} GROUP BY 1, 2, 3 ORDER BY 1, 6""", params)
        return [{"agent": a, "model": m, "prompt_version": p, "runs": int(n), "predicted_error_rate": rate,
                 "first_ns": first, "last_ns": last} for a, m, p, n, rate, first, last in rows]

    def alert_series(self, where: RunFilter | None, dim: AlertDim) -> list[tuple[Any, ...]]:
        if dim not in _ALERT_DIMS:
            raise ValueError(f"alert dimension must be one of {', '.join(_ALERT_DIMS)}, not {dim!r}")
        clause, params = filter_sql(where)
        sums = ", ".join(f"countIf({sql})" for sql in METRIC_SQL.values())
        rows = self._rows(
            f"""SELECT r.agent, r.{dim}, intDiv(r.started_ns, {HOUR_NS}) AS hour, count(), {sums}
                FROM {RV} WHERE {clause} AND r.{dim} IS NOT NULL AND v.checker_version = {LATEST_VERSION}
                GROUP BY 1, 2, 3""", params)
        return [(a, b, int(h), *(int(x) for x in rest)) for a, b, h, *rest in rows]

    def alert_examples(self, dim: AlertDim, agent: str, value: str, metric: str, hour: int) -> list[str]:
        if dim not in _ALERT_DIMS:
            raise ValueError(f"alert dimension must be one of {', '.join(_ALERT_DIMS)}, not {dim!r}")
        rows = self._rows(
            f"""SELECT r.run_id FROM {RV} WHERE r.agent = ? AND r.{dim} = ?
                AND intDiv(r.started_ns, {HOUR_NS}) <= ? AND {METRIC_SQL[metric]}
                ORDER BY r.started_ns DESC LIMIT 3""", [agent, value, hour])
        return [r[0] for r in rows]

    def storage_per_day(self, since_ns: int | None = None) -> list[dict[str, Any]]:
        since = since_ns or 0
        day = "toString(toDate(toDateTime(intDiv({c}, 1000000000), 'UTC'), 'UTC'))"
        runs = self._rows(
            f"""SELECT {day.format(c='started_ns')} AS day, count(), sum(length(body)) FROM {RUNS}
                WHERE started_ns >= ? GROUP BY 1 ORDER BY 1""", [since])
        spans = dict(self._rows(
            f"""SELECT {day.format(c='received_ns')} AS day, sum(length(body)) FROM spans FINAL
                WHERE received_ns >= ? GROUP BY 1""", [since]))
        days = {d: {"day": d, "runs": int(n), "run_bytes": int(b or 0), "span_bytes": int(spans.get(d) or 0)}
                for d, n, b in runs}
        for d, b in spans.items():
            days.setdefault(d, {"day": d, "runs": 0, "run_bytes": 0, "span_bytes": int(b or 0)})
        return [days[k] for k in sorted(days)]

    def calibration_labels(self) -> tuple[list[tuple[float, float, float | None, int]], int]:
        rows = self._rows(
            f"""SELECT v.risk, if(min(l.correct), 0.0, 1.0), any(q.pi), any(r.started_ns)
                FROM {LABELS} l INNER JOIN {VERDICTS} v ON v.run_id = l.run_id
                INNER JOIN {RUNS} r ON r.run_id = l.run_id LEFT JOIN {QUEUE} q ON q.run_id = l.run_id
                WHERE l.source = 'review' AND v.risk IS NOT NULL GROUP BY l.run_id, v.risk""")
        total = int(self._rows(f"SELECT count() FROM {VERDICTS}")[0][0])
        return [(float(a), float(b), None if c is None else float(c), int(d or 0)) for a, b, c, d in rows], total

    def finding_examples(self) -> dict[str, dict[str, Any]]:
        rank = "multiIf(severity = 'critical', 3, severity = 'major', 2, severity = 'minor', 1, 0)"
        rows = self._rows(
            f"""SELECT kind, argMax(tuple(run_id, message, field, origin_step), ({rank}, -ord))
                FROM findings FINAL GROUP BY kind""")
        keys = ("run_id", "message", "field", "origin_step")
        return {kind: dict(zip(keys, _values(best), strict=True)) for kind, best in rows}

    def riskiest_runs(self, limit: int) -> list[tuple[str, str, str, float]]:
        rows = self._rows(
            f"""SELECT v.run_id, r.agent, v.verdict, v.risk FROM {VERDICTS} v INNER JOIN {RUNS} r ON r.run_id = v.run_id
                ORDER BY v.risk DESC, v.run_id LIMIT ?""", [limit])
        return [(a, b, c, d) for a, b, c, d in rows]


def _values(item: Any) -> tuple[Any, ...]:
    """A ClickHouse tuple as Arrow answers it (a dict of its elements) or as a tuple."""
    return tuple(item.values()) if isinstance(item, dict) else tuple(item)
