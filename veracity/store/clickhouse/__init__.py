"""Store engine two: ClickHouse, in-process through chdb (`chdb:///dir`) or a server (`clickhouse://host:8123/db`)."""

from __future__ import annotations

from urllib.parse import urlparse

from veracity.store.clickhouse.conn import ChdbConnection, ServerConnection
from veracity.store.clickhouse.store import ClickStore


def open_clickhouse(engine: str, location: str, read_only: bool = False) -> ClickStore:
    """A ClickHouse store: `engine` "chdb" with a directory, or "clickhouse" with `host:port/db`."""
    if engine == "chdb":
        return ClickStore(ChdbConnection(location), f"chdb://{location}", read_only=read_only)
    url = urlparse(f"clickhouse://{location}")
    database = url.path.strip("/") or "veracity"
    try:
        conn = ServerConnection(url.hostname or "127.0.0.1", url.port or 8123, database,
                                username=url.username or "default", password=url.password or "")
    except Exception as e:  # clickhouse-connect's errors name the cause, not the store
        raise ValueError(f"store clickhouse://{location}: cannot reach the server ({e})") from e
    return ClickStore(conn, f"clickhouse://{location}", read_only=read_only)


__all__ = ["ClickStore", "open_clickhouse"]
