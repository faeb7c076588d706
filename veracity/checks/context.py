"""What a check may know beyond the run: the project's settings and what was learned from runs seen.

A check never changes the context; the pipeline learns from runs after they are checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from veracity.checks.duplicates_types import DuplicateCandidates
from veracity.checks.steps_learned import StepsLearned
from veracity.config import Config
from veracity.stats.calibration import Calibration


@dataclass
class Learned:
    """State learned from runs: per agent, each top-level output field's JSON types; per tool, its result shape."""

    field_types: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    runs_seen: dict[str, int] = field(default_factory=dict)
    steps: StepsLearned = field(default_factory=StepsLearned)
    pair_calibration: Calibration = field(default_factory=Calibration)

    def to_json(self) -> dict[str, Any]:
        return {
            "field_types": self.field_types,
            "runs_seen": self.runs_seen,
            "steps": self.steps.to_json(),
            "pair_calibration": self.pair_calibration.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Learned:
        return cls(
            field_types=data.get("field_types", {}),
            runs_seen=data.get("runs_seen", {}),
            steps=StepsLearned.from_json(data.get("steps")),
            pair_calibration=Calibration.from_json(data.get("pair_calibration")),
        )


@dataclass(frozen=True)
class Context:
    """Read-only input to every check: `check(run, context)`."""

    config: Config = field(default_factory=Config)
    learned: Learned = field(default_factory=Learned)
    duplicates: DuplicateCandidates | None = None  # stored index rows for this batch's keys; None: stateless
