"""Learned state stays flat over a long stream whose runs keep bringing new names (agents, fields, tools)."""

from __future__ import annotations

import orjson

from veracity.checks import EvidenceSet, dump_states
from veracity.checks.bounded import MAX_NAMES, make_room
from veracity.config import Config
from veracity.model import Run, Step
from veracity.pipeline import learn, new_context
from veracity.stats.calibration import MAX_KEYS, Calibration


def _run(i: int) -> Run:
    """A run whose agent, output field and tool are named after it (ids used as names)."""
    tool = Step(step_id=f"s{i}", name=f"lookup_{i:06d}", kind="tool", args={"q": "x"},
                result=orjson.dumps({"name": "Acme", f"id_{i:06d}": i}).decode(), status="ok")
    return Run(run_id=f"r{i:06d}", agent=f"agent_{i % 700:04d}", output={"name": "Acme", f"rec_{i:06d}": i},
               steps=[tool])


def _learned_bytes(runs: int) -> int:
    """The size of every check's state, as stored, after learning from `runs` runs."""
    context = new_context(Config())
    batch = [_run(i) for i in range(runs)]
    learn(batch, EvidenceSet(context.config), context)
    calibration = context.state["pairs"]
    for i in range(runs):
        calibration.record(f"agent:rec_{i:06d}", 0.1)
    return len(orjson.dumps(dump_states(context.state)))


def test_learned_state_does_not_grow_with_the_number_of_runs() -> None:
    assert MAX_NAMES < 1500 and MAX_KEYS < 1500  # both sizes below are past the bounds
    assert _learned_bytes(3000) <= 1.02 * _learned_bytes(1500)


def test_the_least_seen_name_makes_room_and_known_names_keep_learning() -> None:
    table = {"busy": 40, "rare": 1, "usual": 7}
    make_room(table, "new", int, limit=3)
    assert table == {"busy": 40, "usual": 7}
    make_room(table, "busy", int, limit=2)  # a name already kept takes no room
    assert table == {"busy": 40, "usual": 7}
    cal = Calibration()
    for i in range(MAX_KEYS + 10):
        cal.record("field:revenue", 0.2)
        cal.record(f"field:x{i}", 0.1)
    assert len(cal.distances) == MAX_KEYS and len(cal.distances["field:revenue"]) == MAX_KEYS + 10
