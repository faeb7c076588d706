"""What the scale-out pipeline says about itself: consumer lag, throughput per worker, store write latency.

The process that writes the store (the writer; with a ClickHouse server, each worker) keeps these
figures in the store's state under `PIPELINE_KEY` every `INTERVAL_S` seconds, so that the report and
the UI show them without reaching Kafka. Each member's entry carries the time it was measured; an
entry older than `STALE_NS` is dropped (the member stopped). Workers that publish to the results topic
name themselves in a message header (`WORKER_HEADER`), which is how the writer tells their throughput apart.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from veracity.report.sections import PIPELINE_KEY
from veracity.store.base import Store

log = logging.getLogger("veracity.queue")
INTERVAL_S = 5.0
STALE_NS = 10 * 60 * 10**9
WORKER_HEADER = "veracity-worker"


def member_id() -> str:
    """This process, as the pipeline's figures name it: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Meter:
    """Runs handed over per member and time spent writing, since the last `publish`."""

    role: str
    me: str = field(default_factory=member_id)
    since: float = field(default_factory=time.monotonic)
    runs: Counter[str] = field(default_factory=Counter)
    written: int = 0
    write_s: float = 0.0
    last_write_ms: float | None = None  # the latest interval that wrote anything (an idle one keeps it)

    def wrote(self, runs: int, seconds: float, by_member: Counter[str] | None = None) -> None:
        self.written += runs
        self.write_s += seconds
        self.runs.update(by_member if by_member is not None else {self.me: runs})

    def due(self, now: float | None = None) -> bool:
        return (now if now is not None else time.monotonic()) - self.since >= INTERVAL_S

    def members(self, now: float | None = None) -> dict[str, dict[str, Any]]:
        """Each member's runs per second over the interval; this process's entry also its write latency."""
        elapsed = max((now if now is not None else time.monotonic()) - self.since, 1e-9)
        at = time.time_ns()
        out = {m: {"role": "worker", "runs_per_s": round(n / elapsed, 2), "at_ns": at}
               for m, n in self.runs.items() if m != self.me}
        out[self.me] = {"role": self.role, "runs_per_s": round(self.runs.get(self.me, self.written) / elapsed, 2),
                        "write_ms_per_run": self.write_ms(),
                        "at_ns": at}
        return out

    def write_ms(self) -> float | None:
        return round(1000 * self.write_s / self.written, 3) if self.written else self.last_write_ms

    def reset(self) -> None:
        self.last_write_ms = self.write_ms()
        self.since, self.runs, self.written, self.write_s = time.monotonic(), Counter(), 0, 0.0


def publish(store: Store, members: dict[str, dict[str, Any]], lag: dict[str, int | None]) -> None:
    """Merge this interval's figures into the store's `pipeline` state (last writer wins per member)."""
    now = time.time_ns()
    state = store.load_state(PIPELINE_KEY) or {}
    kept = {m: e for m, e in (state.get("members") or {}).items() if now - int(e.get("at_ns", 0)) < STALE_NS}
    kept.update(members)
    store.save_state(PIPELINE_KEY, {"members": kept, "lag": {**(state.get("lag") or {}), **lag}, "lag_at_ns": now})


def total_lag(bootstrap: str, group: str, topic: str) -> int | None:
    """Messages of `topic` the group has not committed, over all partitions (None: Kafka did not answer)."""
    from veracity.queue.lag import group_lag

    try:
        return sum(group_lag(bootstrap, group, topic, timeout_s=2.0).values())
    except Exception as e:  # the figure is missing for this interval, the pipeline goes on
        log.warning("consumer lag of %s on %s not measured: %s", group, topic, e)
        return None
