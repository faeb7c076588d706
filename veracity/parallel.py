"""Per-run work in worker processes: evidence and every per-run check, for the parent to finish.

`veracity check` and `veracity ingest --workers N` hand a batch's runs to N forked processes
in chunks (the runs of one trace always travel together: assembly already made one run of
each trace). A worker builds each run's evidence and runs the per-run checks against the
context the parent sent (the checks' state before the batch), then sends back the run, its
evidence and its findings. The parent keeps the evidence in the batch's `EvidenceSet` and does
everything that looks across runs itself (pairs, duplicates, cohort checks, learning, the
store), over the same batch as one process, so the verdicts are the same byte for byte.

Per-run checks see the state before the batch's duplicate candidates are looked up in the
store (the candidates are read by the duplicates check, a cohort check, in the parent).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool

from veracity.checks import CHECKS, Context, EvidenceSet
from veracity.evidence import Evidence
from veracity.model import Finding, Run

#: Runs a task: large enough that pickling stays a small share, small enough to keep both busy.
CHUNK = 32
#: Fewer runs than this are checked in the parent (starting workers would cost more).
MIN_RUNS = 2 * CHUNK

#: Findings of the per-run checks, by `id()` of the run they are about.
PerRun = dict[int, list[Finding]]


def default_workers() -> int:
    """One worker a CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_findings(run: Run, evidence: Evidence, context: Context) -> list[Finding]:
    """Every registered per-run check over one run, in registry order."""
    found: list[Finding] = []
    for entry in CHECKS:
        if entry.check is not None:
            found.extend(entry.check(run, evidence, context))
    return found


def _work(task: tuple[list[Run], Context]) -> list[tuple[Run, Evidence, list[Finding]]]:
    runs, context = task
    evidence = EvidenceSet(context.config)
    out = []
    for run in runs:
        mine = evidence.of(run)
        out.append((run, mine, run_findings(run, mine, context)))
    return out


def open_pool(workers: int) -> Pool | None:
    """N forked workers (they inherit every registered check), or None for one process.

    Fork before starting threads (`veracity serve` opens its pool before its store and server).
    """
    return multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None


@contextmanager
def worker_pool(workers: int) -> Iterator[Pool | None]:
    """`open_pool`, terminated on leaving."""
    pool = open_pool(workers)
    if pool is None:
        yield None
        return
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


def precheck(runs: list[Run], evidence: EvidenceSet, context: Context, pool: Pool) -> tuple[list[Run], PerRun]:
    """The runs as the workers sent them back (equal to those given, in the same order), their
    evidence added to `evidence`, and each run's per-run findings.

    The parent goes on with the returned runs: their evidence is theirs (`EvidenceSet.of`
    matches a run by identity). An error in a worker is raised here, as the type it had.
    """
    chunks = [(runs[i : i + CHUNK], context) for i in range(0, len(runs), CHUNK)]
    back: list[Run] = []
    per_run: PerRun = {}
    for done in pool.imap(_work, chunks):
        for run, mine, found in done:
            evidence.keep(run, mine)
            back.append(run)
            per_run[id(run)] = found
    return back, per_run
