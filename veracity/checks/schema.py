"""`schema_violation`: output fields of the wrong type or shape.

Against the JSON Schema the project declares for the agent (`veracity.toml`), else
against the shape learned from the agent's earlier runs: a top-level field that had one
JSON type in nearly every run and now has another. A learned shape is a hint, not a
contract (agents legitimately write "$12.5M" where they usually write a number), so those
findings are minor and never change a verdict; a declared schema's are major.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from typing import Any

import jsonschema
import orjson

from veracity.checks.bounded import make_room
from veracity.checks.context import Context
from veracity.evidence import Evidence
from veracity.model import Finding, Run
from veracity.model.jsontype import json_type as model_json_type
from veracity.values.lexicon import words

NAME = "schema"
MIN_RUNS_TO_INFER = 30
DOMINANT_SHARE = 0.97
_MISSING_WORDS = words("null_words")  # every language's (veracity.values.lexicon)


def json_type(value: Any) -> str:
    """The JSON type of an output value; a word that says "no value" (`N/A`, `unknown`) is `null`."""
    return model_json_type(value, _MISSING_WORDS)


@lru_cache(maxsize=64)
def _validator(schema_json: bytes) -> jsonschema.protocols.Validator:
    schema = orjson.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _path(parts: Any) -> str | None:
    return ".".join(str(p) for p in parts) or None


def _declared(run: Run, schema: dict[str, Any]) -> list[Finding]:
    validator = _validator(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS))
    findings = []
    for error in sorted(validator.iter_errors(run.output), key=lambda e: list(map(str, e.absolute_path))):
        field = _path(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            names: Any = error.validator_value
            missing = [n for n in names if n not in error.instance and repr(n) in error.message]
            field = ".".join(filter(None, [field, *missing[:1]]))
        findings.append(
            Finding(
                check=NAME,
                kind="schema_violation",
                severity="major",
                run_id=run.run_id,
                field=field or None,
                message=f"{field or 'output'}: {error.message} (declared schema)",
                evidence={"validator": str(error.validator), "schema_path": _path(error.absolute_schema_path)},
            )
        )
    return findings


@dataclass
class SchemaLearned:
    """The schema check's state: per agent, runs seen and each top-level output field's JSON types."""

    field_types: dict[str, dict[str, dict[str, int]]] = dc_field(default_factory=dict)
    runs_seen: dict[str, int] = dc_field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"field_types": self.field_types, "runs_seen": self.runs_seen}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SchemaLearned:
        data = data or {}
        return cls(field_types=data.get("field_types", {}), runs_seen=data.get("runs_seen", {}))


def _inferred(run: Run, learned: SchemaLearned | None) -> list[Finding]:
    agent = run.agent or ""
    if learned is None or learned.runs_seen.get(agent, 0) < MIN_RUNS_TO_INFER or not isinstance(run.output, dict):
        return []
    findings = []
    for field, counts in learned.field_types.get(agent, {}).items():
        total = sum(counts.values())
        typed = {t: n for t, n in counts.items() if t != "null"}
        if not typed or total < MIN_RUNS_TO_INFER:
            continue
        usual, n = max(typed.items(), key=lambda kv: kv[1])
        if n / sum(typed.values()) < DOMINANT_SHARE:
            continue
        seen = json_type(run.output.get(field)) if field in run.output else "absent"
        if seen in ("null", usual):
            continue
        if seen == "absent":
            if counts.get("absent", 0) == 0 and n / total >= DOMINANT_SHARE:
                findings.append(_inferred_finding(run, field, f"{field} is missing; it was present in {n} of {total} earlier runs", "minor", usual))
            continue
        findings.append(
            _inferred_finding(run, field, f"{field} is {_a(seen)}; in {n} of {total} earlier runs it was {_a(usual)}", "minor", usual)
        )
    return findings


def _a(json_type_name: str) -> str:
    return ("an " if json_type_name[0] in "aeiou" else "a ") + json_type_name


def _inferred_finding(run: Run, field: str, message: str, severity: Any, usual: str) -> Finding:
    return Finding(
        check=NAME,
        kind="schema_violation",
        severity=severity,
        run_id=run.run_id,
        field=field,
        message=message + " (learned shape)",
        evidence={"expected_type": usual},
    )


def check(run: Run, evidence: Evidence, context: Context) -> list[Finding]:
    """Output fields of the wrong type or shape for the agent's declared or usual schema."""
    if run.output is None:
        return []
    schema = context.config.schema_for(run.agent)
    if schema is not None:
        return _declared(run, schema)
    return _inferred(run, context.state_of(NAME))


def learn(run: Run, evidence: Evidence, learned: SchemaLearned, context: Context) -> None:
    """Count each top-level output field's JSON type for the run's agent."""
    if not isinstance(run.output, dict):
        return
    agent = run.agent or ""
    if agent not in learned.runs_seen:  # bounded names (`checks.bounded`): a new agent may take the least-seen's place
        make_room(learned.runs_seen, agent, int)
        learned.field_types = {a: f for a, f in learned.field_types.items() if a in learned.runs_seen}
    learned.runs_seen[agent] = learned.runs_seen.get(agent, 0) + 1
    fields = learned.field_types.setdefault(agent, {})
    for field, value in run.output.items():
        make_room(fields, field, lambda counts: sum(counts.values()))
        counts = fields.setdefault(field, {})
        t = json_type(value)
        counts[t] = counts.get(t, 0) + 1
    for field, counts in fields.items():
        if field not in run.output:
            counts["absent"] = counts.get("absent", 0) + 1
