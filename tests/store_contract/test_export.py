"""Contract: streaming exports in the stable schemas, read-only SQL over the views, the delivery log."""

from __future__ import annotations

import orjson
import pyarrow as pa
import pytest

from veracity.model import Label
from veracity.store.base import RunFilter, Store
from veracity.store.export_schema import KINDS, SCHEMAS

from .conftest import HOUR, T0, finding, run, verdict, write


def _fill(store: Store) -> list:
    runs = [run(i, agent="a1" if i % 2 else "a2", output={"name": f"C{i}", "revenue": i}) for i in range(5)]
    write(store, *[(r, verdict(r, "suspect" if i == 3 else "verified", 0.1 * i,
                               [finding("unsupported_value", field="revenue", origin_step="s1")] if i == 3 else []))
                   for i, r in enumerate(runs)])
    store.write_labels([Label(run_id="r003", correct=False, source="correction", wrong_fields=["revenue"],
                              corrections={"revenue": "$3M"}, note="crm", created_at=T0 + 7)])
    return runs


def _table(store: Store, what: str, where: RunFilter | None = None, batch: int = 10_000) -> pa.Table:
    """The exported table, its timestamps as integer nanoseconds (Python's datetime stops at microseconds)."""
    table = pa.Table.from_batches(list(store.export_batches(what, where, batch)), schema=SCHEMAS[what])
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.int64()))
    return table


def test_every_table_exports_in_its_schema_with_its_values(store: Store) -> None:
    runs = _fill(store)
    for what in KINDS:
        for b in store.export_batches(what):
            assert b.schema == SCHEMAS[what], what
    exported = {r["run_id"]: r for r in _table(store, "runs").to_pylist()}
    assert sorted(exported) == [r.run_id for r in runs]
    one = exported["r002"]
    assert (one["agent"], one["model"], one["trace_id"], one["reported_status"]) == ("a2", "m1", "t002", "success")
    assert [exported[r.run_id]["started_at"] for r in runs] == [T0 + i * HOUR for i in range(5)]
    assert orjson.loads(one["output"]) == {"name": "C2", "revenue": 2} and orjson.loads(one["input"]) == runs[2].input
    [f] = _table(store, "findings").to_pylist()
    assert (f["run_id"], f["kind"], f["field"], f["origin_step"], f["check"]) == \
        ("r003", "unsupported_value", "revenue", "s1", "grounding")
    verdicts = {v["run_id"]: v for v in _table(store, "verdicts").to_pylist()}
    assert verdicts["r003"]["verdict"] == "suspect" and verdicts["r003"]["n_findings"] == 1
    assert verdicts["r004"]["risk"] == pytest.approx(0.4)
    [label] = _table(store, "labels").to_pylist()
    assert (label["run_id"], label["source"], label["correct"], label["note"]) == ("r003", "correction", False, "crm")
    assert orjson.loads(label["corrections"]) == {"revenue": "$3M"} and orjson.loads(label["wrong_fields"]) == ["revenue"]
    assert label["created_at"] == T0 + 7
    assert _table(store, "alerts").num_rows == 0  # no alert table yet: an empty export, no error


def test_exports_stream_in_batches_and_follow_the_filter(store: Store) -> None:
    _fill(store)
    sizes = [b.num_rows for b in store.export_batches("runs", None, batch=2)]
    assert sum(sizes) == 5 and max(sizes) <= 2 and len(sizes) >= 3
    assert sorted(_table(store, "runs", RunFilter(agent="a1")).column("run_id").to_pylist()) == ["r001", "r003"]
    assert _table(store, "findings", RunFilter(since_ns=T0 + 4 * HOUR)).num_rows == 0
    assert _table(store, "verdicts", RunFilter(since_ns=T0 + 3 * HOUR)).num_rows == 2
    assert _table(store, "labels", RunFilter(agent="a2")).num_rows == 0
    with pytest.raises(ValueError, match="choose one of runs"):
        list(store.export_batches("spans"))


def test_alerts_export_with_their_times(store: Store) -> None:
    alert = {"alert_id": "x1", "cohort": {"agent": "a", "model": "m2"}, "metric": "error_rate", "before": 0.1,
             "after": 0.3, "at": "2026-01-01T00:00:00Z", "method": "sequential", "examples": ["r1"]}
    store.open_alert(alert, T0)
    store.resolve_alerts(["x1"], T0 + HOUR)
    [row] = _table(store, "alerts").to_pylist()
    assert (row["alert_id"], row["status"], row["metric"], row["times_seen"]) == ("x1", "resolved", "error_rate", 1)
    assert orjson.loads(row["cohort"]) == alert["cohort"] and orjson.loads(row["detail"])["examples"] == ["r1"]
    assert _table(store, "alerts", RunFilter(since_ns=T0 + 1)).num_rows == 0


