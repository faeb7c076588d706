"""The traces are real OTLP: they parse, ids are hex in JSON, both conventions and run shapes appear."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from google.protobuf.json_format import ParseDict
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.workload.helpers import spans
from veracity.workload import RunBundle, to_json_dict, to_protobuf

HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


def _to_b64(obj: object) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("traceId", "spanId", "parentSpanId") and isinstance(v, str):
                obj[k] = base64.b64encode(bytes.fromhex(v)).decode()
            else:
                _to_b64(v)
    elif isinstance(obj, list):
        for v in obj:
            _to_b64(v)


def test_json_lines_parse_with_hex_ids(generated: Path) -> None:
    files = sorted((generated / "traces").glob("*.jsonl"))
    assert len(files) >= 2
    n = 0
    for f in files:
        for line in f.read_text().splitlines():
            d = json.loads(line)
            for rs in d["resourceSpans"]:
                for ss in rs["scopeSpans"]:
                    for s in ss["spans"]:
                        assert HEX32.match(s["traceId"]) and HEX16.match(s["spanId"])
                        assert "parentSpanId" not in s or HEX16.match(s["parentSpanId"])
            _to_b64(d)
            req = ParseDict(d, ExportTraceServiceRequest())
            assert len(req.resource_spans[0].scope_spans[0].spans) >= 6
            n += 1
    truth = (generated / "truth.jsonl").read_text().splitlines()
    assert n == len(truth) == 400


def test_protobuf_round_trip(bundles: list[RunBundle]) -> None:
    for b in bundles[:50]:
        again = ExportTraceServiceRequest.FromString(to_protobuf(b.request))
        assert again == b.request
        d = to_json_dict(b.request)
        _to_b64(d)
        assert ParseDict(d, ExportTraceServiceRequest()) == b.request


def test_run_id_is_trace_id_and_roots(bundles: list[RunBundle]) -> None:
    wrapped = 0
    for b in bundles[:600]:
        sp = spans(b.request)
        assert {s["trace"] for s in sp.values()} == {b.run_id}
        root = sp[b.truth["root_span"]]
        top = sp[b.truth["trace_root_span"]]
        assert top["parent"] is None
        if b.truth["trace_root_span"] != b.truth["root_span"]:
            wrapped += 1
            assert root["parent"] == b.truth["trace_root_span"]
            assert "openinference.span.kind" not in top["attrs"] and "gen_ai.operation.name" not in top["attrs"]
        a = root["attrs"]
        assert a.get("openinference.span.kind") == "AGENT" or a.get("gen_ai.operation.name") == "invoke_agent"
        assert a["veracity.reported_status"] in ("success", "error")
        assert a["veracity.prompt_version"] == b.truth["cohort"]["prompt_version"]
        assert (a.get("veracity.pair_key") or None) == b.truth["pair_key"]
    assert 60 < wrapped < 200


def test_both_conventions_with_their_attributes(bundles: list[RunBundle]) -> None:
    seen = {"openinference": 0, "genai": 0}
    for b in bundles[:200]:
        seen[b.truth["convention"]] += 1
        sp = spans(b.request)
        keys = {k for s in sp.values() for k in s["attrs"]}
        if b.truth["convention"] == "openinference":
            assert {"openinference.span.kind", "tool.name", "input.value", "output.value", "llm.model_name",
                    "llm.prompt_template.version", "session.id", "user.id"} <= keys
            assert any(k.startswith("llm.input_messages.") for k in keys)
            assert not any(k.startswith("gen_ai.") for k in keys)
        else:
            assert {"gen_ai.operation.name", "gen_ai.agent.name", "gen_ai.conversation.id", "gen_ai.tool.name",
                    "gen_ai.tool.call.arguments", "gen_ai.tool.call.result", "gen_ai.request.model",
                    "gen_ai.response.model", "gen_ai.usage.input_tokens", "gen_ai.input.messages",
                    "gen_ai.output.messages"} <= keys
            assert "openinference.span.kind" not in keys
    assert seen["openinference"] > 50 and seen["genai"] > 50


def test_retriever_documents_appear(bundles: list[RunBundle]) -> None:
    docs = [b for b in bundles[:200] if any("retrieval.documents.0.document.content" in s["attrs"]
                                            for s in spans(b.request).values())]
    assert docs


def test_timestamps_are_simulated_and_ordered(bundles: list[RunBundle]) -> None:
    starts = [b.truth["started_at_ns"] for b in bundles]
    assert min(starts) >= 1_772_409_600 * 10**9
    assert max(starts) <= (1_772_409_600 + 29 * 86400) * 10**9
    for b in bundles[:100]:
        for rs in b.request.resource_spans:
            for s in rs.scope_spans[0].spans:
                assert s.end_time_unix_nano > s.start_time_unix_nano
