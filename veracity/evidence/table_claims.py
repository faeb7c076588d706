"""Claims in free text checked against the records of a run's structured sources.

A claim is an entity mention, a number and the words near it: "Isaiah Thomas's 38 points",
"Acme's revenue of 12 million", "shot 9-of-14 from the field", "outscored the Pacers 30-16 in
the third quarter". The entity is aligned to a record by the record's own names (whole,
surname alone, possessive), the words to the record's columns by the words of their keys
(:mod:`veracity.evidence.tables`), and the number compared with the aligned cell:

- *supported* when some reading of the sentence (any entity it names before the number, any
  column that fits the words equally well) gives the same number;
- *contradicted* when none does and the nearest entity with a fitting column has exactly one
  such column (the record states this attribute, and another value);
- *unsupported* when none does but the alignment is not unique.

Pairs of numbers read together: a made–attempted pair ("9-of-14", "6-9 FG") against two
columns whose keys differ only in their last part, read as made/attempted in the language's
column abbreviations (`FGM`/`FGA`, `shots_made`/`shots_attempted`); a score or split
("113-107", "30-16 in the third quarter") against one column of two records of the same
shape. A number with words that move it off the record ("averaging 16 points this season",
"the last five games") is not bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from veracity.evidence.tables import (
    Row,
    aligned_columns,
    common_parts,
    explained_parts,
    key_words,
    linked_rows,
)
from veracity.values import Claim, Count, ValueType
from veracity.values.lexicon import en

_SENTENCE_RE = re.compile(r"[.!?](?:\s|$)")
_CLAUSE_END_RE = re.compile(r"[,;:()]|[.!?](?:\s|$)|\d")
_WORD_RE = re.compile(r"[A-Za-z]+|\d+")
_PAIR_RE = re.compile(r"(?<![\w.,-])(\d{1,4})(\s?[-–]\s?|-of-|-for-| of | for )(\d{1,4})(?![\w.,]|-\d)")
_FULL_NAME_RE = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)+")
_ARTICLE_COUNT_RE = re.compile(r"\b(an?|one|single)\s+([a-z]+)\b")


@dataclass(frozen=True)
class Reading:
    """One cell a claim may speak of."""

    row: Row
    column: str
    value: str


@dataclass(frozen=True)
class Checked:
    """A claim's verdict against the records: the characters it quotes, and what the records state."""

    start: int
    end: int
    status: str  # supported | contradicted | unsupported
    stated: tuple[Reading, ...]


# --- entity mentions ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _name_re(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alt})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    rows: tuple[Row, ...]


def mentions(text: str, rows: list[Row]) -> list[Mention]:
    """Where the text names a record (capitalised, whole name or surname; "Thomas's" is Thomas)."""
    by_name: dict[str, list[Row]] = {}
    for r in rows:
        for n in r.names:
            by_name.setdefault(n, []).append(r)
    for r in rows:
        for s in r.surnames:
            if s not in by_name:
                by_name.setdefault(s, []).append(r)
    pattern = _name_re(tuple(sorted(by_name)))
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        if m.group()[:1].isupper():
            name = m.group().lower()
            # "Toronto Raptors", when the only record of that whole name holds no number (the run's
            # input), is also every record named by a part of it ("Raptors", "Toronto").
            whole = by_name[name]
            counted = any(r.number(k) is not None for r in whole for k, _ in r.cells)
            parts = [] if counted else [r for n in _parts(name) for r in by_name.get(n, ())]
            out.append(Mention(m.start(), m.end(), tuple(dict.fromkeys([*whole, *parts]))))
    return out


def _parts(name: str) -> list[str]:
    words = name.split()
    return [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
            if (i, j) != (0, len(words))]


# --- the words of a claim ------------------------------------------------------------------------


def _sentence(text: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_RE.finditer(text, 0, pos)]
    end = _SENTENCE_RE.search(text, pos)
    return (starts[-1] if starts else 0), (end.start() if end else len(text))


def _content(words: list[str]) -> tuple[str, ...]:
    """Words that can name a column: not the language's function words ("from the" is no `FT`)."""
    skip = en.LEXICON.function_words | en.LEXICON.stop_words
    return tuple(w for w in (x.lower() for x in words) if w not in skip)


def _words_after(text: str, end: int, limit: int = 5) -> tuple[str, ...]:
    """The phrase after a number that names what it measures, to the clause's end or a word that starts another."""
    stop = _CLAUSE_END_RE.search(text, end)
    words = _WORD_RE.findall(text[end : stop.start() if stop else len(text)])
    breaks = en.LEXICON.phrase_breaks
    cut = next((i for i, w in enumerate(words) if w.lower() in breaks), len(words))
    return _content(words[:cut])[:limit]


