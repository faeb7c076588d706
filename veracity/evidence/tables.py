"""Records held in structured sources: rows, the names that identify each, and the columns' words.

A JSON tool result is read as tables by shape: column-oriented objects
(`{"PTS": {"17": "38"}, "PLAYER_NAME": {"17": "Isaiah Thomas"}}`), lists of objects, and flat
objects of scalars (one record each). Nothing here knows a domain:

- a row's *names* are the cells of the columns whose header names a subject (`name`,
  `player`, `team`, `company`, …; else every name-like cell) whose values tell the rows apart;
  a subject column whose values repeat across most rows of its table (`TEAM_CITY` in a table
  of players, `employer` in a table of staff) is a *link*: the name of another record the row
  belongs to;
- a column's *words* come from its own key (`FG3_PCT` → `fg`, `3`, `pct`; `revenueUsd` →
  `revenue`, `usd`), and prose words align with them through :func:`word_explains`:
  the same word or its inflection, letters in order (`pts` ↔ points, `qtr` ↔ quarter), an
  acronym of consecutive words (`ft` ↔ free throw), a number word for a digit (`3` ↔ three,
  third), or the language's column abbreviations (`pct` ↔ percent).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from veracity.model import Source
from veracity.values.lexicon import en

_NAME_LIKE_RE = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z0-9][\w'’.-]*){0,4}$")
# Header words that mark a column holding a row's subject (what the row is about), in any table.
_SUBJECT_HEADER_RE = re.compile(
    r"(?:^|_|-|\b)(?:name|player|person|team|company|entity|subject|who|member|nom|nombre|nome|naam)(?:$|_|-|\b)",
    re.IGNORECASE)
_KEY_TOKEN_RE = re.compile(r"[a-z]+|\d+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")

Cells = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Row:
    """One record of a table: its cells, the names that identify it, the names of the records it belongs to."""

    source_id: str
    step_id: str | None
    cells: Cells
    names: frozenset[str]  # lower case, each a whole subject cell
    surnames: frozenset[str]  # the last word of each multi-word name
    links: frozenset[str] = frozenset()  # lower case: names of other records (a player's team city)
    table: int = 0

    def number(self, column: str) -> str | None:
        """The cell of `column` when it holds a number."""
        for k, v in self.cells:
            if k == column:
                return str(v) if _is_number(v) else None
        return None


def _is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        return True
    return isinstance(v, str) and re.fullmatch(r"-?\d+(?:\.\d+)?", v.strip()) is not None


def _name_like(v: Any) -> bool:
    return isinstance(v, str) and _NAME_LIKE_RE.match(v.strip()) is not None


# --- finding tables by shape ---------------------------------------------------------------------


def _rows_in(obj: Any, out: list[tuple[int, Cells]], counter: list[int]) -> None:
    if isinstance(obj, list):
        if obj and all(isinstance(x, dict) for x in obj):
            counter[0] += 1
            for x in obj:
                out.append((counter[0], tuple((k, v) for k, v in x.items() if not isinstance(v, dict | list))))
            for x in obj:  # each object is a row already: only what it nests is read further
                for v in x.values():
                    if isinstance(v, dict | list):
                        _rows_in(v, out, counter)
            return
        for x in obj:
            _rows_in(x, out, counter)
        return
    if not isinstance(obj, dict):
        return
    columns = {k: v for k, v in obj.items() if isinstance(v, dict) and v}
    if len(columns) >= 3:
        row_ids = set.intersection(*(set(v) for v in columns.values()))
        if row_ids and all(not isinstance(x, dict | list) for v in columns.values() for x in v.values()):
            counter[0] += 1
            for rid in sorted(row_ids, key=lambda r: (len(r), r)):
                out.append((counter[0], tuple((col, values[rid]) for col, values in columns.items())))
            return
    scalars = tuple((k, v) for k, v in obj.items() if not isinstance(v, dict | list))
    if len(scalars) >= 2:
        counter[0] += 1
        out.append((counter[0], scalars))
    for v in obj.values():
        if isinstance(v, dict | list):
            _rows_in(v, out, counter)


def _link_columns(table: list[Cells]) -> frozenset[str]:
    """Subject columns whose values repeat across most rows: they name a group, not the row."""
    if len(table) < 4:
        return frozenset()
    values: dict[str, Counter[str]] = {}
    for cells in table:
        for k, v in cells:
            if _SUBJECT_HEADER_RE.search(str(k)) and _name_like(v):
                values.setdefault(k, Counter())[str(v).strip()] += 1
    return frozenset(k for k, c in values.items() if len(c) * 2 <= sum(c.values()))


def _row(source: Source, table: int, cells: Cells, links: frozenset[str]) -> Row | None:
    own = [(k, v) for k, v in cells if k not in links]
    headed = [str(v).strip() for k, v in own if _SUBJECT_HEADER_RE.search(str(k)) and _name_like(v)]
    names = set(headed) if headed else {str(v).strip() for _, v in own if _name_like(v)}
    if not names:
        return None
    surnames = {n.split()[-1] for n in names if " " in n}
    linked = frozenset(str(v).strip().lower() for k, v in cells if k in links and _name_like(v))
    return Row(source.source_id, source.step_id, cells, frozenset(n.lower() for n in names),
               frozenset(s.lower() for s in surnames), linked, table)


@lru_cache(maxsize=256)
def _tables(content: str) -> tuple[tuple[int, Cells], ...]:
    if content.lstrip()[:1] not in ("{", "["):
        return ()
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError:
        return ()
    found: list[tuple[int, Cells]] = []
    _rows_in(data, found, [0])
    return tuple(found)


def rows_of(sources: list[Source]) -> list[Row]:
    """The records of a run's JSON sources, each with the names that identify it (rows naming nothing are left out)."""
    rows: list[Row] = []
    offset = 0
    for s in sources:
        found = _tables(s.content)
        by_table: dict[int, list[Cells]] = {}
        for t, cells in found:
            by_table.setdefault(t, []).append(cells)
        links = {t: _link_columns(cells) for t, cells in by_table.items()}
        for t, cells in found:
            row = _row(s, offset + t, cells, links[t])
            if row is not None:
                rows.append(row)
        offset += len(by_table) + 1
    return rows


