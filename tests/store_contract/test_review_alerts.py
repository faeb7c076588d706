"""Contract: the review queue (frames, draws, π) and stored alerts."""

from __future__ import annotations

import pytest

from veracity.store.base import Store

from .conftest import review, run, verdict, write


def test_review_queue_frames_draws_and_pending(store: Store) -> None:
    runs = [run(i, pair_key="k" if i < 2 else None) for i in range(4)]
    names = ["verified", "failed", "verified", "suspect"]
    write(store, *[(r, verdict(r, n, 0.2 + 0.1 * i)) for i, (r, n) in enumerate(zip(runs, names, strict=True))])
    assert store.review_draw_count() is None and store.review_counts() is None and store.review_pending() == []
    bounds, frame = store.review_frame(week=False)
    assert [r["run_id"] for r in frame] == ["r000", "r001", "r002", "r003"]
    assert bounds["stored_from"] == 0 and bounds["last_drawn"] is None
    assert {r["run_id"]: r["flags"] for r in frame}["r000"] == ["pair_disagrees"]
    chosen = [{"run_id": "r001", "pi": 0.5, "reason": "risk"}, {"run_id": "r003", "pi": 0.25, "reason": "risk"}]
    draw = {"drawn_at": 10, "stored_from": bounds["stored_from"], "stored_to": bounds["stored_to"],
            "started_from": None, "budget": 2.0, "expected": 2.0, "frame_runs": 4, "design": "{}", "seed": 1}
    assert store.record_review_draw(draw, chosen) == 1
    assert store.review_draw_count() == 1
    assert [p["run_id"] for p in store.review_pending()] == ["r001", "r003"]
    assert store.review_counts() == (1, 2, 0)
    store.write_labels([review(runs[1], False)])
    assert store.review_counts() == (1, 2, 1) and [p["run_id"] for p in store.review_pending()] == ["r003"]
    assert store.queue_pending() == 1
    assert sorted(store.review_labels()) == [(1.0, 1.0, 0.5)]
    labels, _ = store.calibration_labels()
    assert [lab[2] for lab in labels] == [0.5]
    _, nothing_new = store.review_frame(week=False)  # the next frame: runs stored since this draw
    assert nothing_new == []
    assert store.record_review_draw({**draw, "drawn_at": 20}, []) == 2


def test_alerts_open_update_resolve_and_deliver(store: Store) -> None:
    alert = {"alert_id": "x1", "cohort": {"agent": "a", "model": "m2"}, "metric": "error_rate", "before": 0.1,
             "after": 0.3, "at": "2026-01-01T00:00:00Z", "method": "sequential", "examples": ["r1"]}
    assert store.alert_statuses() == {} and store.alert_rows() == []
    store.open_alert(alert, 1)
    store.update_alert({**alert, "after": 0.35}, 2)
    [row] = store.alert_rows("open")
    assert (row["after"], row["times_seen"], row["updated_ns"], row["cohort"]) == (0.35, 2, 2, alert["cohort"])
    assert row["detail"] == {"method": "sequential", "examples": ["r1"]} and row["at"] == alert["at"]
    store.alert_attempt("x1", 3, "HTTP 500")
    store.alert_attempt("x1", 4, None)
    [row] = store.alert_rows()
    assert (row["attempts"], row["delivered_ns"], row["last_error"]) == (2, 4, None)
    store.resolve_alerts(["x1"], 5)
    assert store.alert_statuses() == {"x1": "resolved"} and store.alert_rows("open") == []
    store.open_alert(alert, 6)  # back again: reopened, to be delivered again
    [row] = store.alert_rows("open")
    assert (row["delivered_ns"], row["times_seen"]) == (None, 1)


@pytest.mark.parametrize("week", [True])
def test_week_frame_keeps_the_newest_week(store: Store, week: bool) -> None:
    from .conftest import DAY

    old, new = run(1, started=0), run(2, started=30 * DAY)
    write(store, (old, verdict(old)), (new, verdict(new)))
    bounds, frame = store.review_frame(week=week)
    assert [r["run_id"] for r in frame] == ["r002"] and bounds["started_from"] == 30 * DAY - 7 * DAY
