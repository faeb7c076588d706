"""`decode(body, content_type)`: any payload veracity reads → spans and runs.

The format is found by content, not by name: OTLP protobuf (single or length-delimited),
OTLP JSON (one request or JSON lines), Run JSONL. Gzip is unwrapped first. Whatever
can be read is returned together with a message for each part that could not.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

import msgspec
import orjson

from veracity.ingest.otlp_json import is_otlp_request
from veracity.ingest.otlp_json import request_to_spans as json_request_to_spans
from veracity.ingest.otlp_logs import decode_logs_protobuf, is_otlp_logs, logs_request_to_spans
from veracity.ingest.otlp_proto import decode_protobuf
from veracity.ingest.spans import DecodeError, Span
from veracity.model import Run


class Decoded(msgspec.Struct):
    """What one payload held: spans, ready-made runs, and what could not be read."""

    spans: list[Span] = []
    runs: list[Run] = []
    errors: list[str] = []


def _looks_like_json(body: bytes) -> bool:
    head = body[:64].lstrip()
    return head[:1] in (b"{", b"[")


def _json_object(obj: Any, where: str, out: Decoded) -> None:
    if is_otlp_request(obj):
        spans, problems = json_request_to_spans(obj, where)
        out.spans.extend(spans)
        out.errors.extend(problems)
    elif is_otlp_logs(obj):
        spans, problems = logs_request_to_spans(obj, where)
        out.spans.extend(spans)
        out.errors.extend(problems)
    elif isinstance(obj, dict) and "run_id" in obj:
        try:
            out.runs.append(msgspec.convert(obj, Run))
        except msgspec.ValidationError as e:
            out.errors.append(f"{where}: not a valid run: {e}")
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            _json_object(item, f"{where}[{i}]", out)
    else:
        keys = sorted(obj)[:5] if isinstance(obj, dict) else type(obj).__name__
        out.errors.append(f"{where}: neither an OTLP request (resourceSpans, resourceLogs) nor a run (run_id): {keys}")


def decode_json(body: bytes) -> Decoded:
    out = Decoded()
    try:
        _json_object(orjson.loads(body), "document", out)
        return out
    except orjson.JSONDecodeError as whole_error:
        lines = body.split(b"\n")
        if len(lines) < 2 or all(not line.strip() for line in lines[1:]):
            raise DecodeError(f"invalid JSON: {whole_error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as e:
            out.errors.append(f"line {number}: invalid JSON: {e}")
            continue
        _json_object(obj, f"line {number}", out)
    return out


def _gunzip(body: bytes) -> bytes:
    try:
        return gzip.decompress(body)
    except (OSError, EOFError, zlib.error) as e:
        raise DecodeError(f"gzip data is corrupt: {e}") from None


def decode(body: bytes, content_type: str | None = None) -> Decoded:
    """Spans and runs from one payload; raises `DecodeError` when nothing in it is readable."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    if not body.strip():
        raise DecodeError("empty payload")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype.endswith("json") or (ctype in ("", "application/octet-stream") and _looks_like_json(body)):
        out = decode_json(body)
    else:
        spans, errors = decode_protobuf(body)
        out = Decoded(spans=spans, errors=errors)
    for span in out.spans:
        out.errors.extend(span.errors)
    if not out.spans and not out.runs and out.errors:
        raise DecodeError("; ".join(out.errors[:5]))
    return out


def decode_logs(body: bytes, content_type: str | None = None) -> Decoded:
    """Log records of one `/v1/logs` payload (protobuf or JSON, gzip unwrapped) as span records."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    if not body.strip():
        raise DecodeError("empty payload")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype.endswith("json") or (ctype in ("", "application/octet-stream") and _looks_like_json(body)):
        out = decode_json(body)
    else:
        spans, errors = decode_logs_protobuf(body)
        out = Decoded(spans=spans, errors=errors)
    if not out.spans and out.errors:
        raise DecodeError("; ".join(out.errors[:5]))
    return out
