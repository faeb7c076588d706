"""The one path every entry point takes: decode → assemble → evidence → check → learn → store.

Plain functions over plain data; only the store carries state. Every path checks a batch with
the memory learned before it and learns from the batch *after* checking it, so a run gets the
same verdict through `veracity check`, `ingest`, `serve` and the workers.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from typing import Any

from veracity.checks import CHECKS, Context, EvidenceSet, dump_states, load_states
from veracity.checks.verdict import judge
from veracity.config import Config
from veracity.ingest import FileResult, Span, assemble, group_by_trace, read_paths
from veracity.ingest.limits import Limits
from veracity.model import Finding, Run, Verdict
from veracity.parallel import MIN_RUNS, PerRun, precheck, run_findings, worker_pool
from veracity.store.base import Store
from veracity.stored_duplicates import add_to_index, prepare_batch, with_stored_candidates
from veracity.version import __version__

LEARNED_KEY = "learned"
log = logging.getLogger("veracity.pipeline")


def is_transient(error: BaseException) -> bool:
    """An error that retrying can fix (out of memory, disk, I/O), as opposed to one in the data.

    DuckDB's I/O and memory errors are told by name, so that only `store/` imports the engine.
    """
    return isinstance(error, MemoryError | OSError) or type(error).__name__ in ("IOException", "OutOfMemoryException")


def _why(run: Run, error: BaseException) -> str:
    return f"run {run.run_id[:80]}: could not be checked and was left out ({type(error).__name__}: {str(error)[:200]})"


def checker_version(config: Config) -> str:
    """veracity's version plus the hash of the settings that change what checks report."""
    return f"{__version__}+{config.digest}"


def learn(runs: list[Run], evidence: EvidenceSet, context: Context) -> None:
    """Update each check's state (in `context.state`) from runs already checked."""
    learners = [(c.learn, c.state_key) for c in CHECKS if c.learn is not None and c.state_key is not None]
    for run in runs:
        for fn, key in learners:
            fn(run, evidence.of(run), context.state[key], context)


def learn_pairs(runs: list[Run], verdicts: list[Verdict], evidence: EvidenceSet, context: Context) -> None:
    """Learn what equivalent runs look like from pairs whose runs were both verified."""
    learners = [(c.learn_pair, c.state_key) for c in CHECKS if c.learn_pair is not None and c.state_key is not None]
    verified = {v.run_id for v in verdicts if v.verdict == "verified"}
    for a, b in _pairs(runs):
        if a.run_id in verified and b.run_id in verified:
            for fn, key in learners:
                fn(a, b, evidence, context.state[key], context)


def _pairs(runs: list[Run]) -> Iterator[tuple[Run, Run]]:
    """Each run sharing a pair key with the first run of its key, in start order."""
    groups: dict[str, list[Run]] = defaultdict(list)
    for run in runs:
        if run.pair_key:
            groups[run.pair_key].append(run)
    for group in groups.values():
        first, *others = group
        for other in others:
            yield first, other


def check_batch(runs: list[Run], evidence: EvidenceSet, context: Context, per_run: PerRun | None = None) -> list[Verdict]:
    """Every registered check over the runs and their evidence; one verdict per run, in the order given.

    `per_run` holds the per-run checks' findings already made for some runs (by `id(run)`, in
    worker processes); the other runs' are made here.
    """
    findings: dict[str, list[Finding]] = {r.run_id: [] for r in runs}
    for run in runs:
        made = per_run.get(id(run)) if per_run is not None else None
        findings[run.run_id].extend(made if made is not None else run_findings(run, evidence.of(run), context))
    for entry in CHECKS:
        if entry.check_pair is not None:
            for a, b in _pairs(runs):
                for f in entry.check_pair(a, b, evidence, context):
                    findings.setdefault(f.run_id or a.run_id, []).append(f)
        if entry.check_cohort is not None:
            for f in entry.check_cohort(runs, evidence, context):
                findings.setdefault(f.run_id, []).append(f)
    version = checker_version(context.config)
    return [judge(run, findings[run.run_id], version) for run in runs]


