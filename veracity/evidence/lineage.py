"""Lineage: where a value of the output came from, and so where a failure began.

One implementation for every check that names an `origin_step`: output value ← the model
step that first wrote it ← the source it copied ← the step that fetched that source ← the
step whose output chose that call's arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from veracity.model import Run, Step
from veracity.model.text import as_text
from veracity.values import Normal, locate

WRITERS = ("llm", "chain", "agent")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else as_text(value)


def first_writer(run: Run, normal: Normal | None, raw: Any = None) -> Step | None:
    """The earliest model step (not the run's root) whose output states the value."""
    needle = raw if isinstance(raw, str) and len(raw) >= 3 else None
    for step in sorted(run.steps, key=lambda s: s.order):
        if step.kind not in WRITERS or step.step_id == run.root_step_id or step.result is None:
            continue
        text = _text(step.result)
        if needle is not None and needle in text:
            return step
        if normal is not None and locate(text, normal):
            return step
    return None


def chooser_of(run: Run, fetching: Step) -> Step | None:
    """The latest model step before `fetching` whose output holds a distinctive argument of its call.

    An agent that searched, then picked a result, then fetched it: the pick is the decision.
    """
    args = fetching.args
    tokens = [v for v in (args.values() if isinstance(args, dict) else [args]) if isinstance(v, str) and len(v) >= 4]
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


def _actor(step: Step) -> str:
    """Who acted: the step's name without a parenthesised qualifier ("planner (thought)" and
    "planner (-> search)" are one actor).

    Data-set specific, kept on purpose: the qualifier form is how Magentic-One (the Who&When
    development half) names its steps. Reading the actor from the span's agent attributes
    instead dropped Who&When step accuracy from 0.207 to 0.052 (the agent attribute names the
    whole team there), so it waits for a mechanism that tells the team from its members."""
    return step.name.split(" (", 1)[0].strip().lower()


def first_unrecorded_input(run: Run) -> Step | None:
    """Where outside information first entered a run that recorded none of it.

    In a planner-and-workers run whose tools left no spans, the planner speaks first; the
    first step by any other actor is where the run first brought in something from outside
    (a search, a page, a file), and so where an unverifiable answer's chain begins.
    """
    asked = {v.strip() for v in (run.input.values() if isinstance(run.input, dict) else [run.input])
             if isinstance(v, str)}
    actors = [s for s in sorted(run.steps, key=lambda s: s.order)
              if s.kind in ("agent", "llm") and s.step_id != run.root_step_id
              and not (isinstance(s.result, str) and s.result.strip() in asked)]  # the user's own question
    if len(actors) < 2:
        return None
    planner = _actor(actors[0])
    return next((s for s in actors[1:] if _actor(s) != planner), None)


@dataclass(frozen=True)
class Lineage:
    """The lineage of one run's steps: the questions above, asked of this run."""

    run: Run

    def first_writer(self, normal: Normal | None, raw: Any = None) -> Step | None:
        return first_writer(self.run, normal, raw)

    def chooser_of(self, fetching: Step) -> Step | None:
        return chooser_of(self.run, fetching)

    def origin_of_fetch(self, step_id: str | None) -> str | None:
        """The decision that brought a source in: the step that chose its fetch's arguments, else the fetch."""
        fetching = self.run.step(step_id)
        if fetching is None:
            return step_id
        chooser = chooser_of(self.run, fetching)
        return chooser.step_id if chooser is not None else fetching.step_id

    def first_unrecorded_input(self) -> Step | None:
        return first_unrecorded_input(self.run)
