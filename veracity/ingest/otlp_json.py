"""OTLP JSON: `{"resourceSpans": [...]}` objects → spans.

Ids may be hex (the OTLP JSON rule) or base64 (what protobuf's JSON printer writes);
field names may be lowerCamelCase or the proto's snake_case. A malformed attribute is
reported on its span and the span is kept.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from veracity.ingest.spans import DecodeError, Span

_HEX = frozenset("0123456789abcdefABCDEF")
_STATUS_NAMES = {"STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2}
_KIND_NAMES = {
    "SPAN_KIND_UNSPECIFIED": 0,
    "SPAN_KIND_INTERNAL": 1,
    "SPAN_KIND_SERVER": 2,
    "SPAN_KIND_CLIENT": 3,
    "SPAN_KIND_PRODUCER": 4,
    "SPAN_KIND_CONSUMER": 5,
}


def _get(obj: dict[str, Any], camel: str, snake: str) -> Any:
    value = obj.get(camel)
    return obj.get(snake) if value is None else value


def normalise_id(value: Any, size: int) -> str:
    """A trace (16 bytes) or span (8 bytes) id as lowercase hex, from hex or base64."""
    if not isinstance(value, str):
        raise ValueError(f"id {value!r} is not a string")
    if len(value) == size * 2 and _HEX.issuperset(value):
        return value.lower()
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"id {value!r} is neither hex nor base64") from None
    if len(raw) != size:
        raise ValueError(f"id {value!r} is {len(raw)} bytes, expected {size}")
    return raw.hex()


def any_value(value: Any) -> Any:
    """An OTLP JSON `AnyValue` as a plain Python value; raises ValueError when malformed."""
    if not isinstance(value, dict):
        raise ValueError(f"value {str(value)[:40]!r} is not an AnyValue object")
    if not value:
        return None
    (key, inner), *rest = value.items()
    if rest:
        raise ValueError(f"AnyValue has several fields {sorted(value)}")
    if key in ("stringValue", "string_value"):
        if not isinstance(inner, str):
            raise ValueError(f"stringValue is {type(inner).__name__}")
        return inner
    if key in ("intValue", "int_value"):
        if isinstance(inner, bool) or not isinstance(inner, int | str):
            raise ValueError(f"intValue is {type(inner).__name__}")
        return int(inner)
    if key in ("doubleValue", "double_value"):
        if isinstance(inner, bool) or not isinstance(inner, int | float | str):
            raise ValueError(f"doubleValue is {type(inner).__name__}")
        return float(inner)
    if key in ("boolValue", "bool_value"):
        if not isinstance(inner, bool):
            raise ValueError(f"boolValue is {type(inner).__name__}")
        return inner
    if key in ("arrayValue", "array_value"):
        return [any_value(v) for v in (inner or {}).get("values", [])]
    if key in ("kvlistValue", "kvlist_value"):
        return {kv["key"]: any_value(kv.get("value", {})) for kv in (inner or {}).get("values", [])}
    if key in ("bytesValue", "bytes_value"):
        return base64.b64decode(inner).hex()
    raise ValueError(f"unknown AnyValue field {key!r}")


def attributes(kvs: Any, errors: list[str], where: str) -> dict[str, Any]:
    """Attributes as a dict; each malformed one is reported in `errors` and skipped."""
    out: dict[str, Any] = {}
    if kvs is None:
        return out
    if not isinstance(kvs, list):
        errors.append(f"{where}: attributes is not a list")
        return out
    for kv in kvs:
        key = kv.get("key") if isinstance(kv, dict) else None
        if not isinstance(key, str):
            errors.append(f"{where}: attribute without a key: {str(kv)[:60]}")
            continue
        try:
            out[key] = any_value(kv.get("value", {}))
        except (ValueError, TypeError, KeyError, AttributeError, binascii.Error) as e:
            errors.append(f"{where}: attribute {key!r} malformed: {e}")
    return out


def _int(value: Any) -> int:
    if value is None or value == "":
        return 0
    return int(value)


def _span(raw: dict[str, Any], resource: dict[str, Any], scope: str, where: str) -> Span:
    errors: list[str] = []
    trace_id = normalise_id(_get(raw, "traceId", "trace_id"), 16)
    span_id = normalise_id(_get(raw, "spanId", "span_id"), 8)
    parent_raw = _get(raw, "parentSpanId", "parent_span_id")
    parent_id = normalise_id(parent_raw, 8) if parent_raw else None
    status = raw.get("status") or {}
    code = status.get("code", 0)
    code = _STATUS_NAMES.get(code, 0) if isinstance(code, str) else int(code)
    kind = raw.get("kind", 0)
    kind = _KIND_NAMES.get(kind, 0) if isinstance(kind, str) else int(kind)
    here = f"{where} span {span_id}"
    events = [
        {"name": e.get("name", ""), "attributes": attributes(e.get("attributes"), errors, here)}
        for e in raw.get("events") or []
        if isinstance(e, dict)
    ]
    try:
        start, end = _int(_get(raw, "startTimeUnixNano", "start_time_unix_nano")), _int(
            _get(raw, "endTimeUnixNano", "end_time_unix_nano")
        )
    except (TypeError, ValueError):
        errors.append(f"{here}: malformed start or end time")
        start = end = 0
    return Span(
        trace_id=trace_id,
        span_id=span_id,
        parent_id=parent_id,
        name=str(raw.get("name", "")),
        start_ns=start,
        end_ns=end,
        attributes=attributes(raw.get("attributes"), errors, here),
        resource=resource,
        status_code=code,
        status_message=str(status.get("message", "")),
        kind=kind,
        scope=scope,
        events=events,
        errors=errors,
    )


def is_otlp_request(obj: Any) -> bool:
    return isinstance(obj, dict) and ("resourceSpans" in obj or "resource_spans" in obj)


def request_to_spans(obj: dict[str, Any], where: str = "request") -> tuple[list[Span], list[str]]:
    """Spans of one OTLP JSON request; a span that cannot be read at all is reported, not fatal."""
    spans: list[Span] = []
    problems: list[str] = []
    resource_spans = _get(obj, "resourceSpans", "resource_spans")
    if not isinstance(resource_spans, list):
        raise DecodeError(f"{where}: resourceSpans is not a list")
    for i, rs in enumerate(resource_spans):
        if not isinstance(rs, dict):
            problems.append(f"{where}: resourceSpans[{i}] is not an object")
            continue
        res_errors: list[str] = []
        resource = attributes((rs.get("resource") or {}).get("attributes"), res_errors, f"{where} resource")
        problems.extend(res_errors)
        for scope_spans in _get(rs, "scopeSpans", "scope_spans") or []:
            scope = str((scope_spans.get("scope") or {}).get("name", ""))
            for j, raw in enumerate(scope_spans.get("spans") or []):
                try:
                    spans.append(_span(raw, resource, scope, where))
                except (ValueError, TypeError, AttributeError) as e:
                    problems.append(f"{where}: span {j} of scope {scope!r} unreadable: {e}")
    return spans, problems
