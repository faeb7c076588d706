"""The fuzz target: mutated real OTLP payloads (protobuf and JSON) through decode → assemble → check → store.

`payloads()` is a hypothesis strategy: a seed made by the real OpenTelemetry SDK, then a few
structural mutations (poison values at random places of the request, parent cycles, times
past 2⁶³, deep nesting, non-string keys) and byte-level ones (flips, inserts, cuts, splices,
runaway varints, gzip). `Target.run` is the target: anything but a `DecodeError` from the
reader, or any error from checking and storing what was read, is a crash.
"""

from __future__ import annotations

import copy
import gzip
import json
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson
from hypothesis import strategies as st
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.traces import genai_run, openinference_run, recording, to_json, to_protobuf
from veracity.config import Config
from veracity.ingest import DecodeError, assemble, decode
from veracity.ingest.limits import Limits
from veracity.pipeline import check_runs, new_context, store_runs
from veracity.store import DuckStore

LIMITS = Limits(max_body_bytes=4 * 1024 * 1024, max_decoded_bytes=8 * 1024 * 1024, max_spans=5_000, max_frames=5_000)
CONFIG = Config(limits=LIMITS)


@cache
def seeds() -> tuple[tuple[bytes, ...], tuple[dict[str, Any], ...]]:
    """Protobuf and JSON requests of real agent runs, in both conventions."""
    protos, docs = [], []
    for make in (
        lambda t: openinference_run(t, pair_key="p"),
        lambda t: genai_run(t, under_handler=True, resend=True),
        lambda t: genai_run(t, error=True),
    ):
        with recording() as (tracer, exporter):
            make(tracer)
            spans = exporter.get_finished_spans()
            protos.append(to_protobuf(spans))
            docs.append(to_json(spans))
    return tuple(protos), tuple(docs)


SEED_JSON = tuple(orjson.dumps(doc) for doc in seeds()[1])  # made once, outside any strategy (the SDK uses `random`)

POISON_VALUES = st.sampled_from([
    2**63, 2**64, 2**64 + 1, -(2**63) - 1, 10**30, -1, 0, 1e308, -1e308, 1e-320, "Infinity", "NaN", "-0",
    "", "x" * 5000, "[" * 400, "{" * 300, None, True, [], {}, [1, [2, [3]]], {"5": 1}, "\x00\udcff"[:1],
    "18446744073709551616", "9" * 40, ["a", "list"], {"nested": {"deeper": ["x"]}},
])


def _poison(draw: st.DrawFn) -> Any:
    """A poison value, copied: later mutations must never change the shared constants."""
    return copy.deepcopy(draw(POISON_VALUES))


def _deep_any(depth: int, kv: bool) -> dict[str, Any]:
    value: dict[str, Any] = {"stringValue": "leaf"}
    for i in range(depth):
        value = ({"kvlistValue": {"values": [{"key": i if i % 7 == 3 else f"k{i}", "value": value}]}} if kv
                 else {"arrayValue": {"values": [value]}})
    return value


def _nodes(doc: Any) -> list[tuple]:
    """Paths to every node of a JSON document, down to 40 levels (iterative: documents can be deep)."""
    out: list[tuple] = []
    stack: list[tuple[Any, tuple]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        out.append(path)
        if len(path) < 40:
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
            stack.extend((v, (*path, k)) for k, v in items)
    return out


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


@st.composite
def json_payload(draw: st.DrawFn) -> bytes:
    doc: Any = orjson.loads(draw(st.sampled_from(SEED_JSON)))
    spans = doc["resourceSpans"][0]["scopeSpans"][0]["spans"]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["poison", "poison", "cycle", "deep", "attr", "drop", "dup", "rename"]))
        if op == "poison":
            nodes = _nodes(doc)
            doc = _set(doc, draw(st.sampled_from(nodes)), _poison(draw))
        elif op == "cycle" and spans and isinstance(spans, list):
            a, b = draw(st.integers(0, len(spans) - 1)), draw(st.integers(0, len(spans) - 1))
            if isinstance(spans[a], dict) and isinstance(spans[b], dict):
                spans[a]["parentSpanId"] = spans[b].get("spanId")
        elif op in ("deep", "attr") and spans and isinstance(spans, list) and isinstance(spans[0], dict):
            attrs = spans[draw(st.integers(0, len(spans) - 1))]
            if isinstance(attrs, dict) and isinstance(attrs.get("attributes"), list):
                value = (_deep_any(draw(st.integers(20, 300)), draw(st.booleans())) if op == "deep"
                         else {draw(st.sampled_from(["intValue", "doubleValue", "stringValue", "boolValue",
                                                     "bytesValue", "arrayValue", "kvlistValue", "nope"])):
                               _poison(draw)})
                key = draw(st.sampled_from(["gen_ai.request.model", "http.response.status_code", "input.value",
                                            "http.request.resend_count", "veracity.run_id", "x", 7]))
                attrs["attributes"].append({"key": key, "value": value})
        elif op == "drop" and len(_nodes(doc)) > 1:
            path = draw(st.sampled_from([p for p in _nodes(doc) if p]))
            parent = doc
            for key in path[:-1]:
                parent = parent[key]
            del parent[path[-1]]
        elif op == "dup" and isinstance(spans, list) and spans:
            spans.extend(spans[: draw(st.integers(1, len(spans)))])  # the same objects again: a resent span
        elif op == "rename":
            doc = {"resource_spans": doc.get("resourceSpans", [])} if isinstance(doc, dict) else doc
    try:
        return json.dumps(doc).encode()
    except (ValueError, TypeError, RecursionError):
        return b"{}"


