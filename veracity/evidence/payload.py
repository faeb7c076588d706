"""The fingerprint payload: evidence recorded as salted fingerprints of its typed facts.

The payload format (written by `veracity.sdk.fingerprint` before a span leaves the agent's
process, and by `veracity prune` for stored runs past retention) is one JSON object::

    {"veracity.fingerprints": [{"t": "money", "h": "<16 hex>", "l": "revenue_usd", "r": 0}, ...]}

This module reads and recognises payloads and holds the one keyed hash every fingerprint uses;
`fingerprint` writes payloads and matches values against them, `entities` reads their entity anchors.

>>> parse_payload('{"veracity.fingerprints": [{"t": "money", "h": "ab"}]}')
[{'t': 'money', 'h': 'ab'}]
>>> parse_payload("plain text") is None
True
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable
from typing import Any

from veracity.model import Source

PAYLOAD_KEY = "veracity.fingerprints"
DEFAULT_SECRET_ENV = "VERACITY_FINGERPRINT_SECRET"
HASH_CHARS = 16  # 64 bits: ample to tell a run's few hundred facts apart, and small to store

Hasher = Callable[[str, str], str]  # (kind, value) -> fingerprint


def secret_from_env(name: str = DEFAULT_SECRET_ENV) -> bytes | None:
    value = os.environ.get(name)
    return value.encode() if value else None


def hash_text(text: str, secret: bytes) -> str:
    """HMAC-SHA256 of `text` keyed with `secret`, first `HASH_CHARS` hex digits."""
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:HASH_CHARS]


def entity_hasher(secret: bytes) -> Hasher:
    """The fingerprint of an entity anchor, as `veracity.sdk.fingerprint` writes it."""
    return lambda kind, value: hash_text(f"ent|{kind}|{value}", secret)


def is_payload(value: object) -> bool:
    """Whether a recorded value (a step result, a source's content) is a fingerprint payload."""
    return isinstance(value, str) and value.startswith('{"' + PAYLOAD_KEY)


def parse_payload(text: str) -> list[dict[str, Any]] | None:
    """The fingerprint entries of a payload, or None when `text` is not one."""
    if not isinstance(text, str) or not text.startswith('{"' + PAYLOAD_KEY):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    entries = data.get(PAYLOAD_KEY) if isinstance(data, dict) else None
    return [e for e in entries if isinstance(e, dict) and "h" in e] if isinstance(entries, list) else None


def is_fingerprinted(source: Source) -> bool:
    return is_payload(source.content)


def split_fingerprinted(sources: Iterable[Source]) -> tuple[list[Source], list[Source]]:
    """(sources with text, sources recorded as fingerprints)."""
    plain: list[Source] = []
    printed: list[Source] = []
    for s in sources:
        (printed if is_fingerprinted(s) else plain).append(s)
    return plain, printed
