"""Values declared missing: honest "unknown"s, not facts.

>>> [is_missing(v) for v in (None, "", "N/A", "unknown", "Not disclosed", "-", "null", "None")]
[True, True, True, True, True, True, True, True]
>>> is_missing("None of the founders stayed"), is_missing("Unknown Mortal Orchestra"), is_missing(0)
(False, False, False)
>>> from veracity.values.types import ValueType
>>> is_missing("private", ValueType.MONEY), is_missing("private")
(True, False)
"""

from __future__ import annotations

import math
import re

from .folding import fold
from .labels import label_at
from .types import Mention, Missing, ValueType

_EXACT_WORDS = frozenset(
    {
        *[
            "none",
            "null",
            "nil",
            "nan",
            "na",
            "n/a",
            "n.a.",
            "n.a",
            "n/d",
            "nd",
            "-",
            "--",
            "---",
            "—",
            "–",
            "?",
            "??",
            "tbd",
            "tba",
            "unknown",
            "unk",
            "undisclosed",
            "unavailable",
            "undefined",
            "empty",
            "missing",
            "unspecified",
            "unreported",
            "withheld",
            "confidential",
            "redacted",
            "blank",
        ],
        "not available",
        "not disclosed",
        "no data",
        "no info",
        "not applicable",
        "not known",
        "not found",
        "not specified",
        "not provided",
        "not public",
        "not publicly disclosed",
        "not publicly available",
        "no information",
        "not reported",
        "not listed",
        "none found",
        "no value",
        "not available publicly",
        "information not available",
        "data not available",
        "not disclosed publicly",
        "n / a",
        "n.a.",
        "unknown unknown",
    }
)
_PHRASE_RE = re.compile(
    r"\b(?:unknown|undisclosed|unavailable|not (?:publicly )?(?:available|disclosed|known|found|specified|provided|reported|listed)"
    r"|no (?:data|information|info)|n/a|not applicable)\b",
    re.IGNORECASE,
)
_FILLER = frozenset(
    [
        "revenue",
        "revenues",
        "employees",
        "employee",
        "count",
        "headcount",
        "data",
        "info",
        "information",
        "value",
        "amount",
        "figure",
        "figures",
        "currently",
        "publicly",
        "public",
        "yet",
        "is",
        "are",
        "was",
        "were",
        "company",
        "private",
        "privately",
        "held",
        "as",
        "of",
        "now",
        "the",
        "a",
        "an",
        "at",
        "this",
        "time",
        "still",
        "not",
        "it",
        "its",
        "for",
        "field",
        "number",
        "numbers",
        "year",
        "date",
        "phone",
        "email",
        "address",
        "website",
        "domain",
        "ceo",
        "founder",
        "name",
        "funding",
        "valuation",
        "sales",
        "turnover",
    ]
)
_NUMERIC_TYPES = frozenset({ValueType.MONEY, ValueType.COUNT, ValueType.PERCENTAGE})
_PRIVATE = frozenset({"private", "privately held", "private company", "confidential"})
_WORD_RE = re.compile(r"[a-z/.]+")


def is_missing(value: object, vtype: ValueType | None = None) -> bool:
    """True for None, NaN, empty containers and texts that only say "unknown" / "n/a" /
    "not disclosed"; for numeric fields ("private" revenue) also "private"."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, list | tuple | dict | set):
        return len(value) == 0
    if not isinstance(value, str):
        return False
    s = fold(value.strip()).strip(" .!:;\"'()[]")
    if not s or s in _EXACT_WORDS:
        return True
    if vtype in _NUMERIC_TYPES and s in _PRIVATE:
        return True
    if len(s) > 80 or any(c.isdigit() for c in s):
        return False
    m = _PHRASE_RE.search(s)
    if m is None:
        return False
    rest = s[: m.start()] + " " + s[m.end() :]
    return all(w.strip("./") in _FILLER or not w.strip("./") for w in _WORD_RE.findall(rest))


def parse_missing(value: object, vtype: ValueType | None = None) -> Missing | None:
    if not is_missing(value, vtype):
        return None
    return Missing(marker="" if value is None or not isinstance(value, str) else fold(value.strip()))


def find_missing(text: str) -> list[Mention]:
    """Phrases that declare a value missing ("not disclosed", "n/a", "unknown")."""
    out: list[Mention] = []
    for m in _PHRASE_RE.finditer(text):
        out.append(
            Mention(
                Missing(fold(m.group())),
                m.start(),
                m.end(),
                m.group(),
                False,
                label_at(text, m.start(), m.end()),
            )
        )
    return out
