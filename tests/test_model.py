"""The run model survives JSON (Run JSONL) unchanged, whatever it holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.model import Finding, Label, Run, Source, Step, run_from_json, run_to_json
from veracity.model.codec import label_from_json

ids = st.text("0123456789abcdef", min_size=16, max_size=16)
json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
steps = st.builds(
    Step,
    step_id=ids,
    name=st.text(max_size=20),
    kind=st.sampled_from(["llm", "tool", "retriever", "agent", "chain", "other"]),
    parent_id=st.none() | ids,
    order=st.integers(0, 100),
    args=json_values,
    result=json_values,
    http_status=st.none() | st.integers(100, 599),
    attempt=st.integers(1, 5),
    started_at=st.integers(0, 2**62),
    attributes=st.dictionaries(st.text(max_size=10), json_scalars, max_size=3),
)
sources = st.builds(
    Source,
    source_id=st.text(min_size=1, max_size=20),
    kind=st.sampled_from(["tool_result", "document", "input", "message"]),
    content=st.text(max_size=200),
    step_id=st.none() | ids,
    metadata=st.dictionaries(st.text(max_size=10), json_scalars, max_size=3),
)
runs = st.builds(
    Run,
    run_id=st.text(min_size=1, max_size=40),
    input=json_values,
    output=json_values,
    models=st.lists(st.text(max_size=10), max_size=3),
    pair_key=st.none() | st.text(max_size=10),
    started_at=st.integers(0, 2**62),
    steps=st.lists(steps, max_size=5),
    sources=st.lists(sources, max_size=5),
)


@settings(max_examples=200)
@given(runs)
def test_run_round_trips_through_json(run: Run):
    assert run_from_json(run_to_json(run)) == run


@given(st.builds(Label, run_id=st.text(min_size=1), correct=st.booleans(),
                 wrong_fields=st.lists(st.text(max_size=10), max_size=3),
                 source=st.sampled_from(["review", "correction", "fixture"])))
def test_label_round_trips(label: Label):
    import msgspec

    assert label_from_json(msgspec.json.encode(label)) == label


def test_finding_defaults_are_contract_shaped():
    f = Finding(check="schema", kind="schema_violation", severity="major", message="m")
    assert f.field is None and f.origin_step is None and f.evidence == {}
