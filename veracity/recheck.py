"""Re-checks: re-run the checks over stored runs after an upgrade or a config change.

Only runs whose stored verdict came from another `checker_version` are re-checked (all of them
with `everything=True`); their verdicts and findings are replaced. Runs pruned past retention keep
the verdict made on their raw evidence. Cohort comparisons must not mix checker versions: the
store's counts keep the newest one (`version_filter` is the DuckDB condition that does so).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from veracity.checks import EvidenceSet
from veracity.config import Config
from veracity.pipeline import check_batch, checker_version, load_context
from veracity.retention import pruned_ids
from veracity.store.base import Store
from veracity.store.sql import version_filter
from veracity.stored_duplicates import prepare_batch


@dataclass
class RecheckResult:
    version: str
    candidates: int = 0
    checked: int = 0
    changed: int = 0
    skipped_pruned: int = 0
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {
            "checker_version": self.version,
            "checked": self.checked,
            "changed": self.changed,
            "skipped_pruned": self.skipped_pruned,
            "transitions": {f"{a}->{b}": n for (a, b), n in sorted(self.transitions.items())},
        }


def stale_ids(store: Store, version: str, since_ns: int | None = None, everything: bool = False) -> list[str]:
    """Stored runs to re-check: verdict from another checker version (or none), started since `since_ns`."""
    return store.stale_run_ids(version, since_ns, everything)


def recheck(
    store: Store,
    config: Config,
    since_ns: int | None = None,
    everything: bool = False,
    batch: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> RecheckResult:
    """Re-check stale runs with the store's memory (nothing is learned again) and replace their verdicts."""
    version = checker_version(config)
    result = RecheckResult(version=version)
    pruned = pruned_ids(store)
    ids = stale_ids(store, version, since_ns, everything)
    result.candidates = len(ids)
    result.skipped_pruned = sum(1 for i in ids if i in pruned)
    ids = [i for i in ids if i not in pruned]
    context = load_context(store, config)
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        rows = store.runs_with_verdicts(chunk)
        runs = [run for run, _ in rows]
        before = {run.run_id: old for run, old in rows}
        partners = [p for p in store.pair_partners(runs) if p.run_id not in pruned]
        # The same company as ingestion keeps: stored duplicates of this batch are checked with it.
        evidence = EvidenceSet(config)
        earlier, batch_context = prepare_batch(partners + runs, store, context, evidence)
        earlier = [r for r in earlier if r.run_id not in pruned]
        batch_runs = partners + earlier + runs
        verdicts = check_batch(batch_runs, evidence, batch_context)
        store.write_results(batch_runs, verdicts)
        for v in verdicts[len(partners) + len(earlier) :]:
            old = before.get(v.run_id) or "none"
            if old != v.verdict:
                result.changed += 1
                result.transitions[(old, v.verdict)] += 1
        result.checked += len(runs)
        if progress:
            progress(result.checked, len(ids))
    return result


def versions(store: Store) -> dict[str, int]:
    """How many stored verdicts each checker version produced."""
    return store.verdict_versions()


__all__ = ["RecheckResult", "recheck", "stale_ids", "version_filter", "versions"]
