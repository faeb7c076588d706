"""Learned state keyed by names that runs bring (agents, output fields, tools) keeps a bounded number.

A server that runs for months meets names without end: agents that key their output by record
ids, tools named after their arguments. Each such map holds at most `MAX_NAMES` names; a new
name past that takes the place of the name seen least (the one whose counts say least), so the
state, its JSON in the store and the time to load it stay flat however many runs go by.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V")

#: Names one learned map keeps (agents; fields of one agent's output; tools).
MAX_NAMES = 500


def make_room(table: dict[str, V], key: str, weight: Callable[[V], int], limit: int = MAX_NAMES) -> None:
    """Before `key` is added to `table`: when it is new and the table is full, drop the least-seen name.

    >>> t = {"a": 5, "b": 1}
    >>> make_room(t, "c", int, limit=2); t
    {'a': 5}
    >>> make_room(t, "a", int, limit=1); t
    {'a': 5}
    """
    while key not in table and len(table) >= limit:
        del table[min(table, key=lambda k: weight(table[k]))]
