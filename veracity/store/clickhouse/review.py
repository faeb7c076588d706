"""The ClickHouse store's review-queue and alert operations."""

from __future__ import annotations

import time
from typing import Any

import orjson
import pyarrow as pa

from veracity.store.clickhouse.conn import Connection
from veracity.store.clickhouse.schema import VERDICTS
from veracity.store.duck_review import ALERT_COLUMNS, DIMENSIONS, FLAGS, NEW_COHORT_NS, WEEK_NS, _detail

RUNS = "(SELECT * FROM runs FINAL)"
LABELED = "(SELECT run_id FROM labels FINAL WHERE source = 'review')"


def _frame_sql() -> str:
    """The frame's runs with risk, three flags and cohort values (the new-cohort flag is computed from them)."""
    return f"""WITH agents AS (SELECT agent, min(started_ns) AS first_ns FROM {RUNS} GROUP BY agent),
                 pairs AS (SELECT pair_key FROM {RUNS} rr INNER JOIN {VERDICTS} vv ON vv.run_id = rr.run_id
                           WHERE pair_key IS NOT NULL GROUP BY pair_key
                           HAVING max(verdict = 'verified') AND NOT min(verdict = 'verified')),
                 divergent AS (SELECT DISTINCT run_id FROM findings WHERE kind = 'divergent_field'),
                 objected AS (SELECT DISTINCT run_id FROM findings WHERE severity IN ('minor', 'major', 'critical'))
            SELECT r.run_id, r.agent, v.verdict, coalesce(v.risk, 0.5), r.started_ns, a.first_ns,
                   r.run_id IN (SELECT run_id FROM divergent),
                   coalesce(r.pair_key IN (SELECT pair_key FROM pairs), false),
                   v.verdict = 'verified' AND r.run_id IN (SELECT run_id FROM objected),
                   r.model, r.prompt_version, r.agent_version
            FROM {RUNS} r INNER JOIN {VERDICTS} v ON v.run_id = r.run_id LEFT JOIN agents a ON a.agent = r.agent
            WHERE {{clause}} ORDER BY r.run_id"""


_FRAME_SQL = _frame_sql()
_FIRSTS_SQL = " UNION ALL ".join(
    f"SELECT agent, '{d}', {d}, min(started_ns) FROM {RUNS} WHERE {d} IS NOT NULL GROUP BY agent, {d}"
    for d in DIMENSIONS)


