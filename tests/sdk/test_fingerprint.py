"""Fingerprinted evidence: the span processor and exporter, and grounding on fingerprints."""

from __future__ import annotations

import json

import msgspec
import pytest
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.checks.calls import grounding_of
from veracity.checks import Context, fingerprint_secret
from veracity.config import parse_config
from veracity.evidence import (
    ground_fingerprints,
    is_fingerprinted,
    parse_payload,
    split_fingerprinted,
)
from veracity.ingest import assemble, decode
from veracity.model import Run
from veracity.sdk.fingerprint import (
    FingerprintingSpanExporter,
    FingerprintingSpanProcessor,
    Policy,
    fingerprint_attributes,
    fingerprint_text,
)
from veracity.values import ValueType, normalize

SECRET = b"project-secret"
PROFILE = {"legal_name": "Acme Robotics, Inc.", "domain": "acmerobotics.io", "employee_count": 230,
           "revenue": "$12.5M", "phone": "+1 (415) 555-0100"}
RESULT = {"name": "Acme Robotics", "domain": "acmerobotics.io", "employees": 230, "revenue_usd": 12_500_000,
          "phone": "415.555.0100"}


def _trace(provider: TracerProvider, output: dict = PROFILE) -> None:  # type: ignore[type-arg]
    tracer = provider.get_tracer("t")
    with tracer.start_as_current_span("enrich") as root:
        root.set_attribute("openinference.span.kind", "AGENT")
        root.set_attribute("input.value", json.dumps({"company": "Acme Robotics"}))
        with tracer.start_as_current_span("crm_lookup") as t:
            t.set_attribute("openinference.span.kind", "TOOL")
            t.set_attribute("tool.name", "crm_lookup")
            t.set_attribute("input.value", json.dumps({"domain": "acmerobotics.io", "contact": "jane@acme.io"}))
            t.set_attribute("output.value", json.dumps(RESULT))
        with tracer.start_as_current_span("extract") as llm:
            llm.set_attribute("openinference.span.kind", "LLM")
            llm.set_attribute("llm.input_messages.0.message.role", "tool")
            llm.set_attribute("llm.input_messages.0.message.content", json.dumps(RESULT))
        root.set_attribute("output.value", json.dumps(output))


def _fingerprinted_run(output: dict = PROFILE, via: str = "processor") -> tuple[Run, list]:  # type: ignore[type-arg]
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    if via == "processor":
        provider.add_span_processor(FingerprintingSpanProcessor(SimpleSpanProcessor(exporter), SECRET))
    else:
        provider.add_span_processor(SimpleSpanProcessor(FingerprintingSpanExporter(exporter, SECRET)))
    _trace(provider, output)
    spans = exporter.get_finished_spans()
    provider.shutdown()
    body = encode_spans(spans).SerializeToString()
    (run,) = assemble(decode(body, "application/x-protobuf").spans)
    return run, list(spans)


def _grounded(run: Run, secret: bytes | None) -> dict[str, str]:
    plain, printed = split_fingerprinted(run.sources)
    g = grounding_of(msgspec.structs.replace(run, sources=plain), Context())
    ground_fingerprints(g.values, printed, secret)
    return {v.path: v.status for v in g.values}


@pytest.mark.parametrize("via", ["processor", "exporter"])
def test_raw_text_never_leaves_the_process(via: str) -> None:
    run, spans = _fingerprinted_run(via=via)
    exported = json.dumps([dict(s.attributes or {}) for s in spans])
    for raw in ("12500000", "415.555.0100", "jane@acme.io"):
        assert raw not in exported
    assert "veracity.fingerprints" in exported
    tool = next(s for s in run.steps if s.name == "crm_lookup")
    assert parse_payload(tool.result)
    assert all(is_fingerprinted(s) for s in run.sources if s.kind != "input")
    assert run.output == PROFILE  # the output is what is checked: it stays


def test_grounding_on_fingerprints_supports_the_same_facts() -> None:
    run, _ = _fingerprinted_run()
    status = _grounded(run, SECRET)
    assert status["employee_count"] == "supported"
    assert status["revenue"] == "supported"  # $12.5M against 12500000 under revenue_usd
    assert status["phone"] == "supported"
    assert status["domain"] == "supported"


def test_wrong_values_and_wrong_secret_are_not_supported() -> None:
    run, _ = _fingerprinted_run({**PROFILE, "employee_count": 1200, "revenue": "$40M"})
    status = _grounded(run, SECRET)
    assert status["employee_count"] == "unsupported"
    assert status["revenue"] == "unsupported"
    run, _ = _fingerprinted_run()
    assert _grounded(run, b"another secret")["employee_count"] == "unsupported"


def test_bucket_tolerance_for_money() -> None:
    text = json.dumps({"revenue_usd": 12_500_000})
    from veracity.evidence import candidates
    from veracity.evidence import parse_payload as entries

    hashes = {e["h"] for e in entries(fingerprint_text(text, SECRET)) or []}
    near = normalize("$12.7M", ValueType.MONEY)  # 1.6% away: same or neighbouring bucket
    far = normalize("$14M", ValueType.MONEY)  # 12% away: never
    assert near is not None and far is not None
    assert hashes & set(candidates(near, SECRET))
    assert not hashes & set(candidates(far, SECRET))


def test_policy_by_tool_name_and_secret_from_config(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    attrs = {"openinference.span.kind": "TOOL", "tool.name": "news", "output.value": "Acme has 230 staff"}
    assert fingerprint_attributes(attrs, SECRET, Policy(tools=frozenset({"crm_lookup"}))) == attrs
    assert parse_payload(fingerprint_attributes(attrs, SECRET)["output.value"])
    monkeypatch.setenv("MY_SECRET", "s3")
    config = parse_config({"privacy": {"secret_env": "MY_SECRET"}}, tmp_path)  # type: ignore[arg-type]
    assert fingerprint_secret(config) == b"s3"
    monkeypatch.delenv("VERACITY_FINGERPRINT_SECRET", raising=False)
    assert fingerprint_secret(parse_config({}, tmp_path)) is None  # type: ignore[arg-type]
