"""The OTLP/HTTP receiver on 127.0.0.1: the real OTLP exporter, JSON, gzip, errors, push-back."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
import uvicorn
from google.rpc.status_pb2 import Status
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

from tests.traces import genai_run, openinference_run, to_json, to_protobuf
from veracity.config import Config
from veracity.server.run import build
from veracity.store import DuckStore


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, quiet: float = 0.3, config: Config | None = None):
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app, self.worker = build(str(db), config or Config(), quiet_period=quiet)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started:
            assert time.time() < deadline, "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)

    def wait_checked(self, n: int, timeout: float = 10) -> None:
        deadline = time.time() + timeout
        while self.worker.checked_runs < n:
            assert time.time() < deadline, f"only {self.worker.checked_runs} of {n} runs checked"
            time.sleep(0.05)


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    with Server(tmp_path / "v.duckdb") as s:
        yield s


def test_real_otlp_exporter_end_to_end_into_duckdb(server):
    provider = TracerProvider(resource=Resource.create({"service.name": "enricher"}))
    exporter = OTLPSpanExporter(endpoint=f"{server.url}/v1/traces", compression=Compression.Gzip)
    provider.add_span_processor(SimpleSpanProcessor(exporter))  # one export per span: a trace in many batches
    tracer = provider.get_tracer("t")
    openinference_run(tracer, pair_key="p")
    genai_run(tracer, pair_key="p", under_handler=True)
    provider.shutdown()
    server.wait_checked(2)
    report = httpx.get(f"{server.url}/api/report").json()
    assert report["runs"] == 2
    runs = httpx.get(f"{server.url}/api/runs").json()
    detail = httpx.get(f"{server.url}/api/runs/{runs[0]['run_id']}").json()
    assert detail["verdict"]["verdict"] in ("verified", "suspect", "failed", "unverifiable")
    assert len(detail["run"]["steps"]) in (3, 4)
    server.__exit__()
    store = DuckStore(server.db, read_only=True)
    assert store.query("SELECT count(*) FROM runs")[0][0] == 2
    assert store.query("SELECT count(*) FROM spans")[0][0] == 8
    store.close()


def test_json_and_protobuf_responses(server, otel):
    tracer, exporter = otel
    openinference_run(tracer)
    spans = exporter.get_finished_spans()
    r = httpx.post(f"{server.url}/v1/traces", content=orjson.dumps(to_json(spans)),
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json" and r.json() == {}
    r = httpx.post(f"{server.url}/v1/traces", content=gzip.compress(to_protobuf(spans)),
                   headers={"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"})
    assert r.status_code == 200
    assert not ExportTraceServiceResponse.FromString(r.content).HasField("partial_success")


def test_unreadable_payload_is_400_with_reason_and_kept(server, tmp_path):
    r = httpx.post(f"{server.url}/v1/traces", content=b"\x0a\xff\xff\xff",
                   headers={"Content-Type": "application/x-protobuf"})
    assert r.status_code == 400
    status = Status.FromString(r.content)
    assert "truncated or invalid OTLP protobuf" in status.message
    kept = list((tmp_path / "v.duckdb.deadletter").glob("*.bin"))
    assert [k.read_bytes() for k in kept] == [b"\x0a\xff\xff\xff"]
    r = httpx.post(f"{server.url}/v1/traces", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "invalid JSON" in r.json()["message"]


def test_partial_success_names_rejected_spans(server, otel):
    tracer, exporter = otel
    genai_run(tracer)
    doc = to_json(exporter.get_finished_spans())
    doc["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["spanId"] = "bad"
    doc["resourceSpans"][0]["scopeSpans"][0]["spans"][1]["attributes"].append(
        {"key": "broken", "value": {"boolValue": "yes"}})
    r = httpx.post(f"{server.url}/v1/traces", content=orjson.dumps(doc), headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    partial = r.json()["partialSuccess"]
    assert partial["rejectedSpans"] == "1"
    assert "neither hex nor base64" in partial["errorMessage"] and "'broken' malformed" in partial["errorMessage"]
    server.wait_checked(1)


def test_pushes_back_with_503_when_the_store_cannot_keep_up(server, otel):
    tracer, exporter = otel
    openinference_run(tracer)
    body = to_protobuf(exporter.get_finished_spans())
    release, started = threading.Event(), threading.Event()
    server.worker.submit(lambda store: (started.set(), release.wait(10)))
    assert started.wait(5)
    while True:  # fill the bounded queue
        try:
            server.worker.submit(lambda store: None)
        except Exception:
            break
    r = httpx.post(f"{server.url}/v1/traces", content=body, headers={"Content-Type": "application/x-protobuf"})
    release.set()
    assert r.status_code == 503 and int(r.headers["Retry-After"]) > 0
    r = httpx.post(f"{server.url}/v1/traces", content=body, headers={"Content-Type": "application/x-protobuf"})
    assert r.status_code == 200


def test_graceful_stop_checks_what_it_acknowledged(tmp_path, otel):
    tracer, exporter = otel
    openinference_run(tracer)
    with Server(tmp_path / "v.duckdb", quiet=3600) as s:
        r = httpx.post(f"{s.url}/v1/traces", content=to_protobuf(exporter.get_finished_spans()),
                       headers={"Content-Type": "application/x-protobuf"})
        assert r.status_code == 200
    store = DuckStore(tmp_path / "v.duckdb", read_only=True)
    assert store.query("SELECT count(*) FROM verdicts")[0][0] == 1
    store.close()


def test_review_queue_through_the_server(server, otel):
    from tests.test_cli import run

    tracer, exporter = otel
    for _ in range(5):
        openinference_run(tracer)
    r = httpx.post(f"{server.url}/v1/traces", content=to_protobuf(exporter.get_finished_spans()),
                   headers={"Content-Type": "application/x-protobuf"})
    assert r.status_code == 200
    server.wait_checked(5)
    assert httpx.get(f"{server.url}/api/review").json()["draws"] == 0
    p = run("review", "next", "--budget", "3", "--week", "--json", "--server", server.url)
    assert p.returncode == 0, p.stderr
    drawn = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    assert all(0 < row["pi"] <= 1 for row in drawn)
    assert httpx.get(f"{server.url}/api/review").json()["draws"] == 1
