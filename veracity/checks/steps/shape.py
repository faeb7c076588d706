"""Garbage that only shows against a tool's usual results: its shape, its endings, whether it echoes its arguments.

`learn_result` counts what a tool usually returns (see `steps_learned.ToolStats`);
`learned_failure` compares one result with those counts.
"""

from __future__ import annotations

import re
from typing import Any

from veracity.checks.steps.detect import (
    BAD_JSON,
    NOT_JSON,
    TERMINAL,
    Body,
    Failure,
    dumps,
    shape_keys,
    shape_value,
)
from veracity.checks.steps.learned import MAX_KEYS, MIN_CALLS, ToolStats, share
from veracity.model.jsontype import json_type

#: Share of a tool's results that must agree before a departure from it is a failure.
USUAL = 0.97
#: Echoing is judged on more calls and a stricter share: a tool may legitimately answer about something else.
USUAL_ECHO = 0.998
MIN_ECHO = 300
#: A record key this common is part of every complete record.
RECORD_KEY_SHARE = 0.99
MIN_RECORDS = 100
#: HTML that does not close is truncated unless this tool's pages often do not close.
UNCLOSED_OK = 0.1
#: A key is part of a tool's usual shape when at least this share of its results has it.
KEY_SHARE = 0.05
CORE_SHARE = 0.9

_DOMAIN_RE = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}(?=[/:?#\s]|$)")
_WORD_RE = re.compile(r"[^\W_]{4,}")
_SQUASH_RE = re.compile(r"[\W_]+")
_STOP_WORDS = (
    "the and for with from that this about into over what which when where who why how official site website "
    "company companies business inc corp corporation ltd limited llc gmbh group holdings plc news latest profile "
    "revenue employees headcount funding founded headquarters address phone information info http https html json "
    "true false none null search query page home contact english about-us overview details data report annual "
    "www com org net io co uk de"
)
_STOP = frozenset(_STOP_WORDS.split())
MAX_TOKENS = 8


def _strings(value: Any, out: list[str], depth: int = 0) -> None:
    if len(out) >= 12 or depth > 3:
        return
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            _strings(v, out, depth + 1)
    elif isinstance(value, list):
        for v in value[:6]:
            _strings(v, out, depth + 1)


def arg_tokens(args: Any) -> tuple[str, ...]:
    """The distinctive tokens of a call's arguments: domains, their names, and rare words of queries and names."""
    strings: list[str] = []
    _strings(args, strings)
    tokens: list[str] = []
    for s in strings:
        low = s.lower()
        if len(low) > 300:
            continue
        domains = _DOMAIN_RE.findall(low)
        for host in domains:
            host = host.removeprefix("www.")
            label = host.split(".", 1)[0]
            parts = (host, label, label.rstrip("0123456789-"), *label.split("-"))
            tokens.extend(t for t in parts if len(t) >= 4 and t not in _STOP)
        if not domains:
            tokens.extend(w for w in _WORD_RE.findall(low) if w not in _STOP and not (w.isdigit() and len(w) < 5))
    return tuple(dict.fromkeys(tokens))[:MAX_TOKENS]


def echo_text(body: Body) -> str:
    """The result as lowercase text with JSON's \\u escapes undone."""
    if "\\u" in body.text and body.value is not NOT_JSON and body.value is not BAD_JSON:
        return dumps(body.value).lower()
    return body.text.lower()


def echoes(body: Body, tokens: tuple[str, ...]) -> bool:
    low = echo_text(body)
    if any(t in low for t in tokens):
        return True
    squashed = _squash(low)
    return any(_squash(t) in squashed for t in tokens)


_ASCII_PUNCT = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()))


def _squash(text: str) -> str:
    """Letters and digits only (`[\\W_]+` removed); a translate for ASCII text, ten times a regex's speed."""
    return text.translate(_ASCII_PUNCT) if text.isascii() else _SQUASH_RE.sub("", text)


def hollow(value: Any) -> bool:
    """An object whose values are all empty (`{"results": [], "total": 0}`)."""
    return isinstance(value, dict) and bool(value) and all(v in (None, "", 0, [], {}) for v in value.values())


def is_json(body: Body) -> bool:
    return body.value is not NOT_JSON and body.value is not BAD_JSON


def terminal(text: str) -> bool:
    return bool(text) and text[-1] in TERMINAL


def html_closed(text: str) -> bool:
    return "</html>" in text[-64:].lower()


_KV_RE = re.compile(r"([A-Za-z][\w ./()&-]{0,40}):(?: +\S|$)")


def record(text: str) -> tuple[list[str], bool] | None:
    """A `Key: value` text record's keys and whether its last line is complete; None for other text."""
    if "\n" not in text or text.count(":") < 2:
        return None
    lines = [line for line in text[:8000].split("\n") if line.strip()]
    keys = []
    for line in lines:
        m = _KV_RE.match(line)
        if m:
            keys.append(m.group(1).strip().lower())
    last = _KV_RE.match(lines[-1])
    body = len(lines) - 1 if len(lines) > 2 else len(lines)  # the last line may be cut
    if len(keys) < 2 or len(keys) - (last is not None and body < len(lines)) < 0.8 * body:
        return None
    complete = last is not None and not lines[-1].rstrip().endswith(":")
    return list(dict.fromkeys(keys)), complete


