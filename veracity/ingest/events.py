"""Content carried outside span attributes: OTLP log records and span events, read as attributes.

`fold_log_records(spans)` attaches each log record (a span record marked `veracity.log_record`,
see `otlp_logs`) to the span it names as one more event of it; records whose span never arrived
go to the earliest span of their trace. `with_event_content(span)` then reads the span's events
the way the GenAI conventions write them, into the attributes that `mapping` reads, where the
span does not carry them itself:

- `gen_ai.client.inference.operation.details`: its `gen_ai.input.messages`,
  `gen_ai.output.messages` and `gen_ai.system_instructions`;
- `gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`,
  `gen_ai.tool.message` (body `{content, tool_calls, id}`): the input messages, in order;
- `gen_ai.choice` (body `{index, finish_reason, message: {content, tool_calls}}`): the output messages;
- the older `gen_ai.content.prompt` / `gen_ai.content.completion` events (`gen_ai.prompt`, `gen_ai.completion`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import msgspec

from veracity.ingest import conventions as c
from veracity.ingest.spans import Span


def is_log_record(span: Span) -> bool:
    return span.attributes.get(c.VERACITY_LOG_RECORD) is True


def _as_event(record: Span) -> dict[str, Any]:
    attrs = {k: v for k, v in record.attributes.items() if k not in (c.VERACITY_LOG_RECORD, c.EVENT_NAME)}
    return {"name": record.name, "attributes": attrs, "time_ns": record.start_ns}


def fold_log_records(spans: list[Span]) -> list[Span]:
    """The trace's spans with its log records folded into their spans' events."""
    records = [s for s in spans if is_log_record(s)]
    if not records:
        return spans
    real = [s for s in spans if not is_log_record(s)]
    if not real:
        return []
    by_id = {s.span_id: s for s in real}
    earliest = min(real, key=lambda s: (s.start_ns, s.span_id)).span_id
    extra: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.start_ns, r.span_id)):
        home = record.parent_id if record.parent_id in by_id else earliest
        extra[home].append(_as_event(record))
    return [
        msgspec.structs.replace(s, events=[*s.events, *extra[s.span_id]]) if s.span_id in extra else s
        for s in real
    ]


def _tool_call_parts(calls: Any) -> list[dict[str, Any]]:
    parts = []
    for call in calls if isinstance(calls, list) else []:
        if not isinstance(call, dict):
            continue
        inner = call.get("function")
        fn: dict[str, Any] = inner if isinstance(inner, dict) else call
        parts.append({"type": "tool_call", "id": call.get("id"), "name": fn.get("name"),
                      "arguments": fn.get("arguments")})
    return parts


def _message(role: str, body: Any) -> dict[str, Any] | None:
    if isinstance(body, str):
        body = {"content": body}
    if not isinstance(body, dict):
        return None
    content = body.get("content")
    if role == "tool":
        if content is None:
            return None
        return {"role": "tool", "parts": [{"type": "tool_call_response", "id": body.get("id"), "response": content}]}
    parts: list[dict[str, Any]] = []
    if isinstance(content, str) and content:
        parts.append({"type": "text", "content": content})
    elif isinstance(content, list):
        parts.extend(p if isinstance(p, dict) else {"type": "text", "content": str(p)} for p in content)
    parts.extend(_tool_call_parts(body.get("tool_calls")))
    return {"role": str(body.get("role") or role), "parts": parts} if parts else None


def event_content(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The attributes that a span's events carry (see the module docstring)."""
    found: dict[str, Any] = {}
    inputs: list[dict[str, Any]] = []
    outputs: list[dict[str, Any]] = []
    for event in events:
        name, attrs = event.get("name", ""), event.get("attributes") or {}
        body = attrs.get("body")
        if name == c.GENAI_EVENT_DETAILS:
            for key in (c.GENAI_INPUT_MESSAGES, c.GENAI_OUTPUT_MESSAGES, c.GENAI_SYSTEM_INSTRUCTIONS):
                if attrs.get(key) is not None:
                    found.setdefault(key, attrs[key])
        elif name in c.GENAI_MESSAGE_EVENTS:
            message = _message(c.GENAI_MESSAGE_EVENTS[name], body)
            if message is not None:
                inputs.append(message)
        elif name == c.GENAI_EVENT_CHOICE and isinstance(body, dict):
            message = _message("assistant", body.get("message") or {})
            if message is not None:
                outputs.append(message)
        elif name == c.GENAI_EVENT_PROMPT and attrs.get(c.GENAI_EVENT_ATTR_PROMPT):
            inputs.append({"role": "user", "parts": [{"type": "text", "content": attrs[c.GENAI_EVENT_ATTR_PROMPT]}]})
        elif name == c.GENAI_EVENT_COMPLETION and attrs.get(c.GENAI_EVENT_ATTR_COMPLETION):
            outputs.append(
                {"role": "assistant", "parts": [{"type": "text", "content": attrs[c.GENAI_EVENT_ATTR_COMPLETION]}]}
            )
    if inputs:
        found.setdefault(c.GENAI_INPUT_MESSAGES, inputs)
    if outputs:
        found.setdefault(c.GENAI_OUTPUT_MESSAGES, outputs)
    return found


def with_event_content(span: Span) -> Span:
    """The span with what its events carry as attributes, where its own attributes do not say it."""
    if not span.events:
        return span
    found = {k: v for k, v in event_content(span.events).items() if span.attributes.get(k) in (None, "", [])}
    if not found:
        return span
    return msgspec.structs.replace(span, attributes={**span.attributes, **found})
