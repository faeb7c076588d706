"""What a check may know beyond the run: the project's settings and what was learned from runs seen.

A check never changes the context; the pipeline learns from runs after they are checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from veracity.config import Config


@dataclass
class Learned:
    """State learned from runs: per agent, how often each top-level output field had each JSON type."""

    field_types: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    runs_seen: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"field_types": self.field_types, "runs_seen": self.runs_seen}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Learned:
        return cls(field_types=data.get("field_types", {}), runs_seen=data.get("runs_seen", {}))


@dataclass(frozen=True)
class Context:
    """Read-only input to every check: `check(run, context)`."""

    config: Config = field(default_factory=Config)
    learned: Learned = field(default_factory=Learned)
