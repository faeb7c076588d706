"""Fingerprinted evidence: record the typed facts of a sensitive tool result, never its text.

A team that may not log raw tool arguments or results can still have its runs checked. Before a
span leaves the process, the values in each sensitive attribute (money, counts, dates, domains,
emails, phones, addresses, organisation and person names, identifiers: what
:func:`veracity.values.index_text` finds) are normalised and replaced by salted fingerprints
(HMAC-SHA256 of the canonical normal form, keyed with a per-project secret)::

    {"veracity.fingerprints": [{"t": "money", "h": "9f2c…", "l": "revenue_usd", "r": 0}, …]}

`t` is the value's type, `h` the fingerprint (first 16 hex digits), `l` the label the value
stood under (a JSON key or the noun after it: an attribute name, not a value), `p` where it
stood (a character offset), `r` the JSON record it came from (for lists of records). veracity grounds an output value by fingerprinting it
with the same secret (`[privacy] secret_env`, default `VERACITY_FINGERPRINT_SECRET`) and
looking it up.

What can be checked this way:

- exact and normalised equality: "$12.5M" in the output against 12500000 under `revenue_usd`,
  "ACME ROBOTICS" against "Acme Robotics, Inc.", phone numbers however written, dates, domains,
  identifiers, e-mail addresses, person names (first initial and last name);
- numbers within a tolerance only as far as the buckets go: money and percentages fall in
  logarithmic buckets 4% wide, approximate counts in 10% buckets, and the lookup probes the
  neighbouring buckets, so values within about 4% (10%) match and values more than about 8%
  (20%) apart never do; in between depends on where the bucket edges fall. Exact counts,
  years and dates match only when equal.

What cannot, or only weakly:

- contradictions: a fingerprint that differs says "another value", not which one, so a wrong
  value in the output is reported as unsupported rather than contradicted;
- entity attribution (which company a fact is about) works from the entity anchors the payload
  keeps (`"t": "e"`: fingerprints of the names, domains and countries a text names, and where)
  and the position `p` of every fact, so the entity check groups records as on the raw text;
  the surrounding wording is gone;
- free-text claims are matched fact by fact; the wording around a fact is gone, so a claim
  whose number is right but whose subject is wrong is not caught;
- silent step failures (error pages, rate-limit text under a 200) cannot be read from
  fingerprints: fingerprint only attributes that hold data, not status;
- a fingerprint is only as private as the value space is large: a year or a small count can
  be found by trying every value with the secret, so keep the secret secret.

Use :class:`FingerprintingSpanProcessor` around the exporting processor, or
:class:`FingerprintingSpanExporter` around the exporter; both rewrite a copy of each ended span
(the SDK's `ReadableSpan` is immutable once ended) and pass the copy on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

from veracity.evidence import (
    DEFAULT_SECRET_ENV,
    PAYLOAD_KEY,
    candidates,
    digest,
    facts,
    parse_payload,
    payload,
    secret_from_env,
)
from veracity.values import ValueType

#: Attributes that hold a tool's arguments or result in the conventions veracity reads.
TOOL_RESULT_KEYS = ("output.value", "gen_ai.tool.call.result", "traceloop.entity.output")
TOOL_ARG_KEYS = ("input.value", "gen_ai.tool.call.arguments", "traceloop.entity.input")
_TOOL_NAME_KEYS = ("gen_ai.tool.name", "tool.name", "traceloop.entity.name")
_DOC_CONTENT = ".document.content"

__all__ = [
    "PAYLOAD_KEY",
    "FingerprintingSpanExporter",
    "FingerprintingSpanProcessor",
    "Policy",
    "candidates",
    "digest",
    "facts",
    "fingerprint_attributes",
    "fingerprint_span",
    "fingerprint_text",
    "parse_payload",
    "payload",
]


@dataclass(frozen=True)
class Policy:
    """What to fingerprint: tools by name (`"*"` for every tool), results and/or arguments,
    retrieved documents, tool-role messages handed to models, and any extra attribute keys."""

    tools: frozenset[str] = frozenset({"*"})
    results: bool = True
    arguments: bool = True
    documents: bool = True
    messages: bool = True
    attributes: frozenset[str] = field(default_factory=frozenset)

    def covers(self, tool: str | None) -> bool:
        return "*" in self.tools or (tool is not None and tool in self.tools)


def _tool_name(attrs: Mapping[str, Any]) -> str | None:
    return next((str(attrs[k]) for k in _TOOL_NAME_KEYS if attrs.get(k)), None)


def _is_tool(attrs: Mapping[str, Any]) -> bool:
    kind = str(attrs.get("openinference.span.kind", "")).upper()
    op = attrs.get("gen_ai.operation.name")
    return kind in ("TOOL", "RETRIEVER") or op == "execute_tool" or attrs.get("traceloop.span.kind") == "tool"


def _tool_messages_genai(value: str, secret: bytes) -> str:
    try:
        messages = json.loads(value)
    except ValueError:
        return value
    if not isinstance(messages, list):
        return value
    for message in messages:
        for part in message.get("parts") or [] if isinstance(message, dict) else []:
            if isinstance(part, dict) and part.get("type") == "tool_call_response":
                for k in ("response", "result"):
                    if k in part:
                        raw = part[k] if isinstance(part[k], str) else json.dumps(part[k])
                        part[k] = payload(raw, secret)
        if isinstance(message, dict) and message.get("role") == "tool" and isinstance(message.get("content"), str):
            message["content"] = payload(message["content"], secret)
    return json.dumps(messages, ensure_ascii=False)


def _indexed_tool_messages(attrs: Mapping[str, Any]) -> Iterator[str]:
    """Keys of the content of tool-role messages in indexed message attributes."""
    for prefix, role, content in (("llm.input_messages.", "message.role", "message.content"),
                                  ("gen_ai.prompt.", "role", "content")):
        for key, value in attrs.items():
            if key.startswith(prefix) and key.endswith("." + role) and value == "tool":
                yield key[: -len(role)] + content


def fingerprint_attributes(attrs: Mapping[str, Any], secret: bytes, policy: Policy | None = None) -> dict[str, Any]:
    """A copy of a span's attributes with the sensitive values replaced by fingerprint payloads."""
    policy = policy or Policy()
    out = dict(attrs)
    targets: set[str] = {k for k in policy.attributes if k in out}
    if _is_tool(attrs) and policy.covers(_tool_name(attrs)):
        if policy.results:
            targets.update(k for k in TOOL_RESULT_KEYS if k in out)
        if policy.arguments:
            targets.update(k for k in TOOL_ARG_KEYS if k in out)
        if policy.documents:
            targets.update(k for k in out if k.startswith("retrieval.documents.") and k.endswith(_DOC_CONTENT))
            if "gen_ai.retrieval.documents" in out:
                targets.add("gen_ai.retrieval.documents")
    if policy.messages:
        targets.update(k for k in _indexed_tool_messages(attrs) if k in out)
        if isinstance(out.get("gen_ai.input.messages"), str):
            out["gen_ai.input.messages"] = _tool_messages_genai(out["gen_ai.input.messages"], secret)
    for key in targets:
        value = out[key]
        if value is None or value == "":
            continue
        text = value if isinstance(value, str) else json.dumps(value, default=str)
        if parse_payload(text) is None:
            out[key] = payload(text, secret)
    return out