def learn_result(stats: ToolStats, body: Body | None, garbage: Failure | None, tokens: tuple[str, ...]) -> None:
    """Count one successful call of a tool (one whose span reported no error).

    Only garbage a result shows by itself is left out: leaving out what departs from the
    counts would bias them towards the rule that judged it.
    """
    stats.calls += 1
    if body is None:
        return
    stats.recorded += 1
    if (garbage is not None and garbage[0] == "empty") or (is_json(body) and hollow(body.value)):
        stats.empty += 1
        return
    if garbage is not None:
        return
    text = body.text
    stats.text += 1
    stats.terminal += terminal(text)
    if body.html:
        stats.html += 1
        stats.html_closed += html_closed(text)
    elif body.value is NOT_JSON:
        rec = record(text)
        if rec is not None:
            stats.records += 1
            stats.record_complete += rec[1]
            for key in rec[0]:
                if key in stats.record_keys or len(stats.record_keys) < MAX_KEYS:
                    stats.record_keys[key] = stats.record_keys.get(key, 0) + 1
    if is_json(body):
        stats.json += 1
        keys = shape_keys(body.value)
        if keys is not None:
            stats.objects += 1
            for key in keys:
                if key in stats.keys or len(stats.keys) < MAX_KEYS:
                    stats.keys[key] = stats.keys.get(key, 0) + 1
                    types = stats.types.setdefault(key, {})
                    t = json_type(shape_value(body.value, key))
                    types[t] = types.get(t, 0) + 1
    if tokens:
        stats.echo_tried += 1
        stats.echo_hit += echoes(body, tokens)


def _shape(body: Body, stats: ToolStats) -> Failure | None:
    keys = shape_keys(body.value)
    if keys is None:
        if stats.objects >= MIN_CALLS and share(stats.objects, stats.json) >= USUAL and not hollow(body.value):
            return "shape_mismatch", f"a {json_type(body.value)}; this tool returned objects in {stats.objects} of {stats.json} calls"
        return None
    if stats.objects < MIN_CALLS or len(stats.keys) >= MAX_KEYS or not keys:
        return None
    usual = {k for k, n in stats.keys.items() if n >= KEY_SHARE * stats.objects}
    known = sum(k in usual for k in keys)
    if known * 2 < len(keys):
        return "shape_mismatch", f"unusual keys {', '.join(k for k in keys if k not in usual)[:80]}"
    core = [k for k in usual if stats.keys[k] >= CORE_SHARE * stats.objects]
    present = set(keys)
    if core and not present.intersection(core):
        return "shape_mismatch", f"none of this tool's usual keys ({', '.join(sorted(core))[:80]})"
    for key in core:
        if key not in present:
            continue
        types = stats.types.get(key, {})
        usual_type, n = max(types.items(), key=lambda kv: kv[1], default=("", 0))
        seen = json_type(shape_value(body.value, key))
        if seen not in ("null", usual_type) and n >= USUAL * sum(types.values()):
            return "shape_mismatch", f"`{key}` is a {seen}; it was a {usual_type} in {n} results"
    return None


def _text(body: Body, stats: ToolStats) -> Failure | None:
    content = stats.recorded - stats.empty
    if stats.json >= MIN_CALLS and share(stats.json, content) >= USUAL:
        return "shape_mismatch", f"text; this tool returned JSON in {stats.json} of {content} calls"
    if body.html:
        return None
    if stats.records >= MIN_CALLS:
        rec = record(body.text)
        if rec is not None:
            if not rec[1] and share(stats.record_complete, stats.records) >= USUAL:
                return "truncated", "a record whose last line stops mid-way"
            if stats.records >= MIN_RECORDS:
                keys = set(rec[0])
                lost = [k for k, n in stats.record_keys.items() if n >= RECORD_KEY_SHARE * stats.records and k not in keys]
                if lost:
                    return "truncated", f"a record without {', '.join(lost[:3])}, present in nearly every record of this tool"
    if stats.text >= MIN_CALLS and share(stats.terminal, stats.text) >= USUAL and not terminal(body.text):
        return "truncated", "text that stops mid-sentence"
    return None


def unclosed_html(body: Body | None, stats: ToolStats | None) -> Failure | None:
    """An HTML document that stops before `</html>`, unless this tool's pages often do."""
    if body is None or not body.html or html_closed(body.text):
        return None
    if stats is not None and stats.html >= MIN_CALLS and share(stats.html - stats.html_closed, stats.html) >= UNCLOSED_OK:
        return None
    return "truncated", "an HTML page that stops before </html>"


def learned_failure(body: Body | None, stats: ToolStats | None, tokens: tuple[str, ...]) -> Failure | None:
    """A result that departs from what its tool (with enough history) almost always returns."""
    found = unclosed_html(body, stats)
    if found or stats is None or stats.calls < MIN_CALLS:
        return found
    if body is None:
        if share(stats.recorded, stats.calls) >= USUAL:
            return "empty", f"no result, though this tool's result was recorded in {stats.recorded} of {stats.calls} calls"
        return None
    if is_json(body):
        if hollow(body.value) and share(stats.empty, stats.recorded) < 0.1:
            return "empty", "an object with only empty values"
        found = _shape(body, stats)
    elif body.value is NOT_JSON:
        found = _text(body, stats)
    if found:
        return found
    usually_echoes = stats.echo_tried >= MIN_ECHO and share(stats.echo_hit, stats.echo_tried) >= USUAL_ECHO
    if tokens and usually_echoes and not echoes(body, tokens):
        return "unrelated", f"none of the call's arguments ({', '.join(tokens[:3])}) appear in the result"
    return None
