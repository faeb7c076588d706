"""Shared text folding: accents, case, punctuation, tokens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from .native import CORE

TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
APOS_RE = re.compile(r"['’]")


@lru_cache(maxsize=4096)
def fold(s: str) -> str:
    """Casefold and strip accents: ``"Ångström Straße"`` -> ``"angstrom strasse"``."""
    if s.isascii():
        return s.lower()
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if not unicodedata.combining(c)).casefold()


def tokens(s: str) -> list[str]:
    """Word tokens of the folded text; apostrophes inside words are dropped (``d'angelo``)."""
    f = fold(s).replace("&", " and ")
    if "'" not in f and "’" not in f:  # (``APOS_RE.sub`` would change nothing)
        return TOKEN_RE.findall(f)
    return [t.replace("'", "").replace("’", "") for t in TOKEN_RE.findall(f)]


def token_spans(s: str) -> list[tuple[str, int, int]]:
    """Folded tokens of ``s`` with their character offsets into ``s`` (accents folded per char).

    The native core's scanner when it is on (:mod:`.native`); :func:`token_spans_py` is the
    specification. The native scan folds ASCII tokens; the others are folded here."""
    if CORE is not None:
        try:
            found = CORE.token_spans(s)
        except UnicodeEncodeError:  # a lone surrogate (from JSON "\ud800"): not UTF-8
            return token_spans_py(s)
        return [
            (t if t is not None else fold(s[a:b]).replace("'", "").replace("’", ""), a, b) for t, a, b in found
        ]
    return token_spans_py(s)


def token_spans_py(s: str) -> list[tuple[str, int, int]]:
    """:func:`token_spans` in Python (the specification of the native scanner)."""
    if s.isascii():  # the common case: no accents to fold, one lower-casing for the whole text
        low = s.lower()
        if "'" not in s:
            return [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(low)]
        return [(m.group().replace("'", ""), m.start(), m.end()) for m in TOKEN_RE.finditer(low)]
    out: list[tuple[str, int, int]] = []
    for m in TOKEN_RE.finditer(s):
        out.append((fold(m.group()).replace("'", "").replace("’", ""), m.start(), m.end()))
    return out


def merge_initials(toks: list[str]) -> list[str]:
    """Join runs of single letters: ``["i", "b", "m"]`` -> ``["ibm"]`` (from ``I.B.M.``)."""
    out: list[str] = []
    run = ""
    for t in toks:
        if len(t) == 1 and t.isalpha():
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    if run:
        out.append(run)
    return out


def token_close(a: str, b: str) -> bool:
    """Two tokens are the same word allowing one typo in long words (not in numbers)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if la < 6 or lb < 6 or 10 * abs(la - lb) > la + lb or a.isdigit() or b.isdigit():
        # (fuzz.ratio is at most 100 * (1 - |la - lb| / (la + lb)): below 90 here.)
        return False
    return fuzz.ratio(a, b) >= 90.0


def _take_partner(t: str, rest: list[str]) -> bool:
    """Remove ``t``'s partner from ``rest`` (an identical token first, else a close one)."""
    for i, u in enumerate(rest):
        if t == u:
            del rest[i]
            return True
    for i, u in enumerate(rest):
        if token_close(t, u):
            del rest[i]
            return True
    return False


def all_matched(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """``not unmatched(a, b)[0]``, stopping at the first token of ``a`` left without a partner."""
    rest_b = list(b)
    return all(_take_partner(t, rest_b) for t in a)


def unmatched(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Tokens of ``a`` without a close partner in ``b`` and vice versa (greedy pairing)."""
    rest_b = list(b)
    left_a = [t for t in a if not _take_partner(t, rest_b)]
    return left_a, rest_b


def trie_regex(words: list[str] | set[str] | frozenset[str], cased: bool = False) -> str:
    """A regex alternation of literal ``words`` factored as a trie (``re`` tries plain
    alternatives one by one at every position; a trie makes that one pass).

    With ``cased``, each word also matches Capitalised and UPPER: use it in patterns compiled
    *without* IGNORECASE, which keeps ``re``'s fast first-character scan."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    variants = {v for w in words for v in ((w, w[:1].upper() + w[1:], w.upper()) if cased else (w,))}
    for w in variants:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        alts: list[str] = []
        optional = False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            return "(?:" + body + ")?"
        return body

    return "(?:" + build(trie) + ")"


DIGIT_RE = re.compile(r"\d")
_DIGIT_BYTES = b"0123456789"


def has_digit(text: str) -> bool:
    """``DIGIT_RE.search(text) is not None``, without a regex scan for ASCII text."""
    if text.isascii():
        b = text.encode("ascii")
        return len(b.translate(None, _DIGIT_BYTES)) != len(b)
    return DIGIT_RE.search(text) is not None


# ASCII bytes -> the text's word-character runs, lower-cased, separated by blanks (for a cheap test
# that a word occurs as a whole word at all before a regex scans the text for it).
_WORD_TABLE = bytes(
    i + 32 if 65 <= i <= 90 else i if (48 <= i <= 57 or 97 <= i <= 122 or i == 95) else 32 for i in range(256)
)


def ascii_words(text: str) -> list[bytes]:
    """The word-character runs of an ASCII ``text``, lower-cased, as bytes."""
    return text.encode("ascii").translate(_WORD_TABLE).split()
