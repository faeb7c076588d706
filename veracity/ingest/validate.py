"""Every decoded value checked at the boundary against what the store can hold.

A span's own fields are repaired (a start time past 2⁶³ − 1 ns, the largest the store's
BIGINT holds, becomes 0), a bad attribute is dropped; each repair is reported on the span
(`Span.errors`), so the OTLP answer's `partial_success` and a file's error list name it, and
the span itself is kept. Runs read ready-made (Run JSONL) are checked the same way.
"""

from __future__ import annotations

import math
from typing import Any

import msgspec
import orjson

from veracity.ingest import conventions as c
from veracity.ingest.limits import DEFAULT_LIMITS, Limits
from veracity.ingest.spans import Span
from veracity.model import Run, Step

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
INT32_MAX = 2**31 - 1
_JSON_DEPTH = 250  # orjson writes at most 254 levels; deeper JSON text could not be stored as JSON

# Attributes read as names, ids and versions (text columns): numbers become text, anything else is dropped.
NAME_KEYS = frozenset(
    {
        c.GENAI_RESPONSE_MODEL, c.GENAI_REQUEST_MODEL, c.OI_LLM_MODEL_NAME, c.OI_PROMPT_TEMPLATE,
        c.VERACITY_PROMPT_VERSION, c.GENAI_PROMPT_VERSION, c.OI_PROMPT_TEMPLATE_VERSION,
        c.GENAI_TOOL_NAME, c.OI_TOOL_NAME, c.TL_ENTITY_NAME, c.GENAI_AGENT_NAME, c.OI_AGENT_NAME,
        c.GENAI_AGENT_VERSION, c.VERACITY_AGENT_VERSION, c.SERVICE_NAME, c.SERVICE_VERSION,
        c.VERACITY_PROJECT, c.VERACITY_RUN_ID, c.VERACITY_PAIR_KEY, c.OI_USER_ID, c.OI_SESSION_ID,
        c.GENAI_CONVERSATION_ID, c.OI_SPAN_KIND, c.GENAI_OPERATION, c.TL_SPAN_KIND,
        c.VERACITY_REPORTED_STATUS, c.GENAI_SYSTEM, c.GENAI_PROVIDER,
    }
)
# Attributes read as small counts (32-bit columns): HTTP status, resend count.
COUNT_KEYS = frozenset({c.HTTP_STATUS, c.HTTP_STATUS_OLD, c.HTTP_RESEND_COUNT})
# Attributes read as 64-bit counts.
TOKEN_KEYS = frozenset(
    {c.GENAI_USAGE_INPUT, c.GENAI_USAGE_OUTPUT, c.GENAI_USAGE_PROMPT_OLD, c.GENAI_USAGE_COMPLETION_OLD,
     c.OI_TOKENS_PROMPT, c.OI_TOKENS_COMPLETION}
)


def _deep_json_text(text: str) -> bool:
    """JSON text nested deeper than can be written back as JSON (cheap test first: bracket count)."""
    if text.count("[") + text.count("{") < _JSON_DEPTH or text.lstrip()[:1] not in ("{", "["):
        return False
    try:
        parsed = orjson.loads(text)
    except orjson.JSONDecodeError:
        return False  # not JSON: it stays text
    try:
        orjson.dumps(parsed)
    except (orjson.JSONEncodeError, TypeError):
        return True
    return False


def value_problem(value: Any, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why a decoded value cannot be kept (None when it can): size, depth, keys, integer range."""
    budget = limits.max_value_bytes
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            budget -= len(item)
            if budget < 0:
                return f"value larger than max_value_bytes ({limits.max_value_bytes})"
            if len(item) >= _JSON_DEPTH and _deep_json_text(item):
                return f"JSON text nested deeper than {_JSON_DEPTH} levels"
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not INT64_MIN <= item <= INT64_MAX:
                return f"integer {str(item)[:30]} outside the 64-bit range"
        elif isinstance(item, float):
            continue
        elif isinstance(item, list | dict):
            if depth >= limits.max_depth:
                return f"nested deeper than max_depth ({limits.max_depth})"
            if isinstance(item, dict):
                for key in item:
                    if not isinstance(key, str):
                        return f"map key {str(key)[:30]!r} is not a string"
                    budget -= len(key)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)
            budget -= len(item)
            if budget < 0:
                return f"value larger than max_value_bytes ({limits.max_value_bytes})"
        else:
            return f"value of type {type(item).__name__} is not an attribute value"
    return None


def as_int(value: Any, low: int = INT64_MIN, high: int = INT64_MAX) -> int | None:
    """An integer in [low, high] from an int, integral finite float or decimal text; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 24 or not text.lstrip("+-").isdigit():
            return None
        value = int(text)
    if not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def _clean_attribute(key: str, value: Any, limits: Limits) -> tuple[Any, str | None]:
    """The value to keep for one attribute (or `_DROP`) and the problem, if any."""
    if key in NAME_KEYS and not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool) and as_int(value) is not None:
            return str(value), None
        if isinstance(value, float) and math.isfinite(value):
            return str(value), None
        return _DROP, f"{type(value).__name__} where a name belongs"
    if key in COUNT_KEYS or key in TOKEN_KEYS:
        high = INT32_MAX - 1 if key in COUNT_KEYS else INT64_MAX
        number = as_int(value, 0, high)
        if number is None:
            return _DROP, f"{str(value)[:30]!r} is not a count in [0, {high}]"
        return number, None
    problem = value_problem(value, limits)
    return (_DROP, problem) if problem else (value, None)


