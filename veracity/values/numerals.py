"""One numeral with any grouping and decimal convention, and the magnitude words after it.

>>> parse_numeral("12 500"), parse_numeral("1.200.000"), parse_numeral("3,1")
(12500.0, 1200000.0, 3.1)
"""

from __future__ import annotations

import re
from functools import cache

from babel.core import UnknownLocaleError
from babel.numbers import get_decimal_symbol

from .csvtext import decimal_comma_csv
from .lexicon import for_language, guess_language, words

# Magnitude words and abbreviations of every language (.lexicon): "mio" -> 1e6.
MAGNITUDES: dict[str, float] = dict(for_language(None).magnitudes)
# Magnitude spellings that mark European number formatting (decimal comma, dot thousands).
EURO_MAGS = words("decimal_comma_magnitudes")

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
    s = s.translate(_GROUP_MARKS)
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


_GROUP_MARKS = str.maketrans("", "", " \u00a0\u202f\u2009'\u2019")  # spaces and Swiss apostrophes group digits


@cache
def decimal_comma(lang: str | None) -> bool:
    """Whether ``lang`` (a language or locale code) writes decimals with a comma, by its CLDR
    number symbols (``babel``): German, French, Spanish... do, English does not."""
    if not lang:
        return False
    try:
        return bool(get_decimal_symbol(lang.replace("-", "_")) == ",")
    except (UnknownLocaleError, ValueError):
        return False


# A numeral with one dot before exactly three digits ("1.219"): a thousands group in German, a
# decimal in English; only these send a text to language detection.
_AMBIGUOUS_DOT_RE = re.compile(r"(?<![\d.,])[1-9]\d{0,2}\.\d{3}(?![\d.,])")


def european_text(text: str) -> bool:
    """Whether ``text`` holds a dot-grouped numeral and is written in a language with decimal commas (or
    is a semicolon-delimited CSV, the export of such a locale)."""
    return _AMBIGUOUS_DOT_RE.search(text) is not None and (decimal_comma_csv(text) or decimal_comma(guess_language(text)))


_DEC_RE = re.compile(r"[.,](\d+)$")


def decimals_written(s: str, value: float) -> int:
    """Number of decimals written (for precision); a thousands group counts as 0."""
    m = _DEC_RE.search(s)
    if not m:
        return 0
    frac = m.group(1)
    if abs(value - round(value)) < 1e-9 and len(frac) == 3:
        return 0
    return len(frac)


_EURO_CURRENCIES = frozenset(("eur", "€", "euro", "euros", "chf", "sek", "nok", "dkk", "pln"))


def european_format(mag: str | None, cur: str | None) -> bool:
    """Whether a magnitude word or currency marks European formatting (``mag`` is the
    magnitude as written; ``cur`` the prefix currency, else the suffix one)."""
    if mag and mag.lower() in EURO_MAGS:
        return True
    return bool(cur) and cur.strip().lower() in _EURO_CURRENCIES  # type: ignore[union-attr]