def _clause(text: str, start: int, end: int) -> tuple[str, ...]:
    begin = max((m.end() for m in re.finditer(r"[,;:()]|[.!?](?:\s|$)", text[:start])), default=0)
    stop = re.search(r"[,;:()]|[.!?](?:\s|$)", text[end:])
    return tuple(w.lower() for w in _WORD_RE.findall(text[begin : end + (stop.start() if stop else len(text))]))


def _off_record(text: str, start: int, end: int) -> bool:
    """Words near the number that put it outside the record's cells (a season average, a streak)."""
    return bool(set(_clause(text, start, end)) & en.LEXICON.scope_words)


# --- readings ----------------------------------------------------------------------------------------


def _same(a: str | float, b: str | float) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


def _candidates(text: str, pos: int, found: list[Mention]) -> list[Mention]:
    """The entities a number at `pos` may be about: those its sentence names before it, nearest
    first; none when the sentence opens with a name no record holds (its subject is someone else)."""
    begin, _ = _sentence(text, pos)
    full = _FULL_NAME_RE.search(text, begin, pos)  # a full name, not one capitalised word ("Friday", "Defense")
    if full is not None and not any(m.start < full.end() and full.start() < m.end for m in found):
        return []
    return sorted((m for m in found if begin <= m.start and m.end <= pos), key=lambda m: -m.start)


def _readings(words: tuple[str, ...], row: Row) -> list[Reading]:
    """The numeric cells of a row its words name; the first word (the noun a number counts) must name a part."""
    out = []
    common = common_parts(row)
    for col in aligned_columns(words, row, common):
        if not explained_parts(tuple(p for p in key_words(col) if p not in common), words[:1]):
            continue
        v = row.number(col)
        if v is not None:
            out.append(Reading(row, col, v))
    return out


def check_number(claim: Claim, text: str, found: list[Mention]) -> Checked | None:
    """A single number (a count or a percentage) against the cells its sentence's entities and words align to."""
    value = getattr(claim.normal, "value", None)
    if value is None or claim.approximate or getattr(claim.normal, "high", None) not in (None, value):
        return None
    if _off_record(text, claim.start, claim.end):
        return None
    if claim.raw[-1:].isalpha() and text[claim.end : claim.end + 1] in "-–" and text[claim.end : claim.end + 1]:
        return None  # "the three-point line": a number word inside a compound names a kind, not a count
    if claim.kind is ValueType.COUNT and claim.raw.lower() in ("a", "an", "one", "single"):
        words = _content([claim.measure or ""])  # "a steal": the noun alone
    else:
        inner = _content([w for w in _WORD_RE.findall(claim.raw) if not w.isdigit() and w.lower() not in en.LEXICON.ones])
        words = inner + _words_after(text, claim.end)
    if not words:
        return None
    first: list[Reading] = []
    every: list[Reading] = []
    for m in _candidates(text, claim.start, found):
        here = [r for row in m.rows for r in _readings(words, row)]
        if not first:
            first = here
        elif {_shape(r.row) for r in here} & {_shape(r.row) for r in first}:
            continue  # an entity of the same kind nearer the number is its subject ("X had 9, while Y had 18")
        every.extend(here)
    if not every:
        return None
    s, e = _number_part(claim)
    agree = tuple(r for r in every if _same(value, r.value))
    if agree:
        return Checked(s, e, "supported", agree)
    return Checked(s, e, "contradicted" if len(first) == 1 else "unsupported", tuple(first))


def _shape(row: Row) -> frozenset[str]:
    return frozenset(k for k, _ in row.cells)


def _number_part(claim: Claim) -> tuple[int, int]:
    """The characters of a claim that state its number ("38" of "38 percent": the unit is not what is wrong)."""
    m = re.match(r"\d[\d.,]*", claim.raw)
    return (claim.start, claim.start + m.end()) if m and m.end() < len(claim.raw) else (claim.start, claim.end)


def article_counts(text: str, counted: set[str], numbers: list[int]) -> list[Claim]:
    """ "a steal", "an assist", "a subsidiary": counts of one, for a noun the text also counts
    with numerals (`counted`: "two steals" elsewhere) or in a sentence that counts other things
    (`numbers`: where the text's numerals start); they are bound only where the noun names a
    column of the subject's record (:func:`check_number`)."""
    out = []
    for m in _ARTICLE_COUNT_RE.finditer(text):
        noun = m.group(2)
        if noun in en.LEXICON.ones or noun in en.LEXICON.ordinals:
            continue  # "a one-point game"
        begin, end = _sentence(text, m.start())
        if (noun in counted or noun.rstrip("s") in counted or f"{noun}s" in counted
                or any(begin <= n < end for n in numbers)):
            out.append(Claim(ValueType.COUNT, m.start(1), m.end(1), m.group(1), Count(value=1.0, vtype=ValueType.COUNT), noun))
    return out


