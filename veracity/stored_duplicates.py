"""Duplicates across batches: the duplicates check's keys, looked up in and added to the store's index.

The store keeps index rows it is given (`Store.duplicate_candidates`, `Store.add_duplicate_rows`);
what a key is belongs to the duplicates check. This module joins the two for the pipeline and
re-checks.
"""

from __future__ import annotations

from veracity.checks.context import Context, EvidenceSet
from veracity.checks.duplicates import NAME, DuplicateCandidates, Entry, batch_entries, stored_matches
from veracity.model import Run
from veracity.store.base import DuplicateRow, RunStore


def candidates(store: RunStore, entries: list[Entry], exclude: set[str]) -> DuplicateCandidates:
    """The stored index rows holding any of the entries' keys, not of `exclude`."""
    rows = store.duplicate_candidates([e.key for e in entries], exclude=exclude)
    return DuplicateCandidates(tuple(Entry(r.key, r.run_id, r.input_name, r.input_domain, r.input_country,
                                           r.started_at) for r in rows))


def with_candidates(context: Context, found: DuplicateCandidates) -> Context:
    """The context with the batch's stored candidates: the duplicates check's state."""
    return context.with_state(NAME, found)


def with_stored_candidates(context: Context, runs: list[Run], store: RunStore, evidence: EvidenceSet) -> Context:
    """The context carrying the stored candidates of the runs' keys (`veracity check --db`)."""
    ids = {r.run_id for r in runs}
    return with_candidates(context, candidates(store, batch_entries(runs, evidence), ids))


def prepare_batch(batch: list[Run], store: RunStore, context: Context,
                  evidence: EvidenceSet) -> tuple[list[Run], Context]:
    """Before checking a batch: the stored runs it duplicates (to re-check, so both runs get the
    finding) with their pair partners, and the context carrying the stored candidates of every key."""
    ids = {r.run_id for r in batch}
    context = with_candidates(context, candidates(store, batch_entries(batch, evidence), ids))
    earlier = [r for rid in stored_matches(batch, evidence, context) if (r := store.get_run(rid)) is not None]
    if not earlier:
        return [], context
    ids |= {r.run_id for r in earlier}
    extra = [r for r in store.pair_partners(earlier) if r.run_id not in ids] + earlier
    ids |= {r.run_id for r in extra}
    return extra, with_candidates(context, candidates(store, batch_entries(batch + extra, evidence), ids))


def add_to_index(store: RunStore, runs: list[Run], evidence: EvidenceSet) -> None:
    """Write the runs' index rows (keys from the duplicates check) to the store."""
    store.add_duplicate_rows([DuplicateRow(e.key, e.run_id, e.input_name, e.input_domain, e.input_country,
                                           e.started_at) for e in batch_entries(runs, evidence)])
