"""The data of every report and page, as plain JSON-serialisable data over the `Store` protocol.

`build_report(store, where)` is `veracity report` and `GET /api/report` (CONTRACT.md); each of its
sections is a data function of its own, so a page can render one: `headline`, `error_rates_by`,
`truth.error_rate`, `alerts.alerts`, `sections.unknown_rate`, `sections.steps`, `sections.pairs`,
`sections.cohorts`, `sections.coverage`, `sections.storage`; pages of runs are `runs.runs_page` and
`runs.run_detail`. Rendering stays with the caller (`veracity.cli.render`, the server).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from veracity.report.alerts import alerts
from veracity.report.runs import run_detail, runs_page
from veracity.report.sections import cohorts, coverage, pairs, pipeline, steps, storage, unknown_rate
from veracity.report.truth import error_rate
from veracity.review import status as review_status
from veracity.stats.risk import calibrate
from veracity.store.base import CohortDim, RunFilter, Store
from veracity.timespec import parse_since


def parse_filter(agent: str | None = None, since: str | None = None) -> RunFilter:
    return RunFilter(agent=agent, since_ns=parse_since(since) if since else None)


def headline(store: Store, where: RunFilter | None = None) -> dict[str, Any]:
    """Runs, the share that reported success, verdicts, and findings above `info` by kind."""
    runs, success = store.run_totals(where)
    return {
        "runs": runs,
        "reported_success_rate": round(success, 4) if runs and success is not None else None,
        "verdicts": store.verdict_counts(where),
        "findings_by_kind": store.finding_kind_counts(where),
    }


def error_rates_by(store: Store, where: RunFilter | None, dim: CohortDim, newest: int | None = None) -> dict[str, Any]:
    """The truth rate for each value of a cohort key (agent, model, day), each with its own interval."""
    base = where or RunFilter()
    out: dict[str, Any] = {}
    for key in store.cohort_values(where, dim, newest):
        narrowed: dict[str, Any] = {dim: key}
        out[key] = error_rate(store, replace(base, **narrowed))
    return out


def build_report(store: Store, where: RunFilter | None = None) -> dict[str, Any]:
    """The report's data; the CLI and the HTTP API render this same object."""
    top = headline(store, where)
    return {
        "runs": top["runs"],
        "reported_success_rate": top["reported_success_rate"],
        "verdicts": top["verdicts"],
        "error_rate": error_rate(store, where),
        "error_rate_by_agent": error_rates_by(store, where, "agent"),
        "error_rate_by_model": error_rates_by(store, where, "model"),
        "error_rate_by_day": error_rates_by(store, where, "day", newest=14),
        "findings_by_kind": top["findings_by_kind"],
        "alerts": alerts(store, where),
        "unknown_rate": unknown_rate(store, where),
        "steps": steps(store, where),
        "pairs": pairs(store, where),
        "cohorts": cohorts(store, where),
        "coverage": coverage(store, where),
        "calibration": calibrate(store, where.since_ns if where else None),
        "review": review_status(store),
        "storage": storage(store, where),
        "pipeline": pipeline(store),
    }


__all__ = ["build_report", "error_rate", "error_rates_by", "headline", "parse_filter", "run_detail", "runs_page"]
