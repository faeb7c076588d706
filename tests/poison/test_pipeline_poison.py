"""A run or file that cannot be checked or stored never costs the good ones beside it."""

from __future__ import annotations

import json

import msgspec
import orjson

from tests.test_cli import run as veracity
from tests.traces import openinference_run, to_json, to_protobuf
from veracity.config import Config
from veracity.ingest import assemble, decode
from veracity.pipeline import check_due, store_isolated
from veracity.store import DuckStore


def _runs(otel, n: int):
    tracer, exporter = otel
    for _ in range(n):
        openinference_run(tracer)
    runs = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    exporter.clear()
    return runs


def test_a_run_the_store_cannot_hold_beside_twenty_good_ones(otel, tmp_path):
    good = _runs(otel, 20)
    bad = _runs(otel, 1)[0]
    step = msgspec.structs.replace(bad.steps[0], http_status=2**40)  # past the INTEGER column
    bad = msgspec.structs.replace(bad, steps=[step, *bad.steps[1:]])
    store = DuckStore(tmp_path / "v.duckdb")
    done, verdicts, problems = store_isolated([*good[:10], bad, *good[10:]], store, Config())
    assert len(done) == len(verdicts) == 20 and bad not in done
    assert len(problems) == 1 and bad.run_id in problems[0]
    assert store.query("SELECT count(*) FROM runs")[0][0] == 20
    store.close()


def test_check_due_marks_a_poison_batch_checked_and_stores_the_rest(otel, tmp_path):
    tracer, exporter = otel
    for _ in range(20):
        openinference_run(tracer)
    spans = decode(to_protobuf(exporter.get_finished_spans())).spans
    poison = msgspec.structs.replace(spans[0], attributes={**spans[0].attributes, "http.response.status_code": 2**40})
    store = DuckStore(tmp_path / "v.duckdb")
    store.write_spans([poison, *spans[1:]], 1)
    verdicts = check_due(store, Config(), now_ns=10**18)
    assert len(verdicts) == 19
    assert check_due(store, Config(), now_ns=10**18 + 1) == []  # not retried forever
    store.close()


def test_check_reports_the_good_files_beside_a_bad_one(otel, tmp_path):
    tracer, exporter = otel
    openinference_run(tracer)
    (tmp_path / "good.pb").write_bytes(to_protobuf(exporter.get_finished_spans()))
    doc = to_json(exporter.get_finished_spans())
    doc["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["startTimeUnixNano"] = str(2**64 + 3)
    (tmp_path / "odd.json").write_bytes(orjson.dumps(doc))
    (tmp_path / "deep.json").write_bytes(b"[" * 1000 + b"]" * 1000)
    (tmp_path / "bomb.json").write_text(json.dumps({"run_id": "r", "output": _deep(300)}))
    p = veracity("check", "--json", str(tmp_path))
    assert p.returncode == 0, p.stderr
    verdicts = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(verdicts) == 2, p.stderr  # the good file's run, and the bomb's run without its output
    stderr = p.stderr.decode()
    assert "deep.json" in stderr and "odd.json" in stderr and "start time" in stderr and "output dropped" in stderr


def _deep(n: int) -> list:
    value: list = []
    for _ in range(n):
        value = [value]
    return value
