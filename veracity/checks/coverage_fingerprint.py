"""Grounding on fingerprints: evidence recorded as salted fingerprints of its typed facts.

The payload format (written by `veracity.sdk.fingerprint` before a span leaves the agent's
process, and by `veracity prune` for stored runs past retention) is one JSON object::

    {"veracity.fingerprints": [{"t": "money", "h": "<32 hex>", "l": "revenue_usd", "r": 0}, ...]}

An output value is supported by such a source when one of its fingerprints (its own bucket and,
for bucketed numbers, the two neighbouring buckets) is among the source's, under a label that does
not name another attribute. The secret is read from the environment variable named by
`[privacy] secret_env` in `veracity.toml` (default `VERACITY_FINGERPRINT_SECRET`). See
`docs/privacy.md` for what can and cannot be checked this way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from veracity.config import Config
from veracity.model import Source
from veracity.values import Count, Money, Normal, Percentage, canonical, index_text

if TYPE_CHECKING:
    from veracity.checks.evidence import Hit, Value

PAYLOAD_KEY = "veracity.fingerprints"
DEFAULT_SECRET_ENV = "VERACITY_FINGERPRINT_SECRET"
HASH_CHARS = 32


def secret_from_env(name: str = DEFAULT_SECRET_ENV) -> bytes | None:
    value = os.environ.get(name)
    return value.encode() if value else None


def fingerprint_secret(config: Config) -> bytes | None:
    """The project's secret: the env variable named by `[privacy] secret_env`, if set."""
    privacy = config.raw.get("privacy") if isinstance(config.raw, dict) else None
    name = privacy.get("secret_env", DEFAULT_SECRET_ENV) if isinstance(privacy, dict) else DEFAULT_SECRET_ENV
    return secret_from_env(str(name))


def _shifted(normal: Normal, shift: int) -> str:
    from veracity.values.fingerprint import _canonical  # the neighbouring bucket's string is not public

    return _canonical(normal, shift)


def digest(normal: Normal, secret: bytes, shift: int = 0) -> str:
    """HMAC-SHA256 of the canonical normal form (bucket moved by `shift`), first 128 bits in hex."""
    text = canonical(normal) if shift == 0 else _shifted(normal, shift)
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:HASH_CHARS]


def _bucketed(normal: Normal) -> bool:
    return isinstance(normal, Money | Percentage) or (
        isinstance(normal, Count) and (normal.low is not None or normal.approximate)
    )


def candidates(normal: Normal, secret: bytes) -> list[str]:
    """The fingerprints an equal value may have been recorded under (neighbouring buckets for numbers)."""
    out = [digest(normal, secret)]
    if _bucketed(normal):
        out += [digest(normal, secret, -1), digest(normal, secret, 1)]
    return out


def _records(text: str) -> list[tuple[int | None, str]]:
    """A JSON list of objects splits into records (one entity each); any other text is one piece."""
    if text.lstrip()[:1] == "[":
        try:
            data = json.loads(text)
        except ValueError:
            return [(None, text)]
        if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
            return [(i, json.dumps(x, ensure_ascii=False)) for i, x in enumerate(data)]
    return [(None, text)]


def facts(text: str, secret: bytes) -> list[dict[str, Any]]:
    """Every typed value in `text` as `{"t", "h", "l"?, "r"?}`: fingerprints, never the value."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None, int | None]] = set()
    for record, piece in _records(text):
        for vtype, mention in index_text(piece).mentions:
            if mention.normal is None:
                continue
            h = digest(mention.normal, secret)
            if (h, mention.label, record) in seen:
                continue
            seen.add((h, mention.label, record))
            entry: dict[str, Any] = {"t": vtype.value, "h": h}
            if mention.label:
                entry["l"] = mention.label
            if record is not None:
                entry["r"] = record
            out.append(entry)
    return out


def payload(text: str, secret: bytes) -> str:
    """The JSON text that replaces a sensitive value."""
    return json.dumps({PAYLOAD_KEY: facts(text, secret)}, separators=(",", ":"))


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
    return source.content.startswith('{"' + PAYLOAD_KEY)


def split_fingerprinted(sources: Iterable[Source]) -> tuple[list[Source], list[Source]]:
    """(sources with text, sources recorded as fingerprints)."""
    plain, printed = [], []
    for s in sources:
        (printed if is_fingerprinted(s) else plain).append(s)
    return plain, printed


def fingerprint_hits(value: Value, printed: list[Source], secret: bytes, labels: frozenset[str]) -> list[Hit]:
    """The fingerprinted sources' entries that state `value` (same normal form, a compatible label)."""
    from veracity.checks.evidence import Hit, _filter_by_label

    if value.normal is None:
        return []
    wanted = set(candidates(value.normal, secret))
    hits = []
    for source in printed:
        for i, entry in enumerate(parse_payload(source.content) or []):
            if entry["h"] in wanted:
                hits.append(Hit(source.source_id, source.step_id, i, i, f"#{entry['h'][:8]}", entry.get("l")))
    return _filter_by_label(hits, value.vtype, labels)


def ground_fingerprints(values: list[Value], printed: list[Source], secret: bytes | None) -> list[Value]:
    """Values that plain sources left unsupported or contradicted, supported where a fingerprint states them."""
    if not printed or secret is None:
        return values
    from veracity.checks.evidence import attribute_tokens

    for value in values:
        if value.status not in ("unsupported", "contradicted") or value.normal is None:
            continue
        labels = attribute_tokens(value.path) if value.quote is None else frozenset()
        hits = fingerprint_hits(value, printed, secret, labels)
        if hits:
            value.status, value.support, value.contradictions = "supported", hits, []
    return values
