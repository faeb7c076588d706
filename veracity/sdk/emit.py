"""Findings back as OpenTelemetry: a run's verdict as a span in the run's own trace.

Users see veracity's verdicts in the tracing backend they already use. For each checked run,
`verdict_span(run, verdict)` is one span `veracity.check <agent>`, a child of the run's root span
(same trace id, parent = the root's span id), carrying one `gen_ai.evaluation.result` event
per finding and one for the verdict itself, with the attributes the GenAI semantic
conventions give that event:

| attribute | value |
| --- | --- |
| `gen_ai.evaluation.name` | `veracity.<check>` (`veracity.verdict` for the verdict) |
| `gen_ai.evaluation.score.label` | the finding's kind (`contradicted_value`, …) or the verdict |
| `gen_ai.evaluation.score.value` | the finding's score, else its severity weight; the run's risk |
| `gen_ai.evaluation.explanation` | the finding's message |
| `veracity.finding.severity`, `.field`, `.origin_step` | the finding's own fields |

A run whose root is unknown (a Run JSONL line without trace and root ids) gets no span.
`FindingsExporter` sends the spans with any OpenTelemetry `SpanExporter` (the OTLP/HTTP one by
default); `veracity serve --emit-otlp URL` uses it for every run it checks.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Any

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.sdk.util.instrumentation import InstrumentationScope
from opentelemetry.trace import SpanContext, SpanKind, TraceFlags

from veracity.model import Finding, Run, Verdict

EVENT = "gen_ai.evaluation.result"
NAME = "gen_ai.evaluation.name"
LABEL = "gen_ai.evaluation.score.label"
VALUE = "gen_ai.evaluation.score.value"
EXPLANATION = "gen_ai.evaluation.explanation"
SEVERITY_SCORE = {"critical": 1.0, "major": 0.5, "minor": 0.1, "info": 0.0}
SCOPE = InstrumentationScope("veracity")


def _is_hex(value: str | None, size: int) -> bool:
    if not value or len(value) != size * 2:
        return False
    try:
        int(value, 16)
    except ValueError:
        return False
    return True


def finding_event(finding: Finding, time_ns: int) -> Event:
    attrs: dict[str, Any] = {
        NAME: f"veracity.{finding.check}",
        LABEL: finding.kind,
        VALUE: float(finding.score) if finding.score is not None else SEVERITY_SCORE[finding.severity],
        EXPLANATION: finding.message,
        "veracity.finding.severity": finding.severity,
    }
    if finding.field:
        attrs["veracity.finding.field"] = finding.field
    if finding.origin_step:
        attrs["veracity.finding.origin_step"] = finding.origin_step
    return Event(EVENT, attrs, time_ns)


def verdict_span(run: Run, verdict: Verdict, time_ns: int, resource: Resource | None = None) -> ReadableSpan | None:
    """The run's verdict as a span under its root, or None when the run's root is not known."""
    if not (_is_hex(run.trace_id, 16) and _is_hex(run.root_step_id, 8)):
        return None
    trace_id, root = int(run.trace_id, 16), int(run.root_step_id or "0", 16)
    context = SpanContext(trace_id, random.getrandbits(64) or 1, is_remote=False,
                          trace_flags=TraceFlags(TraceFlags.SAMPLED))
    parent = SpanContext(trace_id, root, is_remote=True, trace_flags=TraceFlags(TraceFlags.SAMPLED))
    events = [finding_event(f, time_ns) for f in verdict.findings]
    events.append(Event(EVENT, {NAME: "veracity.verdict", LABEL: verdict.verdict, VALUE: verdict.risk,
                                EXPLANATION: f"{len(verdict.findings)} findings"}, time_ns))
    return ReadableSpan(
        name=f"veracity.check {run.agent or ''}".strip(),
        context=context,
        parent=parent,
        resource=resource or Resource.create({"service.name": "veracity"}),
        attributes={"veracity.run_id": run.run_id, "veracity.verdict": verdict.verdict,
                    "veracity.risk": verdict.risk, "veracity.checker_version": verdict.checker_version},
        events=events,
        kind=SpanKind.INTERNAL,
        start_time=time_ns,
        end_time=time_ns,
        instrumentation_scope=SCOPE,
    )


class FindingsExporter:
    """Send verdicts as spans: `FindingsExporter("http://collector:4318/v1/traces").emit(pairs)`."""

    def __init__(self, target: str | SpanExporter):
        if isinstance(target, str):
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            url = target if target.rstrip("/").endswith("/v1/traces") else target.rstrip("/") + "/v1/traces"
            target = OTLPSpanExporter(endpoint=url)
        self.exporter = target

    def emit(self, checked: Iterable[tuple[Run, Verdict]], time_ns: int) -> SpanExportResult:
        spans: Sequence[ReadableSpan] = [
            s for s in (verdict_span(run, verdict, time_ns) for run, verdict in checked) if s is not None
        ]
        return self.exporter.export(spans) if spans else SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        self.exporter.shutdown()
