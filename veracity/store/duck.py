"""The DuckDB store: one file, written in batches through Arrow tables."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import msgspec
import orjson
import pyarrow as pa

from veracity.ingest.spans import Span
from veracity.model import Finding, Label, Run, Verdict
from veracity.store.base import ApiKey, DuplicateRow, RunFilter
from veracity.store.codec import pack_run, span_decoder, span_encoder, unpack_run
from veracity.store.duck_export import ExportQueries
from veracity.store.duck_maintenance import MaintenanceQueries
from veracity.store.duck_pages import PageQueries
from veracity.store.duck_report import ReportQueries
from veracity.store.duck_review import AlertQueries, ReviewQueries
from veracity.store.duplicates import DEFAULT_RETENTION_DAYS, DuplicateIndex
from veracity.store.sql import filter_sql

SCHEMA = """
CREATE TABLE IF NOT EXISTS spans (
    trace_id VARCHAR, span_id VARCHAR, received_ns BIGINT, body BLOB);
CREATE TABLE IF NOT EXISTS traces (
    trace_id VARCHAR PRIMARY KEY, last_received_ns BIGINT, checked_ns BIGINT, has_root BOOLEAN);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, trace_id VARCHAR, project VARCHAR, agent VARCHAR,
    agent_version VARCHAR, model VARCHAR, prompt_version VARCHAR, pair_key VARCHAR,
    reported_status VARCHAR, started_ns BIGINT, ended_ns BIGINT, n_steps INTEGER,
    input JSON, output JSON, body BLOB, stored_ns BIGINT);
CREATE TABLE IF NOT EXISTS verdicts (
    run_id VARCHAR PRIMARY KEY, verdict VARCHAR, risk DOUBLE, checker_version VARCHAR,
    n_findings INTEGER, checked_ns BIGINT);
CREATE TABLE IF NOT EXISTS findings (
    run_id VARCHAR, "check" VARCHAR, kind VARCHAR, severity VARCHAR, field VARCHAR,
    message VARCHAR, origin_step VARCHAR, evidence JSON, score DOUBLE, checker_version VARCHAR);
CREATE TABLE IF NOT EXISTS steps (
    run_id VARCHAR, step_id VARCHAR, ord INTEGER, kind VARCHAR, name VARCHAR, status VARCHAR,
    http_status INTEGER, attempt INTEGER, model VARCHAR, started_ns BIGINT, ended_ns BIGINT,
    has_args BOOLEAN, has_result BOOLEAN, result_bytes INTEGER);
CREATE TABLE IF NOT EXISTS labels (
    run_id VARCHAR, source VARCHAR, correct BOOLEAN, wrong_fields JSON, corrections JSON,
    note VARCHAR, created_ns BIGINT, PRIMARY KEY (run_id, source));
CREATE TABLE IF NOT EXISTS state (key VARCHAR PRIMARY KEY, value JSON);
CREATE TABLE IF NOT EXISTS api_keys (
    key_id VARCHAR PRIMARY KEY, digest VARCHAR UNIQUE, project VARCHAR, admin BOOLEAN,
    created_ns BIGINT, revoked_ns BIGINT);
