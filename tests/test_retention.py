"""Retention over a real DuckDB file: raw evidence goes, verdicts, findings and labels stay."""

from __future__ import annotations

from pathlib import Path

from veracity.config import parse_config
from veracity.ingest import read_paths
from veracity.model import Label
from veracity.pipeline import read_runs, store_runs
from veracity.recheck import recheck
from veracity.retention import DAY_NS, compact, file_size, prune, pruned_ids, size_per_day
from veracity.store.duck import DuckStore
from veracity.workload import generate

SECRET = b"retention-secret"


def _stored(tmp_path: Path, n: int = 50) -> tuple[DuckStore, list]:  # type: ignore[type-arg]
    generate(n, tmp_path / "world", seed=9)
    runs, _ = read_runs([str(tmp_path / "world" / "traces")])
    spans = [s for f in read_paths([str(tmp_path / "world" / "traces")]) if f.decoded for s in f.decoded.spans]
    store = DuckStore(tmp_path / "store.duckdb")
    store.write_spans(spans, received_ns=min(s.start_ns for s in spans))
    store_runs(runs, store, parse_config({}, tmp_path))
    store.write_labels([Label(run_id=r.run_id, correct=True, source="fixture") for r in runs[::3]])
    return store, runs


def _kept(store: DuckStore) -> tuple:  # type: ignore[type-arg]
    return store.query("""SELECT (SELECT count(*) FROM verdicts), (SELECT count(*) FROM findings),
                          (SELECT count(*) FROM labels), (SELECT count(*) FROM runs)""")[0]


def test_prune_keeps_verdicts_and_labels_and_drops_raw_text(tmp_path: Path) -> None:
    store, runs = _stored(tmp_path)
    kept = _kept(store)
    verdicts = store.query("SELECT * FROM verdicts ORDER BY run_id")
    raw = next(r for r in runs if any(s.kind == "tool_result" for s in r.sources))
    sample = next(s.content for s in raw.sources if s.kind == "tool_result")
    store._exec("CHECKPOINT")
    size_before = file_size(tmp_path / "store.duckdb")
    body_bytes = store.query("SELECT sum(octet_length(body)) FROM runs")[0][0]
    result = prune(store, retention_days=0, secret=SECRET)
    assert result.runs == len(runs) and result.spans > 0
    assert _kept(store) == kept
    assert store.query("SELECT * FROM verdicts ORDER BY run_id") == verdicts
    assert store.query("SELECT count(*) FROM spans")[0][0] == 0
    stripped = store.get_run(raw.run_id)
    assert stripped is not None and stripped.output == raw.output
    assert all(s.content.startswith('{"veracity.fingerprints') for s in stripped.sources if s.kind != "input")
    assert sample not in str(stripped)
    assert all(s.args is None for s in stripped.steps if s.kind == "llm")
    assert store.query("SELECT sum(octet_length(body)) FROM runs")[0][0] < body_bytes
    assert pruned_ids(store) == {r.run_id for r in runs}
    assert prune(store, retention_days=0, secret=SECRET).runs == 0  # once only
    # a re-check leaves pruned runs alone
    changed = parse_config({"fields": {"revenue": {"materiality": "info"}}}, tmp_path)
    again = recheck(store, changed)
    assert again.checked == 0 and again.skipped_pruned == len(runs)
    store.close()
    _, after = compact(tmp_path / "store.duckdb")
    assert after <= size_before  # block-granular: a small store may not shrink; bench/coverage.py measures a big one
    store = DuckStore(tmp_path / "store.duckdb")
    assert _kept(store) == kept
    store.close()


def test_recent_runs_are_kept_and_local_key_without_secret(tmp_path: Path) -> None:
    store, runs = _stored(tmp_path, 20)
    oldest = min(r.started_at for r in runs)
    result = prune(store, retention_days=30, now_ns=oldest + 29 * DAY_NS)
    assert result.runs == 0 and result.spans == 0
    result = prune(store, retention_days=1, now_ns=max(r.started_at for r in runs) + 2 * DAY_NS)
    assert result.runs == len(runs) and result.key == "store"
    assert store.load_state("retention_key")
    store.close()


def test_size_per_day(tmp_path: Path) -> None:
    store, runs = _stored(tmp_path, 30)
    days = size_per_day(store)
    assert sum(d["runs"] for d in days) == len(runs)
    assert all(d["run_bytes"] > 0 for d in days if d["runs"])
    assert sum(d["span_bytes"] for d in days) > 0
    assert file_size(tmp_path / "store.duckdb") > 0
    store.close()
