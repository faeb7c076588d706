"""From spans to runs, as CONTRACT.md's table says, in both conventions."""

from __future__ import annotations

import orjson

from tests.traces import FIRMO, PROFILE, genai_run, openinference_run, to_json, to_protobuf
from veracity.ingest import assemble, decode


def _runs(spans):
    return assemble(decode(to_protobuf(spans)).spans)


def test_openinference_run_fields(otel):
    tracer, exporter = otel
    openinference_run(tracer, pair_key="q-acme")
    (run,) = _runs(exporter.get_finished_spans())
    root = next(s for s in exporter.get_finished_spans() if s.parent is None)
    assert run.run_id == format(root.context.trace_id, "032x")
    assert run.root_step_id == format(root.context.span_id, "016x")
    assert run.input == {"company": "Acme Robotics", "domain": "acmerobotics.io"}
    assert run.output == PROFILE
    assert run.pair_key == "q-acme"
    assert (run.session, run.identity) == ("sess-1", "user-1")
    assert run.project == "enricher-test" and run.agent_version == "1.2.3" and run.agent == "enrich"
    assert run.models == ["claude-sonnet-4"] and run.prompt_version == "p-7"
    assert run.reported_status == "success"
    assert (run.started_at, run.ended_at) == (root.start_time, root.end_time)
    kinds = {s.name: s.kind for s in run.steps}
    assert kinds == {"enrich": "agent", "search": "retriever", "firmographics": "tool", "extract": "llm"}
    by_kind = {}
    for source in run.sources:
        by_kind.setdefault(source.kind, []).append(source)
    assert [d.content for d in by_kind["document"]][1].startswith("Acme Robotic Systems")
    assert by_kind["document"][0].uri == "https://news.example/acme"
    assert orjson.loads(by_kind["tool_result"][0].content) == FIRMO
    assert by_kind["message"][0].content == "registry says: founded 2011"
    assert orjson.loads(by_kind["input"][0].content)["company"] == "Acme Robotics"
    # What a model wrote is never a source.
    assert not any(s.step_id == run.step(run.root_step_id).step_id and s.kind != "input" for s in run.sources)
    assert all(orjson.dumps(PROFILE).decode() != s.content for s in run.sources)


def test_genai_run_under_an_http_handler(otel):
    tracer, exporter = otel
    genai_run(tracer, under_handler=True, error=True)
    spans = exporter.get_finished_spans()
    (run,) = _runs(spans)
    handler = next(s for s in spans if s.name == "POST /enrich")
    agent = next(s for s in spans if s.name == "invoke_agent enricher")
    assert run.run_id == format(agent.context.trace_id, "032x")
    assert run.root_step_id == format(agent.context.span_id, "016x")
    assert all(s.step_id != format(handler.context.span_id, "016x") for s in run.steps)
    assert run.agent == "enricher" and run.agent_version == "2.0" and run.session == "conv-1"
    assert run.input == {"company": "Acme Robotics"} and run.output == PROFILE
    assert run.models == ["gpt-4.1-2025-04-14", "gpt-4.1"]
    assert run.reported_status == "error"
    llm = next(s for s in run.steps if s.kind == "llm")
    assert (llm.input_tokens, llm.output_tokens) == (120, 40)
    assert any(s.kind == "message" and s.content == "HQ: 12 Market St" for s in run.sources)


def test_sibling_agent_runs_in_one_trace(otel):
    tracer, exporter = otel
    with tracer.start_as_current_span("batch job"):
        openinference_run(tracer)
        openinference_run(tracer, output={"legal_name": "Other"})
    runs = _runs(exporter.get_finished_spans())
    assert len(runs) == 2
    trace_id = runs[0].trace_id
    assert {r.run_id for r in runs} == {f"{trace_id}-{r.root_step_id}" for r in runs}
    assert sorted(len(r.steps) for r in runs) == [4, 4]


