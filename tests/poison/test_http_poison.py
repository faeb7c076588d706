"""The poison inputs of issue 19, each through real HTTP on 127.0.0.1: a clear answer, a server still serving."""

from __future__ import annotations

import contextlib
import copy
import gzip
import json
import socket
import threading
import time

import httpx
import orjson
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from tests.test_server import Server
from tests.traces import genai_run, openinference_run, to_json, to_protobuf
from veracity.config import Config
from veracity.ingest.limits import Limits

JSON = {"Content-Type": "application/json"}
PROTO = {"Content-Type": "application/x-protobuf"}


@pytest.fixture
def server(tmp_path):
    with Server(tmp_path / "v.duckdb") as s:
        yield s


def _good_runs(otel, n: int) -> bytes:
    tracer, exporter = otel
    for _ in range(n):
        openinference_run(tracer)
    body = to_protobuf(exporter.get_finished_spans())
    exporter.clear()
    return body


def _stored_runs(server: Server) -> int:
    return httpx.get(f"{server.url}/api/report").json()["runs"]


def _json_doc(otel) -> dict:
    tracer, exporter = otel
    genai_run(tracer)
    doc = to_json(exporter.get_finished_spans())
    exporter.clear()
    return doc


def test_start_time_past_int64_beside_twenty_good_runs_stores_all_twenty(server, otel):
    poison = ExportTraceServiceRequest.FromString(_good_runs(otel, 1))
    for span in poison.resource_spans[0].scope_spans[0].spans:
        span.start_time_unix_nano = 2**63 + 5  # legal in fixed64, past the store's BIGINT
    r = httpx.post(f"{server.url}/v1/traces", content=poison.SerializeToString(), headers=PROTO)
    assert r.status_code == 200
    partial = ExportTraceServiceResponse.FromString(r.content).partial_success
    assert "start time" in partial.error_message and "span " in partial.error_message
    good = _good_runs(otel, 20)
    assert httpx.post(f"{server.url}/v1/traces", content=good, headers=PROTO).status_code == 200
    server.wait_checked(21)
    assert _stored_runs(server) == 21


def test_self_parent_and_cycles_are_answered_and_the_server_keeps_serving(server, otel):
    doc = _json_doc(otel)
    spans = doc["resourceSpans"][0]["scopeSpans"][0]["spans"]
    ids = [s["spanId"] for s in spans]
    spans[0]["parentSpanId"] = ids[0]  # its own parent
    for a, b in ((1, 2), (2, 1)):
        spans[a]["parentSpanId"] = ids[b]  # a two-span ring
    r = httpx.post(f"{server.url}/v1/traces", content=orjson.dumps(doc), headers=JSON)
    assert r.status_code == 200
    server.wait_checked(1)
    assert httpx.get(f"{server.url}/healthz").json()["ok"]


def _poisoned(doc: dict, mutate) -> dict:
    doc = copy.deepcopy(doc)
    mutate(doc["resourceSpans"][0]["scopeSpans"][0]["spans"][0])
    return doc


def _nested(depth: int) -> dict:
    value: dict = {"stringValue": "x"}
    for _ in range(depth):
        value = {"arrayValue": {"values": [value]}}
    return value


POISONS = {
    "int above 2^64": lambda s: s["attributes"].append({"key": "big", "value": {"intValue": str(2**64 + 1)}}),
    "non-string map key": lambda s: s["attributes"].append(
        {"key": "m", "value": {"kvlistValue": {"values": [{"key": 5, "value": {"stringValue": "v"}}]}}}),
    "nesting 300 deep": lambda s: s["attributes"].append({"key": "deep", "value": _nested(300)}),
    "Infinity where an int belongs": lambda s: s.update(startTimeUnixNano="Infinity", kind=1e300),
    "a list where a name belongs": lambda s: s.update(name=["a", "list"])
    or s["attributes"].append({"key": "gen_ai.request.model", "value": {"arrayValue": {"values": []}}}),
    "JSON text 300 deep": lambda s: s["attributes"].append(
        {"key": "input.value", "value": {"stringValue": "[" * 300 + "]" * 300}}),
    "time above 2^64": lambda s: s.update(endTimeUnixNano=str(2**70)),
}


