"""Contract: the counts behind each report section and page."""

from __future__ import annotations

import pytest

from veracity.model import Step
from veracity.store.base import RunFilter, Store

from .conftest import DAY, HOUR, T0, finding, review, run, verdict, write


@pytest.fixture
def world(store: Store) -> Store:
    retry = [Step(step_id="s1", name="search", kind="tool", attempt=1, http_status=429),
             Step(step_id="s2", name="search", kind="tool", attempt=2)]
    runs = [
        (run(0, pair_key="k1"), "verified", 0.1, []),
        (run(1, pair_key="k1", steps=retry), "failed", 0.9,
         [finding("unsupported_value"), finding("declared_missing", "info", "ceo"),
          finding("divergent_field", "major", "revenue", "pairs", origin_step="s2")]),
        (run(2, model="m2", started=T0 + DAY), "suspect", 0.6, [finding("declared_missing", "info", "ceo")]),
        (run(3, agent="a2", model="m2", started=T0 + DAY + HOUR, status="error"), "verified", 0.2, []),
        (run(4, agent="a2", model=None, started=T0 + 2 * DAY), "unverifiable", 0.5,
         [finding("missing_evidence", "minor", "revenue", "coverage")]),
    ]
    write(store, *[(r, verdict(r, name, risk, fs)) for r, name, risk, fs in runs])
    store.write_labels([review(runs[0][0], True), review(runs[1][0], False)])
    return store


def test_runs_page(world: Store) -> None:
    page = world.runs_page(limit=2)
    assert [p["run_id"] for p in page] == ["r004", "r003"]
    assert set(page[0]) == {"run_id", "agent", "model", "started_ns", "reported_status", "verdict", "risk", "findings"}
    assert page[0]["verdict"] == "unverifiable" and page[0]["findings"] == 1
    assert [p["run_id"] for p in world.runs_page(RunFilter(verdict="verified"))] == ["r003", "r000"]
    assert [p["run_id"] for p in world.runs_page(RunFilter(agent="a2", verdict="verified"))] == ["r003"]


def test_headline_counts(world: Store) -> None:
    assert world.run_totals() == (5, 0.8)
    assert world.run_totals(RunFilter(agent="nobody")) == (0, None)
    assert world.verdict_counts() == {"failed": 1, "suspect": 1, "unverifiable": 1, "verified": 2}
    assert world.finding_kind_counts() == {"unsupported_value": 1, "divergent_field": 1, "missing_evidence": 1}
    assert world.verdict_counts(RunFilter(model="m2")) == {"suspect": 1, "verified": 1}
    assert world.verdict_counts(RunFilter(day="2026-01-02")) == {"suspect": 1, "verified": 1}


def test_cohort_values(world: Store) -> None:
    assert world.cohort_values(None, "agent") == ["a1", "a2"]
    assert world.cohort_values(None, "model") == ["m1", "m2"]
    assert world.cohort_values(None, "day") == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert world.cohort_values(None, "day", newest=2) == ["2026-01-03", "2026-01-02"]
    assert world.cohort_values(RunFilter(agent="a2"), "model") == ["m2"]


def test_predictions_and_review_labels(world: Store) -> None:
    n, mean, var = world.prediction_stats()
    assert n == 5 and mean == pytest.approx(0.4) and var == pytest.approx(0.24)
    assert sorted(world.review_labels()) == [(0.0, 0.0, None), (1.0, 1.0, None)]
    assert world.review_labels(RunFilter(agent="a2")) == []
    assert world.queue_pending() is None  # no review queue yet


def test_unknowns_pairs_and_cohorts(world: Store) -> None:
    unknown = world.unknown_counts()
    assert unknown == {"runs": 5, "with_unknown": 2, "by_field": {"ceo": 2},
                       "by_model": {"m1": (2, 1), "m2": (2, 1), "?": (1, 0)}}
    pairs = world.pair_counts()
    assert (pairs["pairs"], pairs["divergent"], pairs["by_field"]) == (1, 1, {"revenue": 1})
    assert pairs["examples"] == [{"pair_key": "k1", "runs": ["r001"], "fields": ["revenue"],
                                  "first_divergent_step": "s2"}]
    rows = world.cohort_rows()
    assert [(c["agent"], c["model"], c["runs"]) for c in rows] == [("a1", "m1", 2), ("a1", "m2", 1),
                                                                  ("a2", "m2", 1), ("a2", None, 1)]
    assert rows[0]["predicted_error_rate"] == pytest.approx(0.5)


def test_alert_series_and_examples(world: Store) -> None:
    from veracity.store.base import ALERT_METRICS

    rows = {(r[0], r[1], r[2]): r[3:] for r in world.alert_series(None, "model")}
    n, *events = rows[("a1", "m1", T0 // HOUR + 1)]
    counts = dict(zip(ALERT_METRICS, events, strict=True))
    assert n == 1 and counts["error_rate"] == 1 and counts["unsupported_value_rate"] == 1
    assert counts["honest_unknown_rate"] == 1 and counts["not_first_attempt_rate"] == 1
    assert counts["correction_rate"] == 0
    assert world.alert_examples("model", "a1", "m1", "error_rate", T0 // HOUR + 5) == ["r001"]
    with pytest.raises(ValueError, match="alert dimension"):
        world.alert_series(None, "agent; DROP TABLE runs")  # type: ignore[arg-type]


def test_storage_calibration_and_demo_views(world: Store) -> None:
    days = world.storage_per_day()
    assert [d["day"] for d in days] == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert [d["runs"] for d in days] == [2, 2, 1] and all(d["run_bytes"] > 0 for d in days)
    assert [d["day"] for d in world.storage_per_day(T0 + 2 * DAY)] == ["2026-01-03"]
    labels, total = world.calibration_labels()
    assert total == 5 and sorted(labels) == [(0.1, 0.0, None, T0), (0.9, 1.0, None, T0 + HOUR)]
    examples = world.finding_examples()
    assert examples["unsupported_value"]["run_id"] == "r001"
    assert set(examples) == {"unsupported_value", "declared_missing", "divergent_field", "missing_evidence"}
    assert world.riskiest_runs(2) == [("r001", "a1", "failed", 0.9), ("r002", "a1", "suspect", 0.6)]


def test_ties_are_ordered_by_name(store: Store) -> None:
    """Counts that tie come in name order, so the same store always gives the same report."""
    runs = [run(i, pair_key=f"k{i // 2}") for i in range(8)]
    kinds = ["zeta", "alpha", "mid", "beta", "zeta", "alpha", "mid", "beta"]
    fields = ["z_field", "a_field", "m_field", "b_field"] * 2
    write(store, *[(r, verdict(r, "failed", 0.9, [finding(k), finding("divergent_field", "major", f, "pairs"),
                                                  finding("declared_missing", "info", f)]))
                   for r, k, f in zip(runs, kinds, fields, strict=True)])
    assert list(store.finding_kind_counts()) == ["divergent_field", "alpha", "beta", "mid", "zeta"]
    assert list(store.pair_counts()["by_field"]) == ["a_field", "b_field", "m_field", "z_field"]
    assert list(store.unknown_counts()["by_field"]) == ["a_field", "b_field", "m_field", "z_field"]
