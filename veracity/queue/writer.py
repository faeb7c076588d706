"""`veracity writer`: the one process that owns a chdb (or DuckDB) store, fed by the results topic.

It reads checked runs in large batches, writes them (idempotent: a run written again replaces itself)
and commits the offsets only after the store accepted the batch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from typing import Any

from confluent_kafka import Consumer, KafkaError, TopicPartition

from veracity.model import Run, Verdict
from veracity.queue.health import WORKER_HEADER, Meter, publish, total_lag
from veracity.queue.messages import decode_results, header
from veracity.queue.producer import ensure_topics
from veracity.queue.url import KafkaUrl
from veracity.queue.worker import GROUP as WORKERS
from veracity.queue.worker import consumer_config
from veracity.store import open_store

log = logging.getLogger("veracity.writer")
GROUP = "veracity-writer"


class Writer:
    def __init__(self, queue: KafkaUrl, store_url: str, batch: int = 5000, group: str = GROUP) -> None:
        self.queue, self.batch, self.group = queue, batch, group
        self.meter = Meter("writer")
        ensure_topics(queue.bootstrap, [queue.results_topic])
        self.store = open_store(store_url)
        self.consumer = Consumer(consumer_config(queue.bootstrap, group))
        self.stopping = threading.Event()
        self.stats: dict[str, Any] = {"runs": 0, "batches": 0, "write_s": 0.0}

    def step(self, timeout: float = 0.5) -> int:
        messages = self.consumer.consume(self.batch, timeout=timeout)
        runs: list[Run] = []
        verdicts: list[Verdict] = []
        offsets: dict[int, int] = {}
        by_worker: Counter[str] = Counter()
        for m in messages:
            error = m.error()
            if error is not None:
                if error.code() != KafkaError._PARTITION_EOF:
                    log.warning("consumer: %s", error)
                continue
            partition, offset = int(m.partition() or 0), int(m.offset() or 0)
            offsets[partition] = max(offsets.get(partition, 0), offset + 1)
            try:
                r, v = decode_results(m.value() or b"")
            except Exception as e:  # a message no worker of this version wrote: skipped, said so
                log.warning("results partition %d offset %d unreadable, skipped: %s", partition, offset, e)
                continue
            runs.extend(r)
            verdicts.extend(v)
            by_worker[header(m.headers(), WORKER_HEADER) or "?"] += len(r)
        if runs:
            started = time.perf_counter()
            self.store.write_results(runs, verdicts)
            took = time.perf_counter() - started
            self.stats["write_s"] += took
            self.stats["runs"] += len(runs)
            self.stats["batches"] += 1
            self.meter.wrote(len(runs), took, by_worker)
        if offsets:
            self.consumer.commit(offsets=[TopicPartition(self.queue.results_topic, p, o) for p, o in offsets.items()],
                                 asynchronous=False)
        if self.meter.due():
            self.report()
        return len(runs)

    def report(self) -> None:
        """This interval's figures into the store: the workers' and this writer's lag, runs/s, write latency."""
        lag = {self.queue.topic: total_lag(self.queue.bootstrap, WORKERS, self.queue.topic),
               self.queue.results_topic: total_lag(self.queue.bootstrap, self.group, self.queue.results_topic)}
        publish(self.store, self.meter.members(), lag)
        self.meter.reset()

    def run(self) -> None:
        self.consumer.subscribe([self.queue.results_topic])
        try:
            while not self.stopping.is_set():
                self.step()
        finally:
            try:
                self.report()  # the last interval's figures, so a stopped pipeline shows where it ended
            except Exception as e:
                log.warning("pipeline figures not kept: %s", e)
            self.consumer.close()
            self.store.close()

    def stop(self) -> None:
        self.stopping.set()