@pytest.mark.parametrize("name", sorted(POISONS))
def test_each_poison_value_is_reported_on_its_span_and_the_span_kept(server, otel, name):
    doc = _json_doc(otel)
    poisoned = _poisoned(doc, POISONS[name])
    span_id = poisoned["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["spanId"]
    r = httpx.post(f"{server.url}/v1/traces", content=json.dumps(poisoned).encode(), headers=JSON)
    assert r.status_code == 200, r.text
    partial = r.json()["partialSuccess"]
    assert partial["rejectedSpans"] == "0" and span_id in partial["errorMessage"]
    server.wait_checked(1)
    detail = httpx.get(f"{server.url}/api/runs").json()
    assert len(detail) == 1
    run = httpx.get(f"{server.url}/api/runs/{detail[0]['run_id']}").json()["run"]
    assert span_id in {s["step_id"] for s in run["steps"]} | {run["root_step_id"]}


def test_gzip_bomb_is_refused_while_inflating(tmp_path, otel):
    config = Config(limits=Limits(max_decoded_bytes=8 * 1024 * 1024))
    with Server(tmp_path / "v.duckdb", config=config) as server:
        bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), 9)  # ~64 KB inflating to 64 MiB
        r = httpx.post(f"{server.url}/v1/traces", content=bomb, headers={**PROTO, "Content-Encoding": "gzip"})
        assert r.status_code == 413
        good = _good_runs(otel, 1)
        assert httpx.post(f"{server.url}/v1/traces", content=good, headers=PROTO).status_code == 200


def test_empty_protobuf_frames_past_the_frame_limit_are_413(server):
    r = httpx.post(f"{server.url}/v1/traces", content=b"\0" * 200_001, headers=PROTO)
    assert r.status_code == 413


def test_a_body_declared_too_large_is_refused_before_it_is_read(tmp_path):
    config = Config(limits=Limits(max_body_bytes=1024 * 1024))
    with Server(tmp_path / "v.duckdb", config=config) as server, socket.create_connection(
        ("127.0.0.1", server.port)
    ) as sock:
        sock.sendall(b"POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
                     b"Content-Length: 209715200\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 413")


def test_json_labelled_protobuf_or_text_plain_is_read_as_json(server, otel):
    doc = orjson.dumps(_json_doc(otel))
    for ctype in ("application/x-protobuf", "text/plain"):
        r = httpx.post(f"{server.url}/v1/traces", content=doc, headers={"Content-Type": ctype})
        assert r.status_code == 200, r.text


def test_twenty_dribbling_clients_do_not_starve_a_well_behaved_exporter(tmp_path, otel):
    config = Config(limits=Limits(body_timeout=3.0))
    with Server(tmp_path / "v.duckdb", config=config) as server:
        stop = threading.Event()
        socks = []
        for _ in range(20):
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(b"POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
                         b"Content-Length: 100000\r\n\r\n\x0a")
            socks.append(sock)

        def dribble() -> None:
            while not stop.wait(0.2):
                for sock in socks:
                    with contextlib.suppress(OSError):
                        sock.sendall(b"\x00")

        thread = threading.Thread(target=dribble, daemon=True)
        thread.start()
        try:
            good = _good_runs(otel, 1)
            for _ in range(5):
                assert httpx.post(f"{server.url}/v1/traces", content=good, headers=PROTO).status_code == 200
            answers = [sock.recv(100) for sock in socks]  # the slow ones are told why when their time is up
            assert all(a.startswith(b"HTTP/1.1 408") for a in answers)
        finally:
            stop.set()
            for sock in socks:
                sock.close()
            time.sleep(0)
