"""Lineage: where a value of the output came from, and so where a failure began.

One implementation for every check that names an `origin_step`: output value ← the model
step that first wrote it ← the source it copied ← the step that fetched that source ← the
step whose output chose that call's arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from veracity.model import Run, Step
from veracity.model.text import as_text
from veracity.values import Normal, locate, registrable_domain

WRITERS = ("llm", "chain", "agent")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else as_text(value)


def _states(value: Any, normal: Normal | None, needle: str | None) -> bool:
    text = _text(value)
    return (needle is not None and needle in text) or (normal is not None and bool(locate(text, normal)))


def _within(run: Run, step: Step, ancestor: Step) -> bool:
    """Whether `step` runs inside `ancestor` (a descendant by parent links)."""
    by_id = {s.step_id: s for s in run.steps}
    seen: set[str] = set()
    parent = step.parent_id
    while parent is not None and parent not in seen:
        if parent == ancestor.step_id:
            return True
        seen.add(parent)
        up = by_id.get(parent)
        parent = up.parent_id if up is not None else None
    return False


def first_writer(run: Run, normal: Normal | None, raw: Any = None) -> Step | None:
    """The earliest model step (not the run's root) whose output states the value and whose input did not.

    A step that was handed the value in its prompt (a description written "from these facts")
    copied it; the value began where it was written without being given. A wrapper (a chain or
    task span around a model call) states what its inner call wrote, and starts first; the value
    was written by the innermost step that states it, so a wrapper gives way to a step inside it
    that states the value too. When every step that states the value was handed it (the step that
    wrote it first left no span), the earliest of them is where the run shows it first.
    """
    needle = raw if isinstance(raw, str) and len(raw) >= 3 else None
    writers = [s for s in sorted(run.steps, key=lambda s: s.order)
               if s.kind in WRITERS and s.step_id != run.root_step_id and s.result is not None]
    stating = [s for s in writers if _states(s.result, normal, needle)]
    if not stating:
        return None
    found = next((s for s in stating if not (s.args is not None and _states(s.args, normal, needle))), stating[0])
    while True:
        inner = next((s for s in stating if s.order > found.order and _within(run, s, found)), None)
        if inner is None:
            return found
        found = inner


def _input_text(run: Run) -> str:
    return _text(run.input).lower() if run.input is not None else ""


_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#]\S*)?$", re.I)


def _arg_tokens(args: Any) -> list[str]:
    """A call's distinctive arguments: each string of four characters or more and, for a URL or a
    host, its registrable domain too (a pick of `acme.example/` decides a fetch of `acme.example/contact`)."""
    values = args.values() if isinstance(args, dict) else [args]
    out: list[str] = []
    for v in values:
        if isinstance(v, dict):
            out += _arg_tokens(v)
        elif isinstance(v, str) and len(v) >= 4:
            out.append(v)
            m = _URL.match(v.strip())
            if m and " " not in v.strip():
                out.append(registrable_domain(m.group(1)))
    return list(dict.fromkeys(t for t in out if len(t) >= 4))


def chooser_of(run: Run, fetching: Step) -> Step | None:
    """The latest model step before `fetching` whose output holds a distinctive argument of its call.

    An agent that searched, then picked a result, then fetched it: the pick is the decision. An
    argument the run's input already holds (the query as asked) was not decided by any step.
    """
    asked = _input_text(run)
    tokens = [t for t in _arg_tokens(fetching.args) if t.lower() not in asked]
    if not tokens:
        return None
    best = None
    for step in run.steps:
        if step.order >= fetching.order:
            break
        if step.kind in WRITERS and step.step_id != run.root_step_id and step.result is not None:
            text = _text(step.result)
            if any(t in text for t in tokens):
                best = step
    return best


def departure(run: Run, fetches: list[str], answered_elsewhere: set[str]) -> str | None:
    """Where a run left its input's entity, given the fetches whose results carried another entity's values.

    The earliest of: a model step that chose one of those fetches (it picked the other entity out of
    what it was shown), and a tool that, asked about the input's entity, answered about the other one
    alone (`answered_elsewhere`: every later call followed it). Without either, the earliest of the
    fetches: the run took the value from a result that also spoke of others.
    """
    order = {s.step_id: s.order for s in run.steps}
    steps = [s for s in (run.step(f) for f in fetches) if s is not None]
    if not steps:
        return None
    left = [c.step_id for c in (chooser_of(run, s) for s in steps) if c is not None]
    left += [t for t in answered_elsewhere if t in order]
    if left:
        return min(left, key=lambda i: order[i])
    return min(steps, key=lambda s: s.order).step_id


def _addressed(name: str, earlier: list[str]) -> bool:
    """Whether an earlier message names `name` as a word: the agent was handed the work by name."""
    word = re.compile(r"(?<!\w)" + re.escape(name.strip()) + r"(?!\w)", re.I)
    return bool(name.strip()) and any(word.search(text) for text in earlier)


def _delegates(actors: list[Step]) -> list[Step]:
    """The steps of agents an earlier message handed work to by name, other than the first speaker."""
    earlier: list[str] = []
    out: list[Step] = []
    named: set[str] = set()
    for step in actors:
        if earlier and step.name != actors[0].name and (step.name in named or _addressed(step.name, earlier)):
            named.add(step.name)
            out.append(step)
        if step.result is not None:
            earlier.append(_text(step.result))
    return out


_WORD = re.compile(r"\w+")


def _repeats_a_hand_off(actors: list[Step], delegates: set[str]) -> bool:
    """Whether a message addressed to a delegate (its step is labelled with the delegate's name) asks
    again for all an earlier one to the same delegate asked (its words hold all of the earlier one's,
    or the earlier one's hold all of its): the run requested the same thing twice, so it was going
    round in circles. Words, not characters: order, case and punctuation do not make a new request."""
    earlier: list[tuple[str, frozenset[str]]] = []
    for step in actors:
        if step.name in delegates or not any(_addressed(d, [step.name]) for d in delegates):
            continue
        words = frozenset(_WORD.findall(_text(step.result).casefold()))
        if words and any(name == step.name and (words <= said or said <= words) for name, said in earlier):
            return True
        earlier.append((step.name, words))
    return False


def first_unrecorded_input(run: Run) -> Step | None:
    """Where outside information that the run's answer rests on entered a run that recorded none of it.

    In a planner-and-workers run whose tools left no spans, the planner speaks first and hands
    the work to the others by name ("ask the web surfer", "next speaker: WebSurfer"); what a worker
    reports is where the run brought in something from outside (a search, a page, a file). A run
    that concluded without asking for anything twice rests on the last report it received: that is
    where an unverifiable answer's chain begins. A run that repeated a request word for word was
    going round in circles: its course was set by the first report, the first step of an agent an
    earlier message named. With no agent handed work by name, the first step that answered the
    first speaker.
    """
    asked = {v.strip() for v in (run.input.values() if isinstance(run.input, dict) else [run.input])
             if isinstance(v, str)}
    actors = [s for s in sorted(run.steps, key=lambda s: s.order)
              if s.kind in ("agent", "llm") and s.step_id != run.root_step_id
              and not (isinstance(s.result, str) and s.result.strip() in asked)]  # the user's own question
    if len(actors) < 2:
        return None
    delegates = _delegates(actors)
    if not delegates:
        return next((s for s in actors[1:] if s.name != actors[0].name), None)
    if _repeats_a_hand_off(actors, {s.name for s in delegates}):
        return delegates[0]
    return delegates[-1]


@dataclass(frozen=True)
class Lineage:
    """The lineage of one run's steps: the questions above, asked of this run."""

    run: Run

    def first_writer(self, normal: Normal | None, raw: Any = None) -> Step | None:
        return first_writer(self.run, normal, raw)

    def chooser_of(self, fetching: Step) -> Step | None:
        return chooser_of(self.run, fetching)

    def departure(self, fetches: list[str], answered_elsewhere: set[str]) -> str | None:
        return departure(self.run, fetches, answered_elsewhere)

    def origin_of_fetch(self, step_id: str | None) -> str | None:
        """The decision that brought a source in: the step that chose its fetch's arguments, else the fetch."""
        fetching = self.run.step(step_id)
        if fetching is None:
            return step_id
        chooser = chooser_of(self.run, fetching)
        return chooser.step_id if chooser is not None else fetching.step_id

    def first_unrecorded_input(self) -> Step | None:
        return first_unrecorded_input(self.run)
