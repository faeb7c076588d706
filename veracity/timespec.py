"""`--since` values: an ISO 8601 date or time, or a span back from now (`24h`, `7d`, `30m`)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(value: str, now_ns: int | None = None) -> int:
    """Nanoseconds since the epoch. Raises ValueError naming the value when it cannot be read.

    >>> parse_since("2026-11-20T10:00:00Z")
    1795168800000000000
    >>> parse_since("2h", now_ns=7_200_000_000_000)
    0
    """
    now = time.time_ns() if now_ns is None else now_ns
    m = _SPAN.match(value)
    if m:
        return now - int(float(m.group(1)) * _UNIT_SECONDS[m.group(2)] * 1e9)
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--since {value!r}: expected an ISO 8601 date or time, or a span like 24h or 7d") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1e9)
