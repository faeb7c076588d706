"""Finished SDK spans to OTLP: the real encoder, then OTLP JSON (hex ids) or protobuf bytes."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from typing import IO, Any

import orjson
from google.protobuf.json_format import MessageToDict
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor

_ID_KEYS = ("traceId", "spanId", "parentSpanId")


class Collector(SpanProcessor):
    """Keeps every finished span until drained (a span processor, cheaper than an exporter per span)."""

    def __init__(self) -> None:
        self.spans: list[ReadableSpan] = []

    def on_end(self, span: ReadableSpan) -> None:
        self.spans.append(span)

    def drain(self) -> list[ReadableSpan]:
        spans, self.spans = self.spans, []
        return spans


def encode(spans: Sequence[ReadableSpan]) -> ExportTraceServiceRequest:
    """The OTLP request for some spans, made by the OpenTelemetry encoder itself."""
    return encode_spans(spans)


def _hex_ids(obj: Any) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in _ID_KEYS and isinstance(v, str):
                obj[k] = base64.b64decode(v).hex()
            elif isinstance(v, dict | list):
                _hex_ids(v)
    elif isinstance(obj, list):
        for v in obj:
            _hex_ids(v)


def to_json_dict(request: ExportTraceServiceRequest) -> dict[str, Any]:
    """OTLP JSON of a request, with trace and span ids as lowercase hex (the OTLP JSON rule)."""
    d = MessageToDict(request)
    _hex_ids(d)
    return d


def to_json_line(request: ExportTraceServiceRequest) -> bytes:
    """One line of an OTLP JSON lines file (what the Collector's file exporter writes)."""
    return orjson.dumps(to_json_dict(request)) + b"\n"


def to_protobuf(request: ExportTraceServiceRequest) -> bytes:
    return request.SerializeToString()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def write_delimited(requests: Iterable[ExportTraceServiceRequest], fh: IO[bytes]) -> int:
    """Write requests with protobuf's length-delimited framing; returns how many were written."""
    n = 0
    for r in requests:
        body = r.SerializeToString()
        fh.write(_varint(len(body)))
        fh.write(body)
        n += 1
    return n
