"""Evidence coverage on runs made by the real OpenTelemetry SDK."""

from __future__ import annotations

import json
from typing import Any

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Tracer

from tests.checks.calls import call
from veracity.checks import Context, EvidenceSet, grounding
from veracity.checks import coverage as cov
from veracity.checks.verdict import verdict_name
from veracity.config import parse_config
from veracity.ingest import assemble, decode
from veracity.model import Run

PROFILE = {"legal_name": "Acme Robotics, Inc.", "domain": "acmerobotics.io", "employee_count": 230, "revenue": "$12.5M"}
FIRMO = {"name": "Acme Robotics", "domain": "acmerobotics.io", "employees": 230, "revenue_usd": 12_500_000}


def runs_of(exporter: InMemorySpanExporter) -> list[Run]:
    body = encode_spans(exporter.get_finished_spans()).SerializeToString()
    return assemble(decode(body, "application/x-protobuf").spans)


def oi_run(tracer: Tracer, result: Any = FIRMO, output: Any = PROFILE, prompt: bool = True,
           tool: str = "crm_lookup") -> None:
    with tracer.start_as_current_span("enrich") as root:
        root.set_attribute("openinference.span.kind", "AGENT")
        root.set_attribute("input.value", json.dumps({"company": "Acme Robotics", "domain": "acmerobotics.io"}))
        if prompt:
            root.set_attribute("veracity.prompt_version", "p-1")
        with tracer.start_as_current_span(tool) as t:
            t.set_attribute("openinference.span.kind", "TOOL")
            t.set_attribute("tool.name", tool)
            t.set_attribute("input.value", json.dumps({"domain": "acmerobotics.io"}))
            if result is not None:
                t.set_attribute("output.value", json.dumps(result))
        root.set_attribute("output.value", json.dumps(output))


def genai_run(tracer: Tracer, result: Any = None) -> None:
    with tracer.start_as_current_span("invoke_agent enricher") as root:
        root.set_attribute("gen_ai.operation.name", "invoke_agent")
        root.set_attribute("gen_ai.agent.name", "enricher")
        root.set_attribute("gen_ai.input.messages", json.dumps(
            [{"role": "user", "parts": [{"type": "text", "content": "Acme Robotics acmerobotics.io"}]}]))
        with tracer.start_as_current_span("execute_tool registry") as t:
            t.set_attribute("gen_ai.operation.name", "execute_tool")
            t.set_attribute("gen_ai.tool.name", "registry")
            if result is not None:
                t.set_attribute("gen_ai.tool.call.result", json.dumps(result))
        root.set_attribute("gen_ai.output.messages", json.dumps(
            [{"role": "assistant", "parts": [{"type": "text", "content": json.dumps(PROFILE)}]}]))


def verdict(run: Run, context: Context) -> str:
    found = [f for f in call(grounding.check, run, context)
             if not (f.kind == "unsupported_value" and cov.explains_unsupported(run, EvidenceSet(context.config).of(run)))]
    return verdict_name(found + call(cov.check, run, context))


def test_recorded_tool_gives_no_finding(otel: tuple[Tracer, InMemorySpanExporter]) -> None:
    tracer, exporter = otel
    oi_run(tracer)
    (run,) = runs_of(exporter)
    context = Context()
    assert call(cov.check, run, context) == []
    assert not cov.explains_unsupported(run, EvidenceSet(context.config).of(run))
    assert verdict(run, context) == "verified"


def test_unrecorded_tool_result_makes_the_run_unverifiable_not_failed(otel: tuple[Tracer, InMemorySpanExporter]) -> None:
    tracer, exporter = otel
    oi_run(tracer, result=None)
    (run,) = runs_of(exporter)
    context = Context()
    findings = call(cov.check, run, context)
    assert {f.kind for f in findings} == {"missing_evidence"}
    assert {f.severity for f in findings} == {"minor"}
    run_level = [f for f in findings if f.field is None]
    assert len(run_level) == 1
    assert "tool `crm_lookup` records no result" in run_level[0].message
    assert "OPENINFERENCE_HIDE_OUTPUTS" in run_level[0].message
    fields = {f.field for f in findings if f.field}
    assert {"employee_count", "revenue"} <= fields
    assert "domain" not in fields  # the input states it: checked
    assert cov.explains_unsupported(run, EvidenceSet(context.config).of(run))
    assert verdict(run, context) == "unverifiable"


