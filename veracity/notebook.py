"""`veracity.open(store_url)`: the stored runs, findings, verdicts, labels and alerts as Arrow tables.

For notebooks. Every table has the stable export schema (`docs/export.md`); `.to_pandas()` gives a
pandas DataFrame when pandas is installed, `polars.from_arrow(table)` a polars one.

>>> import tempfile, veracity
>>> with veracity.open(tempfile.mkdtemp() + "/v.duckdb", read_only=False) as v:
...     v.runs().num_rows, v.sql("select count(*) AS n from findings").to_pylist()
(0, [{'n': 0}])
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from veracity.store.base import RunFilter, Store

if TYPE_CHECKING:
    import pyarrow as pa


def _filter(since: str | None, agent: str | None, model: str | None, verdict: str | None) -> RunFilter:
    from veracity.timespec import parse_since

    return RunFilter(agent=agent, model=model, verdict=verdict, since_ns=parse_since(since) if since else None)


class Veracity:
    """An open store, read through its named export operations (never SQL except `sql`)."""

    def __init__(self, store: Store):
        self.store = store

    def table(self, what: str, since: str | None = None, agent: str | None = None, model: str | None = None,
              verdict: str | None = None) -> pa.Table:
        """One table; `since` (ISO date or time, or a span back such as 7d), agent, model and verdict
        keep only the rows of runs that match (for alerts, `since` applies to when they opened)."""
        import pyarrow as pa

        from veracity.store.export_schema import schema

        where = _filter(since, agent, model, verdict)
        return pa.Table.from_batches(list(self.store.export_batches(what, where)), schema=schema(what))

    def runs(self, **where: str | None) -> pa.Table:
        return self.table("runs", **where)

    def findings(self, **where: str | None) -> pa.Table:
        return self.table("findings", **where)

    def verdicts(self, **where: str | None) -> pa.Table:
        return self.table("verdicts", **where)

    def labels(self, **where: str | None) -> pa.Table:
        return self.table("labels", **where)

    def alerts(self, since: str | None = None) -> pa.Table:
        return self.table("alerts", since=since)

    def sql(self, text: str, max_rows: int | None = None) -> pa.Table:
        """One SELECT over the views `runs`, `findings`, `verdicts`, `labels`, `alerts`."""
        return self.store.sql_readonly(text, max_rows)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Veracity:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def open(store_url: str | None = None, read_only: bool = True) -> Veracity:
    """The store at `store_url` (a path or `duckdb:///path`; else $VERACITY_DB), read-only by default."""
    from veracity.store import open_store

    return Veracity(open_store(store_url, read_only=read_only))
