"""Consumer lag: how many messages of a topic a group has not committed yet, per partition."""

from __future__ import annotations

from confluent_kafka import Consumer, TopicPartition


def group_lag(bootstrap: str, group: str, topic: str, timeout_s: float = 10.0) -> dict[int, int]:
    """Per partition, the high watermark minus the group's committed offset (all of it if none)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        meta = consumer.list_topics(topic, timeout=timeout_s).topics.get(topic)
        if meta is None or meta.error is not None:
            return {}
        parts = [TopicPartition(topic, p) for p in sorted(meta.partitions)]
        committed = {tp.partition: tp.offset for tp in consumer.committed(parts, timeout=timeout_s)}
        lag = {}
        for tp in parts:
            low, high = consumer.get_watermark_offsets(tp, timeout=timeout_s)
            done = committed.get(tp.partition, -1)
            lag[tp.partition] = high - (done if done >= 0 else low)
        return lag
    finally:
        consumer.close()
