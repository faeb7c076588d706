"""What a value in a text measures: its CSV column's header, the JSON key or table label before it,
else the word after it.

>>> label_at('{"employee_count": 230}', 19, 22), label_at("230 full-time staff", 0, 3)
('employee_count', 'staff')
"""

from __future__ import annotations

import re
from functools import lru_cache

from .csvtext import csv_label
from .lexicon import en
from .native import CORE
from .textcache import register_clearer

_NOT_UNITS = en.LEXICON.function_words  # (labels are read as English: see numberwords for other languages)

_JSON_KEY_RE = re.compile(r"""["']([^"'\\\n]{1,64})["']\s*:\s*\[?\s*["']?\s*$""")
_TABLE_KEY_RE = re.compile(
    r"""(?:^|[\n|,;(\[{>\t]|\s{2})\s*([A-Za-z][A-Za-z _/.()-]{0,40}?)\s*[:=|\t]\s*["']?\s*$"""
)
_NEXT_WORD_RE = re.compile(
    r"[ \t\u00a0-]*(?:(?:full|part)[- ]time\s+|total\s+|global\s+|active\s+)?([A-Za-z][A-Za-z']*)"
)


def _label_before(text: str, start: int) -> str | None:
    j = start - 1
    while j >= 0 and text[j] in " \"'[\u00a0":
        j -= 1
    if j < 0 or text[j] not in ":=|\t":
        return None
    window = text[max(0, start - 80) : start]
    m = _JSON_KEY_RE.search(window)
    if m:
        key = m.group(1).strip().lower()
        if key.isdigit():
            # A row index ("PTS": {"17": "38"}): the enclosing object's key says what it measures.
            outer = _enclosing_key(text, max(0, start - 80) + m.start())
            if outer:
                return f"{outer}.{key}"
        return key
    m = _TABLE_KEY_RE.search(window)
    if m:
        return m.group(1).strip().lower()
    return None


def enclosing_open(text: str, pos: int, stop: int = 0) -> int | None:
    """Where the JSON object or array that holds `pos` opens: the first `{` or `[` before it that no
    bracket between closes (none at or after `stop`)."""
    depth = 0
    for i in range(pos - 1, max(0, stop) - 1, -1):
        c = text[i]
        if c in "}]":
            depth += 1
        elif c in "{[":
            if depth == 0:
                return i
            depth -= 1
    return None


def _enclosing_key(text: str, pos: int, limit: int = 4000) -> str | None:
    i = enclosing_open(text, pos, pos - limit)
    if i is None:
        return None
    m = _JSON_KEY_RE.search(text[max(0, i - 80) : i])
    return m.group(1).strip().lower() if m else None


def label_at(text: str, start: int, end: int) -> str | None:
    """What the value at ``text[start:end]`` measures: a JSON key or table label before it,
    else the word right after it ("230 employees" -> "employees").

    >>> label_at('{"employee_count": 230}', 19, 22), label_at("230 full-time staff", 0, 3)
    ('employee_count', 'staff')
    """
    return _label_at(text, start, end)


_NATIVE = CORE.Labeler(set(_NOT_UNITS)) if CORE is not None else None


@lru_cache(maxsize=4096)
def _label_at(text: str, start: int, end: int) -> str | None:
    # Memoised: the finders of several types label the same span of the same source.
    # A cell of a delimited table is labelled by its column's header (before either scanner).
    if header := csv_label(text, start):
        return header
    if _NATIVE is not None:
        try:
            done, label = _NATIVE.label_at(text, start, end)
        except UnicodeEncodeError:  # a lone surrogate: not UTF-8
            done, label = False, None
        if done:
            return label
    return label_at_py(text, start, end)


def label_at_py(text: str, start: int, end: int) -> str | None:
    """:func:`label_at` in Python (the specification of the native core's ``Labeler``)."""
    lab = _label_before(text, start)
    if lab:
        return lab
    if end and text[end - 1] == ".":  # the value ended its sentence: the next word is not its unit
        return None
    m = _NEXT_WORD_RE.match(text, end, min(len(text), end + 40))
    if m:
        w = m.group(1).lower()
        if w not in _NOT_UNITS:
            return w
    return None


register_clearer(_label_at.cache_clear)

