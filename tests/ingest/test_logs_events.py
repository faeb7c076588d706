"""Content outside span attributes and where the output is: OTLP log records, span events,
tool-call-only model turns, redaction markers, the output's places, a run without output.

Spans and log records come from the real OpenTelemetry SDK, encoded with its own OTLP encoders.
"""

from __future__ import annotations

import gzip
import json

import orjson
import pytest
from google.protobuf.json_format import MessageToDict
from opentelemetry._logs import LogRecord
from opentelemetry.exporter.otlp.proto.common._log_encoder import encode_logs
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.traces import to_protobuf
from veracity.checks.context import Context
from veracity.config import Config
from veracity.ingest import assemble, decode
from veracity.ingest.decode import decode_logs
from veracity.ingest.spans import DecodeError
from veracity.pipeline import check_runs

SOURCE = "Acme Robotics (acmerobotics.io) was founded in 2011 and employs 1,200 people."
ANSWER = json.dumps({"company": "Acme Robotics", "founded": 2011, "employees": 1200})


def _providers() -> tuple[TracerProvider, InMemorySpanExporter, LoggerProvider, InMemoryLogRecordExporter]:
    resource = Resource.create({"service.name": "enricher"})
    tp, spans = TracerProvider(resource=resource), InMemorySpanExporter()
    tp.add_span_processor(SimpleSpanProcessor(spans))
    lp, logs = LoggerProvider(resource=resource), InMemoryLogRecordExporter()
    lp.add_log_record_processor(SimpleLogRecordProcessor(logs))
    return tp, spans, lp, logs


