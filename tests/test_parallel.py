"""Checking in worker processes gives what one process gives, byte for byte (pairs and duplicates included)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from veracity.cli.main import app
from veracity.config import Config
from veracity.pipeline import check_paths, ingest_paths
from veracity.store import open_store
from veracity.workload.world import generate
from veracity.workload.world_b import generate_b

runner = CliRunner()


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("worlds")
    return {
        "a": generate(160, base / "a", seed=11) / "traces",
        "b": generate_b(160, base / "b", seed=12) / "traces",
    }


def _check_json(traces: Path, workers: int) -> bytes:
    result = runner.invoke(app, ["check", str(traces), "--json", "--workers", str(workers)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("world", ["a", "b"])
def test_check_json_is_the_same_with_two_workers(worlds: dict[str, Path], world: str) -> None:
    one = _check_json(worlds[world], 1)
    two = _check_json(worlds[world], 2)
    assert len(one.splitlines()) == 160
    assert one == two


def test_the_worlds_have_cross_run_findings(worlds: dict[str, Path]) -> None:
    """The comparison above covers pairs and duplicates: the checks across runs find something."""
    checks = {f["check"] for traces in worlds.values() for line in _check_json(traces, 2).splitlines()
              for f in orjson.loads(line)["findings"]}
    assert {"pairs", "duplicates"} <= checks


def test_learned_state_is_the_same_with_two_workers(worlds: dict[str, Path]) -> None:
    one = check_paths([str(worlds["a"])], Config(), workers=1)
    two = check_paths([str(worlds["a"])], Config(), workers=2)
    assert [r.run_id for r in one.runs] == [r.run_id for r in two.runs]
    assert one.state.keys() == two.state.keys()
    for key in ("schema", "steps", "pairs"):
        assert one.state[key].to_json() == two.state[key].to_json()


def _stored(db: Path) -> list[tuple[object, ...]]:
    store = open_store(str(db), read_only=True)
    try:
        return store.query("SELECT v.run_id, v.verdict, v.risk, f.check, f.kind, f.field, f.message "
                           "FROM verdicts v LEFT JOIN findings f USING (run_id) ORDER BY ALL")
    finally:
        store.close()


def test_ingest_stores_the_same_with_two_workers(worlds: dict[str, Path], tmp_path: Path) -> None:
    """In batches smaller than the input, so that each batch is checked against the state learned before it."""
    for workers in (1, 2):
        store = open_store(str(tmp_path / f"w{workers}.duckdb"))
        try:
            ingest_paths([str(worlds["b"])], store, Config(), batch=70, workers=workers)
        finally:
            store.close()
    assert _stored(tmp_path / "w1.duckdb") == _stored(tmp_path / "w2.duckdb")
