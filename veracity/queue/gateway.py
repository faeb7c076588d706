"""`veracity serve --queue kafka://HOST:PORT/TOPIC`: a stateless OTLP/HTTP receiver in front of Kafka.

Each request is decoded (a payload that cannot be read is a 400 and kept in the dead-letter folder),
its spans are grouped by trace and appended to the topic keyed by trace id, and the client gets its
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

from veracity.ingest import DecodeError, decode
from veracity.ingest.spans import Span
from veracity.queue.messages import SPANS_TYPE, encode_spans
from veracity.queue.producer import Appender, Unavailable, ensure_topics
from veracity.queue.url import KafkaUrl
from veracity.server import deadletter
from veracity.server.otlp import error_response, export_response, wants_json

MAX_BODY = 64 * 1024 * 1024
RETRY_AFTER_SECONDS = 2


def trace_messages(spans: list[Span]) -> list[tuple[bytes, bytes, dict[str, str]]]:
    """One message per trace: (trace id, its spans, the content-type header)."""
    by_trace: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        by_trace[span.trace_id].append(span)
    return [(trace.encode(), encode_spans(group), {"content-type": SPANS_TYPE}) for trace, group in by_trace.items()]


def create_gateway(queue: KafkaUrl, deadletter_dir: Path, timeout_s: float = 5.0) -> FastAPI:
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

    app = FastAPI(title="veracity gateway", lifespan=lifespan)

    @app.post("/v1/traces")
    async def receive(request: Request) -> Response:
        ctype = request.headers.get("content-type")
        as_json = wants_json(ctype)
        body = await request.body()
        if len(body) > MAX_BODY:
            return error_response(as_json, 413, f"payload of {len(body)} bytes exceeds {MAX_BODY}")
        try:
            decoded = await anyio.to_thread.run_sync(decode, body, ctype)
        except DecodeError as e:
            kept = deadletter.keep(deadletter_dir, body, ctype, str(e))
            return error_response(as_json, 400, f"{e} (payload kept as {kept.name})")
        messages = trace_messages(decoded.spans)
        try:
            await anyio.to_thread.run_sync(appender[0].append, messages)
        except Unavailable as e:
            state["unavailable"] += 1
            return error_response(as_json, 503, str(e), RETRY_AFTER_SECONDS)
        state["acked_requests"] += 1
        state["acked_spans"] += len(decoded.spans)
        rejected = sum(1 for problem in decoded.errors if "unreadable" in problem)
        if decoded.errors:
            deadletter.keep(deadletter_dir, body, ctype, "; ".join(decoded.errors[:10]))
        return export_response(as_json, rejected, "; ".join(decoded.errors[:10]))

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"ok": True, "role": "gateway", "queue": str(queue), **state}

    return app


def serve_gateway(host: str, port: int, queue: KafkaUrl, deadletter_dir: Path) -> None:
    import uvicorn

    uvicorn.run(create_gateway(queue, deadletter_dir), host=host, port=port, log_level="warning",
                timeout_graceful_shutdown=10)
