"""The ClickHouse store's export, read-only SQL and alert-delivery operations.

Exports stream: each table is read in pages of at most `batch` rows, each page one query keyed on
the last sort key seen (so a page costs the same wherever it falls), cast to the shared export
schema (`store/export_schema.py`). `sql_readonly` runs one user SELECT in **ClickHouse SQL** over the
documented views: they are common table expressions put before the user's query, where they shadow
the tables of the same name; the query runs with `readonly = 1` (see `clickhouse/readonly.py`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from veracity.store.base import RunFilter
from veracity.store.clickhouse.conn import Connection
from veracity.store.clickhouse.readonly import ENGINE_ERRORS, with_views
from veracity.store.clickhouse.sql import filter_sql
from veracity.store.export_schema import DELIVERY_COLUMNS, KINDS, schema
from veracity.store.filters import alerts_condition

_TS = "fromUnixTimestamp64Nano({col}, 'UTC')"
_RUNS = "(SELECT * FROM {db}.runs FINAL) r"
_VERDICTS = """(SELECT run_id, argMax(verdict, checked_ns) AS verdict, argMax(risk, checked_ns) AS risk,
    argMax(checker_version, checked_ns) AS checker_version, argMax(n_findings, checked_ns) AS n_findings,
    max(checked_ns) AS checked_max FROM {db}.verdicts FINAL GROUP BY run_id) v"""

# Each view as (columns, FROM clause, sort key): `{db}` is the store's database, the filter goes in WHERE.
VIEWS: dict[str, tuple[str, str, str]] = {
    "runs": (f"""r.run_id AS run_id, r.trace_id AS trace_id, r.project AS project, r.agent AS agent,
                 r.agent_version AS agent_version, r.model AS model, r.prompt_version AS prompt_version,
                 r.pair_key AS pair_key, r.reported_status AS reported_status,
                 {_TS.format(col='r.started_ns')} AS started_at, {_TS.format(col='r.ended_ns')} AS ended_at,
                 r.n_steps AS n_steps, r.input AS input, r.output AS output,
                 {_TS.format(col='r.stored_ns')} AS stored_at""", _RUNS, "r.run_id"),
    "verdicts": (f"""v.run_id AS run_id, v.verdict AS verdict, v.risk AS risk, v.checker_version AS checker_version,
                     v.n_findings AS n_findings, {_TS.format(col="v.checked_max")} AS checked_at""",
                 f"{_VERDICTS} INNER JOIN {_RUNS} ON r.run_id = v.run_id", "v.run_id"),
    "findings": ("""f.run_id AS run_id, f.`check` AS `check`, f.kind AS kind, f.severity AS severity,
                    f.field AS field, f.message AS message, f.origin_step AS origin_step, f.evidence AS evidence,
                    f.score AS score, f.checker_version AS checker_version""",
                 f"{{db}}.findings AS f FINAL INNER JOIN {_RUNS} ON r.run_id = f.run_id",
                 "f.run_id, f.checker_version, f.ord"),
    "labels": (f"""l.run_id AS run_id, l.source AS source, l.correct AS correct, l.wrong_fields AS wrong_fields,
                   l.corrections AS corrections, l.note AS note, {_TS.format(col='l.created_ns')} AS created_at""",
               f"{{db}}.labels AS l FINAL INNER JOIN {_RUNS} ON r.run_id = l.run_id", "l.run_id, l.source"),
    "alerts": (f"""a.alert_id AS alert_id, a.cohort AS cohort, a.metric AS metric, a.status AS status,
                   a.before AS before, a.after AS after, a.alert_at AS alert_at, a.detail AS detail,
                   {_TS.format(col='a.opened_ns')} AS opened_at, {_TS.format(col='a.updated_ns')} AS updated_at,
                   {_TS.format(col='a.resolved_ns')} AS resolved_at, a.times_seen AS times_seen""",
               "{db}.alerts AS a FINAL", "a.alert_id"),
}


def view_sql(name: str, db: str, where: str = "1") -> str:
    columns, source, _ = VIEWS[name]
    return f"SELECT {columns} FROM {source.format(db=db)} WHERE {where}"


class ExportQueries:
    """Mixed into `ClickStore`: `export_batches`, `sql_readonly` and the alert delivery log."""

    conn: Connection

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _database(self) -> str:
        return "`" + str(self._rows("SELECT currentDatabase()")[0][0]).replace("`", "``") + "`"

    def _has_table(self, name: str) -> bool:
        return bool(self._rows("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = ?",
                               [name])[0][0])

    def export_batches(self, what: str, where: RunFilter | None = None, batch: int = 10_000) -> Iterator[pa.RecordBatch]:
        target = schema(what)
        if what == "alerts" and not self._has_table("alerts"):
            return
        clause, params = alerts_condition(where, true="1") if what == "alerts" else filter_sql(where)
        columns, source, key = VIEWS[what]
        keys = [k.strip() for k in key.split(",")]
        picked = ", ".join(f"{k} AS _k{i}" for i, k in enumerate(keys))
        sql = f"SELECT {columns}, {picked} FROM {source.format(db=self._database())} WHERE {clause}"
        after: list[Any] | None = None
        batch = max(1, batch)
        while True:
            more = f" AND ({key}) > ({', '.join('?' * len(keys))})" if after is not None else ""
            page = self.conn.arrow(f"{sql}{more} ORDER BY {key} LIMIT ?", [*params, *(after or []), batch])
            if page.num_rows == 0:
                return
            after = [page.column(f"_k{i}")[-1].as_py() for i in range(len(keys))]
            out = page.select(target.names).cast(target).combine_chunks()
            yield from out.to_batches()
            if page.num_rows < batch:
                return

    def sql_readonly(self, text: str, max_rows: int | None = None) -> pa.Table:
        """One SELECT (or EXPLAIN) in ClickHouse SQL over the documented views, run with `readonly = 1`."""
        db = self._database()
        views = {name: view_sql(name, db) for name in KINDS}
        limit = "" if max_rows is None else f"max_result_rows = {max(0, int(max_rows))}, result_overflow_mode = 'break', "
        sql = with_views(text, views) + f" SETTINGS {limit}readonly = 1"
        try:
            table = self.conn.arrow(sql, None)
        except ENGINE_ERRORS as e:
            raise ValueError(f"SQL error: {e}") from None
        return table.slice(0, max_rows) if max_rows is not None else table

    # --- the alert delivery log -------------------------------------------------------------------
    def delivery_rows(self, alert_id: str | None = None) -> list[dict[str, Any]]:
        if not self._has_table("alert_deliveries"):  # a read-only store from before the log
            return []
        where, params = ("WHERE alert_id = ?", [alert_id]) if alert_id else ("", [])
        rows = self._rows(
            f"SELECT {', '.join(DELIVERY_COLUMNS)} FROM alert_deliveries FINAL {where} "
            "ORDER BY first_ns, alert_id, destination, transition", params)
        return [{k: int(v) if k.endswith(("_ns", "attempts")) and v is not None else v
                 for k, v in zip(DELIVERY_COLUMNS, r, strict=True)} for r in rows]

    def record_delivery(self, attempt: dict[str, Any]) -> None:
        delivered = attempt["error"] is None
        now = attempt["now_ns"]
        key = [attempt["alert_id"], attempt["destination"], attempt["transition"], attempt["episode_ns"]]
        with self.conn.lock:
            before = self._rows("""SELECT attempts, first_ns FROM alert_deliveries FINAL
                                   WHERE alert_id = ? AND destination = ? AND transition = ? AND episode_ns = ?""", key)
            attempts, first = (int(before[0][0]) + 1, int(before[0][1])) if before else (1, now)
            self.conn.command(
                f"INSERT INTO alert_deliveries ({', '.join(DELIVERY_COLUMNS)}, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*key, "delivered" if delivered else attempt.get("status", "failed"), attempts, first, now,
                 attempt.get("next_ns"), now if delivered else None, attempt["error"], time.time_ns()])
