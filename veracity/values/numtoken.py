"""One numeric token found in a text, and what its approximation word says about it."""

from __future__ import annotations

from typing import NamedTuple

APPROX_WORDS = (
    "about|approx\\.?|approximately|around|roughly|nearly|almost|some|circa|ca\\.|c\\.|over|more than|"
    "less than|under|up to|upwards of|close to|est\\.|estimated|an estimated|reportedly|~|≈|±|\\+/-|>|<|>=|<="
)

_LOWER_BOUND_WORDS = frozenset({"over", "more than", "upwards of", ">", ">="})
_UPPER_BOUND_WORDS = frozenset({"under", "less than", "up to", "<", "<="})


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
