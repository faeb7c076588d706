"""Retention: raw tool results and documents go after `retention_days`; what was learned from them stays.

`prune` rewrites the stored body of every run older than the cut-off: each source's text becomes
the fingerprints of those of its typed facts that bear on the run's output (`veracity.fingerprints`, keyed with the project's secret, or
with a store-local key when none is set), tool and retriever step results (the same text) become a marker, and model
prompts (which repeat the tool results) are dropped; the run's input and output, its steps'
names, timings and statuses, and every verdict, finding and label are kept. Raw spans older than
the cut-off are deleted. Pruned runs are listed in the `pruned` table, so a re-check leaves their
verdicts (made on the raw evidence) alone.

Freeing the space: the store's `checkpoint` lets the engine reuse deleted rows' space; `compact`
(DuckDB: a copy into a fresh file, swapped in) gives it back to the disk.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from veracity.evidence import build_evidence, keep_relevant
from veracity.model import Run
from veracity.store import compact, store_size
from veracity.store.base import Store

DAY_NS = 86_400 * 10**9
LOCAL_KEY_STATE = "retention_key"
#: A pruned tool step's result: recorded once, now kept only as its source's fingerprints.
PRUNED_RESULT = '{"veracity.pruned":1}'


@dataclass
class PruneResult:
    runs: int = 0
    spans: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    key: str = "project"

    def to_json(self) -> dict[str, Any]:
        return {"runs_pruned": self.runs, "spans_deleted": self.spans, "bytes_before": self.bytes_before,
                "bytes_after": self.bytes_after, "freed": self.bytes_before - self.bytes_after, "key": self.key}


def file_size(path: str | Path) -> int:
    """The store's size on disk: the database file and its write-ahead log."""
    return store_size(path)


def _local_key(store: Store) -> bytes:
    state = store.load_state(LOCAL_KEY_STATE)
    if state and state.get("key"):
        return bytes.fromhex(state["key"])
    key = secrets.token_bytes(32)
    store.save_state(LOCAL_KEY_STATE, {"key": key.hex()})
    return key


def strip_run(run: Run, secret: bytes) -> Run:
    """The run as kept after retention: the fingerprints of the facts that bear on its output, no raw
    tool text, no prompts (a source's other facts can no longer matter: the output will not change)."""
    normals = [v.normal for v in build_evidence(run).grounding.values if v.normal is not None]
    sources = []
    for s in run.sources:
        if s.kind != "input":
            s = msgspec.structs.replace(s, content=keep_relevant(s.content, normals, secret))
        sources.append(s)
    steps = []
    for step in run.steps:
        if step.kind in ("tool", "retriever") and step.result not in (None, ""):
            step = msgspec.structs.replace(step, result=PRUNED_RESULT)
        if step.kind == "llm" and step.args is not None:
            step = msgspec.structs.replace(step, args=None)
        steps.append(step)
    return msgspec.structs.replace(run, sources=sources, steps=steps)


def prune(
    store: Store,
    retention_days: int,
    secret: bytes | None = None,
    now_ns: int | None = None,
    batch: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> PruneResult:
    """Strip raw evidence from runs that started before the cut-off, delete older spans, checkpoint."""
    now = now_ns if now_ns is not None else time.time_ns()
    cutoff = now - retention_days * DAY_NS
    result = PruneResult(bytes_before=file_size(store.path))
    key = secret
    if key is None:
        key, result.key = _local_key(store), "store"
    ids = store.runs_to_prune(cutoff)
    for start in range(0, len(ids), batch):
        runs = store.get_runs(ids[start : start + batch])
        store.replace_pruned([strip_run(run, key) for run in runs], now, result.key)
        result.runs += len(runs)
        if progress:
            progress(result.runs, len(ids))
    result.spans = store.delete_spans_before(cutoff)
    store.checkpoint()
    result.bytes_after = file_size(store.path)
    return result


def pruned_ids(store: Store) -> set[str]:
    """Runs whose raw evidence is gone (a re-check leaves them alone)."""
    return store.pruned_ids()


def size_per_day(store: Store, since_ns: int | None = None) -> list[dict[str, Any]]:
    """Per day (UTC, by run start): runs, bytes of run bodies and of raw spans, for `veracity report`."""
    return store.storage_per_day(since_ns)


__all__ = ["DAY_NS", "PRUNED_RESULT", "PruneResult", "compact", "file_size", "prune", "pruned_ids", "size_per_day",
           "strip_run"]
