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
from .lexicon import words
from .types import Mention, Missing, ValueType

# Every language's words at once: a value's language is not known (see :mod:`.lexicon`).
_STRIP = " .!:;\"'()[]"  # what is_missing strips off a value before it looks the value up
_EXACT_WORDS = frozenset(fold(w) for w in words("missing")) | frozenset(fold(w).strip(_STRIP) for w in words("missing"))
_PHRASE_RE = re.compile(r"\b(?:" + "|".join(words("missing_phrases")) + r")\b", re.IGNORECASE)
_FILLER = frozenset(fold(w) for w in words("missing_filler"))
_NUMERIC_TYPES = frozenset({ValueType.MONEY, ValueType.COUNT, ValueType.PERCENTAGE})
_PRIVATE = frozenset(fold(w) for w in words("private"))
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
    s = fold(value.strip()).strip(_STRIP)
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
