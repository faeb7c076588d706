"""`veracity worker`, `veracity writer` and `veracity cluster`: scale-out through Kafka (`veracity.queue`)."""

from __future__ import annotations

import logging
import signal
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

QueueOpt = Annotated[str, typer.Option("--queue", help="Spans topic: kafka://HOST:PORT/TOPIC.")]
StoreOpt = Annotated[str, typer.Option("--store", help="Store URL: chdb:///dir, clickhouse://host:8123/db, duckdb:///f.")]
QuietOpt = Annotated[float | None, typer.Option(help="Seconds without new spans before a trace is checked.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (default ./veracity.toml).")]


def _until_signal(stop: Any) -> None:
    def on_signal(_sig: int, _frame: Any) -> None:
        stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)


def worker(queue: QueueOpt, store: StoreOpt, quiet_period: QuietOpt = None, config: ConfigOpt = None) -> None:
    """Check traces from the spans topic (one consumer group); write them, or publish them for the writer."""
    from veracity.cli.main import _config
    from veracity.queue.url import parse_kafka_url
    from veracity.queue.worker import Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = _config(config)
    if quiet_period is not None:
        settings = replace(settings, quiet_period=quiet_period)
    w = Worker(parse_kafka_url(queue), store, settings)
    _until_signal(w.stop)
    w.run()


def writer(queue: QueueOpt, store: StoreOpt) -> None:
    """Store the workers' results (the results topic) in large batches: the one process owning the store."""
    from veracity.queue.url import parse_kafka_url
    from veracity.queue.writer import Writer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    w = Writer(parse_kafka_url(queue), store)
    _until_signal(w.stop)
    w.run()


def cluster(
    queue: QueueOpt,
    store: StoreOpt,
    workers: Annotated[int, typer.Option("--workers", min=1, help="How many workers.")] = 3,
    port: Annotated[int | None, typer.Option(help="The gateway's port (default: a free one).")] = None,
    quiet_period: QuietOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Start a gateway, N workers and (for chdb or DuckDB) the writer; one JSON line per process; SIGTERM stops all."""
    from veracity.queue.cluster import run_cluster
    from veracity.queue.url import parse_kafka_url

    raise typer.Exit(run_cluster(parse_kafka_url(queue), store, workers, port, str(config) if config else None,
                                 quiet_period))
