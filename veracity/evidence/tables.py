"""Facts held in tables: a claim in prose bound to the row of its subject and the column of its measure.

"Isaiah Thomas's 38 points, which he supplemented with six assists" is checked against the
row of the table whose name column says "Isaiah Thomas" and the columns `PTS` and `AST`, not
against any 38 or 6 anywhere in the source. Nothing here knows a sport: a row's subject comes from
the column whose header names one (`name`, `player`, `team`, `company`, …; else any name-like
cell), a claim's column from the measure's words matched against the headers
(:mod:`veracity.evidence.attributes`). Tables are found by shape in JSON sources:
column-oriented objects (`{"PTS": {"17": "38"}, "PLAYER_NAME": {"17": "Isaiah Thomas"}}`),
lists of objects, and flat objects of scalars (one record each).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from veracity.evidence.attributes import attribute_tokens, compatible
from veracity.model import Source
from veracity.values import Claim, Count, ValueType, find_names, normalize, same_fact

_NAME_LIKE_RE = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,4}$")
_SENTENCE_RE = re.compile(r"[.!?;](?:\s|$)")


@dataclass(frozen=True)
class Row:
    """One record of a table: its cells and the names that identify it."""

    source_id: str
    step_id: str | None
    cells: tuple[tuple[str, Any], ...]
    names: frozenset[str]
    surnames: frozenset[str]


# Header words that mark the column holding a row's subject (what the row is about), in any table.
_SUBJECT_HEADER_RE = re.compile(r"(?:^|_|\b)(?:name|player|person|team|company|entity|subject|who|member|nom|nombre|nome|naam)(?:$|_|\b)",
                                re.IGNORECASE)


def _names_of(cells: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    """The names that identify a row: the cells of the columns whose header names a subject
    (`PLAYER_NAME`, `company`, `Naam`), else every cell that reads as a name."""
    def name_like(v: Any) -> bool:
        return isinstance(v, str) and _NAME_LIKE_RE.match(v.strip()) is not None

    headed = [v.strip() for k, v in cells.items() if _SUBJECT_HEADER_RE.search(str(k)) and name_like(v)]
    names = set(headed) if headed else {v.strip() for v in cells.values() if name_like(v)}
    surnames = {n.split()[-1] for n in names if " " in n}
    return frozenset(n.lower() for n in names), frozenset(s.lower() for s in surnames)


Cells = tuple[tuple[str, Any], ...]


def _rows_in(obj: Any, out: list[Cells]) -> None:
    if isinstance(obj, list):
        if obj and all(isinstance(x, dict) for x in obj):
            for x in obj:
                _add(x, out)
        for x in obj:
            _rows_in(x, out)
        return
    if not isinstance(obj, dict):
        return
    columns = {k: v for k, v in obj.items() if isinstance(v, dict) and v}
    if len(columns) >= 3:
        row_ids = set.intersection(*(set(v) for v in columns.values()))
        if row_ids and all(not isinstance(x, dict | list) for v in columns.values() for x in v.values()):
            for rid in sorted(row_ids):
                _add({col: values[rid] for col, values in columns.items()}, out)
            return
    scalars = {k: v for k, v in obj.items() if not isinstance(v, dict | list)}
    if len(scalars) >= 2:
        _add(scalars, out)
    for v in obj.values():
        if isinstance(v, dict | list):
            _rows_in(v, out)


def _add(cells: dict[str, Any], out: list[Cells]) -> None:
    out.append(tuple(cells.items()))


def _tables(content: str) -> tuple[tuple[Cells, frozenset[str], frozenset[str]], ...]:
    """The records of a JSON text with the names that identify each (none for other text)."""
    if content.lstrip()[:1] not in ("{", "["):
        return ()
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError:
        return ()
    found: list[Cells] = []
    _rows_in(data, found)
    out = []
    for cells in found:
        names, surnames = _names_of(dict(cells))
        if names:
            out.append((cells, names, surnames))
    return tuple(out)


def rows_of(sources: list[Source]) -> list[Row]:
    return [
        Row(s.source_id, s.step_id, cells, names, surnames)
        for s in sources
        for cells, names, surnames in _tables(s.content)
    ]


def _subject(text: str, pos: int) -> str | None:
    """The nearest name before `pos` in its sentence: what a number there is about."""
    starts = [m.end() for m in _SENTENCE_RE.finditer(text, 0, pos)]
    begin = starts[-1] if starts else 0
    best = None
    for vtype in (ValueType.PERSON_NAME, ValueType.ORG_NAME):
        for m in find_names(text, vtype):
            if begin <= m.start and m.end <= pos and (best is None or m.start > best[0]):
                best = (m.start, m.raw)
    return best[1] if best else None


def _row_for(subject: str, rows: list[Row]) -> Row | None:
    s = re.sub(r"['’]s$", "", subject.strip()).lower()
    exact = [r for r in rows if s in r.names]
    if len(exact) == 1:
        return exact[0]
    last = s.split()[-1]
    by_surname = [r for r in rows if last in r.surnames or last in r.names]
    return by_surname[0] if len({id(r) for r in by_surname}) == 1 else None


def _column(measure: str | None, row: Row) -> tuple[str, Any] | None:
    labels = attribute_tokens(measure)
    if not labels:
        return None
    labels |= {w + "s" for w in labels if not w.endswith("s")}  # "a 10-point game" counts points
    fits = [(k, v) for k, v in row.cells if compatible(labels, attribute_tokens(k))]
    if not fits:
        return None
    return min(fits, key=lambda kv: len(attribute_tokens(kv[0])))  # the plainest column: PTS before PTS_QTR1


_PAIR_LEFT_RE = re.compile(r"\d\s*[-–]\s*$")
_PAIR_RIGHT_RE = re.compile(r"^\s*[-–]\s*\d")


def _in_pair(text: str, start: int, end: int) -> bool:
    return bool(_PAIR_LEFT_RE.search(text[max(0, start - 4) : start]) or _PAIR_RIGHT_RE.match(text[end : end + 4]))


@dataclass(frozen=True)
class Bound:
    """A claim bound to one cell of a table."""

    row: Row
    column: str
    value: Any
    agrees: bool


def bind(claim: Claim, text: str, rows: list[Row]) -> Bound | None:
    """The table cell a numeric claim speaks of (among the `rows_of` a run's sources), and whether
    it agrees; None when it cannot be bound."""
    if claim.kind not in (ValueType.COUNT, ValueType.MONEY, ValueType.PERCENTAGE) or claim.normal is None:
        return None
    if _in_pair(text, claim.start, claim.end):
        return None  # "4-7 FG", "110-107", "(32-18)": two numbers that read together, not one count
    if not rows:
        return None
    subject = _subject(text, claim.start)
    if subject is None:
        return None
    row = _row_for(subject, rows)
    if row is None:
        return None
    cell = _column(claim.measure, row)
    if cell is None:
        return None
    stated = normalize(cell[1], claim.kind)
    if stated is None:
        return None
    return Bound(row, cell[0], cell[1], same_fact(claim.normal, stated))


_ARTICLE_COUNT_RE = re.compile(r"\b(an?|one|single)\s+([a-z]+)\b")


def article_counts(text: str) -> list[Claim]:
    """"a steal", "an assist", "a subsidiary": counts of one, for any noun; only those whose noun
    names a column of the subject's row are bound (:func:`bind`), the others are dropped."""
    return [
        Claim(ValueType.COUNT, m.start(1), m.end(1), m.group(1), Count(value=1.0, vtype=ValueType.COUNT), m.group(2))
        for m in _ARTICLE_COUNT_RE.finditer(text)
    ]
