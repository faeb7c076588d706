"""The DuckDB store's review-queue and alert operations (their tables are made on first write)."""

from __future__ import annotations

from typing import Any

import duckdb
import orjson
import pyarrow as pa

WEEK_NS = 7 * 86_400 * 10**9
NEW_COHORT_NS = WEEK_NS
DIMENSIONS = ("model", "prompt_version", "agent_version")
FLAGS = ("pair_divergent", "pair_disagrees", "checks_disagree", "new_cohort")
REVIEW_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS review_queue (
        run_id VARCHAR PRIMARY KEY, pi DOUBLE, drawn_at BIGINT, reason VARCHAR, draw_id BIGINT)""",
    """CREATE TABLE IF NOT EXISTS review_draws (
        draw_id BIGINT PRIMARY KEY, drawn_at BIGINT, stored_from_ns BIGINT, stored_to_ns BIGINT,
        started_from_ns BIGINT, budget DOUBLE, expected DOUBLE, frame_runs BIGINT, drawn BIGINT,
        design JSON, seed BIGINT)""",
)
ALERT_SCHEMA = """CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR PRIMARY KEY, cohort JSON, metric VARCHAR, status VARCHAR, before DOUBLE, after DOUBLE,
    alert_at VARCHAR, detail JSON, opened_ns BIGINT, updated_ns BIGINT, resolved_ns BIGINT, times_seen INTEGER,
    delivered_ns BIGINT, attempts INTEGER, last_error VARCHAR)"""
ALERT_COLUMNS = ("alert_id", "cohort", "metric", "status", "before", "after", "alert_at", "detail", "opened_ns",
                 "updated_ns", "resolved_ns", "times_seen", "delivered_ns", "attempts", "last_error")


def _frame_sql() -> str:
    """The frame's runs with their risk and flags (see `veracity.review.frame_runs`); `{clause}` left open."""
    firsts = " UNION ALL ".join(
        f"SELECT agent, '{d}' AS dim, {d} AS value, min(started_ns) AS first_ns FROM runs "
        f"WHERE {d} IS NOT NULL GROUP BY 1, 3" for d in DIMENSIONS)
    new = " OR ".join(
        f"EXISTS (SELECT 1 FROM firsts c WHERE c.agent = r.agent AND c.dim = '{d}' AND c.value = r.{d} "
        f"AND c.first_ns > a.first_ns AND c.first_ns >= r.started_ns - {NEW_COHORT_NS})" for d in DIMENSIONS)
    return f"""WITH firsts AS ({firsts}),
                 agents AS (SELECT agent, min(started_ns) AS first_ns FROM runs GROUP BY 1),
                 pairs AS (SELECT pair_key FROM runs JOIN verdicts USING (run_id) WHERE pair_key IS NOT NULL
                           GROUP BY 1 HAVING bool_or(verdict = 'verified') AND NOT bool_and(verdict = 'verified')),
                 divergent AS (SELECT DISTINCT run_id FROM findings WHERE kind = 'divergent_field'),
                 objected AS (SELECT DISTINCT run_id FROM findings WHERE severity IN ('minor', 'major', 'critical'))
            SELECT r.run_id, r.agent, v.verdict, coalesce(v.risk, 0.5),
                   r.run_id IN (SELECT run_id FROM divergent),
                   coalesce(r.pair_key IN (SELECT pair_key FROM pairs), FALSE),
                   v.verdict = 'verified' AND r.run_id IN (SELECT run_id FROM objected),
                   coalesce({new}, FALSE)
            FROM runs r JOIN verdicts v USING (run_id) LEFT JOIN agents a ON a.agent = r.agent
            WHERE {{clause}} ORDER BY r.run_id"""


_FRAME_SQL = _frame_sql()


