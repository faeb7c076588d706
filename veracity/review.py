"""The review queue in the store: which runs people review, each drawn with a recorded inclusion probability.

A draw covers a *frame*: the runs stored since the previous draw (the first draw: every stored run,
or with `week=True` the runs that started in the 7 days before the newest one). Frames never
overlap, so every run belongs to at most one, and the π of a run handed out is its true inclusion
probability. Within a frame each run is drawn independently (Poisson sampling) with
π = min(1, floor + scale · sqrt(risk (1 − risk)) · boost) from `veracity.stats.sampling`: a uniform
floor (a fifth of the budget) keeps every run reviewable, informative runs weigh more, flagged runs
(`FLAGS`) three times more. The expected number drawn is the weekly budget for `week=True` or a
first draw, else the budget pro rata for the time since the previous draw (capped at a week).

Tables (in the store's DuckDB file): `review_queue` (run_id, pi, drawn_at, reason, draw_id) and
`review_draws` (one row per draw: its frame, budget and design).

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
import pyarrow as pa

from veracity.stats.sampling import fit_design, poisson_sample

WEEK_NS = 7 * 86_400 * 10**9
POLICY_KEY = "review_policy"
POLICIES = ("auto", "uniform", "exclude")
FLAGS = ("pair_divergent", "pair_disagrees", "checks_disagree", "new_cohort")
NEW_COHORT_NS = WEEK_NS
DIMENSIONS = ("model", "prompt_version", "agent_version")
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS review_queue (
        run_id VARCHAR PRIMARY KEY, pi DOUBLE, drawn_at BIGINT, reason VARCHAR, draw_id BIGINT)""",
    """CREATE TABLE IF NOT EXISTS review_draws (
        draw_id BIGINT PRIMARY KEY, drawn_at BIGINT, stored_from_ns BIGINT, stored_to_ns BIGINT,
        started_from_ns BIGINT, budget DOUBLE, expected DOUBLE, frame_runs BIGINT, drawn BIGINT,
        design JSON, seed BIGINT)""",
)


def ensure_tables(store: Any) -> None:
    for statement in SCHEMA:
        store.db.execute(statement).fetchall()


def queue_exists(store: Any) -> bool:
    """Whether this store has review-queue tables (a read-only store may not)."""
    rows = store.query("SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('review_queue', 'review_draws')")
    return bool(rows[0][0] == 2)


def has_draws(store: Any) -> bool:
    return queue_exists(store) and bool(store.query("SELECT count(*) FROM review_draws")[0][0])


def policy(store: Any) -> str:
    """The `unqueued` rule in force: `uniform` or `exclude` (`auto` resolved)."""
    chosen = (store.load_state(POLICY_KEY) or {}).get("unqueued", "auto")
    if chosen == "auto":
        return "exclude" if has_draws(store) else "uniform"
    return str(chosen)


def set_policy(store: Any, unqueued: str) -> None:
    if unqueued not in POLICIES:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}, not {unqueued!r}")
    store.save_state(POLICY_KEY, {"unqueued": unqueued})


def _frame(store: Any, week: bool) -> tuple[str, list[Any], dict[str, Any]]:
    """The next frame: a condition on runs `r`, its parameters, and its bounds for `review_draws`."""
    last = store.query("SELECT max(stored_to_ns), max(drawn_at) FROM review_draws")[0]
    bounds: dict[str, Any] = {
        "stored_from": int(last[0]) if last[0] is not None else 0,
        "stored_to": int(store.query("SELECT coalesce(max(stored_ns), 0) FROM runs")[0][0]) + 1,
        "started_from": None, "last_drawn": last[1],
    }
    clause = ("r.stored_ns >= ? AND r.stored_ns < ? AND NOT EXISTS "
              "(SELECT 1 FROM review_queue q WHERE q.run_id = r.run_id)")
    params: list[Any] = [bounds["stored_from"], bounds["stored_to"]]
    if week:
        newest = store.query("SELECT max(started_ns) FROM runs r WHERE " + clause, params)[0][0]
        if newest is not None:
            bounds["started_from"] = int(newest) - WEEK_NS
            clause += " AND r.started_ns >= ?"
            params.append(bounds["started_from"])
    return clause, params, bounds


