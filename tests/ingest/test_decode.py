"""Decoding every format by content, and bad input that never loses the good beside it."""

from __future__ import annotations

import gzip
import json

import orjson
import pytest

from tests.traces import genai_run, openinference_run, to_json, to_protobuf, varint
from veracity.ingest import DecodeError, assemble, decode, read_paths
from veracity.model import run_to_json


def _spans(otel):
    tracer, exporter = otel
    openinference_run(tracer)
    genai_run(tracer)
    return exporter.get_finished_spans()


def test_protobuf_json_hex_and_base64_decode_to_the_same_spans(otel):
    spans = _spans(otel)
    from_pb = decode(to_protobuf(spans)).spans
    from_hex = decode(orjson.dumps(to_json(spans))).spans
    from_b64 = decode(orjson.dumps(to_json(spans, hex_ids=False))).spans
    assert len(from_pb) == len(spans) == 7
    key = lambda s: (s.trace_id, s.span_id, s.parent_id, s.name, s.start_ns, tuple(sorted(s.attributes)))  # noqa: E731
    assert sorted(map(key, from_pb)) == sorted(map(key, from_hex)) == sorted(map(key, from_b64))
    assert all(len(s.trace_id) == 32 and len(s.span_id) == 16 for s in from_pb)


def test_length_delimited_protobuf_holds_several_requests(otel):
    spans = _spans(otel)
    first, second = to_protobuf(spans[:4]), to_protobuf(spans[4:])
    body = varint(len(first)) + first + varint(len(second)) + second
    assert len(decode(body).spans) == len(spans)


def test_json_lines_and_gzip(otel):
    spans = _spans(otel)
    lines = b"\n".join(orjson.dumps(to_json([s])) for s in spans) + b"\n"
    assert len(decode(lines).spans) == len(spans)
    assert len(decode(gzip.compress(lines)).spans) == len(spans)


def test_run_jsonl_round_trips(otel):
    runs = assemble(decode(to_protobuf(_spans(otel))).spans)
    body = b"".join(run_to_json(r) + b"\n" for r in runs)
    assert decode(body).runs == runs


def test_a_hand_written_run_without_sources_reads_its_tool_results_as_sources():
    line = {"run_id": "r1", "input": {"task": "fix parser.py"}, "root_step_id": "root",
            "output": {"summary": "All 120 tests pass."},
            "steps": [{"step_id": "s1", "kind": "tool", "name": "run_tests", "result": "118 passed in 2.31s"},
                      {"step_id": "s2", "kind": "llm", "name": "chat", "result": "All 120 tests pass."}]}
    (run,) = decode(orjson.dumps(line)).runs
    assert [(s.source_id, s.kind, s.step_id, s.content) for s in run.sources] == [
        ("s1:result", "tool_result", "s1", "118 passed in 2.31s"),
        ("input", "input", "root", '{"task":"fix parser.py"}'),
    ]
    (kept,) = decode(orjson.dumps({**line, "sources": []})).runs
    assert kept.sources == []


