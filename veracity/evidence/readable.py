"""Whether the checker could read a source in full: evidence strength for `unsupported_value`.

A value no source states is a guess only when every source that could state it was read. A
source that is binary, that an encoding error garbled, or that stops where a limit cut it (a
truncation marker, JSON or a table that does not close) may hold the value: grounding abstains
and coverage names the source and why (`missing_evidence`), never "unsupported".

>>> unreadable_reason(Source("s", "tool_result", '{"name": "Acme", "employees": 23' + " " * 968))
'JSON that stops before it is complete'
>>> unreadable_reason(Source("s", "tool_result", '{"name": "Acme", "employees": 23')) is None
True
>>> unreadable_reason(Source("s", "tool_result", "Acme employs 230 people. [truncated]"))
'cut by a length limit (truncated)'
>>> unreadable_reason(Source("s", "tool_result", "Acme employs 230 people.")) is None
True
>>> unreadable_reason(Source("s", "tool_result", "BEGIN:VCARD\\nFN:Ana Ruiz\\nNOTE:" + "x" * 971))
'a vCard that stops before END:VCARD'
"""

from __future__ import annotations

import re

import orjson

from veracity.evidence.cut import cut_format
from veracity.model import Source

# Markers tools, proxies and SDKs append where they cut a long result.
_CUT_RE = re.compile(
    r"(?:\[(?:truncated|output truncated|content truncated|\.\.\.\s*\d+ (?:more )?(?:chars|characters|bytes)[^\]]*)\]"
    r"|\((?:truncated|output truncated)\)|<truncated>|\.\.\. ?\[?truncated\]?|…\s*\(truncated\))\s*$",
    re.IGNORECASE,
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def _binary(text: str) -> str | None:
    if "\x00" in text[:4096]:
        return "binary content"
    sample = text[:4096]
    bad = len(_CONTROL_RE.findall(sample))
    if bad >= 8 and bad > len(sample) / 50:
        return "text garbled by an encoding the checker could not decode"
    return None


def at_limit(text: str) -> bool:
    """Whether ``text`` is as long as a length limit cuts (a multiple of 1,000 or 1,024 characters or
    UTF-8 bytes): a broken answer that is not so long is a failed call, which the steps check reports."""
    sizes = {len(text), len(text.encode("utf-8", "replace"))}
    return any(n >= 1000 and (n % 1000 == 0 or n % 1024 == 0) for n in sizes)


def _unclosed_json(text: str) -> str | None:
    if not at_limit(text):
        return None
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return None
    body = text.strip()
    closes = "}" if head == "{" else "]"
    if body.endswith(closes):
        return None
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError:
        return "JSON that stops before it is complete"
    return None


def _cut_at_limit(text: str) -> str | None:
    """A vCard, markdown table or YAML document cut where a length limit cuts (see `evidence.cut`)."""
    return cut_format(text.strip()) if at_limit(text) else None


def unreadable_reason(source: Source) -> str | None:
    """Why the checker could not read ``source`` in full, or None when it could."""
    if source.kind == "input" or not source.content:
        return None
    text = source.content
    return (_binary(text)
            or ("cut by a length limit (truncated)" if _CUT_RE.search(text[-200:]) else None)
            or _unclosed_json(text)
            or _cut_at_limit(text))


def unreadable_sources(sources: list[Source]) -> dict[str, str]:
    """source_id -> why it could not be read, for the sources that could not."""
    out: dict[str, str] = {}
    for s in sources:
        why = unreadable_reason(s)
        if why is not None:
            out[s.source_id] = why
    return out
