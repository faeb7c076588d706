"""Who acted in a step: from the span's agent attributes, else its name without a qualifier."""

from __future__ import annotations

from veracity.evidence.lineage import _actor
from veracity.model import Step


def test_actor_from_agent_attribute() -> None:
    step = Step(step_id="s1", name="call_model", kind="llm", attributes={"gen_ai.agent.name": "Researcher"})
    assert _actor(step) == "researcher"


def test_actor_from_name_without_qualifier() -> None:
    names = ["planner (thought)", "planner [-> search]", "planner: step 2", "Planner"]
    assert {_actor(Step(step_id=str(i), name=n)) for i, n in enumerate(names)} == {"planner"}