def _legacy_openai_v2_run(answer: str = ANSWER) -> tuple[bytes, bytes, dict]:
    """An agent span and two chat spans whose content is only in log records (openai-v2's legacy mode)."""
    tp, spans, lp, logs = _providers()
    tracer, logger = tp.get_tracer("t"), lp.get_logger("opentelemetry.instrumentation.openai_v2")

    def emit(name: str, body: dict) -> None:
        logger.emit(LogRecord(event_name=name, body=body, attributes={"gen_ai.system": "openai"}))

    with tracer.start_as_current_span("invoke_agent enricher", attributes={"gen_ai.operation.name": "invoke_agent"}):
        with tracer.start_as_current_span("chat gpt-4o-mini", attributes={"gen_ai.operation.name": "chat"}):
            emit("gen_ai.user.message", {"content": "Enrich Acme Robotics (acmerobotics.io)"})
            emit("gen_ai.choice", {"index": 0, "finish_reason": "tool_calls", "message": {"tool_calls": [
                {"id": "call_1", "type": "function",
                 "function": {"name": "search_company", "arguments": '{"company": "Acme Robotics"}'}}]}})
        with tracer.start_as_current_span("chat gpt-4o-mini", attributes={"gen_ai.operation.name": "chat"}):
            emit("gen_ai.user.message", {"content": "Enrich Acme Robotics (acmerobotics.io)"})
            emit("gen_ai.tool.message", {"content": SOURCE, "id": "call_1"})
            emit("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"content": answer}})
    records = logs.get_finished_logs()
    return (to_protobuf(spans.get_finished_spans()), encode_logs(records).SerializeToString(),
            MessageToDict(encode_logs(records)))


def _check(runs: list) -> list:
    return check_runs(runs, Context(config=Config()))


def test_log_records_joined_to_their_spans_before_or_after_them():
    spans, logs, _ = _legacy_openai_v2_run()
    records = decode_logs(gzip.compress(logs), "application/x-protobuf").spans
    assert {r.name for r in records} == {"gen_ai.user.message", "gen_ai.choice", "gen_ai.tool.message"}
    trace_spans = decode(spans).spans
    for order in (records + trace_spans, trace_spans + records):
        (run,) = assemble(order)
        assert run.output == json.loads(ANSWER)
        assert [s.content for s in run.sources if s.kind == "message"] == [SOURCE]
        llm = [s for s in run.steps if s.kind == "llm"]
        assert llm[0].result == [{"name": "search_company", "arguments": {"company": "Acme Robotics"}}]
    (verdict,) = _check(assemble(trace_spans + records))
    assert verdict.verdict == "verified", verdict.findings


def test_log_records_alone_make_no_run_yet():
    _, logs, _ = _legacy_openai_v2_run()
    assert assemble(decode_logs(logs).spans) == []


def _hex(doc: dict, outer: str, inner: str, items: str) -> dict:
    import base64

    for r in doc[outer]:
        for scope in r[inner]:
            for item in scope[items]:
                for key in ("traceId", "spanId", "parentSpanId"):
                    if item.get(key):
                        item[key] = base64.b64decode(item[key]).hex()
    return doc


def test_otlp_json_logs_in_files_and_their_errors():
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    spans, _, doc = _legacy_openai_v2_run()
    doc = _hex(doc, "resourceLogs", "scopeLogs", "logRecords")
    spans_doc = _hex(MessageToDict(ExportTraceServiceRequest.FromString(spans)), "resourceSpans", "scopeSpans", "spans")
    lines = orjson.dumps(doc) + b"\n" + orjson.dumps(spans_doc) + b"\n"
    (run,) = assemble(decode(lines).spans)
    assert run.output == json.loads(ANSWER)
    del doc["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]["traceId"]
    out = decode(orjson.dumps(doc))
    assert any("has no trace id" in e for e in out.errors)
    with pytest.raises(DecodeError):
        decode_logs(b"\x0a\xff\xff")


def test_span_events_are_read_like_log_records(otel):
    tracer, exporter = otel
    details = {
        "gen_ai.input.messages": json.dumps([{"role": "tool", "parts": [
            {"type": "tool_call_response", "id": "c1", "response": SOURCE}]}]),
        "gen_ai.output.messages": json.dumps([{"role": "assistant", "parts": [{"type": "text", "content": ANSWER}]}]),
    }
    with tracer.start_as_current_span("invoke_agent", attributes={"gen_ai.operation.name": "invoke_agent"}), \
            tracer.start_as_current_span("chat", attributes={"gen_ai.operation.name": "chat"}) as span:
        span.add_event("gen_ai.client.inference.operation.details", details)
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    assert run.output == json.loads(ANSWER)
    assert [s.content for s in run.sources if s.kind == "message"] == [SOURCE]


def _openinference_run(tracer, tool_output: str, answer: str | None, llm_calls_only: bool = True) -> None:
    with tracer.start_as_current_span("agent", attributes={"openinference.span.kind": "AGENT",
                                                           "input.value": "Enrich Acme Robotics"}) as root:
        with tracer.start_as_current_span("ChatCompletion", attributes={
            "openinference.span.kind": "LLM",
            "llm.output_messages.0.message.role": "assistant",
            "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "search_company",
            "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments": '{"company": "Acme"}',
        }):
            pass
        with tracer.start_as_current_span("search_company", attributes={
            "openinference.span.kind": "TOOL", "tool.name": "search_company", "output.value": tool_output}):
            pass
        if answer is not None:
            root.set_attribute("output.value", answer)


def test_a_tool_call_only_model_turn_is_a_successful_step(otel):
    tracer, exporter = otel
    _openinference_run(tracer, SOURCE, ANSWER)
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    llm = next(s for s in run.steps if s.kind == "llm")
    assert llm.result == [{"name": "search_company", "arguments": {"company": "Acme"}}]
    (verdict,) = _check([run])
    assert verdict.verdict == "verified", verdict.findings


def test_redaction_markers_are_not_content(otel):
    tracer, exporter = otel
    _openinference_run(tracer, "__REDACTED__", "__REDACTED__")
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    assert run.output is None
    assert next(s for s in run.steps if s.kind == "tool").result is None
    (verdict,) = _check([run])
    assert verdict.verdict == "unverifiable"
    messages = " ".join(f.message for f in verdict.findings)
    assert "OPENINFERENCE_HIDE_OUTPUTS" in messages and "output was not found" in messages


def test_a_run_whose_output_is_nowhere_is_never_verified(otel):
    tracer, exporter = otel
    with tracer.start_as_current_span("invoke_agent", attributes={"gen_ai.operation.name": "invoke_agent"}), \
            tracer.start_as_current_span("execute_tool", attributes={
                "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search",
                "gen_ai.tool.call.result": SOURCE}):
        pass
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    (verdict,) = _check([run])
    assert verdict.verdict == "unverifiable"
    (finding,) = [f for f in verdict.findings if f.evidence.get("missing") == "output"]
    assert "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT" in finding.message


def test_the_output_of_a_root_without_one_is_the_last_model_answer(otel):
    tracer, exporter = otel
    with tracer.start_as_current_span("Agent workflow", attributes={"openinference.span.kind": "AGENT"}):
        with tracer.start_as_current_span("search", attributes={
                "openinference.span.kind": "TOOL", "tool.name": "search", "output.value": SOURCE}):
            pass
        with tracer.start_as_current_span("response", attributes={
                "openinference.span.kind": "LLM", "llm.output_messages.0.message.role": "assistant",
                "llm.output_messages.0.message.content": ANSWER}):
            pass
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    assert run.output == json.loads(ANSWER)


def test_pydantic_ai_final_result_and_all_messages(otel):
    tracer, exporter = otel
    messages = [{"role": "user", "parts": [{"type": "text", "content": "Enrich Acme Robotics"}]}]
    with tracer.start_as_current_span("invoke_agent enricher", attributes={
            "gen_ai.operation.name": "invoke_agent", "final_result": ANSWER,
            "pydantic_ai.all_messages": json.dumps(messages)}):
        pass
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    assert run.output == json.loads(ANSWER)
    assert run.input == "Enrich Acme Robotics"


def test_a_tool_result_recorded_only_in_the_next_model_turn(otel):
    """GenAI tool spans record their result only on opt-in; the model's input messages carry it by call id."""
    tracer, exporter = otel
    handed = [{"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_7", "response": SOURCE}]}]
    with tracer.start_as_current_span("invoke_agent", attributes={"gen_ai.operation.name": "invoke_agent"}):
        with tracer.start_as_current_span("execute_tool search", attributes={
                "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search", "gen_ai.tool.call.id": "call_7"}):
            pass
        with tracer.start_as_current_span("chat", attributes={
                "gen_ai.operation.name": "chat", "gen_ai.input.messages": json.dumps(handed),
                "gen_ai.output.messages": json.dumps([{"role": "assistant", "parts": [
                    {"type": "text", "content": ANSWER}]}])}):
            pass
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    assert next(s for s in run.steps if s.kind == "tool").result == SOURCE
    (verdict,) = _check([run])
    assert verdict.verdict == "verified", verdict.findings


