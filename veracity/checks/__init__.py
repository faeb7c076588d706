"""The checks: one module a check, each `check(run, context) -> list[Finding]`.

Pair checks are `check_pair(a, b, context)`, cohort checks `check_cohort(runs, context)`.
Every check is listed once in `RUN_CHECKS` / `PAIR_CHECKS` / `COHORT_CHECKS`; an
outside check registers the same way with `register`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from veracity.checks import coverage, duplicates, entity, grounding, pairs, schema, steps
from veracity.checks.context import Context, Learned
from veracity.checks.verdict import judge, risk, verdict_name
from veracity.model import Finding, Run

RunCheck = Callable[[Run, Context], list[Finding]]
PairCheck = Callable[[Run, Run, Context], list[Finding]]
CohortCheck = Callable[[list[Run], Context], list[Finding]]
Learner = Callable[[Run, Learned], None]
PairLearner = Callable[[Run, Run, Learned, Context], None]


@dataclass(frozen=True)
class Registered:
    """A check as the pipeline sees it: its name and the functions it offers."""

    name: str
    check: RunCheck | None = None
    check_pair: PairCheck | None = None
    check_cohort: CohortCheck | None = None
    learn: Learner | None = None
    learn_pair: PairLearner | None = None  # from pairs judged equivalent (both runs verified)


CHECKS: list[Registered] = [
    Registered(schema.NAME, check=schema.check, learn=schema.learn),
    Registered(grounding.NAME, check=grounding.check),
    Registered(entity.NAME, check=entity.check),
    Registered(steps.NAME, check=steps.check, learn=steps.learn),
    Registered(coverage.NAME, check=coverage.check),
    Registered(duplicates.NAME, check_cohort=duplicates.check_cohort),
    Registered(
        pairs.NAME,
        check_pair=pairs.check_pair,
        learn_pair=lambda a, b, learned, context: pairs.learn_pair(
            a, b, learned.pair_calibration, pairs.declared_types(context)
        ),
    ),
]


def register(entry: Registered) -> None:
    """Add a check (built in or from outside) to every pipeline from now on."""
    CHECKS[:] = [c for c in CHECKS if c.name != entry.name] + [entry]


__all__ = [
    "CHECKS",
    "CohortCheck",
    "Context",
    "Learned",
    "PairCheck",
    "PairLearner",
    "Registered",
    "RunCheck",
    "judge",
    "register",
    "risk",
    "verdict_name",
]
