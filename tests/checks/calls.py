"""Calling a check as the pipeline does: with the run's evidence built from the context's settings."""

from __future__ import annotations

from veracity.checks import Context, EvidenceSet, RunCheck
from veracity.checks.duplicates import check_cohort
from veracity.checks.pairs import check_pair
from veracity.evidence import Grounding
from veracity.model import Finding, Run


def call(check: RunCheck, run: Run, context: Context | None = None) -> list[Finding]:
    context = context or Context()
    return check(run, EvidenceSet(context.config).of(run), context)


def call_pair(a: Run, b: Run, context: Context | None = None) -> list[Finding]:
    context = context or Context()
    return check_pair(a, b, EvidenceSet(context.config), context)


def call_cohort(runs: list[Run], context: Context | None = None) -> list[Finding]:
    context = context or Context()
    return check_cohort(runs, EvidenceSet(context.config), context)


def grounding_of(run: Run, context: Context | None = None) -> Grounding:
    """What the run's evidence says of each output value, under the context's settings."""
    return EvidenceSet((context or Context()).config).of(run).grounding
