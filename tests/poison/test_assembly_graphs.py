"""Span assembly on any parent graph: cycles are cut and reported, every span is kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from veracity.ingest import Span, assemble
from veracity.ingest.assemble import break_cycles

TRACE = "ab" * 16


def _span(i: int, parent: int | None, agent: bool = False, start: int | None = None) -> Span:
    attrs = {"openinference.span.kind": "AGENT"} if agent else {"openinference.span.kind": "TOOL"}
    return Span(
        trace_id=TRACE,
        span_id=f"{i:016x}",
        parent_id=None if parent is None else f"{parent:016x}",
        name=f"s{i}",
        start_ns=1_000 + (i if start is None else start),
        end_ns=5_000,
        attributes=attrs,
        resource={},
    )


def _kept(runs, spans=()) -> set[str]:
    """Span ids in some run, plus the context spans above a run's root (not steps, by design)."""
    kept = {s.step_id for r in runs for s in r.steps}
    parent = {s.span_id: s.parent_id for s in break_cycles(list(spans))}
    for run in runs:
        up = parent.get(run.root_step_id or "")
        while up in parent and up not in kept:
            kept.add(up)
            up = parent[up]
    return kept


def test_a_span_that_is_its_own_parent_becomes_a_root_and_is_reported():
    (run,) = assemble([_span(1, 1, agent=True)])
    assert [s.step_id for s in run.steps] == [f"{1:016x}"]
    assert any("parent cycle" in e for e in run.errors)


def test_two_and_three_span_cycles_are_cut_at_their_earliest_span():
    for ring in ([1, 2], [1, 2, 3]):
        spans = [_span(i, ring[(k + 1) % len(ring)], agent=(i == 1)) for k, i in enumerate(ring)]
        fixed = break_cycles(spans)
        assert [s.parent_id is None for s in fixed] == [True] + [False] * (len(ring) - 1)
        assert fixed[0].errors and "parent cycle" in fixed[0].errors[0]
        runs = assemble(spans)
        assert _kept(runs) == {s.span_id for s in spans}


def test_a_cycle_beside_a_good_tree_leaves_the_tree_alone():
    good = [_span(10, None, agent=True), _span(11, 10), _span(12, 11)]
    ring = [_span(1, 2), _span(2, 1)]
    runs = assemble(good + ring)
    assert _kept(runs) == {s.span_id for s in good + ring}
    assert all(not s.errors for s in break_cycles(good))


def test_a_long_chain_of_agents_has_one_run_rooted_at_the_top():
    chain = [_span(0, None, agent=True)] + [_span(i, i - 1, agent=True) for i in range(1, 3000)]
    (run,) = assemble(chain)
    assert run.root_step_id == f"{0:016x}" and len(run.steps) == 3000


@given(st.lists(st.tuples(st.integers(0, 12), st.booleans(), st.integers(0, 20)), min_size=1, max_size=13))
def test_any_parent_graph_terminates_and_keeps_every_span(edges):
    """Any parent function over a few ids (cycles, self-parents, missing parents) assembles."""
    spans = [_span(i, parent, agent, start) for i, (parent, agent, start) in enumerate(edges)]
    runs = assemble(spans)
    assert _kept(runs, spans) == {s.span_id for s in spans}
    seen = [s.step_id for r in runs for s in r.steps]
    assert len(seen) == len(set(seen))  # each span in one run only
