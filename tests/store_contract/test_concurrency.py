"""Contract: readers alongside a writer (another connection in a thread) and readers in other processes."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from veracity.store import open_store
from veracity.store.base import Store

from .conftest import SINGLE_PROCESS, finding, run, verdict

VERSIONS = 30
RUNS = 20


def _write_versions(store: Store) -> None:
    """Every run rewritten VERSIONS times; each version of a run has exactly one finding."""
    for k in range(VERSIONS):
        runs = [run(i, output={"version": k}) for i in range(RUNS)]
        store.write_results(runs, [verdict(r, "suspect", k / VERSIONS, [finding(f"kind_{k}")]) for r in runs])


def test_a_reader_never_sees_a_half_written_batch(store: Store) -> None:
    first = [run(i, output={"version": -1}) for i in range(RUNS)]
    store.write_results(first, [verdict(r, "suspect", 0.0, [finding("kind_start")])
                                               for r in first])
    reader = store.reader()
    seen: list[str] = []
    problems: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            total, _ = reader.run_totals()
            if total != RUNS:
                problems.append(f"{total} runs")
            v = reader.get_verdict("r007")
            if v is None or len(v.findings) != 1:
                problems.append(f"verdict {v}")
            else:
                seen.append(v.findings[0].kind)
            kinds = reader.finding_kind_counts()
            if sum(kinds.values()) != RUNS:
                problems.append(f"findings {kinds}")

    thread = threading.Thread(target=read)
    thread.start()
    try:
        _write_versions(store)
    finally:
        done.set()
        thread.join()
        reader.close()
    assert problems == []
    assert seen  # the reader did read while the writer wrote
    got = store.get_run("r007")
    assert got is not None and got.output == {"version": VERSIONS - 1}


def _totals_in_another_process(url: str) -> tuple[int, dict[str, int], int]:
    s = open_store(url, read_only=True)
    try:
        return s.run_totals()[0], s.verdict_counts(), len(s.runs_page(limit=1000))
    finally:
        s.close()


def test_readers_in_other_processes_see_the_same_store(store_url: str) -> None:
    if store_url.partition("://")[0] in SINGLE_PROCESS:
        pytest.skip("one process owns an in-process engine's store (its workers publish to one writer)")
    writer = open_store(store_url)
    _write_versions(writer)
    writer.close()
    local = open_store(store_url, read_only=True)  # held open while the other processes read
    try:
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            results = pool.map(_totals_in_another_process, [store_url] * 2)
        mine = (local.run_totals()[0], local.verdict_counts(), len(local.runs_page(limit=1000)))
    finally:
        local.close()
    assert results == [mine, mine] and mine == (RUNS, {"suspect": RUNS}, RUNS)