def check_runs(runs: list[Run], context: Context) -> list[Verdict]:
    """`check_batch` with the runs' evidence built here (what an embedding program calls)."""
    return check_batch(runs, EvidenceSet(context.config), context)


def new_context(config: Config, stored: dict[str, Any] | None = None) -> Context:
    """A context holding every registered check's state (from stored JSON, else new)."""
    return Context(config=config, state=load_states(stored))


def load_context(store: Store, config: Config) -> Context:
    """A context with each check's state as the store keeps it."""
    return new_context(config, store.load_state(LEARNED_KEY))


def save_states(store: Store, context: Context) -> None:
    store.save_state(LEARNED_KEY, dump_states(context.state))


def check_isolated(runs: list[Run], evidence: EvidenceSet, context: Context,
                   per_run: PerRun | None = None) -> tuple[list[Run], list[Verdict], list[str]]:
    """`check_batch`, and when the batch fails, run by run: one bad run never costs the others.

    Returns the runs checked, their verdicts and a message for each run left out.
    """
    try:
        return runs, check_batch(runs, evidence, context, per_run), []
    except Exception as e:
        if is_transient(e):
            raise
    good, problems = [], []
    for run in runs:
        try:
            check_batch([run], evidence, context)
            good.append(run)
        except Exception as e:
            if is_transient(e):
                raise
            problems.append(_why(run, e))
    return good, check_batch(good, evidence, context, per_run), problems


def prechecked(runs: list[Run], evidence: EvidenceSet, context: Context,
               pool: Pool | None) -> tuple[list[Run], PerRun | None]:
    """The runs' evidence and per-run findings from the worker processes (`parallel.precheck`).

    Without workers, for a small batch, or when a worker fails on the data, nothing is made
    there: the runs are checked here as in one process, so a bad run is isolated the same way.
    """
    if pool is None or len(runs) < MIN_RUNS:
        return runs, None
    try:
        return precheck(runs, evidence, context, pool)
    except Exception as e:
        if is_transient(e):
            raise
        log.warning("checking in the workers failed (%s: %s); checking here", type(e).__name__, e)
        return runs, None


def learn_isolated(runs: list[Run], evidence: EvidenceSet, context: Context) -> None:
    """`learn`, skipping a run a learner cannot read (it was reported when it was checked)."""
    for run in runs:
        try:
            learn([run], evidence, context)
        except Exception as e:
            if is_transient(e):
                raise
            log.warning("learning from run %s failed: %s", run.run_id, e)


@dataclass
class Checked:
    """The outcome of reading and checking some inputs."""

    runs: list[Run] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)  # each check's state after learning, by state key
    errors: list[str] = field(default_factory=list)  # runs that could not be checked, and why

    @property
    def unreadable(self) -> list[FileResult]:
        return [f for f in self.files if f.decoded is None]


def read_runs(paths: list[str], limits: Limits | None = None) -> tuple[list[Run], list[FileResult]]:
    """Runs from files: spans of all files are assembled together, so split traces join."""
    files = list(read_paths(paths, limits or Limits()))
    spans: list[Span] = []
    runs: list[Run] = []
    for f in files:
        if f.decoded is not None:
            spans.extend(f.decoded.spans)
            runs.extend(f.decoded.runs)
    return runs + assemble_isolated(spans), files


def check_paths(paths: list[str], config: Config, store: Store | None = None, workers: int = 1) -> Checked:
    """`veracity check`: read, check with the store's memory (none without a store), then learn.

    With a store (read-only, nothing is written) the runs are also checked against its
    duplicate index. Cross-run checks see the runs given as one batch; what the checks learned
    from them is in `Checked.state`. A run that cannot be checked is left out and named in
    `Checked.errors`; the others are checked as usual. With `workers` > 1 the per-run work
    is done in that many processes (`veracity.parallel`), with the same verdicts.
    """
    runs, files = read_runs(paths, config.limits)
    context = load_context(store, config) if store is not None else new_context(config)
    evidence = EvidenceSet(config)
    with worker_pool(workers if len(runs) >= MIN_RUNS else 1) as pool:
        runs, per_run = prechecked(runs, evidence, context, pool)
    if store is not None:
        context = with_stored_candidates(context, runs, store, evidence)
    checked, verdicts, problems = check_isolated(runs, evidence, context, per_run)
    learn_isolated(checked, evidence, context)
    learn_pairs(checked, verdicts, evidence, context)
    return Checked(runs=checked, verdicts=verdicts, files=files, state=dict(context.state), errors=problems)


