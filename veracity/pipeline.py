"""The one path every entry point takes: decode → assemble → evidence → check → learn → store.

Plain functions over plain data; only the store carries state. Every path checks a batch with
the memory learned before it and learns from the batch *after* checking it, so a run gets the
same verdict through `veracity check`, `ingest`, `serve` and the workers.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from veracity import __version__
from veracity.checks import CHECKS, Context, EvidenceSet, dump_states, load_states
from veracity.checks.verdict import judge
from veracity.config import Config
from veracity.ingest import FileResult, Span, assemble, read_paths
from veracity.model import Finding, Run, Verdict
from veracity.store.base import Store
from veracity.stored_duplicates import add_to_index, prepare_batch, with_stored_candidates

LEARNED_KEY = "learned"


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


def check_batch(runs: list[Run], evidence: EvidenceSet, context: Context) -> list[Verdict]:
    """Every registered check over the runs and their evidence; one verdict per run, in the order given."""
    findings: dict[str, list[Finding]] = {r.run_id: [] for r in runs}
    run_checks = [entry.check for entry in CHECKS if entry.check is not None]
    for run in runs:
        found = findings[run.run_id]
        mine = evidence.of(run)
        for check in run_checks:
            found.extend(check(run, mine, context))
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


@dataclass
class Checked:
    """The outcome of reading and checking some inputs."""

    runs: list[Run] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)  # each check's state after learning, by state key

    @property
    def unreadable(self) -> list[FileResult]:
        return [f for f in self.files if f.decoded is None]


def read_runs(paths: list[str]) -> tuple[list[Run], list[FileResult]]:
    """Runs from files: spans of all files are assembled together, so split traces join."""
    files = list(read_paths(paths))
    spans: list[Span] = []
    runs: list[Run] = []
    for f in files:
        if f.decoded is not None:
            spans.extend(f.decoded.spans)
            runs.extend(f.decoded.runs)
    return runs + assemble(spans), files


def check_paths(paths: list[str], config: Config, store: Store | None = None) -> Checked:
    """`veracity check`: read, check with the store's memory (none without a store), then learn.

    With a store (read-only, nothing is written) the runs are also checked against its
    duplicate index. Cross-run checks see the runs given as one batch; what the checks learned
    from them is in `Checked.state`.
    """
    runs, files = read_runs(paths)
    context = load_context(store, config) if store is not None else new_context(config)
    evidence = EvidenceSet(config)
    if store is not None:
        context = with_stored_candidates(context, runs, store, evidence)
    verdicts = check_batch(runs, evidence, context)
    learn(runs, evidence, context)
    learn_pairs(runs, verdicts, evidence, context)
    return Checked(runs=runs, verdicts=verdicts, files=files, state=dict(context.state))


def store_runs(runs: list[Run], store: Store, config: Config) -> list[Verdict]:
    """Check runs with the store's memory, store them with their verdicts, then learn from them.

    A run whose pair key matches a stored run (its shadow arrived earlier) is checked with it,
    and the stored partner's verdict is replaced by one that includes the pair's findings.
    """
    context = load_context(store, config)
    evidence = EvidenceSet(config)
    partners = store.pair_partners(runs)
    # Stored runs this batch duplicates are re-checked with it, so both records get the finding.
    earlier, context = prepare_batch(partners + runs, store, context, evidence)
    batch = partners + earlier + runs
    verdicts = check_batch(batch, evidence, context)
    store.write_results(batch, verdicts)
    add_to_index(store, runs, evidence)
    learn(runs, evidence, context)
    learn_pairs(batch, verdicts, evidence, context)
    save_states(store, context)
    return verdicts[len(partners) + len(earlier) :]


def ingest_paths(paths: list[str], store: Store, config: Config, batch: int = 2000) -> Checked:
    """`veracity ingest`: read files, check their runs and store everything."""
    runs, files = read_runs(paths)
    verdicts: list[Verdict] = []
    for start in range(0, len(runs), batch):
        verdicts.extend(store_runs(runs[start : start + batch], store, config))
    return Checked(runs=runs, verdicts=verdicts, files=files)


def check_due(store: Store, config: Config, now_ns: int | None = None) -> list[Verdict]:
    """Assemble and check every stored trace that has gone quiet since its last span."""
    now = now_ns if now_ns is not None else time.time_ns()
    due = store.due_traces(now, int(config.quiet_period * 1e9))
    if not due:
        return []
    runs = assemble(store.trace_spans(due))
    verdicts = store_runs(runs, store, config)
    store.mark_checked(due, now)
    return verdicts
