"""An idempotent Kafka producer (acks=all) whose `append` returns only once Kafka acknowledged."""

from __future__ import annotations

import threading
from typing import Any

from confluent_kafka import KafkaError, KafkaException, Producer


class Unavailable(Exception):
    """Kafka did not acknowledge in time: the caller answers 503 and the client retries."""


def producer_config(bootstrap: str, timeout_s: float) -> dict[str, Any]:
    return {"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 5,
            "message.timeout.ms": int(timeout_s * 1000), "socket.connection.setup.timeout.ms": 2000,
            "reconnect.backoff.max.ms": 1000, "compression.type": "lz4"}


class Appender:
    """Appends batches of (key, value, headers) to a topic; a thread serves the producer's callbacks."""

    def __init__(self, bootstrap: str, topic: str, timeout_s: float = 5.0) -> None:
        self.topic, self.timeout_s, self.bootstrap = topic, timeout_s, bootstrap
        self.producer = Producer(producer_config(bootstrap, timeout_s))
        self._swap = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="kafka-poll", daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.producer.poll(0.05)

    def append(self, messages: list[tuple[bytes, bytes, dict[str, str]]], topic: str | None = None) -> None:
        """Produce every message and wait for each acknowledgement; any failure raises `Unavailable`."""
        if not messages:
            return
        left = [len(messages)]
        errors: list[str] = []
        done = threading.Event()
        lock = threading.Lock()

        def delivered(err: KafkaError | None, _msg: Any) -> None:
            with lock:
                if err is not None:
                    errors.append(str(err))
                left[0] -= 1
                if left[0] == 0:
                    done.set()

        producer = self.producer
        try:
            for key, value, headers in messages:
                producer.produce(topic or self.topic, value=value, key=key, headers=list(headers.items()),
                                 on_delivery=delivered)
        except (BufferError, KafkaException) as e:
            self._renew(producer)
            raise Unavailable(f"could not hand the messages to the producer: {e}") from e
        if not done.wait(self.timeout_s + 2) or errors:
            self._renew(producer)
            raise Unavailable("Kafka did not acknowledge: " + ("; ".join(sorted(set(errors))) or "timed out"))

    def _renew(self, failed: Producer) -> None:
        """A fresh producer after a failure: an idempotent producer whose messages timed out may stay stuck
        (its sequence numbers no longer match the broker's) long after Kafka is back."""
        with self._swap:
            if self.producer is failed:
                self.producer = Producer(producer_config(self.bootstrap, self.timeout_s))
                failed.purge()
                failed.flush(0)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.producer.flush(self.timeout_s)


def ensure_topics(bootstrap: str, topics: list[str], partitions: int = 6, timeout_s: float = 30.0) -> None:
    """Create the topics that do not exist yet (a consumer cannot subscribe to a missing one)."""
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    existing = set(admin.list_topics(timeout=timeout_s).topics)
    wanted = [NewTopic(t, num_partitions=partitions, replication_factor=1) for t in topics if t not in existing]
    for topic, future in (admin.create_topics(wanted) if wanted else {}).items():
        try:
            future.result(timeout_s)
        except Exception as e:  # another process created it first
            if "TOPIC_ALREADY_EXISTS" not in str(e):
                raise RuntimeError(f"could not create topic {topic}: {e}") from e
