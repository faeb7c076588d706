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

from veracity.checks.steps.entry import check, learn
from veracity.checks.steps.findings import NAME
from veracity.checks.steps.learned import StepsLearned
from veracity.checks.steps.stats import step_stats

__all__ = ["NAME", "StepsLearned", "check", "learn", "step_stats"]
