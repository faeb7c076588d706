"""`veracity export` and `veracity.open` on a fresh store filled by the real pipeline: every run,
finding, verdict and label round-trips through Parquet (and CSV, JSON lines) with equal values."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import veracity
from tests.test_cli import run as cli
from veracity.config import Config
from veracity.export import export
from veracity.model import Label
from veracity.pipeline import ingest_paths
from veracity.store import DuckStore
from veracity.store.export_schema import SCHEMAS
from veracity.workload.world import generate


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Label]]:
    """A store of 120 generated runs, checked and stored by `ingest`, with review and correction labels."""
    tmp = tmp_path_factory.mktemp("export")
    world = generate(120, tmp / "world", seed=11)
    db = str(tmp / "v.duckdb")
    store = DuckStore(db)
    ingest_paths([str(world / "traces")], store, Config())
    ids = sorted(r.run_id for batch in store.iter_runs() for r in batch)
    labels = [Label(run_id=i, correct=n % 3 != 0, source="review", wrong_fields=[] if n % 3 else ["revenue"],
                    note=None if n % 2 else f"note {n}", created_at=1_767_225_600_000_000_000 + n)
              for n, i in enumerate(ids[:40])]
    labels += [Label(run_id=i, correct=False, source="correction", wrong_fields=["employees"],
                     corrections={"employees": 120 + n, "hq": {"city": "Lyon"}}, created_at=1_767_225_600_000_000_000)
               for n, i in enumerate(ids[10:25])]
    assert store.write_labels(labels) == (len(labels), [])
    store.close()
    return db, labels


def _ints(table: pa.Table) -> list[dict]:
    """Rows with timestamps as integer nanoseconds."""
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.int64()))
    return table.to_pylist()


def test_parquet_round_trips_every_run_finding_verdict_and_label(filled, tmp_path):
    db, labels = filled
    store = DuckStore(db, read_only=True)
    out = {w: tmp_path / f"{w}.parquet" for w in ("runs", "findings", "verdicts", "labels")}
    counts = {w: export(store, w, path, batch=17) for w, path in out.items()}
    runs = {r.run_id: r for batch in store.iter_runs() for r in batch}
    verdicts = {i: store.get_verdict(i) for i in runs}
    store.close()
    tables = {w: pq.read_table(path) for w, path in out.items()}
    assert all(tables[w].schema == SCHEMAS[w] for w in tables)
    assert counts["runs"] == len(runs) == 120 and counts["labels"] == len(labels)
    assert counts["findings"] == sum(len(v.findings) for v in verdicts.values()) > 100
    for row in _ints(tables["runs"]):
        r = runs[row["run_id"]]
        assert (row["trace_id"], row["project"], row["agent"], row["agent_version"], row["prompt_version"],
                row["pair_key"], row["reported_status"]) == (r.trace_id, r.project, r.agent, r.agent_version,
                                                              r.prompt_version, r.pair_key, r.reported_status)
        assert (row["model"], row["started_at"], row["ended_at"], row["n_steps"]) == \
            (r.models[0] if r.models else None, r.started_at, r.ended_at, len(r.steps))
        assert orjson.loads(row["input"]) == r.input and orjson.loads(row["output"]) == r.output
    assert sorted(tables["runs"].column("run_id").to_pylist()) == sorted(runs)
    for row in _ints(tables["verdicts"]):
        v = verdicts[row["run_id"]]
        assert v is not None
        assert (row["verdict"], row["risk"], row["checker_version"], row["n_findings"]) == \
            (v.verdict, v.risk, v.checker_version, len(v.findings))
    exported = Counter((f["run_id"], f["check"], f["kind"], f["severity"], f["field"], f["message"], f["origin_step"],
                        orjson.dumps(orjson.loads(f["evidence"]), option=orjson.OPT_SORT_KEYS), f["score"])
                       for f in tables["findings"].to_pylist())
    stored = Counter((v.run_id, f.check, f.kind, f.severity, f.field, f.message, f.origin_step,
                      orjson.dumps(f.evidence, option=orjson.OPT_SORT_KEYS), f.score)
                     for v in verdicts.values() if v for f in v.findings)
    assert exported == stored
    got = {(r["run_id"], r["source"]): r for r in _ints(tables["labels"])}
    for lab in labels:
        row = got[(lab.run_id, lab.source)]
        assert (row["correct"], orjson.loads(row["wrong_fields"]), orjson.loads(row["corrections"]), row["note"],
                row["created_at"]) == (lab.correct, lab.wrong_fields, lab.corrections, lab.note, lab.created_at)


def test_csv_and_jsonl_carry_the_same_rows(filled, tmp_path):
    db, _ = filled
    store = DuckStore(db, read_only=True)
    for what in ("runs", "findings", "labels"):
        export(store, what, tmp_path / f"{what}.parquet")
        export(store, what, tmp_path / f"{what}.csv")
        export(store, what, tmp_path / f"{what}.jsonl", batch=50)
    store.close()
    for what in ("runs", "findings", "labels"):
        parquet = pq.read_table(tmp_path / f"{what}.parquet")
        csv = pacsv.read_csv(tmp_path / f"{what}.csv", convert_options=pacsv.ConvertOptions(
            column_types=SCHEMAS[what], strings_can_be_null=True, quoted_strings_can_be_null=False))
        assert csv.equals(parquet), what
        lines = [orjson.loads(line) for line in (tmp_path / f"{what}.jsonl").read_bytes().splitlines()]
        assert len(lines) == parquet.num_rows and list(lines[0]) == SCHEMAS[what].names
        assert [line["run_id"] for line in lines] == parquet.column("run_id").to_pylist()
    first = orjson.loads((tmp_path / "runs.jsonl").read_bytes().splitlines()[0])
    assert first["started_at"].endswith("Z") and len(first["started_at"].split(".")[1]) == 10  # ns + Z


def test_export_cli_and_sql_cli(filled, tmp_path):
    db, labels = filled
    p = cli("export", "--what", "labels", "--format", "parquet", "--out", str(tmp_path / "l.pq"), "--db", db)
    assert p.returncode == 0, p.stderr
    assert pq.read_table(tmp_path / "l.pq").num_rows == len(labels) and b"wrote 55 labels rows" in p.stderr
    p = cli("sql", "select count(*) AS n from findings", "--db", db, "--json")
    assert p.returncode == 0, p.stderr
    store = DuckStore(db, read_only=True)
    findings = sum(b.num_rows for b in store.export_batches("findings"))
    store.close()
    assert orjson.loads(p.stdout) == {"n": findings}
    p = cli("sql", "select count(*) from findings", "--db", db)
    assert p.returncode == 0 and str(findings).encode() in p.stdout
    p = cli("sql", "select run_id, started_at from runs order by started_at limit 2", "--db", db, "--json")
    assert p.returncode == 0 and len(p.stdout.splitlines()) == 2
    p = cli("sql", "delete from runs", "--db", db)
    assert p.returncode == 2 and b"only SELECT" in p.stderr
    p = cli("export", "--what", "spans", "--out", str(tmp_path / "x.csv"), "--db", db)
    assert p.returncode == 2 and b"choose one of" in p.stderr and not (tmp_path / "x.csv").exists()
    p = cli("export", "--what", "runs", "--out", str(tmp_path / "x.txt"), "--db", db)
    assert p.returncode == 2 and b"--format" in p.stderr
    p = cli("sql", "select 1", "--db", str(tmp_path / "missing.duckdb"))
    assert p.returncode == 2 and b"no store" in p.stderr
    p = cli("export", "--what", "runs", "--since", "2999-01-01", "--out", str(tmp_path / "none.parquet"), "--db", db)
    assert p.returncode == 0 and pq.read_table(tmp_path / "none.parquet").num_rows == 0


def test_the_notebook_api(filled):
    db, labels = filled
    with veracity.open(db) as v:
        runs = v.runs()
        assert isinstance(runs, pa.Table) and runs.num_rows == 120 and runs.schema == SCHEMAS["runs"]
        agent = runs.column("agent")[0].as_py()
        assert v.runs(agent=agent).num_rows == sum(1 for a in runs.column("agent").to_pylist() if a == agent)
        assert v.labels().num_rows == len(labels) and v.findings().num_rows == v.sql(
            "select count(*) AS n from findings").to_pylist()[0]["n"]
        assert v.verdicts(verdict="failed").column("verdict").unique().to_pylist() in (["failed"], [])
        assert v.runs(since="2999-01-01").num_rows == 0 and v.alerts().num_rows == 0
    with pytest.raises(Exception, match="missing"):
        veracity.open(str(Path(db).parent / "missing.duckdb"))