def test_trace_split_across_batches_is_one_run(otel):
    tracer, exporter = otel
    openinference_run(tracer)
    spans = list(exporter.get_finished_spans())
    batches = [to_protobuf(spans[:1]), orjson.dumps(to_json(spans[1:3])), to_protobuf(spans[3:])]
    all_spans = [s for b in batches for s in decode(b).spans]
    (run,) = assemble(all_spans)
    assert len(run.steps) == 4 and run.output == PROFILE


def test_incomplete_trace_keeps_its_spans(otel):
    tracer, exporter = otel
    openinference_run(tracer)
    children = [s for s in exporter.get_finished_spans() if s.parent is not None]
    (run,) = _runs(children)
    assert len(run.steps) == 3
    assert run.output is None


def test_exporter_retry_does_not_duplicate(otel):
    tracer, exporter = otel
    openinference_run(tracer)
    body = to_protobuf(exporter.get_finished_spans())
    (run,) = assemble(decode(body).spans + decode(body).spans)
    assert len(run.steps) == 4


def test_retries_are_numbered(otel):
    tracer, exporter = otel
    genai_run(tracer, resend=True)
    (run,) = _runs(exporter.get_finished_spans())
    tools = [s for s in run.steps if s.kind == "tool"]
    assert [(s.attempt, s.http_status) for s in tools] == [(1, 429), (2, 200)]


def test_repeated_calls_with_same_arguments_are_attempts(otel):
    tracer, exporter = otel
    with tracer.start_as_current_span("agent") as root:
        root.set_attribute("openinference.span.kind", "AGENT")
        for args in ('{"q": "a"}', '{"q": "a"}', '{"q": "b"}', '{"q": "a"}'):
            with tracer.start_as_current_span("search") as s:
                s.set_attribute("openinference.span.kind", "TOOL")
                s.set_attribute("tool.name", "search")
                s.set_attribute("input.value", args)
    (run,) = _runs(exporter.get_finished_spans())
    assert [s.attempt for s in run.steps if s.kind == "tool"] == [1, 2, 1, 3]


def test_plain_text_output_is_read_as_text_field(otel):
    tracer, exporter = otel
    openinference_run(tracer, output="Acme Robotics has 230 employees.")
    (run,) = _runs(exporter.get_finished_spans())
    assert run.output == {"text": "Acme Robotics has 230 employees."}


def test_openllmetry_names(otel):
    tracer, exporter = otel
    with tracer.start_as_current_span("enrich_company.workflow") as root:
        root.set_attribute("traceloop.span.kind", "workflow")
        root.set_attribute("traceloop.entity.name", "enrich_company")
        root.set_attribute("traceloop.entity.input", orjson.dumps({"args": [], "kwargs": {"company": "Dunmore"}}).decode())
        root.set_attribute("traceloop.entity.output", orjson.dumps({"legal_name": "Dunmore Optics Ltd"}).decode())
        with tracer.start_as_current_span("registry_lookup.tool") as t:
            t.set_attribute("traceloop.span.kind", "tool")
            t.set_attribute("traceloop.entity.name", "registry_lookup")
            t.set_attribute("traceloop.entity.output", '{"legal_name": "Dunmore Optics Ltd"}')
        with tracer.start_as_current_span("openai.chat") as llm:
            llm.set_attribute("gen_ai.system", "openai")
            llm.set_attribute("gen_ai.request.model", "gpt-4o-mini")
            llm.set_attribute("gen_ai.prompt.0.role", "tool")
            llm.set_attribute("gen_ai.prompt.0.content", "registry: incorporated 2016")
            llm.set_attribute("gen_ai.completion.0.role", "assistant")
            llm.set_attribute("gen_ai.completion.0.content", "done")
    (run,) = _runs(exporter.get_finished_spans())
    assert run.input == {"company": "Dunmore"} and run.output == {"legal_name": "Dunmore Optics Ltd"}
    assert {s.name: s.kind for s in run.steps} == {
        "enrich_company": "agent", "registry_lookup": "tool", "openai.chat": "llm"}
    assert {s.kind for s in run.sources} == {"tool_result", "message", "input"}
    assert next(s for s in run.steps if s.kind == "llm").result == "done"
