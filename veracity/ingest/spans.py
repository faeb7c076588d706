"""The decoded span: OTLP (protobuf or JSON) reduced to plain Python values."""

from __future__ import annotations

from typing import Any

import msgspec

STATUS_UNSET, STATUS_OK, STATUS_ERROR = 0, 1, 2


class Span(msgspec.Struct, frozen=True):
    """One OTLP span with its attributes and its resource's attributes as plain dicts."""

    trace_id: str
    span_id: str
    parent_id: str | None
    name: str
    start_ns: int
    end_ns: int
    attributes: dict[str, Any]
    resource: dict[str, Any]
    status_code: int = STATUS_UNSET
    status_message: str = ""
    kind: int = 0
    scope: str = ""
    events: list[dict[str, Any]] = []
    errors: list[str] = []


class DecodeError(ValueError):
    """A payload that cannot be read; the message says what and where."""


class LimitError(DecodeError):
    """A payload over one of the limits; `status` is the HTTP answer (413 for sizes, else 400)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status
