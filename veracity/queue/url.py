"""`kafka://HOST:PORT/TOPIC` URLs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse


@dataclass(frozen=True)
class KafkaUrl:
    bootstrap: str
    topic: str

    @property
    def results_topic(self) -> str:
        """Where workers publish checked runs when they cannot write the store themselves."""
        return f"{self.topic}.results"

    def __str__(self) -> str:
        return f"kafka://{self.bootstrap}/{self.topic}"


def parse_kafka_url(url: str) -> KafkaUrl:
    """`kafka://127.0.0.1:9092/spans` → bootstrap and topic; anything else is an error naming the URL."""
    parsed = urlparse(url)
    if parsed.scheme != "kafka" or not parsed.hostname or not parsed.port:
        raise ValueError(f"queue {url!r}: expected kafka://HOST:PORT/TOPIC")
    topic = parsed.path.strip("/")
    if not topic or "/" in topic:
        raise ValueError(f"queue {url!r}: expected one topic name after the address (kafka://HOST:PORT/TOPIC)")
    return KafkaUrl(bootstrap=f"{parsed.hostname}:{parsed.port}", topic=topic)