def store_runs(runs: list[Run], store: Store, config: Config, pool: Pool | None = None) -> list[Verdict]:
    """Check runs with the store's memory, store them with their verdicts, then learn from them.

    A run whose pair key matches a stored run (its shadow arrived earlier) is checked with it,
    and the stored partner's verdict is replaced by one that includes the pair's findings.
    """
    context = load_context(store, config)
    evidence = EvidenceSet(config)
    runs, per_run = prechecked(runs, evidence, context, pool)
    partners = store.pair_partners(runs)
    # Stored runs this batch duplicates are re-checked with it, so both records get the finding.
    earlier, context = prepare_batch(partners + runs, store, context, evidence)
    batch = partners + earlier + runs
    verdicts = check_batch(batch, evidence, context, per_run)
    store.write_results(batch, verdicts)
    add_to_index(store, runs, evidence)
    learn(runs, evidence, context)
    learn_pairs(batch, verdicts, evidence, context)
    save_states(store, context)
    return verdicts[len(partners) + len(earlier) :]


def ingest_paths(paths: list[str], store: Store, config: Config, batch: int = 2000, workers: int = 1) -> Checked:
    """`veracity ingest`: read files, check their runs (in `workers` processes) and store everything."""
    runs, files = read_runs(paths, config.limits)
    verdicts: list[Verdict] = []
    stored: list[Run] = []
    problems: list[str] = []
    with worker_pool(workers if len(runs) >= MIN_RUNS else 1) as pool:
        for start in range(0, len(runs), batch):
            done, found, why = store_isolated(runs[start : start + batch], store, config, pool)
            stored.extend(done)
            verdicts.extend(found)
            problems.extend(why)
    return Checked(runs=stored, verdicts=verdicts, files=files, errors=problems)


def store_isolated(runs: list[Run], store: Store, config: Config,
                   pool: Pool | None = None) -> tuple[list[Run], list[Verdict], list[str]]:
    """`store_runs`, and when the batch fails, run by run; a run that fails alone is left out.

    Errors retrying can fix (I/O, memory) are raised, so the caller tries again later; an error
    in the data never is, so a poison run cannot block the runs after it.
    """
    try:
        return runs, store_runs(runs, store, config, pool), []
    except Exception as e:
        if is_transient(e):
            raise
        log.warning("a batch of %d runs failed (%s: %s); storing them one by one", len(runs), type(e).__name__, e)
    done: list[Run] = []
    verdicts: list[Verdict] = []
    problems: list[str] = []
    for run in runs:
        try:
            verdicts.extend(store_runs([run], store, config))
            done.append(run)
        except Exception as e:
            if is_transient(e):
                raise
            problems.append(_why(run, e))
            log.error("%s", problems[-1])
    return done, verdicts, problems


def check_due(store: Store, config: Config, now_ns: int | None = None, pool: Pool | None = None) -> list[Verdict]:
    """Assemble and check the stored traces that have gone quiet since their last span (a batch of them)."""
    now = now_ns if now_ns is not None else time.time_ns()
    due = store.due_traces(now, int(config.quiet_period * 1e9))
    if not due:
        return []
    runs = assemble_isolated(store.trace_spans(due))
    _, verdicts, _ = store_isolated(runs, store, config, pool)
    store.mark_checked(due, now)
    return verdicts


def assemble_isolated(spans: list[Span]) -> list[Run]:
    """`assemble`, and when it fails, trace by trace (a failing trace is logged and left out)."""
    try:
        return assemble(spans)
    except Exception as e:
        if is_transient(e):
            raise
    runs: list[Run] = []
    for trace_id, group in group_by_trace(spans).items():
        try:
            runs.extend(assemble(group))
        except Exception as e:
            if is_transient(e):
                raise
            log.error("trace %s could not be assembled and was left out: %s", trace_id, e)
    return runs
