"""OTLP JSON: `{"resourceSpans": [...]}` objects → spans.

Ids may be hex (the OTLP JSON rule) or base64 (what protobuf's JSON printer writes);
field names may be lowerCamelCase or the proto's snake_case. A malformed attribute is
reported on its span and the span is kept.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from veracity.ingest.limits import DEFAULT_LIMITS, Limits
from veracity.ingest.spans import DecodeError, LimitError, Span
from veracity.ingest.validate import INT64_MAX, as_int

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


def any_value(value: Any, depth: int = 0, max_depth: int = DEFAULT_LIMITS.max_depth) -> Any:
    """An OTLP JSON `AnyValue` as a plain Python value; raises ValueError when malformed."""
    if not isinstance(value, dict):
        raise ValueError(f"value {str(value)[:40]!r} is not an AnyValue object")
    if not value:
        return None
    (key, inner), *rest = value.items()
    if rest:
        raise ValueError(f"AnyValue has several fields {sorted(value)[:4]}")
    if key in ("stringValue", "string_value"):
        if not isinstance(inner, str):
            raise ValueError(f"stringValue is {type(inner).__name__}")
        return inner
    if key in ("intValue", "int_value"):
        number = as_int(inner)
        if number is None:
            raise ValueError(f"intValue {str(inner)[:30]!r} is not a 64-bit integer")
        return number
    if key in ("doubleValue", "double_value"):
        if isinstance(inner, str) and inner in ("Infinity", "-Infinity", "NaN"):
            return float(inner)  # the protobuf JSON mapping's names for them
        if isinstance(inner, bool) or not isinstance(inner, int | float):
            raise ValueError(f"doubleValue is {type(inner).__name__}")
        return float(inner)
    if key in ("boolValue", "bool_value"):
        if not isinstance(inner, bool):
            raise ValueError(f"boolValue is {type(inner).__name__}")
        return inner
    if key in ("arrayValue", "array_value", "kvlistValue", "kvlist_value"):
        if depth >= max_depth:
            raise ValueError(f"nested deeper than max_depth ({max_depth})")
        values = _list((inner or {}).get("values") if isinstance(inner, dict) else inner, f"{key}.values")
        if key in ("arrayValue", "array_value"):
            return [any_value(v, depth + 1, max_depth) for v in values]
        out = {}
        for kv in values:
            name = kv.get("key") if isinstance(kv, dict) else None
            if not isinstance(name, str):
                raise ValueError(f"kvlist key {str(name)[:30]!r} is not a string")
            out[name] = any_value(kv.get("value", {}), depth + 1, max_depth)
        return out
    if key in ("bytesValue", "bytes_value"):
        if not isinstance(inner, str):
            raise ValueError(f"bytesValue is {type(inner).__name__}")
        return base64.b64decode(inner).hex()
    raise ValueError(f"unknown AnyValue field {str(key)[:40]!r}")


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{what} is {type(value).__name__}, not a list")
    return value


_MALFORMED = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError, binascii.Error)


def attributes(kvs: Any, errors: list[str], where: str, max_depth: int = DEFAULT_LIMITS.max_depth) -> dict[str, Any]:
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
            errors.append(f"{where}: attribute without a key (or a key that is not a string): {str(kv)[:60]}")
            continue
        try:
            out[key] = any_value(kv.get("value", {}), 0, max_depth)
        except _MALFORMED as e:
            errors.append(f"{where}: attribute {key[:80]!r} malformed: {str(e)[:200]}")
    return out


def _number(value: Any, names: dict[str, int], what: str, errors: list[str], where: str) -> int:
    """An enum field given as a number or by name; a bad one is reported and 0 kept."""
    if value is None:
        return 0
    number = names.get(value, 0) if isinstance(value, str) and not value.isdigit() else as_int(value, 0, 2**31 - 1)
    if number is None:
        errors.append(f"{where}: {what} {str(value)[:30]!r} is not a small integer; 0 kept")
        return 0
    return number


def _time(value: Any, what: str, errors: list[str], where: str) -> int:
    if value is None or value == "":
        return 0
    number = as_int(value, 0, INT64_MAX)
    if number is None:
        errors.append(f"{where}: {what} {str(value)[:30]!r} is not a time in [0, 2^63) ns; 0 kept")
        return 0
    return number


def _text(value: Any, what: str, errors: list[str], where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    errors.append(f"{where}: {what} is {type(value).__name__}, not text; dropped")
    return ""


def _span(raw: Any, resource: dict[str, Any], scope: str, where: str, max_depth: int) -> Span:
    if not isinstance(raw, dict):
        raise ValueError(f"span is {type(raw).__name__}, not an object")
    errors: list[str] = []
    trace_id = normalise_id(_get(raw, "traceId", "trace_id"), 16)
    span_id = normalise_id(_get(raw, "spanId", "span_id"), 8)
    parent_raw = _get(raw, "parentSpanId", "parent_span_id")
    parent_id = normalise_id(parent_raw, 8) if parent_raw else None
    here = f"{where} span {span_id}"
    status = raw.get("status")
    if not isinstance(status, dict):
        if status is not None:
            errors.append(f"{here}: status is {type(status).__name__}, not an object; ignored")
        status = {}
    events = []
    raw_events = raw.get("events")
    if raw_events is not None and not isinstance(raw_events, list):
        errors.append(f"{here}: events is {type(raw_events).__name__}, not a list; ignored")
        raw_events = None
    for e in raw_events or []:
        if isinstance(e, dict):
            name = _text(e.get("name"), "an event's name", errors, here)
            events.append({"name": name, "attributes": attributes(e.get("attributes"), errors, here, max_depth)})
    return Span(
        trace_id=trace_id,
        span_id=span_id,
        parent_id=parent_id,
        name=_text(raw.get("name"), "name", errors, here),
        start_ns=_time(_get(raw, "startTimeUnixNano", "start_time_unix_nano"), "start time", errors, here),
        end_ns=_time(_get(raw, "endTimeUnixNano", "end_time_unix_nano"), "end time", errors, here),
        attributes=attributes(raw.get("attributes"), errors, here, max_depth),
        resource=resource,
        status_code=_number(status.get("code"), _STATUS_NAMES, "status code", errors, here),
        status_message=_text(status.get("message"), "status message", errors, here),
        kind=_number(raw.get("kind"), _KIND_NAMES, "kind", errors, here),
        scope=scope,
        events=events,
        errors=errors,
    )


def is_otlp_request(obj: Any) -> bool:
    return isinstance(obj, dict) and ("resourceSpans" in obj or "resource_spans" in obj)


def request_to_spans(
    obj: dict[str, Any], where: str = "request", limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Span], list[str]]:
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
        res = rs.get("resource")
        resource = attributes(res.get("attributes") if isinstance(res, dict) else None, res_errors,
                              f"{where} resource", limits.max_depth)
        problems.extend(res_errors)
        scope_list = _get(rs, "scopeSpans", "scope_spans")
        if not isinstance(scope_list, list):
            if scope_list is not None:
                problems.append(f"{where}: resourceSpans[{i}].scopeSpans is not a list")
            continue
        for scope_spans in scope_list:
            if not isinstance(scope_spans, dict):
                problems.append(f"{where}: resourceSpans[{i}]: a scopeSpans entry is not an object")
                continue
            scope_obj = scope_spans.get("scope")
            name = scope_obj.get("name", "") if isinstance(scope_obj, dict) else ""
            scope = name if isinstance(name, str) else ""
            raw_spans = scope_spans.get("spans")
            if not isinstance(raw_spans, list):
                if raw_spans is not None:
                    problems.append(f"{where}: spans of scope {scope[:40]!r} is not a list")
                continue
            if len(spans) + len(raw_spans) > limits.max_spans:
                raise LimitError(f"{where}: more than max_spans ({limits.max_spans}) spans", 413)
            for j, raw in enumerate(raw_spans):
                try:
                    spans.append(_span(raw, resource, scope, where, limits.max_depth))
                except _MALFORMED as e:
                    problems.append(f"{where}: span {j} of scope {scope[:40]!r} unreadable: {str(e)[:200]}")
    return spans, problems
