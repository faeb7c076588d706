"""Which attribute a label names: the words of a field path or a mention's label, and whether two agree.

>>> sorted(attribute_tokens("annual_revenue_usd"))
['revenue']
>>> compatible(attribute_tokens("employee_count"), attribute_tokens("headcount"))
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from veracity.values import ValueType

NUMERIC = frozenset({ValueType.MONEY, ValueType.COUNT, ValueType.PERCENTAGE, ValueType.YEAR, ValueType.DATE})
#: Types whose values can be found as the same fact in a source (lists and booleans are not grounded).
GROUNDABLE = NUMERIC | {
    ValueType.DOMAIN,
    ValueType.URL,
    ValueType.EMAIL,
    ValueType.PHONE,
    ValueType.ADDRESS,
    ValueType.ORG_NAME,
    ValueType.PERSON_NAME,
    ValueType.IDENTIFIER,
    ValueType.CATEGORY,
}
#: Types for which a source about the same entity that states another value contradicts.
CONTRADICTABLE = NUMERIC | {ValueType.DOMAIN, ValueType.PHONE, ValueType.EMAIL, ValueType.PERSON_NAME, ValueType.IDENTIFIER}

# Words that name the same attribute. Domain knowledge of what profiles hold, not of any one agent.
_ATTRIBUTE_GROUPS = (
    "employee employees staff headcount people workforce workers team fte ftes personnel size",
    "revenue revenues turnover sales arr income",
    "funding raised investment financing capital round",
    "valuation valued",
    "founded founding established est incorporated inception since registered incorporation year",
    "ceo chief executive managing director md head leader leadership president",
    "cfo finance",
    "cto technology",
    "founder founders cofounder",
    "phone tel telephone mobile fax call",
    "customers clients",
    "users members subscribers",
    "profit earnings ebitda margin",
)
_GROUP_OF: dict[str, int] = {w: i for i, group in enumerate(_ATTRIBUTE_GROUPS) for w in group.split()}
_TOKEN_RE = re.compile(r"[a-z]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_GENERIC = frozenset({"the", "of", "a", "an", "in", "and", "total", "annual", "value", "amount", "count",
                      "number", "num", "usd", "eur", "gbp", "approx", "about", "estimated", "est", "data"})


@lru_cache(maxsize=4096)
def attribute_tokens(label: str | None) -> frozenset[str]:
    """The meaningful words of a field path or mention label (`annual_revenue_usd` → revenue)."""
    if not label:
        return frozenset()
    words = _TOKEN_RE.findall(_CAMEL_RE.sub(" ", label).lower())
    return frozenset(w for w in words if w not in _GENERIC)


def _abbreviates(short: str, word: str) -> bool:
    """`pts` abbreviates `points`, `emp` abbreviates `employees`: same first letter, letters in order."""
    if len(short) < 3 or len(short) >= len(word) or short[0] != word[0]:
        return False
    it = iter(word)
    return all(ch in it for ch in short)


def compatible(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Whether two labels name the same attribute: True, False, or None when either is unknown."""
    if not a or not b:
        return None
    if a & b or any(len(x) >= 4 and x in y for x in a for y in b) or any(len(y) >= 4 and y in x for x in a for y in b):
        return True
    groups_a = {g for w in a for g in _groups(w)}
    if groups_a & {g for w in b for g in _groups(w)}:
        return True
    return any(_abbreviates(x, y) or _abbreviates(y, x) for x in a for y in b)


@lru_cache(maxsize=4096)
def _groups(word: str) -> frozenset[int]:
    """The attribute groups a word belongs to, also inside run-together labels (`totalfunding`)."""
    if word in _GROUP_OF:
        return frozenset({_GROUP_OF[word]})
    return frozenset(g for w, g in _GROUP_OF.items() if len(w) >= 4 and w in word)


def known_attribute(label: frozenset[str]) -> bool:
    """Whether a label names an attribute a profile holds (employees, revenue, founded, …)."""
    return any(_groups(w) for w in label)


_WORDS_BEFORE_RE = re.compile(r"([A-Za-z]+)\W{0,3}(?:in|of|since)?\W{0,3}$")


def words_before(text: str, start: int) -> str | None:
    """The word that names a value written after it: "Founded 2011", "Revenue: $12M", "Est. 1999"."""
    m = _WORDS_BEFORE_RE.search(text[max(0, start - 30) : start])
    return m.group(1) if m else None
