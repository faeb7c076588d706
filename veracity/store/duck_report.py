"""The DuckDB store's report operations: the counts behind each report section and page, in SQL."""

from __future__ import annotations

from typing import Any

import duckdb

from veracity.store.base import AlertDim, CohortDim, RunFilter, RunRow
from veracity.store.sql import DAY_SQL, LATEST_VERSION, METRIC_SQL, WRONG, filter_sql

HOUR_NS = 3_600_000_000_000
_COHORT_SQL = {"agent": "r.agent", "model": "r.model", "day": DAY_SQL}
_ALERT_DIMS = ("model", "prompt_version", "agent_version")
_DIVERGENT = "f.kind = 'divergent_field' AND f.severity IN ('critical', 'major')"


class ReportQueries:
    """Mixed into `DuckStore`: read-only counts, each one query (or a few) over runs, verdicts, findings."""

    db: duckdb.DuckDBPyConnection

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params or []).fetchall()

    def _has_tables(self, *names: str) -> bool:
        rows = self._rows("SELECT count(*) FROM duckdb_tables() WHERE table_name IN (SELECT unnest(?))", [list(names)])
        return bool(rows[0][0] == len(names))

    def runs_page(self, where: RunFilter | None = None, limit: int = 100) -> list[RunRow]:
        clause, params = filter_sql(where)
        rows = self._rows(
            f"""SELECT r.run_id, r.agent, r.model, r.started_ns, r.reported_status, v.verdict, v.risk, v.n_findings
                FROM runs r LEFT JOIN verdicts v USING (run_id) WHERE {clause}
                ORDER BY r.started_ns DESC LIMIT ?""",
            [*params, max(1, min(limit, 10_000))],
        )
        return [RunRow(run_id=a, agent=b, model=c, started_ns=d, reported_status=e, verdict=f, risk=g, findings=h)
                for a, b, c, d, e, f, g, h in rows]

    def run_totals(self, where: RunFilter | None = None) -> tuple[int, float | None]:
        clause, params = filter_sql(where)
        runs, success = self._rows(
            f"""SELECT count(*), avg(CASE WHEN reported_status = 'success' THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END)
                FROM runs r WHERE {clause}""",
            params,
        )[0]
        return int(runs), success

    def verdict_counts(self, where: RunFilter | None = None) -> dict[str, int]:
        clause, params = filter_sql(where)
        return dict(self._rows(
            f"SELECT v.verdict, count(*) FROM runs r JOIN verdicts v USING (run_id) WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        ))

    def finding_kind_counts(self, where: RunFilter | None = None) -> dict[str, int]:
        clause, params = filter_sql(where)
        return dict(self._rows(
            f"""SELECT f.kind, count(*) FROM runs r JOIN findings f USING (run_id)
                WHERE {clause} AND f.severity <> 'info' GROUP BY 1 ORDER BY 2 DESC, 1""",
            params,
        ))

    def cohort_values(self, where: RunFilter | None, dim: CohortDim, newest: int | None = None) -> list[str]:
        clause, params = filter_sql(where)
        key_sql = _COHORT_SQL[dim]
        order = "1 DESC" if newest else "1"
        rows = self._rows(
            f"SELECT DISTINCT {key_sql} FROM runs r WHERE {clause} AND {key_sql} IS NOT NULL ORDER BY {order}"
            + (f" LIMIT {int(newest)}" if newest else ""),
            params,
        )
        return [r[0] for r in rows]

    def prediction_stats(self, where: RunFilter | None = None) -> tuple[int, float | None, float | None]:
        clause, params = filter_sql(where)
        n, mean, var = self._rows(
            f"SELECT count(*), avg({WRONG}), var_pop({WRONG}) FROM runs r JOIN verdicts v USING (run_id) WHERE {clause}",
            params,
        )[0]
        return int(n), mean, var

    def review_labels(self, where: RunFilter | None = None) -> list[tuple[float, float, float | None]]:
        clause, params = filter_sql(where)
        queued = self._has_tables("review_queue", "review_draws")
        join, pi = ("LEFT JOIN review_queue q USING (run_id)", "any_value(q.pi)") if queued else ("", "NULL::DOUBLE")
        rows = self._rows(
            f"""SELECT {WRONG} AS f, CASE WHEN bool_and(l.correct) THEN 0.0::DOUBLE ELSE 1.0::DOUBLE END AS y, {pi}
                FROM runs r JOIN verdicts v USING (run_id) JOIN labels l USING (run_id) {join}
                WHERE {clause} AND l.source = 'review' GROUP BY r.run_id, v.verdict""",
            params,
        )
        return [(float(f), float(y), None if p is None else float(p)) for f, y, p in rows]

    def queue_pending(self, where: RunFilter | None = None) -> int | None:
        if not self._has_tables("review_queue", "review_draws"):
            return None
        clause, params = filter_sql(where)
        return int(self._rows(
            f"""SELECT count(*) FROM review_queue q JOIN runs r USING (run_id) WHERE {clause} AND NOT EXISTS
                (SELECT 1 FROM labels l WHERE l.run_id = q.run_id AND l.source = 'review')""",
            params,
        )[0][0])

    def unknown_counts(self, where: RunFilter | None = None) -> dict[str, Any]:
        clause, params = filter_sql(where)
        total = self._rows(f"SELECT count(*) FROM runs r WHERE {clause}", params)[0][0]
        with_unknown = self._rows(
            f"""SELECT count(DISTINCT r.run_id) FROM runs r JOIN findings f USING (run_id)
                WHERE {clause} AND f.kind = 'declared_missing'""",
            params,
        )[0][0]
        by_field = self._rows(
            f"""SELECT f.field, count(DISTINCT r.run_id) FROM runs r JOIN findings f USING (run_id)
                WHERE {clause} AND f.kind = 'declared_missing' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20""",
            params,
        )
        by_model = self._rows(
            f"""SELECT coalesce(r.model, '?'), count(*),
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM findings f
                                       WHERE f.run_id = r.run_id AND f.kind = 'declared_missing'))
                FROM runs r WHERE {clause} GROUP BY 1 ORDER BY 2 DESC, 1""",
            params,
        )
        return {"runs": total, "with_unknown": with_unknown, "by_field": dict(by_field),
                "by_model": {model: (n, k) for model, n, k in by_model}}

    def pair_counts(self, where: RunFilter | None = None) -> dict[str, Any]:
        clause, params = filter_sql(where)
        keyed = self._rows(
            f"""SELECT count(*) FROM (SELECT r.pair_key FROM runs r WHERE {clause} AND r.pair_key IS NOT NULL
                GROUP BY 1 HAVING count(*) >= 2)""",
            params,
        )[0][0]
        divergent = self._rows(
            f"""SELECT count(DISTINCT r.pair_key) FROM runs r JOIN findings f USING (run_id)
                WHERE {clause} AND {_DIVERGENT}""",
            params,
        )[0][0]
        by_field = self._rows(
            f"""SELECT f.field, count(DISTINCT r.pair_key) FROM runs r JOIN findings f USING (run_id)
                WHERE {clause} AND {_DIVERGENT} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20""",
            params,
        )
        examples = self._rows(
            f"""SELECT r.pair_key, list(DISTINCT r.run_id ORDER BY r.run_id), list(DISTINCT f.field ORDER BY f.field),
                       arg_min(f.origin_step, r.started_ns)
                FROM runs r JOIN findings f USING (run_id)
                WHERE {clause} AND {_DIVERGENT}
                GROUP BY 1 ORDER BY max(r.started_ns) DESC LIMIT 10""",
            params,
        )
        return {"pairs": keyed, "divergent": divergent, "by_field": dict(by_field),
                "examples": [{"pair_key": key, "runs": runs, "fields": fields, "first_divergent_step": step}
                             for key, runs, fields, step in examples]}

    def cohort_rows(self, where: RunFilter | None = None) -> list[dict[str, Any]]:
        clause, params = filter_sql(where)
        rows = self._rows(
            f"""SELECT r.agent, r.model, r.prompt_version, count(*), avg({WRONG}), min(r.started_ns), max(r.started_ns)
                FROM runs r JOIN verdicts v USING (run_id) WHERE {clause}
                GROUP BY 1, 2, 3 ORDER BY 1, 6""",
            params,
        )
        return [{"agent": a, "model": m, "prompt_version": p, "runs": n, "predicted_error_rate": rate,
                 "first_ns": first, "last_ns": last} for a, m, p, n, rate, first, last in rows]

    def alert_series(self, where: RunFilter | None, dim: AlertDim) -> list[tuple[Any, ...]]:
        if dim not in _ALERT_DIMS:
            raise ValueError(f"alert dimension must be one of {', '.join(_ALERT_DIMS)}, not {dim!r}")
        clause, params = filter_sql(where)
        sums = ", ".join(f"count(*) FILTER (WHERE {sql})" for sql in METRIC_SQL.values())
        return self._rows(
            f"""SELECT r.agent, r.{dim}, r.started_ns // {HOUR_NS} AS hour, count(*), {sums}
                FROM runs r JOIN verdicts v USING (run_id)
                WHERE {clause} AND r.{dim} IS NOT NULL AND v.checker_version = {LATEST_VERSION}
                GROUP BY 1, 2, 3""",
            params,
        )

    def alert_examples(self, dim: AlertDim, agent: str, value: str, metric: str, hour: int) -> list[str]:
        if dim not in _ALERT_DIMS:
            raise ValueError(f"alert dimension must be one of {', '.join(_ALERT_DIMS)}, not {dim!r}")
        rows = self._rows(
            f"""SELECT r.run_id FROM runs r JOIN verdicts v USING (run_id)
                WHERE r.agent = ? AND r.{dim} = ? AND r.started_ns // {HOUR_NS} <= ? AND {METRIC_SQL[metric]}
                ORDER BY r.started_ns DESC LIMIT 3""",
            [agent, value, hour],
        )
        return [r[0] for r in rows]

    def storage_per_day(self, since_ns: int | None = None) -> list[dict[str, Any]]:
        since = since_ns or 0
        runs = self._rows(
            """SELECT CAST(to_timestamp(started_ns / 1e9) AS DATE) AS day, count(*), sum(octet_length(body))
               FROM runs WHERE started_ns >= ? GROUP BY 1 ORDER BY 1""", [since])
        spans = dict(self._rows(
            """SELECT CAST(to_timestamp(received_ns / 1e9) AS DATE) AS day, sum(octet_length(body))
               FROM spans WHERE received_ns >= ? GROUP BY 1""", [since]))
        days = {str(d): {"day": str(d), "runs": n, "run_bytes": int(b or 0), "span_bytes": int(spans.get(d) or 0)}
                for d, n, b in runs}
        for d, b in spans.items():
            days.setdefault(str(d), {"day": str(d), "runs": 0, "run_bytes": 0, "span_bytes": int(b or 0)})
        return [days[k] for k in sorted(days)]

    def calibration_labels(self) -> tuple[list[tuple[float, float, float | None, int]], int]:
        queued = self._has_tables("review_queue")
        join = "LEFT JOIN review_queue q USING (run_id)" if queued else ""
        pi = "any_value(q.pi)" if queued else "NULL::DOUBLE"
        rows = self._rows(
            f"""SELECT v.risk, CASE WHEN bool_and(l.correct) THEN 0.0 ELSE 1.0 END, {pi}, any_value(r.started_ns)
                FROM labels l JOIN verdicts v USING (run_id) JOIN runs r USING (run_id) {join}
                WHERE l.source = 'review' AND v.risk IS NOT NULL GROUP BY l.run_id, v.risk"""
        )
        total = int(self._rows("SELECT count(*) FROM verdicts")[0][0])
        return [(float(a), float(b), None if c is None else float(c), int(d or 0)) for a, b, c, d in rows], total

    def finding_examples(self) -> dict[str, dict[str, Any]]:
        rows = self._rows(
            """SELECT kind, arg_max(run_id, severity_rank), arg_max(message, severity_rank),
                      arg_max(field, severity_rank), arg_max(origin_step, severity_rank)
               FROM (SELECT *, CASE severity WHEN 'critical' THEN 3 WHEN 'major' THEN 2 WHEN 'minor' THEN 1 ELSE 0 END
                     AS severity_rank FROM findings)
               GROUP BY kind"""
        )
        keys = ("run_id", "message", "field", "origin_step")
        return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}

    def riskiest_runs(self, limit: int) -> list[tuple[str, str, str, float]]:
        rows = self._rows(
            """SELECT v.run_id, r.agent, v.verdict, v.risk FROM verdicts v JOIN runs r USING (run_id)
               ORDER BY v.risk DESC, v.run_id LIMIT ?""",
            [limit],
        )
        return [(a, b, c, d) for a, b, c, d in rows]
