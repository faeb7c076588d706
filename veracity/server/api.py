"""Data functions behind the JSON API; the CLI calls the same ones on a local store."""

from __future__ import annotations

from typing import Any

from veracity import report as reporting
from veracity.labels import parse_labels
from veracity.model import to_builtins
from veracity.store.base import RunFilter
from veracity.store.duck import DuckStore


def list_runs(
    store: DuckStore, limit: int = 100, verdict: str | None = None, agent: str | None = None, project: str | None = None
) -> list[dict[str, Any]]:
    clauses, params = ["TRUE"], []
    if project:
        clauses.append("r.project = ?")
        params.append(project)
    if verdict:
        clauses.append("v.verdict = ?")
        params.append(verdict)
    if agent:
        clauses.append("r.agent = ?")
        params.append(agent)
    rows = store.query(
        f"""SELECT r.run_id, r.agent, r.model, r.started_ns, r.reported_status, v.verdict, v.risk, v.n_findings
            FROM runs r LEFT JOIN verdicts v USING (run_id) WHERE {' AND '.join(clauses)}
            ORDER BY r.started_ns DESC LIMIT ?""",
        [*params, max(1, min(limit, 10_000))],
    )
    keys = ("run_id", "agent", "model", "started_ns", "reported_status", "verdict", "risk", "findings")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def run_detail(store: DuckStore, run_id: str) -> dict[str, Any] | None:
    run = store.get_run(run_id)
    if run is None:
        return None
    verdict = store.get_verdict(run_id)
    return {"run": to_builtins(run), "verdict": to_builtins(verdict) if verdict else None}


def report(store: DuckStore, agent: str | None = None, since: str | None = None) -> dict[str, Any]:
    return reporting.build_report(store, reporting.parse_filter(agent=agent, since=since))


def report_for(store: DuckStore, where: RunFilter) -> dict[str, Any]:
    return reporting.build_report(store, where)


def import_labels(
    store: DuckStore, body: bytes, project: str | None = None, only_project: bool = False
) -> dict[str, Any]:
    """Labels from JSONL or CSV; with `only_project`, labels of runs outside `project` count as unknown."""
    labels, problems = parse_labels(body.decode("utf-8", "replace"), "request")
    foreign: list[str] = []
    if only_project:
        owned: dict[str, bool] = {}
        for lab in labels:
            if lab.run_id not in owned:
                run = store.get_run(lab.run_id)
                owned[lab.run_id] = run is not None and project is not None and run.project == project
        foreign = sorted(rid for rid, ok in owned.items() if not ok)
        labels = [lab for lab in labels if owned[lab.run_id]]
    stored, unknown = store.write_labels(labels)
    return {"stored": stored, "unknown_runs": sorted({*unknown, *foreign}), "problems": problems}


def review_status(store: DuckStore) -> dict[str, Any]:
    from veracity.review import status

    return status(store)


def review_next(store: DuckStore, budget: float, week: bool = False) -> list[dict[str, Any]]:
    from veracity.review import draw

    return draw(store, budget, week=week)
