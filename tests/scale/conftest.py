"""A real Kafka broker for the scale-out tests: `scripts/kafka-dev` in a temporary folder, once a session."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KAFKA_DEV = ROOT / "scripts" / "kafka-dev"
CACHE = ROOT / ".cache" / "kafka-dev"  # the jars, resolved from Maven Central once


@dataclass
class Broker:
    dir: Path
    bootstrap: str

    def stop(self) -> None:
        subprocess.run([str(KAFKA_DEV), "stop", str(self.dir)], check=True, timeout=120)

    def start(self) -> None:
        out = subprocess.run([str(KAFKA_DEV), "start", str(self.dir)], check=True, timeout=900, text=True,
                             capture_output=True, env={**os.environ, "KAFKA_DEV_CACHE": str(CACHE)})
        line = [x for x in out.stdout.splitlines() if x.startswith("BOOTSTRAP=")][-1]
        self.bootstrap = line.split("=", 1)[1]


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the Kafka tests need a local broker (scripts/kafka-dev, Java 17)")
    pytest.importorskip("confluent_kafka", reason="the Kafka tests need the scale extra: pip install -e '.[scale]'")
    b = Broker(tmp_path_factory.mktemp("kafka"), "")
    b.start()
    yield b
    b.stop()
