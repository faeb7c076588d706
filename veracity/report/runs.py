"""Pages of runs: the newest runs with their verdicts, and one run in full."""

from __future__ import annotations

from typing import Any

from veracity.model import to_builtins
from veracity.store.base import RunFilter, RunRow, Store

MAX_PAGE = 10_000


def runs_page(store: Store, where: RunFilter | None = None, limit: int = 100) -> list[RunRow]:
    """The newest runs in scope (at most `limit`, 1 to 10,000): run_id, agent, model, started_ns,
    reported_status, verdict, risk, findings."""
    return store.runs_page(where, max(1, min(limit, MAX_PAGE)))


def run_detail(store: Store, run_id: str) -> dict[str, Any] | None:
    """One stored run and its verdict, as plain data; None for an unknown run."""
    run = store.get_run(run_id)
    if run is None:
        return None
    verdict = store.get_verdict(run_id)
    return {"run": to_builtins(run), "verdict": to_builtins(verdict) if verdict else None}
