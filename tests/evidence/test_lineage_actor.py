"""Who acted in a step: its name without a parenthesised qualifier."""

from __future__ import annotations

from veracity.evidence.lineage import _actor
from veracity.model import Step


def test_actor_from_name_without_qualifier() -> None:
    names = ["planner (thought)", "planner (-> search)", "Planner"]
    assert {_actor(Step(step_id=str(i), name=n)) for i, n in enumerate(names)} == {"planner"}
