"""The ClickHouse store's maintenance operations: re-check selection and retention."""

from __future__ import annotations

import time
from typing import Any

import pyarrow as pa

from veracity.model import Run
from veracity.store.clickhouse.conn import Connection
from veracity.store.clickhouse.schema import VERDICTS
from veracity.store.codec import pack_run, unpack_run

RUNS = "(SELECT * FROM runs FINAL)"


class MaintenanceQueries:
    """Mixed into `ClickStore`: what `veracity recheck` and `veracity prune` ask of the store."""

    conn: Connection

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def stale_run_ids(self, version: str, since_ns: int | None = None, everything: bool = False) -> list[str]:
        clauses: list[str] = ["1"]
        params: list[Any] = []
        if not everything:
            clauses.append("(v.checker_version IS NULL OR v.checker_version != ?)")
            params.append(version)
        if since_ns is not None:
            clauses.append("r.started_ns >= ?")
            params.append(since_ns)
        rows = self._rows(
            f"""SELECT r.run_id FROM {RUNS} r LEFT JOIN {VERDICTS} v ON v.run_id = r.run_id
                WHERE {' AND '.join(clauses)} ORDER BY r.started_ns, r.run_id""", params)
        return [r[0] for r in rows]

    def runs_with_verdicts(self, run_ids: list[str]) -> list[tuple[Run, str | None]]:
        if not run_ids:
            return []
        rows = self.conn.rows(
            f"""SELECT r.body, v.verdict FROM {RUNS} r LEFT JOIN {VERDICTS} v ON v.run_id = r.run_id
                WHERE r.run_id IN ? ORDER BY r.started_ns, r.run_id""", [list(run_ids)], binary=True)
        return [(unpack_run(body), None if verdict is None else verdict.decode()) for body, verdict in rows]

    def verdict_versions(self) -> dict[str, int]:
        return {k: int(n) for k, n in self._rows(
            f"SELECT checker_version, count() FROM {VERDICTS} GROUP BY 1 ORDER BY 2 DESC, 1")}

    def pruned_ids(self) -> set[str]:
        return {r[0] for r in self._rows("SELECT run_id FROM pruned FINAL")}

    def runs_to_prune(self, cutoff_ns: int) -> list[str]:
        return [r[0] for r in self._rows(
            f"SELECT run_id FROM {RUNS} WHERE started_ns < ? AND run_id NOT IN (SELECT run_id FROM pruned) ORDER BY run_id",
            [cutoff_ns])]

    def replace_pruned(self, runs: list[Run], pruned_ns: int, key: str) -> None:
        """New bodies replace the old ones: the run rows are written again with the stripped body."""
        if not runs:
            return
        bodies = {r.run_id: pack_run(r) for r in runs}
        with self.conn.lock:
            self.conn.command(
                """INSERT INTO runs SELECT run_id, trace_id, project, agent, agent_version, model, prompt_version,
                    pair_key, reported_status, started_ns, ended_ns, n_steps, input, output,
                    transform(run_id, ?, ?, body), stored_ns, ? FROM runs FINAL WHERE run_id IN ?""",
                [list(bodies), list(bodies.values()), time.time_ns(), list(bodies)])
            self.conn.insert("pruned", pa.table({
                "run_id": pa.array(list(bodies), pa.string()),
                "pruned_ns": pa.array([pruned_ns] * len(bodies), pa.int64()),
                "key": pa.array([key] * len(bodies), pa.string())}))

    def delete_spans_before(self, cutoff_ns: int) -> int:
        gone = int(self._rows("SELECT count() FROM spans FINAL WHERE received_ns < ?", [cutoff_ns])[0][0])
        if gone:
            self.conn.command("DELETE FROM spans WHERE received_ns < ?", [cutoff_ns])
        return gone

    def checkpoint(self) -> None:
        """Merge parts so replaced and deleted rows give their space back."""
        for table in ("runs", "verdicts", "findings", "steps", "spans"):
            self.conn.command(f"OPTIMIZE TABLE {table} FINAL")
