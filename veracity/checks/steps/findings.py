"""Findings of the steps check from one run's analysis (see `veracity.checks.steps`)."""

from __future__ import annotations

from typing import Any

from veracity.checks.bounded import make_room
from veracity.checks.steps.attempts import (
    CALL_KINDS,
    Analysis,
    Call,
    Outcome,
    documents,
    inspect,
    loud_failure,
)
from veracity.checks.steps.learned import StepsLearned, ToolStats
from veracity.checks.steps.shape import learn_result
from veracity.model import Finding, Run, Severity
from veracity.values.lexicon import words

NAME = "steps"
#: Garbage that still carries values a model could copy into the output.
_CONTENTFUL = frozenset({"placeholder", "shape_mismatch", "unrelated", "truncated", "truncated_json", "invalid_json"})
_WEAK_VALUES = words("null_words")  # every language's (veracity.values.lexicon)

def _carried_on(run: Run, o: Outcome) -> bool:
    """Whether the run went on after this step: later steps, or a non-empty output."""
    if run.output not in (None, "", {}, []) and run.output != {"text": ""}:
        return True
    return any(s.order > o.step.order and s.step_id != run.root_step_id for s in run.steps)


def _leaves(value: Any, path: str, out: list[tuple[str, Any]]) -> None:
    if len(out) >= 100:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _leaves(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(value, list):
        for i, v in enumerate(value[:20]):
            _leaves(v, f"{path}.{i}" if path else str(i), out)
    else:
        out.append((path, value))


def damaged_fields(run: Run, o: Outcome) -> list[str]:
    """Output fields whose value appears in a garbage result (what the garbage may have fed)."""
    if o.body is None or o.failure not in _CONTENTFUL or not isinstance(run.output, dict | list):
        return []
    text = o.body.text.lower()
    leaves: list[tuple[str, Any]] = []
    _leaves(run.output, "", leaves)
    found = []
    for path, value in leaves:
        if isinstance(value, bool) or value is None:
            continue
        s = str(value).strip().lower()
        wanted = (isinstance(value, str) and len(s) >= 4 and s not in _WEAK_VALUES) or (
            isinstance(value, int | float) and abs(value) >= 10
        )
        if wanted and s in text:
            found.append(path)
    return found


def _silent(run: Run, o: Outcome, call: Call) -> Finding:
    step = o.step
    accepted = call.accepted is o
    later_ok = not accepted and any(a.state == "ok" for a in call.attempts[call.attempts.index(o) + 1 :])
    carried = _carried_on(run, o)
    severity: Severity = "major" if accepted and carried else "minor"
    what = "model" if step.kind == "llm" else "tool"
    label = step.model or step.name if step.kind == "llm" else step.name
    code = f"HTTP {step.http_status}" if step.http_status else "success"
    message = f"{what} `{label}` reported {code} but returned {o.failure.replace('_', ' ') if o.failure else 'garbage'}: {o.reason}"
    if later_ok:
        message += "; a later attempt succeeded"
    evidence: dict[str, Any] = {
        "steps": [step.step_id],
        "failure": o.failure,
        "snippet": o.snippet,
        "tool": step.name,
        "affects_output": accepted and carried,
    }
    fields = damaged_fields(run, o) if accepted else []
    if fields:
        evidence["fields"] = fields
    return Finding(
        check=NAME,
        kind="silent_step_failure",
        severity=severity,
        message=message,
        run_id=run.run_id,
        field=None,
        origin_step=step.step_id,
        evidence=evidence,
    )


def _describe(o: Outcome) -> str:
    if o.state == "ok":
        return "ok"
    return o.failure or o.state if o.state == "error" else f"silent {o.failure}"


def _retry(run: Run, call: Call) -> Finding | None:
    accepted = call.accepted
    failed = call.failures[:-1] if accepted.state != "ok" else call.failures
    if accepted.state == "error" or not (failed or call.hidden):
        return None
    first = failed[0] if failed else call.attempts[0]
    names = list(dict.fromkeys(a.step.name if a.step.kind != "llm" else (a.step.model or a.step.name) for a in call.attempts))
    tries = len(call.attempts) + call.hidden
    history = ", ".join(_describe(a) for a in call.attempts)
    if call.hidden:
        history = f"{call.hidden} untraced, " + history
    how = f"fallback {' → '.join(names)}" if call.fallback else f"{names[0]} after {tries} attempts"
    if accepted.state == "garbage":
        severity: Severity = "major"
        message = f"{how} ({history}): the accepted attempt returned {accepted.failure}, a retry that saw success and moved on"
    else:
        severity = "minor"
        message = f"{how} ({history}): succeeded only after {'a fallback' if call.fallback else 'retries'}; the first attempt failed"
    return Finding(
        check=NAME,
        kind="retry_masked",
        severity=severity,
        message=message,
        run_id=run.run_id,
        field=None,
        origin_step=first.step.step_id,
        evidence={
            "steps": [a.step.step_id for a in call.attempts],
            "attempts": [
                {"step": a.step.step_id, "name": a.step.name, "status": _describe(a), "http_status": a.step.http_status}
                for a in call.attempts
            ],
            "accepted": accepted.step.step_id,
            "fallback": call.fallback,
            "untraced_attempts": call.hidden,
        },
    )


def findings(run: Run, analysis: Analysis) -> list[Finding]:
    out: list[Finding] = []
    for o in analysis.outcomes:
        if o.state == "garbage":
            out.append(_silent(run, o, analysis.call_of[o.step.step_id]))
    for call in analysis.calls:
        found = _retry(run, call)
        if found is not None:
            out.append(found)
    return out


def learn_steps(run: Run, state: StepsLearned) -> None:
    """Count each tool's results (shape, endings, echo of its arguments) from one run."""
    docs = documents(run) if any(s.kind == "retriever" and s.result is None for s in run.steps) else {}
    for step in run.steps:
        if step.kind not in CALL_KINDS or loud_failure(step) is not None:
            continue
        body, garbage, tokens = inspect(step, docs)
        stats = state.tools.get(step.name)
        if stats is None:
            make_room(state.tools, step.name, lambda t: t.calls + t.recorded)  # bounded names (`checks.bounded`)
            stats = state.tools[step.name] = ToolStats()
        learn_result(stats, body, garbage, tokens)

