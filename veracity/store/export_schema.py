"""The stable schema of every exported table (`veracity export`, `veracity.open(...)`, `veracity sql` views).

One Arrow schema per table, shared by every engine: an engine's `export_batches` yields record
batches of exactly this schema, and `docs/export.md` documents each column (a test keeps the two
equal). Columns holding JSON (`input`, `output`, `evidence`, ...) are strings of JSON text so that
CSV, JSON lines and Parquet carry the same values. Times are UTC timestamps in nanoseconds.
"""

from __future__ import annotations

from typing import Literal

import pyarrow as pa

ExportKind = Literal["runs", "findings", "verdicts", "labels", "alerts"]
TS = pa.timestamp("ns", tz="UTC")

SCHEMAS: dict[str, pa.Schema] = {
    "runs": pa.schema([
        ("run_id", pa.string()), ("trace_id", pa.string()), ("project", pa.string()), ("agent", pa.string()),
        ("agent_version", pa.string()), ("model", pa.string()), ("prompt_version", pa.string()),
        ("pair_key", pa.string()), ("reported_status", pa.string()), ("started_at", TS), ("ended_at", TS),
        ("n_steps", pa.int32()), ("input", pa.string()), ("output", pa.string()), ("stored_at", TS),
    ]),
    "verdicts": pa.schema([
        ("run_id", pa.string()), ("verdict", pa.string()), ("risk", pa.float64()),
        ("checker_version", pa.string()), ("n_findings", pa.int32()), ("checked_at", TS),
    ]),
    "findings": pa.schema([
        ("run_id", pa.string()), ("check", pa.string()), ("kind", pa.string()), ("severity", pa.string()),
        ("field", pa.string()), ("message", pa.string()), ("origin_step", pa.string()),
        ("evidence", pa.string()), ("score", pa.float64()), ("checker_version", pa.string()),
    ]),
    "labels": pa.schema([
        ("run_id", pa.string()), ("source", pa.string()), ("correct", pa.bool_()),
        ("wrong_fields", pa.string()), ("corrections", pa.string()), ("note", pa.string()),
        ("created_at", TS),
    ]),
    "alerts": pa.schema([
        ("alert_id", pa.string()), ("cohort", pa.string()), ("metric", pa.string()), ("status", pa.string()),
        ("before", pa.float64()), ("after", pa.float64()), ("alert_at", pa.string()), ("detail", pa.string()),
        ("opened_at", TS), ("updated_at", TS), ("resolved_at", TS), ("times_seen", pa.int32()),
    ]),
}
KINDS: tuple[str, ...] = tuple(SCHEMAS)


def schema(what: str) -> pa.Schema:
    """The schema of one exported table; an unknown name is an error naming the known ones."""
    if what not in SCHEMAS:
        raise ValueError(f"cannot export {what!r}: choose one of {', '.join(KINDS)}")
    return SCHEMAS[what]

#: The alert delivery log's columns, in both engines' order.
DELIVERY_COLUMNS = ("alert_id", "destination", "transition", "episode_ns", "status", "attempts", "first_ns",
                    "last_ns", "next_ns", "delivered_ns", "last_error")
