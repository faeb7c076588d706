"""The store's one writer: a thread that owns the store's connection.

DuckDB allows one writing process and its connection is not shared across threads, so
every write and every check of quiet traces runs here, in order. The queue is bounded:
when it is full, `submit` raises `Busy` and the server answers 503 instead of queueing
without limit. Requests' spans (`submit_spans`) waiting in the queue together are taken as
one batch (`fastpath.store_arrivals`): their whole traces are checked at once, in one batch.
With a pool (`serve --workers N`), each batch's per-run checks run in N processes
(`veracity.parallel`); this thread stays the one writer.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.pool import Pool
from typing import Any, TypeVar

from veracity.alerting import process_alerts
from veracity.checks.context import fingerprint_secret
from veracity.config import Config
from veracity.ingest import Span
from veracity.pipeline import check_due
from veracity.retention import prune
from veracity.server.fastpath import Arrival, store_arrivals
from veracity.server.receive import Stored
from veracity.store.base import Store

log = logging.getLogger("veracity.server")
T = TypeVar("T")
PRUNE_EVERY = 24 * 3600.0
#: Spans a batch of arrivals takes at most (a request holds up to `max_spans`; one batch may pass it).
BATCH_SPANS = 20_000


class Busy(RuntimeError):
    """The writer's queue is full: tell the client to come back later."""


class StoreWorker:
    """Runs jobs against the store one at a time, and checks quiet traces between them."""

    def __init__(self, store: Store, config: Config, max_queue: int = 64, tick: float = 0.2,
                 emitter: Any = None, pool: Pool | None = None):
        self.store = store
        self.pool = pool  # worker processes for the per-run checks (`serve --workers N`), or None
        self.emitter = emitter  # a veracity.sdk.emit.FindingsExporter: verdicts sent back as OTLP
        self.config = config
        self.jobs: queue.Queue[tuple[Callable[[Store], Any] | Arrival, Future[Any]]] = queue.Queue(max_queue)
        self.tick = tick
        self.checked_runs = 0
        self.whole_traces = 0  # traces checked as they arrived (`fastpath`)
        self._thread = threading.Thread(target=self._loop, name="veracity-store", daemon=True)
        self._stopping = False
        self._last_prune = time.monotonic()  # the first pass a day after start

    def start(self) -> None:
        self._thread.start()

    def submit(self, job: Callable[[Store], T]) -> Future[T]:
        if self._stopping:
            raise Busy("shutting down")
        future: Future[T] = Future()
        try:
            self.jobs.put_nowait((job, future))
        except queue.Full:
            raise Busy("store queue full") from None
        return future

    def submit_spans(self, spans: list[Span], received_ns: int) -> Future[Stored]:
        """One request's spans: stored, and its whole traces checked, before the future is done."""
        if self._stopping:
            raise Busy("shutting down")
        future: Future[Stored] = Future()
        try:
            self.jobs.put_nowait((Arrival(spans, received_ns), future))
        except queue.Full:
            raise Busy("store queue full") from None
        return future

    def call(self, job: Callable[[Store], T], timeout: float = 60.0) -> T:
        """Run a job on the writer thread and wait for its result (for reads from other threads)."""
        return self.submit(job).result(timeout)

    def _check_due(self, final: bool = False) -> int:
        """Check a batch of quiet traces (with `final`, every waiting trace); how many runs were checked."""
        now = time.time_ns() + (10**18 if final else 0)
        try:
            verdicts = check_due(self.store, self.config, now_ns=now, pool=self.pool)
            self._checked(verdicts)
            return len(verdicts)
        except Exception:
            log.exception("checking quiet traces failed")
            return 0

    def _checked(self, verdicts: list[Any]) -> None:
        self.checked_runs += len(verdicts)
        if verdicts:
            process_alerts(self.store, self.config)
            self._emit(verdicts)

    def _arrivals(self, first: tuple[Arrival, Future[Any]]) -> Any:
        """The arrivals queued behind `first`, taken as one batch; returns the next other job, if one was taken."""
        batch: list[tuple[Any, Future[Any]]] = [first]
        spans = len(first[0].spans)
        other = None
        while spans < BATCH_SPANS:
            try:
                item = self.jobs.get_nowait()
            except queue.Empty:
                break
            if not isinstance(item[0], Arrival):
                other = item
                break
            batch.append(item)
            spans += len(item[0].spans)
        live = [(a, f) for a, f in batch if f.set_running_or_notify_cancel()]
        if live:
            try:
                outcome = store_arrivals(self.store, self.config, [a for a, _ in live], self.pool)
            except BaseException as e:
                for _, f in live:
                    f.set_exception(e)
            else:
                self.whole_traces += outcome.whole
                for (_, f), stored in zip(live, outcome.stored, strict=True):
                    f.set_result(stored)
                try:
                    self._checked(outcome.verdicts)
                except Exception:
                    log.exception("alerting on runs checked as they arrived failed")
        return other

    def _run(self, item: tuple[Any, Future[Any]]) -> None:
        job, future = item
        while isinstance(job, Arrival):
            nxt = self._arrivals((job, future))
            if nxt is None:
                return
            job, future = nxt
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(job(self.store))
            except BaseException as e:
                future.set_exception(e)

    def _emit(self, verdicts: list[Any]) -> None:
        """Each checked run's findings as `gen_ai.evaluation.result` events in its own trace (`--emit-otlp`)."""
        if self.emitter is None:
            return
        try:
            checked = [(run, v) for v in verdicts if (run := self.store.get_run(v.run_id)) is not None]
            self.emitter.emit(checked, time.time_ns())
        except Exception:
            log.exception("emitting findings as OTLP failed")

    def _prune_daily(self) -> None:
        """Once a day: raw tool results and documents past the retention period go; verdicts stay."""
        if time.monotonic() - self._last_prune < PRUNE_EVERY:
            return
        self._last_prune = time.monotonic()
        try:
            result = prune(self.store, self.config.retention_days, fingerprint_secret(self.config))
            log.info("pruned raw evidence of %s runs", getattr(result, "runs", "?"))
        except Exception:
            log.exception("the daily prune failed")

    def _loop(self) -> None:
        last_check = time.monotonic()
        while True:
            try:
                item = self.jobs.get(timeout=self.tick)
            except queue.Empty:
                item = None
                if self._stopping:
                    break
            if item is not None:
                self._run(item)
            if time.monotonic() - last_check >= self.tick:
                self._check_due()
                self._prune_daily()
                last_check = time.monotonic()
        while self._check_due(final=True):  # a batch at a time, until no trace waits
            pass

    def stop(self) -> None:
        """Stop taking jobs, finish the queued ones, check every trace still waiting, release the store.

        Waits as long as that takes: every request answered 200 is stored and checked before the
        process exits (the store is not closed under a thread still writing).
        """
        self._stopping = True
        if self._thread.is_alive():
            self._thread.join()
        self.store.close()
