"""Scale-out against a real Kafka broker: a worker SIGKILLed mid-stream, the Collector's message
format, and Kafka stopped and restarted under load. The broker test runs last (it stops the broker)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from veracity.config import Config
from veracity.queue.url import parse_kafka_url
from veracity.queue.worker import Worker
from veracity.queue.writer import Writer
from veracity.store import open_store

from ..traces import openinference_run, recording, to_protobuf
from .conftest import Broker
from .helpers import CLI, check_verdicts, generate, post, read_store, wait_drained

RUNS = 90
#: Findings that come from another run (a pair partner, an earlier duplicate record).
CROSS_RUN = {"divergent_field", "duplicate_record"}


def _start_cluster(queue: str, store: str, workers: int) -> tuple[subprocess.Popen[str], list[dict[str, Any]]]:
    proc = subprocess.Popen([*CLI, "cluster", "--workers", str(workers), "--queue", queue, "--store", store,
                             "--quiet-period", "1"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines = [json.loads(proc.stdout.readline()) for _ in range(workers + 2)]
    return proc, lines


def test_three_workers_one_killed_store_every_run_once_with_check_verdicts(broker: Broker, tmp_path: Path) -> None:
    traces = generate(tmp_path / "world", RUNS)
    bodies = traces.read_bytes().splitlines()
    queue, store = f"kafka://{broker.bootstrap}/kill", f"chdb://{tmp_path}/store"
    proc, procs = _start_cluster(queue, store, 3)
    try:
        assert [p["role"] for p in procs] == ["gateway", "worker", "worker", "worker", "writer"]
        address = procs[0]["address"]
        with httpx.Client() as client:
            for body in bodies[: RUNS // 2]:
                post(client, address, body)
            os.kill(procs[1]["pid"], signal.SIGKILL)  # mid-stream: it holds open traces and uncommitted offsets
            for body in bodies[RUNS // 2 :]:
                post(client, address, body)
        wait_drained(broker.bootstrap, "kill", with_writer=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(90) == 0
    got = read_store(store)
    assert got["rows"] == [[RUNS, RUNS]]  # every run exactly once
    want = check_verdicts(traces)
    assert sorted(got["runs"]) == sorted(want)
    # Each run's own findings are exactly `veracity check`'s; what a worker cannot see is a partner (a pair or a
    # duplicate) that another batch holds: chdb's workers check their batch without reading the store.
    own = [(r, [k for k in got["runs"][r][1] if k not in CROSS_RUN], [k for k in want[r][1] if k not in CROSS_RUN])
           for r in want]
    assert [r for r, mine, theirs in own if mine != theirs] == []
    agree = sum(got["runs"][r][0] == want[r][0] for r in want)
    assert agree >= 0.97 * RUNS, f"{agree}/{RUNS} verdicts agree"
    # The pipeline's own figures, kept by the writer: lag of both groups (drained: 0), runs/s per worker.
    flow = got["pipeline"]
    assert flow is not None and set(flow["lag"]) == {"kill", "kill.results"}, flow
    assert flow["lag"]["kill.results"] == 0 and flow["write_ms_per_run"] is not None
    assert {m["role"] for m in flow["members"]} == {"worker", "writer"} and 1 <= flow["workers"] <= 3


def test_collector_kafka_exporter_messages_are_read(broker: Broker, tmp_path: Path) -> None:
    """The Collector's Kafka exporter (otlp_proto): one ExportTraceServiceRequest per message, no headers."""
    from confluent_kafka import Producer

    with recording("collector-fed") as (tracer, exporter):
        for i in range(3):
            openinference_run(tracer, extra_root={"run.index": i})
        spans = exporter.get_finished_spans()
    producer = Producer({"bootstrap.servers": broker.bootstrap})
    queue = parse_kafka_url(f"kafka://{broker.bootstrap}/otelcol")
    store_url = f"duckdb://{tmp_path}/collector.duckdb"
    worker = Worker(queue, store_url, Config(quiet_period=0.2), group="collector-workers")
    producer.produce(queue.topic, value=to_protobuf(list(spans)))
    producer.produce(queue.topic, value=b"\x0a\xff not protobuf")  # an unreadable message is skipped, said so
    assert producer.flush(30) == 0
    writer = Writer(queue, store_url, group="collector-writer")
    worker.consumer.subscribe([queue.topic], on_revoke=worker._on_revoke)
    writer.consumer.subscribe([queue.results_topic])
    stored = 0
    try:
        deadline = time.monotonic() + 90
        while stored < 3 and time.monotonic() < deadline:
            worker.step(timeout=0.2)
            stored += writer.step(timeout=0.2)
    finally:
        worker.consumer.close()
        worker._close_sink()
        writer.consumer.close()
        writer.store.close()
    assert stored == 3 and worker.stats["unreadable"] == 1
    s = open_store(store_url, read_only=True)
    try:
        assert s.run_totals()[0] == 3
    finally:
        s.close()


