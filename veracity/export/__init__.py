"""`veracity export`: one stored table to Parquet, CSV or JSON lines, streamed batch by batch.

The store yields record batches of the table's stable schema (`veracity.store.export_schema`,
documented in `docs/export.md`); each batch goes straight to a pyarrow writer, so memory holds one
batch whatever the store's size. The file is written beside its destination and renamed into
place only when complete, so an interrupted export never leaves half a file under the name asked for.

>>> sorted(FORMATS)
['csv', 'jsonl', 'parquet']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from veracity.store.base import RunFilter, Store
from veracity.store.export_schema import schema

FORMATS = ("parquet", "csv", "jsonl")
DEFAULT_BATCH = 10_000


def plain_rows(data: pa.RecordBatch | pa.Table) -> list[dict[str, Any]]:
    """Rows as dicts of plain values; timestamps as the ISO text CSV writes, nanoseconds kept
    (Python's datetime holds only microseconds)."""
    columns: dict[str, Any] = {}
    for name, column in zip(data.schema.names, data.columns, strict=True):
        if pa.types.is_timestamp(column.type) or pa.types.is_time(column.type) or pa.types.is_duration(column.type):
            column = column.cast(pa.string())
        columns[name] = column.to_pylist()
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _jsonl_batch(batch: pa.RecordBatch, out: IO[bytes]) -> None:
    """One JSON object per row (`plain_rows`)."""
    for row in plain_rows(batch):
        out.write(orjson.dumps(row, default=str) + b"\n")


def write_batches(batches: Iterable[pa.RecordBatch], target: pa.Schema, fmt: str, path: Path) -> int:
    """Write record batches of `target` to `path` in `fmt`; returns the rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    rows = 0
    if fmt == "parquet":
        with pq.ParquetWriter(path, target, compression="zstd") as writer:
            for batch in batches:
                writer.write_batch(batch)
                rows += batch.num_rows
    elif fmt == "csv":
        with pacsv.CSVWriter(path, target) as writer:
            for batch in batches:
                writer.write_batch(batch)
                rows += batch.num_rows
    else:
        with path.open("wb") as out:
            for batch in batches:
                _jsonl_batch(batch, out)
                rows += batch.num_rows
    return rows


def export(store: Store, what: str, out: str | Path, fmt: str | None = None, where: RunFilter | None = None,
           batch: int = DEFAULT_BATCH) -> int:
    """Export one table (`runs`, `findings`, `verdicts`, `labels`, `alerts`) to `out`; returns the rows.

    `fmt` defaults to the file's suffix (`.parquet`, `.csv`, `.jsonl`).
    """
    target = schema(what)
    path = Path(out)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"{path}: say --format {'|'.join(FORMATS)} (the suffix {path.suffix!r} names none)")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        rows = write_batches(store.export_batches(what, where, batch), target, fmt, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return rows


__all__ = ["FORMATS", "export", "plain_rows", "write_batches"]
