"""The stored body of a run: one copy of each tool result, and older bodies still read."""

from __future__ import annotations

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from veracity.model import Run, Source, Step
from veracity.store.codec import _compressor, pack_run, referenced, unpack_run

texts = st.text(max_size=40)


@st.composite
def runs(draw: st.DrawFn) -> Run:
    results = draw(st.lists(st.one_of(st.none(), texts, st.integers(-(2**63), 2**63 - 1)), max_size=5))
    steps = [Step(step_id=f"s{i}", name="t", kind="tool", result=res) for i, res in enumerate(results)]
    sources = []
    for i in range(draw(st.integers(0, 6))):
        step = draw(st.one_of(st.none(), st.sampled_from([f"s{j}" for j in range(len(steps))] or ["s0"])))
        same = step is not None and draw(st.booleans())
        result = next((s.result for s in steps if s.step_id == step), None)
        content = result if same and isinstance(result, str) else draw(texts)
        sources.append(Source(source_id=f"x{i}", kind="tool_result", content=content, step_id=step))
    return Run(run_id="r", trace_id="t", steps=steps, sources=sources)


@given(runs())
def test_a_run_reads_back_as_it_was_written(run: Run) -> None:
    assert unpack_run(pack_run(run)) == run


def test_a_source_repeating_its_steps_result_is_kept_once() -> None:
    text = "revenue was $12.5M in 2024 " * 80
    run = Run(run_id="r", trace_id="t", steps=[Step(step_id="s1", name="fetch", kind="tool", result=text)],
              sources=[Source(source_id="a", kind="tool_result", content=text, step_id="s1")])
    stripped, refs = referenced(run)
    assert refs == [0] and stripped.sources[0].content == ""
    assert len(msgspec.msgpack.encode(stripped)) < len(msgspec.msgpack.encode(run)) - len(text) + 100
    assert unpack_run(pack_run(run)) == run


def test_a_body_written_before_references_still_reads() -> None:
    run = Run(run_id="r", trace_id="t", steps=[Step(step_id="s1", name="fetch", result="x")],
              sources=[Source(source_id="a", kind="tool_result", content="x", step_id="s1")])
    assert unpack_run(_compressor.compress(msgspec.msgpack.encode(run))) == run
