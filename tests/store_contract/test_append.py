"""Contract: first-seen runs are appended, a run seen before still replaces itself, sources
that repeat their step's result come back with that text."""

from __future__ import annotations

from veracity.model import Source, Step
from veracity.store.base import Store

from .conftest import finding, run, verdict, write


def _steps(n: int) -> list[Step]:
    return [Step(step_id=f"s{i}", name="search", kind="tool", order=i, result=f"page {i} of results") for i in range(n)]


def test_a_run_seen_before_replaces_itself_in_a_batch_of_new_runs(store: Store) -> None:
    old = run(1, output={"name": "old"}, steps=_steps(3))
    write(store, (old, verdict(old, "failed", 0.9, [finding("unsupported_value"), finding("contradicted_value")])))
    again = run(1, output={"name": "new"}, steps=_steps(2))
    fresh = [run(i, steps=_steps(1)) for i in (2, 3)]
    write(store, (again, verdict(again, "suspect", 0.5, [finding("unsupported_value")])),
          *((r, verdict(r)) for r in fresh))
    got = store.get_run("r001")
    assert got is not None and got.output == {"name": "new"} and len(got.steps) == 2
    v = store.get_verdict("r001")
    assert v is not None and (v.verdict, [f.kind for f in v.findings]) == ("suspect", ["unsupported_value"])
    assert store.run_totals()[0] == 3
    assert store.finding_kind_counts() == {"unsupported_value": 1}
    assert [r.run_id for r in store.get_runs(["r002", "r003"])] == ["r002", "r003"]


def test_new_runs_written_in_two_batches_are_all_kept(store: Store) -> None:
    first = [run(i, steps=_steps(2)) for i in range(1, 4)]
    later = [run(i, steps=_steps(2)) for i in range(4, 6)]
    write(store, *((r, verdict(r, "failed", 0.8, [finding("unsupported_value")])) for r in first))
    write(store, *((r, verdict(r)) for r in later))
    assert store.run_totals()[0] == 5
    assert store.verdict_counts() == {"failed": 3, "verified": 2}
    assert store.finding_kind_counts() == {"unsupported_value": 3}


def test_a_source_that_repeats_its_steps_result_resolves_to_that_text(store: Store) -> None:
    steps = _steps(2)
    sources = [
        Source(source_id="src0", kind="tool_result", content="page 0 of results", step_id="s0"),
        Source(source_id="src1", kind="tool_result", content="page 1, trimmed", step_id="s1"),  # not the result
        Source(source_id="in", kind="input", content="Company 1"),
        Source(source_id="src0b", kind="document", content="page 0 of results", step_id="s0", title="again"),
    ]
    r = run(1, steps=steps, sources=sources)
    write(store, (r, verdict(r)))
    got = store.get_run(r.run_id)
    assert got == r
    assert got is not None and [s.content for s in got.sources] == [
        "page 0 of results", "page 1, trimmed", "Company 1", "page 0 of results"]
    assert store.get_runs([r.run_id]) == [r]
