"""The ClickHouse store: the `Store` protocol over ReplacingMergeTree tables (see `schema`).

`chdb:///dir` runs ClickHouse in this process (one process owns a directory); `clickhouse://host:port/db`
reaches a server. A batch (`write_results`) is written under the connection's lock: readers of the same
process never see half of it. Writes are idempotent: a run written again replaces itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import msgspec
import orjson
import pyarrow as pa

from veracity.ingest.spans import Span
from veracity.model import Finding, Label, Run, Verdict
from veracity.store.base import DuplicateRow, RunFilter
from veracity.store.clickhouse.conn import Connection
from veracity.store.clickhouse.export import ExportQueries
from veracity.store.clickhouse.maintenance import MaintenanceQueries
from veracity.store.clickhouse.pages import KeyQueries, PageQueries
from veracity.store.clickhouse.report import ReportQueries
from veracity.store.clickhouse.review import AlertQueries, ReviewQueries
from veracity.store.clickhouse.schema import TABLES, VERDICTS
from veracity.store.clickhouse.sql import RUNS, filter_sql
from veracity.store.clickhouse.tables import finding_table, run_table, step_table, verdict_table
from veracity.store.codec import span_decoder, span_encoder, unpack_run
from veracity.store.duplicates import DAY_NS, DEFAULT_RETENTION_DAYS

_findings_decoder = msgspec.json.Decoder(dict)


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value, default=str).decode()


def _last_by(items: list[Any], key: Any) -> list[Any]:
    return list({key(item): item for item in items}.values())


class ClickStore(ReportQueries, ReviewQueries, AlertQueries, MaintenanceQueries, PageQueries, KeyQueries,
                 ExportQueries):
    """Spans, runs, steps, verdicts, findings, labels, state and the duplicate index in ClickHouse."""

    def __init__(self, conn: Connection, path: str, read_only: bool = False,
                 duplicate_retention_days: int = DEFAULT_RETENTION_DAYS, owner: bool = True) -> None:
        self.conn, self.path, self.read_only, self._owner = conn, path, read_only, owner
        self.retention_ns = duplicate_retention_days * DAY_NS
        if owner and not read_only:
            for statement in TABLES.values():
                conn.command(statement)

    def reader(self) -> ClickStore:
        """The same connection (its lock keeps a batch whole for readers of this process)."""
        return ClickStore(self.conn, self.path, read_only=True, owner=False)

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.conn.rows(sql, params)

    def _bodies(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.conn.rows(sql, params, binary=True)

    # --- spans -------------------------------------------------------------------------------------
    def write_spans(self, spans: list[Span], received_ns: int) -> int:
        if not spans:
            return 0
        spans = _last_by(spans, lambda s: (s.trace_id, s.span_id))
        roots = {s.trace_id for s in spans if s.parent_id is None}
        with self.conn.lock:
            trace_ids = sorted({s.trace_id for s in spans})
            had_root = {t for t, in self._rows(
                "SELECT trace_id FROM traces FINAL WHERE trace_id IN ? AND has_root", [trace_ids])}
            self.conn.insert("spans", pa.table({
                "trace_id": [s.trace_id for s in spans], "span_id": [s.span_id for s in spans],
                "received_ns": pa.array([received_ns] * len(spans), pa.int64()),
                "body": pa.array([span_encoder.encode(s) for s in spans], pa.binary())}))
            self.conn.insert("traces", pa.table({
                "trace_id": trace_ids, "last_received_ns": pa.array([received_ns] * len(trace_ids), pa.int64()),
                "checked_ns": pa.array([None] * len(trace_ids), pa.int64()),
                "has_root": [t in roots or t in had_root for t in trace_ids],
                "version": pa.array([time.time_ns()] * len(trace_ids), pa.int64())}))
        return len(spans)

    def due_traces(self, now_ns: int, quiet_ns: int, limit: int = 5000) -> list[str]:
        rows = self._rows(
            """SELECT trace_id FROM traces FINAL
               WHERE (checked_ns IS NULL OR checked_ns < last_received_ns)
                 AND ((has_root AND last_received_ns <= ?) OR last_received_ns <= ?)
               ORDER BY last_received_ns, trace_id LIMIT ?""",
            [now_ns - quiet_ns, now_ns - 10 * quiet_ns, limit])
        return [r[0] for r in rows]

    def trace_spans(self, trace_ids: list[str]) -> list[Span]:
        if not trace_ids:
            return []
        rows = self._bodies("SELECT body FROM spans FINAL WHERE trace_id IN ?", [list(trace_ids)])
        return [span_decoder.decode(r[0]) for r in rows]

    def known_traces(self, trace_ids: list[str]) -> set[str]:
        if not trace_ids:
            return set()
        return {t for t, in self._rows("SELECT DISTINCT trace_id FROM traces WHERE trace_id IN ?", [list(trace_ids)])}

    def mark_checked(self, trace_ids: list[str], now_ns: int) -> None:
        if not trace_ids:
            return
        with self.conn.lock:
            self.conn.command(
                """INSERT INTO traces SELECT trace_id, last_received_ns, ?, has_root, ?
                   FROM traces FINAL WHERE trace_id IN ?""", [now_ns, time.time_ns(), list(trace_ids)])

    # --- runs and verdicts -------------------------------------------------------------------------
    def write_results(self, runs: list[Run], verdicts: list[Verdict]) -> None:
        if not runs:
            return
        now = time.time_ns()
        runs = _last_by(runs, lambda r: r.run_id)
        verdicts = _last_by(verdicts, lambda v: v.run_id)
        started = {r.run_id: r.started_at for r in runs}
        ids = sorted(set(started) | {v.run_id for v in verdicts})
        with self.conn.lock:
            if not self._fresh(ids):
                self.conn.command("DELETE FROM findings WHERE run_id IN ?", [ids])
                self.conn.command("DELETE FROM steps WHERE run_id IN ?", [ids])
            self.conn.insert("runs", run_table(runs, now))
            self.conn.insert("steps", step_table(runs))
            self.conn.insert("verdicts", verdict_table(verdicts, started, now))
            self.conn.insert("findings", finding_table(verdicts, now))

    def _fresh(self, ids: list[str]) -> bool:
        """No run among `ids` has findings or steps yet (the common case: skip the deletes)."""
        rows = self._rows("""SELECT (SELECT count() FROM findings WHERE run_id IN ?)
                                    + (SELECT count() FROM steps WHERE run_id IN ?)""", [ids, ids])
        return int(rows[0][0]) == 0

    def get_run(self, run_id: str) -> Run | None:
        rows = self._bodies("SELECT body FROM runs FINAL WHERE run_id = ?", [run_id])
        return unpack_run(rows[0][0]) if rows else None

    def get_runs(self, run_ids: list[str]) -> list[Run]:
        if not run_ids:
            return []
        rows = self._bodies("SELECT body FROM runs FINAL WHERE run_id IN ? ORDER BY started_ns, run_id",
                            [list(run_ids)])
        return [unpack_run(r[0]) for r in rows]

    def get_verdict(self, run_id: str) -> Verdict | None:
        with self.conn.lock:
            rows = self._rows(f"SELECT verdict, risk, checker_version FROM {VERDICTS} WHERE run_id = ?", [run_id])
            if not rows:
                return None
            found = self._rows(
                """SELECT `check`, kind, severity, field, message, origin_step, evidence, score
                   FROM findings FINAL WHERE run_id = ? ORDER BY ord""", [run_id])
        findings = [Finding(check=c, kind=k, severity=s, field=f, message=m, origin_step=o,
                            evidence=orjson.loads(e) if e else {}, score=sc, run_id=run_id)
                    for c, k, s, f, m, o, e, sc in found]
        verdict, risk, version = rows[0]
        return Verdict(run_id=run_id, verdict=verdict, risk=risk, findings=findings, checker_version=version)

    def pair_partners(self, runs: list[Run]) -> list[Run]:
        keys = sorted({r.pair_key for r in runs if r.pair_key})
        if not keys:
            return []
        rows = self._bodies(
            """SELECT body FROM runs FINAL WHERE pair_key IN ? AND run_id NOT IN ?
               ORDER BY started_ns, run_id""", [keys, [r.run_id for r in runs]])
        return [unpack_run(r[0]) for r in rows]

    def iter_runs(self, where: RunFilter | None = None, batch: int = 1000,
                  newest_first: bool = False) -> Iterator[list[Run]]:
        """Pages of `batch` runs, each page one query keyed on the last (start, id) seen."""
        clause, params = filter_sql(where)
        direction = "DESC" if newest_first else "ASC"
        after: tuple[int, str] | None = None
        while True:
            more, extra = "", []
            if after is not None:
                more = f" AND (r.started_ns, r.run_id) {'<' if newest_first else '>'} (?, ?)"
                extra = list(after)
            rows = self._bodies(
                f"""SELECT body, started_ns, run_id FROM {RUNS} r WHERE {clause}{more}
                    ORDER BY started_ns {direction}, run_id {direction} LIMIT ?""", [*params, *extra, batch])
            if not rows:
                return
            after = (int(rows[-1][1]), rows[-1][2].decode())
            yield [unpack_run(r[0]) for r in rows]
            if len(rows) < batch:
                return

    # --- the duplicate index -----------------------------------------------------------------------
    def _horizon(self) -> int:
        newest = self._rows("SELECT maxOrNull(started_ns) FROM duplicate_index")[0][0]
        return int(newest) - self.retention_ns if newest is not None else 0

    def duplicate_candidates(self, keys: list[int], exclude: set[str] | None = None) -> list[DuplicateRow]:
        wanted = sorted(set(keys))
        if not wanted:
            return []
        rows = self._rows(
            """SELECT key, run_id, input_name, input_domain, input_country, started_ns FROM duplicate_index FINAL
               WHERE key IN ? AND started_ns >= ? ORDER BY key, started_ns DESC, run_id LIMIT 64 BY key""",
            [wanted, self._horizon()])
        skip = exclude or set()
        return [DuplicateRow(*r) for r in rows if r[1] not in skip]

    def add_duplicate_rows(self, rows: list[DuplicateRow]) -> None:
        if not rows:
            return
        ids = sorted({e.run_id for e in rows})
        with self.conn.lock:
            if self._rows("SELECT count() FROM duplicate_index WHERE run_id IN ?", [ids])[0][0]:
                self.conn.command("DELETE FROM duplicate_index WHERE run_id IN ?", [ids])
            self.conn.insert("duplicate_index", pa.table({
                "key": pa.array([e.key for e in rows], pa.int64()), "run_id": [e.run_id for e in rows],
                "input_name": pa.array([e.input_name for e in rows], pa.int64()),
                "input_domain": pa.array([e.input_domain for e in rows], pa.int64()),
                "input_country": [e.input_country for e in rows],
                "started_ns": pa.array([e.started_at for e in rows], pa.int64())}))
            horizon = self._horizon()
            if self._rows("SELECT count() FROM duplicate_index WHERE started_ns < ?", [horizon])[0][0]:
                self.conn.command("DELETE FROM duplicate_index WHERE started_ns < ?", [horizon])

    # --- labels and state --------------------------------------------------------------------------
    def write_labels(self, labels: list[Label]) -> tuple[int, list[str]]:
        if not labels:
            return 0, []
        ids = sorted({lab.run_id for lab in labels})
        known = {r[0] for r in self._rows("SELECT DISTINCT run_id FROM runs WHERE run_id IN ?", [ids])}
        good = _last_by([lab for lab in labels if lab.run_id in known], lambda lab: (lab.run_id, lab.source))
        now = time.time_ns()
        if good:
            self.conn.insert("labels", pa.table({
                "run_id": [lab.run_id for lab in good], "source": [lab.source for lab in good],
                "correct": [lab.correct for lab in good],
                "wrong_fields": pa.array([_json(lab.wrong_fields) for lab in good], pa.string()),
                "corrections": pa.array([_json(lab.corrections) for lab in good], pa.string()),
                "note": pa.array([lab.note for lab in good], pa.string()),
                "created_ns": pa.array([lab.created_at or now for lab in good], pa.int64()),
                "version": pa.array([now] * len(good), pa.int64())}))
        return len(good), [i for i in ids if i not in known]

    def load_state(self, key: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT value FROM state FINAL WHERE key = ?", [key])
        return orjson.loads(rows[0][0]) if rows else None

    def save_state(self, key: str, value: dict[str, Any]) -> None:
        self.conn.command("INSERT INTO state VALUES (?, ?, ?)", [key, _json(value), time.time_ns()])

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Raw SQL, for tests and benchmarks of this engine only: not part of the `Store` protocol."""
        return self._rows(sql, params)

    def hourly_rollup(self, since_hour: int = 0) -> list[tuple[int, str, str, int, float]]:
        """(hour, checker version, verdict, runs, mean risk) from the materialized rollup: for dashboards."""
        return [(int(h), c, v, int(n), float(r)) for h, c, v, n, r in self._rows(
            """SELECT hour, checker_version, verdict, uniqExactMerge(runs), avgMerge(risk) FROM hourly
               WHERE hour >= ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", [since_hour])]

    def close(self) -> None:
        if self._owner:
            self.conn.close()