def test_the_gateway_asks_for_keys_applies_limits_and_stamps_the_project(broker: Broker, tmp_path: Path) -> None:
    """Regression: the gateway took any payload from anyone (no keys, no limits, no /v1/logs)."""
    from confluent_kafka import Consumer
    from fastapi.testclient import TestClient

    from veracity.ingest import conventions as c
    from veracity.ingest.limits import Limits
    from veracity.queue.gateway import create_gateway
    from veracity.queue.messages import decode_spans_message, header
    from veracity.server.auth import KeyRing, new_key

    topic = "keyed"
    token, record = new_key("alpha", False)
    with recording() as (tracer, exporter):
        openinference_run(tracer)
        body = to_protobuf(exporter.get_finished_spans())
    app = create_gateway(parse_kafka_url(f"kafka://{broker.bootstrap}/{topic}"), tmp_path / "dead",
                         limits=Limits(max_body_bytes=len(body) + 10), ring=KeyRing([record]))
    proto = {"content-type": "application/x-protobuf"}
    with TestClient(app) as client:
        assert client.post("/v1/traces", content=body, headers=proto).status_code == 401
        auth = {**proto, "authorization": f"Bearer {token}"}
        assert client.post("/v1/traces", content=body + b"x" * 64, headers=auth).status_code == 413
        assert client.post("/v1/traces", content=b"\x00garbage", headers=auth).status_code == 400
        assert client.post("/v1/traces", content=body, headers=auth).status_code == 200
        logs = {**auth, "content-type": "application/json"}
        assert client.post("/v1/logs", content=b'{"resourceLogs": []}', headers=logs).status_code == 200
        assert client.post("/v1/logs", content=b"{}", headers=logs).status_code == 400
        assert client.get("/healthz").status_code == 200
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "keyed-audit",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    spans = []
    deadline = time.monotonic() + 60
    while not spans and time.monotonic() < deadline:
        for m in consumer.consume(100, timeout=1):
            if not m.error():
                spans += decode_spans_message(m.value(), header(m.headers(), "content-type"))
    consumer.close()
    assert spans and {s.attributes.get(c.VERACITY_PROJECT) for s in spans} == {"alpha"}


def test_kafka_stopped_and_restarted_under_load_loses_nothing_acked(broker: Broker, tmp_path: Path) -> None:
    from confluent_kafka import Consumer

    topic = "restart"
    traces = generate(tmp_path / "world", 40, seed=11)
    bodies = traces.read_bytes().splitlines()
    port = _free_port()
    gateway = subprocess.Popen([*CLI, "serve", "--queue", f"kafka://{broker.bootstrap}/{topic}", "--port", str(port),
                                "--db", f"duckdb://{tmp_path}/gw.duckdb"], text=True)
    address = f"http://127.0.0.1:{port}"
    _wait_healthy(address, gateway)
    acked: list[str] = []
    statuses: list[int] = []
    done = threading.Event()

    def load() -> None:
        with httpx.Client() as client:
            for i, body in enumerate(bodies):
                while not done.is_set():
                    r = client.post(f"{address}/v1/traces", content=body,
                                    headers={"content-type": "application/json"}, timeout=30)
                    statuses.append(r.status_code)
                    if r.status_code == 200:
                        acked.append(_trace_id(body))
                        break
                    assert r.status_code == 503 and r.headers["retry-after"], r.text
                    time.sleep(0.5)
                if i == 10:
                    stop_now.set()

    stop_now = threading.Event()
    thread = threading.Thread(target=load)
    thread.start()
    try:
        assert stop_now.wait(120)
        broker.stop()
        while 503 not in statuses and thread.is_alive():
            time.sleep(0.5)
        broker.start()
        thread.join(300)
    finally:
        done.set()
        thread.join()
        gateway.send_signal(signal.SIGTERM)
        gateway.wait(60)
    assert 503 in statuses and len(acked) == len(bodies)
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "restart-audit",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    seen: set[str] = set()
    deadline = time.monotonic() + 60
    while not set(acked) <= seen and time.monotonic() < deadline:
        for m in consumer.consume(500, timeout=1):
            if not m.error():
                seen.add((m.key() or b"").decode())
    consumer.close()
    assert set(acked) <= seen  # every acknowledged request is in Kafka


def _trace_id(body: bytes) -> str:
    return str(json.loads(body)["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["traceId"]).lower()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(address: str, proc: subprocess.Popen[str]) -> None:
    from veracity.queue.cluster import _wait_healthy as wait

    wait(address, proc)  # type: ignore[arg-type]
