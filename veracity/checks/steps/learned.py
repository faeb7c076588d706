"""What the steps check learns per tool from runs seen: its usual result shape.

Plain counters, persisted as JSON under the check's state key (`steps`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Fewer calls than this and nothing learned about a tool is used.
MIN_CALLS = 30
#: A tool's top-level keys beyond this many are not tracked (results keyed by ids have no shape).
MAX_KEYS = 200


@dataclass
class ToolStats:
    """Counters about one tool's results (tool name, across agents)."""

    calls: int = 0  # successful calls (not an HTTP or span error) that are not garbage
    recorded: int = 0  # of those, calls whose result was recorded
    empty: int = 0  # results that were empty (`{}`, `[]`, `null`, whitespace)
    json: int = 0  # results that were a JSON object or array
    objects: int = 0  # results whose shape has keys (an object, or a list of objects)
    keys: dict[str, int] = field(default_factory=dict)  # top-level key -> results having it
    types: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> JSON type -> count
    echo_tried: int = 0  # results of calls with distinctive argument tokens
    echo_hit: int = 0  # of those, results that contain one of the tokens
    text: int = 0  # non-empty results, for `terminal`
    terminal: int = 0  # results that end with closing punctuation (`.`, `>`, `}`, `)`, ...)
    html: int = 0  # results that open as an HTML document
    html_closed: int = 0  # of those, results that end with `</html>`
    records: int = 0  # plain-text results that are `Key: value` records
    record_keys: dict[str, int] = field(default_factory=dict)  # record key -> records having it
    record_complete: int = 0  # records whose last line is a complete `Key: value` line

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ToolStats:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class StepsLearned:
    """Per tool name, the counters above."""

    tools: dict[str, ToolStats] = field(default_factory=dict)

    def tool(self, name: str) -> ToolStats | None:
        return self.tools.get(name)

    def to_json(self) -> dict[str, Any]:
        return {"tools": {name: t.to_json() for name, t in self.tools.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> StepsLearned:
        tools = (data or {}).get("tools", {})
        return cls(tools={name: ToolStats.from_json(t) for name, t in tools.items() if isinstance(t, dict)})


def steps_state(state: object) -> StepsLearned | None:
    """The steps check's state when one is given (`context.state_of("steps")`), else None."""
    return state if isinstance(state, StepsLearned) else None


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
