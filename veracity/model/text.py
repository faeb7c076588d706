"""Recorded values as text: how every stage reads a step's arguments or result as a string.

>>> as_text({"a": 1}), as_text(None), readable('{"city": "M\\\\u00fcnchen"}')
('{"a":1}', '', '{"city":"München"}')
"""

from __future__ import annotations

from typing import Any

import orjson


def as_text(value: Any) -> str:
    """Any attribute value as text: strings as they are, everything else as JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return orjson.dumps(value, default=str).decode()


def readable(text: str) -> str:
    """JSON text with `\\uXXXX` escapes re-written as the characters they stand for ("€", "ß"),
    so values in it read as a person reads them; any other text unchanged."""
    if "\\u" not in text or text.lstrip()[:1] not in ("{", "["):
        return text
    try:
        return orjson.dumps(orjson.loads(text)).decode()
    except orjson.JSONDecodeError:
        return text
