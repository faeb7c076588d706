"""Number words in text ("two hundred and thirty", "a dozen") as numeric tokens.

>>> words_to_number("two hundred and thirty"), words_to_number("a pair of"), words_to_number("six")
(230.0, 2.0, 6.0)
"""

from __future__ import annotations

import re

from .folding import ascii_words, trie_regex
from .numtoken import APPROX_WORDS, NumToken

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_NW_WORDS = [*_ONES, *_TENS, *_SCALES, "dozen", "pair", "couple"]
_NW = trie_regex(_NW_WORDS, cased=True)
WORD_TRIGGER = re.compile(rf"{_NW}\b")
# A trigger match that ``scan_words`` keeps is a whole ``\w`` run (nothing word-like before
# it, a word boundary after it), so an ASCII text without one of these runs has none.
_NW_BYTES = frozenset(w.encode("ascii") for w in _NW_WORDS)
_WORDSEQ_RE = re.compile(rf"{_NW}(?:(?:\s+and\s+|[ \t-]+){_NW})*\b(?:\s+of\b)?")
_APPROX_TAIL_RE = re.compile(rf"(?<![\w])(?:{APPROX_WORDS})\s+\Z", re.IGNORECASE)

_ONE_SKIP = frozenset(["of", "another", "or", "and", "who", "that", "which", "day", "time", "point", "way"])
_ARTICLE_WORDS = frozenset({"dozen", "pair", "couple"})


def words_to_number(s: str) -> float | None:
    """Parse English number words: "two hundred", "twenty-five", "a dozen", "a pair of".

    >>> words_to_number("two hundred and thirty"), words_to_number("a pair of"), words_to_number("six")
    (230.0, 2.0, 6.0)
    """
    toks = re.findall(r"[a-z]+", s.lower())
    if not toks:
        return None
    if toks[0] == "a" and len(toks) >= 2:
        return {"dozen": 12.0, "pair": 2.0, "couple": 2.0}.get(toks[1])
    total = 0
    current = 0
    seen = False
    for t in toks:
        if t == "and":
            continue
        if t in _ONES:
            current += _ONES[t]
        elif t in _TENS:
            current += _TENS[t]
        elif t == "hundred":
            current = max(current, 1) * 100
        elif t in _SCALES:
            total += max(current, 1) * _SCALES[t]
            current = 0
        elif t == "dozen":
            current = max(current, 1) * 12
        elif t in ("pair", "couple"):
            current = max(current, 1) * 2
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def scan_words(text: str) -> list[NumToken]:
    out: list[NumToken] = []
    if text.isascii() and _NW_BYTES.isdisjoint(ascii_words(text)):
        return out
    pos = 0
    for tm in WORD_TRIGGER.finditer(text):
        p = tm.start()
        if p < pos or (p and (text[p - 1].isalnum() or text[p - 1] == "_")):
            continue
        m = _WORDSEQ_RE.match(text, p)
        if m is None:
            continue
        words = m.group()
        if words.lower().endswith(" of"):
            words = words[:-3]
        low = words.lower()
        first = tm.group().lower()
        start = p
        if first in _ARTICLE_WORDS:
            if text[max(0, p - 2) : p].lower() != "a " or (p > 2 and text[p - 3].isalnum()):
                continue
            start = p - 2
            low = "a " + low
        elif first in ("hundred", "thousand", "million", "billion"):
            continue
        val = words_to_number(low)
        if val is None:
            continue
        end = m.end() if first in _ARTICLE_WORDS else p + len(words)
        if low == "one":
            nxt = text[end : end + 12].lstrip().split(" ", 1)[0].strip(".,;:!?").lower()
            if not nxt or nxt in _ONE_SKIP:
                continue
        pos = end
        approx = None
        if start >= 2 and text[start - 1] == " ":
            am = _APPROX_TAIL_RE.search(text, max(0, start - 20), start)
            if am is not None:
                approx = am.group()
                start = am.start()
        out.append(
            NumToken(
                start=start,
                end=end,
                value=val,
                currency=None,
                magnitude=None,
                percent=False,
                approximate=bool(approx),
                approx_word=" ".join(approx.lower().split()) if approx else None,
                plus=False,
                is_word=True,
                num_start=p if first not in _ARTICLE_WORDS else p - 2,
                num_end=end,
                decimals=0,
            )
        )
    return out