def test_sql_readonly_answers_over_the_views_and_refuses_writes(store: Store) -> None:
    _fill(store)
    assert store.sql_readonly("select count(*) AS n from findings").to_pylist() == [{"n": 1}]
    runs = store.sql_readonly("select * from runs order by run_id")
    assert runs.schema.names == SCHEMAS["runs"].names and runs.num_rows == 5  # the view, not the table
    joined = store.sql_readonly("select r.agent, count(*) AS n from runs r join verdicts v using (run_id) "
                                "where v.verdict = 'verified' group by 1 order by 1")
    assert joined.to_pylist() == [{"agent": "a1", "n": 1}, {"agent": "a2", "n": 3}]
    assert store.sql_readonly("select count(*) AS n from alerts").to_pylist() == [{"n": 0}]
    assert store.sql_readonly("select run_id from runs order by run_id", max_rows=2).num_rows == 2
    for bad, message in (("delete from runs", "only SELECT"), ("select 1; select 2", "one SQL statement"),
                         ("select nonsense from nowhere", "SQL error"), ("drop table findings", "only SELECT")):
        with pytest.raises(ValueError, match=message):
            store.sql_readonly(bad)
    assert store.sql_readonly("select count(*) AS n from runs").to_pylist() == [{"n": 5}]


def test_delivery_log_counts_attempts_and_keeps_one_row_per_transition(store: Store) -> None:
    base = {"alert_id": "x1", "destination": "slack-1", "transition": "trigger", "episode_ns": 5}
    assert store.delivery_rows() == []
    store.record_delivery({**base, "now_ns": 10, "error": "HTTP 500", "status": "failed", "next_ns": 20})
    store.record_delivery({**base, "now_ns": 21, "error": None})
    store.record_delivery({**base, "transition": "resolve", "now_ns": 30, "error": "HTTP 400", "status": "gave_up"})
    rows = store.delivery_rows()
    assert [(r["transition"], r["status"], r["attempts"]) for r in rows] == [("trigger", "delivered", 2),
                                                                             ("resolve", "gave_up", 1)]
    trigger = rows[0]
    assert (trigger["first_ns"], trigger["last_ns"], trigger["delivered_ns"], trigger["last_error"]) == (10, 21, 21, None)
    assert rows[1]["last_error"] == "HTTP 400" and store.delivery_rows("x2") == []


def test_a_read_only_store_without_deliveries_or_alerts_answers_empty(store_url: str) -> None:
    from veracity.store import open_store

    open_store(store_url).close()
    reader = open_store(store_url, read_only=True)
    try:
        assert reader.delivery_rows() == [] and list(reader.export_batches("alerts")) == []
        assert reader.sql_readonly("select count(*) AS n from alerts").to_pylist() == [{"n": 0}]
    finally:
        reader.close()


def test_exports_page_through_many_rows_of_one_run(store: Store) -> None:
    """A run with more findings than a batch: every finding once, no batch over the size."""
    r = run(1)
    write(store, (r, verdict(r, "failed", 0.9, [finding("unsupported_value", field=f"f{i}") for i in range(7)])))
    sizes = [b.num_rows for b in store.export_batches("findings", None, batch=3)]
    assert sum(sizes) == 7 and max(sizes) <= 3
    assert sorted(_table(store, "findings", batch=3).column("field").to_pylist()) == [f"f{i}" for i in range(7)]


def test_sql_readonly_reads_the_text_as_written(store: Store) -> None:
    _fill(store)
    assert store.sql_readonly("select ';' AS s, '?' AS q").to_pylist() == [{"s": ";", "q": "?"}]  # quoted, not split
    assert store.sql_readonly("select count(*) AS n from runs -- a comment; not a statement\n").to_pylist() == [{"n": 5}]
    own = store.sql_readonly("with w as (select run_id from verdicts where verdict = 'suspect') "
                             "select count(*) AS n from w")
    assert own.to_pylist() == [{"n": 1}]  # the user's own CTE beside the views
    assert store.sql_readonly("explain select * from runs").num_rows > 0


def test_sql_readonly_never_writes_a_file_or_lifts_read_only(store: Store, tmp_path) -> None:
    _fill(store)
    out = tmp_path / "leak.csv"
    for bad in (f"select * from runs into outfile '{out}'", "select 1 settings readonly = 0",
                "insert into labels select * from labels", "create table x (a int)"):
        with pytest.raises(ValueError):
            store.sql_readonly(bad)
    assert not out.exists()