"""

_findings_decoder = msgspec.json.Decoder(dict)


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value, default=str).decode()


def _last_by(items: list[Any], key: Any) -> list[Any]:
    """Keep the last item for each key (DuckDB cannot replace one row twice in one statement)."""
    return list({key(item): item for item in items}.values())


class DuckStore(ReportQueries, PageQueries, ReviewQueries, AlertQueries, MaintenanceQueries, ExportQueries):
    """A DuckDB file holding spans, runs, steps, verdicts, findings, labels, learned state and the
    duplicate index. The operations of each protocol part live in their own module (`duck_*.py`)."""

    def __init__(self, path: str | Path, read_only: bool = False,
                 duplicate_retention_days: int = DEFAULT_RETENTION_DAYS):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = duckdb.connect(self.path, read_only=read_only)
        self.read_only = read_only
        if not read_only:
            for statement in filter(str.strip, SCHEMA.split(";")):
                self._exec(statement)
        self._duplicate_retention_days = duplicate_retention_days
        self._duplicates: DuplicateIndex | None = None
        self._spans_keyed = self._has_primary_key("spans")

    def _has_primary_key(self, table: str) -> bool:
        """Stores made before spans were append-only keep a primary key on them (and replace in place)."""
        rows = self.db.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
            [table]).fetchall()
        return bool(rows[0][0])

    def reader(self) -> DuckStore:
        """A second connection to the same database, for reading from another thread while this one writes."""
        other = object.__new__(DuckStore)
        other.path, other.db, other.read_only = self.path, self.db.cursor(), True
        other._duplicate_retention_days, other._duplicates = self._duplicate_retention_days, None
        other._spans_keyed = self._spans_keyed
        return other

    def _exec(self, sql: str, params: list[Any] | None = None) -> None:
        """A statement whose result is not wanted (DuckDB wants every result consumed)."""
        self.db.execute(sql, params or []).fetchall()

    # --- spans, as the server receives them -----------------------------------------------
    # Appended without a key: DuckDB keeps a primary key's index in memory (it cannot be evicted), so
    # a key on spans grew the server's memory by every span it ever stored; a span sent twice is
    # stored twice and read once (`trace_spans` keeps the last copy).
    def write_spans(self, spans: list[Span], received_ns: int) -> int:
        if not spans:
            return 0
        spans = _last_by(spans, lambda s: (s.trace_id, s.span_id))
        table = pa.table(
            {
                "trace_id": [s.trace_id for s in spans],
                "span_id": [s.span_id for s in spans],
                "received_ns": pa.array([received_ns] * len(spans), pa.int64()),
                "body": pa.array([span_encoder.encode(s) for s in spans], pa.binary()),
            }
        )
        roots = {s.trace_id for s in spans if s.parent_id is None}
        traces = pa.table(
            {
                "trace_id": sorted({s.trace_id for s in spans}),
            }
        )
        traces = traces.append_column("has_root", pa.array([t in roots for t in traces["trace_id"].to_pylist()]))
        self.db.register("new_spans", table)
        self.db.register("new_traces", traces)
        try:
            self._exec("BEGIN")
            self._exec(f"INSERT {'OR REPLACE ' if self._spans_keyed else ''}INTO spans SELECT * FROM new_spans")
            self._exec(
                """INSERT INTO traces SELECT trace_id, ?, NULL, has_root FROM new_traces
                   ON CONFLICT (trace_id) DO UPDATE SET last_received_ns = excluded.last_received_ns,
                   has_root = traces.has_root OR excluded.has_root""",
                [received_ns],
            )
            self._exec("COMMIT")
        except Exception:
            self._exec("ROLLBACK")
            raise
        finally:
            self.db.unregister("new_spans")
            self.db.unregister("new_traces")
        return len(spans)

    def due_traces(self, now_ns: int, quiet_ns: int, limit: int = 5000) -> list[str]:
        """Quiet traces with a root, and traces still rootless after ten quiet periods."""
        rows = self.db.execute(
            """SELECT trace_id FROM traces
               WHERE (checked_ns IS NULL OR checked_ns < last_received_ns)
                 AND ((has_root AND last_received_ns <= ?) OR last_received_ns <= ?)
               ORDER BY last_received_ns LIMIT ?""",
            [now_ns - quiet_ns, now_ns - 10 * quiet_ns, limit],
        ).fetchall()
        return [r[0] for r in rows]

    def trace_spans(self, trace_ids: list[str]) -> list[Span]:
        if not trace_ids:
            return []
        rows = self.db.execute(  # a span written again: its last copy
            """SELECT body FROM spans WHERE trace_id IN (SELECT unnest(?))
               QUALIFY row_number() OVER (PARTITION BY trace_id, span_id ORDER BY received_ns DESC, rowid DESC) = 1""",
            [trace_ids],
        ).fetchall()
        return [span_decoder.decode(r[0]) for r in rows]

    def known_traces(self, trace_ids: list[str]) -> set[str]:
        if not trace_ids:
            return set()
        rows = self.db.execute("SELECT trace_id FROM traces WHERE trace_id IN (SELECT unnest(?))", [trace_ids])
        return {r[0] for r in rows.fetchall()}

    def mark_checked(self, trace_ids: list[str], now_ns: int) -> None:
        if trace_ids:
            self._exec(
                "UPDATE traces SET checked_ns = ? WHERE trace_id IN (SELECT unnest(?))", [now_ns, trace_ids]
            )

    # --- runs and their verdicts ----------------------------------------------------------------
    def write_results(self, runs: list[Run], verdicts: list[Verdict]) -> None:
        if not runs:
            return
        now = time.time_ns()
        runs = _last_by(runs, lambda r: r.run_id)
        verdicts = _last_by(verdicts, lambda v: v.run_id)
        ids = [r.run_id for r in runs]
        run_table = pa.table(
            {
                "run_id": ids,
                "trace_id": [r.trace_id for r in runs],
                "project": [r.project for r in runs],
                "agent": [r.agent for r in runs],
                "agent_version": [r.agent_version for r in runs],
                "model": [r.models[0] if r.models else None for r in runs],
                "prompt_version": [r.prompt_version for r in runs],
                "pair_key": [r.pair_key for r in runs],
                "reported_status": [r.reported_status for r in runs],
                "started_ns": pa.array([r.started_at for r in runs], pa.int64()),
                "ended_ns": pa.array([r.ended_at for r in runs], pa.int64()),
                "n_steps": pa.array([len(r.steps) for r in runs], pa.int32()),
                "input": [_json(r.input) for r in runs],
                "output": [_json(r.output) for r in runs],
                "body": pa.array([pack_run(r) for r in runs], pa.binary()),
                "stored_ns": pa.array([now] * len(runs), pa.int64()),
            }
        )
        steps = [(r.run_id, s) for r in runs for s in r.steps]
        step_table = pa.table(
            {
                "run_id": [rid for rid, _ in steps],
                "step_id": [s.step_id for _, s in steps],
                "ord": pa.array([s.order for _, s in steps], pa.int32()),
                "kind": [s.kind for _, s in steps],
                "name": [s.name for _, s in steps],
                "status": [s.status for _, s in steps],
                "http_status": pa.array([s.http_status for _, s in steps], pa.int32()),
                "attempt": pa.array([s.attempt for _, s in steps], pa.int32()),
                "model": [s.model for _, s in steps],
                "started_ns": pa.array([s.started_at for _, s in steps], pa.int64()),
                "ended_ns": pa.array([s.ended_at for _, s in steps], pa.int64()),
                "has_args": [s.args is not None for _, s in steps],
                "has_result": [s.result is not None for _, s in steps],
                "result_bytes": pa.array(
                    [len(s.result) if isinstance(s.result, str) else 0 for _, s in steps], pa.int32()
                ),
            }
        )
        verdict_table = pa.table(
            {
                "run_id": [v.run_id for v in verdicts],
                "verdict": [v.verdict for v in verdicts],
                "risk": pa.array([v.risk for v in verdicts], pa.float64()),
                "checker_version": [v.checker_version for v in verdicts],
                "n_findings": pa.array([len(v.findings) for v in verdicts], pa.int32()),
                "checked_ns": pa.array([now] * len(verdicts), pa.int64()),
            }
        )
        found = [(v, f) for v in verdicts for f in v.findings]
        finding_table = pa.table(
            {
                "run_id": [v.run_id for v, _ in found],
                "check": [f.check for _, f in found],
                "kind": [f.kind for _, f in found],
                "severity": [f.severity for _, f in found],
                "field": pa.array([f.field for _, f in found], pa.string()),
                "message": [f.message for _, f in found],
                "origin_step": pa.array([f.origin_step for _, f in found], pa.string()),
                "evidence": [_json(f.evidence) for _, f in found],
                "score": pa.array([f.score for _, f in found], pa.float64()),
                "checker_version": [v.checker_version for v, _ in found],
            }
        )
        ids_table = pa.table({"run_id": ids + [v.run_id for v in verdicts]})
        tables = {"w_runs": run_table, "w_steps": step_table, "w_verdicts": verdict_table,
                  "w_findings": finding_table, "w_ids": ids_table}
        for name, table in tables.items():
            self.db.register(name, table)
        try:
            self._exec("BEGIN")
            if self._any_stored("w_ids"):  # a run seen before: its old rows go first
                self._exec("DELETE FROM findings WHERE run_id IN (SELECT run_id FROM w_ids)")
                self._exec("DELETE FROM steps WHERE run_id IN (SELECT run_id FROM w_ids)")
                self._exec("INSERT OR REPLACE INTO runs SELECT * FROM w_runs")
                self._exec("INSERT OR REPLACE INTO verdicts SELECT * FROM w_verdicts")
            else:  # every run is new (the usual case): appends only
                self._exec("INSERT INTO runs SELECT * FROM w_runs")
                self._exec("INSERT INTO verdicts SELECT * FROM w_verdicts")
            self._exec("INSERT INTO steps SELECT * FROM w_steps")
            self._exec("INSERT INTO findings SELECT * FROM w_findings")
            self._exec("COMMIT")
        except Exception:
            self._exec("ROLLBACK")
            raise
        finally:
            for name in tables:
                self.db.unregister(name)

    def _any_stored(self, ids_table: str) -> bool:
        """Whether any run id of the registered table has a run or a verdict stored already.

        Steps and findings are written only with their run and verdict (`write_results`) and
        never deleted alone, so the two keyed tables tell.
        """
        row = self.db.execute(
            f"SELECT EXISTS (SELECT 1 FROM runs WHERE run_id IN (SELECT run_id FROM {ids_table})) "
            f"OR EXISTS (SELECT 1 FROM verdicts WHERE run_id IN (SELECT run_id FROM {ids_table}))"
        ).fetchone()
        return bool(row and row[0])

    def get_run(self, run_id: str) -> Run | None:
        row = self._one("SELECT body FROM runs WHERE run_id = ?", [run_id])
        return unpack_run(row[0]) if row else None

    def get_runs(self, run_ids: list[str]) -> list[Run]:
        if not run_ids:
            return []
        rows = self.db.execute(
            "SELECT body FROM runs WHERE run_id IN (SELECT unnest(?)) ORDER BY started_ns, run_id", [list(run_ids)]
        ).fetchall()
        return [unpack_run(r[0]) for r in rows]

    def get_verdict(self, run_id: str) -> Verdict | None:
        row = self._one("SELECT verdict, risk, checker_version FROM verdicts WHERE run_id = ?", [run_id])
        if row is None:
            return None
        rows = self.db.execute(
            """SELECT "check", kind, severity, field, message, origin_step, evidence, score
               FROM findings WHERE run_id = ?""",
            [run_id],
        ).fetchall()
        findings = [
            Finding(check=c, kind=k, severity=s, field=f, message=m, origin_step=o,
                    evidence=orjson.loads(e) if e else {}, score=sc, run_id=run_id)
            for c, k, s, f, m, o, e, sc in rows
        ]
        return Verdict(run_id=run_id, verdict=row[0], risk=row[1], findings=findings, checker_version=row[2])

    def pair_partners(self, runs: list[Run]) -> list[Run]:
        """Stored runs that share a pair key with one of `runs` and are not among them."""
        keys = sorted({r.pair_key for r in runs if r.pair_key})
        if not keys:
            return []
        ids = [r.run_id for r in runs]
        rows = self.db.execute(
            """SELECT body FROM runs WHERE pair_key IN (SELECT unnest(?))
               AND run_id NOT IN (SELECT unnest(?)) ORDER BY started_ns, run_id""",
            [keys, ids],
        ).fetchall()
        return [unpack_run(r[0]) for r in rows]

    def iter_runs(self, where: RunFilter | None = None, batch: int = 1000, newest_first: bool = False) -> Iterator[list[Run]]:
        clause, params = filter_sql(where)
        order = "started_ns DESC, run_id DESC" if newest_first else "started_ns, run_id"
        cursor = self.db.cursor()
        cursor.execute(f"SELECT body FROM runs r WHERE {clause} ORDER BY {order}", params)
        try:
            while rows := cursor.fetchmany(batch):
                yield [unpack_run(r[0]) for r in rows]
        finally:
            cursor.close()

    # --- the duplicate index (rows given by the caller) ------------------------------------------
    @property
    def duplicates(self) -> DuplicateIndex:
        """The store's duplicate index, made on first use (its table is created then)."""
        if self._duplicates is None:
            self._duplicates = DuplicateIndex(self.db, self._duplicate_retention_days, create=not self.read_only)
        return self._duplicates

    def duplicate_candidates(self, keys: list[int], exclude: set[str] | None = None) -> list[DuplicateRow]:
        if self.read_only and self._duplicates is None and not self._has_table("duplicate_index"):
            return []  # a read-only store that never held an index (`check --db`)
        return list(self.duplicates.candidates(keys, exclude).entries)

    def _has_table(self, name: str) -> bool:
        row = self.db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
        return bool(row and row[0])

    def add_duplicate_rows(self, rows: list[DuplicateRow]) -> None:
        self.duplicates.add(rows)

    # --- labels and state -----------------------------------------------------------------------------
    def write_labels(self, labels: list[Label]) -> tuple[int, list[str]]:
        if not labels:
            return 0, []
        ids = sorted({lab.run_id for lab in labels})
        known = {r[0] for r in self.db.execute(
            "SELECT run_id FROM runs WHERE run_id IN (SELECT unnest(?))", [ids]).fetchall()}
        good = _last_by([lab for lab in labels if lab.run_id in known], lambda lab: (lab.run_id, lab.source))
        now = time.time_ns()
        if good:
            table = pa.table(
                {
                    "run_id": [lab.run_id for lab in good],
                    "source": [lab.source for lab in good],
                    "correct": [lab.correct for lab in good],
                    "wrong_fields": [_json(lab.wrong_fields) for lab in good],
                    "corrections": [_json(lab.corrections) for lab in good],
                    "note": pa.array([lab.note for lab in good], pa.string()),
                    "created_ns": pa.array([lab.created_at or now for lab in good], pa.int64()),
                }
            )
            self.db.register("w_labels", table)
            try:
                self._exec("INSERT OR REPLACE INTO labels SELECT * FROM w_labels")
            finally:
                self.db.unregister("w_labels")
        return len(good), [i for i in ids if i not in known]

    def load_state(self, key: str) -> dict[str, Any] | None:
        row = self._one("SELECT value FROM state WHERE key = ?", [key])
        return orjson.loads(row[0]) if row else None

    def save_state(self, key: str, value: dict[str, Any]) -> None:
        self._exec("INSERT OR REPLACE INTO state VALUES (?, ?)", [key, _json(value)])

    # --- API keys (only their digests are stored) -----------------------------------------------------
    def create_key(self, key: ApiKey) -> None:
        self._exec("INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, NULL)",
                   [key.key_id, key.digest, key.project, key.admin, key.created_ns])

    def list_keys(self) -> list[ApiKey]:
        rows = self.db.execute(
            "SELECT key_id, digest, project, admin, created_ns, revoked_ns FROM api_keys ORDER BY created_ns"
        ).fetchall()
        return [ApiKey(*row) for row in rows]

    def revoke_key(self, key_id: str, now_ns: int) -> bool:
        found = self._one("SELECT revoked_ns FROM api_keys WHERE key_id = ?", [key_id])
        if found is None or found[0] is not None:
            return False
        self._exec("UPDATE api_keys SET revoked_ns = ? WHERE key_id = ?", [now_ns, key_id])
        return True

    def _one(self, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
        rows = self.db.execute(sql, params).fetchall()
        return rows[0] if rows else None

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Raw SQL, for tests and benchmarks of this engine only: not part of the `Store` protocol."""
        return self.db.execute(sql, params or []).fetchall()

    def close(self) -> None:
        self.db.close()


__all__ = ["DuckStore", "filter_sql", "pack_run", "unpack_run"]