def frame_runs(store: Any, clause: str, params: list[Any]) -> list[dict[str, Any]]:
    """The frame's runs with their risk and the flags that make a run informative.

    `pair_divergent`: a pair check found a divergent field; `pair_disagrees`: the run's pair has
    a verified run and an unverified one; `checks_disagree`: verified although a check reported a
    finding above `info`; `new_cohort`: its model, prompt or agent version first appeared for the
    agent less than a week before the run, after the agent's first run.
    """
    firsts = " UNION ALL ".join(
        f"SELECT agent, '{d}' AS dim, {d} AS value, min(started_ns) AS first_ns FROM runs "
        f"WHERE {d} IS NOT NULL GROUP BY 1, 3" for d in DIMENSIONS)
    new = " OR ".join(
        f"EXISTS (SELECT 1 FROM firsts c WHERE c.agent = r.agent AND c.dim = '{d}' AND c.value = r.{d} "
        f"AND c.first_ns > a.first_ns AND c.first_ns >= r.started_ns - {NEW_COHORT_NS})" for d in DIMENSIONS)
    rows = store.query(
        f"""WITH firsts AS ({firsts}),
                 agents AS (SELECT agent, min(started_ns) AS first_ns FROM runs GROUP BY 1),
                 pairs AS (SELECT pair_key FROM runs JOIN verdicts USING (run_id) WHERE pair_key IS NOT NULL
                           GROUP BY 1 HAVING bool_or(verdict = 'verified') AND NOT bool_and(verdict = 'verified')),
                 divergent AS (SELECT DISTINCT run_id FROM findings WHERE kind = 'divergent_field'),
                 objected AS (SELECT DISTINCT run_id FROM findings WHERE severity IN ('minor', 'major', 'critical'))
            SELECT r.run_id, r.agent, v.verdict, coalesce(v.risk, 0.5),
                   r.run_id IN (SELECT run_id FROM divergent),
                   coalesce(r.pair_key IN (SELECT pair_key FROM pairs), FALSE),
                   v.verdict = 'verified' AND r.run_id IN (SELECT run_id FROM objected),
                   coalesce({new}, FALSE)
            FROM runs r JOIN verdicts v USING (run_id) LEFT JOIN agents a ON a.agent = r.agent
            WHERE {clause} ORDER BY r.run_id""",
        params,
    )
    return [{"run_id": r[0], "agent": r[1], "verdict": r[2], "risk": float(r[3]),
             "flags": [name for name, on in zip(FLAGS, r[4:], strict=True) if on]} for r in rows]


def _reason(run: dict[str, Any], pi: float, floor: float) -> str:
    if run["flags"]:
        return ", ".join(f.replace("_", " ") for f in run["flags"])
    if pi <= 1.5 * floor:
        return "uniform floor"
    return f"risk {run['risk']:.2f}"


def draw(store: Any, budget: float, week: bool = False, seed: int | None = None, uniform_share: float = 0.2,
         now_ns: int | None = None) -> list[dict[str, Any]]:
    """Draw the next runs to review from the next frame, record them with π, and return them."""
    if budget <= 0:
        raise ValueError("the budget must be positive")
    ensure_tables(store)
    now = time.time_ns() if now_ns is None else now_ns
    clause, params, bounds = _frame(store, week)
    runs = frame_runs(store, clause, params)
    last = bounds["last_drawn"]
    expected = float(budget) if week or last is None else budget * min(1.0, max(0, now - last) / WEEK_NS)
    seed = secrets.randbits(48) if seed is None else seed
    draw_id = int(store.query("SELECT coalesce(max(draw_id), 0) + 1 FROM review_draws")[0][0])
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
    store.db.execute(
        "INSERT INTO review_draws VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [draw_id, now, bounds["stored_from"], bounds["stored_to"], bounds["started_from"], float(budget), expected,
         len(runs), len(chosen), design_json, seed],
    ).fetchall()
    if chosen:
        table = pa.table({"run_id": [c["run_id"] for c in chosen], "pi": [c["pi"] for c in chosen],
                          "drawn_at": pa.array([now] * len(chosen), pa.int64()),
                          "reason": [c["reason"] for c in chosen],
                          "draw_id": pa.array([draw_id] * len(chosen), pa.int64())})
        store.db.register("w_review_queue", table)
        try:
            store.db.execute("INSERT OR REPLACE INTO review_queue SELECT * FROM w_review_queue").fetchall()
        finally:
            store.db.unregister("w_review_queue")
    return chosen


def pending(store: Any) -> list[dict[str, Any]]:
    """Runs handed out that have no review label yet, most informative first."""
    if not queue_exists(store):
        return []
    rows = store.query(
        """SELECT q.run_id, r.agent, v.verdict, v.risk, q.pi, q.reason, q.drawn_at
           FROM review_queue q JOIN runs r USING (run_id) LEFT JOIN verdicts v USING (run_id)
           WHERE NOT EXISTS (SELECT 1 FROM labels l WHERE l.run_id = q.run_id AND l.source = 'review')
           ORDER BY q.drawn_at, q.pi DESC, q.run_id"""
    )
    keys = ("run_id", "agent", "verdict", "risk", "pi", "reason", "drawn_at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def status(store: Any) -> dict[str, Any]:
    """The queue at a glance: draws, handed out, labelled, pending, and the unqueued-label policy."""
    out: dict[str, Any] = {"policy": policy(store), "draws": 0, "handed_out": 0, "labelled": 0, "pending": 0}
    if queue_exists(store):
        draws, handed, labelled = store.query(
            """SELECT (SELECT count(*) FROM review_draws), count(*),
                      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM labels l WHERE l.run_id = q.run_id
                                                     AND l.source = 'review'))
               FROM review_queue q"""
        )[0]
        out.update(draws=draws, handed_out=handed, labelled=labelled, pending=handed - labelled)
    return out


def as_json(rows: list[dict[str, Any]]) -> str:
    """One JSON object per line."""
    return "".join(orjson.dumps(r).decode() + "\n" for r in rows)
