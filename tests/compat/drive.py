"""Run one setup's agent for one scenario, in its own process, and export what it traced.

`python -m tests.compat.drive SETUP SCENARIO MODEL_URL OTLP_URL OUT_FILE`

Instrumentations patch libraries for the whole process, so each run gets a fresh one. The
real OpenTelemetry SDK exports every span and log record twice: with the real OTLP/HTTP
exporters to `OTLP_URL` (a running `veracity serve`), and to `OUT_FILE` as OTLP JSON lines
(one `ExportTraceServiceRequest` and one `ExportLogsServiceRequest`), which `veracity check` reads.
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

from google.protobuf.json_format import MessageToDict
from opentelemetry import trace
from opentelemetry._logs import set_logger_provider
from opentelemetry.exporter.otlp.proto.common._log_encoder import encode_logs
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


def _hex_ids(doc: dict[str, Any], outer: str, inner: str, items: str) -> dict[str, Any]:
    """OTLP JSON writes ids as hex; protobuf's printer writes base64."""
    for r in doc.get(outer, []):
        for s in r.get(inner, []):
            for item in s.get(items, []):
                for key in ("traceId", "spanId", "parentSpanId"):
                    if item.get(key):
                        item[key] = base64.b64decode(item[key]).hex()
    return doc


def main(setup: str, scenario: str, model_url: str, otlp_url: str, out_file: str) -> None:
    from tests.compat import setups

    resource = Resource.create({"service.name": f"compat-{setup}"})
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    tracer_provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter(endpoint=f"{otlp_url}/v1/traces")))
    trace.set_tracer_provider(tracer_provider)
    logs = InMemoryLogRecordExporter()
    logger_provider = LoggerProvider(resource=resource)
    logger_provider.add_log_record_processor(SimpleLogRecordProcessor(logs))
    logger_provider.add_log_record_processor(SimpleLogRecordProcessor(OTLPLogExporter(endpoint=f"{otlp_url}/v1/logs")))
    set_logger_provider(logger_provider)

    setups.SETUPS[setup](scenario, model_url, tracer_provider, logger_provider)

    tracer_provider.force_flush()
    logger_provider.force_flush()
    with open(out_file, "w") as out:
        finished = spans.get_finished_spans()
        out.write(json.dumps(_hex_ids(MessageToDict(encode_spans(finished)), "resourceSpans", "scopeSpans", "spans")))
        out.write("\n")
        records = logs.get_finished_logs()
        if records:
            doc = MessageToDict(encode_logs(records))
            out.write(json.dumps(_hex_ids(doc, "resourceLogs", "scopeLogs", "logRecords")))
            out.write("\n")
    tracer_provider.shutdown()
    logger_provider.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:6])