# --- pairs -------------------------------------------------------------------------------------------


def _made_attempted(row: Row) -> list[tuple[tuple[str, ...], str, str]]:
    """Column pairs of a row whose keys differ only in a last part read as made / attempted."""
    abbrev = en.LEXICON.column_abbreviations
    made: dict[tuple[str, ...], str] = {}
    attempted: dict[tuple[str, ...], str] = {}
    for key, _ in row.cells:
        parts = key_words(key)
        if len(parts) < 2 and not (len(parts) == 1 and len(parts[0]) >= 3):
            continue
        stem, last = (parts[:-1], parts[-1]) if len(parts) >= 2 else ((parts[0][:-1],), parts[0][-1])
        if last in ("made",) or "made" in abbrev.get(last, ()):
            made[stem] = key
        elif last in ("attempted", "attempts") or "attempted" in abbrev.get(last, ()):
            attempted[stem] = key
    return [(stem, made[stem], attempted[stem]) for stem in made if stem in attempted]


def _pair_quote(m: re.Match[str], expected: tuple[str, str] | None) -> tuple[int, int]:
    """The part of a pair that is wrong: the number that differs when the other one agrees."""
    if expected is not None:
        a_ok, b_ok = _same(m.group(1), expected[0]), _same(m.group(3), expected[1])
        if a_ok and not b_ok:
            return m.start(3), m.end(3)
        if b_ok and not a_ok:
            return m.start(1), m.end(1)
    return m.start(1), m.end(3)


def _shaped_rows(row: Row, rows: list[Row]) -> list[Row]:
    return [r for r in rows if _shape(r) == _shape(row)]


def _made_attempted_check(m: re.Match[str], label: tuple[str, ...], subjects: list[Mention]) -> Checked | None:
    a, b = m.group(1), m.group(3)
    joined = m.group(2).strip(" -–") in en.LEXICON.part_of_whole
    for mention in subjects:
        pairs = [(stem, mk, ak, row) for row in mention.rows for stem, mk, ak in _made_attempted(row)]
        if not pairs:
            continue
        scored = [(explained_parts(stem, label), stem, mk, ak, row) for stem, mk, ak, row in pairs]
        full = [s for s in scored if s[0] and s[0] == len(s[1])]
        pool = full or scored
        top = max(s[0] for s in pool)
        if not top and not joined:
            return None  # "(44-29)": two numbers, nothing saying made and attempted
        fits = [s for s in pool if s[0] == top]
        readings = [(row, mk, ak, mv, av) for _, _, mk, ak, row in fits
                    if (mv := row.number(mk)) is not None and (av := row.number(ak)) is not None]
        if not readings:
            return None
        good = next((r for r in readings if _same(a, r[3]) and _same(b, r[4])), None)
        if good is not None:
            return Checked(m.start(1), m.end(3), "supported", (Reading(good[0], good[1], good[3]),))
        row, mk, ak, mv, av = readings[0]
        stated = (Reading(row, mk, str(mv)), Reading(row, ak, str(av)))
        unique = top > 0 and len(readings) == 1
        s, e = _pair_quote(m, (str(mv), str(av))) if unique else (m.start(1), m.end(3))
        return Checked(s, e, "contradicted" if unique else "unsupported", stated)
    return None


def _two_record_check(m: re.Match[str], label: tuple[str, ...], sentence_rows: list[Row], rows: list[Row]) -> Checked | None:
    """A score or split between two records of the same shape, one column of each."""
    a, b = m.group(1), m.group(3)
    for first in sentence_rows:
        others = [r for r in _shaped_rows(first, rows) if r is not first]
        named = [r for r in others if r in sentence_rows]
        partners = named or (others if len(others) == 1 else [])
        for second in partners:
            cols = aligned_columns(label, first, common_parts(first)) if label else []
            pool = cols or [k for k, _ in first.cells if first.number(k) is not None]
            for col in pool:
                x, y = first.number(col), second.number(col)
                if x is not None and y is not None and {float(a), float(b)} == {float(x), float(y)}:
                    return Checked(m.start(1), m.end(3), "supported", (Reading(first, col, x), Reading(second, col, y)))
            x, y = (first.number(cols[0]), second.number(cols[0])) if len(cols) == 1 else (None, None)
            if x is not None and y is not None:
                hi, lo = sorted((x, y), key=float, reverse=True)
                expected = (hi, lo) if float(a) >= float(b) else (lo, hi)
                s, e = _pair_quote(m, expected)
                return Checked(s, e, "contradicted", (Reading(first, cols[0], x), Reading(second, cols[0], y)))
    return None


