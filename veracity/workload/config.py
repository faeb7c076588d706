"""The knobs of the reference world: failure rates, agents, simulated time, cohort change."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

#: Every failure mode a run can carry, in a fixed order (the order draws are made in).
MODES: tuple[str, ...] = (
    "blend",
    "wrong_entity",
    "inferred_missing",
    "contradiction",
    "silent_tool_failure",
    "retry_ok",
    "retry_garbage",
    "text_error",
    "pair_benign",
    "pair_material",
    "duplicate",
)

#: Modes whose runs come in twos (both records carry the mode, or one for `duplicate`).
PAIR_MODES = ("pair_benign", "pair_material")


@dataclass(frozen=True)
class Rates:
    """Share of runs (truth records) that carry each failure mode; the rest are clean."""

    blend: float = 0.04
    wrong_entity: float = 0.03
    inferred_missing: float = 0.04
    contradiction: float = 0.03
    silent_tool_failure: float = 0.04
    retry_ok: float = 0.05
    retry_garbage: float = 0.02
    text_error: float = 0.04
    pair_benign: float = 0.06
    pair_material: float = 0.03
    duplicate: float = 0.02
    #: Share of clean runs whose sources lack a value the agent then honestly reports as unknown.
    honest_unknown: float = 0.10
    #: Share of runs whose agent reports an error about itself (independent of what went wrong).
    reported_error: float = 0.038

    def as_dict(self) -> dict[str, float]:
        return {m: float(getattr(self, m)) for m in MODES}

    def total(self) -> float:
        return sum(self.as_dict().values())


@dataclass(frozen=True)
class CohortChange:
    """A model or prompt change for one agent at a point in simulated time that raises one rate."""

    agent: str = "company-enricher"
    at_fraction: float = 0.6
    model: str | None = "gpt-4.1-mini"
    prompt_version: str | None = None
    agent_version: str | None = None
    mode: str = "inferred_missing"
    delta: float = 0.03


#: The default simulated period starts here (2026-03-02T00:00:00Z) and lasts four weeks.
DEFAULT_START_NS = 1_772_409_600 * 1_000_000_000
DEFAULT_PERIOD_S = 28 * 24 * 3600


@dataclass(frozen=True)
class WorldConfig:
    """Everything `simulate` needs; the same config always gives byte-identical output."""

    runs: int = 1000
    seed: int = 7
    rates: Rates = field(default_factory=Rates)
    agents: tuple[str, ...] = ("company-enricher", "lead-researcher", "firmo-agent", "account-profiler")
    companies: int = 3000
    start_ns: int = DEFAULT_START_NS
    period_s: int = DEFAULT_PERIOD_S
    cohort_change: CohortChange | None = field(default_factory=CohortChange)
    #: Share of runs whose agent span sits under a non-agent parent (HTTP handler, job runner).
    wrapped_root: float = 0.2

    def __post_init__(self) -> None:
        if self.runs < 0:
            raise ValueError("runs must be >= 0")
        if self.rates.total() > 0.95:
            raise ValueError(f"failure rates sum to {self.rates.total():.2f}; keep them under 0.95")
        if not self.agents:
            raise ValueError("at least one agent is needed")


def rates_with(base: Rates, **overrides: float) -> Rates:
    """`base` with some rates replaced; unknown names raise."""
    known = {f.name for f in fields(Rates)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"unknown failure rate(s): {sorted(unknown)}; known: {sorted(known)}")
    values = {f.name: getattr(base, f.name) for f in fields(Rates)}
    values.update({k: float(v) for k, v in overrides.items()})
    return Rates(**values)
