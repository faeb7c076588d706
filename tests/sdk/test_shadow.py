"""Shadow runs with the real OpenTelemetry SDK: spans → OTLP protobuf → ingest → two paired runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.checks.calls import call_pair
from veracity.checks.context import Context
from veracity.ingest import assemble, decode
from veracity.model import Run
from veracity.sdk import Identity, rebind_kwargs, run_with_shadow, set_rate, shadow, wait_for_shadows

EXPORTER = InMemorySpanExporter()
PROVIDER = TracerProvider()
PROVIDER.add_span_processor(SimpleSpanProcessor(EXPORTER))
TRACER = PROVIDER.get_tracer("tests.shadow")


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    EXPORTER.clear()
    yield
    wait_for_shadows(5)
    EXPORTER.clear()


def runs() -> list[Run]:
    wait_for_shadows(5)
    spans = EXPORTER.get_finished_spans()
    if not spans:
        return []
    return assemble(decode(encode_spans(spans).SerializeToString(), "application/x-protobuf").spans)


def enrich(company: str, session_id: str = "sess-user", user_id: str = "alice") -> dict[str, Any]:
    """An instrumented agent: one tool span inside, its output on its own span."""
    with TRACER.start_as_current_span("lookup") as span:
        span.set_attribute("openinference.span.kind", "TOOL")
        span.set_attribute("tool.name", "lookup")
        span.set_attribute("input.value", f'{{"company": "{company}"}}')
        span.set_attribute("output.value", '{"revenue": "$12.5M"}')
    return {"company": company, "revenue": "$12.5M", "seen_session": session_id}


def test_shadow_pairs_two_runs_with_different_sessions() -> None:
    seen: list[Identity] = []

    def hook(
        args: tuple[Any, ...], kwargs: dict[str, Any], who: Identity
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        seen.append(who)
        return rebind_kwargs()(args, kwargs, who)

    fn = shadow(rate=1.0, agent="enricher", rebind=hook, tracer_provider=PROVIDER)(enrich)
    out = fn("Acme Robotics", session_id="sess-user", user_id="alice")
    assert out == {"company": "Acme Robotics", "revenue": "$12.5M", "seen_session": "sess-user"}
    rs = runs()
    assert len(rs) == 2
    a, b = sorted(rs, key=lambda r: r.session is not None)
    assert a.pair_key and a.pair_key == b.pair_key
    assert a.trace_id != b.trace_id
    assert b.session == seen[0].session_id and b.identity == seen[0].user_id and a.session != b.session
    assert a.output == out and b.output["seen_session"] == seen[0].session_id  # the hook changed the argument
    assert [s.name for s in b.steps if s.kind == "tool"] == ["lookup"]
    assert a.agent == b.agent == "enricher"
    # the pair check reads them: same facts, a different session argument echoed back
    fs = call_pair(a, b, Context())
    assert {f.field for f in fs} <= {"seen_session"}


def test_pair_key_goes_on_the_enclosing_span() -> None:
    fn = shadow(rate=1.0, agent="enricher", tracer_provider=PROVIDER)(enrich)
    with TRACER.start_as_current_span("invoke_agent outer") as outer:
        outer.set_attribute("gen_ai.operation.name", "invoke_agent")
        fn("Acme")
    spans = {s.name: s for s in EXPORTER.get_finished_spans() if s.name == "invoke_agent outer"}
    key = spans["invoke_agent outer"].attributes["veracity.pair_key"]  # type: ignore[index]
    rs = runs()
    assert [r.pair_key for r in rs] == [key, key]


def test_shadow_failure_never_reaches_the_caller(caplog: pytest.LogCaptureFixture) -> None:
    calls = {"n": 0}

    def flaky(x: int) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("shadow blew up")
        return x * 2

    fn = shadow(rate=1.0, agent="flaky", tracer_provider=PROVIDER)(flaky)
    with caplog.at_level(logging.ERROR, logger="veracity.sdk.shadow"):
        assert fn(21) == 42
        wait_for_shadows(5)
    assert calls["n"] == 2
    assert "shadow run of flaky failed" in caplog.text
    rs = runs()
    assert any(r.reported_status != "success" for r in rs)


def test_broken_hook_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def bad_hook(*_: Any) -> Any:
        raise ValueError("nope")

    fn = shadow(rate=1.0, agent="x", rebind=bad_hook, tracer_provider=PROVIDER)(lambda: 7)
    with caplog.at_level(logging.ERROR, logger="veracity.sdk.shadow"):
        assert fn() == 7
        wait_for_shadows(5)
    assert "could not start" in caplog.text


def test_primary_exception_is_the_callers_and_no_shadow_runs() -> None:
    calls = {"n": 0}

    def boom() -> None:
        calls["n"] += 1
        raise KeyError("primary")

    fn = shadow(rate=1.0, agent="boom", tracer_provider=PROVIDER)(boom)
    with pytest.raises(KeyError):
        fn()
    wait_for_shadows(5)
    assert calls["n"] == 1


def test_sampling_rate_and_per_agent_override() -> None:
    draws = iter([0.05, 0.5, 0.05, 0.5])
    fn = shadow(rate=0.1, agent="sampled", tracer_provider=PROVIDER, sample=lambda: next(draws))(lambda: 1)
    fn()
    fn()
    assert len(runs()) == 2  # the sampled call and its shadow; the unsampled call opens no span
    EXPORTER.clear()
    set_rate("sampled", 0.0)
    try:
        fn()
        fn()
        assert runs() == []
    finally:
        set_rate("sampled", 0.1)


def test_beside_mode_and_api_form() -> None:
    fn = shadow(rate=1.0, agent="beside", mode="beside", tracer_provider=PROVIDER)(enrich)
    assert fn("Acme")["company"] == "Acme"
    assert len({r.pair_key for r in runs()}) == 1
    with pytest.raises(ValueError):
        shadow(mode="sometimes")


def test_async_functions() -> None:
    async def agent(q: str) -> dict[str, str]:
        await asyncio.sleep(0)
        return {"answer": q.upper()}

    fn = shadow(rate=1.0, agent="async-agent", tracer_provider=PROVIDER)(agent)
    assert asyncio.run(fn("hi")) == {"answer": "HI"}
    rs = runs()
    assert len(rs) == 2 and all(r.output == {"answer": "HI"} for r in rs)


def test_run_with_shadow_uses_the_global_provider_safely() -> None:
    assert run_with_shadow(lambda x: x + 1, 1, agent="api") == 2
