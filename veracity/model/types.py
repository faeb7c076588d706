"""The run model: the one contract between ingestion, checks, store and statistics.

A `Run` is what an agent did for one query: its input, its output, the steps it took and
the sources it saw. Checks read runs and write `Finding`s; a `Verdict` sums them up; a
`Label` is ground truth about a run from a person, a downstream correction or a fixture.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

StepKind = Literal["llm", "tool", "retriever", "agent", "chain", "other"]
Severity = Literal["critical", "major", "minor", "info"]
VerdictName = Literal["failed", "suspect", "unverifiable", "verified"]
SourceKind = Literal["tool_result", "document", "input", "message"]

SEVERITY_RANK: dict[str, int] = {"critical": 3, "major": 2, "minor": 1, "info": 0}


class Step(msgspec.Struct, frozen=True, omit_defaults=True):
    """One span of a run: a model call, a tool call, a retrieval, a sub-agent."""

    step_id: str
    name: str
    kind: StepKind = "other"
    parent_id: str | None = None
    order: int = 0
    args: Any = None
    result: Any = None
    status: str = "unset"
    status_message: str | None = None
    http_status: int | None = None
    attempt: int = 1
    model: str | None = None
    prompt_template: str | None = None
    prompt_version: str | None = None
    started_at: int = 0
    ended_at: int = 0
    input_tokens: int | None = None
    output_tokens: int | None = None
    attributes: dict[str, Any] = {}
    errors: list[str] = []


class Source(msgspec.Struct, frozen=True, omit_defaults=True):
    """Evidence the run saw: a tool result, a retrieved document or the run's input."""

    source_id: str
    kind: SourceKind
    content: str
    step_id: str | None = None
    uri: str | None = None
    title: str | None = None
    metadata: dict[str, Any] = {}


class Run(msgspec.Struct, frozen=True, omit_defaults=True):
    """The work under an agent's outermost span: one answered query."""

    run_id: str
    trace_id: str = ""
    root_step_id: str | None = None
    project: str | None = None
    agent: str | None = None
    agent_version: str | None = None
    input: Any = None
    output: Any = None
    reported_status: str = "success"
    models: list[str] = []
    prompt_version: str | None = None
    pair_key: str | None = None
    identity: str | None = None
    session: str | None = None
    started_at: int = 0
    ended_at: int = 0
    steps: list[Step] = []
    sources: list[Source] = []
    errors: list[str] = []

    def step(self, step_id: str | None) -> Step | None:
        """The step with this id, if the run has it."""
        if step_id is None:
            return None
        return next((s for s in self.steps if s.step_id == step_id), None)


class Finding(msgspec.Struct, frozen=True):
    """Something a check found wrong (or notable) about a run."""

    check: str
    kind: str
    severity: Severity
    message: str
    run_id: str = ""
    field: str | None = None
    origin_step: str | None = None
    evidence: dict[str, Any] = {}
    score: float | None = None


class Verdict(msgspec.Struct, frozen=True):
    """A run's verdict, from its findings by precedence, with a risk in [0, 1]."""

    run_id: str
    verdict: VerdictName
    risk: float
    findings: list[Finding]
    checker_version: str


class Label(msgspec.Struct, frozen=True, omit_defaults=True):
    """Ground truth about a run: a review, a downstream correction or a fixture."""

    run_id: str
    correct: bool
    wrong_fields: list[str] = []
    corrections: dict[str, Any] = {}
    source: Literal["review", "correction", "fixture"] = "review"
    note: str | None = None
    created_at: int = 0
