"""Each check owns its state; the pipeline learns after checking on every path.

The same run gets the same verdict through `veracity check` (`check_paths`) and `veracity
ingest` (`store_runs`); a check registered at run time with `register()` keeps memory through
the store like a built-in one; `check --db` reads the stored duplicate index and state and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from veracity.checks import CHECKS, Context, Registered, register
from veracity.config import Config
from veracity.evidence import Evidence
from veracity.model import Finding, Run
from veracity.model.codec import runs_to_jsonl
from veracity.pipeline import LEARNED_KEY, check_paths, ingest_paths, store_runs
from veracity.store import DuckStore, open_store
from veracity.workload import generate

NAME = "seen_before"


def _seen_check(run: Run, evidence: Evidence, context: Context) -> list[Finding]:
    """A user's check with memory: flags an agent's run once it has seen three of its runs before."""
    seen = context.state_of(NAME) or {}
    if seen.get(run.agent or "", 0) < 3:
        return []
    return [Finding(check=NAME, kind="seen_before", severity="info", run_id=run.run_id,
                    message=f"{seen[run.agent or '']} earlier runs of this agent")]


def _seen_learn(run: Run, evidence: Evidence, state: dict[str, int], context: Context) -> None:
    state[run.agent or ""] = state.get(run.agent or "", 0) + 1


@pytest.fixture
def user_check() -> Iterator[None]:
    before = list(CHECKS)
    register(Registered(NAME, check=_seen_check, learn=_seen_learn, state_key=NAME))
    yield
    CHECKS[:] = before


def _runs(n: int, agent: str = "enricher", start: int = 0) -> list[Run]:
    return [Run(run_id=f"r{start + i}", agent=agent, input={"company": f"Company {start + i}"},
                output={"name": f"Company {start + i}"}, started_at=start + i) for i in range(n)]


def _kinds(verdicts: list[Any]) -> dict[str, list[str]]:
    return {v.run_id: sorted(f.kind for f in v.findings) for v in verdicts}


def test_a_registered_check_keeps_its_state_across_ingest_batches(tmp_path: Path, user_check: None) -> None:
    db = str(tmp_path / "v.duckdb")
    store = DuckStore(db)
    first = store_runs(_runs(2), store, Config())
    assert not any(f.check == NAME for v in first for f in v.findings)  # learned after checking
    store.close()
    store = DuckStore(db)  # a new process: the state comes back from the store
    assert store.load_state(LEARNED_KEY)[NAME] == {"enricher": 2}
    second = store_runs(_runs(2, start=2), store, Config())
    assert [sorted(f.kind for f in v.findings if f.check == NAME) for v in second] == [[], []]
    third = store_runs(_runs(1, start=4), store, Config())
    assert [f.message for f in third[0].findings if f.check == NAME] == ["4 earlier runs of this agent"]
    assert store.load_state(LEARNED_KEY)[NAME] == {"enricher": 5}
    store.close()


def test_check_learns_after_checking_so_a_batch_is_judged_by_what_came_before(tmp_path: Path, user_check: None) -> None:
    path = tmp_path / "runs.jsonl"
    path.write_bytes(runs_to_jsonl(_runs(6)))
    checked = check_paths([str(path)], Config())
    assert not any(f.check == NAME for v in checked.verdicts for f in v.findings)
    assert checked.state[NAME] == {"enricher": 6}


def test_check_and_ingest_give_the_same_verdicts(tmp_path: Path) -> None:
    out = Path(generate(150, tmp_path / "world", seed=11))
    traces = str(out / "traces")
    checked = check_paths([traces], Config())
    store = DuckStore(str(tmp_path / "v.duckdb"))
    ingested = ingest_paths([traces], store, Config())
    store.close()
    assert len(checked.verdicts) == len(ingested.verdicts) == 150
    by_id = {v.run_id: v for v in ingested.verdicts}
    assert [v.verdict for v in checked.verdicts] == [by_id[v.run_id].verdict for v in checked.verdicts]
    assert _kinds(checked.verdicts) == _kinds([by_id[v.run_id] for v in checked.verdicts])


def _record(run_id: str, company: str, country: str, t: int) -> Run:
    output = {"legal_name": f"{company} Limited", "address": "950 High Street, Bristol, SX1 8HA",
              "phone": "+44 746 596864", "revenue": "£3.15bn", "employee_count": 20000}
    return Run(run_id=run_id, input={"company": company, "country": country}, output=output, started_at=t)


def test_check_with_a_db_reads_the_stored_duplicate_index_and_writes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "v.duckdb")
    store = DuckStore(db)
    store_runs([_record("old", "Drift Solar", "GB", 1)], store, Config())
    store.close()
    size = Path(db).stat().st_size
    path = tmp_path / "new.jsonl"
    path.write_bytes(runs_to_jsonl([_record("new", "Drift Analytics", "CA", 5)]))
    alone = check_paths([str(path)], Config())
    assert not [f for v in alone.verdicts for f in v.findings if f.kind == "duplicate_record"]
    store = open_store(db, read_only=True)
    with_db = check_paths([str(path)], Config(), store)
    store.close()
    found = [f for v in with_db.verdicts for f in v.findings if f.kind == "duplicate_record"]
    assert [f.evidence["other_run_id"] for f in found] == ["old"]
    assert Path(db).stat().st_size == size
    store = DuckStore(db)
    assert store.get_run("new") is None
    store.close()


def test_state_written_before_checks_owned_their_state_is_read(tmp_path: Path) -> None:
    """Regression: a store from before state keys kept the built-ins' state as one object."""
    store = DuckStore(str(tmp_path / "v.duckdb"))
    old = {"field_types": {"a": {"revenue": {"number": 40}}}, "runs_seen": {"a": 40}, "steps": {"tools": {}},
           "pair_calibration": {"distances": {"type:money": [0.1]}}}
    store.save_state(LEARNED_KEY, orjson.loads(orjson.dumps(old)))
    from veracity.pipeline import load_context

    context = load_context(store, Config())
    assert context.state_of("schema").runs_seen == {"a": 40}
    assert context.state_of("pairs").distances == {"type:money": [0.1]}
    store.close()
