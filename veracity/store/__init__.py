"""Where runs, verdicts, findings, labels and learned state live. DuckDB is the embedded default."""

from __future__ import annotations

import os
from pathlib import Path

from veracity.store.base import RunFilter, Store
from veracity.store.duck import DuckStore

DEFAULT_DB = "veracity.duckdb"


def db_path(explicit: str | None = None) -> str:
    """`--db FILE`, else `VERACITY_DB`, else `veracity.duckdb` in the current directory."""
    return explicit or os.environ.get("VERACITY_DB") or str(Path.cwd() / DEFAULT_DB)


def open_store(path: str | None = None, read_only: bool = False) -> DuckStore:
    return DuckStore(db_path(path), read_only=read_only)


__all__ = ["DEFAULT_DB", "DuckStore", "RunFilter", "Store", "db_path", "open_store"]
