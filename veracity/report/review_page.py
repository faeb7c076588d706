"""The data of the review page: the queue drawn with known probabilities, one run at a time, and labels.

The queue is `veracity review next`'s (`veracity.review.draw`): runs handed out with their inclusion
probability π. A label posted here is stored at once, so the truth rate on the dashboard moves with it.
"""

from __future__ import annotations

from typing import Any

import msgspec

from veracity.model import Label
from veracity.report.run_view import run_view
from veracity.report.truth import error_rate
from veracity.review import draw, pending, status
from veracity.store.base import Store


def review_page(store: Store, run_id: str | None = None) -> dict[str, Any]:
    """The pending queue (most informative first), the run under review with its evidence, the truth rate."""
    queue = pending(store)
    ids = [r["run_id"] for r in queue]
    current = run_id if run_id in ids else (ids[0] if ids else None)
    return {"queue": queue, "status": status(store), "current": current,
            "run": run_view(store, current) if current else None, "error_rate": error_rate(store)}


def review_draw(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    """Draw the next runs to review (`budget`: reviews a week, `week`: the last 7 days only, as `veracity review next`)."""
    try:
        budget = float(body.get("budget", 200))
    except (TypeError, ValueError):
        raise ValueError(f"budget {body.get('budget')!r}: expected a number") from None
    chosen = draw(store, budget, week=bool(body.get("week", False)))
    return {"drawn": len(chosen), "status": status(store)}


def review_label(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    """Store one review label: `run_id`, `correct` (true: right, false: wrong), `wrong_fields`, `note`."""
    if not isinstance(body, dict) or not body.get("run_id") or not isinstance(body.get("correct"), bool):
        raise ValueError("a label needs run_id (text) and correct (true or false)")
    wrong = body.get("wrong_fields") or []
    if not isinstance(wrong, list) or not all(isinstance(w, str) for w in wrong):
        raise ValueError("wrong_fields must be a list of field paths")
    try:
        label = msgspec.convert({"run_id": body["run_id"], "correct": body["correct"], "wrong_fields": wrong,
                                 "note": body.get("note") or None, "source": "review"}, Label)
    except msgspec.ValidationError as e:
        raise ValueError(f"label: {e}") from None
    stored, unknown = store.write_labels([label])
    if unknown:
        raise ValueError(f"no run {body['run_id']}")
    return {"stored": stored, "run_id": label.run_id, "error_rate": error_rate(store), "status": status(store)}
