"""Checking a user's ClickHouse SQL before `sql_readonly` runs it, and putting the views in front of it.

ClickHouse has no parser to call from here, so a small scanner reads the text: it skips quoted
strings, quoted names and comments, splits statements on `;` and collects the bare words with their
positions. One statement is allowed, and it must begin with SELECT, WITH or EXPLAIN (or `(`). The
words that would let a query write or lift its own limits are refused: `INTO OUTFILE` (ClickHouse
writes that file even under `readonly = 1`), `SETTINGS` (it could turn `readonly` off) and a `FORMAT`
clause (the store asks for Arrow itself). Everything else is refused by ClickHouse under `readonly = 1`
(writes, DDL, table functions that read files or the network).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

READ_STATEMENTS = {"SELECT", "WITH", "EXPLAIN"}
REFUSED = {"OUTFILE", "SETTINGS"}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _errors() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = []
    try:
        from chdb._exceptions import ChdbError

        found.append(ChdbError)
    except ImportError:  # pragma: no cover - only a server is used
        pass
    try:
        from clickhouse_connect.driver.exceptions import ClickHouseError

        found.append(ClickHouseError)
    except ImportError:  # pragma: no cover - only chdb is used
        pass
    return tuple(found) or (RuntimeError,)


#: What the engines raise for a query ClickHouse refuses (bad SQL, a write under readonly, ...).
ENGINE_ERRORS = _errors()


@dataclass
class Statement:
    start: int
    end: int
    words: list[tuple[int, str, str]] = field(default_factory=list)  # (position, WORD, next non-blank char)


def _skip(text: str, i: int) -> int:
    """The index after a quoted string/name or comment starting at `i` (or `i` when none starts there)."""
    c, two = text[i], text[i:i + 2]
    if two == "--" or c == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end + 1
    if two == "/*":
        end = text.find("*/", i + 2)
        if end < 0:
            raise ValueError("SQL error: a comment is not closed")
        return end + 2
    if c in "'\"`":
        j = i + 1
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == c:
                if text[j + 1:j + 2] == c:
                    j += 2
                    continue
                return j + 1
            j += 1
        raise ValueError(f"SQL error: a {c} quote is not closed")
    return i


def scan(text: str) -> list[Statement]:
    """The statements of `text` (empty ones dropped), each with its bare words."""
    statements, current, i = [], Statement(0, 0), 0
    while i < len(text):
        j = _skip(text, i)
        if j != i:
            i = j
            continue
        if text[i] == ";":
            current.end = i
            statements.append(current)
            current, i = Statement(i + 1, i + 1), i + 1
            continue
        match = _WORD.match(text, i) if text[i].isalpha() or text[i] == "_" else None
        if match:
            rest = text[match.end():].lstrip()
            current.words.append((i, match.group().upper(), rest[:1]))
            i = match.end()
            continue
        if text[i] == "(" and not current.words:
            current.words.append((i, "(", ""))
        i += 1
    current.end = len(text)
    statements.append(current)
    return [s for s in statements if s.words]


def with_views(text: str, views: dict[str, str]) -> str:
    """The one read statement of `text` with `views` (name to SELECT) put before it as common table expressions."""
    statements = scan(text)
    if len(statements) != 1:
        raise ValueError(f"give one SQL statement, not {len(statements)}")
    stmt = statements[0]
    first = stmt.words[0][1]
    if first not in READ_STATEMENTS and first != "(":
        raise ValueError(f"only SELECT (or EXPLAIN) runs here, not {first}: the store is read-only")
    for _, word, after in stmt.words:
        if word in REFUSED or (word == "FORMAT" and after != "("):
            raise ValueError(f"{word} is not allowed here: the store is read-only and answers in Arrow")
    body = text[stmt.start:stmt.end]
    base = stmt.start
    prefix = "WITH " + ", ".join(f"{name} AS ({sql})" for name, sql in views.items())
    at = next(((p, w) for p, w, _ in stmt.words if w in ("SELECT", "WITH", "(")), None)
    if at is None:
        raise ValueError("only SELECT (or EXPLAIN) runs here: no SELECT found")
    pos, word = at[0] - base, at[1]
    if word == "WITH":
        return body[:pos] + prefix + ", " + body[pos + len("WITH"):]
    if word == "(":
        return body[:pos] + prefix + " SELECT * FROM " + body[pos:]
    return body[:pos] + prefix + " " + body[pos:]
