"""The HTTP surface: the OTLP/HTTP receiver and the JSON API, all through the pipeline.

Async only at the edge: a payload is decoded once, off the event loop, then handed to
the store's writer thread; the request is answered only after its spans are durable, and
the traces whole in it are checked and stored (`fastpath`).
A body is read (under `max_body_bytes` and `body_timeout`) before it takes one of the
in-flight slots, so slow clients cannot hold the slots that decoding and the store need.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import anyio
import orjson
from fastapi import FastAPI, HTTPException, Request, Response

from veracity.ingest import decode
from veracity.ingest.decode import decode_logs
from veracity.ingest.limits import DEFAULT_LIMITS, Limits
from veracity.pipeline import is_transient
from veracity.report import parse_filter
from veracity.server import api, deadletter, ui
from veracity.server.auth import OPEN, Guard, KeyRing, Principal, new_key
from veracity.server.otlp import error_response, export_response, wants_json
from veracity.server.receive import BodyError, Reader, Refused, read_and_decode, read_body, store_spans
from veracity.server.worker import Busy, StoreWorker

RETRY_AFTER_SECONDS = 2
LABEL_TYPES = ("application/json", "application/x-ndjson", "application/jsonl", "text/csv")


def principal_of(request: Request) -> Principal:
    return getattr(request.state, "principal", OPEN)


def create_app(
    worker: StoreWorker,
    deadletter_dir: Path,
    max_inflight: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    ring: KeyRing | None = None,
    allowed_hosts: frozenset[str] | None = None,
) -> FastAPI:
    """The FastAPI app over a running store worker; with keys in `ring`, every route asks for one.

    Longer than one screen because each route is a short closure over the worker, the limits and
    the key ring; each route itself stays small.
    """
    ring = ring or KeyRing([])
    closed = ring.enabled  # no open /docs when keys are on
    app = FastAPI(title="veracity", docs_url=None if closed else "/docs", redoc_url=None if closed else "/redoc",
                  openapi_url=None if closed else "/openapi.json")
    app.add_middleware(Guard, ring=ring, allowed_hosts=allowed_hosts)
    inflight = anyio.Semaphore(max_inflight or limits.max_inflight)
    reading = anyio.Semaphore(4 * (max_inflight or limits.max_inflight))

    @app.post("/v1/traces")
    async def receive_traces(request: Request) -> Response:
        return await receive(request, decode)

    @app.post("/v1/logs")
    async def receive_logs(request: Request) -> Response:
        """OTLP log records, kept beside the spans they name until their trace is checked."""
        return await receive(request, decode_logs, traces=False)

    async def receive(request: Request, reader: Reader, traces: bool = True) -> Response:
        """One OTLP export (spans or log records): read within the limits, decode, store, answer.

        Spans go to the writer thread as an arrival (`fastpath`: a trace whole in the request is
        checked before the answer); log records are stored beside their spans until the trace is due.
        """
        if reading.value == 0:  # bodies being read at once are bounded too (memory), at 4 × the slots
            return error_response(wants_json(request.headers.get("content-type")), 503,
                                  "too many request bodies being received", RETRY_AFTER_SECONDS)
        principal = principal_of(request)
        project = principal.project if not principal.admin and principal.project else None
        try:
            async with reading:
                got = await read_and_decode(request, reader, limits, deadletter_dir, project)
        except Refused as refused:
            return refused.response
        as_json = got.as_json
        if inflight.value == 0:
            return error_response(as_json, 503, "too many requests in flight", RETRY_AFTER_SECONDS)
        async with inflight:
            spans, now = got.spans, time.time_ns()
            try:
                future = (worker.submit_spans(spans, now) if traces
                          else worker.submit(lambda store: store_spans(store, spans, now)))
            except Busy as e:
                return error_response(as_json, 503, str(e), RETRY_AFTER_SECONDS)
            try:
                stored = await asyncio.wrap_future(future)
            except Exception as e:
                kept = deadletter.keep(deadletter_dir, got.body, got.content_type, f"store failed: {e}")
                if is_transient(e):
                    return error_response(as_json, 503, f"could not store spans: {e}", RETRY_AFTER_SECONDS)
                return error_response(as_json, 400, f"spans refused: {e} (payload kept as {kept.name})")
            problems = got.errors + stored.rejected
            rejected = sum(1 for problem in got.errors if "unreadable" in problem) + len(stored.rejected)
            message = "; ".join(problems[:10]) + (f"; … {len(problems) - 10} more" if len(problems) > 10 else "")
            if problems:
                deadletter.keep(deadletter_dir, got.body, got.content_type, message)
            return export_response(as_json, rejected, message)

    async def on_worker(job: Any) -> Any:
        try:
            return await asyncio.wrap_future(worker.submit(job))
        except Busy as e:
            raise HTTPException(503, str(e), headers={"Retry-After": str(RETRY_AFTER_SECONDS)}) from None

    @app.get("/api/runs")
    async def runs(request: Request, limit: int = 100, verdict: str | None = None, agent: str | None = None) -> Any:
        who = principal_of(request)
        project = None if who.admin else who.project
        return await on_worker(
            lambda store: api.list_runs(store, limit=limit, verdict=verdict, agent=agent, project=project)
        )

    @app.get("/api/runs/{run_id}")
    async def run(request: Request, run_id: str) -> Any:
        found = await on_worker(lambda store: api.run_detail(store, run_id))
        if found is None or not principal_of(request).sees(found["run"].get("project")):
            raise HTTPException(404, f"no run {run_id}")
        return found

    @app.get("/api/report")
    async def report(request: Request, agent: str | None = None, since: str | None = None) -> Any:
        who = principal_of(request)
        try:
            where = parse_filter(agent=agent, since=since)
        except ValueError as e:
            raise HTTPException(400, str(e)) from None
        if not who.admin:
            where = replace(where, project=who.project)
        return await on_worker(lambda store: api.report_for(store, where))

    @app.post("/api/labels")
    async def labels(request: Request) -> Any:
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if ctype not in LABEL_TYPES:
            raise HTTPException(415, f"labels are sent as {', '.join(LABEL_TYPES)}, not {ctype or 'no content type'}")
        try:
            body = await read_body(request, limits)
        except BodyError as e:
            raise HTTPException(e.status, str(e)) from None
        who = principal_of(request)
        project = None if who.admin else who.project
        try:
            return await on_worker(lambda store: api.import_labels(store, body, project=project, only_project=not who.admin))
        except ValueError as e:
            raise HTTPException(400, str(e)) from None

    @app.post("/api/corrections")
    async def corrections(request: Request) -> Any:
        """Downstream corrections (JSON: an object, a list or {"corrections": [...]}) become labels."""
        from veracity.corrections import import_body

        body = await request.body()
        return await on_worker(lambda store: import_body(store, body))

    @app.get("/api/review")
    async def review(request: Request, budget: float = 0, week: bool = False) -> Any:
        """The review queue: its status, or with `budget` the next runs to review (drawn and recorded)."""
        if not principal_of(request).admin:
            raise HTTPException(403, "the review queue spans every project: an admin key is needed")
        if budget > 0:
            return await on_worker(lambda store: api.review_next(store, budget, week))
        return await on_worker(api.review_status)

    def admin_only(request: Request) -> None:
        if not principal_of(request).admin or (not ring.enabled and request.client is None):
            raise HTTPException(403, "an admin key is needed")

    @app.post("/api/keys")
    async def create_key(request: Request) -> Any:
        """A new key (admin only): `{"project": P}` or `{"admin": true}`; the key is in the answer, once."""
        admin_only(request)
        if (request.headers.get("content-type") or "").split(";")[0].strip().lower() != "application/json":
            raise HTTPException(415, "send the key's settings as application/json")
        try:
            wanted = orjson.loads(await read_body(request, limits))
        except (BodyError, orjson.JSONDecodeError) as e:
            raise HTTPException(400, f"not a JSON object: {e}") from None
        project, admin = (wanted.get("project"), bool(wanted.get("admin"))) if isinstance(wanted, dict) else (None, False)
        if not admin and not (isinstance(project, str) and project):
            raise HTTPException(400, "give a project, or admin: true")
        token, record = new_key(project, admin)

        def job(store: Any) -> None:
            store.create_key(record)
            ring.reload(store.list_keys())

        await on_worker(job)
        return {"key": token, "key_id": record.key_id, "project": record.project, "admin": record.admin}

    @app.delete("/api/keys/{key_id}")
    async def revoke_key(request: Request, key_id: str) -> Any:
        admin_only(request)

        def job(store: Any) -> bool:
            done = store.revoke_key(key_id, time.time_ns())
            ring.reload(store.list_keys())
            return bool(done)

        if not await on_worker(job):
            raise HTTPException(404, f"no active key {key_id}")
        return {"revoked": key_id}

    ui.register(app, on_worker, ui.reads_beside(worker.store))

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"ok": True, "queued": worker.jobs.qsize(), "checked_runs": worker.checked_runs,
                "whole_traces": worker.whole_traces}

    return app
