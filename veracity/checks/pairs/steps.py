"""Where two runs of one query part ways: their steps aligned, and the first material difference.

Steps are aligned on their kind and name (retried attempts folded into their last one). A
pair of aligned steps differs materially when a tool was called with a different entity
(different domains, e-mails, phones or identifiers in its arguments, or names that share
little), or a model step decided on a different one (different domains or identifiers in its
output). Wording, argument names, search results and scores are non-determinism, not a
different path. With no such step, a field's divergence began at the step that first wrote
the field (its *producer*).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from veracity.evidence import chooser_of
from veracity.model import Run, Step
from veracity.model.text import as_text
from veracity.values import ValueType, find_values, normalize, same_fact

_IDENTITY_TYPES = (ValueType.URL, ValueType.DOMAIN, ValueType.EMAIL, ValueType.PHONE)
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_WRITERS = ("llm", "chain")
_ARG_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "to",
        "by",
        "with",
        "inc",
        "ltd",
        "llc",
        "corp",
        "co",
    ]
)


@dataclass(frozen=True)
class Divergence:
    """The first aligned position where the two runs' paths differ, with each run's step there."""

    step_a: str | None
    step_b: str | None
    reason: str
    name: str


def path_steps(run: Run) -> list[Step]:
    """The run's steps in order without its root, each retried call folded into its last attempt."""
    steps = [
        s for s in sorted(run.steps, key=lambda s: s.order) if s.step_id != run.root_step_id and s.parent_id
    ]
    if not steps:
        steps = [s for s in sorted(run.steps, key=lambda s: s.order) if s.step_id != run.root_step_id]
    out: list[Step] = []
    for s in steps:
        if out and s.attempt > 1 and out[-1].name == s.name and out[-1].kind == s.kind:
            out[-1] = s
        else:
            out.append(s)
    return out


def _signature(s: Step) -> str:
    return f"{s.kind}:{s.name}"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else as_text(value)


@lru_cache(maxsize=16384)
def _identities(text: str) -> frozenset[str]:
    """Registrable domains, e-mails and phone numbers named in a text (what picks an entity)."""
    out: set[str] = set()
    for vt in _IDENTITY_TYPES:
        for m in find_values(text, vt):
            n = m.normal
            key = getattr(n, "domain", None) if vt in (ValueType.URL, ValueType.DOMAIN) else None
            out.add(
                f"web:{key}"
                if key
                else f"{vt.value}:{getattr(n, 'address', None) or getattr(n, 'national', m.raw)}"
            )
    return frozenset(out)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return _leaves(orjson.loads(value))
        except orjson.JSONDecodeError:
            return [value]
    return [value]


def _arg_words(value: Any) -> frozenset[str]:
    words: set[str] = set()
    for leaf in _leaves(value):
        if isinstance(leaf, str) and not _identities(leaf):
            words.update(
                w
                for w in (t.casefold() for t in _WORD_RE.findall(leaf))
                if w not in _ARG_STOP and not w.isdigit()
            )
    return frozenset(words)


def _identity_differs(ta: str, tb: str) -> bool:
    ia, ib = _identities(ta), _identities(tb)
    return bool(ia) and bool(ib) and ia != ib


def _args_differ(a: Any, b: Any) -> str | None:
    """Why two calls' arguments name different things, or None when they ask the same."""
    ta, tb = _text(a), _text(b)
    if ta == tb:
        return None
    if _identity_differs(ta, tb):
        return "arguments name a different domain, e-mail or phone"
    wa, wb = _arg_words(a), _arg_words(b)
    if wa and wb and len(wa & wb) / min(len(wa), len(wb)) < 0.5:
        return "arguments share few words"
    return None


def _decision_differs(a: Step, b: Step) -> str | None:
    if a.result is None or b.result is None:
        return None
    if _identity_differs(_text(a.result), _text(b.result)):
        return "the model chose a different domain, e-mail or phone"
    return None


def align(a: Run, b: Run) -> list[tuple[Step | None, Step | None]]:
    """The two runs' path steps aligned on kind and name (None where one run has no counterpart)."""
    sa, sb = path_steps(a), path_steps(b)
    sm = difflib.SequenceMatcher(a=[_signature(s) for s in sa], b=[_signature(s) for s in sb], autojunk=False)
    out: list[tuple[Step | None, Step | None]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.extend(zip(sa[i1:i2], sb[j1:j2], strict=True))
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            out.append((sa[i1 + k] if i1 + k < i2 else None, sb[j1 + k] if j1 + k < j2 else None))
    return out


def _attributed(run: Run, step: Step) -> str:
    """A tool step's divergence is the decision of the model step that chose its arguments."""
    if step.kind in _WRITERS:
        return step.step_id
    chooser = chooser_of(run, step)
    return chooser.step_id if chooser is not None else step.step_id


def first_divergence(a: Run, b: Run) -> Divergence | None:
    """The first aligned step where the runs' paths differ materially, or None."""
    for x, y in align(a, b):
        if x is None or y is None:
            s = x or y
            if s is None or s.kind not in ("tool", "retriever", *_WRITERS):
                continue
            return Divergence(
                x.step_id if x else None, y.step_id if y else None, f"only one run called {s.name}", s.name
            )
        reason: str | None = None
        if x.kind in _WRITERS:
            reason = _decision_differs(x, y)
        elif x.kind in ("tool", "retriever"):
            reason = _args_differ(x.args, y.args)
        if reason is not None:
            return Divergence(_attributed(a, x), _attributed(b, y), reason, x.name)
    return None


def _get(value: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _parsed(result: Any) -> Any:
    if isinstance(result, str) and result[:1] in "{[":
        try:
            return orjson.loads(result)
        except orjson.JSONDecodeError:
            return result
    return result


def producer(run: Run, field: str, value: Any, vtype: ValueType) -> str | None:
    """The first model step whose structured output holds ``field`` with this value (else whose
    text is this value, for free text); the run's last model step when none does."""
    writers = [
        s
        for s in sorted(run.steps, key=lambda s: s.order)
        if s.kind in _WRITERS and s.step_id != run.root_step_id
    ]
    want = normalize(value, vtype) if not isinstance(value, dict | list) else None
    for s in writers:
        got = _get(_parsed(s.result), field)
        if got is None:
            continue
        if got == value or (want is not None and same_fact(want, normalize(got, vtype))):
            return s.step_id
    if isinstance(value, str) and len(value) > 20:
        for s in writers:
            if isinstance(s.result, str) and value.strip() in s.result:
                return s.step_id
    return writers[-1].step_id if writers else None
