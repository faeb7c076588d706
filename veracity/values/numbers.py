"""Numbers in text: numerals with thousands separators and decimal commas, magnitude words,
currency symbols and codes, percent signs, approximation markers, ranges and number words.

One scanner (:func:`scan`) finds every numeric token in a text once; the money, count,
percentage and year finders filter its tokens. Results are cached per text object, so
searching the same source for several types costs one scan.

>>> [(t.value, t.currency, t.approximate) for t in scan("about $12.5M and EUR 3,1 Mio")]
[(12500000.0, 'USD', True), (3100000.0, 'EUR', False)]
>>> parse_numeral("12 500"), parse_numeral("1.200.000"), parse_numeral("3,1")
(12500.0, 1200000.0, 3.1)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .currency import CODE_ALIASES, CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, currency_of
from .folding import has_digit, trie_regex
from .labels import label_at
from .numberwords import scan_words
from .numerals import EURO_MAGS, MAGNITUDES, decimals_written, european_format, european_text, parse_numeral
from .numtoken import APPROX_LITERALS, NumToken
from .ranges import merge_ranges
from .textcache import PerText

_SINGLE_LETTER_MAGS = frozenset({"k", "m", "b"})

_CODE_ALT = trie_regex(sorted(CURRENCY_CODES | set(CODE_ALIASES) - {"US$"}))
# Tries, not longest-first alternations: at one position the candidates that match are prefixes
# of each other, and both forms try them longest first, so the matches are the same.
_MAG_ALT = trie_regex(list(MAGNITUDES))
_WORD_ALT = "|".join(
    re.escape(w).replace("\\ ", "\\s+") + "s?" for w in sorted(CURRENCY_WORDS, key=len, reverse=True)
)

# A numeral: grouped thousands (comma, dot, space, apostrophe, thin spaces) or plain digits, with an
# optional decimal part; the leading digit is factored out, so ``re`` skips quickly to positions that
# start with a digit or a dot. The lookahead keeps it off the middle of longer tokens.
_NUMERAL_FAST = (
    r"(?:\d(?:\d?(?:,\d\d)+,\d{3}(?:\.\d+)?"  # Indian lakh grouping: 12,34,567
    r"|\d{0,2}(?:(?:,\d{3})+|(?:\.\d{3})+(?=,\d)|(?:\.\d{3}){2,}|(?:[ \u00a0\u202f\u2009'\u2019]\d{3})+)(?:[.,]\d+)?"
    r"|\d*(?:[.,]\d+)?)|\.\d+)"
)
_NUMERAL_RE = re.compile(rf"{_NUMERAL_FAST}(?!\d)")
_PREFIX_RE = re.compile(
    "(?:(?P<approx>" + trie_regex(list(APPROX_LITERALS), cased=True) + r")\s*)?"
    "(?:(?P<cur1>"
    + trie_regex([*CURRENCY_SYMBOLS, *(c.lower() for c in CURRENCY_CODES | set(CODE_ALIASES))], cased=True)
    + r")[ \u00a0]?)?(?P<neg>[-−])?\Z"
)
_SUFFIX_RE = re.compile(
    rf"""(?:(?P<magsp>[ \u00a0]?)(?P<mag>(?:{_MAG_ALT}))(?![\w])\.?)?
    (?P<plus>\+(?!\d))?
    (?P<pct>\s?(?:%|(?:percent|per\s?cent|pct)\b))?
    (?:[ \u00a0]?(?P<cur2>(?:{_CODE_ALT})\b|€|£|\$|(?:{_WORD_ALT})\b))?""",
    re.VERBOSE | re.IGNORECASE,
)
_PREFIX_CHARS = frozenset("$€£¥₹₩₽₺₪~≈><±")




# The last word of a prefix (an approximation word, a currency), a cheap test before the prefix regex runs.
_PREFIX_WORDS = (
    frozenset(w.split()[-1].strip(".").split("'")[-1] for w in APPROX_LITERALS if w[:1].isalpha())
    | {"rs", "chf", "fr"}
    | frozenset(c.lower() for c in CURRENCY_CODES | set(CODE_ALIASES))
)


def _prefix_word(text: str, j: int) -> bool:
    """Whether the word ending at ``text[j]`` can start a numeric prefix (approximation word,
    currency code): a cheap test before the prefix regex runs."""
    k = j
    while k >= 0 and (text[k].isalpha() or text[k] == "$"):
        k -= 1
    return text[k + 1 : j + 1].lower() in _PREFIX_WORDS or "$" in text[k + 1 : j + 1]


def _maybe_prefix(text: str, j: int) -> bool:
    c = text[j]
    if c in _PREFIX_CHARS:
        return True
    if c.isalpha():
        return _prefix_word(text, j)
    if c in "-−":
        return j == 0 or not text[j - 1].isalnum()
    if c == ".":
        return j > 0 and text[j - 1].isalpha() and _prefix_word(text, j - 1)
    return False


_SUFFIX_START = frozenset("+%€£$")


def _suffix_empty(text: str, ne: int) -> bool:
    """True when nothing at ``text[ne:]`` can start a suffix (magnitude, plus, percent,
    currency): the common case, decided without running the suffix regex."""
    n = len(text)
    if ne >= n:
        return True
    c = text[ne]
    if c == " " or c == "\u00a0":
        if ne + 1 >= n:
            return True
        c = text[ne + 1]
        return not (c.isalpha() or c in _SUFFIX_START)
    return not (c.isalpha() or c in _SUFFIX_START or c.isspace())


def _prefix_at(text: str, ns: int) -> tuple[re.Match[str] | None, str | None, int]:
    """The prefix before the numeral starting at ``ns`` (approximation word, currency, sign):
    its match (None when there is none), its currency, and where the token starts."""
    j = ns - 1
    if j >= 0 and text[j] in " \u00a0":
        j -= 1
    if j < 0 or not _maybe_prefix(text, j):
        return None, None, ns
    lo = max(0, ns - 28)
    pre = _PREFIX_RE.search(text[lo:ns])
    if pre is None or not pre.group():
        return None, None, ns
    # The prefix must start a word: "Tabout 5" has no "about".
    ps = lo + pre.start()
    if ps and text[ps - 1].isalnum() and (pre.group()[:1].isalnum()):
        return None, None, ns
    return pre, pre.group("cur1"), ps


class _Suffix(NamedTuple):
    mag: str | None
    cur2: str | None
    magsp: bool
    plus: bool
    pct: bool
    end: int
    pct_end: int
    plus_end: int


def _suffix_at(text: str, ne: int) -> _Suffix:
    """The suffix after the numeral ending at ``ne`` (magnitude, plus, percent, currency)."""
    if _suffix_empty(text, ne):
        return _Suffix(None, None, False, False, False, ne, ne, ne)
    suf = _SUFFIX_RE.match(text, ne)
    assert suf is not None
    return _Suffix(
        suf.group("mag"),
        suf.group("cur2"),
        bool(suf.group("magsp")),
        bool(suf.group("plus")),
        bool(suf.group("pct")),
        suf.end() if suf.group() else ne,
        suf.end("pct"),
        suf.end("plus"),
    )


def _token_at(text: str, ns: int, ne: int, european: bool = False) -> NumToken | None:
    """The numeric token around the numeral ``text[ns:ne]``: prefix (approximation word,
    currency, sign) and suffix (magnitude, plus, percent, currency); ``european``: the text's
    language groups thousands with dots."""
    pre, cur1, start = _prefix_at(text, ns)
    if ns > 0 and text[ns - 1].isalpha() and not cur1:
        return None  # "A1", "COVID19": a numeral glued to a word
    raw_num = text[ns:ne]
    mag, cur2, magsp, plus_g, pct_g, end, pct_end, plus_end = _suffix_at(text, ne)
    if raw_num.isdigit():
        val: float | None = float(raw_num)
    else:
        kind = None if not mag else "euro" if mag.lower() in EURO_MAGS else "english"
        val = parse_numeral(raw_num, european or european_format(mag, cur1 or cur2), kind)
        if val is None:
            return None
    mag_key = mag.lower() if mag else None
    currency = currency_of(cur1) if cur1 else currency_of(cur2) if cur2 else None
    if (
        mag_key is not None
        and currency is None
        and ((mag_key in _SINGLE_LETTER_MAGS and magsp) or mag_key == "mm")
    ):
        # "12 m" alone is more often metres or minutes than millions: drop the magnitude.
        mag_key = None
        end = ne
    pct = pct_g and end >= pct_end
    if pct and cur2:
        # "12% USD" is not a money amount: keep the percentage, drop the trailing currency.
        end = pct_end
        if not cur1:
            currency = None
    if mag_key:
        val *= MAGNITUDES[mag_key]  # type: ignore[operator]
    if pre is not None and pre.group("neg"):
        val = -val  # type: ignore[operator]
    approx_word = pre.group("approx") if pre is not None else None
    plus = plus_g and end >= plus_end
    return NumToken(
        start,
        end,
        val,  # type: ignore[arg-type]
        currency,
        mag_key,
        pct,
        bool(approx_word) or plus,
        " ".join(approx_word.lower().split()) if approx_word else None,
        plus,
        False,
        ns,
        ne,
        decimals_written(raw_num, val) if ("." in raw_num or "," in raw_num) else 0,  # type: ignore[arg-type]
    )


def _scan(text: str) -> tuple[NumToken, ...]:
    """Every numeric token in ``text`` (numerals and English number words), in order."""
    toks: list[NumToken] = []
    if has_digit(text):
        european = european_text(text)
        for m in _NUMERAL_RE.finditer(text):
            ns, ne = m.span()
            if ns and (text[ns - 1].isdigit() or (text[ns - 1] in ".," and ns > 1 and text[ns - 2].isdigit())):
                continue  # inside a longer numeral ("1,2345"); after "Acme," (a CSV cell) it starts one
            t = _token_at(text, ns, ne, european)
            if t is not None:
                toks.append(t)
        if len(toks) > 1:
            toks = merge_ranges(text, toks)
    words = scan_words(text)
    if words:
        toks = sorted([*toks, *words], key=lambda t: t.start)
    return tuple(toks)


scan: PerText[tuple[NumToken, ...]] = PerText(_scan, maxsize=256)
"""Every numeric token in ``text`` (memoised per text; ``scan.cache_clear()`` empties every
per-text cache of the package)."""


def _labels(text: str) -> tuple[str | None, ...]:
    return tuple([label_at(text, t.start, t.end) for t in scan(text)])


labels: PerText[tuple[str | None, ...]] = PerText(_labels, maxsize=256)
"""``label_at`` of every token of ``scan(text)``, aligned with it (memoised per text)."""


def scan_one(text: str) -> NumToken | None:
    """The single numeric token that makes up ``text`` (ignoring surrounding blanks), if any."""
    toks = scan(text)
    if not toks:
        return None
    stripped_start = len(text) - len(text.lstrip())
    stripped_end = len(text.rstrip())
    for t in toks:
        if t.start <= stripped_start + 1 and t.end >= stripped_end - 1:
            return t
    # Fall back to the first numeric token preceded only by words (e.g. "revenue of 12.5 million").
    return toks[0] if len(toks) == 1 else None
