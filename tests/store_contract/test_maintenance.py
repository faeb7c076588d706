"""Contract: re-check selection and retention."""

from __future__ import annotations

import msgspec

from veracity.ingest.spans import Span
from veracity.store.base import Store

from .conftest import DAY, T0, run, verdict, write


def test_recheck_selection(store: Store) -> None:
    a, b, c = run(1), run(2), run(3)
    write(store, (a, verdict(a, version="v1")), (b, verdict(b, "failed", version="v2")))
    store.write_results([c], [])  # a run without a verdict
    assert store.stale_run_ids("v2") == ["r001", "r003"]
    assert store.stale_run_ids("v2", everything=True) == ["r001", "r002", "r003"]
    assert store.stale_run_ids("v2", since_ns=b.started_at, everything=True) == ["r002", "r003"]
    got = store.runs_with_verdicts(["r003", "r002"])
    assert [(r.run_id, v) for r, v in got] == [("r002", "failed"), ("r003", None)]
    assert store.verdict_versions() == {"v1": 1, "v2": 1}


def test_retention_replaces_bodies_and_deletes_old_spans(store: Store) -> None:
    old, new = run(1, started=T0), run(2, started=T0 + 40 * DAY)
    write(store, (old, verdict(old)), (new, verdict(new)))
    store.write_spans([Span(trace_id="t", span_id="s", parent_id=None, name="n", start_ns=0, end_ns=1,
                            attributes={}, resource={})], received_ns=T0)
    assert store.pruned_ids() == set()
    cutoff = T0 + 30 * DAY
    assert store.runs_to_prune(cutoff) == ["r001"]
    stripped = msgspec.structs.replace(old, output={"name": "kept"}, sources=[])
    store.replace_pruned([stripped], T0 + 31 * DAY, "store")
    assert store.pruned_ids() == {"r001"} and store.runs_to_prune(cutoff) == []
    got = store.get_run("r001")
    assert got is not None and got.output == {"name": "kept"}
    v = store.get_verdict("r001")
    assert v is not None and v.verdict == "verified"  # verdicts stay
    assert store.delete_spans_before(cutoff) == 1 and store.trace_spans(["t"]) == []
    store.checkpoint()
    assert store.run_totals()[0] == 2