_DROP = object()


_SPECIAL = NAME_KEYS | COUNT_KEYS | TOKEN_KEYS
_NUMBER_KEYS = COUNT_KEYS | TOKEN_KEYS


def clean_attributes(
    attrs: dict[str, Any], limits: Limits, errors: list[str], where: str
) -> dict[str, Any]:
    """The attributes that can be kept; each dropped one is reported in `errors`."""
    out: dict[str, Any] | None = None
    for key, value in attrs.items():
        kind = type(value)
        if kind is str:
            if len(value) < _JSON_DEPTH and key not in _NUMBER_KEYS:
                continue  # the common case, cheaply
        elif kind is int:
            if key in COUNT_KEYS:
                if 0 <= value < INT32_MAX:
                    continue
            elif INT64_MIN <= value <= INT64_MAX and (key not in _SPECIAL or (key in TOKEN_KEYS and value >= 0)):
                continue
        elif (kind is float or kind is bool) and key not in _SPECIAL:
            continue
        kept, problem = _clean_attribute(key, value, limits)
        if kept is value and problem is None:
            continue
        if out is None:
            out = dict(attrs)
        if problem is not None:
            errors.append(f"{where}: attribute {key!r} dropped: {problem}")
            del out[key]
        else:
            out[key] = kept
    return attrs if out is None else out


def _clean_time(value: Any, name: str, errors: list[str], where: str) -> int:
    number = as_int(value, 0, INT64_MAX)
    if number is None:
        errors.append(f"{where}: {name} {str(value)[:30]!r} is not a time in [0, 2^63) ns; 0 kept")
        return 0
    return number


def _clean_text(value: Any, name: str, errors: list[str], where: str, limits: Limits) -> str:
    if isinstance(value, str) and len(value) <= limits.max_value_bytes:
        return value
    errors.append(f"{where}: {name} is {type(value).__name__}{' (too long)' if isinstance(value, str) else ''}, not a name; dropped")
    return ""


def clean_spans(spans: list[Span], limits: Limits = DEFAULT_LIMITS) -> list[Span]:
    """`clean_span` over one payload's spans; a resource shared by many spans is checked once."""
    resources: dict[int, tuple[dict[str, Any], list[str]]] = {}  # by id: the dicts live through this call
    out = []
    for span in spans:
        known = resources.get(id(span.resource))
        if known is None:
            errors: list[str] = []
            known = resources[id(span.resource)] = (clean_attributes(span.resource, limits, errors, "resource"), errors)
        cleaned, problems = known
        if cleaned is not span.resource:
            span = msgspec.structs.replace(span, resource=cleaned, errors=[*span.errors, *(f"span {span.span_id} {p}" for p in problems)])
        out.append(clean_span(span, limits, resource_checked=True))
    return out


def clean_span(span: Span, limits: Limits = DEFAULT_LIMITS, resource_checked: bool = False) -> Span:
    """The span with every value the store cannot hold repaired or dropped, each reported on it."""
    errors: list[str] = []
    where = f"span {span.span_id}"
    changes: dict[str, Any] = {}
    start, end = span.start_ns, span.end_ns
    if not (type(start) is int and 0 <= start <= INT64_MAX and type(end) is int and 0 <= end <= INT64_MAX):
        changes["start_ns"] = _clean_time(start, "start time", errors, where)
        changes["end_ns"] = _clean_time(end, "end time", errors, where)
    code, kind = span.status_code, span.kind
    if not (type(code) is int and 0 <= code <= INT32_MAX and type(kind) is int and 0 <= kind <= INT32_MAX):
        for name in ("status_code", "kind"):
            value = getattr(span, name)
            if not (type(value) is int and 0 <= value <= INT32_MAX):
                errors.append(f"{where}: {name} {str(value)[:30]!r} is not a small integer; 0 kept")
                changes[name] = 0
    for name in ("name", "status_message", "scope"):
        value = getattr(span, name)
        if not (type(value) is str and len(value) <= limits.max_value_bytes):
            changes[name] = _clean_text(value, name, errors, where, limits)
    attrs = clean_attributes(span.attributes, limits, errors, where)
    if attrs is not span.attributes:
        changes["attributes"] = attrs
    if span.resource and not resource_checked:
        resource = clean_attributes(span.resource, limits, errors, f"{where} resource")
        if resource is not span.resource:
            changes["resource"] = resource
    if span.events:
        events = _clean_events(span.events, limits, errors, where)
        if events is not span.events:
            changes["events"] = events
    if not changes and not errors:
        return span
    return msgspec.structs.replace(span, **changes, errors=[*span.errors, *errors])