def test_langgraph_state_and_a_serialised_tool_message(otel):
    """LangChain: the root's output is the graph state, the tool's `output.value` a serialised ToolMessage."""
    tracer, exporter = otel
    tool_message = {"type": "tool", "data": {"content": SOURCE, "type": "tool", "tool_call_id": "call_1"}}
    state_in = {"messages": [{"role": "user", "content": "Enrich Acme Robotics (acmerobotics.io)"}]}
    state_out = {"messages": [
        {"type": "human", "data": {"content": "Enrich Acme Robotics (acmerobotics.io)"}},
        {"type": "ai", "data": {"content": "", "tool_calls": [{"name": "search_company"}]}},
        tool_message,
        {"type": "ai", "data": {"content": ANSWER}},
    ]}
    with tracer.start_as_current_span("enricher", attributes={
            "openinference.span.kind": "CHAIN", "input.value": json.dumps(state_in),
            "output.value": json.dumps(state_out)}), \
            tracer.start_as_current_span("search_company", attributes={
                "openinference.span.kind": "TOOL", "tool.name": "search_company",
                "output.value": json.dumps(tool_message)}):
        pass
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    assert run.input == "Enrich Acme Robotics (acmerobotics.io)"
    assert run.output == json.loads(ANSWER)
    assert next(s for s in run.steps if s.kind == "tool").result == SOURCE


def test_a_tool_that_echoes_its_arguments_is_no_source(otel):
    """smolagents' `final_answer` returns the answer it was given: the agent's claim, not evidence."""
    tracer, exporter = otel
    with tracer.start_as_current_span("enricher.run", attributes={
            "openinference.span.kind": "AGENT", "input.value": "Enrich Acme Robotics", "output.value": ANSWER}), \
            tracer.start_as_current_span("FinalAnswerTool", attributes={
                "openinference.span.kind": "TOOL", "tool.name": "final_answer",
                "input.value": json.dumps({"args": [], "kwargs": {"answer": ANSWER}}), "output.value": ANSWER}):
        pass
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    assert [s.kind for s in run.sources] == ["input"]
    (verdict,) = _check([run])
    assert verdict.verdict != "verified"


def test_the_input_of_a_root_without_one_is_the_first_model_request(otel):
    tracer, exporter = otel
    asked = [{"role": "user", "parts": [{"type": "text", "content": "Enrich Acme Robotics (acmerobotics.io)"}]}]
    with tracer.start_as_current_span("invoke_agent", attributes={"gen_ai.operation.name": "invoke_agent"}), \
            tracer.start_as_current_span("chat", attributes={
                "gen_ai.operation.name": "chat", "gen_ai.input.messages": json.dumps(asked)}):
        pass
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    assert run.input == "Enrich Acme Robotics (acmerobotics.io)"