def linked_rows(row: Row, rows: list[Row]) -> list[Row]:
    """The records a row belongs to (its links resolved), the most specific first: a record
    that names the link value and few others (a team's own line, not the game's header)."""
    found = [r for r in rows if r is not row and r.table != row.table and r.names & row.links]
    return sorted(found, key=lambda r: len(r.names))


# --- the words of a column -------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def key_words(key: str) -> tuple[str, ...]:
    """The parts of a record key: `FG3_PCT` → (fg, 3, pct); `revenueUsd` → (revenue, usd); `TEAM-PTS_QTR1` → (team, pts, qtr, 1)."""
    return tuple(_KEY_TOKEN_RE.findall(_CAMEL_RE.sub(" ", key).lower()))


def _letters_in_order(short: str, word: str) -> bool:
    """`pts` abbreviates `points`, `qtr` `quarter`, `to` `turnovers`: same first letter, letters in order."""
    if len(short) < 2 or len(short) >= len(word) or short[0] != word[0]:
        return False
    it = iter(word)
    return all(ch in it for ch in short)


def _inflected(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and long[len(short):] in ("s", "es", "ed", "ing", "d")


def _number_word(word: str) -> int | None:
    lex = en.LEXICON
    return lex.ones.get(word, lex.ordinals.get(word))


def word_explains(part: str, words: tuple[str, ...], i: int) -> int:
    """How many prose words from `words[i]` one key part stands for (0: none)."""
    w = words[i]
    if part.isdigit():
        digits = re.match(r"\d+", w)
        return 1 if (digits and digits.group() == part) or _number_word(w) == int(part) else 0
    if _inflected(part, w) or _letters_in_order(part, w) or w in en.LEXICON.column_abbreviations.get(part, ()):
        return 1
    if 2 <= len(part) <= 4 and i + len(part) <= len(words) and all(
            words[i + j][:1] == part[j] for j in range(len(part))):
        return len(part)  # an acronym: `ft` for "free throw"
    return 0


def explained_parts(parts: tuple[str, ...], words: tuple[str, ...]) -> int:
    """How many of a key's parts the prose words stand for."""
    used: set[int] = set()
    count = 0
    for part in parts:
        for i in range(len(words)):
            if i in used:
                continue
            n = word_explains(part, words, i)
            if n:
                used.update(range(i, i + n))
                count += 1
                break
    return count


def aligned_columns(words: tuple[str, ...], row: Row, common: frozenset[str]) -> list[str]:
    """The numeric columns of a row that the prose words name best: the columns whose every part
    the words explain, when there are such (`PTS`, not `PTS_QTR1`, for "points"), else those
    with the most parts explained (`FG_PCT`, `FT_PCT`, `FG3_PCT` alike for "percent").
    `common`: parts every column of the row shares (`team` in `TEAM-PTS`), which say nothing."""
    scored: list[tuple[int, bool, str]] = []
    for key, value in row.cells:
        if not _is_number(value):
            continue
        parts = tuple(p for p in key_words(key) if p not in common)
        if not parts:
            continue
        hit = explained_parts(parts, words)
        if hit:
            scored.append((hit, hit == len(parts), key))
    if not scored:
        return []
    full = [s for s in scored if s[1]]
    pool = full or scored
    top = max(s[0] for s in pool)
    return [key for hit, _, key in pool if hit == top]


def common_parts(row: Row) -> frozenset[str]:
    """Key parts shared by every column of the row (a prefix such as `TEAM-`)."""
    sets = [set(key_words(k)) for k, _ in row.cells]
    return frozenset(set.intersection(*sets)) if len(sets) >= 3 else frozenset()


def holds_places(rows: list[Row]) -> bool:
    """Whether any record has a column for a place (`venue`, `location`, `stadium`, `address`)."""
    places = en.LEXICON.place_words
    return any(set(key_words(k)) & places for r in rows for k, _ in r.cells)


def names_a_place(text: str, start: int, end: int) -> bool:
    """ "at TD Garden", "in Union Station": a name whose last word is a place's head noun, after a
    preposition of place (so "CEO Lucas Park" stays a person)."""
    words = text[start:end].split()
    if len(words) < 2 or words[-1].lower().strip(".,") not in en.LEXICON.place_words:
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 12) : start].lower())
    before = [w for w in before if w not in en.LEXICON.articles and w != "the"]
    return bool(before) and before[-1] in en.LEXICON.place_prepositions
