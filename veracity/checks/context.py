"""What a check may know beyond the run and its evidence: the project's settings and its own state.

`check(run, evidence, context)`: the context is read-only. Each check with memory has a state
key (`Registered.state_key`); `context.state_of(key)` is that check's state, learned from runs
seen (or, for the duplicates check, the stored index rows of this batch's keys). The pipeline
learns after the runs are checked, so a check never changes its context.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from veracity.config import Config
from veracity.evidence import DEFAULT_SECRET_ENV, Evidence, build_evidence, secret_from_env
from veracity.model import Run


@dataclass(frozen=True)
class Context:
    """Read-only input to every check: the settings and, by state key, each check's state."""

    config: Config = field(default_factory=Config)
    state: Mapping[str, Any] = field(default_factory=dict)

    def state_of(self, key: str) -> Any:
        """The state of the check with this state key (None when the pipeline holds none)."""
        return self.state.get(key)

    def with_state(self, key: str, value: Any) -> Context:
        """The same context with one check's state replaced."""
        return replace(self, state={**self.state, key: value})


def fingerprint_secret(config: Config) -> bytes | None:
    """The project's secret: the env variable named by `[privacy] secret_env`, if set."""
    privacy = config.raw.get("privacy") if isinstance(config.raw, dict) else None
    name = privacy.get("secret_env", DEFAULT_SECRET_ENV) if isinstance(privacy, dict) else DEFAULT_SECRET_ENV
    return secret_from_env(str(name))


def declared_types(config: Config) -> dict[str, str]:
    """Field types the project declared (they override inference)."""
    return {path: s.type for path, s in config.fields.items() if s.type}


class EvidenceSet(Mapping[str, Evidence]):
    """The evidence of a batch's runs by run id, each built once, when first asked for."""

    def __init__(self, config: Config | None = None, runs: list[Run] | None = None) -> None:
        config = config or Config()
        self.declared = declared_types(config)
        self.secret = fingerprint_secret(config)
        self._by_id: dict[str, Evidence] = {}
        for run in runs or ():
            self.of(run)

    def of(self, run: Run) -> Evidence:
        """The run's evidence (a different run under a known id gets its own, not kept)."""
        found = self._by_id.get(run.run_id)
        if found is not None and found.lineage.run is run:
            return found
        evidence = build_evidence(run, self.declared, self.secret)
        if found is None:
            self._by_id[run.run_id] = evidence
        return evidence

    def keep(self, run: Run, evidence: Evidence) -> None:
        """Keep evidence built elsewhere (a worker process) for `run`, as `of` would have kept it."""
        if run.run_id not in self._by_id and evidence.lineage.run is run:
            self._by_id[run.run_id] = evidence

    def __getitem__(self, run_id: str) -> Evidence:
        return self._by_id[run_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)
