"""The `Evidence` of a run: built once, from the run alone, read by every check."""

from __future__ import annotations

from veracity.checks import Context, EvidenceSet, entity, grounding
from veracity.config import Config, FieldSetting
from veracity.evidence import build_evidence
from veracity.model import Run, Source, Step
from veracity.values import ValueType


def _run(revenue: str, content: str, run_id: str = "r") -> Run:
    step = Step(step_id="a" * 16, kind="tool", name="fetch", order=1, args={"url": "https://acme.io"}, result=content)
    return Run(run_id=run_id, input={"company": "Acme Robotics", "domain": "acme.io"},
               output={"company": "Acme Robotics", "revenue": revenue}, steps=[step],
               sources=[Source(source_id="s", kind="tool_result", content=content, step_id="a" * 16)])


PAGE = "Acme Robotics (acme.io) reports revenue of $12.5M and 230 employees."


def test_fields_mentions_and_entity_in_one_value() -> None:
    ev = build_evidence(_run("$12.5M", PAGE))
    assert [(f.path, f.vtype) for f in ev.fields] == [("company", ValueType.ORG_NAME), ("revenue", ValueType.MONEY)]
    assert [m.raw for m in ev.mentions["s"].of(ValueType.MONEY)] == ["$12.5M"]
    assert ev.profile.domains == {"acme.io"} and ev.about_input == frozenset({"s"})
    assert [r.domain for r in ev.records["s"]][:1] == ["acme.io"]
    assert {v.path: v.status for v in ev.grounding.values}["revenue"] == "supported"


def test_declared_types_come_from_the_config() -> None:
    config = Config(fields={"revenue": FieldSetting(type="identifier")}, raw={})
    ev = EvidenceSet(config).of(_run("$12.5M", PAGE))
    assert {f.path: f.vtype for f in ev.fields}["revenue"] is ValueType.IDENTIFIER


def test_two_runs_with_one_id_get_their_own_evidence() -> None:
    """Regression: evidence once lived in a cache keyed by run id and object id; a new run under a
    known id (a re-read, a corrected run) must be judged on its own sources."""
    evidence = EvidenceSet()
    first, second = _run("$12.5M", PAGE), _run("$12.5M", "Acme Robotics (acme.io) reports revenue of $99M.")
    assert {v.path: v.status for v in evidence.of(first).grounding.values}["revenue"] == "supported"
    assert {v.path: v.status for v in evidence.of(second).grounding.values}["revenue"] != "supported"
    context = Context()
    found = grounding.check(second, evidence.of(second), context)
    assert [f.field for f in found if f.kind in ("unsupported_value", "contradicted_value")] == ["revenue"]
    assert entity.check(first, evidence.of(first), context) == []
