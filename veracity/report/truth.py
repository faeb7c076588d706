"""The truth rate: the checks' prediction over every run, corrected by the labelled few (PPI)."""

from __future__ import annotations

from typing import Any

from veracity.stats import labels_needed, ppi_mean_summary
from veracity.store.duck import DuckStore

CONFIDENCE = 0.95
WRONG = "CASE WHEN v.verdict IN ('failed','suspect') THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END"


def error_rate(store: DuckStore, clause: str, params: list[Any]) -> dict[str, Any]:
    """Share of runs that are materially wrong, with a valid interval once reviews exist.

    Predictions are the verdicts (failed or suspect = wrong) over every run; reviews (labels
    from a person, not downstream corrections, which are not a random sample) correct their
    bias: prediction-powered inference with a power-tuned weight (PPI++).
    """
    n, mean, var = store.query(
        f"SELECT count(*), avg({WRONG}), var_pop({WRONG}) FROM runs r JOIN verdicts v USING (run_id) WHERE {clause}",
        params,
    )[0]
    if not n:
        return {"estimate": None, "low": None, "high": None, "confidence": CONFIDENCE, "labels": 0,
                "method": "predicted"}
    rows = store.query(
        f"""SELECT {WRONG} AS f, CASE WHEN bool_and(l.correct) THEN 0.0::DOUBLE ELSE 1.0::DOUBLE END AS y
            FROM runs r JOIN verdicts v USING (run_id) JOIN labels l USING (run_id)
            WHERE {clause} AND l.source = 'review' GROUP BY r.run_id, v.verdict""",
        params,
    )
    if not rows:
        return {"estimate": round(float(mean), 4), "low": None, "high": None, "confidence": CONFIDENCE,
                "labels": 0, "method": "predicted"}
    estimate = ppi_mean_summary([y for _, y in rows], [f for f, _ in rows], int(n), float(mean), float(var or 0.0),
                                alpha=1 - CONFIDENCE)
    out: dict[str, Any] = {
        "estimate": round(estimate.estimate, 4),
        "low": None if estimate.low is None else round(estimate.low, 4),
        "high": None if estimate.high is None else round(estimate.high, 4),
        "confidence": CONFIDENCE,
        "labels": len(rows),
        "method": estimate.method,
    }
    width = estimate.width
    if width is not None and width > 0.002:
        needed = labels_needed(estimate, width / 2)
        if needed is not None:
            out["labels_for_half_width"] = needed
    return out
