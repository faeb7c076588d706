"""`veracity serve --queue kafka://HOST:PORT/TOPIC`: a stateless OTLP/HTTP receiver in front of Kafka.

Each request (traces at /v1/traces, logs at /v1/logs) is read and decoded under the same limits,
Host/cross-site checks and API keys as `veracity serve` (a payload that cannot be read is a 400 and
kept in the dead-letter folder; a project key's spans are stamped with its project), its spans are grouped by trace and appended to the topic keyed by trace id, and the client gets its
200 only after Kafka acknowledged every message (acks=all, idempotent producer). A Kafka it cannot
reach is a 503 with Retry-After: the client's exporter retries, nothing is dropped silently.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request, Response

from veracity.ingest import decode
from veracity.ingest.decode import decode_logs
from veracity.ingest.limits import DEFAULT_LIMITS, Limits
from veracity.ingest.spans import Span
from veracity.queue.messages import SPANS_TYPE, encode_spans
from veracity.queue.producer import Appender, Unavailable, ensure_topics
from veracity.queue.url import KafkaUrl
from veracity.server import deadletter
from veracity.server.auth import Guard, KeyRing, Principal
from veracity.server.otlp import error_response, export_response
from veracity.server.receive import Reader, Refused, read_and_decode

RETRY_AFTER_SECONDS = 2


def trace_messages(spans: list[Span]) -> list[tuple[bytes, bytes, dict[str, str]]]:
    """One message per trace: (trace id, its spans, the content-type header)."""
    by_trace: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        by_trace[span.trace_id].append(span)
    return [(trace.encode(), encode_spans(group), {"content-type": SPANS_TYPE}) for trace, group in by_trace.items()]


def create_gateway(queue: KafkaUrl, deadletter_dir: Path, timeout_s: float = 5.0, limits: Limits = DEFAULT_LIMITS,
                   ring: KeyRing | None = None, allowed_hosts: frozenset[str] | None = None) -> FastAPI:
    """The gateway's app; with keys in `ring`, every route but /healthz asks for one."""
    state: dict[str, Any] = {"acked_requests": 0, "acked_spans": 0, "unavailable": 0}
    appender: list[Appender] = []

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        try:
            ensure_topics(queue.bootstrap, [queue.topic], timeout_s=timeout_s)
        except Exception as e:  # Kafka down at start: requests answer 503 until it is back
            logging.getLogger("veracity.gateway").warning("could not check topic %s: %s", queue.topic, e)
        appender.append(Appender(queue.bootstrap, queue.topic, timeout_s))
        yield
        appender.pop().close()

    app = FastAPI(title="veracity gateway", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(Guard, ring=ring or KeyRing([]), allowed_hosts=allowed_hosts)

    async def receive(request: Request, reader: Reader) -> Response:
        principal: Principal | None = getattr(request.state, "principal", None)
        project = principal.project if principal is not None and not principal.admin else None
        try:
            got = await read_and_decode(request, reader, limits, deadletter_dir, project)
        except Refused as refused:
            return refused.response
        as_json, spans = got.as_json, got.spans
        try:
            await anyio.to_thread.run_sync(appender[0].append, trace_messages(spans))
        except Unavailable as e:
            state["unavailable"] += 1
            return error_response(as_json, 503, str(e), RETRY_AFTER_SECONDS)
        state["acked_requests"] += 1
        state["acked_spans"] += len(spans)
        rejected = sum(1 for problem in got.errors if "unreadable" in problem)
        if got.errors:
            deadletter.keep(deadletter_dir, got.body, got.content_type, "; ".join(got.errors[:10]))
        return export_response(as_json, rejected, "; ".join(got.errors[:10]))

    @app.post("/v1/traces")
    async def receive_traces(request: Request) -> Response:
        return await receive(request, decode)

    @app.post("/v1/logs")
    async def receive_logs(request: Request) -> Response:
        return await receive(request, decode_logs)

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"ok": True, "role": "gateway", "queue": str(queue), **state}

    return app


def serve_gateway(host: str, port: int, queue: KafkaUrl, deadletter_dir: Path, limits: Limits = DEFAULT_LIMITS,
                  ring: KeyRing | None = None, allowed_hosts: frozenset[str] | None = None) -> None:
    import uvicorn

    uvicorn.run(create_gateway(queue, deadletter_dir, limits=limits, ring=ring, allowed_hosts=allowed_hosts),
                host=host, port=port, log_level="warning", timeout_graceful_shutdown=10)
