"""Grounding on fingerprints: evidence recorded as salted fingerprints of its typed facts.

The payload format (written by `veracity.sdk.fingerprint` before a span leaves the agent's
process, and by `veracity prune` for stored runs past retention) is one JSON object::

    {"veracity.fingerprints": [{"t": "money", "h": "<16 hex>", "l": "revenue_usd", "r": 0}, ...]}

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
from veracity.values import (
    Address,
    Count,
    Identifier,
    Money,
    Normal,
    Percentage,
    ValueType,
    canonical,
    index_text,
)
from veracity.values.address import is_region_token
from veracity.values.text import _EXPANSIONS, _spans  # token windows, as `locate` reads addresses

if TYPE_CHECKING:
    from veracity.checks.evidence import Hit, Value

PAYLOAD_KEY = "veracity.fingerprints"
DEFAULT_SECRET_ENV = "VERACITY_FINGERPRINT_SECRET"
HASH_CHARS = 16  # 64 bits: ample to tell a run's few hundred facts apart, and small to store
ADDRESS_WINDOW = 10  # tokens after an address mention that may hold its city, region and postcode


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


def _hash(text: str, secret: bytes) -> str:
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:HASH_CHARS]


def _bucket_of_exact(normal: Normal) -> Count | None:
    """An exact count as an approximate one, so it can meet approximate values in their bucket."""
    if isinstance(normal, Count) and normal.low is None and not normal.approximate:
        return Count(value=normal.value, approximate=True)
    return None


def _address_tokens(text: str, starts: list[int]) -> set[str]:
    """Tokens near where an address may be: each address mention and each short number (a house
    number), a few tokens before (European numbers follow the street) and more after (city,
    region, postcode, perhaps in later JSON keys)."""
    spans = _spans(text)
    anchors = {i for i, (tok, _, _) in enumerate(spans) if tok.isdigit() and len(tok) <= 5}
    anchors.update(next((i for i, (_, s, _) in enumerate(spans) if s >= start), len(spans)) for start in starts)
    out: set[str] = set()
    for i in anchors:
        for token, _, _ in spans[max(0, i - 4) : i + ADDRESS_WINDOW]:
            out.add(token)
            out.update(_EXPANSIONS.get(token, ()))
    return out


def _bucketed(normal: Normal) -> bool:
    return isinstance(normal, Money | Percentage) or (
        isinstance(normal, Count) and (normal.low is not None or normal.approximate)
    )


def candidates(normal: Normal, secret: bytes) -> list[str]:
    """The fingerprints an equal value may have been recorded under (neighbouring buckets for numbers)."""
    out = [digest(normal, secret)]
    if _bucketed(normal):
        out += [digest(normal, secret, -1), digest(normal, secret, 1)]
    if isinstance(normal, Identifier) and normal.key.isdigit() and len(normal.key) >= 5:
        out.append(digest(Count(float(normal.key)), secret))  # "Number: 318 373 986" reads as a count
    if isinstance(normal, Money) and normal.currency is not None:
        out += candidates(Money(normal.amount, None, normal.approximate), secret)  # sources often name no currency
    return out


def is_payload(value: object) -> bool:
    """Whether a recorded value (a step result, a source's content) is a fingerprint payload."""
    return isinstance(value, str) and value.startswith('{"' + PAYLOAD_KEY)


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
    tokens: dict[int | None, set[str]] = {}
    for record, piece in _records(text):
        starts: list[int] = []
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
            bucket = _bucket_of_exact(mention.normal)
            if bucket is not None:
                out.append({**entry, "h": digest(bucket, secret), "b": 1})
            if vtype is ValueType.ADDRESS:
                starts.append(mention.start)
        tokens[record] = _address_tokens(piece, starts)
    for record, words in tokens.items():
        for word in sorted(words):
            entry = {"t": "at", "h": _hash("addrtok|" + word, secret)}
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
    return is_payload(source.content)


def split_fingerprinted(sources: Iterable[Source]) -> tuple[list[Source], list[Source]]:
    """(sources with text, sources recorded as fingerprints)."""
    plain: list[Source] = []
    printed: list[Source] = []
    for s in sources:
        (printed if is_fingerprinted(s) else plain).append(s)
    return plain, printed


def _address_hits(normal: Address, source: Source, entries: list[dict[str, Any]], secret: bytes) -> list[Hit]:
    """An address is stated when every one of its tokens is among one record's address tokens."""
    from veracity.checks.evidence import Hit

    wanted = {_hash("addrtok|" + t, secret) for t in normal.tokens if not is_region_token(t)}
    by_record: dict[Any, set[str]] = {}
    for e in entries:
        if e.get("t") == "at":
            by_record.setdefault(e.get("r"), set()).add(e["h"])
    return [Hit(source.source_id, source.step_id, 0, 0, "#address", None)
            for r, have in by_record.items() if wanted <= have][:1]


def accepted(normal: Normal, secret: bytes) -> set[str]:
    """Every hash an entry may carry to state `normal` (exact, bucket, count-as-identifier, address tokens)."""
    out = set(candidates(normal, secret))
    bucket = _bucket_of_exact(normal)
    if bucket is not None:
        out.update(candidates(bucket, secret))
    if isinstance(normal, Address):
        out.update(_hash("addrtok|" + t, secret) for t in normal.tokens)
    return out


def keep_relevant(text: str, normals: list[Normal], secret: bytes) -> str:
    """A payload of `text` holding only the facts that bear on these values (what retention keeps)."""
    wanted: set[str] = set()
    for n in normals:
        wanted |= accepted(n, secret)
    entries = parse_payload(text)
    kept = [e for e in (facts(text, secret) if entries is None else entries) if e["h"] in wanted]
    return json.dumps({PAYLOAD_KEY: kept}, separators=(",", ":"))


def fingerprint_hits(value: Value, printed: list[Source], secret: bytes, labels: frozenset[str]) -> list[Hit]:
    """The fingerprinted sources' entries that state `value` (same normal form, a compatible label)."""
    from veracity.checks.evidence import Hit, _filter_by_label

    normal = value.normal
    if normal is None:
        return []
    exact = set(candidates(normal, secret))
    bucket = _bucket_of_exact(normal)
    # An exact count meets approximate source values in their bucket, never exact ones ("b": bucketed exact).
    loose = set(candidates(bucket, secret)) if bucket is not None else set()
    hits = []
    for source in printed:
        entries = parse_payload(source.content) or []
        if isinstance(normal, Address):
            hits += _address_hits(normal, source, entries, secret)
        for i, entry in enumerate(entries):
            h = entry["h"]
            if h in exact or (h in loose and not entry.get("b")):
                hits.append(Hit(source.source_id, source.step_id, i, i, f"#{h[:8]}", entry.get("l")))
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
