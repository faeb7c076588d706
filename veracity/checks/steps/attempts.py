"""Each step's outcome (ok, loud error, silent garbage) and the grouping of attempts into calls.

A call is one thing the run asked for: a tool with its arguments, or a model with its
messages. Its attempts are repeats of it (same name and arguments, `attempt` > 1 from
ingestion or `http.request.resend_count`), a retry of a failed call of the same tool with
overlapping arguments, and fallbacks: a failed call followed by a different tool or model
given the same arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from msgspec.structs import replace

from veracity.checks.steps.detect import Body, Failure, dumps, read_body, snippet, stateless
from veracity.checks.steps.learned import StepsLearned
from veracity.checks.steps.shape import arg_tokens, learned_failure
from veracity.evidence import is_payload
from veracity.model import Run, Step
from veracity.values.lexicon import words

CALL_KINDS = frozenset({"tool", "retriever"})
CHECKED_KINDS = frozenset({"tool", "retriever", "llm"})
#: A fallback must follow the failed call within this many calls.
FALLBACK_WINDOW = 3
_TIMEOUT_WORDS = tuple(sorted(words("timeout_words")))
_RATE_WORDS = tuple(sorted(words("rate_limit")))  # every language: a message's language is not known


@dataclass(slots=True)
class Outcome:
    """How one step ended: `ok`, `error` (reported as failed) or `garbage` (reported ok, returned junk)."""

    step: Step
    state: str
    failure: str | None = None  # garbage type, or `http_429`, `timeout`, `error`
    reason: str = ""
    snippet: str = ""
    rate_limit: bool = False
    body: Body | None = None


@dataclass(slots=True)
class Call:
    """The attempts of one call, in order; the last one is what the run went on with."""

    attempts: list[Outcome] = field(default_factory=list)
    hidden: int = 0  # earlier attempts counted by `http.request.resend_count` but not traced
    fallback: bool = False

    @property
    def accepted(self) -> Outcome:
        return self.attempts[-1]

    @property
    def first_ok(self) -> bool:
        return self.hidden == 0 and self.attempts[0].state == "ok"

    @property
    def eventual_ok(self) -> bool:
        return self.accepted.state == "ok"

    @property
    def failures(self) -> list[Outcome]:
        return [a for a in self.attempts if a.state != "ok"]


@dataclass(slots=True)
class Analysis:
    outcomes: list[Outcome]
    calls: list[Call]
    call_of: dict[str, Call]


def loud_failure(step: Step) -> tuple[str, bool] | None:
    """A failure the step reported itself (HTTP 4xx/5xx, error status), and whether it was a rate limit."""
    message = " ".join([step.status_message or "", *step.errors]).lower()
    if step.http_status is not None and step.http_status >= 400:
        return f"http_{step.http_status}", step.http_status == 429 or any(w in message for w in _RATE_WORDS)
    if step.status == "error":
        kind = "timeout" if any(w in message for w in _TIMEOUT_WORDS) else "error"
        return kind, any(w in message for w in _RATE_WORDS)
    return None


def step_body(step: Step, docs: dict[str, list[str]]) -> Body | None:
    """The step's result; for a retriever that recorded documents only, their text."""
    if step.result is None and step.kind == "retriever" and step.step_id in docs:
        return read_body("\n".join(docs[step.step_id]))
    return read_body(step.result)


def documents(run: Run) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for source in run.sources:
        if source.kind == "document" and source.step_id is not None:
            found.setdefault(source.step_id, []).append(source.content)
    return found


def inspect(step: Step, docs: dict[str, list[str]]) -> tuple[Body | None, Failure | None, tuple[str, ...]]:
    """A step's body, what it shows by itself, and its arguments' distinctive tokens."""
    if is_payload(step.result) or any(is_payload(d) for d in docs.get(step.step_id, ())):
        step, docs = replace(step, result=None), {}  # fingerprinted evidence: nothing raw to judge
    body = step_body(step, docs)
    found = stateless(body, step.kind) if body is not None else None
    tokens = arg_tokens(step.args) if step.kind in CALL_KINDS and step.args is not None else ()
    return body, found, tokens


def outcome(step: Step, learned: StepsLearned | None, docs: dict[str, list[str]]) -> Outcome:
    loud = loud_failure(step)
    if loud is not None:
        text = step.result if isinstance(step.result, str) else ""
        return Outcome(step, "error", loud[0], step.status_message or "", snippet(text), loud[1])
    body, found, tokens = inspect(step, docs)
    if found is None and step.kind in CALL_KINDS:
        found = learned_failure(body, learned.tool(step.name) if learned else None, tokens)
    if found is None:
        return Outcome(step, "ok", body=body)
    text = snippet(body.text) if body is not None else ""
    return Outcome(step, "garbage", found[0], found[1], text, found[0] == "rate_limit", body)


def _args_text(step: Step) -> str:
    args = step.args
    if isinstance(args, str):
        return args
    return dumps(args, sort=True)


def _values(args: Any) -> frozenset[str]:
    if isinstance(args, dict):
        return frozenset(str(v).strip().lower() for v in args.values() if isinstance(v, str | int | float) and str(v).strip())
    if isinstance(args, str) and args.strip():
        return frozenset({args.strip().lower()})
    return frozenset()


def _family(step: Step) -> str:
    return "llm" if step.kind == "llm" else "call"


def _identity(step: Step) -> str:
    return (step.model or step.name) if step.kind == "llm" else step.name


def group(outcomes: list[Outcome]) -> list[Call]:
    """Attempts grouped into calls, in the order each call was first made."""
    calls: list[Call] = []
    by_key: dict[tuple[str, str, str], Call] = {}
    args_of: dict[str, str] = {}
    for o in outcomes:
        s = o.step
        family, ident, args = _family(s), _identity(s), _args_text(s)
        args_of[s.step_id] = args
        call = by_key.get((family, ident, args))
        if call is None and any(c.accepted.state != "ok" for c in calls[-FALLBACK_WINDOW * 2 :]):
            call = _retry_or_fallback(calls, s, family, ident, args, args_of)
        if call is None:
            call = Call(hidden=max(0, s.attempt - 1) if s.kind in CALL_KINDS else 0)
            calls.append(call)
        call.attempts.append(o)
        by_key[(family, ident, args)] = call
    return calls


def _retry_or_fallback(
    calls: list[Call], s: Step, family: str, ident: str, args: str, args_of: dict[str, str]
) -> Call | None:
    values = _values(s.args)
    recent = [c for c in calls if _family(c.accepted.step) == family][-FALLBACK_WINDOW:]
    for call in reversed(recent):
        last = call.accepted
        if last.state == "ok":
            continue
        same_args = args_of[last.step.step_id] == args or (values and _values(last.step.args) == values)
        if _identity(last.step) != ident and same_args:
            call.fallback = True
            return call
        if _identity(last.step) == ident and family == "call" and (s.attempt > 1 or last.state == "error"):
            before = _values(last.step.args)
            if s.attempt > 1 or (values and len(values & before) * 2 >= max(len(values), len(before))):
                return call
    return None


def analyse(run: Run, learned: StepsLearned | None) -> Analysis:
    """Every checked step's outcome and the calls they form."""
    docs = documents(run) if any(s.kind == "retriever" and s.result is None for s in run.steps) else {}
    outcomes = [
        outcome(s, learned, docs) for s in run.steps if s.kind in CHECKED_KINDS and s.step_id != run.root_step_id
    ]
    calls = group(outcomes)
    call_of = {o.step.step_id: c for c in calls for o in c.attempts}
    return Analysis(outcomes, calls, call_of)
