"""The data of the browser UI's overview pages: the dashboard, the runs table, alerts and coverage.

Each function is `page(store, ...) -> plain data`; the server renders it as HTML or answers it as
JSON (the page's twin), so what a page shows is exactly what its `.json` says.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import msgspec

from veracity.report.sections import coverage, pipeline
from veracity.report.truth import error_rate
from veracity.store.base import RunFilter, RunQuery, SearchRow, Store
from veracity.timespec import parse_since

DAYS = 30
PER_PAGE = 50
DASHBOARD_COVERAGE = 1000  # the overview's coverage reads the newest 1,000 runs; /coverage reads 20,000
VIEWS_KEY = "ui_views"
QUERY_KEYS = ("verdict", "agent", "model", "prompt_version", "kind", "field", "since", "until", "q")


def plain(value: Any) -> Any:
    """Any value of a run (struct, list, bytes...) as JSON-ready builtins."""
    return msgspec.to_builtins(value, str_keys=True, enc_hook=str)


def iso(ns: int | None) -> str | None:
    """An ISO 8601 UTC time (seconds) for nanoseconds since the epoch.

    >>> iso(1_795_168_800_000_000_000)
    '2026-11-20T10:00:00Z'
    """
    if not ns:
        return None
    return datetime.fromtimestamp(ns / 1e9, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _truth(rate: dict[str, Any]) -> dict[str, Any]:
    """Verified truth rate (1 − error rate) with its interval, from an error-rate answer."""
    def flip(x: float | None) -> float | None:
        return None if x is None else round(1 - x, 4)

    return {"truth_rate": flip(rate.get("estimate")), "low": flip(rate.get("high")), "high": flip(rate.get("low")),
            "labels": rate.get("labels", 0), "method": rate.get("method")}


def _cohort(store: Store, where: RunFilter) -> dict[str, Any]:
    runs, success = store.run_totals(where)
    return {"runs": runs, "reported_success_rate": None if success is None else round(success, 4),
            **_truth(error_rate(store, where))}


def dashboard(store: Store) -> dict[str, Any]:
    """Reported success beside the verified truth rate (interval), per day, agent, model and prompt version;
    findings by kind, open alerts and evidence coverage."""
    overall = _cohort(store, RunFilter())
    days = sorted(store.cohort_values(None, "day", newest=DAYS))
    prompt: dict[str, dict[str, float]] = defaultdict(lambda: {"runs": 0, "wrong": 0.0})
    for row in store.cohort_rows(None):
        cell = prompt[row.get("prompt_version") or "(none)"]
        cell["runs"] += row["runs"]
        cell["wrong"] += row["runs"] * row["predicted_error_rate"]
    cover = coverage(store, limit=DASHBOARD_COVERAGE)
    return {
        **overall,
        "confidence": 0.95,
        "per_day": [{"day": d, **_cohort(store, RunFilter(day=d))} for d in days],
        "by_agent": [{"agent": a, **_cohort(store, RunFilter(agent=a))} for a in store.cohort_values(None, "agent")],
        "by_model": [{"model": m, **_cohort(store, RunFilter(model=m))} for m in store.cohort_values(None, "model")],
        "by_prompt_version": [{"prompt_version": k, "runs": int(v["runs"]),
                               "predicted_error_rate": round(v["wrong"] / v["runs"], 4) if v["runs"] else None}
                              for k, v in sorted(prompt.items())],
        "verdicts": store.verdict_counts(None),
        "findings_by_kind": store.finding_kind_counts(None),
        "open_alerts": [_alert(a) for a in store.alert_rows("open")],
        "coverage": cover["agents"],
        "coverage_runs": sum(a["runs"] for a in cover["agents"].values()),
        "pipeline": pipeline(store),
    }


def _alert(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (iso(v) if k.endswith("_ns") and isinstance(v, int) else v) for k, v in row.items()}


def alerts_page(store: Store) -> dict[str, Any]:
    """The alert history: every alert with its status and delivery, the newest first."""
    rows = [_alert(a) for a in store.alert_rows()]
    return {"alerts": rows, "open": sum(1 for a in rows if a.get("status") == "open")}


def coverage_page(store: Store) -> dict[str, Any]:
    """Evidence coverage per agent and per tool, each gap with the setting that fixes it."""
    return coverage(store)


def _time(value: str | None, name: str) -> int | None:
    if not value:
        return None
    try:
        return parse_since(value)
    except ValueError:
        raise ValueError(f"{name}={value!r}: expected an ISO 8601 date or time, or a span like 24h or 7d") from None


def parse_query(params: dict[str, str]) -> tuple[RunQuery, dict[str, str]]:
    """The runs page's URL parameters as a query, and the filters in force (empty ones dropped)."""
    given = {k: params[k].strip() for k in QUERY_KEYS if params.get(k, "").strip()}
    query = RunQuery(verdict=given.get("verdict"), agent=given.get("agent"), model=given.get("model"),
                     prompt_version=given.get("prompt_version"), kind=given.get("kind"), field=given.get("field"),
                     since_ns=_time(given.get("since"), "since"), until_ns=_time(given.get("until"), "until"),
                     text=given.get("q"))
    return query, given


def _run_line(row: SearchRow) -> dict[str, Any]:
    return {"run_id": row["run_id"], "verdict": row["verdict"], "risk": None if row["risk"] is None else
            round(row["risk"], 4), "agent": row["agent"], "started_at": iso(row["started_ns"]), "model": row["model"],
            "prompt_version": row["prompt_version"], "reported_status": row["reported_status"],
            "findings": row["findings"], "pair_key": row["pair_key"]}


def runs_list(store: Store, params: dict[str, str]) -> dict[str, Any]:
    """A page of runs matching the URL's filters, how many match, the choices of each filter, saved views."""
    query, given = parse_query(params)
    try:
        page = max(1, int(params.get("page") or 1))
    except ValueError:
        raise ValueError(f"page={params.get('page')!r}: expected a whole number") from None
    rows, total = store.search_runs(query, PER_PAGE, (page - 1) * PER_PAGE)
    return {"runs": [_run_line(r) for r in rows], "total": total, "page": page, "per_page": PER_PAGE,
            "filters": given, "choices": store.filter_choices(), "views": saved_views(store)}


def saved_views(store: Store) -> list[dict[str, str]]:
    return list((store.load_state(VIEWS_KEY) or {}).get("views", []))


def save_view(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    """Save (or replace by name) a view: a name and the runs page's query string."""
    name = str(body.get("name") or "").strip()
    query = str(body.get("query") or "").lstrip("?")
    if not name or len(name) > 80:
        raise ValueError("a saved view needs a name of 1 to 80 characters")
    views = [v for v in saved_views(store) if v["name"] != name] + [{"name": name, "query": query}]
    store.save_state(VIEWS_KEY, {"views": sorted(views, key=lambda v: v["name"])})
    return {"saved": name, "views": saved_views(store)}
