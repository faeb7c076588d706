"""First-attempt rates: what the self-reported success rate hides (`veracity report`'s `steps` section).

A call succeeded at first attempt when its first attempt returned a clean result (no
HTTP or span error, no silent failure) and no untraced attempts preceded it. A run
succeeded at first attempt when every one of its calls did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from veracity.checks.steps.attempts import CALL_KINDS, Call, analyse
from veracity.checks.steps.learned import steps_state
from veracity.model import Run


@dataclass
class _Calls:
    calls: int = 0
    first_ok: int = 0
    eventual_ok: int = 0
    attempts: int = 0
    errors: int = 0
    loud: int = 0
    silent: int = 0
    rate_limits: int = 0
    fallbacks: int = 0

    def add(self, call: Call) -> None:
        self.calls += 1
        self.first_ok += call.first_ok
        self.eventual_ok += call.eventual_ok
        self.attempts += len(call.attempts) + call.hidden
        self.errors += len(call.failures) + call.hidden
        self.loud += sum(a.state == "error" for a in call.attempts)
        self.silent += sum(a.state == "garbage" for a in call.attempts)
        self.rate_limits += sum(a.rate_limit for a in call.attempts)
        self.fallbacks += call.fallback

    def result(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "attempts": self.attempts,
            "first_attempt_success_rate": _rate(self.first_ok, self.calls),
            "eventual_success_rate": _rate(self.eventual_ok, self.calls),
            "attempts_per_success": _rate(self.attempts, self.eventual_ok),
            "errors": self.errors,
            "loud_failures": self.loud,
            "silent_failures": self.silent,
            "rate_limit_share": _rate(self.rate_limits, self.errors),
            "fallbacks": self.fallbacks,
        }


@dataclass
class _Runs:
    runs: int = 0
    reported_ok: int = 0
    first_ok: int = 0
    eventual_ok: int = 0
    retried: int = 0
    total: _Calls = field(default_factory=_Calls)
    tools: dict[str, _Calls] = field(default_factory=dict)
    models: dict[str, _Calls] = field(default_factory=dict)

    def add(self, run: Run, calls: list[Call]) -> None:
        self.runs += 1
        self.reported_ok += run.reported_status != "error"
        self.first_ok += all(c.first_ok for c in calls)
        self.eventual_ok += all(c.eventual_ok for c in calls)
        self.retried += any(len(c.attempts) > 1 or c.hidden for c in calls)
        for call in calls:
            first = call.attempts[0].step
            if first.kind in CALL_KINDS:
                self.total.add(call)
                self.tools.setdefault(first.name, _Calls()).add(call)
            else:
                self.models.setdefault(first.model or first.name, _Calls()).add(call)

    def result(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "reported_success_rate": _rate(self.reported_ok, self.runs),
            "first_attempt_success_rate": _rate(self.first_ok, self.runs),
            "eventual_success_rate": _rate(self.eventual_ok, self.runs),
            "retried_runs": self.retried,
            "calls": self.total.result(),
            "tools": {name: c.result() for name, c in sorted(self.tools.items())},
            "models": {name: c.result() for name, c in sorted(self.models.items())},
        }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def step_stats(
    runs: Iterable[Run],
    cohort: Callable[[Run], str | None] | None = None,
    learned: object = None,
) -> dict[str, Any]:
    """Reported vs first-attempt vs eventual success, per run and per tool, overall and per cohort.

    `cohort` maps a run to its cohort key (e.g. `lambda r: r.models[0] if r.models else None`);
    `learned` is the steps check's state (a `StepsLearned`), so learned-shape failures count too.
    """
    state = steps_state(learned)
    overall = _Runs()
    cohorts: dict[str, _Runs] = {}
    for run in runs:
        calls = analyse(run, state).calls
        overall.add(run, calls)
        if cohort is not None:
            key = cohort(run)
            if key is not None:
                cohorts.setdefault(str(key), _Runs()).add(run, calls)
    out = overall.result()
    if cohort is not None:
        out["cohorts"] = {key: acc.result() for key, acc in sorted(cohorts.items())}
    return out
