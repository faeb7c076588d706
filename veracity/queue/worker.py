"""`veracity worker`: one member of the consumer group that reads the spans topic.

Each worker assembles its partitions' traces after the quiet period, checks them through the
pipeline and hands them to a sink: the store itself (a ClickHouse server takes writes from many
processes) or the results topic (chdb and DuckDB belong to one process: `veracity writer` stores).
Offsets are committed only after the sink accepted the runs (see `assembler`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import orjson
from confluent_kafka import Consumer, KafkaError, TopicPartition

from veracity.checks import EvidenceSet
from veracity.config import Config
from veracity.ingest import DecodeError, assemble
from veracity.model import Run, Verdict
from veracity.pipeline import check_isolated, learn_isolated, learn_pairs, new_context, store_runs
from veracity.queue.assembler import Assembler
from veracity.queue.health import WORKER_HEADER, Meter, member_id, publish, total_lag
from veracity.queue.messages import RESULTS_TYPE, decode_spans_message, encode_results, header
from veracity.queue.producer import Appender, Unavailable, ensure_topics
from veracity.queue.url import KafkaUrl
from veracity.store import engine_path, open_store

log = logging.getLogger("veracity.worker")
GROUP = "veracity-workers"
Sink = Callable[[list[Run]], list[Verdict]]


def consumer_config(bootstrap: str, group: str) -> dict[str, Any]:
    return {"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
            "auto.offset.reset": "earliest", "partition.assignment.strategy": "cooperative-sticky",
            "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000, "max.poll.interval.ms": 120000,
            "reconnect.backoff.max.ms": 1000, "topic.metadata.refresh.interval.ms": 2000}


def writes_directly(store_url: str) -> bool:
    """Only a ClickHouse server takes writes from several processes; chdb and DuckDB get one writer."""
    return engine_path(store_url)[0] == "clickhouse"


def publishing_sink(queue: KafkaUrl, config: Config) -> tuple[Sink, Callable[[], None]]:
    """Check a batch with what this worker learned before it, publish each run and verdict to the results
    topic, then learn from the batch (check first, learn after, as every other path does)."""
    appender = Appender(queue.bootstrap, queue.results_topic)
    context = new_context(config)

    def sink(runs: list[Run]) -> list[Verdict]:
        evidence = EvidenceSet(config)
        checked, verdicts, problems = check_isolated(runs, evidence, context)
        for problem in problems:
            log.warning("%s", problem)
        me = member_id()
        appender.append([(r.run_id.encode(), encode_results([r], [v]), {"content-type": RESULTS_TYPE, WORKER_HEADER: me})
                         for r, v in zip(checked, verdicts, strict=True)])
        learn_isolated(checked, evidence, context)
        learn_pairs(checked, verdicts, evidence, context)
        return verdicts

    return sink, appender.close


def store_sink(store_url: str, config: Config) -> tuple[Sink, Callable[[], None], Callable[[Meter, KafkaUrl], None]]:
    """Write through `store_runs` (a ClickHouse server takes writes from every worker); each worker then
    keeps its own pipeline figures in the same store."""
    store = open_store(store_url)

    def report(meter: Meter, queue: KafkaUrl) -> None:
        publish(store, meter.members(), {queue.topic: total_lag(queue.bootstrap, GROUP, queue.topic)})

    return (lambda runs: store_runs(runs, store, config)), store.close, report


class Worker:
    """The consumer loop; `stop()` from another thread (or a signal) ends it after the current batch."""

    def __init__(self, queue: KafkaUrl, store_url: str, config: Config, group: str = GROUP) -> None:
        self.queue, self.config = queue, config
        ensure_topics(queue.bootstrap, [queue.topic, queue.results_topic])
        direct = writes_directly(store_url)
        self._report: Callable[[Meter, KafkaUrl], None] | None = None
        if direct:
            self.sink, self._close_sink, self._report = store_sink(store_url, config)
        else:
            self.sink, self._close_sink = publishing_sink(queue, config)
        self.meter = Meter("worker")
        self.assembler = Assembler(quiet_s=config.quiet_period, late_window_s=max(60.0, 10 * config.quiet_period))
        self.consumer = Consumer(consumer_config(queue.bootstrap, group))
        self.stopping = threading.Event()
        self.committed: dict[int, int] = {}
        self.stats = {"runs": 0, "messages": 0, "unreadable": 0, "rebalances": 0, "write_s": 0.0}

    def _commit(self, partitions: set[int] | None = None) -> None:
        offsets = {p: o for p, o in self.assembler.commit_offsets().items()
                   if (partitions is None or p in partitions) and self.committed.get(p) != o}
        if not offsets:
            return
        self.consumer.commit(offsets=[TopicPartition(self.queue.topic, p, o) for p, o in offsets.items()],
                             asynchronous=False)
        self.committed.update(offsets)

    def _on_revoke(self, _consumer: Any, partitions: list[TopicPartition]) -> None:
        gone = {tp.partition for tp in partitions}
        try:
            self._commit(gone)
        except Exception as e:  # the group moved on: the next owner reads from the last commit
            log.warning("commit on revoke failed: %s", e)
        dropped = self.assembler.revoke(gone)
        for p in gone:
            self.committed.pop(p, None)
        self.stats["rebalances"] += 1
        log.info("revoked %s, %d open traces handed over", sorted(gone), dropped)

    def _take(self, messages: list[Any], now: float) -> None:
        for m in messages:
            if m.error():
                if m.error().code() != KafkaError._PARTITION_EOF:
                    log.warning("consumer: %s", m.error())
                continue
            self.stats["messages"] += 1
            try:
                spans = decode_spans_message(m.value(), header(m.headers(), "content-type"))
            except DecodeError as e:
                self.stats["unreadable"] += 1
                log.warning("partition %d offset %d unreadable, skipped: %s", m.partition(), m.offset(), e)
                self.assembler.advance(m.partition(), m.offset())
                continue
            self.assembler.add(m.partition(), m.offset(), spans, now)

    def step(self, timeout: float = 0.2) -> int:
        """Read what arrived, check and hand over the traces due, commit; returns runs written."""
        messages = self.consumer.consume(500, timeout=timeout)
        now = time.monotonic()
        self._take(messages, now)
        due = self.assembler.due(now)
        written = 0
        if due:
            runs = assemble(self.assembler.spans_of(due))
            started = time.perf_counter()
            try:
                if runs:
                    self.sink(runs)
            except Unavailable as e:  # Kafka (or the store) is away: the traces stay due, nothing is committed
                log.warning("could not hand over %d runs, will retry: %s", len(runs), e)
                return 0
            took = time.perf_counter() - started
            self.stats["write_s"] += took
            self.assembler.written(due, now)
            written = len(runs)
            self.stats["runs"] += written
            self.meter.wrote(written, took)
        if self._report is not None and self.meter.due(now):
            self._report(self.meter, self.queue)
            self.meter.reset()
        self._commit()
        self.assembler.forget(now)
        return written

    def run(self) -> None:
        self.consumer.subscribe([self.queue.topic], on_revoke=self._on_revoke, on_lost=self._on_revoke)
        last_log = time.monotonic()
        try:
            while not self.stopping.is_set():
                self.step()
                if time.monotonic() - last_log >= 5:
                    last_log = time.monotonic()
                    log.info("%s", orjson.dumps({"open": self.assembler.open_count(), **self.stats}).decode())
        finally:
            self.consumer.close()  # revokes the partitions: written work is committed, open traces handed over
            self._close_sink()

    def stop(self) -> None:
        self.stopping.set()
