"""One numeric token found in a text, and what its approximation word says about it."""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import words

# Approximation words of every language (.lexicon), as one regex alternation (longest first).
APPROX_LITERALS: tuple[str, ...] = tuple(sorted(words("approx_words"), key=lambda w: (-len(w), w)))
APPROX_WORDS = "|".join(re.escape(w) for w in APPROX_LITERALS)

_LOWER_BOUND_WORDS = words("lower_bound_words")
_UPPER_BOUND_WORDS = words("upper_bound_words")


class NumToken(NamedTuple):
    """One numeric token: ``text[start:end]`` is the whole token, ``value`` includes the magnitude."""

    start: int
    end: int
    value: float
    currency: str | None
    magnitude: str | None
    percent: bool
    approximate: bool
    approx_word: str | None
    plus: bool
    is_word: bool
    num_start: int
    num_end: int
    decimals: int
    high: float | None = None  # upper end when the token is a range "201-500"


def is_lower_bound(t: NumToken) -> bool:
    return t.plus or (t.approx_word in _LOWER_BOUND_WORDS)


def is_upper_bound(t: NumToken) -> bool:
    return t.approx_word in _UPPER_BOUND_WORDS
