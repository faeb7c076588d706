"""`veracity serve`'s two paths: traces whole in one request are checked before the answer, the
others after their quiet period, with the same verdicts; a graceful stop loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from hypothesis import given
from hypothesis import strategies as st

from tests.test_server import Server, _free_port
from tests.traces import PROFILE, genai_run, openinference_run, to_protobuf
from veracity.ingest import Span
from veracity.server.fastpath import whole_traces
from veracity.store import DuckStore

PROTOBUF = {"Content-Type": "application/x-protobuf"}


def _span(sid: str, parent: str | None, trace: str = "t1") -> Span:
    return Span(trace_id=trace, span_id=sid, parent_id=parent, name=sid, start_ns=1, end_ns=2, attributes={}, resource={})


@st.composite
def trees(draw: st.DrawFn) -> list[Span]:
    """One trace as a random tree: span i's parent is one of the spans before it."""
    n = draw(st.integers(1, 12))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, n)]
    return [_span(f"s{i}", None if p is None else f"s{p}") for i, p in enumerate(parents)]


@given(trees(), st.data())
def test_a_trace_is_whole_only_with_its_root_and_every_parent(spans: list[Span], data: st.DataObject) -> None:
    assert whole_traces(spans) == {"t1"}
    assert whole_traces(spans + spans) == {"t1"}  # a span sent twice is still one span
    if len(spans) > 1:
        missing = data.draw(st.integers(0, len(spans) - 2))  # a span with a child after it, or the root
        parents = {s.parent_id for s in spans}
        without = [s for i, s in enumerate(spans) if i != missing]
        assert whole_traces(without) == ({"t1"} if spans[missing].span_id not in parents else set())
    other = _span("x", None, trace="t2")
    assert whole_traces([*spans, other, _span("y", None, trace="t2")]) == {"t1"}  # two roots: not whole


def _verdicts(db: Path) -> dict[str, tuple]:
    store = DuckStore(db, read_only=True)
    try:
        rows = store.query(
            """SELECT v.run_id, v.verdict, round(v.risk, 9), list(f.kind || ':' || coalesce(f.field, '') ORDER BY
                      f.kind, f.field, f.message)
               FROM verdicts v LEFT JOIN findings f USING (run_id) GROUP BY ALL""")
    finally:
        store.close()
    return {r[0]: r[1:] for r in rows}


def test_whole_traces_are_checked_before_the_answer_with_the_verdicts_of_the_span_table_path(tmp_path, otel):
    tracer, exporter = otel
    openinference_run(tracer)
    openinference_run(tracer, output={**PROFILE, "employee_count": 999})  # a value no source supports
    genai_run(tracer, under_handler=True)
    spans = exporter.get_finished_spans()
    with Server(tmp_path / "whole.duckdb", quiet=3600) as s:  # nothing is due while the test runs
        r = httpx.post(f"{s.url}/v1/traces", content=to_protobuf(spans), headers=PROTOBUF)
        assert r.status_code == 200
        assert s.worker.call(lambda store: store.query("SELECT count(*) FROM verdicts")[0][0]) == 3  # before the quiet period
        assert s.worker.whole_traces == 3
    with Server(tmp_path / "split.duckdb", quiet=0.2) as s:  # one span a request: every trace waits in the span table
        for span in spans:
            assert httpx.post(f"{s.url}/v1/traces", content=to_protobuf([span]), headers=PROTOBUF).status_code == 200
        s.wait_checked(3)
        assert s.worker.whole_traces == 0
    whole, split = _verdicts(tmp_path / "whole.duckdb"), _verdicts(tmp_path / "split.duckdb")
    assert len(whole) == 3 and whole == split
    assert any("unsupported_value:employee_count" in str(v) or "contradicted_value:employee_count" in str(v)
               for v in whole.values())


def test_a_late_span_of_a_trace_checked_at_once_brings_a_recheck_from_all_its_spans(tmp_path, otel):
    tracer, exporter = otel
    openinference_run(tracer)
    spans = list(exporter.get_finished_spans())
    root = next(s for s in spans if s.parent is None)
    late = [s for s in spans if s.parent is not None][:1]
    early = [s for s in spans if s not in late]
    with Server(tmp_path / "v.duckdb", quiet=0.2) as s:
        assert httpx.post(f"{s.url}/v1/traces", content=to_protobuf(early), headers=PROTOBUF).status_code == 200
        steps_before = s.worker.call(lambda store: store.query("SELECT n_steps FROM runs")[0][0])
        assert s.worker.whole_traces == 1
        assert httpx.post(f"{s.url}/v1/traces", content=to_protobuf(late), headers=PROTOBUF).status_code == 200
        s.wait_checked(2)
        steps_after = s.worker.call(lambda store: store.query("SELECT n_steps FROM runs")[0][0])
    assert root.context.trace_id and steps_after == steps_before + 1


def _serve(db: Path, port: int, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "veracity.cli.main", "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def test_sigterm_stops_gracefully_and_every_acknowledged_run_is_stored_and_checked(tmp_path, otel):
    """Send whole traces (checked at once, in 2 worker processes) and split ones (waiting for an hour's
    quiet period), stop with SIGTERM, reopen the store: every acknowledged run is there, checked."""
    tracer, exporter = otel
    for i in range(70):  # one batch past `parallel.MIN_RUNS`: the worker processes check it
        openinference_run(tracer, output={**PROFILE, "employee_count": 200 + i})
    whole = to_protobuf(exporter.get_finished_spans())
    exporter.clear()
    for _ in range(3):
        genai_run(tracer)
    split = [to_protobuf([s]) for s in exporter.get_finished_spans()]
    db, port = tmp_path / "v.duckdb", _free_port()
    server = _serve(db, port, "--quiet-period", "3600", "--workers", "2")
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                httpx.get(f"{url}/healthz")
                break
            except httpx.HTTPError:
                assert time.time() < deadline and server.poll() is None, "serve did not start"
                time.sleep(0.1)
        assert httpx.post(f"{url}/v1/traces", content=whole, headers=PROTOBUF, timeout=120).status_code == 200
        for body in split:
            assert httpx.post(f"{url}/v1/traces", content=body, headers=PROTOBUF, timeout=60).status_code == 200
        server.send_signal(signal.SIGTERM)
        code = server.wait(300)
        said = server.stderr.read().decode() if server.stderr else ""
        assert code in (0, -signal.SIGTERM) and "Traceback" not in said, said  # uvicorn re-raises the signal it stopped on
    finally:
        if server.poll() is None:
            server.kill()
    store = DuckStore(db, read_only=True)
    try:
        assert store.query("SELECT count(*) FROM runs")[0][0] == 73
        assert store.query("SELECT count(*) FROM verdicts")[0][0] == 73
        assert store.query("SELECT count(*) FROM traces WHERE checked_ns IS NULL")[0][0] == 0
    finally:
        store.close()
