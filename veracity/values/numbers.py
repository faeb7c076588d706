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
from .lexicon import for_language, words
from .numberwords import scan_words
from .numtoken import APPROX_LITERALS, NumToken
from .textcache import PerText

# Magnitude words and abbreviations of every language (.lexicon): "mio" -> 1e6.
MAGNITUDES: dict[str, float] = dict(for_language(None).magnitudes)
# Magnitude spellings that mark European number formatting (decimal comma, dot thousands).
_EURO_MAGS = words("decimal_comma_magnitudes")
_SINGLE_LETTER_MAGS = frozenset({"k", "m", "b"})

# A numeral: grouped thousands (comma, dot, space, apostrophe, thin spaces) or plain digits,
# with an optional decimal part. Lookarounds keep it off the middle of longer tokens.
_NUMERAL = (
    r"(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3}){2,}|(?:[ \u00a0\u202f\u2009']\d{3})+)(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?|\.\d+)"
)
_SYM_ALT = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_CODE_ALT = trie_regex(sorted(CURRENCY_CODES | set(CODE_ALIASES) - {"US$"}))
# Tries, not longest-first alternations: at one position the candidates that match are prefixes
# of each other, and both forms try them longest first, so the matches are the same.
_MAG_ALT = trie_regex(list(MAGNITUDES))
_WORD_ALT = "|".join(
    re.escape(w).replace("\\ ", "\\s+") + "s?" for w in sorted(CURRENCY_WORDS, key=len, reverse=True)
)

# The same alternation with the leading digit factored out (identical matches, but ``re`` can
# skip quickly to positions that start with a digit or a dot).
_NUMERAL_FAST = (
    r"(?:\d(?:\d{0,2}(?:(?:,\d{3})+|(?:\.\d{3}){2,}|(?:[ \u00a0\u202f\u2009']\d{3})+)(?:[.,]\d+)?"
    r"|\d*(?:[.,]\d+)?)|\.\d+)"
)
_NUMERAL_RE = re.compile(rf"{_NUMERAL_FAST}(?!\d)")
_PREFIX_RE = re.compile(
    "(?:(?P<approx>" + trie_regex(APPROX_LITERALS, cased=True) + r")\s*)?"
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


_APPROX_SUFFIX_RE = re.compile(r"\s*(?:\+|or more|or so|plus|and up|and counting)\b", re.IGNORECASE)
_RANGE_SEP_RE = re.compile(r"\s*(?:-|–|—|to|and|bis)\s*$", re.IGNORECASE)


def parse_numeral(s: str, european: bool = False, magnitude: str | None = None) -> float | None:
    """Parse one numeral with any common grouping/decimal convention.

    A lone separator before exactly three digits groups thousands, unless the integer part is
    0 ("0,943", "0.918"), or a European magnitude word makes the comma decimal ("3,100 Mio"),
    or an English magnitude word makes the dot decimal ("€1.250M").

    >>> parse_numeral("1,234.5"), parse_numeral("1.234,5"), parse_numeral("1,200")
    (1234.5, 1234.5, 1200.0)
    >>> parse_numeral("1.200", european=True), parse_numeral("1.200")
    (1200.0, 1.2)
    >>> parse_numeral("780,000", european=True), parse_numeral("0,943", european=True), parse_numeral("0.918", european=True)
    (780000.0, 0.943, 0.918)
    >>> parse_numeral("1.250", european=True, magnitude="english"), parse_numeral("3,100", True, magnitude="euro")
    (1.25, 3.1)
    """
    s = s.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace("'", "")
    if not s:
        return None
    has_c = "," in s
    has_d = "." in s
    try:
        if has_c and has_d:
            if s.rfind(",") > s.rfind("."):
                return float(s.replace(".", "").replace(",", "."))
            return float(s.replace(",", ""))
        if has_c:
            parts = s.split(",")
            if len(parts) > 2:
                return float(s.replace(",", ""))
            thousands = len(parts[1]) == 3 and 0 < len(parts[0]) <= 3 and parts[0] != "0"
            if thousands and magnitude != "euro":
                return float(parts[0] + parts[1])
            return float(parts[0] + "." + parts[1])
        if has_d:
            parts = s.split(".")
            if len(parts) > 2:
                return float(s.replace(".", ""))
            thousands = len(parts[1]) == 3 and 0 < len(parts[0]) <= 3 and parts[0] != "0"
            if european and magnitude != "english" and thousands:
                return float(parts[0] + parts[1])
            return float(s)
        return float(s)
    except ValueError:
        return None


_DEC_RE = re.compile(r"[.,](\d+)$")


def _decimals(s: str, value: float) -> int:
    """Number of decimals written (for precision); a thousands group counts as 0."""
    m = _DEC_RE.search(s)
    if not m:
        return 0
    frac = m.group(1)
    if abs(value - round(value)) < 1e-9 and len(frac) == 3:
        return 0
    return len(frac)


_EURO_CURRENCIES = frozenset(("eur", "€", "euro", "euros", "chf", "sek", "nok", "dkk", "pln"))


def _european(mag: str | None, cur: str | None) -> bool:
    """Whether a magnitude word or currency marks European formatting (``mag`` is the
    magnitude as written; ``cur`` the prefix currency, else the suffix one)."""
    if mag and mag.lower() in _EURO_MAGS:
        return True
    return bool(cur) and cur.strip().lower() in _EURO_CURRENCIES  # type: ignore[union-attr]


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


def _token_at(text: str, ns: int, ne: int) -> NumToken | None:
    """The numeric token around the numeral ``text[ns:ne]``: prefix (approximation word,
    currency, sign) and suffix (magnitude, plus, percent, currency)."""
    pre, cur1, start = _prefix_at(text, ns)
    if ns > 0 and text[ns - 1].isalpha() and not cur1:
        return None  # "A1", "COVID19": a numeral glued to a word
    raw_num = text[ns:ne]
    mag, cur2, magsp, plus_g, pct_g, end, pct_end, plus_end = _suffix_at(text, ne)
    if raw_num.isdigit():
        val: float | None = float(raw_num)
    else:
        kind = None if not mag else "euro" if mag.lower() in _EURO_MAGS else "english"
        val = parse_numeral(raw_num, _european(mag, cur1 or cur2), kind)
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
        _decimals(raw_num, val) if ("." in raw_num or "," in raw_num) else 0,  # type: ignore[arg-type]
    )


