"""Re-checks over a real DuckDB file: only other checker versions, only the verdicts that change."""

from __future__ import annotations

from pathlib import Path

from veracity.config import parse_config
from veracity.pipeline import checker_version, read_runs, store_runs
from veracity.recheck import recheck, version_filter, versions
from veracity.store.duck import DuckStore
from veracity.workload import generate


def _stored(tmp_path: Path, n: int = 60) -> tuple[DuckStore, list]:  # type: ignore[type-arg]
    generate(n, tmp_path / "world", seed=5)
    runs, _ = read_runs([str(tmp_path / "world" / "traces")])
    store = DuckStore(tmp_path / "store.duckdb")
    store_runs(runs, store, parse_config({}, tmp_path))
    return store, runs


def test_same_config_rechecks_nothing_and_all_rechecks_everything(tmp_path: Path) -> None:
    store, runs = _stored(tmp_path)
    config = parse_config({}, tmp_path)
    assert recheck(store, config).checked == 0
    result = recheck(store, config, everything=True)
    assert result.checked == len(runs) and result.changed == 0
    store.close()


def test_config_change_alters_only_the_runs_it_should(tmp_path: Path) -> None:
    store, runs = _stored(tmp_path)
    before = dict(store.query("SELECT run_id, verdict FROM verdicts"))
    changed = parse_config({"fields": {"revenue": {"materiality": "info"}, "employee_count": {"materiality": "info"},
                                       "annual_revenue": {"materiality": "info"}}}, tmp_path)
    seen: list[tuple[int, int]] = []
    result = recheck(store, changed, progress=lambda done, total: seen.append((done, total)))
    after = dict(store.query("SELECT run_id, verdict FROM verdicts"))
    moved = {r for r in after if after[r] != before[r]}
    assert result.checked == len(runs) and result.changed == len(moved)
    assert all((old, new) in {("failed", "suspect"), ("failed", "verified"), ("suspect", "verified"),
                              ("failed", "unverifiable"), ("suspect", "unverifiable")}
               for old, new in ((before[r], after[r]) for r in moved))
    assert seen and seen[-1] == (len(runs), len(runs))
    assert set(versions(store)) == {checker_version(changed)}
    clause, params = version_filter(checker_version(changed))
    assert store.query(f"SELECT count(*) FROM verdicts v WHERE {clause}", params)[0][0] == len(runs)
    clause, params = version_filter()
    assert store.query(f"SELECT count(*) FROM verdicts v WHERE {clause}", params)[0][0] == len(runs)
    assert recheck(store, changed).checked == 0
    store.close()


def test_since_limits_the_runs(tmp_path: Path) -> None:
    store, runs = _stored(tmp_path)
    changed = parse_config({"fields": {"revenue": {"materiality": "info"}}}, tmp_path)
    middle = sorted(r.started_at for r in runs)[len(runs) // 2]
    result = recheck(store, changed, since_ns=middle)
    assert result.checked == sum(1 for r in runs if r.started_at >= middle)
    store.close()
