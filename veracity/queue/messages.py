"""What travels on the topics.

The spans topic holds two kinds of message, told apart by the `content-type` header:
- `application/x-veracity-spans`: the gateway's, one trace's decoded spans (msgpack), keyed by trace id;
- anything else (no header): the OpenTelemetry Collector's Kafka exporter with `otlp_proto` encoding,
  one `ExportTraceServiceRequest` per message (set `partition_traces_by_id: true` so a trace's spans
  meet in one partition).
The results topic holds a worker's checked runs and their verdicts (msgpack), keyed by run id.
"""

from __future__ import annotations

from typing import Any

import msgspec

from veracity.ingest import DecodeError, decode
from veracity.ingest.spans import Span
from veracity.model import Run, Verdict

SPANS_TYPE = "application/x-veracity-spans"
RESULTS_TYPE = "application/x-veracity-results"
_spans_encoder = msgspec.msgpack.Encoder()
_spans_decoder = msgspec.msgpack.Decoder(list[Span])
_results_decoder = msgspec.msgpack.Decoder(tuple[list[Run], list[Verdict]])


def encode_spans(spans: list[Span]) -> bytes:
    return _spans_encoder.encode(spans)


def encode_results(runs: list[Run], verdicts: list[Verdict]) -> bytes:
    return _spans_encoder.encode((runs, verdicts))


def decode_results(body: bytes) -> tuple[list[Run], list[Verdict]]:
    return _results_decoder.decode(body)


def header(headers: Any, name: str) -> str | None:
    """A Kafka message header's value as text (headers as confluent-kafka gives them: pairs or a dict)."""
    pairs = headers.items() if isinstance(headers, dict) else headers or []
    for key, value in pairs:
        if key == name and value is not None:
            return value.decode() if isinstance(value, bytes) else str(value)
    return None


def decode_spans_message(body: bytes, content_type: str | None) -> list[Span]:
    """The spans of one message, whichever producer wrote it; an unreadable one raises `DecodeError`."""
    if content_type == SPANS_TYPE:
        try:
            return _spans_decoder.decode(body)
        except msgspec.DecodeError as e:
            raise DecodeError(f"spans message: {e}") from e
    return decode(body, content_type or "application/x-protobuf").spans
