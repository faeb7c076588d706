"""The ClickHouse store's operations for the browser UI's pages and its API keys.

Same answers as the DuckDB store's (`store/duck_pages.py`, the keys in `store/duck.py`): a search
filters in SQL and, for text, reads run bodies page by page (at most `TEXT_SCAN` of the newest) and
folds them in Python, the way the DuckDB store does. Keys are rows of a ReplacingMergeTree: a
revocation writes the key again with its revocation time.
"""

from __future__ import annotations

import time
from typing import Any

from veracity.store.base import ApiKey, RunQuery, SearchRow
from veracity.store.clickhouse.conn import Connection
from veracity.store.clickhouse.schema import VERDICTS
from veracity.store.clickhouse.sql import RUNS
from veracity.store.codec import unpack_run
from veracity.store.filters import TEXT_SCAN, run_text, search_condition, search_row
from veracity.values.fold import fold

_COLUMNS = """r.run_id, r.agent, r.model, r.started_ns, r.reported_status, v.verdict, v.risk, v.n_findings,
              r.prompt_version, r.pair_key"""
_BASE = f"FROM {RUNS} r LEFT JOIN {VERDICTS} v ON v.run_id = r.run_id WHERE {{clause}}"
_ORDER = "ORDER BY r.started_ns DESC, r.run_id"
_PAGE = 500


def _query_sql(query: RunQuery) -> tuple[str, list[Any]]:
    return search_condition(query, true="1", finding_alias="",
                            findings="r.run_id IN (SELECT run_id FROM findings FINAL WHERE {where})")


def _search_row(values: tuple[Any, ...]) -> SearchRow:
    row = search_row(values)
    row["started_ns"] = int(row["started_ns"])
    if row["findings"] is not None:
        row["findings"] = int(row["findings"])
    return row


class PageQueries:
    """Mixed into `ClickStore`: `search_runs`, `pair_run_ids`, `filter_choices`."""

    conn: Connection

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def search_runs(self, query: RunQuery, limit: int = 100, offset: int = 0) -> tuple[list[SearchRow], int]:
        clause, params = _query_sql(query)
        base = _BASE.format(clause=clause)
        limit, offset = max(1, min(limit, 10_000)), max(0, offset)
        if not query.text:
            total = self._rows(f"SELECT count() {base}", params)[0][0]
            rows = self._rows(f"SELECT {_COLUMNS} {base} {_ORDER} LIMIT ? OFFSET ?", [*params, limit, offset])
            return [_search_row(r) for r in rows], int(total)
        needle = fold(query.text)
        found: list[str] = []
        for start in range(0, TEXT_SCAN, _PAGE):  # one page of bodies in memory at a time
            page = self.conn.rows(f"SELECT r.run_id, r.body {base} {_ORDER} LIMIT ? OFFSET ?",
                                  [*params, min(_PAGE, TEXT_SCAN - start), start], binary=True)
            found.extend(rid.decode() for rid, body in page if needle in run_text(unpack_run(body)))
            if len(page) < _PAGE:
                break
        wanted = found[offset:offset + limit]
        rows = self._rows(f"SELECT {_COLUMNS} {base} AND r.run_id IN ? {_ORDER}", [*params, wanted]) if wanted else []
        return [_search_row(r) for r in rows], len(found)

    def pair_run_ids(self, pair_key: str) -> list[str]:
        rows = self._rows("SELECT run_id FROM runs FINAL WHERE pair_key = ? ORDER BY started_ns, run_id", [pair_key])
        return [r[0] for r in rows]

    def filter_choices(self) -> dict[str, list[str]]:
        def distinct(sql: str) -> list[str]:
            return [r[0] for r in self._rows(sql) if r[0] is not None]

        return {
            "verdict": distinct(f"SELECT DISTINCT verdict FROM {VERDICTS} ORDER BY 1"),
            "agent": distinct("SELECT DISTINCT agent FROM runs FINAL ORDER BY 1"),
            "model": distinct("SELECT DISTINCT model FROM runs FINAL ORDER BY 1"),
            "prompt_version": distinct("SELECT DISTINCT prompt_version FROM runs FINAL ORDER BY 1"),
            "kind": distinct("SELECT DISTINCT kind FROM findings FINAL WHERE severity <> 'info' ORDER BY 1"),
            "field": distinct("SELECT DISTINCT field FROM findings FINAL WHERE severity <> 'info' AND field IS NOT NULL "
                              "ORDER BY 1 LIMIT 500"),
        }


class KeyQueries:
    """Mixed into `ClickStore`: API keys (only their digests are stored)."""

    conn: Connection

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _write_key(self, key: ApiKey) -> None:
        self.conn.command("INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [key.key_id, key.digest, key.project, key.admin, key.created_ns, key.revoked_ns,
                           time.time_ns()])

    def create_key(self, key: ApiKey) -> None:
        """A new key; an id or digest already stored is an error (the DuckDB store's keys are unique too)."""
        with self.conn.lock:
            if self._rows("SELECT count() FROM api_keys FINAL WHERE key_id = ? OR digest = ?",
                          [key.key_id, key.digest])[0][0]:
                raise ValueError(f"API key {key.key_id!r}: a key with this id or digest is already stored")
            self._write_key(ApiKey(key.key_id, key.digest, key.project, key.admin, key.created_ns))

    def list_keys(self) -> list[ApiKey]:
        rows = self._rows("""SELECT key_id, digest, project, admin, created_ns, revoked_ns FROM api_keys FINAL
                             ORDER BY created_ns, key_id""")
        return [ApiKey(k, d, p, bool(a), int(c), None if r is None else int(r)) for k, d, p, a, c, r in rows]

    def revoke_key(self, key_id: str, now_ns: int) -> bool:
        with self.conn.lock:
            found = [k for k in self.list_keys() if k.key_id == key_id]
            if not found or found[0].revoked_ns is not None:
                return False
            k = found[0]
            self._write_key(ApiKey(k.key_id, k.digest, k.project, k.admin, k.created_ns, now_ns))
            return True