class ReviewQueries:
    """Mixed into `ClickStore`: `review_queue` and `review_draws`."""

    conn: Connection

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def review_draw_count(self) -> int | None:
        n = int(self._rows("SELECT count() FROM review_draws FINAL")[0][0])
        return n or None

    def review_frame(self, week: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The runs stored since the previous draw and never queued (with `week`, of the newest week)."""
        last = self._rows("SELECT maxOrNull(stored_to_ns), maxOrNull(drawn_at) FROM review_draws FINAL")[0]
        bounds: dict[str, Any] = {
            "stored_from": int(last[0]) if last[0] is not None else 0,
            "stored_to": int(self._rows(f"SELECT coalesce(maxOrNull(stored_ns), 0) FROM {RUNS}")[0][0]) + 1,
            "started_from": None, "last_drawn": last[1],
        }
        clause = ("r.stored_ns >= ? AND r.stored_ns < ? AND r.run_id NOT IN (SELECT run_id FROM review_queue)")
        params: list[Any] = [bounds["stored_from"], bounds["stored_to"]]
        if week:
            newest = self._rows(f"SELECT maxOrNull(started_ns) FROM {RUNS} r WHERE " + clause, params)[0][0]
            if newest is not None:
                bounds["started_from"] = int(newest) - WEEK_NS
                clause += " AND r.started_ns >= ?"
                params.append(bounds["started_from"])
        firsts: dict[tuple[Any, str, Any], int] = {(a, d, v): int(f) for a, d, v, f in self._rows(_FIRSTS_SQL)}
        runs = []
        for row in self._rows(_FRAME_SQL.replace("{clause}", clause), params):
            run_id, agent, verdict, risk, started, agent_first, divergent, disagrees, objected = row[:9]
            new = any(
                (first := firsts.get((agent, dim, value))) is not None and agent_first is not None
                and first > agent_first and first >= started - NEW_COHORT_NS
                for dim, value in zip(DIMENSIONS, row[9:], strict=True) if value is not None)
            on = (bool(divergent), bool(disagrees), bool(objected), new)
            runs.append({"run_id": run_id, "agent": agent, "verdict": verdict, "risk": float(risk),
                         "flags": [name for name, flag in zip(FLAGS, on, strict=True) if flag]})
        return bounds, runs

    def record_review_draw(self, draw: dict[str, Any], chosen: list[dict[str, Any]]) -> int:
        with self.conn.lock:
            draw_id = int(self._rows("SELECT coalesce(maxOrNull(draw_id), 0) + 1 FROM review_draws")[0][0])
            now = draw["drawn_at"]
            self.conn.command(
                "INSERT INTO review_draws VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [draw_id, now, draw["stored_from"], draw["stored_to"], draw["started_from"], float(draw["budget"]),
                 _float(draw["expected"]), draw["frame_runs"], len(chosen), draw["design"], draw["seed"]])
            if chosen:
                self.conn.insert("review_queue", pa.table({
                    "run_id": pa.array([c["run_id"] for c in chosen], pa.string()),
                    "pi": pa.array([float(c["pi"]) for c in chosen], pa.float64()),
                    "drawn_at": pa.array([now] * len(chosen), pa.int64()),
                    "reason": pa.array([c["reason"] for c in chosen], pa.string()),
                    "draw_id": pa.array([draw_id] * len(chosen), pa.int64())}))
        return draw_id

    def review_pending(self) -> list[dict[str, Any]]:
        rows = self._rows(
            f"""SELECT q.run_id, r.agent, v.verdict, v.risk, q.pi, q.reason, q.drawn_at
                FROM review_queue AS q FINAL INNER JOIN {RUNS} r ON r.run_id = q.run_id
                LEFT JOIN {VERDICTS} v ON v.run_id = q.run_id
                WHERE q.run_id NOT IN {LABELED} ORDER BY q.drawn_at, q.pi DESC, q.run_id""")
        keys = ("run_id", "agent", "verdict", "risk", "pi", "reason", "drawn_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def review_counts(self) -> tuple[int, int, int] | None:
        draws = int(self._rows("SELECT count() FROM review_draws FINAL")[0][0])
        if not draws:
            return None
        handed, labelled = self._rows(
            f"SELECT count(), countIf(run_id IN {LABELED}) FROM review_queue FINAL")[0]
        return draws, int(handed), int(labelled)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


class AlertQueries:
    """Mixed into `ClickStore`: the `alerts` table, one row per (cohort, metric), the newest write wins."""

    conn: Connection

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _alert(self, alert_id: str) -> dict[str, Any] | None:
        rows = self._rows(f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts FINAL WHERE alert_id = ?", [alert_id])
        return dict(zip(ALERT_COLUMNS, rows[0], strict=True)) if rows else None

    def _put(self, row: dict[str, Any]) -> None:
        values = [row[c] for c in ALERT_COLUMNS]
        self.conn.command(f"INSERT INTO alerts ({', '.join(ALERT_COLUMNS)}, version) VALUES "
                          f"({', '.join('?' * (len(ALERT_COLUMNS) + 1))})", [*values, time.time_ns()])

    def alert_statuses(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._rows("SELECT alert_id, status FROM alerts FINAL")}

    def open_alert(self, alert: dict[str, Any], now_ns: int) -> None:
        self._put({"alert_id": alert["alert_id"],
                   "cohort": orjson.dumps(alert["cohort"], option=orjson.OPT_SORT_KEYS).decode(),
                   "metric": alert["metric"], "status": "open", "before": _float(alert["before"]),
                   "after": _float(alert["after"]), "alert_at": alert["at"], "detail": _detail(alert),
                   "opened_ns": now_ns, "updated_ns": now_ns, "resolved_ns": None, "times_seen": 1,
                   "delivered_ns": None, "attempts": 0, "last_error": None})

    def _change(self, alert_id: str, **changes: Any) -> None:
        with self.conn.lock:
            row = self._alert(alert_id)
            if row is not None:
                row.update({k: (v(row) if callable(v) else v) for k, v in changes.items()})
                self._put(row)

    def update_alert(self, alert: dict[str, Any], now_ns: int) -> None:
        self._change(alert["alert_id"], before=_float(alert["before"]), after=_float(alert["after"]),
                     alert_at=alert["at"], detail=_detail(alert), updated_ns=now_ns,
                     times_seen=lambda row: row["times_seen"] + 1)

    def resolve_alerts(self, alert_ids: list[str], now_ns: int) -> None:
        for key in alert_ids:
            self._change(key, status="resolved", resolved_ns=now_ns, updated_ns=now_ns)

    def alert_attempt(self, alert_id: str, now_ns: int, error: str | None) -> None:
        if error is None:
            self._change(alert_id, delivered_ns=now_ns, attempts=lambda row: row["attempts"] + 1, last_error=None)
        else:
            self._change(alert_id, attempts=lambda row: row["attempts"] + 1, last_error=error)

    def alert_rows(self, status: str | None = None) -> list[dict[str, Any]]:
        where = "WHERE status = ?" if status else ""
        rows = self._rows(f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts FINAL {where} ORDER BY opened_ns, alert_id",
                          [status] if status else [])
        out = []
        for row in rows:
            item = dict(zip(ALERT_COLUMNS, row, strict=True))
            item["at"] = item.pop("alert_at")
            item["cohort"] = orjson.loads(item["cohort"])
            item["detail"] = orjson.loads(item["detail"]) if item["detail"] else {}
            out.append(item)
        return out