def test_truncated_protobuf_is_a_clear_error(otel):
    body = to_protobuf(_spans(otel))
    with pytest.raises(DecodeError, match="truncated or invalid OTLP protobuf"):
        decode(body[: len(body) // 2])


def test_one_bad_frame_keeps_the_good_ones(otel):
    spans = _spans(otel)
    good = to_protobuf(spans)
    bad = b"\x0a\xff\xff\x03garbage"
    body = varint(len(good)) + good + varint(len(bad)) + bad
    decoded = decode(body)
    assert len(decoded.spans) == len(spans)
    assert any("request 2 of 2" in e for e in decoded.errors)


def test_invalid_json_is_a_clear_error():
    with pytest.raises(DecodeError, match="invalid JSON"):
        decode(b'{"resourceSpans": [')


def test_bad_json_line_is_reported_and_the_others_kept(otel):
    spans = _spans(otel)
    body = orjson.dumps(to_json(spans)) + b"\n{not json\n" + orjson.dumps({"hello": 1}) + b"\n"
    decoded = decode(body)
    assert len(decoded.spans) == len(spans)
    assert any(e.startswith("line 2: invalid JSON") for e in decoded.errors)
    assert any(e.startswith("line 3: neither an OTLP request") for e in decoded.errors)


def test_malformed_attribute_keeps_the_span_and_names_the_attribute(otel):
    doc = to_json(_spans(otel))
    span = doc["resourceSpans"][0]["scopeSpans"][0]["spans"][0]
    span["attributes"].append({"key": "bad.int", "value": {"intValue": {"oops": 1}}})
    span["attributes"].append({"key": "bad.shape", "value": "not an AnyValue"})
    span["attributes"].append({"value": {"stringValue": "no key"}})
    decoded = decode(orjson.dumps(doc))
    assert len(decoded.spans) == 7
    kept = next(s for s in decoded.spans if s.span_id == span["spanId"])
    assert "bad.int" not in kept.attributes and len(kept.attributes) >= 1
    assert any("'bad.int' malformed" in e for e in decoded.errors)
    assert any("'bad.shape' malformed" in e for e in decoded.errors)
    assert any("without a key" in e for e in decoded.errors)
    runs = assemble(decoded.spans)
    assert any(any("bad.int" in e for e in r.errors) for r in runs)


def test_unreadable_span_is_reported_and_siblings_kept(otel):
    doc = to_json(_spans(otel))
    doc["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["spanId"] = "zz-not-an-id"
    decoded = decode(orjson.dumps(doc))
    assert len(decoded.spans) == 6
    assert any("unreadable" in e and "neither hex nor base64" in e for e in decoded.errors)


def test_huge_attribute_is_kept_whole(otel):
    tracer, exporter = otel
    huge = "x" * 3_000_000
    openinference_run(tracer, tool_result=huge)
    decoded = decode(to_protobuf(exporter.get_finished_spans()))
    (run,) = assemble(decoded.spans)
    assert any(s.content == huge for s in run.sources)


def test_empty_and_garbage_payloads_fail_clearly():
    with pytest.raises(DecodeError, match="empty payload"):
        decode(b"  \n")
    with pytest.raises(DecodeError):
        decode(b"garbage")
    with pytest.raises(DecodeError, match="gzip"):
        decode(b"\x1f\x8b\x08\x00broken")


def test_garbage_file_in_a_directory_of_good_files(otel, tmp_path):
    spans = _spans(otel)
    (tmp_path / "a.pb").write_bytes(to_protobuf(spans[:4]))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_bytes(orjson.dumps(to_json(spans[4:])))
    (tmp_path / "garbage.bin").write_bytes(b"\x00\x01garbage")
    (tmp_path / "broken.json").write_text('{"resourceSpans": [')
    results = {r.name.rsplit("/", 1)[-1]: r for r in read_paths([str(tmp_path)])}
    assert results["garbage.bin"].error and results["broken.json"].error
    good = [s for r in results.values() if r.decoded for s in r.decoded.spans]
    assert len(good) == len(spans)
    assert len(assemble(good)) == 2


def test_json_with_snake_case_names_and_enum_strings(otel):
    doc = json.loads(json.dumps(to_json(_spans(otel))))
    for rs in doc["resourceSpans"]:
        rs["scope_spans"] = rs.pop("scopeSpans")
        for ss in rs["scope_spans"]:
            for s in ss["spans"]:
                s["trace_id"] = s.pop("traceId")
                s["span_id"] = s.pop("spanId")
                s["status"] = {"code": "STATUS_CODE_ERROR"}
    decoded = decode(orjson.dumps({"resource_spans": doc["resourceSpans"]}))
    assert len(decoded.spans) == 7 and all(s.status_code == 2 for s in decoded.spans)
