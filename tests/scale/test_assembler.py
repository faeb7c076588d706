"""A worker's open traces and the offsets it may commit (no broker needed)."""

from __future__ import annotations

import pytest

from veracity.ingest.spans import Span
from veracity.queue.assembler import Assembler
from veracity.queue.gateway import trace_messages
from veracity.queue.messages import SPANS_TYPE, decode_spans_message
from veracity.queue.url import parse_kafka_url


def span(trace: str, sid: str, parent: str | None = None) -> Span:
    return Span(trace_id=trace, span_id=sid, parent_id=parent, name="s", start_ns=0, end_ns=1, attributes={}, resource={})


def test_commit_stops_at_the_oldest_open_trace() -> None:
    a = Assembler(quiet_s=1.0)
    a.add(0, 10, [span("t1", "a")], now=0.0)
    a.add(0, 11, [span("t2", "b")], now=0.5)
    a.add(1, 4, [span("t3", "c")], now=0.5)
    assert a.commit_offsets() == {0: 10, 1: 4}
    assert a.due(1.2) == ["t1"]  # root span, quiet for a second
    a.written(["t1"], 1.2)
    assert a.commit_offsets() == {0: 11, 1: 4}
    a.written(["t2", "t3"], 1.6)
    assert a.commit_offsets() == {0: 12, 1: 5}


def test_a_late_span_reopens_its_trace_with_the_spans_seen_before() -> None:
    a = Assembler(quiet_s=1.0, late_window_s=30)
    a.add(0, 0, [span("t1", "root")], now=0.0)
    a.written(a.due(2.0), 2.0)
    a.add(0, 5, [span("t1", "child", "root")], now=3.0)
    assert a.due(3.5) == [] and a.due(4.0) == ["t1"]
    assert sorted(s.span_id for s in a.spans_of(["t1"])) == ["child", "root"]
    assert a.commit_offsets() == {0: 5}


def test_rootless_traces_wait_ten_quiet_periods_and_revoke_hands_over() -> None:
    a = Assembler(quiet_s=1.0)
    a.add(2, 7, [span("t9", "x", "missing-parent")], now=0.0)
    assert a.due(5.0) == [] and a.due(10.0) == ["t9"]
    assert a.revoke({2}) == 1 and a.commit_offsets() == {} and a.open_count() == 0


def test_gateway_messages_are_one_per_trace_and_read_back() -> None:
    spans = [span("t1", "a"), span("t2", "b"), span("t1", "c", "a")]
    messages = trace_messages(spans)
    assert [k for k, _, _ in messages] == [b"t1", b"t2"]
    _, value, headers = messages[0]
    assert headers == {"content-type": SPANS_TYPE}
    assert [s.span_id for s in decode_spans_message(value, SPANS_TYPE)] == ["a", "c"]


def test_kafka_urls() -> None:
    u = parse_kafka_url("kafka://127.0.0.1:9092/spans")
    assert (u.bootstrap, u.topic, u.results_topic) == ("127.0.0.1:9092", "spans", "spans.results")
    for bad in ("kafka://127.0.0.1/spans", "http://h:1/t", "kafka://h:1/", "kafka://h:1/a/b"):
        with pytest.raises(ValueError, match="kafka://HOST:PORT/TOPIC"):
            parse_kafka_url(bad)
