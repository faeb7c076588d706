"""`veracity serve`: the receiver, its store worker and uvicorn, with a graceful stop."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import uvicorn

from veracity.config import Config
from veracity.server.app import create_app
from veracity.server.worker import StoreWorker
from veracity.store import db_path
from veracity.store.duck import DuckStore


def build(db: str | None, config: Config, quiet_period: float | None = None,
          emit_otlp: str | None = None) -> tuple[Any, StoreWorker]:
    """The app and its (not yet started) worker, with a lifespan that starts and drains it.

    `emit_otlp`: an OTLP/HTTP endpoint that receives every checked run's findings as spans.
    """
    if quiet_period is not None:
        config = replace(config, quiet_period=quiet_period)
    path = db_path(db)
    emitter = None
    if emit_otlp:
        from veracity.sdk.emit import FindingsExporter

        emitter = FindingsExporter(emit_otlp)
    worker = StoreWorker(DuckStore(path), config, emitter=emitter)
    app = create_app(worker, Path(path + ".deadletter"))

    @asynccontextmanager
    async def lifespan(_: Any) -> Any:
        worker.start()
        yield
        worker.stop()

    app.router.lifespan_context = lifespan
    return app, worker


def answer_once(path: str, db: str | None, config: Config) -> tuple[int, str]:
    """One GET through the app, in process and without a socket: `veracity serve --get /api/report`."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # starlette's note about its httpx client
        from fastapi.testclient import TestClient

    app, _ = build(db, config)
    with TestClient(app) as client:  # runs the lifespan: the store worker starts and stops
        response = client.get(path)
    return response.status_code, response.text


def serve_forever(host: str, port: int, db: str | None, config: Config, quiet_period: float | None = None,
                  emit_otlp: str | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app, _ = build(db, config, quiet_period, emit_otlp)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=30)
