"""The store's one writer: a thread that owns the store's connection.

DuckDB allows one writing process and its connection is not shared across threads, so
every write and every check of quiet traces runs here, in order. The queue is bounded:
when it is full, `submit` raises `Busy` and the server answers 503 instead of queueing
without limit.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from veracity.alerting import process_alerts
from veracity.checks.context import fingerprint_secret
from veracity.config import Config
from veracity.pipeline import check_due
from veracity.retention import prune
from veracity.store.base import Store

log = logging.getLogger("veracity.server")
T = TypeVar("T")
PRUNE_EVERY = 24 * 3600.0


class Busy(RuntimeError):
    """The writer's queue is full: tell the client to come back later."""


class StoreWorker:
    """Runs jobs against the store one at a time, and checks quiet traces between them."""

    def __init__(self, store: Store, config: Config, max_queue: int = 64, tick: float = 0.2,
                 emitter: Any = None):
        self.store = store
        self.emitter = emitter  # a veracity.sdk.emit.FindingsExporter: verdicts sent back as OTLP
        self.config = config
        self.jobs: queue.Queue[tuple[Callable[[Store], Any], Future[Any]] | None] = queue.Queue(max_queue)
        self.tick = tick
        self.checked_runs = 0
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

    def call(self, job: Callable[[Store], T], timeout: float = 60.0) -> T:
        """Run a job on the writer thread and wait for its result (for reads from other threads)."""
        return self.submit(job).result(timeout)

    def _check_due(self, final: bool = False) -> None:
        now = time.time_ns() + (10**18 if final else 0)
        try:
            verdicts = check_due(self.store, self.config, now_ns=now)
            self.checked_runs += len(verdicts)
            if verdicts:
                process_alerts(self.store, self.config)
                self._emit(verdicts)
        except Exception:
            log.exception("checking quiet traces failed")

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
                job, future = item
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(job(self.store))
                    except BaseException as e:
                        future.set_exception(e)
            if time.monotonic() - last_check >= self.tick:
                self._check_due()
                self._prune_daily()
                last_check = time.monotonic()
        self._check_due(final=True)

    def stop(self, timeout: float = 30.0) -> None:
        """Finish queued jobs, check every trace still waiting, and release the store."""
        self._stopping = True
        self._thread.join(timeout)
        self.store.close()
