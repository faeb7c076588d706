"""The agents of the compatibility suite: one small enrichment agent per instrumentation setup.

Each setup is `f(scenario, model_url, tracer_provider, logger_provider)`, run in its own process
by `tests.compat.drive`. Every agent does the same work: it asks the model, the scripted model
calls `search_company`, the tool answers per scenario, the model answers with a JSON profile.
The scenario `capture_off` turns content capture off the way that instrumentation's users do
(its environment variable is set by `ENV` below, before the process starts).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from typing import Any

from tests.compat.scenarios import QUESTION, tool_result

MODEL = "gpt-4o-mini"
API_KEY = "sk-compat-test"
TOOL_SCHEMA = {
    "type": "function",
    "function": {
        "name": "search_company",
        "description": "Search the web for a company's profile.",
        "parameters": {"type": "object", "properties": {"company": {"type": "string"}}, "required": ["company"]},
    },
}


def _scenario() -> str:
    return os.environ.get("COMPAT_SCENARIO", "clean")


def search_company(company: str) -> str:
    """Search the web for a company's profile."""
    return tool_result(_scenario())


def openai_loop(client: Any, run_tool: Callable[[str, dict[str, Any], str], str]) -> str:
    """A hand-written tool loop over chat completions: what many agents in production are."""
    messages: list[dict[str, Any]] = [{"role": "user", "content": QUESTION}]
    for _ in range(4):
        reply = client.chat.completions.create(model=MODEL, messages=messages, tools=[TOOL_SCHEMA])
        message = reply.choices[0].message
        if not message.tool_calls:
            return str(message.content)
        messages.append(message.model_dump(exclude_none=True))
        for call in message.tool_calls:
            result = run_tool(call.function.name, json.loads(call.function.arguments), call.id)
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    raise RuntimeError("the model never answered")


# --- OpenInference ---------------------------------------------------------------------------------


def _oi_config(scenario: str) -> Any:
    from openinference.instrumentation import TraceConfig

    off = scenario == "capture_off"
    return TraceConfig(hide_inputs=off, hide_outputs=off)


def openinference_openai(scenario: str, url: str, tp: Any, lp: Any) -> None:
    """The OpenAI client instrumented, agent and tool spans written with OpenInference's own tracer."""
    import openai
    from openinference.instrumentation import OITracer
    from openinference.instrumentation.openai import OpenAIInstrumentor

    config = _oi_config(scenario)
    OpenAIInstrumentor().instrument(tracer_provider=tp, config=config)
    tracer = OITracer(tp.get_tracer("enricher"), config=config)
    client = openai.OpenAI(base_url=url, api_key=API_KEY)

    def run_tool(name: str, args: dict[str, Any], call_id: str) -> str:
        with tracer.start_as_current_span(name, openinference_span_kind="tool") as span:
            span.set_tool(name=name, parameters=args)
            span.set_input(json.dumps(args), mime_type="application/json")
            result = search_company(**args)
            span.set_output(result)
            return result

    with tracer.start_as_current_span("enricher", openinference_span_kind="agent") as span:
        span.set_input(QUESTION)
        answer = openai_loop(client, run_tool)
        span.set_output(answer, mime_type="application/json")


def openinference_langchain(scenario: str, url: str, tp: Any, lp: Any) -> None:
    from langchain.agents import create_agent
    from langchain_core.tools import tool
    from langchain_openai import ChatOpenAI
    from openinference.instrumentation.langchain import LangChainInstrumentor

    LangChainInstrumentor().instrument(tracer_provider=tp, config=_oi_config(scenario))
    agent = create_agent(
        ChatOpenAI(model=MODEL, base_url=url, api_key=API_KEY),  # type: ignore[arg-type]
        tools=[tool(search_company)],
        name="enricher",
    )
    agent.invoke({"messages": [{"role": "user", "content": QUESTION}]})


def openinference_openai_agents(scenario: str, url: str, tp: Any, lp: Any) -> None:
    import agents
    import openai
    from openinference.instrumentation.openai_agents import OpenAIAgentsInstrumentor

    OpenAIAgentsInstrumentor().instrument(tracer_provider=tp, config=_oi_config(scenario))
    agents.set_tracing_export_api_key(API_KEY)
    client = openai.AsyncOpenAI(base_url=url, api_key=API_KEY)
    agent = agents.Agent(
        name="enricher",
        instructions="Enrich companies with the search tool.",
        tools=[agents.function_tool(search_company)],
        model=agents.OpenAIResponsesModel(model=MODEL, openai_client=client),
    )
    agents.Runner.run_sync(agent, QUESTION)


def openinference_smolagents(scenario: str, url: str, tp: Any, lp: Any) -> None:
    from openinference.instrumentation.smolagents import SmolagentsInstrumentor
    from smolagents import OpenAIServerModel, ToolCallingAgent, tool

    SmolagentsInstrumentor().instrument(tracer_provider=tp, config=_oi_config(scenario))

    @tool
    def search_company_tool(company: str) -> str:
        """Search the web for a company's profile.

        Args:
            company: the company's name.
        """
        return search_company(company)

    search_company_tool.name = "search_company"
    model = OpenAIServerModel(model_id=MODEL, api_base=url, api_key=API_KEY)
    agent = ToolCallingAgent(tools=[search_company_tool], model=model, max_steps=4, name="enricher")
    agent.run(QUESTION)


