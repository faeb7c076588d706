"""Findings back as OpenTelemetry, received by a real OTLP/HTTP receiver on 127.0.0.1.

The receiver is a second `veracity serve`: it stores every span it gets, so the test reads the
verdict span (and its `gen_ai.evaluation.result` events) back from its DuckDB file.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import uvicorn
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

from tests.test_server import Server, _free_port
from tests.traces import genai_run
from veracity.config import Config
from veracity.ingest.spans import Span
from veracity.model import Finding, Run, Verdict
from veracity.sdk.emit import EVENT, FindingsExporter, verdict_span
from veracity.server.run import build


def _received(receiver: Server) -> list[Span]:
    """Every span the receiver stored (through its own store, which only its writer thread may use)."""
    return receiver.worker.call(
        lambda store: store.trace_spans([row[0] for row in store.query("SELECT DISTINCT trace_id FROM spans")])
    )


def test_verdict_span_is_a_child_of_the_run_root_with_one_event_per_finding():
    run = Run(run_id="r1", trace_id="ab" * 16, root_step_id="cd" * 8, agent="enricher")
    finding = Finding(check="grounding", kind="contradicted_value", severity="major", message="employees differ",
                      field="employees", origin_step="ef" * 8)
    span = verdict_span(run, Verdict(run_id="r1", verdict="suspect", risk=0.5, findings=[finding],
                                     checker_version="v"), time.time_ns())
    assert span is not None
    assert f"{span.context.trace_id:032x}" == run.trace_id
    assert span.parent is not None and f"{span.parent.span_id:016x}" == run.root_step_id
    first, last = span.events
    assert first.name == EVENT == last.name
    assert first.attributes["gen_ai.evaluation.name"] == "veracity.grounding"
    assert first.attributes["gen_ai.evaluation.score.label"] == "contradicted_value"
    assert first.attributes["gen_ai.evaluation.explanation"] == "employees differ"
    assert first.attributes["veracity.finding.field"] == "employees"
    assert last.attributes["gen_ai.evaluation.score.label"] == "suspect"
    assert verdict_span(Run(run_id="no-root"), Verdict("x", "verified", 0.0, [], "v"), 0) is None


class _Emitting(Server):
    def __init__(self, db: Path, emit_to: str):
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app, self.worker = build(str(db), Config(), quiet_period=0.3, emit_otlp=emit_to)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)


def test_serve_emits_findings_to_a_real_otlp_receiver(tmp_path):
    with Server(tmp_path / "receiver.duckdb", quiet=3600) as receiver, \
            _Emitting(tmp_path / "v.duckdb", receiver.url) as served:
        provider = TracerProvider(resource=Resource.create({"service.name": "enricher"}))
        provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter(endpoint=f"{served.url}/v1/traces")))
        genai_run(provider.get_tracer("t"))
        provider.shutdown()
        served.wait_checked(1)
        deadline = time.time() + 20
        while not (spans := _received(receiver)):
            assert time.time() < deadline, "the receiver got no verdict span"
            time.sleep(0.1)
    (span,) = spans
    assert span.name.startswith("veracity.check") and span.parent_id is not None
    assert span.attributes["veracity.verdict"] in ("verified", "suspect", "failed", "unverifiable")
    events = [e for e in span.events if e["name"] == EVENT]
    assert events and events[-1]["attributes"]["gen_ai.evaluation.name"] == "veracity.verdict"


def test_findings_exporter_with_any_span_exporter():
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    memory = InMemorySpanExporter()
    emitter = FindingsExporter(memory)
    run = Run(run_id="r1", trace_id="ab" * 16, root_step_id="cd" * 8)
    emitter.emit([(run, Verdict("r1", "verified", 0.02, [], "v")), (Run(run_id="x"), Verdict("x", "verified", 0, [], "v"))],
                 time.time_ns())
    (span,) = memory.get_finished_spans()
    assert span.attributes["veracity.run_id"] == "r1"
    assert isinstance(FindingsExporter("http://127.0.0.1:9").exporter, OTLPSpanExporter)
