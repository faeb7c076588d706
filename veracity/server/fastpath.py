"""Traces whole in one request are checked as they arrive; the others wait for their quiet period.

A trace is whole in a request when the request holds exactly one root span of it (no parent),
the parent of each of its other spans, and no span of it was stored before. OpenTelemetry ends,
and so exports, a parent after its children, so the root closes its trace: such a trace goes
straight to assemble → check → store, and the request is answered once its runs and verdicts are
durable. Its spans are written to the span table in the same job, before the check (spans are
written, not read back): a span or a log record that comes late makes the trace due again, and
it is re-checked from all its spans, as on the span-table path. A trace seen before, or missing
a parent, takes the span-table path: stored now, checked when quiet.

The store's writer thread runs `store_arrivals` over every request waiting in its queue at once,
so runs from concurrent requests share one check batch and one write per table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from multiprocessing.pool import Pool

from veracity.config import Config
from veracity.ingest import Span
from veracity.model import Verdict
from veracity.pipeline import assemble_isolated, is_transient, store_isolated
from veracity.server.receive import Stored, store_spans
from veracity.store.base import Store


@dataclass
class Arrival:
    """One request's spans, as the writer thread receives them."""

    spans: list[Span]
    received_ns: int


@dataclass
class Outcome:
    """What a batch of arrivals became: each request's `Stored`, and the verdicts made at once."""

    stored: list[Stored] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    whole: int = 0  # traces checked at once


def whole_traces(spans: list[Span]) -> set[str]:
    """Ids of the traces whose spans are all in `spans`: one root, and every span's parent among them.

    >>> a = Span("t", "a", None, "root", 0, 1, {}, {})
    >>> b = Span("t", "b", "a", "child", 0, 1, {}, {})
    >>> sorted(whole_traces([a, b])), sorted(whole_traces([b]))
    (['t'], [])
    """
    members: dict[str, set[str]] = defaultdict(set)
    roots: dict[str, set[str]] = defaultdict(set)
    for s in spans:
        members[s.trace_id].add(s.span_id)
        if s.parent_id is None:
            roots[s.trace_id].add(s.span_id)
    broken = {s.trace_id for s in spans if s.parent_id is not None and s.parent_id not in members[s.trace_id]}
    return {t for t in members if len(roots[t]) == 1 and t not in broken}


def _write(store: Store, arrivals: list[Arrival], spans: list[Span], received_ns: int) -> list[Stored]:
    """Every arrival's `spans` in one write; when that fails on the data, request by request (`store_spans`)."""
    try:
        store.write_spans(spans, received_ns)
        return [Stored(written=len(a.spans)) for a in arrivals]
    except Exception as e:
        if is_transient(e):
            raise
    return [store_spans(store, a.spans, received_ns) for a in arrivals]


def store_arrivals(store: Store, config: Config, arrivals: list[Arrival], pool: Pool | None = None) -> Outcome:
    """Write the arrivals' spans, then check and store the traces whole among them (see the module).

    A transient error (I/O, memory) is raised before anything is acknowledged: the clients retry.
    """
    received_ns = max(a.received_ns for a in arrivals)
    spans = [s for a in arrivals for s in a.spans]
    whole = whole_traces(spans)
    whole -= store.known_traces(sorted(whole))
    stored = _write(store, arrivals, spans, received_ns)
    for arrival, kept in zip(arrivals, stored, strict=True):
        if kept.rejected:  # a trace with a refused span is checked from what the span table holds
            whole -= {s.trace_id for s in arrival.spans}
    if not whole:
        return Outcome(stored)
    runs = assemble_isolated([s for s in spans if s.trace_id in whole])
    _, verdicts, _ = store_isolated(runs, store, config, pool)
    store.mark_checked(sorted(whole), received_ns)
    return Outcome(stored, verdicts, len(whole))
