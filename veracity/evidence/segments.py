"""Where one record of a source ends and the next begins: JSON array elements, repeated XML elements,
delimited table rows, list items and blocks of key-value lines.

>>> segments('[{"name": "A"}, {"name": "B"}]')
[1, 16]
>>> segments("NAME: A\\nCOUNTRY: BE\\n\\nNAME: A\\nCOUNTRY: FR\\n")
[0, 21]
>>> segments("<register><entity><name>A</name></entity><entity><name>B</name></entity></register>")
[10, 41]
"""

from __future__ import annotations

import re

from veracity.evidence.persons import vcard_starts

_ROW_SEPARATORS = (";", "|", "\t", ",")
_ITEM_RE = re.compile(r"(?m)^\s*(?:[-*•]|\d{1,3}[.)])\s+")


def _json_elements(text: str) -> list[int]:
    """Where each object of a JSON array starts (the top-level array, or one a top-level key holds)."""
    stripped = text.lstrip()
    if not stripped.startswith(("[", "{")):
        return []
    starts: list[int] = []
    depth, in_str, escape = 0, False, False
    array_depth: int | None = None
    for i, ch in enumerate(text):
        if in_str:
            escape = ch == "\\" and not escape
            if ch == '"' and not escape:
                in_str = False
            continue
        if ch == '"':
            in_str, escape = True, False
        elif ch in "[{":
            if ch == "{" and array_depth is not None and depth == array_depth:
                starts.append(i)
            if ch == "[" and array_depth is None and depth <= 1:
                array_depth = depth + 1
            depth += 1
        elif ch in "]}":
            depth -= 1
    return starts if len(starts) >= 2 else []


def _table_rows(text: str) -> list[int]:
    """Where each row of a delimited table (CSV with any delimiter, markdown) or list item starts."""
    lines = text.splitlines(keepends=True)
    for sep in _ROW_SEPARATORS:
        counts = [line.count(sep) for line in lines if line.strip()]
        if len(counts) >= 3 and counts[0] >= 2 and sum(1 for c in counts if c == counts[0]) >= 0.8 * len(counts):
            starts, pos = [], 0
            for line in lines:
                starts.append(pos)
                pos += len(line)
            return starts
    return [m.start() for m in _ITEM_RE.finditer(text)]


_TAG_RE = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)[^<>]*?(/?)>")
_KEY_VALUE_RE = re.compile(r"^\s*[A-Za-z][\w .'/-]{0,40}\s*[:=]\s*\S")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n\s*")


def _xml_elements(text: str) -> list[int]:
    """Where each of the most repeated sibling elements with children starts (`<entity>` under
    `<results>`: one registry record each)."""
    head = text.lstrip()[:200].lower()
    if not head.startswith("<") or "</" not in text or head.startswith("<!doctype") or "<html" in head:
        return []  # a web page's repeated blocks are layout, not records
    stack: list[tuple[int, str]] = []  # open elements: (start, tag)
    siblings: dict[tuple[int, str], list[int]] = {}  # (parent's start, tag) -> starts of its children
    parents: set[int] = set()  # starts of elements with children
    for m in _TAG_RE.finditer(text):
        closing, tag, empty = m.group(1), m.group(2), m.group(3)
        if closing:
            while stack and stack.pop()[1] != tag:
                pass
            continue
        parent = stack[-1][0] if stack else -1
        parents.add(parent)
        siblings.setdefault((parent, tag), []).append(m.start())
        if not empty:
            stack.append((m.start(), tag))
    groups = [starts for starts in siblings.values() if len(starts) >= 2 and any(x in parents for x in starts)]
    return max(groups, key=len) if groups else []


def _key_value_blocks(text: str) -> list[int]:
    """Where each block of `KEY: value` lines starts, blocks parted by blank lines (a registry's
    plain-text answer: one record a block)."""
    starts = [0, *(m.end() for m in _BLANK_LINE_RE.finditer(text))]
    blocks = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    keyed = [sum(1 for line in b.splitlines() if _KEY_VALUE_RE.match(line)) >= 2 for b in blocks if b.strip()]
    return starts if len(keyed) >= 2 and all(keyed) else []


def segments(text: str) -> list[int]:
    """Record boundaries of a source: vCard cards, JSON array elements, repeated XML elements, table rows, list items,
    blocks of key-value lines (a search result, a registry row, a ranked list: one company each).
    Anchors are grouped only within a segment."""
    return (vcard_starts(text) or _json_elements(text) or _xml_elements(text) or _table_rows(text)
            or _key_value_blocks(text))
