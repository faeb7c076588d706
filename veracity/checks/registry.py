"""The registry of checks: `Registered` entries in `CHECKS`, `register`, and their states to and from JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from veracity.checks import coverage, duplicates, entity, grounding, pairs, schema, steps
from veracity.checks.context import Context, EvidenceSet
from veracity.evidence import Evidence
from veracity.model import Finding, Run

RunCheck = Callable[[Run, Evidence, Context], list[Finding]]
PairCheck = Callable[[Run, Run, EvidenceSet, Context], list[Finding]]
CohortCheck = Callable[[list[Run], EvidenceSet, Context], list[Finding]]
Learner = Callable[[Run, Evidence, Any, Context], None]  # (run, its evidence, the check's state, context)
PairLearner = Callable[[Run, Run, EvidenceSet, Any, Context], None]


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Registered:
    """A check as the pipeline sees it: its name, the functions it offers, and its state.

    `state_key` names the check's state in `Context.state` and in the store; `new_state()` makes
    an empty one; `state_to_json` / `state_from_json` turn it into JSON and back (a state whose
    `state_to_json` is None is not kept by the pipeline: the duplicates check's stored index).
    `learn` updates the state from a checked run, `learn_pair` from a pair judged equivalent
    (both runs verified).
    """

    name: str
    check: RunCheck | None = None
    check_pair: PairCheck | None = None
    check_cohort: CohortCheck | None = None
    learn: Learner | None = None
    learn_pair: PairLearner | None = None
    state_key: str | None = None
    new_state: Callable[[], Any] = dict
    state_to_json: Callable[[Any], Any] | None = _same
    state_from_json: Callable[[Any], Any] = _same


CHECKS: list[Registered] = [
    Registered(schema.NAME, check=schema.check, learn=schema.learn, state_key=schema.NAME,
               new_state=schema.SchemaLearned, state_to_json=schema.SchemaLearned.to_json,
               state_from_json=schema.SchemaLearned.from_json),
    Registered(grounding.NAME, check=grounding.check),
    Registered(entity.NAME, check=entity.check),
    Registered(steps.NAME, check=steps.check, learn=steps.learn, state_key=steps.NAME,
               new_state=steps.StepsLearned, state_to_json=steps.StepsLearned.to_json,
               state_from_json=steps.StepsLearned.from_json),
    Registered(coverage.NAME, check=coverage.check),
    Registered(duplicates.NAME, check_cohort=duplicates.check_cohort, state_key=duplicates.NAME,
               new_state=duplicates.DuplicateCandidates, state_to_json=None),
    Registered(pairs.NAME, check_pair=pairs.check_pair, learn_pair=pairs.learn_pair, state_key=pairs.NAME,
               new_state=pairs.Calibration, state_to_json=pairs.Calibration.to_json,
               state_from_json=pairs.Calibration.from_json),
]


def register(entry: Registered) -> None:
    """Add a check (built in or from outside) to every pipeline from now on."""
    CHECKS[:] = [c for c in CHECKS if c.name != entry.name] + [entry]


def _upgraded(stored: Mapping[str, Any]) -> Mapping[str, Any]:
    """State JSON written before each check owned its state (one object with the built-ins' fields)."""
    out = dict(stored)
    if "pair_calibration" in out and "pairs" not in out:
        out["pairs"] = out.pop("pair_calibration")
    if "field_types" in out and "schema" not in out:
        out["schema"] = {"field_types": out.pop("field_types"), "runs_seen": out.pop("runs_seen", {})}
    return out


def load_states(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every registered check's state: from its stored JSON where there is one, else a new one."""
    stored = _upgraded(stored or {})
    states: dict[str, Any] = {}
    for entry in CHECKS:
        if entry.state_key is None or entry.state_key in states:
            continue
        data = stored.get(entry.state_key) if entry.state_to_json is not None else None
        states[entry.state_key] = entry.state_from_json(data) if data is not None else entry.new_state()
    return states


def dump_states(states: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON of every registered check's state that the pipeline keeps."""
    out: dict[str, Any] = {}
    for entry in CHECKS:
        key = entry.state_key
        if key is not None and entry.state_to_json is not None and key in states:
            out[key] = entry.state_to_json(states[key])
    return out
