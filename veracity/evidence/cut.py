"""Structured text that stops before its format ends: a vCard without END, a markdown table whose
last row is short, YAML whose last line is a key cut mid-way.

A cut is judged at the end of the text only (a limit or a dropped connection cuts there), by the
format's own structure, never by words.

>>> cut_format("BEGIN:VCARD\\nVERSION:3.0\\nFN:Ana Ruiz\\nORG:Acme S.L.\\nTEL:+34 91")
'a vCard that stops before END:VCARD'
>>> cut_format("BEGIN:VCARD\\nFN:Ana Ruiz\\nEND:VCARD") is None
True
>>> cut_format("| Name | City | Staff |\\n|---|---|---|\\n| Acme | Porto | 12 |\\n| Bolt | Lis")
'a markdown table whose last row stops mid-way'
>>> cut_format("company:\\n  name: Acme\\n  city: Porto\\n  empl")
'YAML that stops mid-way'
"""

from __future__ import annotations

import re

_VCARD_BEGIN_RE = re.compile(r"^begin:vcard\s*$", re.IGNORECASE | re.MULTILINE)
_VCARD_END_RE = re.compile(r"^end:vcard\s*$", re.IGNORECASE | re.MULTILINE)
_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_YAML_KEY_RE = re.compile(r"^(\s*)(?:- )?[\w][\w .-]{0,40}:(?:\s+\S.*)?$")
_YAML_OPEN_KEY_RE = re.compile(r"^(\s*)(?:- )?[\w][\w .-]{0,40}:$")
_YAML_ITEM_RE = re.compile(r"^\s*- \S")


def _vcard(text: str) -> str | None:
    begun = len(_VCARD_BEGIN_RE.findall(text))
    if begun and begun > len(_VCARD_END_RE.findall(text)):
        return "a vCard that stops before END:VCARD"
    return None


def _cells(line: str) -> int:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return inner.count("|") + 1


def _table(lines: list[str]) -> str | None:
    """The text's last line is a row of a pipe table with fewer cells than its header."""
    last = lines[-1].strip()
    if not last.startswith("|") or len(lines) < 3:
        return None
    start = len(lines) - 1
    while start > 0 and lines[start - 1].strip().startswith("|"):
        start -= 1
    rows = [ln.strip() for ln in lines[start:]]
    if len(rows) < 3 or not _SEPARATOR_RE.match(rows[1]):
        return None
    header = _cells(rows[0])
    if header >= 2 and (_cells(last) < header or (not last.endswith("|") and rows[0].endswith("|"))):
        return "a markdown table whose last row stops mid-way"
    return None


def _yaml(lines: list[str]) -> str | None:
    """A block of `key: value` lines (YAML) whose last line is no complete entry: a key without its
    colon, or a key left open with nothing nested under it."""
    body = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if len(body) < 3:
        return None
    entries = sum(1 for ln in body[:-1] if _YAML_KEY_RE.match(ln) or _YAML_ITEM_RE.match(ln))
    if entries < len(body) - 1 or entries < 2:
        return None
    last = body[-1]
    if _YAML_OPEN_KEY_RE.match(last.rstrip()):
        return "YAML that stops mid-way"
    if _YAML_KEY_RE.match(last) or _YAML_ITEM_RE.match(last):
        return None
    # Not an entry: a word cut before its colon, deeper than the document's top level.
    if last[:1].isspace() and ":" not in last and len(last.split()) == 1:
        return "YAML that stops mid-way"
    return None


def cut_format(text: str) -> str | None:
    """Why ``text``, a vCard, markdown table or YAML document, stops before it is complete; else None."""
    if not text or "\n" not in text:
        return None
    found = _vcard(text) if "vcard" in text[:2000].lower() else None
    if found:
        return found
    lines = text.rstrip("\r\n").split("\n")
    lines = [ln.rstrip("\r") for ln in lines]
    if "|" in lines[-1]:
        return _table(lines)
    return _yaml(lines) if ":" in text[:200] else None
