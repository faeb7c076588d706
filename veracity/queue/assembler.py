"""A worker's open traces, per partition, and the offsets it may commit.

A trace is open from its first message until it has been quiet for the quiet period (with a root
span; ten quiet periods without one) and its runs were written. The offset committed for a
partition is the first offset of its oldest open trace (or past its last message): everything
before it is in the store, so a worker killed at any moment leaves the rest to be read again by
the partition's next owner, and since writes are idempotent, a run read twice is stored once.

Written traces stay in memory for `late_window` seconds: a late span re-opens its trace with the
spans seen before, and the run is checked and written again (replacing itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veracity.ingest.spans import Span


@dataclass
class Trace:
    partition: int
    first_offset: int
    last_seen: float
    spans: dict[str, Span] = field(default_factory=dict)
    has_root: bool = False
    written_at: float | None = None


@dataclass
class Assembler:
    quiet_s: float
    late_window_s: float = 60.0
    traces: dict[str, Trace] = field(default_factory=dict)
    high: dict[int, int] = field(default_factory=dict)  # partition → next offset to read

    def add(self, partition: int, offset: int, spans: list[Span], now: float) -> None:
        for span in spans:
            trace = self.traces.get(span.trace_id)
            if trace is None or trace.partition != partition:
                trace = self.traces[span.trace_id] = Trace(partition, offset, now)
            elif trace.written_at is not None:  # a late span: the trace is open again
                trace.written_at, trace.first_offset = None, offset
            trace.spans[span.span_id] = span
            trace.last_seen = now
            trace.has_root = trace.has_root or span.parent_id is None
        self.high[partition] = max(self.high.get(partition, 0), offset + 1)

    def advance(self, partition: int, offset: int) -> None:
        """A message without spans (unreadable, kept aside): the offset may still move past it."""
        self.high[partition] = max(self.high.get(partition, 0), offset + 1)

    def due(self, now: float) -> list[str]:
        """Open traces quiet long enough: with a root after the quiet period, without one after ten."""
        return [tid for tid, t in self.traces.items() if t.written_at is None
                and now - t.last_seen >= (self.quiet_s if t.has_root else 10 * self.quiet_s)]

    def spans_of(self, trace_ids: list[str]) -> list[Span]:
        return [s for tid in trace_ids for s in self.traces[tid].spans.values()]

    def written(self, trace_ids: list[str], now: float) -> None:
        for tid in trace_ids:
            self.traces[tid].written_at = now

    def forget(self, now: float) -> None:
        """Drop written traces past the late window."""
        for tid in [tid for tid, t in self.traces.items()
                    if t.written_at is not None and now - t.written_at > self.late_window_s]:
            del self.traces[tid]

    def commit_offsets(self) -> dict[int, int]:
        """Per partition, the offset below which every message's traces are written."""
        out = dict(self.high)
        for t in self.traces.values():
            if t.written_at is None and t.partition in out:
                out[t.partition] = min(out[t.partition], t.first_offset)
        return out

    def revoke(self, partitions: set[int]) -> int:
        """Drop every trace of partitions handed to another worker (it reads them again from the commit);
        returns how many were still open."""
        gone = [tid for tid, t in self.traces.items() if t.partition in partitions]
        still_open = sum(1 for tid in gone if self.traces[tid].written_at is None)
        for tid in gone:
            del self.traces[tid]
        for p in partitions:
            self.high.pop(p, None)
        return still_open

    def open_count(self) -> int:
        return sum(1 for t in self.traces.values() if t.written_at is None)
