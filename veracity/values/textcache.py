"""Per-text memoisation shared by every scanner.

A run checks many output fields against the same ~10 source texts, so every scan that is a
pure function of one text is memoised in a bounded LRU keyed by the text (``str`` caches its
hash, so a lookup costs one dict probe). :func:`clear_text_caches` empties all of them at once
(``numbers.scan.cache_clear()`` does the same, so a cold timing really is cold).

>>> calls = []
>>> @per_text
... def double(text: str) -> str:
...     calls.append(text)
...     return text * 2
>>> double("ab"), double("ab"), len(calls)
('abab', 'abab', 1)
>>> double.cache_clear(); double("ab"), len(calls)
('abab', 2)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Generic, TypeVar

R = TypeVar("R")

TEXT_CACHE_SIZE = 64
_CLEARERS: list[Callable[[], None]] = []


class PerText(Generic[R]):
    """A memoised function of one text; ``cache_clear`` clears every per-text cache."""

    def __init__(self, fn: Callable[[str], R], maxsize: int = TEXT_CACHE_SIZE) -> None:
        cached = lru_cache(maxsize=maxsize)(fn)
        self._fn: Callable[[str], R] = cached
        self.__wrapped__ = fn
        self.__doc__ = fn.__doc__
        self.__name__ = fn.__name__
        _CLEARERS.append(cached.cache_clear)

    def __call__(self, text: str) -> R:
        return self._fn(text)

    def cache_clear(self) -> None:
        clear_text_caches()


def per_text(fn: Callable[[str], R]) -> PerText[R]:
    """Decorator: memoise ``fn(text)`` per text (results must be immutable)."""
    return PerText(fn)


def register_clearer(clear: Callable[[], None]) -> None:
    """Have :func:`clear_text_caches` also call ``clear`` (for caches with other keys)."""
    _CLEARERS.append(clear)


def clear_text_caches() -> None:
    """Empty every per-text cache."""
    for clear in _CLEARERS:
        clear()
