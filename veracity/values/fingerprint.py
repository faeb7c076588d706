"""Salted fingerprints of normal forms, so grounding can work on values recorded only as
fingerprints (privacy) and duplicates can be indexed.

A fingerprint is HMAC-SHA256(secret, canonical string of the normal form). Numbers are
bucketed on a logarithmic grid (money and percentages: buckets 4% wide; approximate and
rounded counts: 10%), so values within tolerance *usually* share a fingerprint. Limitation:
two values on either side of a bucket boundary (12.49M vs 12.51M with a boundary between)
get different fingerprints although they are the same fact; :func:`fingerprint_candidates`
also returns the neighbouring buckets so a lookup can probe both. Exact counts, years,
dates, identifiers and names are not bucketed: equal normal forms give equal fingerprints.

>>> from veracity.values.normalize import normalize
>>> from veracity.values.types import ValueType
>>> k = b"secret"
>>> fingerprint(normalize("$12.5M", ValueType.MONEY), k) == fingerprint(normalize("12,500,000 USD", ValueType.MONEY), k)
True
>>> fingerprint(normalize("Acme Robotics, Inc.", ValueType.ORG_NAME), k) == fingerprint(normalize("ACME ROBOTICS", ValueType.ORG_NAME), k)
True
"""

from __future__ import annotations

import hashlib
import hmac
import math

from .types import (
    Address,
    Boolean,
    Category,
    Count,
    DateValue,
    Email,
    FreeText,
    Identifier,
    ListValue,
    Missing,
    Money,
    Normal,
    OrgName,
    Percentage,
    PersonName,
    Phone,
    WebAddress,
)

MONEY_BUCKET = 0.04
COUNT_BUCKET = 0.10


def _bucket(x: float, width: float) -> int:
    if x == 0.0:
        return 0
    b = math.floor(math.log(abs(x)) / math.log1p(width))
    return b if x > 0 else -b - 10**6


def _canonical(n: Normal, shift: int = 0) -> str:
    if isinstance(n, Money):
        return f"money|{n.currency or '?'}|{_bucket(n.amount, MONEY_BUCKET) + shift}"
    if isinstance(n, Count):
        if n.low is None and not n.approximate:
            return f"count|{n.value:.0f}"
        return f"count|~{_bucket(n.value, COUNT_BUCKET) + shift}"
    if isinstance(n, Percentage):
        return f"pct|{_bucket(n.value, MONEY_BUCKET) + shift}"
    if isinstance(n, DateValue):
        return f"date|{n.iso}"
    if isinstance(n, WebAddress):
        return f"web|{n.domain}" + (f"|{n.path}" if n.vtype == "url" and n.path else "")
    if isinstance(n, Email):
        return f"email|{n.address}"
    if isinstance(n, Phone):
        return f"phone|{n.national}"
    if isinstance(n, Address):
        return "addr|" + " ".join(sorted(n.tokens))
    if isinstance(n, OrgName):
        return "org|" + " ".join(sorted(n.tokens))
    if isinstance(n, PersonName):
        return f"person|{n.first[:1]}|{n.last}"
    if isinstance(n, Identifier):
        return f"id|{n.key}"
    if isinstance(n, Category):
        return "cat|" + " ".join(sorted(n.tokens))
    if isinstance(n, FreeText):
        return f"text|{n.key}"
    if isinstance(n, Boolean):
        return f"bool|{int(n.value)}"
    if isinstance(n, Missing):
        return "missing|"
    if isinstance(n, ListValue):
        return "list|" + "\x1f".join(sorted(_canonical(x) for x in n.items))
    raise TypeError(f"not a normal form: {n!r}")


def canonical(normal: Normal, shift: int = 0) -> str:
    """The canonical string that :func:`fingerprint` hashes; with ``shift``, that of the
    neighbouring bucket (``shift`` buckets up) of a bucketed number, as
    :func:`fingerprint_candidates` hashes it."""
    return _canonical(normal, shift)


def fingerprint(normal: Normal, secret: bytes) -> str:
    """HMAC-SHA256 (hex) of the canonical string of ``normal`` keyed with ``secret``."""
    return hmac.new(secret, _canonical(normal).encode("utf-8"), hashlib.sha256).hexdigest()


def fingerprint_candidates(normal: Normal, secret: bytes) -> list[str]:
    """The fingerprint of ``normal`` and, for bucketed numbers, of the two neighbouring buckets."""
    out = [fingerprint(normal, secret)]
    bucketed = isinstance(normal, Money | Percentage) or (
        isinstance(normal, Count) and (normal.low is not None or normal.approximate)
    )
    if bucketed:
        for s in (-1, 1):
            out.append(hmac.new(secret, _canonical(normal, s).encode("utf-8"), hashlib.sha256).hexdigest())
    return out
