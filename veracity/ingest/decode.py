"""`decode(body, content_type)`: any payload veracity reads → spans and runs.

The format is found by content, not by name: OTLP protobuf (single or length-delimited),
OTLP JSON (one request or JSON lines), Run JSONL. Gzip is unwrapped first. Whatever
can be read is returned together with a message for each part that could not.
"""

from __future__ import annotations

import zlib
from typing import Any

import msgspec
import orjson

from veracity.ingest.limits import DEFAULT_LIMITS, Limits
from veracity.ingest.mapping import sources_of_steps
from veracity.ingest.otlp_json import is_otlp_request
from veracity.ingest.otlp_json import request_to_spans as json_request_to_spans
from veracity.ingest.otlp_logs import decode_logs_protobuf, is_otlp_logs, logs_request_to_spans
from veracity.ingest.otlp_proto import decode_protobuf
from veracity.ingest.spans import DecodeError, LimitError, Span
from veracity.ingest.validate import clean_run, clean_spans
from veracity.model import Run


class Decoded(msgspec.Struct):
    """What one payload held: spans, ready-made runs, and what could not be read."""

    spans: list[Span] = []
    runs: list[Run] = []
    errors: list[str] = []


def _looks_like_json(body: bytes) -> bool:
    head = body[:64].lstrip()
    return head[:1] in (b"{", b"[")


def _json_object(obj: Any, where: str, out: Decoded, limits: Limits, top: bool = True) -> None:
    if is_otlp_request(obj):
        spans, problems = json_request_to_spans(obj, where, limits)
        out.spans.extend(spans)
        out.errors.extend(problems)
    elif is_otlp_logs(obj):
        spans, problems = logs_request_to_spans(obj, where)
        out.spans.extend(spans)
        out.errors.extend(problems)
    elif isinstance(obj, dict) and "run_id" in obj:
        try:
            run = msgspec.convert(obj, Run)
        except msgspec.ValidationError as e:
            out.errors.append(f"{where}: not a valid run: {e}")
            return
        if "sources" not in obj:  # written by hand or by another exporter: its steps' results are what it saw
            run = msgspec.structs.replace(run, sources=sources_of_steps(run))
        run = clean_run(run, limits)
        out.runs.append(run)
        out.errors.extend(run.errors)
    elif isinstance(obj, list) and top:  # a list of requests or runs; one level only
        for i, item in enumerate(obj):
            _json_object(item, f"{where}[{i}]", out, limits, top=False)
    else:
        keys = sorted(map(str, obj))[:5] if isinstance(obj, dict) else type(obj).__name__
        out.errors.append(f"{where}: neither an OTLP request (resourceSpans, resourceLogs) nor a run (run_id): {keys}")
    if len(out.spans) > limits.max_spans:
        raise LimitError(f"more than max_spans ({limits.max_spans}) spans", 413)


def decode_json(body: bytes, limits: Limits = DEFAULT_LIMITS) -> Decoded:
    out = Decoded()
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as whole_error:
        lines = body.split(b"\n")
        if len(lines) < 2 or all(not line.strip() for line in lines[1:]):
            raise DecodeError(f"invalid JSON: {whole_error}") from None
    else:
        _json_object(document, "document", out, limits)
        return out
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as e:
            out.errors.append(f"line {number}: invalid JSON: {e}")
            continue
        _json_object(obj, f"line {number}", out, limits)
    return out


def gunzip(body: bytes, limit: int = DEFAULT_LIMITS.max_decoded_bytes) -> bytes:
    """Inflate gzip (several members too), stopping as soon as the output passes `limit` bytes."""
    inflater = zlib.decompressobj(wbits=31)
    parts: list[bytes] = []
    size = 0
    data = body
    try:
        while data:
            chunk = inflater.decompress(data, limit + 1 - size)
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                raise LimitError(f"gzip body inflates past max_decoded_bytes ({limit})", 413)
            data = inflater.unconsumed_tail
            if inflater.eof:
                data = inflater.unused_data
                if data.strip(b"\0"):
                    inflater = zlib.decompressobj(wbits=31)  # another gzip member follows
                else:
                    data = b""
        if not inflater.eof:
            raise DecodeError("gzip data is truncated")
    except zlib.error as e:
        raise DecodeError(f"gzip data is corrupt: {e}") from None
    return b"".join(parts)


def decode(body: bytes, content_type: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Decoded:
    """Spans and runs from one payload; raises `DecodeError` when nothing in it is readable.

    The format is recognised by content: JSON labelled protobuf or text/plain is read as
    JSON. Raises `LimitError` (a `DecodeError`) when the payload passes one of `limits`.
    """
    if len(body) > limits.max_body_bytes:
        raise LimitError(f"payload of {len(body)} bytes exceeds max_body_bytes ({limits.max_body_bytes})", 413)
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, limits.max_decoded_bytes)
    elif len(body) > limits.max_decoded_bytes:
        raise LimitError(f"payload of {len(body)} bytes exceeds max_decoded_bytes ({limits.max_decoded_bytes})", 413)
    if not body.strip():
        raise DecodeError("empty payload")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if _looks_like_json(body) or (ctype.endswith("json") and body[:1] != b"\x0a"):
        out = decode_json(body, limits)
    else:
        spans, errors = decode_protobuf(body, limits)
        out = Decoded(spans=spans, errors=errors)
    out.spans = clean_spans(out.spans, limits)
    for span in out.spans:
        out.errors.extend(span.errors)
    if not out.spans and not out.runs and out.errors:
        raise DecodeError("; ".join(out.errors[:5]))
    return out


def decode_logs(body: bytes, content_type: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Decoded:
    """Log records of one `/v1/logs` payload (protobuf or JSON, gzip unwrapped) as span records,
    under the same limits and value checks as spans."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, limits.max_decoded_bytes)
    if not body.strip():
        raise DecodeError("empty payload")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype.endswith("json") or (ctype in ("", "application/octet-stream") and _looks_like_json(body)):
        out = decode_json(body, limits)
    else:
        spans, errors = decode_logs_protobuf(body)
        out = Decoded(spans=spans, errors=errors)
    if not out.spans and out.errors:
        raise DecodeError("; ".join(out.errors[:5]))
    if len(out.spans) > limits.max_spans:
        raise LimitError(f"more than max_spans ({limits.max_spans}) log records", 413)
    out.spans = clean_spans(out.spans, limits)
    return out