def _proto_structural(draw: st.DrawFn, body: bytes) -> bytes:
    request = ExportTraceServiceRequest.FromString(body)
    spans = list(request.resource_spans[0].scope_spans[0].spans)
    for _ in range(draw(st.integers(1, 3))):
        span = spans[draw(st.integers(0, len(spans) - 1))]
        op = draw(st.sampled_from(["time", "self", "cycle", "deep", "int", "status"]))
        if op == "time":
            span.start_time_unix_nano = draw(st.sampled_from([2**63, 2**64 - 1, 0, 2**63 - 1]))
        elif op == "self":
            span.parent_span_id = span.span_id
        elif op == "cycle":
            other = spans[draw(st.integers(0, len(spans) - 1))]
            span.parent_span_id, other.parent_span_id = other.span_id, span.span_id
        elif op == "deep":
            kv = span.attributes.add()
            kv.key = draw(st.sampled_from(["deep", "gen_ai.response.model", "output.value"]))
            value = kv.value
            for _ in range(draw(st.integers(10, 95))):
                value = value.array_value.values.add()
            value.string_value = "leaf"
        elif op == "int":
            kv = span.attributes.add()
            kv.key = draw(st.sampled_from(["http.response.status_code", "http.request.resend_count",
                                           "gen_ai.usage.input_tokens", "llm.model_name"]))
            kv.value.int_value = draw(st.sampled_from([2**63 - 1, -(2**63), -1, 2**31, 2**40]))
        else:
            span.status.code = draw(st.integers(0, 2**31 - 1))  # type: ignore[assignment]
            span.kind = draw(st.integers(0, 2**31 - 1))  # type: ignore[assignment]
    return request.SerializeToString()


@st.composite
def proto_payload(draw: st.DrawFn) -> bytes:
    body = draw(st.sampled_from(seeds()[0]))
    if draw(st.booleans()):
        body = _proto_structural(draw, body)
    data = bytearray(body)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["flip", "insert", "cut", "dup", "splice", "varint", "frames"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=12))
        elif op == "cut":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == "dup":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 256))]
        elif op == "splice":
            other = draw(st.sampled_from(seeds()[0]))
            data[pos:] = other[draw(st.integers(0, len(other) - 1)) :]
        elif op == "varint":
            data[pos:pos] = b"\xff" * draw(st.integers(1, 11)) + b"\x01"
        else:
            data = bytearray(b"\x00" * draw(st.integers(0, 3)) + _frame(bytes(data)) * draw(st.integers(1, 3)))
    return bytes(data)


def _frame(body: bytes) -> bytes:
    size, out = len(body), bytearray()
    while True:
        byte = size & 0x7F
        size >>= 7
        out.append(byte | (0x80 if size else 0))
        if not size:
            return bytes(out) + body


@st.composite
def payloads(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """A mutated request and the content type it is sent with (not always the right one)."""
    body = draw(st.one_of(json_payload(), proto_payload()))
    if draw(st.integers(0, 9)) == 0:
        body = gzip.compress(body, 1)
    ctype = draw(st.sampled_from(["application/x-protobuf", "application/json", "text/plain", None]))
    return body, ctype


@dataclass
class Tally:
    """What a campaign saw: payloads, refusals, spans and runs stored, the slowest payload."""

    payloads: int = 0
    refused: int = 0
    spans: int = 0
    runs: int = 0
    slowest: float = 0.0


@dataclass
class Target:
    """decode → assemble → check for each payload; what was read is stored in batches (DuckDB's cost
    is per statement), and a batch that fails is replayed payload by payload to name the culprit."""

    store: DuckStore
    batch: int = 200
    tally: Tally = field(default_factory=Tally)
    pending: list[tuple[bytes, str | None, list[Any], list[Any]]] = field(default_factory=list)

    def run(self, body: bytes, ctype: str | None) -> None:
        started = time.perf_counter()
        self.tally.payloads += 1
        try:
            decoded = decode(body, ctype, LIMITS)
        except DecodeError:
            self.tally.refused += 1
            return
        runs = decoded.runs + assemble(decoded.spans)
        check_runs(runs, new_context(CONFIG))
        self.pending.append((body, ctype, decoded.spans, runs))
        self.tally.spans += len(decoded.spans)
        self.tally.runs += len(runs)
        self.tally.slowest = max(self.tally.slowest, time.perf_counter() - started)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        try:
            self._write([s for p in pending for s in p[2]], [r for p in pending for r in p[3]])
        except Exception:
            for body, ctype, spans, runs in pending:
                try:
                    self._write(spans, runs)
                except Exception as e:
                    raise AssertionError(f"storing a payload failed: {e!r}; payload {body[:200]!r} ({ctype})") from e
            raise

    def _write(self, spans: list[Any], runs: list[Any]) -> None:
        self.store.write_spans(spans, time.time_ns())
        store_runs(runs, self.store, CONFIG)
