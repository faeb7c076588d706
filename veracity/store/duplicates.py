"""The persistent duplicate index: blocking keys of stored runs' outputs, in the store's DuckDB file.

One row per (key, run): a 64-bit hash of an identifying attribute's normal form (phone,
address, web address, e-mail, registry id, revenue with headcount), the run id, the run's
input keys and its start time. A batch looks up only its own keys (`candidates`), so the
process holds the batch plus the rows fetched for it, never the index. Rows are written
through Arrow like the rest of the store.

Retention: rows whose run started more than `retention_days` (default 90) before the newest
run seen are ignored by lookups and deleted at most once a day of run time; a duplicate of a
record older than that is not found. Per key at most `per_key` (default 64) most recent rows
are fetched: a value held by that many runs is common (`COMMON` in the check) anyway.

The store keeps the rows it is given: how keys are computed is the duplicates check's business
(`veracity.stored_duplicates` prepares a batch with it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from veracity.store.base import DuplicateRow

TABLE = "duplicate_index"
SCHEMA = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    key BIGINT, run_id VARCHAR, input_name BIGINT, input_domain BIGINT, input_country VARCHAR,
    started_ns BIGINT)"""
DAY_NS = 86_400 * 10**9
DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class DuplicateHits:
    """The stored rows found for some keys."""

    entries: tuple[DuplicateRow, ...] = ()


class DuplicateIndex:
    """Blocking keys → runs, persisted in a DuckDB connection (the store's own, or a file of its own)."""

    def __init__(self, db: duckdb.DuckDBPyConnection, retention_days: int = DEFAULT_RETENTION_DAYS,
                 per_key: int = 64, create: bool = True) -> None:
        self.db = db
        self.retention_ns = retention_days * DAY_NS
        self.per_key = per_key
        if create:  # a read-only store reads the table it has
            self.db.execute(SCHEMA).fetchall()
        newest = self._value(f"SELECT max(started_ns) FROM {TABLE}")
        self.newest = int(newest) if newest is not None else 0
        self.pruned_at = self.newest

    @property
    def horizon(self) -> int:
        """Runs that started before this are forgotten."""
        return self.newest - self.retention_ns if self.newest else 0

    def candidates(self, keys: list[int], exclude: set[str] | None = None) -> DuplicateHits:
        """Stored rows holding any of the keys (newest `per_key` per key, within retention)."""
        wanted = sorted(set(keys))
        if not wanted:
            return DuplicateHits()
        self.db.register("dup_keys", pa.table({"key": pa.array(wanted, pa.int64())}))
        try:
            rows = self.db.execute(
                f"""SELECT d.key, d.run_id, d.input_name, d.input_domain, d.input_country, d.started_ns
                    FROM {TABLE} d JOIN dup_keys q ON d.key = q.key
                    WHERE d.started_ns >= ?
                    QUALIFY row_number() OVER (PARTITION BY d.key ORDER BY d.started_ns DESC, d.run_id) <= ?""",
                [self.horizon, self.per_key],
            ).fetchall()
        finally:
            self.db.unregister("dup_keys")
        skip = exclude or set()
        return DuplicateHits(tuple(DuplicateRow(*r) for r in rows if r[1] not in skip))

    def add(self, entries: list[DuplicateRow]) -> None:
        """Write a batch's rows (a run written again replaces its rows), then prune past the horizon."""
        if not entries:
            return
        table = pa.table(
            {
                "key": pa.array([e.key for e in entries], pa.int64()),
                "run_id": pa.array([e.run_id for e in entries], pa.string()),
                "input_name": pa.array([e.input_name for e in entries], pa.int64()),
                "input_domain": pa.array([e.input_domain for e in entries], pa.int64()),
                "input_country": pa.array([e.input_country for e in entries], pa.string()),
                "started_ns": pa.array([e.started_at for e in entries], pa.int64()),
            }
        )
        ids = pa.table({"run_id": pa.array(sorted({e.run_id for e in entries}), pa.string())})
        self.db.register("dup_new", table)
        self.db.register("dup_ids", ids)
        try:
            self._exec("BEGIN")
            self._exec(f"DELETE FROM {TABLE} WHERE run_id IN (SELECT run_id FROM dup_ids)")
            self._exec(f"INSERT INTO {TABLE} SELECT * FROM dup_new")
            self._exec("COMMIT")
        except Exception:
            self._exec("ROLLBACK")
            raise
        finally:
            self.db.unregister("dup_new")
            self.db.unregister("dup_ids")
        self.newest = max(self.newest, max(e.started_at for e in entries))
        if self.newest - self.pruned_at >= DAY_NS:
            self.prune()

    def prune(self) -> int:
        """Delete rows past the retention horizon; returns how many."""
        gone = self._value(f"SELECT count(*) FROM {TABLE} WHERE started_ns < ?", [self.horizon])
        self._exec(f"DELETE FROM {TABLE} WHERE started_ns < ?", [self.horizon])
        self.pruned_at = self.newest
        return int(gone or 0)

    def size(self) -> int:
        return int(self._value(f"SELECT count(*) FROM {TABLE}") or 0)

    def _value(self, sql: str, params: list[Any] | None = None) -> Any:
        rows = self.db.execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    def _exec(self, sql: str, params: list[Any] | None = None) -> None:
        self.db.execute(sql, params or []).fetchall()
