"""Re-checks: re-run the checks over stored runs after an upgrade or a config change.

Only runs whose stored verdict came from another `checker_version` are re-checked (all of them
with `everything=True`); their verdicts and findings are replaced. Runs pruned past retention keep
the verdict made on their raw evidence. Cohort comparisons must not mix checker versions:
`version_filter` gives the SQL condition that keeps one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from veracity.checks import EvidenceSet
from veracity.config import Config
from veracity.pipeline import check_batch, checker_version, duplicate_index, load_context
from veracity.retention import pruned_ids
from veracity.store.duck import DuckStore, unpack_run
from veracity.store.duplicates import prepare_batch


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


def stale_ids(store: DuckStore, version: str, since_ns: int | None = None, everything: bool = False) -> list[str]:
    """Stored runs to re-check: verdict from another checker version (or none), started since `since_ns`."""
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if not everything:
        clauses.append("(v.checker_version IS NULL OR v.checker_version <> ?)")
        params.append(version)
    if since_ns is not None:
        clauses.append("r.started_ns >= ?")
        params.append(since_ns)
    rows = store.query(
        f"""SELECT r.run_id FROM runs r LEFT JOIN verdicts v USING (run_id)
            WHERE {' AND '.join(clauses)} ORDER BY r.started_ns, r.run_id""",
        params,
    )
    return [r[0] for r in rows]


def recheck(
    store: DuckStore,
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
        rows = store.query(
            """SELECT r.body, v.verdict FROM runs r LEFT JOIN verdicts v USING (run_id)
               WHERE r.run_id IN (SELECT unnest(?)) ORDER BY r.started_ns, r.run_id""",
            [chunk],
        )
        runs = [unpack_run(body) for body, _ in rows]
        before = {run.run_id: old for run, (_, old) in zip(runs, rows, strict=True)}
        partners = [p for p in store.pair_partners(runs) if p.run_id not in pruned]
        # The same company as ingestion keeps: stored duplicates of this batch are checked with it.
        evidence = EvidenceSet(config)
        earlier, batch_context = prepare_batch(partners + runs, store, duplicate_index(store), context, evidence)
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


def version_filter(version: str | None = None, alias: str = "v") -> tuple[str, list[Any]]:
    """SQL condition (on the verdicts table, aliased `alias`) that keeps one checker version.

    With no version, the latest one: the version of the most recently written verdict.
    """
    if version is not None:
        return f"{alias}.checker_version = ?", [version]
    return (
        f"{alias}.checker_version = (SELECT checker_version FROM verdicts ORDER BY checked_ns DESC LIMIT 1)",
        [],
    )


def versions(store: DuckStore) -> dict[str, int]:
    """How many stored verdicts each checker version produced."""
    return dict(store.query("SELECT checker_version, count(*) FROM verdicts GROUP BY 1 ORDER BY 2 DESC"))
