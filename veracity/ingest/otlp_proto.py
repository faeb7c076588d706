"""OTLP protobuf: `ExportTraceServiceRequest` bytes → spans."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import DecodeError as ProtoDecodeError
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from veracity.ingest.limits import DEFAULT_LIMITS, Limits
from veracity.ingest.spans import DecodeError, LimitError, Span


def any_value(value: Any) -> Any:
    """An OTLP `AnyValue` as a plain Python value."""
    which = value.WhichOneof("value")
    if which == "string_value":
        return value.string_value
    if which == "int_value":
        return value.int_value
    if which == "double_value":
        return value.double_value
    if which == "bool_value":
        return value.bool_value
    if which == "array_value":
        return [any_value(v) for v in value.array_value.values]
    if which == "kvlist_value":
        return {kv.key: any_value(kv.value) for kv in value.kvlist_value.values}
    if which == "bytes_value":
        return value.bytes_value.hex()
    return None


def _attributes(kvs: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kv in kvs:
        v = kv.value
        which = v.WhichOneof("value")
        if which == "string_value":
            out[kv.key] = v.string_value
        elif which == "int_value":
            out[kv.key] = v.int_value
        else:
            out[kv.key] = any_value(v)
    return out


def request_to_spans(request: ExportTraceServiceRequest) -> list[Span]:
    """Every span of one parsed request, resource attributes attached."""
    spans: list[Span] = []
    append = spans.append
    for resource_spans in request.resource_spans:
        resource = _attributes(resource_spans.resource.attributes)
        for scope_spans in resource_spans.scope_spans:
            scope = scope_spans.scope.name
            for s in scope_spans.spans:
                parent = s.parent_span_id
                events = (
                    [{"name": e.name, "attributes": _attributes(e.attributes)} for e in s.events]
                    if s.events
                    else []
                )
                append(
                    Span(
                        trace_id=s.trace_id.hex(),
                        span_id=s.span_id.hex(),
                        parent_id=parent.hex() if parent else None,
                        name=s.name,
                        start_ns=s.start_time_unix_nano,
                        end_ns=s.end_time_unix_nano,
                        attributes=_attributes(s.attributes),
                        resource=resource,
                        status_code=s.status.code,
                        status_message=s.status.message,
                        kind=s.kind,
                        scope=scope,
                        events=events,
                    )
                )
    return spans


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise IndexError
        b = data[pos]
        result |= (b & 0x7F) << shift
        pos += 1
        if not b & 0x80:
            return result, pos
        shift += 7


def delimited_frames(data: bytes, max_frames: int = DEFAULT_LIMITS.max_frames) -> list[bytes] | None:
    """Split length-delimited framing; None when the bytes are not framed that way.

    A frame must start with field 1 (`resource_spans`, tag 0x0A) and the frames must end
    exactly at the end of the data. More than `max_frames` frames (empty ones count) raise
    `LimitError`, so a file of millions of empty frames costs nothing to refuse.
    """
    frames: list[bytes] = []
    pos = 0
    try:
        while pos < len(data):
            length, pos = _read_varint(data, pos)
            end = pos + length
            if end > len(data) or (length and data[pos] != 0x0A):
                return None
            if len(frames) >= max_frames:
                raise LimitError(f"more than max_frames ({max_frames}) length-delimited protobuf requests", 413)
            frames.append(data[pos:end])
            pos = end
    except IndexError:
        return None
    return frames


def decode_protobuf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Span], list[str]]:
    """One serialized request, or several in protobuf's length-delimited framing.

    Returns the spans of every readable request and a message for each unreadable one;
    raises `DecodeError` when nothing could be read, `LimitError` past `max_frames` or `max_spans`.
    """
    frames = [data]
    if not data.startswith(b"\x0a") or len(data) < 2:
        framed = delimited_frames(data, limits.max_frames)
        if framed is None:
            raise DecodeError("not an OTLP protobuf ExportTraceServiceRequest (first byte is not field 1)")
        frames = [f for f in framed if f]
        if not frames:
            raise DecodeError("only empty protobuf requests")
    spans: list[Span] = []
    errors: list[str] = []
    for i, frame in enumerate(frames):
        try:
            request = ExportTraceServiceRequest.FromString(frame)
        except (ProtoDecodeError, RecursionError) as e:
            where = f"request {i + 1} of {len(frames)}: " if len(frames) > 1 else ""
            errors.append(f"{where}truncated or invalid OTLP protobuf ({e})")
            continue
        count = sum(len(ss.spans) for rs in request.resource_spans for ss in rs.scope_spans)
        if len(spans) + count > limits.max_spans:
            raise LimitError(f"more than max_spans ({limits.max_spans}) spans", 413)
        spans.extend(request_to_spans(request))
    if errors and len(errors) == len(frames):
        raise DecodeError("; ".join(errors[:5]))
    return spans, errors
