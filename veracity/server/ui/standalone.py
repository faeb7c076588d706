"""`veracity ui`: the pages over a store, with no OTLP receiver (the store worker still owns the store)."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, HTTPException

from veracity.config import Config
from veracity.server.ui.routes import reads_beside, register
from veracity.server.worker import Busy, StoreWorker
from veracity.store import db_path, open_store


def build_ui(db: str | None, config: Config) -> tuple[FastAPI, StoreWorker]:
    """The UI app and its (not yet started) store worker, with a lifespan that starts and stops it."""
    worker = StoreWorker(open_store(db_path(db)), config)

    @asynccontextmanager
    async def lifespan(_: Any) -> Any:
        worker.start()
        yield
        worker.stop()

    app = FastAPI(title="veracity ui", lifespan=lifespan)

    async def on_worker(job: Any) -> Any:
        try:
            return await asyncio.wrap_future(worker.submit(job))
        except Busy as e:
            raise HTTPException(503, str(e), headers={"Retry-After": "2"}) from None

    register(app, on_worker, reads_beside(worker.store))
    return app, worker


def serve_ui(host: str, port: int, db: str | None, config: Config) -> None:
    app, _ = build_ui(db, config)
    uvicorn.run(app, host=host, port=port, log_level="warning")
