"""The review queue in the store: which runs people review, each drawn with a recorded inclusion probability.

A draw covers a *frame*: the runs stored since the previous draw (the first draw: every stored run,
or with `week=True` the runs that started in the 7 days before the newest one). Frames never
overlap, so every run belongs to at most one, and the π of a run handed out is its true inclusion
probability. Within a frame each run is drawn independently (Poisson sampling) with
π = min(1, floor + scale · sqrt(risk (1 − risk)) · boost) from `veracity.stats.sampling`: a uniform
floor (a fifth of the budget) keeps every run reviewable, informative runs weigh more, flagged runs
(`FLAGS`) three times more. The expected number drawn is the weekly budget for `week=True` or a
first draw, else the budget pro rata for the time since the previous draw (capped at a week).

The store keeps the queue (`review_frame`, `record_review_draw`, `review_pending`, `review_counts`):
each run handed out with its π, and one record per draw (its frame, budget and design).

Which labels count for the truth rate (`veracity.report.truth`): review labels of queued runs
weigh 1/π. Review labels of runs never handed out by the queue have no known π; the rule is the
`unqueued` policy, set with `set_policy` (`veracity review policy`): `uniform` (they are a uniform
random sample of the runs in scope, π = their share), `exclude` (left out, and counted as
`labels_excluded` in the report), or `auto` (the default: `uniform` while no queue has been drawn
in the store, which is what `veracity label` alone promises; `exclude` once one has).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import numpy as np
import orjson

from veracity.stats.sampling import fit_design, poisson_sample
from veracity.store.base import ReviewStore, Store

WEEK_NS = 7 * 86_400 * 10**9
POLICY_KEY = "review_policy"
POLICIES = ("auto", "uniform", "exclude")
FLAGS = ("pair_divergent", "pair_disagrees", "checks_disagree", "new_cohort")
def queue_exists(store: ReviewStore) -> bool:
    """Whether this store has a review queue (a read-only store may not)."""
    return store.review_draw_count() is not None


def has_draws(store: ReviewStore) -> bool:
    return bool(store.review_draw_count())


def policy(store: Store) -> str:
    """The `unqueued` rule in force: `uniform` or `exclude` (`auto` resolved)."""
    chosen = (store.load_state(POLICY_KEY) or {}).get("unqueued", "auto")
    if chosen == "auto":
        return "exclude" if has_draws(store) else "uniform"
    return str(chosen)


def set_policy(store: Store, unqueued: str) -> None:
    if unqueued not in POLICIES:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}, not {unqueued!r}")
    store.save_state(POLICY_KEY, {"unqueued": unqueued})


def frame_runs(store: ReviewStore, week: bool = False) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The next frame's bounds and its runs with their risk and the flags that make a run informative.

    `pair_divergent`: a pair check found a divergent field; `pair_disagrees`: the run's pair has
    a verified run and an unverified one; `checks_disagree`: verified although a check reported a
    finding above `info`; `new_cohort`: its model, prompt or agent version first appeared for the
    agent less than a week before the run, after the agent's first run.
    """
    return store.review_frame(week)


def _reason(run: dict[str, Any], pi: float, floor: float) -> str:
    if run["flags"]:
        return ", ".join(f.replace("_", " ") for f in run["flags"])
    if pi <= 1.5 * floor:
        return "uniform floor"
    return f"risk {run['risk']:.2f}"


def draw(store: Store, budget: float, week: bool = False, seed: int | None = None, uniform_share: float = 0.2,
         now_ns: int | None = None) -> list[dict[str, Any]]:
    """Draw the next runs to review from the next frame, record them with π, and return them."""
    if budget <= 0:
        raise ValueError("the budget must be positive")
    now = time.time_ns() if now_ns is None else now_ns
    bounds, runs = frame_runs(store, week)
    last = bounds["last_drawn"]
    expected = float(budget) if week or last is None else budget * min(1.0, max(0, now - last) / WEEK_NS)
    seed = secrets.randbits(48) if seed is None else seed
    chosen: list[dict[str, Any]] = []
    design_json = "{}"
    if runs and expected > 0:
        risk = np.array([r["risk"] for r in runs])
        flags = np.array([bool(r["flags"]) for r in runs])
        design = fit_design(risk, expected, flags, uniform_share=uniform_share)
        design_json = design.to_json()
        pi = design.probabilities(risk, flags)
        for i in sorted(poisson_sample(pi, seed), key=lambda i: (-pi[i], runs[i]["run_id"])):
            chosen.append({**runs[i], "pi": float(pi[i]), "reason": _reason(runs[i], float(pi[i]), design.floor)})
    store.record_review_draw({"drawn_at": now, "stored_from": bounds["stored_from"], "stored_to": bounds["stored_to"],
                              "started_from": bounds["started_from"], "budget": float(budget), "expected": expected,
                              "frame_runs": len(runs), "design": design_json, "seed": seed}, chosen)
    return chosen


def pending(store: ReviewStore) -> list[dict[str, Any]]:
    """Runs handed out that have no review label yet, most informative first."""
    return store.review_pending()


def status(store: Store) -> dict[str, Any]:
    """The queue at a glance: draws, handed out, labelled, pending, and the unqueued-label policy."""
    out: dict[str, Any] = {"policy": policy(store), "draws": 0, "handed_out": 0, "labelled": 0, "pending": 0}
    counts = store.review_counts()
    if counts is not None:
        draws, handed, labelled = counts
        out.update(draws=draws, handed_out=handed, labelled=labelled, pending=handed - labelled)
    return out


def as_json(rows: list[dict[str, Any]]) -> str:
    """One JSON object per line."""
    return "".join(orjson.dumps(r).decode() + "\n" for r in rows)
