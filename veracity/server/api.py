"""Data functions behind the JSON API; the CLI calls the same ones on a local store."""

from __future__ import annotations

from typing import Any

from veracity import report as reporting
from veracity.labels import parse_labels
from veracity.store.base import RunFilter, RunRow, Store


def list_runs(store: Store, limit: int = 100, verdict: str | None = None, agent: str | None = None,
              project: str | None = None) -> list[RunRow]:
    return reporting.runs_page(store, RunFilter(agent=agent or None, verdict=verdict or None,
                                                project=project or None), limit)


def run_detail(store: Store, run_id: str) -> dict[str, Any] | None:
    return reporting.run_detail(store, run_id)


def report(store: Store, agent: str | None = None, since: str | None = None) -> dict[str, Any]:
    return reporting.build_report(store, reporting.parse_filter(agent=agent, since=since))


def report_for(store: Store, where: RunFilter) -> dict[str, Any]:
    return reporting.build_report(store, where)


def import_labels(
    store: Store, body: bytes, project: str | None = None, only_project: bool = False
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


def review_status(store: Store) -> dict[str, Any]:
    from veracity.review import status

    return status(store)


def review_next(store: Store, budget: float, week: bool = False) -> list[dict[str, Any]]:
    from veracity.review import draw

    return draw(store, budget, week=week)
