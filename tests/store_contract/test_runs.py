"""Contract: spans, runs and verdicts, labels, state and the duplicate index (idempotent rewrites)."""

from __future__ import annotations

from veracity.ingest.spans import Span
from veracity.model import Label, Step
from veracity.store.base import DuplicateRow, RunFilter, Store

from .conftest import DAY, T0, finding, review, run, verdict, write


def span(trace: str, sid: str, parent: str | None = None, name: str = "s") -> Span:
    return Span(trace_id=trace, span_id=sid, parent_id=parent, name=name, start_ns=1, end_ns=2, attributes={},
                resource={})


def test_spans_are_idempotent_and_traces_come_due(store: Store) -> None:
    assert store.write_spans([span("t1", "a"), span("t1", "b", "a"), span("t1", "b", "a", name="again")], 100) == 2
    assert store.write_spans([span("t1", "b", "a", name="later")], 200) == 1
    assert store.write_spans([span("t2", "c", "x")], 200) == 1  # no root yet
    got = {s.span_id: s.name for s in store.trace_spans(["t1"])}
    assert got == {"a": "s", "b": "later"}  # a span written again replaces itself
    assert store.due_traces(now_ns=250, quiet_ns=100) == []
    assert store.due_traces(now_ns=300, quiet_ns=100) == ["t1"]  # the rootless trace waits ten quiet periods
    assert set(store.due_traces(now_ns=1200, quiet_ns=100)) == {"t1", "t2"}
    store.mark_checked(["t1", "t2"], 1200)
    assert store.due_traces(now_ns=5000, quiet_ns=100) == []
    store.write_spans([span("t1", "d", "a")], 1300)  # a late span: the trace is due again
    assert store.due_traces(now_ns=5000, quiet_ns=100) == ["t1"]
    assert store.trace_spans([]) == []
    assert store.known_traces(["t1", "t2", "t3"]) == {"t1", "t2"} and store.known_traces([]) == set()


def test_the_same_run_written_twice_is_stored_once_and_the_later_wins(store: Store) -> None:
    first = run(1, output={"name": "old"}, steps=[Step(step_id="s1", name="search", kind="tool")])
    later = run(1, output={"name": "new"})
    write(store, (first, verdict(first, "failed", 0.9, [finding("unsupported_value")])))
    write(store, (later, verdict(later, "verified", 0.1)))
    write(store, (first, verdict(first, "suspect", 0.5)), (later, verdict(later, "verified", 0.2)))  # last in batch wins
    got = store.get_run("r001")
    assert got is not None and got.output == {"name": "new"} and got.steps == []
    v = store.get_verdict("r001")
    assert v is not None and (v.verdict, v.risk, v.findings) == ("verified", 0.2, [])
    assert store.run_totals() == (1, 1.0)
    assert store.verdict_counts() == {"verified": 1}
    assert store.finding_kind_counts() == {}
    assert store.get_run("nope") is None and store.get_verdict("nope") is None


def test_findings_round_trip(store: Store) -> None:
    r = run(1)
    f = finding("contradicted_value", "critical", origin_step="s2")
    write(store, (r, verdict(r, "failed", 0.95, [f])))
    v = store.get_verdict(r.run_id)
    assert v is not None and len(v.findings) == 1
    got = v.findings[0]
    assert (got.kind, got.severity, got.field, got.origin_step, got.run_id) == ("contradicted_value", "critical",
                                                                                "revenue", "s2", "r001")


def test_runs_by_id_filter_and_order(store: Store) -> None:
    runs = [run(i, agent="a1" if i % 2 else "a2") for i in range(6)]
    write(store, *[(r, verdict(r)) for r in runs])
    assert [r.run_id for r in store.get_runs(["r004", "r001", "zzz"])] == ["r001", "r004"]
    oldest = [r.run_id for batch in store.iter_runs(batch=2) for r in batch]
    assert oldest == [f"r{i:03d}" for i in range(6)]
    newest = [r.run_id for batch in store.iter_runs(RunFilter(agent="a1"), newest_first=True) for r in batch]
    assert newest == ["r005", "r003", "r001"]
    window = RunFilter(since_ns=runs[2].started_at, until_ns=runs[4].started_at)
    assert [r.run_id for batch in store.iter_runs(window) for r in batch] == ["r002", "r003"]


def test_pair_partners(store: Store) -> None:
    a, b, c = run(1, pair_key="k"), run(2, pair_key="k"), run(3, pair_key="other")
    write(store, (a, verdict(a)), (b, verdict(b)), (c, verdict(c)))
    assert [r.run_id for r in store.pair_partners([run(9, pair_key="k")])] == ["r001", "r002"]
    assert [r.run_id for r in store.pair_partners([a])] == ["r002"]
    assert store.pair_partners([run(9)]) == []


def test_labels_of_known_runs(store: Store) -> None:
    r = run(1)
    write(store, (r, verdict(r)))
    stored, unknown = store.write_labels([review(r, True), Label(run_id="ghost", correct=False),
                                          review(r, False)])
    assert (stored, unknown) == (1, ["ghost"])
    stored, _ = store.write_labels([review(r, False, source="correction")])
    assert stored == 1
    assert store.write_labels([]) == (0, [])


def test_state_round_trip(store: Store) -> None:
    assert store.load_state("learned") is None
    store.save_state("learned", {"a": 1})
    store.save_state("learned", {"a": 2, "b": [1, 2]})
    assert store.load_state("learned") == {"a": 2, "b": [1, 2]}


def test_duplicate_index_keeps_the_rows_it_is_given(store: Store) -> None:
    rows = [DuplicateRow(1, "r1", 10, 0, "GB", T0), DuplicateRow(2, "r1", 10, 0, "GB", T0),
            DuplicateRow(1, "r2", 11, 5, "", T0 + 1)]
    store.add_duplicate_rows(rows)
    assert sorted(store.duplicate_candidates([1, 3]), key=lambda e: e.run_id) == [rows[0], rows[2]]
    assert store.duplicate_candidates([1], exclude={"r2"}) == [rows[0]]
    store.add_duplicate_rows([DuplicateRow(9, "r1", 10, 0, "GB", T0)])  # a run written again replaces its rows
    assert store.duplicate_candidates([1, 2]) == [rows[2]]
    assert store.duplicate_candidates([]) == []
    store.add_duplicate_rows([DuplicateRow(8, "late", 1, 0, "", T0 + 100 * DAY)])
    assert store.duplicate_candidates([9, 1]) == []  # past the retention horizon of the newest run
