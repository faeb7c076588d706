"""Retention: raw tool results and documents go after `retention_days`; what was learned from them stays.

`prune` rewrites the stored body of every run older than the cut-off: each source's text becomes
the fingerprints of those of its typed facts that bear on the run's output (`veracity.fingerprints`, keyed with the project's secret, or
with a store-local key when none is set), tool and retriever step results (the same text) become a marker, and model
prompts (which repeat the tool results) are dropped; the run's input and output, its steps'
names, timings and statuses, and every verdict, finding and label are kept. Raw spans older than
the cut-off are deleted. Pruned runs are listed in the `pruned` table, so a re-check leaves their
verdicts (made on the raw evidence) alone.

Freeing the space: in DuckDB `VACUUM` reclaims nothing; `CHECKPOINT` vacuums deleted rows and
lets their blocks be reused (the file shrinks only when the free blocks are at its end); a copy
(`COPY FROM DATABASE` into a fresh file) compacts it. `compact` does that copy and swaps the files.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import msgspec
import pyarrow as pa

from veracity.evidence import build_evidence, keep_relevant
from veracity.model import Run
from veracity.store.duck import DuckStore, pack_run, unpack_run

DAY_NS = 86_400 * 10**9
PRUNED_SCHEMA = "CREATE TABLE IF NOT EXISTS pruned (run_id VARCHAR PRIMARY KEY, pruned_ns BIGINT, key VARCHAR)"
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
    total = 0
    for p in (Path(path), Path(f"{path}.wal")):
        if p.exists():
            total += p.stat().st_size
    return total


def _local_key(store: DuckStore) -> bytes:
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
    store: DuckStore,
    retention_days: int,
    secret: bytes | None = None,
    now_ns: int | None = None,
    batch: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> PruneResult:
    """Strip raw evidence from runs that started before the cut-off, delete older spans, checkpoint."""
    store._exec(PRUNED_SCHEMA)
    now = now_ns if now_ns is not None else time.time_ns()
    cutoff = now - retention_days * DAY_NS
    result = PruneResult(bytes_before=file_size(store.path) if store.path != ":memory:" else 0)
    key = secret
    if key is None:
        key, result.key = _local_key(store), "store"
    ids = [r[0] for r in store.query(
        "SELECT run_id FROM runs WHERE started_ns < ? AND run_id NOT IN (SELECT run_id FROM pruned) ORDER BY run_id",
        [cutoff])]
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        rows = store.query("SELECT run_id, body FROM runs WHERE run_id IN (SELECT unnest(?))", [chunk])
        bodies = pa.table({
            "run_id": [r[0] for r in rows],
            "body": pa.array([pack_run(strip_run(unpack_run(r[1]), key)) for r in rows], pa.binary()),
        })
        store.db.register("p_bodies", bodies)
        try:
            store._exec("BEGIN")
            store._exec("UPDATE runs SET body = p_bodies.body FROM p_bodies WHERE runs.run_id = p_bodies.run_id")
            store._exec("INSERT OR REPLACE INTO pruned SELECT run_id, ?, ? FROM p_bodies", [now, result.key])
            store._exec("COMMIT")
        except Exception:
            store._exec("ROLLBACK")
            raise
        finally:
            store.db.unregister("p_bodies")
        result.runs += len(rows)
        if progress:
            progress(result.runs, len(ids))
    result.spans = store.query("SELECT count(*) FROM spans WHERE received_ns < ?", [cutoff])[0][0]
    store._exec("DELETE FROM spans WHERE received_ns < ?", [cutoff])
    store._exec("CHECKPOINT")
    result.bytes_after = file_size(store.path) if store.path != ":memory:" else 0
    return result


def compact(path: str | Path) -> tuple[int, int]:
    """Copy the (closed) store into a fresh file and swap it in: the only way DuckDB's file shrinks."""
    path = Path(path)
    before = file_size(path)
    fresh = path.with_name(path.name + ".compact")
    for p in (fresh, Path(f"{fresh}.wal")):
        p.unlink(missing_ok=True)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{path}' AS old_db")
        con.execute(f"ATTACH '{fresh}' AS new_db")
        con.execute("COPY FROM DATABASE old_db TO new_db")
        con.execute("DETACH old_db")
        con.execute("DETACH new_db")
    finally:
        con.close()
    os.replace(fresh, path)
    Path(f"{path}.wal").unlink(missing_ok=True)
    return before, file_size(path)


def pruned_ids(store: DuckStore) -> set[str]:
    """Runs whose raw evidence is gone (a re-check leaves them alone)."""
    if not store.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'pruned'"):
        return set()
    return {r[0] for r in store.query("SELECT run_id FROM pruned")}


def size_per_day(store: DuckStore, since_ns: int | None = None) -> list[dict[str, Any]]:
    """Per day (UTC, by run start): runs, bytes of run bodies and of raw spans, for `veracity report`."""
    since = since_ns or 0
    runs = store.query(
        """SELECT CAST(to_timestamp(started_ns / 1e9) AS DATE) AS day, count(*), sum(octet_length(body))
           FROM runs WHERE started_ns >= ? GROUP BY 1 ORDER BY 1""", [since])
    spans = dict(store.query(
        """SELECT CAST(to_timestamp(received_ns / 1e9) AS DATE) AS day, sum(octet_length(body))
           FROM spans WHERE received_ns >= ? GROUP BY 1""", [since]))
    days = {str(d): {"day": str(d), "runs": n, "run_bytes": int(b or 0), "span_bytes": int(spans.get(d) or 0)}
            for d, n, b in runs}
    for d, b in spans.items():
        days.setdefault(str(d), {"day": str(d), "runs": 0, "run_bytes": 0, "span_bytes": int(b or 0)})
    return [days[k] for k in sorted(days)]
