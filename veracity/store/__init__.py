"""Where runs, verdicts, findings, labels and learned state live. DuckDB is the embedded default.

Entry points open a store through `open_store(url_or_path)` only: `duckdb:///path/to/file.duckdb`
or a plain path (DuckDB). Every other module talks to the `Store` protocol (`veracity.store.base`),
never to an engine. A later engine adds its scheme here (`clickhouse://`, `chdb://`).
"""

from __future__ import annotations

import os
from pathlib import Path

from veracity.store.base import ALERT_METRICS, DuplicateRow, RunFilter, Store
from veracity.store.duck import DuckStore
from veracity.store.duck_maintenance import compact_file, file_size

DEFAULT_DB = "veracity.duckdb"
DUCKDB_SCHEME = "duckdb://"
#: ClickHouse engines (`veracity.store.clickhouse`, the `scale` extra): what each URL names.
CLICKHOUSE_SCHEMES = {"chdb": "chdb:///directory", "clickhouse": "clickhouse://host:8123/database"}


def db_path(explicit: str | None = None) -> str:
    """`--db FILE`, else `VERACITY_DB`, else `veracity.duckdb` in the current directory."""
    return explicit or os.environ.get("VERACITY_DB") or str(Path.cwd() / DEFAULT_DB)


def engine_path(url_or_path: str) -> tuple[str, str]:
    """(engine, location) of a store URL or plain path; a scheme no engine speaks is an error naming it."""
    if url_or_path.startswith(DUCKDB_SCHEME):
        return "duckdb", url_or_path[len(DUCKDB_SCHEME):] or ":memory:"
    scheme, sep, rest = url_or_path.partition("://")
    if sep and scheme in CLICKHOUSE_SCHEMES:
        if not rest:
            raise ValueError(f"store {url_or_path!r}: {scheme}:// needs a location ({CLICKHOUSE_SCHEMES[scheme]})")
        return scheme, rest
    if sep and scheme.isidentifier():
        raise ValueError(f"store {url_or_path!r}: no engine for {scheme}:// "
                         "(this build speaks duckdb://, chdb://, clickhouse:// and paths)")
    return "duckdb", url_or_path


def open_store(url_or_path: str | None = None, read_only: bool = False) -> Store:
    """The store at `url_or_path` (else `VERACITY_DB`, else ./veracity.duckdb)."""
    engine, location = engine_path(db_path(url_or_path))
    if engine in CLICKHOUSE_SCHEMES:
        try:
            from veracity.store.clickhouse import open_clickhouse
        except ImportError as e:  # pragma: no cover - the extra is missing
            raise ValueError(f"store {url_or_path!r}: install veracity[scale] for ClickHouse ({e})") from e
        return open_clickhouse(engine, location, read_only=read_only)
    return DuckStore(location, read_only=read_only)


def compact(url_or_path: str | Path) -> tuple[int, int]:
    """Rewrite a closed store so that freed space goes back to the disk; (bytes before, bytes after)."""
    engine, location = engine_path(str(url_or_path))
    if engine in CLICKHOUSE_SCHEMES:  # ClickHouse frees space by merging parts
        before = store_size(url_or_path)
        store = open_store(str(url_or_path))
        try:
            store.checkpoint()
        finally:
            store.close()
        return before, store_size(url_or_path)
    return compact_file(location)


def store_size(url_or_path: str | Path) -> int:
    """Bytes the store takes on disk (0 for one in memory)."""
    engine, location = engine_path(str(url_or_path))
    if engine == "clickhouse":
        return 0  # a server's disk is the server's business
    if engine == "chdb":
        return sum(p.stat().st_size for p in Path(location).rglob("*") if p.is_file())
    return 0 if location == ":memory:" else file_size(location)


__all__ = ["ALERT_METRICS", "DEFAULT_DB", "DuckStore", "DuplicateRow", "RunFilter", "Store", "compact", "db_path",
           "engine_path", "open_store", "store_size"]
