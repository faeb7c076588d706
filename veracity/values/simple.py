"""Identifiers, categories, free text and booleans.

>>> same_identifier(parse_identifier("HRB 12345"), parse_identifier("hrb-12345"))
True
>>> same_category(parse_category("Industrial Robotics"), parse_category("industrial robotic"))
True
>>> parse_boolean("Yes"), parse_boolean("false"), parse_boolean("maybe")
(Boolean(value=True, vtype=<ValueType.BOOLEAN: 'boolean'>), Boolean(value=False, vtype=<ValueType.BOOLEAN: 'boolean'>), None)
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .folding import fold, has_digit, tokens
from .labels import label_at
from .lexicon import words
from .textcache import per_text
from .types import Boolean, Category, FreeText, Identifier, Mention

_ID_STRIP_RE = re.compile(r"[^0-9A-Za-z]")
_ID_RE = re.compile(r"(?<![\w-])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-/.]{3,40}[A-Za-z0-9](?![\w-])")
_TICKER_RE = re.compile(
    r"\b(?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|AMEX|NYSEARCA|OTC|XETRA|FWB|SIX|TSE|HKEX|SGX)\s*:\s*([A-Z][A-Z0-9.]{0,6})\b"
)
_ID_LABEL_RE = re.compile(
    r"(?:\bid\b|_id\b|ident|registr|ticker|symbol|lei|duns|vat|ein|cik|isin|cusip|sedol|crn|number|code)",
    re.I,
)
_JSON_VALUE_RE = re.compile(r'"((?:[^"\\\n]|\\.){1,200})"\s*(?=[,}\]\n])')


def parse_identifier(value: object) -> Identifier | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value) if isinstance(value, int) else value
    if not isinstance(s, str):
        return None
    key = _ID_STRIP_RE.sub("", fold(s)).upper()
    return Identifier(key=key) if key else None


def find_identifiers(text: str) -> list[Mention]:
    """Codes with at least one digit (registry numbers, ids), exchange tickers ("NASDAQ: ACME")
    and JSON string values under id-like keys."""
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for m in _TICKER_RE.finditer(text):
        out.append(
            Mention(
                Identifier(m.group(1).upper().replace(".", "")),
                m.start(1),
                m.end(1),
                m.group(1),
                False,
                "ticker",
            )
        )
        seen.add((m.start(1), m.end(1)))
    for m in _ID_RE.finditer(text) if has_digit(text) else ():  # (an id holds a digit)
        if (m.start(), m.end()) in seen:
            continue
        ident = parse_identifier(m.group())
        if ident is not None:
            out.append(
                Mention(ident, m.start(), m.end(), m.group(), False, label_at(text, m.start(), m.end()))
            )
            seen.add((m.start(), m.end()))
    if '"' in text:
        for m in _JSON_VALUE_RE.finditer(text):
            if (m.start(1), m.end(1)) in seen:
                continue
            label = label_at(text, m.start(1), m.end(1))
            if label and _ID_LABEL_RE.search(label):
                ident = parse_identifier(m.group(1))
                if ident is not None:
                    out.append(Mention(ident, m.start(1), m.end(1), m.group(1), False, label))
    out.sort(key=lambda x: x.start)
    return out


def same_identifier(a: Identifier, b: Identifier, tolerance: float | None = None) -> bool:
    if tolerance is not None:
        return identifier_distance(a, b) <= tolerance
    return a.key == b.key


def identifier_distance(a: Identifier, b: Identifier) -> float:
    if a.key == b.key:
        return 0.0
    return max(0.01, float(Levenshtein.normalized_distance(a.key, b.key)))


# --- categories ---------------------------------------------------------------------------

_CAT_STOP = frozenset({"and", "the", "of", "for", "in", "a", "an", "or"})
CATEGORY_TOLERANCE = 0.1


def stem(t: str) -> str:
    """Light English plural stripping: ``companies`` -> ``company``, ``robotics`` -> ``robotic``."""
    if len(t) > 4 and t.endswith("ies"):
        return t[:-3] + "y"
    if len(t) > 4 and t.endswith(("ches", "shes", "sses", "xes")):
        return t[:-2]
    if len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is")):
        return t[:-1]
    return t


def parse_category(value: object) -> Category | None:
    if isinstance(value, bool) or value is None:
        return None
    s = value if isinstance(value, str) else str(value) if isinstance(value, int | float) else None
    if s is None:
        return None
    toks = tuple(stem(t) for t in tokens(s.replace("-", " ")) if t not in _CAT_STOP)
    if not toks:
        return None
    return Category(key=" ".join(toks), tokens=toks)


def category_distance(a: Category, b: Category) -> float:
    if a.key == b.key:
        return 0.0
    return max(0.0, 1.0 - fuzz.token_set_ratio(a.key, b.key) / 100.0)


def same_category(a: Category, b: Category, tolerance: float | None = None) -> bool:
    """Equal after folding and stemming, or a high token-set ratio (one contains the other)."""
    tol = CATEGORY_TOLERANCE if tolerance is None else tolerance
    return category_distance(a, b) <= tol + 1e-12


# --- free text ----------------------------------------------------------------------------


def parse_free_text(value: object) -> FreeText | None:
    if not isinstance(value, str):
        return None
    key = " ".join(tokens(value))
    return FreeText(key=key) if key else None


def free_text_distance(a: FreeText, b: FreeText) -> float:
    if a.key == b.key:
        return 0.0
    return max(0.01, 1.0 - fuzz.token_sort_ratio(a.key, b.key) / 100.0)


def same_free_text(a: FreeText, b: FreeText, tolerance: float | None = None) -> bool:
    """Free text has no "same fact" beyond identical wording: use :func:`extract_claims`."""
    if tolerance is not None:
        return free_text_distance(a, b) <= tolerance
    return a.key == b.key


# --- booleans -----------------------------------------------------------------------------

_TRUE = words("yes_words")  # every language's (.lexicon)
_FALSE = words("no_words")
_BOOL_RE = re.compile(r"\b(?:true|false|yes|no)\b", re.IGNORECASE)


def parse_boolean(value: object) -> Boolean | None:
    if isinstance(value, bool):
        return Boolean(value)
    if isinstance(value, int) and value in (0, 1):
        return Boolean(bool(value))
    if isinstance(value, str):
        s = fold(value.strip().rstrip(".!"))
        if s in _TRUE:
            return Boolean(True)
        if s in _FALSE:
            return Boolean(False)
    return None


def find_booleans(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _BOOL_RE.finditer(text):
        b = parse_boolean(m.group())
        if b is not None:
            out.append(Mention(b, m.start(), m.end(), m.group(), False, label_at(text, m.start(), m.end())))
    return out


@lru_cache(maxsize=2048)
def _identifier_pattern(key: str) -> re.Pattern[str]:
    body = r"[\s\-./]?".join(re.escape(ch) for ch in key)
    flags = 0 if key.isalpha() else re.IGNORECASE  # letters-only codes (tickers) count only in capitals
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", flags)


def locate_identifier(text: str, ident: Identifier) -> list[Mention]:
    """Where a text writes this identifier, however it spaces or punctuates it.

    >>> [m.raw for m in locate_identifier("Number: HRB 801127 | ticker DRS.", parse_identifier("HRB801127"))]
    ['HRB 801127']
    >>> [m.raw for m in locate_identifier("ABN 524 367 657", parse_identifier("524-367-657"))]
    ['524 367 657']
    """
    if len(ident.key) < 2:
        return []
    compact = _compact(text)
    key = ident.key if ident.key.isalpha() else ident.key.upper()
    if (compact if ident.key.isalpha() else compact.upper()).find(key) < 0:
        return []  # not there in any spacing: no need for the pattern
    spans = _identifier_spans(text, ident.key)
    if spans is None:
        spans = [m.span() for m in _identifier_pattern(ident.key).finditer(text)]
    return [Mention(ident, s, e, text[s:e], False, label_at(text, s, e)) for s, e in spans]


_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# ``[\s\-./]``: every character ``\s`` matches, and the three punctuation marks.
_ID_SEP = frozenset(chr(c) for c in range(0x3001) if chr(c).isspace()) | frozenset("-./")
# Non-ASCII characters that an ASCII letter or ``[A-Za-z0-9]`` matches under IGNORECASE.
_FOLD_SPECIAL = ("\u0130", "\u0131", "\u017f", "\u212a")
_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}


def _identifier_spans(text: str, key: str) -> list[tuple[int, int]] | None:
    """The spans ``_identifier_pattern(key).finditer(text)`` matches, without compiling a
    pattern; None when only the pattern can tell (a key that is not ASCII letters and digits,
    or letters case-folding to a non-ASCII character in the text). A separator is never a key
    character, so the optional separators leave nothing to backtrack over."""
    if not (key.isascii() and key.isalnum()):
        return None
    if key.isalpha():  # matched case-sensitively
        hay, k = text, key
    elif text.isascii():
        hay, k = text.lower(), key.lower()
    elif any(ch in text for ch in _FOLD_SPECIAL):
        return None
    else:
        hay, k = text.translate(_ASCII_LOWER), key.lower()  # ASCII case only: offsets kept
    n = len(hay)
    first, rest = k[0], k[1:]
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        p = hay.find(first, pos)
        if p < 0:
            return out
        pos = p + 1
        if p and hay[p - 1] in _ASCII_ALNUM:
            continue
        i = p + 1
        for c in rest:
            if i < n and hay[i] in _ID_SEP:
                i += 1
            if i < n and hay[i] == c:
                i += 1
            else:
                break
        else:
            if i >= n or hay[i] not in _ASCII_ALNUM:
                out.append((p, i))
                pos = i


@per_text
def _compact(text: str) -> str:
    """The text's letters and digits alone, for a quick "could it be here" test."""
    return _ID_STRIP_RE.sub("", text)
