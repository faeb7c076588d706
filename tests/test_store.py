"""The DuckDB store on a real file: idempotent writes, spans, labels, learned state."""

from __future__ import annotations

import time

from tests.traces import genai_run, openinference_run, to_protobuf
from veracity.config import Config
from veracity.ingest import assemble, decode
from veracity.model import Label
from veracity.pipeline import check_due, store_runs
from veracity.store import DuckStore


def _runs(otel, n=3):
    tracer, exporter = otel
    for _ in range(n):
        openinference_run(tracer)
    genai_run(tracer)
    spans = decode(to_protobuf(exporter.get_finished_spans())).spans
    return spans, assemble(spans)


def test_writing_the_same_runs_twice_duplicates_nothing(otel, tmp_path):
    _, runs = _runs(otel)
    store = DuckStore(tmp_path / "v.duckdb")
    store_runs(runs, store, Config())
    store_runs(runs, store, Config())
    store_runs(runs + runs, store, Config())
    counts = [store.query(f"SELECT count(*) FROM {t}")[0][0] for t in ("runs", "verdicts", "steps")]
    assert counts == [4, 4, sum(len(r.steps) for r in runs)]
    store.close()
    reopened = DuckStore(tmp_path / "v.duckdb", read_only=True)
    assert reopened.get_run(runs[0].run_id) == runs[0]
    assert reopened.get_verdict(runs[0].run_id).verdict in ("verified", "suspect", "failed", "unverifiable")
    assert [r.run_id for batch in reopened.iter_runs() for r in batch] == sorted(
        (r.run_id for r in runs), key=lambda i: next(r.started_at for r in runs if r.run_id == i))
    reopened.close()


def test_spans_become_runs_once_the_trace_is_quiet(otel, tmp_path):
    spans, runs = _runs(otel)
    store = DuckStore(tmp_path / "v.duckdb")
    now = time.time_ns()
    assert store.write_spans(spans[:5], now) == 5
    assert store.write_spans(spans, now + 1) == len(spans)
    # spans are appended (no key: DuckDB keeps keys in memory); the trace reads each span once
    assert store.query("SELECT count(DISTINCT (trace_id, span_id)) FROM spans")[0][0] == len(spans)
    assert len(store.trace_spans(sorted({s.trace_id for s in spans}))) == len(spans)
    assert check_due(store, Config(quiet_period=5), now_ns=now + 1) == []
    verdicts = check_due(store, Config(quiet_period=5), now_ns=now + 6 * 10**9)
    assert sorted(v.run_id for v in verdicts) == sorted(r.run_id for r in runs)
    assert check_due(store, Config(quiet_period=5), now_ns=now + 7 * 10**9) == []
    # A late span re-checks its run and replaces the verdict.
    store.write_spans(spans[:1], now + 8 * 10**9)
    again = check_due(store, Config(quiet_period=5), now_ns=now + 14 * 10**9)
    assert len(again) == 1
    assert store.query("SELECT count(*) FROM verdicts")[0][0] == len(runs)
    store.close()


def test_labels_for_unknown_runs_are_reported_and_later_labels_replace(otel, tmp_path):
    _, runs = _runs(otel)
    store = DuckStore(tmp_path / "v.duckdb")
    store_runs(runs, store, Config())
    rid = runs[0].run_id
    stored, unknown = store.write_labels([Label(run_id=rid, correct=True), Label(run_id="nope", correct=False)])
    assert (stored, unknown) == (1, ["nope"])
    store.write_labels([Label(run_id=rid, correct=False, wrong_fields=["revenue"])])
    store.write_labels([Label(run_id=rid, correct=True, source="correction")])
    rows = store.query("SELECT source, correct, wrong_fields FROM labels ORDER BY source")
    assert rows == [("correction", True, "[]"), ("review", False, '["revenue"]')]
    store.close()


def test_learned_state_persists(tmp_path):
    store = DuckStore(tmp_path / "v.duckdb")
    store.save_state("learned", {"a": 1})
    store.close()
    assert DuckStore(tmp_path / "v.duckdb").load_state("learned") == {"a": 1}
