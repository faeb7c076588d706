"""The DuckDB store's export, read-only SQL and alert-delivery operations.

Exports stream: one query per table, read through DuckDB's Arrow record-batch reader, so memory
holds one batch whatever the size of the store. The documented views (`runs`, `findings`,
`verdicts`, `labels`, `alerts`) are the export schemas (`store/export_schema.py`) as SQL; `veracity
sql` runs a user's SELECT over them on a cursor of its own where they shadow the tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pyarrow as pa

from veracity.store.base import RunFilter
from veracity.store.export_schema import DELIVERY_COLUMNS, KINDS, schema
from veracity.store.filters import alerts_condition
from veracity.store.sql import filter_sql

_ALERTS_TABLE = "alerts"

# The SELECT behind each exported table and view; `{db}` is the store's catalog, `{where}` a run filter.
VIEW_SQL: dict[str, str] = {
    "runs": """SELECT r.run_id, r.trace_id, r.project, r.agent, r.agent_version, r.model, r.prompt_version,
                      r.pair_key, r.reported_status, make_timestamp_ns(r.started_ns) AS started_at,
                      make_timestamp_ns(r.ended_ns) AS ended_at, r.n_steps, r.input::VARCHAR AS input,
                      r.output::VARCHAR AS output, make_timestamp_ns(r.stored_ns) AS stored_at
               FROM {db}.runs r WHERE {where}""",
    "verdicts": """SELECT v.run_id, v.verdict, v.risk, v.checker_version, v.n_findings,
                          make_timestamp_ns(v.checked_ns) AS checked_at
                   FROM {db}.verdicts v JOIN {db}.runs r USING (run_id) WHERE {where}""",
    "findings": """SELECT f.run_id, f."check", f.kind, f.severity, f.field, f.message, f.origin_step,
                          f.evidence::VARCHAR AS evidence, f.score, f.checker_version
                   FROM {db}.findings f JOIN {db}.runs r USING (run_id) WHERE {where}""",
    "labels": """SELECT l.run_id, l.source, l.correct, l.wrong_fields::VARCHAR AS wrong_fields,
                        l.corrections::VARCHAR AS corrections, l.note, make_timestamp_ns(l.created_ns) AS created_at
                 FROM {db}.labels l JOIN {db}.runs r USING (run_id) WHERE {where}""",
    "alerts": """SELECT a.alert_id, a.cohort::VARCHAR AS cohort, a.metric, a.status, a.before, a.after, a.alert_at,
                        a.detail::VARCHAR AS detail, make_timestamp_ns(a.opened_ns) AS opened_at,
                        make_timestamp_ns(a.updated_ns) AS updated_at, make_timestamp_ns(a.resolved_ns) AS resolved_at,
                        a.times_seen
                 FROM {db}.alerts a WHERE {where}""",
}
READ_STATEMENTS = {"SELECT", "EXPLAIN"}
DELIVERY_SCHEMA = """CREATE TABLE IF NOT EXISTS alert_deliveries (
    alert_id VARCHAR, destination VARCHAR, transition VARCHAR, episode_ns BIGINT, status VARCHAR,
    attempts INTEGER, first_ns BIGINT, last_ns BIGINT, next_ns BIGINT, delivered_ns BIGINT, last_error VARCHAR,
    PRIMARY KEY (alert_id, destination, transition, episode_ns))"""


class ExportQueries:
    """Mixed into `DuckStore`: `export_batches`, `sql_readonly` and the alert delivery log."""

    db: duckdb.DuckDBPyConnection

    def _catalog(self, cursor: duckdb.DuckDBPyConnection) -> str:
        name = cursor.execute("SELECT current_database()").fetchall()[0][0]
        return '"' + str(name).replace('"', '""') + '".main'

    def _cursor_has_table(self, cursor: duckdb.DuckDBPyConnection, table: str = _ALERTS_TABLE) -> bool:
        rows = cursor.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary",
                              [table]).fetchall()
        return bool(rows[0][0])

    def export_batches(self, what: str, where: RunFilter | None = None, batch: int = 10_000) -> Iterator[pa.RecordBatch]:
        target = schema(what)
        cursor = self.db.cursor()
        try:
            if what == "alerts" and not self._cursor_has_table(cursor):
                return
            clause, params = alerts_condition(where, true="TRUE") if what == "alerts" else filter_sql(where)
            sql = VIEW_SQL[what].format(db=self._catalog(cursor), where=clause)
            reader = cursor.sql(sql, params=params).to_arrow_reader(batch)
            for chunk in reader:
                if chunk.num_rows:
                    yield pa.Table.from_batches([chunk]).cast(target).combine_chunks().to_batches()[0]
        finally:
            cursor.close()

    def sql_readonly(self, text: str, max_rows: int | None = None) -> pa.Table:
        cursor = self.db.cursor()
        try:
            statements = cursor.extract_statements(text)
            if len(statements) != 1:
                raise ValueError(f"give one SQL statement, not {len(statements)}")
            kind = str(statements[0].type).rsplit(".", 1)[-1]
            if kind not in READ_STATEMENTS:
                raise ValueError(f"only SELECT (or EXPLAIN) runs here, not {kind}: the store is read-only")
            db = self._catalog(cursor)
            has_alerts = self._cursor_has_table(cursor)
            for name in KINDS:
                if name == "alerts" and not has_alerts:
                    columns = ", ".join(f"NULL::{_duck_type(f.type)} AS \"{f.name}\"" for f in schema(name))
                    cursor.execute(f"CREATE TEMP VIEW {name} AS SELECT {columns} WHERE FALSE").fetchall()
                    continue
                sql = VIEW_SQL[name].format(db=db, where="TRUE")
                cursor.execute(f"CREATE TEMP VIEW {name} AS {sql}").fetchall()
            reader = cursor.sql(text).to_arrow_reader(10_000)
            chunks, rows = [], 0
            for chunk in reader:
                chunks.append(chunk)
                rows += chunk.num_rows
                if max_rows is not None and rows >= max_rows:
                    break
            table = pa.Table.from_batches(chunks, schema=reader.schema)
            return table.slice(0, max_rows) if max_rows is not None else table
        except duckdb.Error as e:
            raise ValueError(f"SQL error: {e}") from None
        finally:
            cursor.close()

    # --- the alert delivery log -------------------------------------------------------------------
    def _ensure_deliveries(self) -> None:
        self.db.execute(DELIVERY_SCHEMA).fetchall()

    def delivery_rows(self, alert_id: str | None = None) -> list[dict[str, Any]]:
        if not self._cursor_has_table(self.db, "alert_deliveries"):  # never delivered (the store may be read-only)
            return []
        where, params = ("WHERE alert_id = ?", [alert_id]) if alert_id else ("", [])
        rows = self.db.execute(
            f"SELECT {', '.join(DELIVERY_COLUMNS)} FROM alert_deliveries {where} "
            "ORDER BY first_ns, alert_id, destination, transition", params).fetchall()
        return [dict(zip(DELIVERY_COLUMNS, r, strict=True)) for r in rows]

    def record_delivery(self, attempt: dict[str, Any]) -> None:
        self._ensure_deliveries()
        delivered = attempt["error"] is None
        self.db.execute(
            """INSERT INTO alert_deliveries VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
               ON CONFLICT (alert_id, destination, transition, episode_ns) DO UPDATE SET
                 status = excluded.status, attempts = alert_deliveries.attempts + 1, last_ns = excluded.last_ns,
                 next_ns = excluded.next_ns, delivered_ns = excluded.delivered_ns, last_error = excluded.last_error""",
            [attempt["alert_id"], attempt["destination"], attempt["transition"], attempt["episode_ns"],
             "delivered" if delivered else attempt.get("status", "failed"), attempt["now_ns"], attempt["now_ns"],
             attempt.get("next_ns"), attempt["now_ns"] if delivered else None, attempt["error"]]).fetchall()


def _duck_type(t: pa.DataType) -> str:
    if pa.types.is_timestamp(t):
        return "TIMESTAMP_NS"
    return {pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.int32(): "INTEGER", pa.bool_(): "BOOLEAN"}[t]
