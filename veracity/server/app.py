"""The HTTP surface: the OTLP/HTTP receiver and the JSON API, all through the pipeline.

Async only at the edge: a payload is decoded once, off the event loop, then handed to
the store's writer thread; the request is answered only after its spans are durable.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, HTTPException, Request, Response

from veracity.ingest import DecodeError, decode
from veracity.server import api, deadletter
from veracity.server.otlp import error_response, export_response, wants_json
from veracity.server.worker import Busy, StoreWorker

MAX_BODY = 64 * 1024 * 1024
RETRY_AFTER_SECONDS = 2


def create_app(worker: StoreWorker, deadletter_dir: Path, max_inflight: int = 16) -> FastAPI:
    """The FastAPI app over a running store worker."""
    app = FastAPI(title="veracity")
    inflight = anyio.Semaphore(max_inflight)

    @app.post("/v1/traces")
    async def receive_traces(request: Request) -> Response:
        ctype = request.headers.get("content-type")
        as_json = wants_json(ctype)
        if inflight.value == 0:
            return error_response(as_json, 503, "too many requests in flight", RETRY_AFTER_SECONDS)
        async with inflight:
            body = await request.body()
            if len(body) > MAX_BODY:
                return error_response(as_json, 413, f"payload of {len(body)} bytes exceeds {MAX_BODY}")
            try:
                decoded = await anyio.to_thread.run_sync(decode, body, ctype)
            except DecodeError as e:
                kept = deadletter.keep(deadletter_dir, body, ctype, str(e))
                return error_response(as_json, 400, f"{e} (payload kept as {kept.name})")
            spans = decoded.spans
            try:
                future = worker.submit(lambda store: store.write_spans(spans, time.time_ns()))
            except Busy as e:
                return error_response(as_json, 503, str(e), RETRY_AFTER_SECONDS)
            try:
                await asyncio.wrap_future(future)
            except Exception as e:
                kept = deadletter.keep(deadletter_dir, body, ctype, f"store failed: {e}")
                return error_response(as_json, 503, f"could not store spans: {e}", RETRY_AFTER_SECONDS)
            rejected = sum(1 for problem in decoded.errors if "unreadable" in problem)
            message = "; ".join(decoded.errors[:10])
            if decoded.errors:
                deadletter.keep(deadletter_dir, body, ctype, message)
            return export_response(as_json, rejected, message)

    async def on_worker(job: Any) -> Any:
        try:
            return await asyncio.wrap_future(worker.submit(job))
        except Busy as e:
            raise HTTPException(503, str(e), headers={"Retry-After": str(RETRY_AFTER_SECONDS)}) from None

    @app.get("/api/runs")
    async def runs(limit: int = 100, verdict: str | None = None, agent: str | None = None) -> Any:
        return await on_worker(lambda store: api.list_runs(store, limit=limit, verdict=verdict, agent=agent))

    @app.get("/api/runs/{run_id}")
    async def run(run_id: str) -> Any:
        found = await on_worker(lambda store: api.run_detail(store, run_id))
        if found is None:
            raise HTTPException(404, f"no run {run_id}")
        return found

    @app.get("/api/report")
    async def report(agent: str | None = None, since: str | None = None) -> Any:
        try:
            return await on_worker(lambda store: api.report(store, agent=agent, since=since))
        except ValueError as e:
            raise HTTPException(400, str(e)) from None

    @app.post("/api/labels")
    async def labels(request: Request) -> Any:
        body = await request.body()
        try:
            return await on_worker(lambda store: api.import_labels(store, body))
        except ValueError as e:
            raise HTTPException(400, str(e)) from None

    @app.post("/api/corrections")
    async def corrections(request: Request) -> Any:
        """Downstream corrections (JSON: an object, a list or {"corrections": [...]}) become labels."""
        from veracity.corrections import import_body

        body = await request.body()
        return await on_worker(lambda store: import_body(store, body))

    @app.get("/api/review")
    async def review(budget: float = 0, week: bool = False) -> Any:
        """The review queue: its status, or with `budget` the next runs to review (drawn and recorded)."""
        if budget > 0:
            return await on_worker(lambda store: api.review_next(store, budget, week))
        return await on_worker(api.review_status)

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"ok": True, "queued": worker.jobs.qsize(), "checked_runs": worker.checked_runs}

    return app
