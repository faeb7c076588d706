"""The DuckDB store's operations for the browser UI's pages: searching runs, pairs, filter choices."""

from __future__ import annotations

from typing import Any

import duckdb
import msgspec

from veracity.model import Run
from veracity.store.base import RunQuery, SearchRow
from veracity.store.codec import unpack_run
from veracity.values.fold import fold


def plain(value: object) -> object:
    return msgspec.to_builtins(value, str_keys=True, enc_hook=str)

#: A text search reads at most this many run bodies (the newest that pass the other filters).
TEXT_SCAN = 20_000
_COLUMNS = """r.run_id, r.agent, r.model, r.started_ns, r.reported_status, v.verdict, v.risk, v.n_findings,
              r.prompt_version, r.pair_key"""


def _query_sql(query: RunQuery) -> tuple[str, list[Any]]:
    clauses, params = ["TRUE"], []
    for column, value, op in (("r.agent", query.agent, "="), ("r.model", query.model, "="),
                              ("r.prompt_version", query.prompt_version, "="), ("v.verdict", query.verdict, "="),
                              ("r.started_ns", query.since_ns, ">="), ("r.started_ns", query.until_ns, "<")):
        if value is not None:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    if query.kind is not None or query.field is not None:
        inner, inner_params = ["f.run_id = r.run_id", "f.severity <> 'info'"], []
        if query.kind is not None:
            inner.append("f.kind = ?")
            inner_params.append(query.kind)
        if query.field is not None:
            inner.append("f.field = ?")
            inner_params.append(query.field)
        clauses.append(f"EXISTS (SELECT 1 FROM findings f WHERE {' AND '.join(inner)})")
        params.extend(inner_params)
    return " AND ".join(clauses), params


def _row(values: tuple[Any, ...]) -> SearchRow:
    a, b, c, d, e, f, g, h, i, j = values
    return SearchRow(run_id=a, agent=b, model=c, started_ns=d, reported_status=e, verdict=f, risk=g, findings=h,
                     prompt_version=i, pair_key=j)


def run_text(run: Run) -> str:
    """What a text search reads of a run: its output and the content of every source, folded."""
    parts = [str(plain(run.output))] + [s.content for s in run.sources]
    return fold("\n".join(parts))


class PageQueries:
    """Mixed into `DuckStore`."""

    db: duckdb.DuckDBPyConnection

    def search_runs(self, query: RunQuery, limit: int = 100, offset: int = 0) -> tuple[list[SearchRow], int]:
        clause, params = _query_sql(query)
        base = f"FROM runs r LEFT JOIN verdicts v USING (run_id) WHERE {clause}"
        limit, offset = max(1, min(limit, 10_000)), max(0, offset)
        if not query.text:
            total = self.db.execute(f"SELECT count(*) {base}", params).fetchall()[0][0]
            rows = self.db.execute(f"SELECT {_COLUMNS} {base} ORDER BY r.started_ns DESC, r.run_id LIMIT ? OFFSET ?",
                                   [*params, limit, offset]).fetchall()
            return [_row(r) for r in rows], int(total)
        needle = fold(query.text)
        found: list[SearchRow] = []
        cursor = self.db.execute(f"SELECT {_COLUMNS}, r.body {base} ORDER BY r.started_ns DESC, r.run_id LIMIT ?",
                                 [*params, TEXT_SCAN])
        while batch := cursor.fetchmany(500):
            found.extend(_row(r[:-1]) for r in batch if needle in run_text(unpack_run(r[-1])))
        return found[offset:offset + limit], len(found)

    def pair_run_ids(self, pair_key: str) -> list[str]:
        rows = self.db.execute("SELECT run_id FROM runs WHERE pair_key = ? ORDER BY started_ns, run_id",
                               [pair_key]).fetchall()
        return [r[0] for r in rows]

    def filter_choices(self) -> dict[str, list[str]]:
        def distinct(sql: str) -> list[str]:
            return [r[0] for r in self.db.execute(sql).fetchall() if r[0] is not None]

        return {
            "verdict": distinct("SELECT DISTINCT verdict FROM verdicts ORDER BY 1"),
            "agent": distinct("SELECT DISTINCT agent FROM runs ORDER BY 1"),
            "model": distinct("SELECT DISTINCT model FROM runs ORDER BY 1"),
            "prompt_version": distinct("SELECT DISTINCT prompt_version FROM runs ORDER BY 1"),
            "kind": distinct("SELECT DISTINCT kind FROM findings WHERE severity <> 'info' ORDER BY 1"),
            "field": distinct("SELECT DISTINCT field FROM findings WHERE severity <> 'info' ORDER BY 1 LIMIT 500"),
        }
