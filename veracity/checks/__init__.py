"""The checks: one module or package a check, each `check(run, evidence, context) -> list[Finding]`.

Pair checks are `check_pair(a, b, evidence, context)`, cohort checks `check_cohort(runs, evidence,
context)`, where `evidence` is the batch's `EvidenceSet` (`evidence.of(run)`). Every check is
listed once in `CHECKS`; an outside check registers the same way with `register`, memory
included: a check with a `state_key` gets its own state (`context.state_of(key)`), which its
`learn` / `learn_pair` update after the runs are checked and which its `state_to_json` /
`state_from_json` keep across processes through the store.
"""

from __future__ import annotations

from veracity.checks.context import Context, EvidenceSet, declared_types, fingerprint_secret
from veracity.checks.registry import (
    CHECKS,
    CohortCheck,
    Learner,
    PairCheck,
    PairLearner,
    Registered,
    RunCheck,
    dump_states,
    load_states,
    register,
)
from veracity.checks.verdict import judge, risk, verdict_name

__all__ = [
    "CHECKS",
    "CohortCheck",
    "Context",
    "EvidenceSet",
    "Learner",
    "PairCheck",
    "PairLearner",
    "Registered",
    "RunCheck",
    "declared_types",
    "dump_states",
    "fingerprint_secret",
    "judge",
    "load_states",
    "register",
    "risk",
    "verdict_name",
]
