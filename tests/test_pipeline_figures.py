"""The scale-out pipeline's own figures in the store: merged per member, stale ones dropped, shown in
the report, its CLI rendering and the UI's overview."""

from __future__ import annotations

import time
from collections import Counter

from veracity.queue.health import STALE_NS, Meter, publish
from veracity.report import build_report
from veracity.report.pages import dashboard
from veracity.report.sections import PIPELINE_KEY, pipeline
from veracity.store import DuckStore


def test_members_merge_stale_ones_drop_and_the_report_shows_them(tmp_path) -> None:
    store = DuckStore(str(tmp_path / "v.duckdb"))
    try:
        assert pipeline(store) is None  # a store fed by one process has no pipeline section
        meter = Meter("writer", me="host:1")
        meter.since -= 10  # ten seconds of work
        meter.wrote(300, 0.6, Counter({"host:2": 200, "host:3": 100}))
        publish(store, meter.members(), {"spans": 40, "spans.results": 0})
        old = {"host:9": {"role": "worker", "runs_per_s": 5.0, "at_ns": time.time_ns() - STALE_NS - 1}}
        state = store.load_state(PIPELINE_KEY)
        state["members"].update(old)
        store.save_state(PIPELINE_KEY, state)
        publish(store, {"host:4": {"role": "worker", "runs_per_s": 7.0, "at_ns": time.time_ns()}}, {"spans": 12})
        meter.reset()  # an idle interval keeps the last write time
        assert meter.members()["host:1"]["write_ms_per_run"] == 2.0
        flow = pipeline(store)
        assert flow is not None
        assert [m["member"] for m in flow["members"]] == ["host:1", "host:2", "host:3", "host:4"]
        assert flow["lag"] == {"spans": 12, "spans.results": 0}
        assert flow["workers"] == 3 and abs(flow["runs_per_s"] - (20 + 10 + 7)) < 0.5
        assert flow["write_ms_per_run"] == 2.0
        shown = build_report(store)["pipeline"]
        assert shown["lag"] == flow["lag"] and [m["member"] for m in shown["members"]] == ["host:1", "host:2", "host:3", "host:4"]
        assert dashboard(store)["pipeline"]["workers"] == 3
    finally:
        store.close()


def test_the_cli_report_prints_the_pipeline_line(tmp_path) -> None:
    from tests.test_cli import run

    db = tmp_path / "v.duckdb"
    store = DuckStore(str(db))
    publish(store, {"w:1": {"role": "worker", "runs_per_s": 12.5, "write_ms_per_run": 1.5, "at_ns": time.time_ns()}},
            {"spans": 3})
    store.close()
    p = run("report", "--db", str(db))
    assert p.returncode == 0, p.stderr
    out = " ".join(p.stdout.decode().split())
    assert "pipeline: 1 workers at 12.5 runs/s; consumer lag spans 3 messages; store writes 1.5 ms a run" in out
