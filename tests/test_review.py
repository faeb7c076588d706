"""The review queue on a real DuckDB file: frames, π recorded, the unqueued-label rule, coverage."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from veracity import review
from veracity.cli.review import review_app
from veracity.model import Finding, Label, Run, Verdict
from veracity.report.truth import error_rate
from veracity.stats import classical_mean
from veracity.store import DuckStore

HOUR = 3_600_000_000_000


def world(store: DuckStore, n: int, seed: int = 0, start_hour: int = 0, model: str = "m1", prefix: str = "r",
          rate: float = 0.2, divergent_share: float = 0.05, hours: int = 48) -> dict[str, bool]:
    """Store `n` synthetic runs with imperfect verdicts; returns run_id → materially wrong (the truth)."""
    rng = np.random.default_rng(seed)
    runs, verdicts, truth = [], [], {}
    for i in range(n):
        run_id = f"{prefix}{seed}-{i}"
        wrong = bool(rng.random() < rate)
        flagged = bool(rng.random() < (0.6 if wrong else 0.08))  # a check fires: sensitivity 0.6, FPR 0.08
        risk = float(np.clip(rng.beta(6, 2) if flagged else rng.beta(1, 12), 0.0, 1.0))
        divergent = bool(rng.random() < divergent_share)
        findings = [Finding(check="pairs", kind="divergent_field", severity="major", message="x", run_id=run_id)] \
            if divergent else []
        started = (start_hour + int(rng.integers(0, hours))) * HOUR + i
        runs.append(Run(run_id=run_id, agent="a", models=[model], started_at=started, ended_at=started + 1))
        verdicts.append(Verdict(run_id=run_id, verdict="failed" if flagged else "verified", risk=round(risk, 4),
                                findings=findings, checker_version="v1"))
        truth[run_id] = wrong
    store.write_results(runs, verdicts)
    return truth


def label(store: DuckStore, truth: dict[str, bool], ids: list[str]) -> None:
    store.write_labels([Label(run_id=i, correct=not truth[i]) for i in ids])


@pytest.fixture
def store(tmp_path):
    s = DuckStore(tmp_path / "v.duckdb")
    yield s
    s.close()


def test_a_draw_records_each_run_with_its_probability_and_frames_never_overlap(store):
    world(store, 1500, seed=1)
    first = review.draw(store, 100, seed=3, now_ns=10**18)
    rows = store.query("SELECT run_id, pi, reason, draw_id FROM review_queue")
    assert 70 <= len(first) == len(rows) <= 130
    assert all(0 < pi <= 1 and reason and draw_id == 1 for _, pi, reason, draw_id in rows)
    assert {r["run_id"] for r in first} == {r[0] for r in rows}
    assert [r["pi"] for r in first] == sorted((r["pi"] for r in first), reverse=True)
    (frame_runs, expected), = store.query("SELECT frame_runs, expected FROM review_draws")
    assert frame_runs == 1500 and expected == 100
    assert review.draw(store, 100, seed=4, now_ns=10**18 + 1) == []  # nothing stored since: an empty frame
    new = world(store, 1000, seed=2, prefix="n")
    half_week = 10**18 + 1 + review.WEEK_NS // 2
    second = review.draw(store, 100, seed=5, now_ns=half_week)
    assert second and all(r["run_id"] in new for r in second)  # only runs stored since the last draw
    assert store.query("SELECT expected FROM review_draws WHERE draw_id = 3")[0][0] == pytest.approx(50, rel=0.01)
    assert review.status(store) == {"policy": "exclude", "draws": 3, "handed_out": len(first) + len(second),
                                    "labelled": 0, "pending": len(first) + len(second)}
    label(store, new, [r["run_id"] for r in second])
    assert len(review.pending(store)) == len(first)


def test_flagged_and_new_cohort_runs_are_favoured(store):
    world(store, 1500, seed=1, divergent_share=0.1, hours=24 * 20)
    world(store, 300, seed=2, model="m2", prefix="m", start_hour=24 * 20, hours=24, divergent_share=0.0)
    runs = {r["run_id"]: r for r in review.frame_runs(store)[1]}
    assert all("new_cohort" in r["flags"] for i, r in runs.items() if i.startswith("m"))
    assert not any("new_cohort" in r["flags"] for i, r in runs.items() if i.startswith("r"))
    assert sum("pair_divergent" in r["flags"] for r in runs.values()) > 100
    chosen = review.draw(store, 150, week=True, seed=7)
    by_reason = {r["run_id"]: r["reason"] for r in chosen}
    assert any("new cohort" in reason for reason in by_reason.values())
    pis = {r["run_id"]: r["pi"] for r in chosen}
    new_pi = np.mean([p for i, p in pis.items() if i.startswith("m")])
    plain = [p for i, p in pis.items() if i.startswith("r") and not runs[i]["flags"]]
    assert new_pi > 2 * np.mean(plain)


def test_labels_outside_the_queue_count_only_by_the_rule(store):
    truth = world(store, 1000, seed=1)
    ids = sorted(truth)
    label(store, truth, ids[:60])  # the user's own sample, before any queue
    before = error_rate(store)
    assert before["method"] == "ppi" and before["labels"] == 60 and before["sampling"] == "uniform"
    queued = review.draw(store, 80, seed=2)
    label(store, truth, [r["run_id"] for r in queued])
    after = error_rate(store)
    outside = len(set(ids[:60]) - {r["run_id"] for r in queued})
    assert after["sampling"] == "queue" and after["labels_excluded"] == outside
    assert after["labels"] == len(queued) and after["queue_pending"] == 0
    review.set_policy(store, "uniform")
    mixed = error_rate(store)
    assert mixed["sampling"] == "queue+uniform" and mixed["labels"] == len(set(ids[:60]) | set(truth) & {
        r["run_id"] for r in queued})
    review.set_policy(store, "exclude")
    assert error_rate(store)["labels_excluded"] == outside
    with pytest.raises(ValueError, match="policy"):
        review.set_policy(store, "sometimes")


def test_only_unqueued_labels_under_exclude_give_the_prediction_and_say_why(store):
    truth = world(store, 300, seed=1)
    review.draw(store, 10, seed=1)
    queued = {r[0] for r in store.query("SELECT run_id FROM review_queue")}
    label(store, truth, [i for i in sorted(truth) if i not in queued][:20])
    out = error_rate(store)
    assert out["method"] == "predicted" and out["low"] is None and out["labels_excluded"] == 20


def test_a_single_queued_label_gives_the_whole_range_not_an_error(store):
    truth = world(store, 300, seed=1)
    drawn = review.draw(store, 20, seed=1)
    label(store, truth, [drawn[0]["run_id"]])
    out = error_rate(store)
    assert out["labels"] == 1 and out["low"] == 0.0 and out["high"] == 1.0
    assert "labels_for_half_width" not in out and out["queue_pending"] == len(drawn) - 1


def test_a_read_only_store_without_queue_tables_still_reports(tmp_path):
    s = DuckStore(tmp_path / "v.duckdb")
    truth = world(s, 200, seed=1)
    label(s, truth, sorted(truth)[:20])
    s.close()
    ro = DuckStore(tmp_path / "v.duckdb", read_only=True)
    try:
        assert not review.queue_exists(ro) and review.pending(ro) == []
        assert error_rate(ro)["method"] == "ppi"
    finally:
        ro.close()


def test_queue_weighted_labels_cover_the_true_rate(store):
    """200 weekly draws of ~200 reviews from 4,000 runs: the 95% interval covers the true rate.

    The queue favours flagged and uncertain runs, so the raw share of wrong labels is far off;
    1/π weighting removes that, and PPI stays narrower than the weighted labels alone.
    """
    truth = world(store, 4000, seed=11)
    true_rate = float(np.mean(list(truth.values())))
    covered, estimates, naive, ppi_width, classical_width = 0, [], [], [], []
    for rep in range(200):
        store.db.execute("DELETE FROM labels").fetchall()
        if review.queue_exists(store):
            store.db.execute("DELETE FROM review_queue").fetchall()
            store.db.execute("DELETE FROM review_draws").fetchall()
        drawn = review.draw(store, 200, seed=1000 + rep)
        label(store, truth, [r["run_id"] for r in drawn])
        out = error_rate(store)
        assert out["sampling"] == "queue"
        covered += out["low"] <= true_rate <= out["high"]
        estimates.append(out["estimate"])
        ys = [float(truth[r["run_id"]]) for r in drawn]
        naive.append(np.mean(ys))
        ppi_width.append(out["high"] - out["low"])
        c = classical_mean(ys, pi=[r["pi"] for r in drawn])
        classical_width.append(c.high - c.low)
    assert covered / 200 >= 0.93
    assert abs(np.mean(estimates) - true_rate) < 0.005
    assert np.mean(naive) - true_rate > 0.03  # ignoring π would be biased
    assert np.mean(ppi_width) < np.mean(classical_width)


def test_the_cli_hands_out_runs_as_a_table_or_json(tmp_path):
    db = str(tmp_path / "v.duckdb")
    s = DuckStore(db)
    truth = world(s, 500, seed=1)
    label(s, truth, sorted(truth)[:150])
    s.close()
    runner = CliRunner()
    out = runner.invoke(review_app, ["next", "--budget", "30", "--seed", "1", "--json", "--db", db])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and {"run_id", "agent", "verdict", "risk", "pi", "reason", "flags"} <= set(rows[0])
    table = runner.invoke(review_app, ["pending", "--db", db])
    assert table.exit_code == 0 and "why chosen" in table.stdout and rows[0]["run_id"][:8] in table.stdout
    status = runner.invoke(review_app, ["status", "--db", db])
    assert json.loads(status.stdout)["handed_out"] == len(rows)
    assert runner.invoke(review_app, ["policy", "nonsense", "--db", db]).exit_code == 2
    assert runner.invoke(review_app, ["policy", "uniform", "--db", db]).exit_code == 0
    assert runner.invoke(review_app, ["next", "--budget", "0", "--db", db]).exit_code == 2
    (tmp_path / "veracity.toml").write_text("[review]\nbudget = 25\n")
    weekly = runner.invoke(review_app, ["next", "--week", "--seed", "2", "--json", "--db", db,
                                        "--config", str(tmp_path / "veracity.toml")])
    assert weekly.exit_code == 0  # nothing new since the first draw: an empty frame
    assert weekly.stdout == ""
    fitted = runner.invoke(review_app, ["calibrate", "--json", "--db", db])
    assert fitted.exit_code == 0 and json.loads(fitted.stdout)["method"] == "platt"
    shown = runner.invoke(review_app, ["calibrate", "--db", db])
    assert "observed wrong" in shown.stdout
    s = DuckStore(db)
    assert s.load_state("risk_calibration")["method"] == "platt"
    s.close()