def _one_record_check(m: re.Match[str], sentence_rows: list[Row]) -> Checked | None:
    """An unlabelled pair after a record's name ("the Celtics (32-18)"): two of its cells, or nothing that says so."""
    a, b = float(m.group(1)), float(m.group(3))
    for row in sentence_rows:
        cells = [float(v) for k, _ in row.cells if (v := row.number(k)) is not None]
        if a in cells and b in cells and (a != b or cells.count(a) >= 2):
            return Checked(m.start(1), m.end(3), "supported", ())
    if sentence_rows:
        return Checked(m.start(1), m.end(3), "unsupported", ())
    return None


def check_pairs(text: str, rows: list[Row], found: list[Mention]) -> list[Checked]:
    """Every pair of numbers in the text that a record's cells can speak to."""
    out = []
    for m in _PAIR_RE.finditer(text):
        if _off_record(text, m.start(), m.end()):
            continue
        label = _words_after(text, m.end(), limit=5)
        subjects = _candidates(text, m.start(), found)
        begin, end = _sentence(text, m.start())
        in_sentence = [x for x in found if begin <= x.start < end]
        sentence_rows = list(dict.fromkeys(r for x in in_sentence for r in x.rows))
        result = _made_attempted_check(m, label, subjects)
        if result is None or result.status != "supported":
            two = _two_record_check(m, label, sentence_rows, rows)
            if two is not None and (result is None or two.status == "supported"):
                result = two
        if result is None and not label and m.group(2).strip() in ("-", "–"):
            near = [r for x in subjects[:1] for r in x.rows]
            result = _one_record_check(m, near)
        if result is not None:
            out.append(result)
    return out


# --- names -------------------------------------------------------------------------------------------


def _plural(a: str, b: str) -> bool:
    return a == b or a == f"{b}s" or b == f"{a}s"


def _writes(words: list[str], name: list[str]) -> bool:
    """Whether prose words write one record name word by word: the same word up to a plural, or
    consecutive words whose initials are the name's word ("Los Angeles" for `LA`)."""
    i = j = 0
    while i < len(words) and j < len(name):
        if _plural(words[i], name[j]):
            i, j = i + 1, j + 1
            continue
        n = next((n for n in (3, 2) if i + n <= len(words) and "".join(w[0] for w in words[i : i + n]) == name[j]), 0)
        if not n:
            return False
        i, j = i + n, j + 1
    return i == len(words) and j == len(name)


def names_in_records(raw: str, rows: list[Row]) -> Row | None:
    """The record one of whose names the prose name writes, up to a plural ("Laker" of `Lakers`) or
    an acronym the record writes for consecutive words ("Los Angeles Clippers" of `LA Clippers`)."""
    words = [w.lower() for w in _WORD_RE.findall(raw)]
    if not words:
        return None
    for row in rows:
        if any(_writes(words, n.split()) for n in row.names):
            return row
    return None


# --- membership ----------------------------------------------------------------------------------


def _specific(rows: tuple[Row, ...] | list[Row], targets: set[int]) -> Row | None:
    """The group record a name stands for: one that members link to, naming fewest others (a team's own line)."""
    groups = [r for r in rows if id(r) in targets]
    return min(groups, key=lambda r: len(r.names)) if groups else None


def check_memberships(text: str, rows: list[Row], found: list[Mention]) -> list[Checked]:
    """A group named beside one of its members' names in a sentence, when the records put that
    member in another group ("Bradley Beal led the Nets", the records' Beal linked to the Wizards),
    and neither the member's own group is named there nor a word sets the two against each other."""
    groups_of: dict[int, Row] = {}
    targets: set[int] = set()
    for r in rows:
        if r.links and (linked := linked_rows(r, rows)):
            groups_of[id(r)] = linked[0]
            targets.add(id(linked[0]))
    if not targets:
        return []
    out = []
    opposed = en.LEXICON.opposition_words
    for m in found:
        group = _specific(m.rows, targets)
        if group is None:
            continue
        begin, end = _sentence(text, m.start)
        here = [x for x in found if begin <= x.start < end]
        named_groups = {id(g) for x in here if (g := _specific(x.rows, targets)) is not None}
        for x in here:
            if len(x.rows) != 1 or id(x.rows[0]) not in groups_of:
                continue
            own = groups_of[id(x.rows[0])]
            if own is group or id(own) in named_groups:
                continue
            left, right = sorted((m, x), key=lambda y: y.start)
            between = [w.lower() for w in _WORD_RE.findall(text[left.end : right.start])]
            if set(between) & opposed or len(between) > 6:
                continue
            out.append(Checked(m.start, m.end, "contradicted", (Reading(x.rows[0], "", sorted(own.names)[0]),)))
            break
    return out


def pair_spans(text: str) -> list[tuple[int, int]]:
    """Where the text writes two numbers that read together (a single-number check skips them)."""
    return [(m.start(1), m.end(3)) for m in _PAIR_RE.finditer(text)]
