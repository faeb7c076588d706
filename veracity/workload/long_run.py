"""One synthetic agent run of many steps (10,000 by default), as an OTLP request made by the OpenTelemetry SDK.

For the UI's tests and `bench/ui.py`: a run page must open quickly however many steps a run has.
The agent (OpenInference) researches one company in rounds; each round is a chain of tool calls,
and the profile it returns is grounded in the first round's registry result.
"""

from __future__ import annotations

import json

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

PROFILE = {"legal_name": "Northwind Analytics Ltd", "domain": "northwind-analytics.io", "employee_count": 412,
           "founded_year": 2009}


def long_run_request(steps: int = 10_000, per_round: int = 100, run_id: str = "long-run-10k") -> bytes:
    """A serialized OTLP ExportTraceServiceRequest holding one run of `steps` spans (root included)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "long-researcher"}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("veracity.workload.long_run")
    made = 1
    with tracer.start_as_current_span("research") as root:
        root.set_attribute("openinference.span.kind", "AGENT")
        root.set_attribute("veracity.run_id", run_id)
        root.set_attribute("input.value", json.dumps({"company": PROFILE["legal_name"], "domain": PROFILE["domain"]}))
        root.set_attribute("input.mime_type", "application/json")
        round_no = 0
        while made < steps:
            round_no += 1
            with tracer.start_as_current_span(f"round {round_no}") as chain:
                chain.set_attribute("openinference.span.kind", "CHAIN")
                made += 1
                for i in range(min(per_round - 1, steps - made)):
                    with tracer.start_as_current_span("filings_lookup" if i == 0 else "archive_search") as tool:
                        tool.set_attribute("openinference.span.kind", "TOOL")
                        tool.set_attribute("tool.name", "filings_lookup" if i == 0 else "archive_search")
                        tool.set_attribute("input.value", json.dumps({"query": f"{PROFILE['legal_name']} {round_no}.{i}"}))
                        result = (PROFILE if i == 0 else
                                  {"hits": [f"page {round_no}.{i} about {PROFILE['legal_name']} and its analytics work"]})
                        tool.set_attribute("output.value", json.dumps(result))
                    made += 1
        root.set_attribute("output.value", json.dumps(PROFILE))
        root.set_attribute("output.mime_type", "application/json")
    provider.shutdown()
    return bytes(encode_spans(exporter.get_finished_spans()).SerializeToString())
