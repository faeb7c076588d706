"""Spans of world B's agents in three conventions: OpenLLMetry (`traceloop.*`, indexed `gen_ai.prompt.N.*`),
the OpenTelemetry GenAI conventions and OpenInference, written with the real OpenTelemetry SDK."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer

from veracity.workload.world_b.agents import GENAI, OPENINFERENCE, OPENLLMETRY

Attrs = dict[str, str | int | float | bool]


def sid(span: Span) -> str:
    return f"{span.get_span_context().span_id:016x}"


def _genai_msgs(msgs: Sequence[tuple[str, str]]) -> str:
    return json.dumps([{"role": role, "parts": [{"type": "text", "content": text}]} for role, text in msgs],
                      ensure_ascii=False)


@dataclass
class SpanWriter:
    tracer: Tracer
    convention: str

    def _open(self, name: str, parent: Span | None, attrs: Attrs, start: int, kind: SpanKind) -> Span:
        ctx = trace.set_span_in_context(parent) if parent is not None else None
        return self.tracer.start_span(name, context=ctx, kind=kind, attributes=attrs, start_time=start)

    def root(self, agent: str, version: str, model: str, query: dict[str, object], extra: Attrs, start: int) -> Span:
        text = json.dumps(query, ensure_ascii=False)
        if self.convention == OPENLLMETRY:
            attrs: Attrs = {"traceloop.span.kind": "workflow", "traceloop.workflow.name": agent,
                            "traceloop.entity.name": agent,
                            "traceloop.entity.input": json.dumps({"args": [], "kwargs": query}, ensure_ascii=False)}
            name = f"{agent}.workflow"
        elif self.convention == GENAI:
            attrs = {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": agent, "gen_ai.agent.version": version,
                     "gen_ai.request.model": model, "gen_ai.input.messages": _genai_msgs([("user", text)])}
            name = f"invoke_agent {agent}"
        else:
            attrs = {"openinference.span.kind": "AGENT", "agent.name": agent, "input.value": text,
                     "input.mime_type": "application/json", "metadata": json.dumps({"version": version})}
            name = agent
        attrs.update(extra)
        return self._open(name, None, attrs, start, SpanKind.SERVER)

    def close_root(self, span: Span, output: dict[str, object], end: int) -> None:
        text = json.dumps(output, ensure_ascii=False)
        if self.convention == OPENLLMETRY:
            span.set_attribute("traceloop.entity.output", text)
        elif self.convention == GENAI:
            span.set_attribute("gen_ai.output.messages", _genai_msgs([("assistant", text)]))
        else:
            span.set_attribute("output.value", text)
            span.set_attribute("output.mime_type", "application/json")
        span.end(end_time=end)

    def tool(self, parent: Span, tool: str, args: dict[str, object], result: str, start: int, end: int,
             http: int | None, resend: int, url: str | None) -> str:
        a = json.dumps(args, ensure_ascii=False)
        if self.convention == OPENLLMETRY:
            attrs: Attrs = {"traceloop.span.kind": "tool", "traceloop.entity.name": tool,
                            "traceloop.entity.input": json.dumps({"args": [], "kwargs": args}, ensure_ascii=False),
                            "traceloop.entity.output": result}
            name = f"{tool}.tool"
        elif self.convention == GENAI:
            attrs = {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool,
                     "gen_ai.tool.call.arguments": a, "gen_ai.tool.call.result": result}
            name = f"execute_tool {tool}"
        else:
            attrs = {"openinference.span.kind": "TOOL", "tool.name": tool, "tool.parameters": a, "input.value": a,
                     "output.value": result}
            name = tool
        if http is not None:
            attrs["http.response.status_code"] = http
        if resend:
            attrs["http.request.resend_count"] = resend
        if url:
            attrs["url.full"] = url
        span = self._open(name, parent, attrs, start, SpanKind.CLIENT)
        if http is not None and http >= 400:
            span.set_status(Status(StatusCode.ERROR, f"{http}"))
        span.end(end_time=end)
        return sid(span)

    def documents(self, parent: Span, tool: str, query: str, docs: list[dict[str, str]], start: int, end: int) -> str:
        """Search results as OpenInference retrieval documents (other conventions: a tool returning JSON)."""
        if self.convention != OPENINFERENCE:
            return self.tool(parent, tool, {"q": query}, json.dumps(docs, ensure_ascii=False), start, end, None, 0, None)
        attrs: Attrs = {"openinference.span.kind": "RETRIEVER", "input.value": query}
        for i, d in enumerate(docs):
            attrs[f"retrieval.documents.{i}.document.id"] = d["link"]
            attrs[f"retrieval.documents.{i}.document.content"] = f"{d['title']} — {d['snippet']}"
            attrs[f"retrieval.documents.{i}.document.metadata"] = json.dumps({"url": d["link"]})
        span = self._open(tool, parent, attrs, start, SpanKind.INTERNAL)
        span.end(end_time=end)
        return sid(span)

    def chat(self, parent: Span, step: str, model: str, provider: str, prompt: str,
             msgs: Sequence[tuple[str, str]], reply: str, start: int, end: int) -> str:
        if self.convention == OPENLLMETRY:
            attrs: Attrs = {"llm.request.type": "chat", "gen_ai.system": provider, "gen_ai.request.model": model,
                            "gen_ai.response.model": model, "traceloop.entity.name": step,
                            "gen_ai.usage.prompt_tokens": sum(len(m) for _, m in msgs) // 4,
                            "gen_ai.usage.completion_tokens": len(reply) // 4, "veracity.prompt_version": prompt}
            for i, (role, text) in enumerate(msgs):
                attrs[f"gen_ai.prompt.{i}.role"] = role
                attrs[f"gen_ai.prompt.{i}.content"] = text
            attrs["gen_ai.completion.0.role"] = "assistant"
            attrs["gen_ai.completion.0.content"] = reply
            name = f"{provider}.chat"
        elif self.convention == GENAI:
            attrs = {"gen_ai.operation.name": "chat", "gen_ai.provider.name": provider, "gen_ai.request.model": model,
                     "gen_ai.input.messages": _genai_msgs(msgs), "gen_ai.output.messages": _genai_msgs(
                         [("assistant", reply)]), "gen_ai.prompt.version": prompt}
            name = f"chat {model}"
        else:
            attrs = {"openinference.span.kind": "LLM", "llm.model_name": model, "llm.provider": provider,
                     "llm.prompt_template.version": prompt, "output.value": reply}
            for i, (role, text) in enumerate(msgs):
                attrs[f"llm.input_messages.{i}.message.role"] = role
                attrs[f"llm.input_messages.{i}.message.content"] = text
            attrs["llm.output_messages.0.message.role"] = "assistant"
            attrs["llm.output_messages.0.message.content"] = reply
            name = step
        span = self._open(name, parent, attrs, start, SpanKind.CLIENT)
        span.end(end_time=end)
        return sid(span)
