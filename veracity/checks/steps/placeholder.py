"""Placeholder values: data that stands in for data (lorem ipsum, John Doe, 000-000-0000, N/A everywhere)."""

from __future__ import annotations

import re
from typing import Any

from veracity.values.lexicon import words

Failure = tuple[str, str]

WEAK = words("weak_values")  # every language's (veracity.values.lexicon)
_STRONG_EXACT = frozenset(
    {"john doe", "jane doe", "john q. public", "string", "todo", "tbd", "placeholder", "sample", "foo", "bar", "baz",
     "dummy", "example", "changeme", "your name", "company name", "firstname lastname", "first last", "asdf",
     "test company", "1970-01-01", "00000000", "000000", "123456789", "1234567890"}
)
_STRONG_PREFIX_RE = re.compile(
    r"x{3,}$|(?:example|sample|test|dummy|fake|placeholder) (?:company|corp|corporation|inc|co|llc|ltd|user|name|street)\b"
    r"|123 main st|\{\{.*\}\}$|<[^<>]{2,40}>$"
)
_EXAMPLE_RE = re.compile(r"(?:^|[@/.\s])example\.(?:com|org|net)\b|\banytown\b")
_PHONE_RE = re.compile(r"^\+?[\d\s().-]{7,20}$")
MAX_LEAVES = 300


def placeholder(value: Any) -> Failure | None:
    """Values that stand in for data: lorem ipsum, John Doe, 000-000-0000, example.com, N/A everywhere."""
    strong = weak = total = weak_text = 0
    stack = [value]
    seen: list[str] = []
    while stack and total < MAX_LEAVES:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v[:50])
        elif isinstance(v, str):
            total += 1
            s = v.strip().lower()
            if s in WEAK:
                weak += 1
                weak_text += 1
            elif _strong(s):
                strong += 1
                seen.append(v[:30])
        elif v is None:
            total += 1
            weak += 1
        elif isinstance(v, int | float) and not isinstance(v, bool):
            total += 1
            weak += v == 0
    if strong >= 2 or (strong and (strong + weak) * 2 >= total):
        return "placeholder", "placeholder values " + ", ".join(repr(s) for s in seen[:3])
    if total >= 3 and weak == total and weak_text:
        return "placeholder", "every value is a placeholder for missing data"
    return None


def _strong(s: str) -> bool:
    if s in _STRONG_EXACT or "lorem ipsum" in s:
        return True
    if len(s) > 80:
        return False
    if ("example." in s or "anytown" in s) and _EXAMPLE_RE.search(s):
        return True
    first = s[:1]
    if first in "x123esdtfp{<" and _STRONG_PREFIX_RE.match(s):
        return True
    return first in "+0(123456789" and _fake_phone(s)


def _fake_phone(s: str) -> bool:
    if not _PHONE_RE.match(s) or not (s[0] in "+0(" or not s.isdigit()):
        return False
    digits = "".join(ch for ch in s if ch.isdigit())
    if len(digits) < 7:
        return False
    return len(set(digits)) == 1 or (len(digits) >= 10 and set(digits[1:]) == {"0"}) or digits.endswith(("1234567", "4567890"))
