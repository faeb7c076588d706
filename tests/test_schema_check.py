"""`schema_violation` against a declared JSON Schema and against the shape learned from runs."""

from __future__ import annotations

from tests.checks.calls import call
from veracity.checks import Context, schema
from veracity.checks.schema import SchemaLearned
from veracity.config import Config
from veracity.evidence import build_evidence
from veracity.model import Run

DECLARED = {
    "type": "object",
    "required": ["legal_name", "ceo", "domain"],
    "properties": {"employee_count": {"type": "integer", "minimum": 0}, "executives": {"type": "array",
                   "items": {"type": "object", "properties": {"name": {"type": "string"}}}}},
}


def test_each_missing_required_field_is_its_own_finding():
    run = Run(run_id="r", agent="a", output={"legal_name": "Acme", "employee_count": -3,
                                             "executives": [{"name": 7}]})
    findings = call(schema.check, run, Context(config=Config(schemas={"*": DECLARED})))
    assert sorted(f.field for f in findings) == ["ceo", "domain", "employee_count", "executives.0.name"]
    assert all(f.kind == "schema_violation" and f.severity == "major" for f in findings)


def test_agent_schema_wins_over_the_default():
    run = Run(run_id="r", agent="a", output={"x": 1})
    config = Config(schemas={"*": DECLARED, "a": {"type": "object"}})
    assert call(schema.check, run, Context(config=config)) == []


def test_learned_shape_flags_a_type_change_but_not_an_honest_unknown():
    learned = SchemaLearned()
    for i in range(40):
        seen = Run(run_id=str(i), agent="a", output={"revenue": 100 + i, "name": "n"})
        schema.learn(seen, build_evidence(seen), learned, Context())
    context = Context(state={schema.NAME: learned})
    odd = Run(run_id="x", agent="a", output={"revenue": {"amount": 5}, "name": "n"})
    (finding,) = call(schema.check, odd, context)
    assert finding.field == "revenue" and finding.severity == "minor" and "a number" in finding.message
    honest = Run(run_id="y", agent="a", output={"revenue": "unknown", "name": "n"})
    assert call(schema.check, honest, context) == []
    missing = Run(run_id="z", agent="a", output={"name": "n"})
    (gone,) = call(schema.check, missing, context)
    assert gone.field == "revenue" and gone.severity == "minor"


def test_too_few_runs_to_learn_from_says_nothing():
    learned = SchemaLearned()
    for i in range(5):
        seen = Run(run_id=str(i), agent="a", output={"revenue": 1})
        schema.learn(seen, build_evidence(seen), learned, Context())
    assert call(schema.check, Run(run_id="x", agent="a", output={"revenue": "12"}), Context(state={schema.NAME: learned})) == []
