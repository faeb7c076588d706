"""Locating a given value in a text: every span that states the same fact (for grounding)."""

from __future__ import annotations

import re
from functools import lru_cache

from .address import ADDRESS_EXPANSIONS, address_within, is_region_token
from .compare import same_fact
from .dates import find_dates, find_years
from .folding import token_spans
from .labels import label_at
from .names import ORG_ABBREV
from .normalize import PARSERS, find_values
from .simple import locate_identifier, stem
from .textcache import TEXT_CACHE_SIZE, per_text, register_clearer
from .types import (
    Address,
    Category,
    DateValue,
    FreeText,
    Identifier,
    Mention,
    Normal,
    OrgName,
    PersonName,
    ValueType,
)


def _value_tokens(n: Normal) -> tuple[str, ...]:
    if isinstance(n, OrgName):
        return n.tokens
    if isinstance(n, PersonName):
        return tuple(x for x in (n.first, n.last) if x)
    if isinstance(n, Category):
        return n.tokens
    if isinstance(n, Address):
        return n.tokens
    if isinstance(n, FreeText):
        return tuple(n.key.split())
    return ()


@per_text
def text_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """:func:`.folding.token_spans` of ``text``, memoised per text."""
    return tuple(token_spans(text))


_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_ABBREVIATED = frozenset(ORG_ABBREV.values())  # words a text may write shortened ("Intl")


_NOT_ALNUM_BYTES = bytes(i for i in range(256) if not (48 <= i <= 57 or 97 <= i <= 122))


@per_text
def _alnum(text: str) -> str:
    """The text's letters and digits, lower-cased and run together: "O'Brien, I.B.M." → "obrienibm"."""
    if text.isascii():  # the same, in one pass of C over the bytes
        return text.encode("ascii").lower().translate(None, _NOT_ALNUM_BYTES).decode("ascii")
    return _ALNUM_RE.sub("", text.lower())


@per_text
def _plain(text: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in text_spans(text))


@per_text
def _stemmed(text: str) -> tuple[str, ...]:
    plain = _plain(text)
    stems = {t: stem(t) for t in set(plain)}  # each distinct token stemmed once
    return tuple(map(stems.__getitem__, plain))


def _address_need(n: Address) -> frozenset[str]:
    """Tokens of ``n`` that only an identical token can match (short words and numbers: see
    :func:`.folding.token_close`): a window without them all cannot be the same address."""
    return frozenset(t for t in n.tokens if (len(t) < 6 or t.isdigit()) and not is_region_token(t))


def _may_contain(
    text: str, spans: tuple[tuple[str, int, int], ...], a: int, b: int, need: frozenset[str]
) -> bool:
    """Cheap necessary test that the window ``spans[a..b]`` parses to an address holding every
    token of ``need`` (False only when it certainly does not; non-ASCII windows are not judged)."""
    s, e = spans[a][1], spans[b][2]
    if not text.isascii() and not text[s:e].isascii():
        return True
    have: set[str] = {"and"} if "&" in text[s:e] else set()
    for k in range(a, b + 1):
        t = spans[k][0]
        have.add(t)
        x = ADDRESS_EXPANSIONS.get(t)
        if x:
            have.update(x)
        elif t.endswith(("str", "strasse")):
            # a compound street name: "Hauptstr." holds "haupt" and "street"
            have.update(("street", t[: -len("strasse")] if t.endswith("strasse") else t[:-3]))
    return need <= have


def _positions(tokens: tuple[str, ...]) -> dict[str, list[int]]:
    """Token -> the indexes in ``tokens`` where it occurs, in order."""
    out: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        out.setdefault(t, []).append(i)
    return out


@per_text
def _positions_plain(text: str) -> dict[str, list[int]]:
    """Token -> the indexes in ``_plain(text)`` where it occurs, in order."""
    return _positions(_plain(text))


@per_text
def _positions_stemmed(text: str) -> dict[str, list[int]]:
    return _positions(_stemmed(text))


def _absent_probe(text: str, n: Normal, want: tuple[str, ...]) -> bool:
    """A cheap necessary test before tokenising an ASCII text: the value's surname (a
    person's), number (an address's) or first word must be among its letters and digits."""
    if not text.isascii():
        return False
    probe = (
        n.last.split()[-1]
        if isinstance(n, PersonName)
        else (n.number or want[0])
        if isinstance(n, Address)
        else want[0]
    )
    return bool(
        probe and probe.isalnum() and probe.isascii() and probe not in _ABBREVIATED and probe not in _alnum(text)
    )


def _anchor(n: Normal, want: tuple[str, ...]) -> tuple[str, int, int, int]:
    """The token a window is anchored on, how many tokens it may start before it, how many it
    may run past the value's width, and that width."""
    if isinstance(n, PersonName):
        width = len(n.key.split())
        # every word of the name, and a title or initial more
        return n.last.split()[-1], width + 1, 1, width
    if isinstance(n, Address):
        anchor = n.number if n.number else want[0]
        # European addresses put the number after the street ("Carrer de Balmes 45"): look back that far.
        back = (want.index(n.number) + 1) if n.number in want else 1
        return anchor, back, 6, len(want)
    return want[0], 0, 3, len(want)


