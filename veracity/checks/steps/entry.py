"""The steps check's two entry points, as the registry calls them."""

from __future__ import annotations

from veracity.checks.context import Context
from veracity.checks.steps.attempts import analyse
from veracity.checks.steps.findings import NAME, findings, learn_steps
from veracity.checks.steps.learned import StepsLearned, steps_state
from veracity.evidence import Evidence
from veracity.model import Finding, Run


def check(run: Run, evidence: Evidence, context: Context) -> list[Finding]:
    """Silent step failures and masked retries in one run."""
    if not run.steps:
        return []
    return findings(run, analyse(run, steps_state(context.state_of(NAME))))


def learn(run: Run, evidence: Evidence, state: StepsLearned, context: Context) -> None:
    """Count each tool's results (shape, endings, echo of its arguments) from one checked run."""
    learn_steps(run, state)
