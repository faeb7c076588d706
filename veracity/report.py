"""`veracity report`: what the stored runs say, as one JSON object (CONTRACT.md)."""

from __future__ import annotations

import math
from typing import Any

from veracity.store.base import RunFilter
from veracity.store.duck import DuckStore, filter_sql
from veracity.timespec import parse_since

CONFIDENCE = 0.95
Z95 = 1.959963984540054
WRONG = ("failed", "suspect")


def parse_filter(agent: str | None = None, since: str | None = None) -> RunFilter:
    return RunFilter(agent=agent, since_ns=parse_since(since) if since else None)


def _error_rate(store: DuckStore, clause: str, params: list[Any]) -> dict[str, Any]:
    """Prediction-powered estimate of the share of materially wrong runs.

    Predictions are the checks' verdicts (failed or suspect = wrong) over every run; labels
    correct the prediction's bias on the labelled few: θ = mean(f) + mean(y - f) over labels,
    with a normal interval from both variances (Angelopoulos et al., 2023).
    """
    n, predicted = store.query(
        f"""SELECT count(*), avg(CASE WHEN v.verdict IN ('failed','suspect') THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END)
            FROM runs r JOIN verdicts v USING (run_id) WHERE {clause}""",
        params,
    )[0]
    rows = store.query(
        f"""SELECT CASE WHEN v.verdict IN ('failed','suspect') THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END AS f,
                   CASE WHEN bool_and(l.correct) THEN 0.0::DOUBLE ELSE 1.0::DOUBLE END AS y
            FROM runs r JOIN verdicts v USING (run_id) JOIN labels l USING (run_id)
            WHERE {clause} GROUP BY r.run_id, v.verdict""",
        params,
    )
    if not n:
        return {"estimate": None, "low": None, "high": None, "confidence": CONFIDENCE, "labels": 0, "method": "predicted"}
    if len(rows) < 2:
        return {"estimate": round(predicted, 4), "low": None, "high": None, "confidence": CONFIDENCE,
                "labels": len(rows), "method": "predicted"}
    m = len(rows)
    rectifier = [y - f for f, y in rows]
    bias = sum(rectifier) / m
    var_rect = sum((r - bias) ** 2 for r in rectifier) / (m - 1)
    var_pred = predicted * (1 - predicted)
    half = Z95 * math.sqrt(var_rect / m + var_pred / n)
    estimate = min(1.0, max(0.0, predicted + bias))
    return {
        "estimate": round(estimate, 4),
        "low": round(max(0.0, estimate - half), 4),
        "high": round(min(1.0, estimate + half), 4),
        "confidence": CONFIDENCE,
        "labels": m,
        "method": "ppi",
    }


def build_report(store: DuckStore, where: RunFilter | None = None) -> dict[str, Any]:
    clause, params = filter_sql(where)
    runs, success = store.query(
        f"SELECT count(*), avg(CASE WHEN reported_status = 'success' THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END) FROM runs r WHERE {clause}",
        params,
    )[0]
    verdicts = dict(
        store.query(
            f"SELECT v.verdict, count(*) FROM runs r JOIN verdicts v USING (run_id) WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        )
    )
    kinds = dict(
        store.query(
            f"""SELECT f.kind, count(*) FROM runs r JOIN findings f USING (run_id)
                WHERE {clause} AND f.severity <> 'info' GROUP BY 1 ORDER BY 2 DESC""",
            params,
        )
    )
    return {
        "runs": runs,
        "reported_success_rate": round(success, 4) if runs else None,
        "verdicts": verdicts,
        "error_rate": _error_rate(store, clause, params),
        "findings_by_kind": kinds,
        "alerts": [],
    }
