"""The `veracity` command as a user runs it: a real process, real files, a real store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson

from tests.traces import genai_run, openinference_run, to_json, to_protobuf

VERACITY = [sys.executable, "-m", "veracity.cli.main"]


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*VERACITY, *args], input=stdin, capture_output=True, timeout=120, cwd=cwd)


def _files(otel, tmp_path: Path) -> Path:
    tracer, exporter = otel
    openinference_run(tracer, pair_key="q1")
    genai_run(tracer, pair_key="q1")
    spans = exporter.get_finished_spans()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pb").write_bytes(to_protobuf(spans[:4]))
    (tmp_path / "in" / "b.jsonl").write_bytes(orjson.dumps(to_json(spans[4:])) + b"\n")
    return tmp_path / "in"


def test_check_json_one_line_per_run(otel, tmp_path):
    folder = _files(otel, tmp_path)
    p = run("check", str(folder), "--json")
    assert p.returncode == 0, p.stderr
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(lines) == 2
    for line in lines:
        assert set(line) >= {"run_id", "verdict", "risk", "findings"}
        assert line["verdict"] in {"failed", "suspect", "verified", "unverifiable"}
        assert 0 <= line["risk"] <= 1


def test_check_reads_stdin_and_is_stateless(otel, tmp_path):
    folder = _files(otel, tmp_path)
    body = (folder / "a.pb").read_bytes()
    first, second = run("check", "-", "--json", stdin=body), run("check", "-", "--json", stdin=body)
    assert first.returncode == 0 and first.stdout == second.stdout and first.stdout


def test_check_table_without_json(otel, tmp_path):
    p = run("check", str(_files(otel, tmp_path)))
    assert p.returncode == 0 and b"runs checked" in p.stdout


def test_exit_codes(otel, tmp_path):
    folder = _files(otel, tmp_path)
    (tmp_path / "junk.txt").write_text("garbage")
    assert run("check", str(tmp_path / "junk.txt")).returncode == 2
    assert run("check", str(tmp_path / "missing.pb")).returncode == 2
    assert run("check", str(folder), "--fail-on", "nonsense").returncode == 2
    assert run("check").returncode == 2
    empty = tmp_path / "empty.json"
    empty.write_text('{"resourceSpans": []}')
    p = run("check", str(empty), "--json")
    assert (p.returncode, p.stdout) == (0, b"")


def test_fail_on_with_a_declared_schema(otel, tmp_path):
    folder = _files(otel, tmp_path)
    schema = {"type": "object", "required": ["legal_name", "ceo"],
              "properties": {"employee_count": {"type": "integer"}, "ceo": {"type": "string"}}}
    (tmp_path / "profile.schema.json").write_text(json.dumps(schema))
    (tmp_path / "veracity.toml").write_text('[schema]\ndefault = "profile.schema.json"\n')
    p = run("check", str(folder), "--json", "--fail-on", "suspect", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    findings = [f for line in p.stdout.splitlines() for f in json.loads(line)["findings"]]
    assert {(f["kind"], f["field"], f["severity"]) for f in findings} == {("schema_violation", "ceo", "major")}
    assert all(json.loads(line)["verdict"] == "suspect" for line in p.stdout.splitlines())
    assert run("check", str(folder), "--fail-on", "failed", cwd=tmp_path).returncode == 0


def test_bad_config_is_a_usage_error(otel, tmp_path):
    folder = _files(otel, tmp_path)
    (tmp_path / "veracity.toml").write_text('[schema]\ndefault = "nope.json"\n')
    p = run("check", str(folder), cwd=tmp_path)
    assert p.returncode == 2 and b"nope.json" in p.stderr


def test_ingest_label_report(otel, tmp_path):
    folder = _files(otel, tmp_path)
    db = str(tmp_path / "v.duckdb")
    p = run("ingest", str(folder), "--db", db, "--json")
    assert p.returncode == 0, p.stderr
    ids = [json.loads(line)["run_id"] for line in p.stdout.splitlines()]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps({"run_id": i, "correct": n == 0}) for n, i in enumerate(ids))
                      + '\n{"run_id": "unknown-run", "correct": true}\n{"correct": true}\n')
    p = run("label", str(labels), "--db", db)
    assert p.returncode == 0 and b"stored 2 labels" in p.stderr and b"unknown-run" in p.stderr
    assert b"run_id is required" in p.stderr
    p = run("report", "--db", db, "--json")
    report = json.loads(p.stdout)
    assert report["runs"] == 2 and report["reported_success_rate"] == 1.0
    assert report["error_rate"]["labels"] == 2 and report["error_rate"]["method"] == "ppi"
    assert set(report) >= {"runs", "reported_success_rate", "verdicts", "error_rate", "findings_by_kind", "alerts"}
    p = run("report", "--db", db, "--since", "not-a-time")
    assert p.returncode == 2 and b"--since" in p.stderr


def test_serve_get_answers_without_a_socket(otel, tmp_path):
    folder = _files(otel, tmp_path)
    db = str(tmp_path / "v.duckdb")
    assert run("ingest", str(folder), "--db", db).returncode == 0
    p = run("serve", "--db", db, "--get", "/api/report")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["runs"] == 2
    runs = json.loads(run("serve", "--db", db, "--get", "/api/runs").stdout)
    detail = run("serve", "--db", db, "--get", f"/api/runs/{runs[0]['run_id']}")
    assert json.loads(detail.stdout)["run"]["run_id"] == runs[0]["run_id"]
    assert run("serve", "--db", db, "--get", "/api/runs/nope").returncode == 2
    assert json.loads(run("serve", "--db", db, "--get", "/api/review").stdout)["draws"] == 0


def test_demo_ends_with_the_store_and_the_address_of_the_browser_ui(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    p = run("demo", "--runs", "150", "--db", str(db))
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode()
    assert "verified truth rate" in out and db.exists()
    assert f"veracity ui --db {db}" in out.replace("\n", "") and "http://127.0.0.1:8000/" in out
