"""Traces made by the real OpenTelemetry SDK, in both conventions, for tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from google.protobuf.json_format import MessageToDict
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Status, StatusCode, Tracer

PROFILE = {"legal_name": "Acme Robotics, Inc.", "domain": "acmerobotics.io", "employee_count": 230, "revenue": "$12.5M"}
FIRMO = {"name": "Acme Robotics", "domain": "acmerobotics.io", "employees": 230, "revenue_usd": 12_500_000}


@contextmanager
def recording(service: str = "enricher-test") -> Iterator[tuple[Tracer, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": service, "service.version": "1.2.3"}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield provider.get_tracer("tests"), exporter
    provider.shutdown()


def openinference_run(
    tracer: Tracer,
    output: Any = PROFILE,
    pair_key: str | None = None,
    tool_result: Any = FIRMO,
    extra_root: dict[str, Any] | None = None,
) -> None:
    """An OpenInference agent: retriever, tool, LLM; JSON input and output."""
    with tracer.start_as_current_span("enrich") as root:
        root.set_attribute("openinference.span.kind", "AGENT")
        root.set_attribute("input.value", json.dumps({"company": "Acme Robotics", "domain": "acmerobotics.io"}))
        root.set_attribute("input.mime_type", "application/json")
        root.set_attribute("session.id", "sess-1")
        root.set_attribute("user.id", "user-1")
        if pair_key:
            root.set_attribute("veracity.pair_key", pair_key)
        for key, value in (extra_root or {}).items():
            root.set_attribute(key, value)
        with tracer.start_as_current_span("search") as s:
            s.set_attribute("openinference.span.kind", "RETRIEVER")
            s.set_attribute("input.value", "Acme Robotics")
            s.set_attribute("retrieval.documents.0.document.id", "doc-1")
            s.set_attribute("retrieval.documents.0.document.content", "Acme Robotics (acmerobotics.io) employs about 230 people.")
            s.set_attribute("retrieval.documents.0.document.metadata", json.dumps({"url": "https://news.example/acme"}))
            s.set_attribute("retrieval.documents.1.document.id", "doc-2")
            s.set_attribute("retrieval.documents.1.document.content", "Acme Robotic Systems (acmerobotic.com) has 1,200 staff.")
        with tracer.start_as_current_span("firmographics") as t:
            t.set_attribute("openinference.span.kind", "TOOL")
            t.set_attribute("tool.name", "firmographics")
            t.set_attribute("input.value", json.dumps({"domain": "acmerobotics.io"}))
            t.set_attribute("output.value", tool_result if isinstance(tool_result, str) else json.dumps(tool_result))
        with tracer.start_as_current_span("extract") as llm:
            llm.set_attribute("openinference.span.kind", "LLM")
            llm.set_attribute("llm.model_name", "claude-sonnet-4")
            llm.set_attribute("llm.prompt_template.version", "p-7")
            llm.set_attribute("llm.input_messages.0.message.role", "user")
            llm.set_attribute("llm.input_messages.0.message.content", "Extract the profile")
            llm.set_attribute("llm.input_messages.1.message.role", "tool")
            llm.set_attribute("llm.input_messages.1.message.content", "registry says: founded 2011")
            llm.set_attribute("llm.output_messages.0.message.role", "assistant")
            llm.set_attribute("llm.output_messages.0.message.content", json.dumps(output))
        root.set_attribute("output.value", output if isinstance(output, str) else json.dumps(output))
        root.set_attribute("output.mime_type", "application/json")


def genai_run(tracer: Tracer, output: Any = PROFILE, pair_key: str | None = None, under_handler: bool = False,
              error: bool = False, resend: bool = False) -> None:
    """A GenAI-conventions agent, optionally below a non-agent HTTP handler span."""
    def body() -> None:
        with tracer.start_as_current_span("invoke_agent enricher") as root:
            root.set_attribute("gen_ai.operation.name", "invoke_agent")
            root.set_attribute("gen_ai.agent.name", "enricher")
            root.set_attribute("gen_ai.agent.version", "2.0")
            root.set_attribute("gen_ai.conversation.id", "conv-1")
            root.set_attribute(
                "gen_ai.input.messages",
                json.dumps([{"role": "user", "parts": [{"type": "text", "content": json.dumps({"company": "Acme Robotics"})}]}]),
            )
            if pair_key:
                root.set_attribute("veracity.pair_key", pair_key)
            with tracer.start_as_current_span("chat gpt-4.1") as llm:
                llm.set_attribute("gen_ai.operation.name", "chat")
                llm.set_attribute("gen_ai.request.model", "gpt-4.1")
                llm.set_attribute("gen_ai.response.model", "gpt-4.1-2025-04-14")
                llm.set_attribute("gen_ai.usage.input_tokens", 120)
                llm.set_attribute("gen_ai.usage.output_tokens", 40)
                llm.set_attribute(
                    "gen_ai.input.messages",
                    json.dumps([
                        {"role": "user", "parts": [{"type": "text", "content": "profile Acme"}]},
                        {"role": "tool", "parts": [{"type": "tool_call_response", "id": "c1", "response": "HQ: 12 Market St"}]},
                    ]),
                )
            attempts = 2 if resend else 1
            for attempt in range(attempts):
                with tracer.start_as_current_span("execute_tool firmographics") as t:
                    t.set_attribute("gen_ai.operation.name", "execute_tool")
                    t.set_attribute("gen_ai.tool.name", "firmographics")
                    t.set_attribute("gen_ai.tool.call.arguments", json.dumps({"domain": "acmerobotics.io"}))
                    if resend:
                        t.set_attribute("http.request.resend_count", attempt)
                    t.set_attribute("http.response.status_code", 429 if resend and attempt == 0 else 200)
                    t.set_attribute("gen_ai.tool.call.result", json.dumps(FIRMO))
            root.set_attribute(
                "gen_ai.output.messages",
                json.dumps([{"role": "assistant", "parts": [{"type": "text", "content": json.dumps(output)}]}]),
            )
            if error:
                root.set_status(Status(StatusCode.ERROR, "agent gave up"))

    if under_handler:
        with tracer.start_as_current_span("POST /enrich") as handler:
            handler.set_attribute("http.request.method", "POST")
            body()
    else:
        body()


def to_protobuf(spans: list[ReadableSpan] | tuple[ReadableSpan, ...]) -> bytes:
    return encode_spans(list(spans)).SerializeToString()


def to_json(spans: list[ReadableSpan] | tuple[ReadableSpan, ...], hex_ids: bool = True) -> dict[str, Any]:
    """OTLP JSON; hex ids as the OTLP JSON rule says, or base64 as protobuf's printer writes."""
    doc = MessageToDict(encode_spans(list(spans)))
    if hex_ids:
        import base64

        for rs in doc.get("resourceSpans", []):
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    for key in ("traceId", "spanId", "parentSpanId"):
                        if s.get(key):
                            s[key] = base64.b64decode(s[key]).hex()
    return doc


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)