def _token_type_locate(text: str, n: Normal) -> list[Mention]:
    want = _value_tokens(n)
    if not want or _absent_probe(text, n, want):
        return []
    is_address = isinstance(n, Address)
    spans = text_spans(text)
    if not spans:
        return []
    stemmed = isinstance(n, Category)
    is_org = isinstance(n, OrgName)
    toks = _stemmed(text) if stemmed else _plain(text)
    # Necessary tokens: an organisation's words must all be there; a person's surname. A text
    # without them cannot state the value, and most texts are ruled out here, cheaply.
    required = set(want) if is_org else set()
    positions = _positions_stemmed(text) if stemmed else _positions_plain(text)
    vocabulary = positions.keys()  # the text's distinct tokens
    if required and not required <= vocabulary:
        return []
    parse = PARSERS[n.vtype]
    need = _address_need(n) if isinstance(n, Address) else None
    anchor, back, extra, width = _anchor(n, want)
    out: list[Mention] = []
    if anchor not in vocabulary:
        return out
    shortest = width // 2 if is_address else width - 1  # compounds: "Schillerstr."
    n_spans = len(spans)
    longer = is_org  # keep the legal suffix in the quote
    last_end = -1
    for i in positions[anchor]:
        if spans[i][1] < last_end:
            continue
        best: tuple[Normal, int, int] | None = None  # (parsed, start, end); labelled once, when kept
        lo = max(0, i - back)
        for a in range(i, lo - 1, -1):
            s = spans[a][1]
            for b in range(max(i, a + shortest), min(n_spans, a + width + extra)):
                e = spans[b][2]
                if not is_address and text.find("\n", s, e) >= 0:
                    break  # every longer window from ``a`` holds the line break too
                if need and not _may_contain(text, spans, a, b, need):
                    continue
                if required and not required <= set(toks[a : b + 1]):
                    continue
                try:
                    cand = parse(text[s:e])
                except (ValueError, OverflowError):
                    continue
                if cand is None:
                    continue
                if is_address and isinstance(cand, Address):
                    # Same fact, and no token of the value left unmatched.
                    if not isinstance(n, Address) or not address_within(n, cand):
                        continue
                elif not same_fact(n, cand):
                    continue
                if best is None or ((e - s) > (best[2] - best[1]) if longer else (e - s) < (best[2] - best[1])):
                    best = (cand, s, e)
                if not longer:
                    break
        if best is not None:
            cand, s, e = best
            out.append(Mention(cand, s, e, text[s:e], False, label_at(text, s, e)))
            last_end = e
    return out


def locate(text: str, normal: Normal) -> list[Mention]:
    """Every span of ``text`` that states the same fact as ``normal`` (for grounding).

    Numbers, dates, web addresses, phones and identifiers are found with
    :func:`find_values` and compared with :func:`same_fact`; names, categories, addresses and
    free text by searching token windows anchored on a distinctive token."""
    if not text:
        return []
    try:
        return list(_locate_cached(text, normal))
    except TypeError:  # an unhashable normal (not one the parsers make)
        return _locate(text, normal)


@lru_cache(maxsize=TEXT_CACHE_SIZE * 32)
def _locate_cached(text: str, normal: Normal) -> tuple[Mention, ...]:
    # A run grounds the same value against the same sources more than once (each check that
    # needs it, and lineage after grounding): memoised per (text, value).
    return tuple(_locate(text, normal))


register_clearer(_locate_cached.cache_clear)


def _locate(text: str, normal: Normal) -> list[Mention]:
    vt = normal.vtype
    if isinstance(normal, DateValue):
        cands = find_dates(text) + find_years(text) if normal.month is not None else find_years(text)
        return [m for m in cands if same_fact(normal, m.normal)]
    if vt in (
        ValueType.MONEY,
        ValueType.COUNT,
        ValueType.PERCENTAGE,
        ValueType.DOMAIN,
        ValueType.URL,
        ValueType.EMAIL,
        ValueType.PHONE,
        ValueType.IDENTIFIER,
        ValueType.BOOLEAN,
        ValueType.MISSING,
    ):
        hits = [m for m in find_values(text, vt) if same_fact(normal, m.normal)]
        if isinstance(normal, Identifier):
            spans = {(m.start, m.end) for m in hits}
            hits += [m for m in locate_identifier(text, normal) if (m.start, m.end) not in spans]
        if vt is ValueType.DOMAIN and not hits:
            hits = [m for m in find_values(text, ValueType.URL) if same_fact(normal, m.normal)]
        return hits
    if vt is ValueType.LIST:
        return []
    return _token_type_locate(text, normal)