def test_genai_fix_names_the_capture_setting(otel: tuple[Tracer, InMemorySpanExporter]) -> None:
    tracer, exporter = otel
    genai_run(tracer)
    (run,) = runs_of(exporter)
    findings = call(cov.check, run, Context())
    (run_level,) = [f for f in findings if f.field is None]
    assert "tool `registry` records no result" in run_level.message
    assert "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT" in run_level.message


def test_empty_result_is_a_result(otel: tuple[Tracer, InMemorySpanExporter]) -> None:
    tracer, exporter = otel
    oi_run(tracer, result="")
    (run,) = runs_of(exporter)
    assert cov.blind_steps(run) == []


def test_output_without_any_source(otel: tuple[Tracer, InMemorySpanExporter]) -> None:
    tracer, exporter = otel
    with tracer.start_as_current_span("enrich") as root:
        root.set_attribute("openinference.span.kind", "AGENT")
        root.set_attribute("output.value", json.dumps(PROFILE))
    (run,) = runs_of(exporter)
    findings = call(cov.check, run, Context())
    assert any("no sources" in f.message for f in findings if f.field is None)
    assert verdict(run, Context()) == "unverifiable"


def test_prompt_version_only_when_required(otel: tuple[Tracer, InMemorySpanExporter], tmp_path: Any) -> None:
    tracer, exporter = otel
    oi_run(tracer, prompt=False)
    (run,) = runs_of(exporter)
    assert call(cov.check, run, Context()) == []
    strict = Context(config=parse_config({"coverage": {"require_prompt_version": True}}, tmp_path))
    (finding,) = call(cov.check, run, strict)
    assert "prompt version" in finding.message and finding.kind == "missing_evidence"


def test_coverage_stats_per_agent_and_tool(otel: tuple[Tracer, InMemorySpanExporter]) -> None:
    tracer, exporter = otel
    oi_run(tracer)
    oi_run(tracer, result=None)
    oi_run(tracer, result=None)
    oi_run(tracer, tool="news")
    stats = cov.coverage_stats(runs_of(exporter))
    crm = stats["tools"]["crm_lookup"]
    assert crm["calls"] == 3 and crm["result_rate"] == round(1 / 3, 4)
    assert "records no result on 2 of 3 calls" in crm["fix"]
    assert stats["tools"]["news"]["result_rate"] == 1.0 and "fix" not in stats["tools"]["news"]
    assert stats["agents"]["enrich"]["complete_rate"] == 0.5


def test_coverage_stats_count_fingerprinted_results_per_call() -> None:
    """Regression: the per-tool fingerprinted rate is one pass over a run's sources (it was one pass per
    step, so a run of 10,000 steps took seconds); it still counts calls whose recorded result is printed."""
    from veracity.evidence.fingerprint import payload
    from veracity.model import Source, Step

    def one(i: int, printed: bool) -> Run:
        steps = [Step(step_id=f"s{i}", name="registry", kind="tool"), Step(step_id=f"t{i}", name="search", kind="tool")]
        text = "Acme Robotics employs 230 people"
        sources = [Source(source_id=f"s{i}:r", kind="tool_result", step_id=f"s{i}",
                          content=payload(text, b"k" * 32) if printed else text),
                   Source(source_id=f"t{i}:r", kind="tool_result", step_id=f"t{i}", content=text)]
        return Run(run_id=f"r{i}", agent="enrich", steps=steps, sources=sources, output={"employees": 230})

    stats = cov.coverage_stats([one(1, True), one(2, False)])
    assert stats["tools"]["registry"]["fingerprinted_rate"] == 0.5
    assert stats["tools"]["search"]["fingerprinted_rate"] == 0.0
