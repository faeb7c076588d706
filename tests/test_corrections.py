"""Downstream corrections become labels: POST /api/corrections on a real server, the drop folder
(CSV, JSON lines, Parquet) through the CLI, and the correction rate entering the alert statistics."""

from __future__ import annotations

import httpx
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st

from tests.store_contract.conftest import run, verdict
from tests.test_cli import run as cli
from tests.test_server import Server
from veracity.corrections import differs, to_labels, value_at
from veracity.store import DuckStore


def _store(path) -> None:
    store = DuckStore(path)
    runs = [run(i, output={"name": f"Company {i}", "revenue": "$12M", "employees": 40, "hq": {"city": "Paris"}})
            for i in range(6)]
    store.write_results(runs, [verdict(r) for r in runs])
    store.close()


def _labels(path) -> dict[str, dict]:
    store = DuckStore(path, read_only=True)
    try:
        table = pa.Table.from_batches(list(store.export_batches("labels")))
    finally:
        store.close()
    return {r["run_id"]: r for r in table.drop_columns(["created_at"]).to_pylist()} if table.num_rows else {}


def test_post_corrections_become_correction_labels(tmp_path):
    db = tmp_path / "v.duckdb"
    _store(db)
    body = {"corrections": [
        {"run_id": "r000", "field": "revenue", "value": "$13.5M", "note": "billing system"},
        {"run_id": "r000", "field": "hq.city", "value": "Lyon"},
        {"run_id": "r001", "corrections": {"employees": 40, "revenue": " $12m "}},  # confirms: nothing changed
        {"run_id": "nope", "field": "revenue", "value": "1"},
        {"field": "revenue", "value": "1"},
        {"run_id": "r002"},
    ]}
    with Server(db) as server:
        answer = httpx.post(f"{server.url}/api/corrections", content=orjson.dumps(body)).json()
        one = httpx.post(f"{server.url}/api/corrections",
                         json={"run_id": "r003", "corrections": {"employees": "41"}}).json()
    assert (answer["stored"], answer["corrected"], answer["unknown_runs"]) == (2, 1, ["nope"])
    assert len(answer["problems"]) == 2 and "item 5: run_id is required" in answer["problems"][0]
    assert "item 6" in answer["problems"][1] and (one["stored"], one["corrected"]) == (1, 1)
    labels = _labels(db)
    assert labels["r000"]["source"] == "correction" and labels["r000"]["correct"] is False
    assert orjson.loads(labels["r000"]["corrections"]) == {"revenue": "$13.5M", "hq.city": "Lyon"}
    assert orjson.loads(labels["r000"]["wrong_fields"]) == ["hq.city", "revenue"]
    assert labels["r000"]["note"] == "billing system"
    assert labels["r001"]["correct"] is True and orjson.loads(labels["r001"]["corrections"]) == {}
    assert orjson.loads(labels["r003"]["wrong_fields"]) == ["employees"]


def test_drop_folder_imports_csv_jsonl_and_parquet_and_keeps_bad_rows_apart(tmp_path):
    db = tmp_path / "v.duckdb"
    _store(db)
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.csv").write_text("run_id,field,value\nr000,revenue,$9M\nr001,employees,40\n,revenue,1\n")
    (drop / "b.jsonl").write_text('{"run_id": "r002", "corrections": {"name": "Company Two Ltd"}}\nnot json\n')
    pq.write_table(pa.table({"run_id": ["r003", "r004"], "corrections": ['{"hq": {"city": "Rome"}}', '{"revenue": "$12M"}']}),
                   drop / "c.parquet")
    (drop / "notes.txt").write_text("ignored")
    p = cli("corrections", "import", str(drop), "--db", str(db))
    assert p.returncode == 0, p.stderr
    assert b"3 files: stored 5 correction labels (3 runs corrected" in p.stderr
    assert b"a.csv line 4: run_id is required" in p.stderr and b"b.jsonl line 2: not JSON" in p.stderr
    assert sorted(x.name for x in (drop / "imported").iterdir()) == ["c.parquet"]
    assert sorted(x.name for x in (drop / "rejected").iterdir()) == ["a.csv", "a.csv.errors.txt", "b.jsonl",
                                                                      "b.jsonl.errors.txt"]
    assert (drop / "notes.txt").exists()
    labels = _labels(db)
    assert {k: v["correct"] for k, v in labels.items()} == {"r000": False, "r001": True, "r002": False,
                                                              "r003": False, "r004": True}
    assert orjson.loads(labels["r003"]["corrections"]) == {"hq": {"city": "Rome"}}
    p = cli("corrections", "import", str(tmp_path / "nowhere"), "--db", str(db))
    assert p.returncode == 2 and b"not a folder" in p.stderr


def test_corrections_enter_the_correction_rate_of_the_alert_statistics(tmp_path):
    db = tmp_path / "v.duckdb"
    _store(db)
    store = DuckStore(db)
    labels, problems = to_labels(store, [({"run_id": f"r00{i}", "field": "revenue", "value": "$1M"}, "t")
                                         for i in range(3)])
    assert problems == [] and store.write_labels(labels) == (3, [])
    rows = store.alert_series(None, "model")
    corrections = sum(r[-1] for r in rows)  # correction_rate is the last of ALERT_METRICS
    store.close()
    assert corrections == 3


def test_values_at_dotted_paths():
    output = {"a": {"b": [{"c": 1}]}, "x": "Foo  Bar"}
    assert value_at(output, "a.b.0.c") == 1 and value_at(output, "a.z") is None and value_at(output, "a.b.5") is None
    assert not differs(output, "x", "foo bar") and differs(output, "x", "foo baz")
    assert not differs(output, "a.b.0.c", "1") and differs(output, "a.b.0.c", "2")
    assert differs(None, "x", "anything")


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                    max_leaves=8))
def test_a_value_never_differs_from_itself(value):
    assert not differs({"f": value}, "f", value)
