"""The DuckDB store's maintenance operations: re-check selection, retention, and compacting the file.

Freeing space in DuckDB: `VACUUM` reclaims nothing; `CHECKPOINT` vacuums deleted rows and lets their
blocks be reused (the file shrinks only when the free blocks are at its end); a copy (`COPY FROM
DATABASE` into a fresh file) compacts it: `compact_file`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from veracity.model import Run
from veracity.store.codec import pack_run, unpack_run

PRUNED_SCHEMA = "CREATE TABLE IF NOT EXISTS pruned (run_id VARCHAR PRIMARY KEY, pruned_ns BIGINT, key VARCHAR)"
class MaintenanceQueries:
    """Mixed into `DuckStore`: what `veracity recheck` and `veracity prune` ask of the store."""

    db: duckdb.DuckDBPyConnection

    def _run(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params or []).fetchall()

    def stale_run_ids(self, version: str, since_ns: int | None = None, everything: bool = False) -> list[str]:
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if not everything:
            clauses.append("(v.checker_version IS NULL OR v.checker_version <> ?)")
            params.append(version)
        if since_ns is not None:
            clauses.append("r.started_ns >= ?")
            params.append(since_ns)
        rows = self._run(
            f"""SELECT r.run_id FROM runs r LEFT JOIN verdicts v USING (run_id)
                WHERE {' AND '.join(clauses)} ORDER BY r.started_ns, r.run_id""",
            params,
        )
        return [r[0] for r in rows]

    def runs_with_verdicts(self, run_ids: list[str]) -> list[tuple[Run, str | None]]:
        """The stored runs among `run_ids` with their stored verdict (or None), by start time then id."""
        rows = self._run(
            """SELECT r.body, v.verdict FROM runs r LEFT JOIN verdicts v USING (run_id)
               WHERE r.run_id IN (SELECT unnest(?)) ORDER BY r.started_ns, r.run_id""",
            [list(run_ids)],
        )
        return [(unpack_run(body), verdict) for body, verdict in rows]

    def verdict_versions(self) -> dict[str, int]:
        return dict(self._run("SELECT checker_version, count(*) FROM verdicts GROUP BY 1 ORDER BY 2 DESC, 1"))

    def pruned_ids(self) -> set[str]:
        if not self._run("SELECT 1 FROM information_schema.tables WHERE table_name = 'pruned'"):
            return set()
        return {r[0] for r in self._run("SELECT run_id FROM pruned")}

    def runs_to_prune(self, cutoff_ns: int) -> list[str]:
        self._run(PRUNED_SCHEMA)
        return [r[0] for r in self._run(
            "SELECT run_id FROM runs WHERE started_ns < ? AND run_id NOT IN (SELECT run_id FROM pruned) ORDER BY run_id",
            [cutoff_ns])]

    def replace_pruned(self, runs: list[Run], pruned_ns: int, key: str) -> None:
        if not runs:
            return
        self._run(PRUNED_SCHEMA)
        bodies = pa.table({
            "run_id": [r.run_id for r in runs],
            "body": pa.array([pack_run(r) for r in runs], pa.binary()),
        })
        self.db.register("p_bodies", bodies)
        try:
            self._run("BEGIN")
            self._run("UPDATE runs SET body = p_bodies.body FROM p_bodies WHERE runs.run_id = p_bodies.run_id")
            self._run("INSERT OR REPLACE INTO pruned SELECT run_id, ?, ? FROM p_bodies", [pruned_ns, key])
            self._run("COMMIT")
        except Exception:
            self._run("ROLLBACK")
            raise
        finally:
            self.db.unregister("p_bodies")

    def delete_spans_before(self, cutoff_ns: int) -> int:
        gone = int(self._run("SELECT count(*) FROM spans WHERE received_ns < ?", [cutoff_ns])[0][0])
        self._run("DELETE FROM spans WHERE received_ns < ?", [cutoff_ns])
        return gone

    def checkpoint(self) -> None:
        self._run("CHECKPOINT")


def file_size(path: str | Path) -> int:
    """The store's size on disk: the database file and its write-ahead log."""
    total = 0
    for p in (Path(path), Path(f"{path}.wal")):
        if p.exists():
            total += p.stat().st_size
    return total


def compact_file(path: str | Path) -> tuple[int, int]:
    """Copy the (closed) store into a fresh file and swap it in: the only way DuckDB's file shrinks."""
    path = Path(path)
    before = file_size(path)
    fresh = path.with_name(path.name + ".compact")
    for p in (fresh, Path(f"{fresh}.wal")):
        p.unlink(missing_ok=True)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{path}' AS old_db")
        con.execute(f"ATTACH '{fresh}' AS new_db")
        con.execute("COPY FROM DATABASE old_db TO new_db")
        con.execute("DETACH old_db")
        con.execute("DETACH new_db")
    finally:
        con.close()
    os.replace(fresh, path)
    Path(f"{path}.wal").unlink(missing_ok=True)
    return before, file_size(path)
