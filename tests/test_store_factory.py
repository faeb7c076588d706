"""`open_store`: one factory for every entry point, by URL or plain path; the report is plain data."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.store_contract.conftest import finding, review, run, verdict
from veracity.report import build_report, error_rates_by, headline, run_detail, runs_page
from veracity.store import engine_path, open_store
from veracity.store.base import RunFilter


def test_urls_and_paths_open_the_same_store(tmp_path: Path) -> None:
    path = tmp_path / "v.duckdb"
    s = open_store(str(path))
    r = run(1)
    s.write_results([r], [verdict(r)])
    s.close()
    again = open_store(f"duckdb://{path}", read_only=True)
    try:
        assert again.get_run("r001") == r and again.path == str(path)
    finally:
        again.close()
    assert engine_path("duckdb://") == ("duckdb", ":memory:")


def test_an_unknown_engine_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"no engine for mysql://"):
        open_store("mysql://localhost:3306/veracity")


def test_an_unreachable_clickhouse_server_is_named() -> None:
    pytest.importorskip("clickhouse_connect", reason="needs the scale extra")
    with pytest.raises(ValueError, match=r"clickhouse://127.0.0.1:1/veracity: cannot reach the server"):
        open_store("clickhouse://127.0.0.1:1/veracity")


def test_report_data_functions_return_plain_json(tmp_path: Path) -> None:
    s = open_store(str(tmp_path / "v.duckdb"))
    try:
        runs = [run(i, agent="a1" if i % 2 else "a2") for i in range(4)]
        s.write_results(runs, [verdict(r, "failed" if i == 1 else "verified", 0.5,
                                       [finding("unsupported_value")] if i == 1 else []) for i, r in enumerate(runs)])
        s.write_labels([review(runs[1], False), review(runs[2], True)])
        report = build_report(s)
        assert orjson.loads(orjson.dumps(report)) == report  # JSON out, JSON back, nothing lost
        assert headline(s) == {"runs": 4, "reported_success_rate": 1.0, "verdicts": {"failed": 1, "verified": 3},
                               "findings_by_kind": {"unsupported_value": 1}}
        assert set(error_rates_by(s, None, "agent")) == {"a1", "a2"}
        assert [row["run_id"] for row in runs_page(s, RunFilter(verdict="failed"))] == ["r001"]
        detail = run_detail(s, "r001")
        assert detail is not None and detail["verdict"]["verdict"] == "failed"
        assert orjson.loads(orjson.dumps(detail)) == detail
        assert run_detail(s, "nope") is None
    finally:
        s.close()