def fingerprint_span(span: ReadableSpan, secret: bytes, policy: Policy | None = None) -> ReadableSpan:
    """A copy of an ended span whose sensitive attributes are fingerprinted."""
    attrs = fingerprint_attributes(span.attributes or {}, secret, policy)
    return ReadableSpan(
        name=span.name,
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=attrs,
        events=span.events,
        links=span.links,
        kind=span.kind,
        status=span.status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


class FingerprintingSpanProcessor(SpanProcessor):
    """Wraps the processor that exports (e.g. `BatchSpanProcessor`): it only ever sees fingerprinted copies.

    `provider.add_span_processor(FingerprintingSpanProcessor(BatchSpanProcessor(exporter), secret))`.
    """

    def __init__(self, downstream: SpanProcessor, secret: bytes | None = None, policy: Policy | None = None):
        key = secret or secret_from_env()
        if not key:
            raise ValueError(f"no fingerprint secret: pass one or set {DEFAULT_SECRET_ENV}")
        self.downstream, self.secret, self.policy = downstream, key, policy or Policy()

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        self.downstream.on_start(span, parent_context=parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        self.downstream.on_end(fingerprint_span(span, self.secret, self.policy))

    def shutdown(self) -> None:
        self.downstream.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.downstream.force_flush(timeout_millis)


class FingerprintingSpanExporter(SpanExporter):
    """Wraps an exporter: spans are fingerprinted just before export."""

    def __init__(self, downstream: SpanExporter, secret: bytes | None = None, policy: Policy | None = None):
        key = secret or secret_from_env()
        if not key:
            raise ValueError(f"no fingerprint secret: pass one or set {DEFAULT_SECRET_ENV}")
        self.downstream, self.secret, self.policy = downstream, key, policy or Policy()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self.downstream.export([fingerprint_span(s, self.secret, self.policy) for s in spans])

    def shutdown(self) -> None:
        self.downstream.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.downstream.force_flush(timeout_millis)


def fingerprint_text(text: str, secret: bytes | None = None) -> str:
    """The small helper: a fingerprint payload for one value, e.g. to set on a span by hand."""
    key = secret or secret_from_env()
    if not key:
        raise ValueError(f"no fingerprint secret: pass one or set {DEFAULT_SECRET_ENV}")
    return payload(text, key)


def value_types(entries: Iterable[dict[str, Any]]) -> set[ValueType]:
    """The types present in fingerprint entries (unknown names skipped)."""
    out = set()
    for e in entries:
        try:
            out.add(ValueType(str(e.get("t"))))
        except ValueError:
            continue
    return out