def openinference_haystack(scenario: str, url: str, tp: Any, lp: Any) -> None:
    from haystack.components.agents import Agent
    from haystack.components.generators.chat import OpenAIChatGenerator
    from haystack.dataclasses import ChatMessage
    from haystack.tools import Tool
    from haystack.utils import Secret
    from openinference.instrumentation.haystack import HaystackInstrumentor

    HaystackInstrumentor().instrument(tracer_provider=tp, config=_oi_config(scenario))
    search = Tool(
        name="search_company",
        description="Search the web for a company's profile.",
        parameters=TOOL_SCHEMA["function"]["parameters"],  # type: ignore[index]
        function=search_company,
    )
    generator = OpenAIChatGenerator(model=MODEL, api_key=Secret.from_token(API_KEY), api_base_url=url)
    agent = Agent(chat_generator=generator, tools=[search])
    agent.warm_up()
    agent.run(messages=[ChatMessage.from_user(QUESTION)])


# --- OpenLLMetry ------------------------------------------------------------------------------------


def _traceloop_span(tracer: Any, kind: str, name: str, inputs: dict[str, Any]) -> Any:
    """The span the traceloop SDK's `@workflow` / `@tool` decorators write (same attribute names)."""
    span = tracer.start_span(f"{name}.{kind}")
    span.set_attribute("traceloop.span.kind", kind)
    span.set_attribute("traceloop.entity.name", name)
    span.set_attribute("traceloop.workflow.name", "enricher")
    if os.environ.get("TRACELOOP_TRACE_CONTENT", "true").lower() != "false":
        span.set_attribute("traceloop.entity.input", json.dumps({"args": [], "kwargs": inputs}))
    return span


def _traceloop_output(span: Any, value: str) -> None:
    if os.environ.get("TRACELOOP_TRACE_CONTENT", "true").lower() != "false":
        span.set_attribute("traceloop.entity.output", json.dumps(value))


def openllmetry_openai(scenario: str, url: str, tp: Any, lp: Any) -> None:
    import openai
    from opentelemetry import trace
    from opentelemetry.instrumentation.openai import OpenAIInstrumentor

    OpenAIInstrumentor().instrument(tracer_provider=tp)
    tracer = tp.get_tracer("traceloop.tracer")
    client = openai.OpenAI(base_url=url, api_key=API_KEY)

    def run_tool(name: str, args: dict[str, Any], call_id: str) -> str:
        span = _traceloop_span(tracer, "tool", name, args)
        with trace.use_span(span, end_on_exit=True):
            result = search_company(**args)
            _traceloop_output(span, result)
        return result

    root = _traceloop_span(tracer, "workflow", "enricher", {"question": QUESTION})
    with trace.use_span(root, end_on_exit=True):
        answer = openai_loop(client, run_tool)
        if os.environ.get("TRACELOOP_TRACE_CONTENT", "true").lower() != "false":
            root.set_attribute("traceloop.entity.output", answer)


# --- OpenTelemetry's own GenAI instrumentation ------------------------------------------------------------


def openai_v2(scenario: str, url: str, tp: Any, lp: Any) -> None:
    """`opentelemetry-instrumentation-openai-v2`, agent and tool spans from `opentelemetry-util-genai`.

    Legacy or latest conventions and the capture mode come from the environment (see `ENV`).
    """
    import openai
    from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor
    from opentelemetry.util.genai.handler import TelemetryHandler

    OpenAIInstrumentor().instrument(tracer_provider=tp, logger_provider=lp)
    handler = TelemetryHandler(tracer_provider=tp, logger_provider=lp)
    client = openai.OpenAI(base_url=url, api_key=API_KEY)

    def run_tool(name: str, args: dict[str, Any], call_id: str) -> str:
        with handler.tool(name, arguments=args, tool_call_id=call_id) as invocation:
            invocation.tool_result = search_company(**args)
        return str(invocation.tool_result)

    with handler.invoke_local_agent("openai", request_model=MODEL) as agent:
        agent.agent_name = "enricher"
        openai_loop(client, run_tool)


# --- pydantic-ai ---------------------------------------------------------------------------------------


def pydantic_ai(scenario: str, url: str, tp: Any, lp: Any) -> None:
    from pydantic import BaseModel
    from pydantic_ai import Agent, InstrumentationSettings
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider

    class Profile(BaseModel):
        company: str
        domain: str
        founded: int
        employees: int
        city: str
        revenue: str | None = None

    settings = InstrumentationSettings(
        tracer_provider=tp, include_content=scenario != "capture_off"
    )
    model = OpenAIChatModel(MODEL, provider=OpenAIProvider(base_url=url, api_key=API_KEY))
    Agent.instrument_all(settings)
    agent = Agent(model, output_type=Profile, name="enricher")
    agent.tool_plain(search_company)
    asyncio.run(agent.run(QUESTION))


SETUPS: dict[str, Callable[[str, str, Any, Any], None]] = {
    "openinference-openai": openinference_openai,
    "openinference-langchain": openinference_langchain,
    "openinference-openai-agents": openinference_openai_agents,
    "openinference-smolagents": openinference_smolagents,
    "openinference-haystack": openinference_haystack,
    "openllmetry-openai": openllmetry_openai,
    "openai-v2-legacy": openai_v2,
    "openai-v2-latest": openai_v2,
    "pydantic-ai": pydantic_ai,
}


def env(setup: str, scenario: str) -> dict[str, str]:
    """The environment a user of that setup sets, content capture on or off."""
    off = scenario == "capture_off"
    out = {"COMPAT_SCENARIO": scenario, "OPENAI_API_KEY": API_KEY, "OTEL_SDK_DISABLED": "false"}
    if setup.startswith("openllmetry"):
        out["TRACELOOP_TRACE_CONTENT"] = "false" if off else "true"
    if setup == "openai-v2-legacy":
        out["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "false" if off else "true"
    if setup == "openai-v2-latest":
        out["OTEL_SEMCONV_STABILITY_OPT_IN"] = "gen_ai_latest_experimental"
        out["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "NO_CONTENT" if off else "SPAN_ONLY"
    return out