def _merge_ranges(text: str, toks: list[NumToken]) -> list[NumToken]:
    """Merge "201-500", "$10-20M", "between 200 and 500" into range tokens."""
    out: list[NumToken] = []
    i = 0
    n = len(toks)
    while i < n:
        a = toks[i]
        if i + 1 < n and not a.is_word and not toks[i + 1].is_word:
            b = toks[i + 1]
            gap = text[a.end : b.start]
            sep = _RANGE_SEP_RE.match(gap) if len(gap) <= 7 else None
            if (sep and not a.percent) or (sep and a.percent and b.percent):
                sep_word = gap.strip().lower()
                a_val = a.value
                if a.magnitude is None and b.magnitude is not None:
                    a_val = a.value * MAGNITUDES[b.magnitude]
                between = text[max(0, a.start - 8) : a.start].lower().rstrip().endswith("between")
                ok_sep = sep_word in ("to", "–", "—", "bis") or (sep_word == "and" and between)
                if sep_word == "-" and not gap.strip(" -"):
                    nxt = label_at(text, b.end, b.end) if b.end < len(text) else None
                    whole = not text[: a.start].strip(" \t\"'[") and not text[b.end :].strip(" \t\"']")
                    ok_sep = bool(
                        a.currency or b.currency or a.magnitude or b.magnitude or b.percent or whole
                    ) or (nxt is not None and nxt in _RANGE_UNITS)
                    ok_sep = ok_sep and gap.strip() == "-" and " " not in gap
                if ok_sep and a_val < b.value and (a.currency is None or b.currency in (None, a.currency)):
                    out.append(
                        NumToken(
                            start=a.start,
                            end=b.end,
                            value=a_val,
                            currency=a.currency or b.currency,
                            magnitude=b.magnitude or a.magnitude,
                            percent=b.percent,
                            approximate=a.approximate or b.approximate,
                            approx_word=a.approx_word,
                            plus=b.plus,
                            is_word=False,
                            num_start=a.num_start,
                            num_end=b.num_end,
                            decimals=max(a.decimals, b.decimals),
                            high=b.value,
                        )
                    )
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


_RANGE_UNITS = frozenset(
    [
        "employees",
        "employee",
        "staff",
        "people",
        "persons",
        "workers",
        "members",
        "users",
        "customers",
        "clients",
        "seats",
        "headcount",
        "fte",
        "ftes",
        "years",
        "year",
        "months",
        "days",
        "hours",
    ]
)


def _scan(text: str) -> tuple[NumToken, ...]:
    """Every numeric token in ``text`` (numerals and English number words), in order."""
    toks: list[NumToken] = []
    if has_digit(text):
        for m in _NUMERAL_RE.finditer(text):
            ns, ne = m.span()
            if ns and text[ns - 1] in "0123456789.,":
                continue
            t = _token_at(text, ns, ne)
            if t is not None:
                toks.append(t)
        if len(toks) > 1:
            toks = _merge_ranges(text, toks)
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
