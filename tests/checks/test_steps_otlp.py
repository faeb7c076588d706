"""Real OTLP traces for the steps check's tests: OpenTelemetry SDK spans → protobuf → ingest → Run.

The helpers here are shared by `test_steps.py` and `test_steps_retries.py`; the tests here
check that the traces reach the run model as the steps check expects.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Status, StatusCode, set_span_in_context

from tests.checks.calls import call
from veracity.checks import steps
from veracity.checks.context import Context
from veracity.checks.steps.learned import StepsLearned
from veracity.ingest import assemble, decode
from veracity.model import Finding, Run

_EXPORTER = InMemorySpanExporter()
_PROVIDER = TracerProvider()
_PROVIDER.add_span_processor(SimpleSpanProcessor(_EXPORTER))
_TRACER = _PROVIDER.get_tracer("veracity.tests.steps")
_CLOCK = itertools.count(1_772_409_600 * 10**9, 10**7)


@dataclass
class Tool:
    """A tool call span. `convention` is `oi` (OpenInference) or `genai` (OpenTelemetry GenAI)."""

    name: str
    args: Any
    result: str | None
    http: int | None = None
    resend: int | None = None
    error: str | None = None
    convention: str = "oi"
    kind: str = "TOOL"  # OpenInference span kind: TOOL or RETRIEVER


@dataclass
class Model:
    """A model call span with its messages and reply."""

    reply: str
    model: str = "gpt-4.1"
    prompt: str = "Extract the company profile from the tool results."
    convention: str = "oi"
    error: str | None = None


@dataclass
class Agent:
    calls: list[Tool | Model]
    output: Any = field(default_factory=lambda: {"name": "Acme Robotics", "domain": "acmerobotics.io"})
    query: Any = field(default_factory=lambda: {"company": "Acme Robotics"})
    convention: str = "oi"


def _tool_attrs(c: Tool) -> dict[str, Any]:
    args = c.args if isinstance(c.args, str) else json.dumps(c.args)
    if c.convention == "oi":
        attrs: dict[str, Any] = {"openinference.span.kind": c.kind, "tool.name": c.name, "input.value": args}
        if c.result is not None:
            attrs["output.value"] = c.result
    else:
        attrs = {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": c.name, "gen_ai.tool.call.arguments": args}
        if c.result is not None:
            attrs["gen_ai.tool.call.result"] = c.result
    if c.http is not None:
        attrs["http.response.status_code"] = c.http
    if c.resend is not None:
        attrs["http.request.resend_count"] = c.resend
    return attrs


def _model_attrs(c: Model) -> dict[str, Any]:
    if c.convention == "oi":
        return {
            "openinference.span.kind": "LLM",
            "llm.model_name": c.model,
            "llm.input_messages.0.message.role": "user",
            "llm.input_messages.0.message.content": c.prompt,
            "llm.output_messages.0.message.role": "assistant",
            "llm.output_messages.0.message.content": c.reply,
        }
    return {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": c.model,
        "gen_ai.input.messages": json.dumps([{"role": "user", "parts": [{"type": "text", "content": c.prompt}]}]),
        "gen_ai.output.messages": json.dumps([{"role": "assistant", "parts": [{"type": "text", "content": c.reply}]}]),
    }


def otlp(agent: Agent) -> bytes:
    """The agent's spans as an OTLP protobuf `ExportTraceServiceRequest`."""
    _EXPORTER.clear()
    if agent.convention == "oi":
        root_attrs: dict[str, Any] = {
            "openinference.span.kind": "AGENT",
            "input.value": json.dumps(agent.query),
            "output.value": json.dumps(agent.output),
        }
    else:
        root_attrs = {
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.agent.name": "enricher",
            "gen_ai.input.messages": json.dumps([{"role": "user", "parts": [{"type": "text", "content": json.dumps(agent.query)}]}]),
            "gen_ai.output.messages": json.dumps(
                [{"role": "assistant", "parts": [{"type": "text", "content": json.dumps(agent.output)}]}]
            ),
        }
    root = _TRACER.start_span("enrich", attributes=root_attrs, start_time=next(_CLOCK))
    ctx = set_span_in_context(root)
    for c in agent.calls:
        attrs = _tool_attrs(c) if isinstance(c, Tool) else _model_attrs(c)
        name = c.name if isinstance(c, Tool) else f"chat {c.model}"
        span = _TRACER.start_span(name, context=ctx, attributes=attrs, start_time=next(_CLOCK))
        if c.error is not None or (isinstance(c, Tool) and c.http is not None and c.http >= 400):
            span.set_status(Status(StatusCode.ERROR, c.error or f"HTTP {c.http}"))
        span.end(end_time=next(_CLOCK))
    root.end(end_time=next(_CLOCK))
    return bytes(encode_spans(_EXPORTER.get_finished_spans()).SerializeToString())


def make_run(calls: list[Tool | Model], convention: str = "oi", **kw: Any) -> Run:
    """One run from real OTLP protobuf, through `decode` and `assemble`."""
    decoded = decode(otlp(Agent(calls, convention=convention, **kw)), "application/x-protobuf")
    runs = assemble(decoded.spans)
    assert len(runs) == 1, decoded.errors
    return runs[0]


def tool(result: str | None, name: str = "fetch_page", args: Any = None, **kw: Any) -> Tool:
    return Tool(name, args if args is not None else {"url": "https://acmerobotics.io/about"}, result, **kw)


def learned_context(state: StepsLearned | None = None) -> Context:
    """A context carrying the steps check's state under its state key."""
    return Context(state={steps.NAME: state or StepsLearned()})


def run_check(run: Run, state: StepsLearned | None = None) -> list[Finding]:
    return call(steps.check, run, learned_context(state))


def silent(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == "silent_step_failure"]


def retries(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == "retry_masked"]


# --- the traces reach the run model as the check expects ------------------------------------------


def test_openinference_tool_span_becomes_a_tool_step() -> None:
    run = make_run([tool("<html><body>ok</body></html>", http=200)])
    [step] = [s for s in run.steps if s.kind == "tool"]
    assert step.name == "fetch_page"
    assert step.args == {"url": "https://acmerobotics.io/about"}
    assert step.result == "<html><body>ok</body></html>"
    assert step.http_status == 200
    assert step.status == "unset"


def test_genai_tool_span_with_resend_count_becomes_a_numbered_attempt() -> None:
    run = make_run(
        [
            tool("{}", name="lookup", args={"domain": "acme.io"}, http=429, convention="genai"),
            tool('{"name": "Acme"}', name="lookup", args={"domain": "acme.io"}, http=200, resend=1, convention="genai"),
        ],
        convention="genai",
    )
    calls = [s for s in run.steps if s.kind == "tool"]
    assert [s.attempt for s in calls] == [1, 2]
    assert [s.status for s in calls] == ["error", "unset"]
    assert run.output == {"name": "Acme Robotics", "domain": "acmerobotics.io"}


def test_model_span_carries_its_reply_as_result() -> None:
    run = make_run([Model("I'm sorry, but I can't help with that.")])
    [step] = [s for s in run.steps if s.kind == "llm"]
    assert step.result == "I'm sorry, but I can't help with that."
    assert step.model == "gpt-4.1"
