"""Span writers for the two conventions the agents speak: OpenInference and OpenTelemetry GenAI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from openinference.semconv.trace import (
    DocumentAttributes,
    MessageAttributes,
    OpenInferenceSpanKindValues,
    SpanAttributes,
)
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer

OI = "openinference"
GENAI = "genai"
KIND = SpanAttributes.OPENINFERENCE_SPAN_KIND
JSON_MIME = "application/json"

Attrs = dict[str, str | int | float | bool]


def span_id(span: Span) -> str:
    return f"{span.get_span_context().span_id:016x}"


@dataclass
class Writer:
    """Opens and closes the spans of one run in one convention, at explicit simulated times."""

    tracer: Tracer
    convention: str

    def _start(self, name: str, parent: Span | None, attrs: Attrs, start: int, kind: SpanKind = SpanKind.INTERNAL) -> Span:
        ctx = trace.set_span_in_context(parent) if parent is not None else None
        return self.tracer.start_span(name, context=ctx, kind=kind, attributes=attrs, start_time=start)

    def wrapper(self, name: str, attrs: Attrs, start: int, server: bool) -> Span:
        """A non-agent span above the run (an HTTP handler or a job runner)."""
        return self._start(name, None, attrs, start, SpanKind.SERVER if server else SpanKind.INTERNAL)

    def agent(self, parent: Span | None, name: str, agent: str, version: str, model: str, query: dict[str, object],
              session: str, user: str, extra: Attrs, start: int) -> Span:
        text = json.dumps(query)
        if self.convention == OI:
            attrs: Attrs = {KIND: OpenInferenceSpanKindValues.AGENT.value, SpanAttributes.AGENT_NAME: agent,
                            SpanAttributes.INPUT_VALUE: text, SpanAttributes.INPUT_MIME_TYPE: JSON_MIME,
                            SpanAttributes.SESSION_ID: session, SpanAttributes.USER_ID: user,
                            SpanAttributes.METADATA: json.dumps({"agent_version": version, "model": model}),
                            "veracity.agent_version": version}
        else:
            attrs = {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": agent,
                     "gen_ai.agent.version": version, "gen_ai.conversation.id": session, "user.id": user,
                     "gen_ai.request.model": model,
                     "gen_ai.input.messages": _genai_messages([("user", text)])}
            name = f"invoke_agent {agent}"
        attrs.update(extra)
        return self._start(name, parent, attrs, start)

    def finish_agent(self, span: Span, output: dict[str, object], end: int) -> None:
        text = json.dumps(output, ensure_ascii=False)
        if self.convention == OI:
            span.set_attribute(SpanAttributes.OUTPUT_VALUE, text)
            span.set_attribute(SpanAttributes.OUTPUT_MIME_TYPE, JSON_MIME)
        else:
            span.set_attribute("gen_ai.output.messages", _genai_messages([("assistant", text)], finish=True))
        span.end(end_time=end)

    def tool(self, parent: Span, tool: str, args: dict[str, object], result: str, start: int, end: int,
             http_status: int | None = None, resend: int | None = None, url: str | None = None,
             call_id: str = "") -> str:
        arg_text = json.dumps(args, ensure_ascii=False)
        if self.convention == OI:
            attrs: Attrs = {KIND: OpenInferenceSpanKindValues.TOOL.value, SpanAttributes.TOOL_NAME: tool,
                            SpanAttributes.INPUT_VALUE: arg_text, SpanAttributes.INPUT_MIME_TYPE: JSON_MIME,
                            SpanAttributes.OUTPUT_VALUE: result,
                            SpanAttributes.OUTPUT_MIME_TYPE: JSON_MIME if result[:1] in "[{" and result else "text/plain"}
            name = tool
        else:
            attrs = {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool, "gen_ai.tool.type": "function",
                     "gen_ai.tool.call.id": call_id, "gen_ai.tool.call.arguments": arg_text,
                     "gen_ai.tool.call.result": result}
            name = f"execute_tool {tool}"
        if http_status is not None:
            attrs["http.response.status_code"] = http_status
        if resend:
            attrs["http.request.resend_count"] = resend
        if url:
            attrs["url.full"] = url
        span = self._start(name, parent, attrs, start, SpanKind.CLIENT if http_status is not None else SpanKind.INTERNAL)
        if http_status is not None and http_status >= 400:
            span.set_status(Status(StatusCode.ERROR, f"HTTP {http_status}"))
        span.end(end_time=end)
        return span_id(span)

    def retriever(self, parent: Span, name: str, query: str, docs: Sequence[dict[str, str]], start: int, end: int) -> str:
        """A search step as OpenInference RETRIEVER (documents) or a GenAI tool call (JSON result)."""
        if self.convention != OI:
            return self.tool(parent, name, {"query": query}, json.dumps(list(docs), ensure_ascii=False), start, end)
        attrs: Attrs = {KIND: OpenInferenceSpanKindValues.RETRIEVER.value, SpanAttributes.INPUT_VALUE: query}
        prefix = SpanAttributes.RETRIEVAL_DOCUMENTS
        for i, d in enumerate(docs):
            attrs[f"{prefix}.{i}.{DocumentAttributes.DOCUMENT_ID}"] = d["url"]
            attrs[f"{prefix}.{i}.{DocumentAttributes.DOCUMENT_CONTENT}"] = f"{d['title']}\n{d['snippet']}"
            attrs[f"{prefix}.{i}.{DocumentAttributes.DOCUMENT_METADATA}"] = json.dumps({"url": d["url"], "title": d["title"]})
            attrs[f"{prefix}.{i}.{DocumentAttributes.DOCUMENT_SCORE}"] = round(0.95 - 0.07 * i, 3)
        span = self._start(name, parent, attrs, start)
        span.end(end_time=end)
        return span_id(span)

    def llm(self, parent: Span, name: str, model: str, response_model: str, provider: str, prompt_version: str,
            messages: Sequence[tuple[str, str]], reply: str, start: int, end: int) -> str:
        """A simulated model call with its messages and token counts."""
        tin = sum(len(c) for _, c in messages) // 4 + 12
        tout = len(reply) // 4 + 3
        if self.convention == OI:
            attrs: Attrs = {KIND: OpenInferenceSpanKindValues.LLM.value, SpanAttributes.LLM_MODEL_NAME: response_model,
                            SpanAttributes.LLM_PROVIDER: provider,
                            SpanAttributes.LLM_PROMPT_TEMPLATE_VERSION: prompt_version,
                            SpanAttributes.LLM_TOKEN_COUNT_PROMPT: tin, SpanAttributes.LLM_TOKEN_COUNT_COMPLETION: tout,
                            SpanAttributes.LLM_TOKEN_COUNT_TOTAL: tin + tout, SpanAttributes.OUTPUT_VALUE: reply}
            for i, (role, content) in enumerate(messages):
                base = f"{SpanAttributes.LLM_INPUT_MESSAGES}.{i}."
                attrs[base + MessageAttributes.MESSAGE_ROLE] = role
                attrs[base + MessageAttributes.MESSAGE_CONTENT] = content
            out = f"{SpanAttributes.LLM_OUTPUT_MESSAGES}.0."
            attrs[out + MessageAttributes.MESSAGE_ROLE] = "assistant"
            attrs[out + MessageAttributes.MESSAGE_CONTENT] = reply
        else:
            attrs = {"gen_ai.operation.name": "chat", "gen_ai.provider.name": provider, "gen_ai.request.model": model,
                     "gen_ai.response.model": response_model, "gen_ai.usage.input_tokens": tin,
                     "gen_ai.usage.output_tokens": tout, "gen_ai.response.finish_reasons": "stop",
                     "gen_ai.input.messages": _genai_messages(messages),
                     "gen_ai.output.messages": _genai_messages([("assistant", reply)], finish=True)}
            name = f"chat {model}"
        span = self._start(name, parent, attrs, start, SpanKind.CLIENT)
        span.end(end_time=end)
        return span_id(span)


def _genai_messages(messages: Sequence[tuple[str, str]], finish: bool = False) -> str:
    out: list[dict[str, object]] = []
    for i, (role, content) in enumerate(messages):
        if role == "tool":
            part: dict[str, object] = {"type": "tool_call_response", "id": f"call_{i}", "response": content}
        else:
            part = {"type": "text", "content": content}
        msg: dict[str, object] = {"role": role, "parts": [part]}
        if finish:
            msg["finish_reason"] = "stop"
        out.append(msg)
    return json.dumps(out, ensure_ascii=False)