def _clean_events(events: list[dict[str, Any]], limits: Limits, errors: list[str], where: str) -> list[dict[str, Any]]:
    out = []
    changed = False
    for event in events:
        name = event.get("name", "")
        attrs = event.get("attributes") or {}
        if not isinstance(name, str):
            errors.append(f"{where}: an event's name is {type(name).__name__}; dropped")
            name, changed = "", True
        if not isinstance(attrs, dict):
            attrs, changed = {}, True
        kept = clean_attributes(attrs, limits, errors, f"{where} event {name[:40]!r}")
        changed = changed or kept is not attrs
        out.append({"name": name, "attributes": kept})
    return out if changed else events


# --- runs read ready-made ------------------------------------------------------------------------


def _any(value: Any, name: str, limits: Limits, errors: list[str], where: str) -> Any:
    problem = value_problem(value, limits)
    if problem is None:
        return value
    errors.append(f"{where}: {name} dropped: {problem}")
    return None


def _int_field(value: Any, name: str, high: int, errors: list[str], where: str, default: Any) -> Any:
    if value is None or (type(value) is int and 0 <= value <= high):
        return value
    errors.append(f"{where}: {name} {str(value)[:30]} outside [0, {high}]; {default!r} kept")
    return default


def clean_step(step: Step, limits: Limits, errors: list[str], where: str) -> Step:
    here = f"{where} step {step.step_id[:40]}"
    changes: dict[str, Any] = {}
    for name, high, default in (
        ("order", INT32_MAX, 0), ("http_status", INT32_MAX, None), ("attempt", INT32_MAX, 1),
        ("started_at", INT64_MAX, 0), ("ended_at", INT64_MAX, 0),
        ("input_tokens", INT64_MAX, None), ("output_tokens", INT64_MAX, None),
    ):
        value = getattr(step, name)
        kept = _int_field(value, name, high, errors, here, default)
        if kept is not value:
            changes[name] = kept
    for name in ("args", "result"):
        value = getattr(step, name)
        if value is not None and not isinstance(value, str | int | float):
            kept = _any(value, name, limits, errors, here)
            if kept is not value:
                changes[name] = kept
    if step.attributes:
        attrs = clean_attributes(step.attributes, limits, errors, here)
        if attrs is not step.attributes:
            changes["attributes"] = attrs
    return msgspec.structs.replace(step, **changes) if changes else step


def clean_run(run: Run, limits: Limits = DEFAULT_LIMITS) -> Run:
    """A ready-made run with every value the store cannot hold repaired or dropped, each reported."""
    errors: list[str] = []
    where = f"run {run.run_id[:60]}"
    changes: dict[str, Any] = {}
    for name in ("started_at", "ended_at"):
        value = getattr(run, name)
        kept = _int_field(value, name, INT64_MAX, errors, where, 0)
        if kept is not value:
            changes[name] = kept
    for name in ("input", "output"):
        value = getattr(run, name)
        if value is not None and not isinstance(value, str | int | float):
            kept = _any(value, name, limits, errors, where)
            if kept is not value:
                changes[name] = kept
    steps = [clean_step(s, limits, errors, where) for s in run.steps]
    if any(a is not b for a, b in zip(steps, run.steps, strict=True)):
        changes["steps"] = steps
    sources = []
    for source in run.sources:
        if source.metadata and value_problem(source.metadata, limits):
            errors.append(f"{where}: source {source.source_id[:40]} metadata dropped")
            source = msgspec.structs.replace(source, metadata={})
        sources.append(source)
    if any(a is not b for a, b in zip(sources, run.sources, strict=True)):
        changes["sources"] = sources
    if not errors:
        return run
    return msgspec.structs.replace(run, **changes, errors=[*run.errors, *errors])


__all__ = ["as_int", "clean_attributes", "clean_run", "clean_span", "clean_spans", "value_problem"]
