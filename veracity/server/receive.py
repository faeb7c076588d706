"""Reading one OTLP request: the body under limits and a deadline, and its spans into the store.

Kept apart from the routes so each step has one job: `read_body` bounds what a client may send
and for how long, `read_and_decode` turns a request into spans (or the answer that refuses it) for
both `veracity serve` and the Kafka gateway, `store_spans` makes spans durable and tells a permanent
failure (in the data: that span is rejected) from a transient one (the store: retry later).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import anyio
import msgspec
from fastapi import Request, Response

from veracity.ingest import DecodeError, Span
from veracity.ingest import conventions as c
from veracity.ingest.decode import Decoded
from veracity.ingest.limits import Limits
from veracity.ingest.spans import LimitError
from veracity.pipeline import is_transient
from veracity.server import deadletter
from veracity.server.otlp import error_response, wants_json
from veracity.store.base import Store

Reader = Callable[[bytes, str | None, Limits], Decoded]

log = logging.getLogger("veracity.server")


class BodyError(Exception):
    """A body that was not read: too large (413) or too slow (408)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


async def read_body(request: Request, limits: Limits) -> bytes:
    """The request body, refused past `max_body_bytes` (413) or after `body_timeout` seconds (408)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise BodyError(413, f"payload of {declared} bytes exceeds max_body_bytes ({limits.max_body_bytes})")
    parts: list[bytes] = []
    size = 0
    try:
        with anyio.fail_after(limits.body_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limits.max_body_bytes:
                    raise BodyError(413, f"payload exceeds max_body_bytes ({limits.max_body_bytes})")
                parts.append(chunk)
    except TimeoutError:
        raise BodyError(408, f"request body not received within body_timeout ({limits.body_timeout:g} s)") from None
    return b"".join(parts)


def decode_request(reader: Reader, body: bytes, ctype: str | None,
                   limits: Limits) -> Decoded:
    """`reader(body, ctype, limits)`; a reader's own bug is a refusal of this payload, never a 500 or a retry."""
    try:
        return reader(body, ctype, limits)
    except DecodeError:
        raise
    except Exception as e:
        raise DecodeError(f"payload could not be read ({type(e).__name__}: {str(e)[:200]})") from None


class Refused(Exception):
    """A request that was not read or not decoded; `response` is the OTLP answer to send."""

    def __init__(self, response: Response):
        super().__init__(response.status_code)
        self.response = response


@dataclass
class Received:
    """One request read and decoded: its body (kept for the dead-letter folder), spans and problems."""

    body: bytes
    content_type: str | None
    as_json: bool
    spans: list[Span]
    errors: list[str]


async def read_and_decode(request: Request, reader: Reader, limits: Limits, deadletter_dir: Path,
                          project: str | None = None) -> Received:
    """The request's body read under `limits`, decoded off the event loop by `reader`, its spans stamped
    with `project` (a project key's); raises `Refused` with the answer (413/408, 400 and the payload kept).

    The one receive path of `veracity serve` and of the Kafka gateway.
    """
    ctype = request.headers.get("content-type")
    as_json = wants_json(ctype)
    try:
        body = await read_body(request, limits)
    except BodyError as e:
        raise Refused(error_response(as_json, e.status, str(e))) from None
    as_json = as_json or body[:1] in (b"{", b"[")
    try:
        decoded = await anyio.to_thread.run_sync(decode_request, reader, body, ctype, limits)
    except DecodeError as e:
        status = e.status if isinstance(e, LimitError) else 400
        kept = deadletter.keep(deadletter_dir, body, ctype, str(e))
        raise Refused(error_response(as_json, status, f"{e} (payload kept as {kept.name})")) from None
    spans = stamp_project(decoded.spans, project) if project else decoded.spans
    return Received(body, ctype, as_json, spans, decoded.errors)


def stamp_project(spans: list[Span], project: str) -> list[Span]:
    """Every span written with a project key belongs to that key's project, whatever it says."""
    out = []
    for s in spans:
        if s.attributes.get(c.VERACITY_PROJECT) != project:
            s = msgspec.structs.replace(s, attributes={**s.attributes, c.VERACITY_PROJECT: project})
        out.append(s)
    return out


@dataclass
class Stored:
    """What became of a request's spans: how many were kept, and why each refused one was."""

    written: int = 0
    rejected: list[str] = field(default_factory=list)


def store_spans(store: Store, spans: list[Span], received_ns: int) -> Stored:
    """Write spans; when the batch fails on its data, span by span, so only the bad ones are refused.

    A transient error (I/O, memory) is raised: the client is told to retry.
    """
    try:
        return Stored(store.write_spans(spans, received_ns))
    except Exception as e:
        if is_transient(e):
            raise
        log.warning("a batch of %d spans failed (%s); writing them one by one", len(spans), e)
    out = Stored()
    for span in spans:
        try:
            out.written += store.write_spans([span], received_ns)
        except Exception as e:
            if is_transient(e):
                raise
            out.rejected.append(f"span {span.span_id} refused by the store: {type(e).__name__}: {str(e)[:200]}")
    return out