class ReviewQueries:
    """Mixed into `DuckStore`: `review_queue` (run_id, pi, drawn_at, reason, draw_id) and `review_draws`."""

    db: duckdb.DuckDBPyConnection

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params or []).fetchall()

    def _queue_exists(self) -> bool:
        rows = self._rows("SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('review_queue', 'review_draws')")
        return bool(rows[0][0] == 2)

    def _ensure_review_tables(self) -> None:
        for statement in REVIEW_SCHEMA:
            self.db.execute(statement).fetchall()

    def review_draw_count(self) -> int | None:
        if not self._queue_exists():
            return None
        return int(self._rows("SELECT count(*) FROM review_draws")[0][0])

    def review_frame(self, week: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The runs stored since the previous draw and never queued (with `week`, of the newest week)."""
        self._ensure_review_tables()
        last = self._rows("SELECT max(stored_to_ns), max(drawn_at) FROM review_draws")[0]
        bounds: dict[str, Any] = {
            "stored_from": int(last[0]) if last[0] is not None else 0,
            "stored_to": int(self._rows("SELECT coalesce(max(stored_ns), 0) FROM runs")[0][0]) + 1,
            "started_from": None, "last_drawn": last[1],
        }
        clause = ("r.stored_ns >= ? AND r.stored_ns < ? AND NOT EXISTS "
                  "(SELECT 1 FROM review_queue q WHERE q.run_id = r.run_id)")
        params: list[Any] = [bounds["stored_from"], bounds["stored_to"]]
        if week:
            newest = self._rows("SELECT max(started_ns) FROM runs r WHERE " + clause, params)[0][0]
            if newest is not None:
                bounds["started_from"] = int(newest) - WEEK_NS
                clause += " AND r.started_ns >= ?"
                params.append(bounds["started_from"])
        rows = self._rows(_FRAME_SQL.replace("{clause}", clause), params)
        runs = [{"run_id": r[0], "agent": r[1], "verdict": r[2], "risk": float(r[3]),
                 "flags": [name for name, on in zip(FLAGS, r[4:], strict=True) if on]} for r in rows]
        return bounds, runs

    def record_review_draw(self, draw: dict[str, Any], chosen: list[dict[str, Any]]) -> int:
        """`draw`: drawn_at, stored_from, stored_to, started_from, budget, expected, frame_runs, design, seed."""
        self._ensure_review_tables()
        draw_id = int(self._rows("SELECT coalesce(max(draw_id), 0) + 1 FROM review_draws")[0][0])
        now = draw["drawn_at"]
        self.db.execute(
            "INSERT INTO review_draws VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [draw_id, now, draw["stored_from"], draw["stored_to"], draw["started_from"], float(draw["budget"]),
             draw["expected"], draw["frame_runs"], len(chosen), draw["design"], draw["seed"]],
        ).fetchall()
        if chosen:
            table = pa.table({"run_id": [c["run_id"] for c in chosen], "pi": [c["pi"] for c in chosen],
                              "drawn_at": pa.array([now] * len(chosen), pa.int64()),
                              "reason": [c["reason"] for c in chosen],
                              "draw_id": pa.array([draw_id] * len(chosen), pa.int64())})
            self.db.register("w_review_queue", table)
            try:
                self.db.execute("INSERT OR REPLACE INTO review_queue SELECT * FROM w_review_queue").fetchall()
            finally:
                self.db.unregister("w_review_queue")
        return draw_id

    def review_pending(self) -> list[dict[str, Any]]:
        if not self._queue_exists():
            return []
        rows = self._rows(
            """SELECT q.run_id, r.agent, v.verdict, v.risk, q.pi, q.reason, q.drawn_at
               FROM review_queue q JOIN runs r USING (run_id) LEFT JOIN verdicts v USING (run_id)
               WHERE NOT EXISTS (SELECT 1 FROM labels l WHERE l.run_id = q.run_id AND l.source = 'review')
               ORDER BY q.drawn_at, q.pi DESC, q.run_id"""
        )
        keys = ("run_id", "agent", "verdict", "risk", "pi", "reason", "drawn_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def review_counts(self) -> tuple[int, int, int] | None:
        if not self._queue_exists():
            return None
        draws, handed, labelled = self._rows(
            """SELECT (SELECT count(*) FROM review_draws), count(*),
                      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM labels l WHERE l.run_id = q.run_id
                                                     AND l.source = 'review'))
               FROM review_queue q"""
        )[0]
        return int(draws), int(handed), int(labelled)


class AlertQueries:
    """Mixed into `DuckStore`: the `alerts` table, one row per (cohort, metric)."""

    db: duckdb.DuckDBPyConnection

    def _ensure_alerts(self) -> None:
        self.db.execute(ALERT_SCHEMA).fetchall()

    def alert_statuses(self) -> dict[str, str]:
        self._ensure_alerts()
        return {r[0]: r[1] for r in self.db.execute("SELECT alert_id, status FROM alerts").fetchall()}

    def open_alert(self, alert: dict[str, Any], now_ns: int) -> None:
        self._ensure_alerts()
        self.db.execute(
            "INSERT OR REPLACE INTO alerts VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, NULL, 1, NULL, 0, NULL)",
            [alert["alert_id"], orjson.dumps(alert["cohort"], option=orjson.OPT_SORT_KEYS).decode(), alert["metric"],
             alert["before"], alert["after"], alert["at"], _detail(alert), now_ns, now_ns]).fetchall()

    def update_alert(self, alert: dict[str, Any], now_ns: int) -> None:
        self._ensure_alerts()
        self.db.execute(
            """UPDATE alerts SET before = ?, after = ?, alert_at = ?, detail = ?, updated_ns = ?,
               times_seen = times_seen + 1 WHERE alert_id = ?""",
            [alert["before"], alert["after"], alert["at"], _detail(alert), now_ns, alert["alert_id"]]).fetchall()

    def resolve_alerts(self, alert_ids: list[str], now_ns: int) -> None:
        self._ensure_alerts()
        for key in alert_ids:
            self.db.execute("UPDATE alerts SET status = 'resolved', resolved_ns = ?, updated_ns = ? WHERE alert_id = ?",
                            [now_ns, now_ns, key]).fetchall()

    def alert_attempt(self, alert_id: str, now_ns: int, error: str | None) -> None:
        self._ensure_alerts()
        if error is None:
            self.db.execute("UPDATE alerts SET delivered_ns = ?, attempts = attempts + 1, last_error = NULL "
                            "WHERE alert_id = ?", [now_ns, alert_id]).fetchall()
        else:
            self.db.execute("UPDATE alerts SET attempts = attempts + 1, last_error = ? WHERE alert_id = ?",
                            [error, alert_id]).fetchall()

    def alert_rows(self, status: str | None = None) -> list[dict[str, Any]]:
        self._ensure_alerts()
        where = "WHERE status = ?" if status else ""
        rows = self.db.execute(f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts {where} ORDER BY opened_ns, alert_id",
                               [status] if status else []).fetchall()
        out = []
        for row in rows:
            item = dict(zip(ALERT_COLUMNS, row, strict=True))
            item["at"] = item.pop("alert_at")
            item["cohort"] = orjson.loads(item["cohort"])
            item["detail"] = orjson.loads(item["detail"]) if item["detail"] else {}
            out.append(item)
        return out


def _detail(alert: dict[str, Any]) -> str:
    """What an alert carries beyond its columns (method, hours, examples...)."""
    return orjson.dumps({k: v for k, v in alert.items()
                         if k not in ("alert_id", "cohort", "metric", "before", "after", "at")}, default=str).decode()
