"""Connections to ClickHouse: in-process (`chdb`) or a server over HTTP (`clickhouse-connect`).

Both take SQL with `?` placeholders (rendered here as ClickHouse literals, the way the DuckDB store
binds its parameters), answer rows as tuples, and insert Arrow tables. Reads that carry binary
bodies ask for bytes (`binary=True`): ClickHouse's `String` holds bytes, Arrow's `string` wants UTF-8.
"""

from __future__ import annotations

import math
import re
import threading
from pathlib import Path
from typing import Any, ClassVar, Protocol

import pyarrow as pa

SETTINGS = {"join_use_nulls": 1, "session_timezone": "UTC", "mutations_sync": 2,
            "lightweight_deletes_sync": 2, "allow_experimental_lightweight_delete": 1}
_PLACEHOLDER = re.compile(r"\?")
_ESCAPES = {ord("\\"): "\\\\", ord("'"): "\\'", 0: "\\0", ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def literal(value: Any) -> str:
    """A Python value as a ClickHouse literal (str, bytes, int, float, bool, None, lists and tuples of them)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("nan" if math.isnan(value) else ("inf" if value > 0 else "-inf"))
    if isinstance(value, str):
        return "'" + value.translate(_ESCAPES) + "'"
    if isinstance(value, bytes):
        return "'" + "".join(chr(b).translate(_ESCAPES) if 32 <= b < 127 or b in (9, 10, 13) else f"\\x{b:02x}"
                             for b in value) + "'"
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise TypeError(f"no ClickHouse literal for {type(value).__name__}: {value!r}")


def render(sql: str, params: list[Any] | None) -> str:
    """`sql` with each `?` replaced by the next parameter as a literal; a count mismatch is an error."""
    params = params or []
    if sql.count("?") != len(params):
        raise ValueError(f"query has {sql.count('?')} placeholders for {len(params)} parameters: {sql[:120]!r}")
    values = iter(params)
    return _PLACEHOLDER.sub(lambda _: literal(next(values)), sql) if params else sql


class Connection(Protocol):
    lock: Any

    def rows(self, sql: str, params: list[Any] | None = None, binary: bool = False) -> list[tuple[Any, ...]]: ...

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        """The answer as an Arrow table; with `params` None the text goes as it is (a `?` stays a `?`)."""
        ...

    def command(self, sql: str, params: list[Any] | None = None) -> None: ...

    def insert(self, table: str, data: pa.Table) -> None: ...

    def close(self) -> None: ...


def _tuples(table: pa.Table) -> list[tuple[Any, ...]]:
    columns = [c.to_pylist() for c in table.columns]
    return list(zip(*columns, strict=True)) if columns else []


class ChdbConnection:
    """ClickHouse in this process (`chdb`), its data under one directory; one process owns a directory.

    A chdb session is not safe to use from two threads at once: calls are serialised by a lock.
    """

    _sessions: ClassVar[dict[str, tuple[Any, int]]] = {}
    _guard = threading.Lock()

    def __init__(self, path: str) -> None:
        from chdb import session

        self.path = str(Path(path).resolve())
        Path(self.path).mkdir(parents=True, exist_ok=True)
        with self._guard:
            held = self._sessions.get(self.path)
            if held is None:
                fresh = session.Session(self.path)
                for key, value in SETTINGS.items():
                    fresh.query(f"SET {key} = {literal(value)}", "CSV")
                held = (fresh, 0)
            self._sessions[self.path] = (held[0], held[1] + 1)
        self.session = held[0]
        self.lock = _LOCKS.setdefault(self.path, threading.RLock())
        self.closed = False

    def _query(self, sql: str, fmt: str) -> Any:
        with self.lock:
            return self.session.query(sql, fmt)

    def rows(self, sql: str, params: list[Any] | None = None, binary: bool = False) -> list[tuple[Any, ...]]:
        extra = " SETTINGS output_format_arrow_string_as_string = 0" if binary else ""
        result = self._query(render(sql, params) + extra, "ArrowTable")
        return _tuples(result)

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        result: pa.Table = self._query(sql if params is None else render(sql, params), "ArrowTable")
        return result

    def command(self, sql: str, params: list[Any] | None = None) -> None:
        self._query(render(sql, params), "CSV")

    def insert(self, table: str, data: pa.Table) -> None:
        if data.num_rows == 0:
            return
        columns = ", ".join(f"`{name}`" for name in data.column_names)
        with self.lock:
            arrow_data = data  # chdb's Python() table function finds this local by name
            self.session.query(f"INSERT INTO {table} ({columns}) SELECT * FROM Python(arrow_data)", "CSV")
            del arrow_data

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with self._guard:
            held, count = self._sessions[self.path]
            if count <= 1:
                del self._sessions[self.path]
                held.close()
            else:
                self._sessions[self.path] = (held, count - 1)


_LOCKS: dict[str, threading.RLock] = {}


class ServerConnection:
    """A ClickHouse server over HTTP (`clickhouse-connect`)."""

    def __init__(self, host: str, port: int, database: str, username: str = "default", password: str = "") -> None:
        import clickhouse_connect

        admin = clickhouse_connect.get_client(host=host, port=port, username=username, password=password)
        admin.command(f"CREATE DATABASE IF NOT EXISTS `{database}`")
        admin.close()
        self.client = clickhouse_connect.get_client(host=host, port=port, username=username, password=password,
                                                    database=database, settings=SETTINGS)
        self.lock = threading.RLock()

    def rows(self, sql: str, params: list[Any] | None = None, binary: bool = False) -> list[tuple[Any, ...]]:
        table = self.client.query_arrow(render(sql, params), use_strings=not binary)
        return _tuples(table)

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        return self.client.query_arrow(sql if params is None else render(sql, params), use_strings=True)

    def command(self, sql: str, params: list[Any] | None = None) -> None:
        self.client.command(render(sql, params))

    def insert(self, table: str, data: pa.Table) -> None:
        if data.num_rows:
            self.client.insert_arrow(table, data)

    def close(self) -> None:
        self.client.close()
