"""The DuckDB store's operations for the browser UI's pages: searching runs, pairs, filter choices."""

from __future__ import annotations

from typing import Any

import duckdb

from veracity.store.base import RunQuery, SearchRow
from veracity.store.codec import unpack_run
from veracity.store.filters import TEXT_SCAN, run_text, search_condition, search_row
from veracity.values.fold import fold

_COLUMNS = """r.run_id, r.agent, r.model, r.started_ns, r.reported_status, v.verdict, v.risk, v.n_findings,
              r.prompt_version, r.pair_key"""


def _query_sql(query: RunQuery) -> tuple[str, list[Any]]:
    return search_condition(query, true="TRUE", finding_alias="f.",
                            findings="EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id AND {where})")


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
            return [search_row(r) for r in rows], int(total)
        needle = fold(query.text)
        found: list[SearchRow] = []
        cursor = self.db.execute(f"SELECT {_COLUMNS}, r.body {base} ORDER BY r.started_ns DESC, r.run_id LIMIT ?",
                                 [*params, TEXT_SCAN])
        while batch := cursor.fetchmany(500):
            found.extend(search_row(r[:-1]) for r in batch if needle in run_text(unpack_run(r[-1])))
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
