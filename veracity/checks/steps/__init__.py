"""`silent_step_failure` and `retry_masked`: steps that "succeeded" with garbage, and retries that hid failures.

A tool, retriever or model step that reported success but returned an error page,
rate-limit or bot-wall text, a login page, nothing, broken JSON, placeholders, a refusal,
a result of another shape than its tool's usual one or unrelated to its arguments is a
silent failure. Attempts of one call are grouped; a run that got its result only after
retries or fallbacks, or whose retry accepted garbage, is reported. `step_stats` gives the
first-attempt rates that the self-reported success rate hides.

The check's state (`StepsLearned`, state key `steps`) is each tool's usual result shape.
"""

from __future__ import annotations

from veracity.checks.context import Context
from veracity.checks.steps.attempts import analyse
from veracity.checks.steps.findings import NAME, findings, learn_steps
from veracity.checks.steps.learned import StepsLearned, steps_state
from veracity.checks.steps.stats import step_stats
from veracity.evidence import Evidence
from veracity.model import Finding, Run

__all__ = ["NAME", "StepsLearned", "check", "learn", "step_stats"]


def check(run: Run, evidence: Evidence, context: Context) -> list[Finding]:
    """Silent step failures and masked retries in one run."""
    if not run.steps:
        return []
    return findings(run, analyse(run, steps_state(context.state_of(NAME))))


def learn(run: Run, evidence: Evidence, state: StepsLearned, context: Context) -> None:
    """Count each tool's results (shape, endings, echo of its arguments) from one checked run."""
    learn_steps(run, state)
