"""The steps check measured on the reference world: step-level precision and recall against its truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from tests.checks.calls import call
from veracity.checks import steps
from veracity.checks.context import Context
from veracity.checks.steps.findings import learn_steps
from veracity.checks.steps.learned import StepsLearned
from veracity.model import Finding, Run
from veracity.pipeline import read_runs
from veracity.workload import generate


@dataclass
class World:
    runs: list[Run]
    truth: dict[str, dict[str, object]]
    findings: dict[str, list[Finding]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    out = generate(300, tmp_path_factory.mktemp("world") / "w", seed=7)
    runs, files = read_runs([str(Path(out) / "traces")])
    assert runs and not [f for f in files if f.decoded is None]
    truth = {t["run_id"]: t for t in map(orjson.loads, (Path(out) / "truth.jsonl").read_bytes().splitlines())}
    state = StepsLearned()
    for run in runs:
        learn_steps(run, state)
    context = Context(state={steps.NAME: state})
    return World(runs, truth, {r.run_id: call(steps.check, r, context) for r in runs})


def _garbage_spans(t: dict[str, object]) -> set[str]:
    spans = {f["span_id"] for f in t["failed_steps"]}  # type: ignore[attr-defined]
    for a in t["attempts"]:  # type: ignore[attr-defined]
        spans |= {s for s, o in zip(a["span_ids"], a["outcomes"], strict=True) if o.startswith("garbage")}
    return spans


def test_silent_failures_precision_and_recall(world: World) -> None:
    tp = fp = fn = 0
    for run in world.runs:
        want = _garbage_spans(world.truth[run.run_id])
        got = {f.origin_step for f in world.findings[run.run_id] if f.kind == "silent_step_failure"}
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    assert tp >= 10, "the world should hold silent failures"
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"silent_step_failure: tp={tp} fp={fp} fn={fn} precision={precision:.3f} recall={recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.95


def test_masked_retries_recall(world: World) -> None:
    want = [r for r in world.runs if world.truth[r.run_id]["attempts"]]
    found = [r for r in want if any(f.kind == "retry_masked" for f in world.findings[r.run_id])]
    false = [r for r in world.runs if r not in want and any(f.kind == "retry_masked" for f in world.findings[r.run_id])]
    assert len(want) >= 5
    print(f"retry_masked: runs={len(want)} found={len(found)} false={len(false)}")
    assert len(found) / len(want) >= 0.95
    assert not false


def test_retry_that_accepted_garbage_is_major(world: World) -> None:
    for run in world.runs:
        t = world.truth[run.run_id]
        accepted_garbage = any(a["accepted_garbage"] for a in t["attempts"])  # type: ignore[attr-defined]
        masked = [f for f in world.findings[run.run_id] if f.kind == "retry_masked"]
        if accepted_garbage and masked:
            assert any(f.severity == "major" for f in masked)
        if t["failure"] == "retry_ok":
            assert {f.severity for f in world.findings[run.run_id]} <= {"minor"}


def test_first_attempt_rate_is_below_the_reported_rate(world: World) -> None:
    stats = steps.step_stats(world.runs, cohort=lambda r: r.agent)
    assert 0.93 <= stats["reported_success_rate"] <= 0.99  # the agents' own word, ~96% as on the seed's dashboards
    assert stats["first_attempt_success_rate"] < stats["eventual_success_rate"] < 1.0
    assert stats["first_attempt_success_rate"] < stats["reported_success_rate"]
    assert set(stats["cohorts"]) == {str(t["cohort"]["agent"]) for t in world.truth.values()}  # type: ignore[index]
