"""Number words in text ("two hundred and thirty", "a dozen") as numeric tokens.

>>> words_to_number("two hundred and thirty"), words_to_number("a pair of"), words_to_number("six")
(230.0, 2.0, 6.0)
"""

from __future__ import annotations

import re
from functools import cache

from text_to_num import text2num

from .folding import ascii_words, trie_regex
from .lexicon import LANGUAGES, en, for_language, guess_language
from .numtoken import APPROX_WORDS, NumToken

_EN = en.LEXICON
_ONES, _TENS, _SCALES = _EN.ones, _EN.tens, _EN.scales
_NW_WORDS = [*_ONES, *_TENS, *_SCALES, *_EN.counted_nouns]
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


def _scan_english(text: str) -> list[NumToken]:
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


_FOREIGN = tuple(code for code in LANGUAGES if code != "en")


@cache
def _foreign_re(code: str) -> re.Pattern[str]:
    """Runs of ``code``'s number words, written apart, hyphenated or as one compound
    ("zweihundertdreiundzwanzig", "quatre-vingt-dix", "treinta y dos")."""
    lex = for_language(code)
    word = trie_regex(sorted(lex.number_words | set(lex.number_joiners)))
    return re.compile(rf"(?<![\w]){word}(?:[ \t-]*{word})*(?![\w])", re.IGNORECASE)


@cache
def _foreign_any_re() -> re.Pattern[str]:
    """A run of number words of the languages but English, all in one: every run that
    :func:`_foreign_re` finds for one language is one of these runs."""
    found: set[str] = set()
    for code in _FOREIGN:
        lex = for_language(code)
        found |= lex.number_words | set(lex.number_joiners)
    word = trie_regex(sorted(found))
    return re.compile(rf"(?<![\w]){word}(?:[ \t-]*{word})*(?![\w])", re.IGNORECASE)


def _scan_foreign(text: str, code: str, known: bool) -> list[NumToken]:
    """Number words of language ``code`` (parsed by ``text2num``); when the text's language is
    not ``known``, words that are also common words elsewhere ("sept", "elf") are skipped."""
    lex = for_language(code)
    out: list[NumToken] = []
    for m in _foreign_re(code).finditer(text):
        low = m.group().lower()
        if low in lex.number_joiners or (not known and low in lex.ambiguous_numbers):
            continue
        s, e = m.span()
        if low.split()[0] in lex.scales and text[max(0, s - 2) : s].rstrip()[-1:].isdigit():
            continue  # a magnitude after a numeral ("3,1 Millionen"): the numeral's token holds it
        try:
            val = float(text2num(low, code))
        except ValueError:
            continue
        out.append(NumToken(s, e, val, None, None, False, False, None, False, True, s, e, 0))
    return out


def scan_words(text: str) -> list[NumToken]:
    """Number words in ``text``: English always; German, French or Spanish ones when the text
    is in that language (:func:`.lexicon.guess_language`), and when its language cannot be told
    (a short value), those of every language that are no common word elsewhere."""
    if _foreign_any_re().search(text) is None:
        # No other language's number word is in the text: whatever its language, only the
        # English ones are found (and the language guess, perhaps the detector's, is not needed).
        return _scan_english(text)
    return scan_words_in(text, guess_language(text))


def scan_words_in(text: str, lang: str | None) -> list[NumToken]:
    """:func:`scan_words` for a text in ``lang`` (None: not known)."""
    out = _scan_english(text)
    if lang == "en":
        return out
    codes = _FOREIGN if lang is None else (lang,) if lang in _FOREIGN else ()
    for code in codes:
        found = _scan_foreign(text, code, known=lang is not None)
        if lang is not None:  # the text's own language wins over English ("vingt-six" over "six")
            out = [t for t in out if all(t.end <= f.start or t.start >= f.end for f in found)]
        taken = [(t.start, t.end) for t in out]
        out += [t for t in found if all(t.end <= a or t.start >= b for a, b in taken)]
    out.sort(key=lambda t: t.start)
    return out


def words_to_number_in(s: str, lang: str | None = None) -> float | None:
    """Number words in ``lang`` (English, German, French, Spanish; every one when None).

    >>> words_to_number_in("dreiundzwanzig", "de"), words_to_number_in("quatre-vingt-dix"), words_to_number_in("doce")
    (23.0, 90.0, 12.0)
    """
    if lang in (None, "en"):
        v = words_to_number(s)
        if v is not None or lang == "en":
            return v
    for code in _FOREIGN if lang is None else (lang,):
        words = " ".join(s.lower().split())
        for form in (words, *_unelided(words, code)):
            try:
                return float(text2num(form, code))
            except ValueError:
                continue
    return None


#: Italian drops "cento"'s vowel before "otto"/"ottanta" ("centottantotto"); text2num reads only the
#: full form of some of them ("centoottantotto", 188), so the full form is tried when the written one fails.
_ELISIONS = {"it": (re.compile(r"cent(?=ott)"), "cento")}


def _unelided(words: str, code: str) -> tuple[str, ...]:
    rule = _ELISIONS.get(code)
    if rule is None:
        return ()
    full = rule[0].sub(rule[1], words)
    return (full,) if full != words else ()
