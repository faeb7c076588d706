"""Phone numbers: digits, with the country code when written, compared on the national
significant number (NSN) so that "+1 (415) 555-0100" and "415.555.0100" are one number.

>>> same_phone(parse_phone("+1 (415) 555-0100"), parse_phone("415.555.0100"))
True
>>> same_phone(parse_phone("+44 20 7946 0958"), parse_phone("020 7946 0958"))
True
>>> same_phone(parse_phone("+1 415 555 0100"), parse_phone("+1 415 555 0199"))
False
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from .labels import label_at
from .types import Mention, Phone

# ITU country calling codes with 1 or 2 digits; every other code has 3.
_CC1 = frozenset({"1", "7"})
_CC2 = frozenset(
    [
        "20",
        "27",
        "30",
        "31",
        "32",
        "33",
        "34",
        "36",
        "39",
        "40",
        "41",
        "43",
        "44",
        "45",
        "46",
        "47",
        "48",
        "49",
        "51",
        "52",
        "53",
        "54",
        "55",
        "56",
        "57",
        "58",
        "60",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "81",
        "82",
        "84",
        "86",
        "90",
        "91",
        "92",
        "93",
        "94",
        "95",
        "98",
    ]
)
MIN_NSN = 7

_PHONE_RE = re.compile(
    r"(?<![\w+/.,-])"
    r"(?P<num>(?:(?:\+|00)\s?\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?(?:\d{1,5}(?:[\s.-]\d{1,10}){1,5}|\d{7,15}|\d{1,6}))"
    r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?"
    r"(?![\w%]|[.,]\d|-\d)",
    re.IGNORECASE,
)
_PHONE_LABEL_RE = re.compile(r"(?:phone|tel|telephone|mobile|cell|fax|call|contact|whatsapp|hotline)", re.I)
_SEVEN_DIGITS_RE = re.compile(r"\d(?:\D{0,3}\d){6}")
_GROUP_SPLIT_RE = re.compile(r"[\s.()-]+")


def _split_cc(digits: str) -> tuple[str | None, str]:
    if digits[:1] in _CC1:
        return digits[:1], digits[1:]
    if digits[:2] in _CC2:
        return digits[:2], digits[2:]
    return digits[:3], digits[3:]


def _national(digits: str, intl: bool) -> tuple[str | None, str]:
    if intl:
        cc, rest = _split_cc(digits)
        if rest.startswith("0") and cc != "39":  # Italy keeps its leading 0
            rest = rest[1:]
        return cc, rest
    if len(digits) == 11 and digits.startswith("1"):
        return "1", digits[1:]
    if digits.startswith("0"):
        return None, digits[1:]
    return None, digits


def _from_text(s: str) -> Phone | None:
    core = re.split(r"(?i)\s*(?:x|ext\.?|extension)\s*\d", s, maxsplit=1)[0]
    st = core.strip()
    intl = st.startswith("+") or st.startswith("00")
    digits = "".join(c for c in st if c.isdigit())
    if intl and st.startswith("00"):
        digits = digits[2:]
    if not 7 <= len(digits) <= 15:
        return None
    cc, nsn = _national(digits, intl)
    if len(nsn) < MIN_NSN - 1:
        return None
    return Phone(digits=("+" if intl else "") + digits, national=nsn, country_code=cc)


def parse_phone(value: object) -> Phone | None:
    """Normal form of a phone number written in any common national or international style."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    if sum(c.isdigit() for c in value) < 7:
        return None
    letters = sum(c.isalpha() for c in value)
    if letters <= 4:
        return _from_text(value)
    for m in find_phones(value):
        if isinstance(m.normal, Phone):
            return m.normal
    return None


def _looks_like_phone(raw: str, label: str | None) -> bool:
    digits = sum(c.isdigit() for c in raw)
    groups = [g for g in _GROUP_SPLIT_RE.split(raw.strip("+")) if g]
    labelled = bool(label and _PHONE_LABEL_RE.search(label))
    intl = raw.startswith("+") or raw.startswith("00")
    if digits < 7 or digits > 15:
        return False
    if intl or "(" in raw:
        return digits >= 8 or labelled
    if len(groups) == 1:
        return labelled and digits >= 7
    # "2011 2015", "12 500 000" (thousands groups), "1 200": not phones unless labelled.
    if all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3 and not labelled:
        return False
    if len(groups) == 2 and all(len(g) == 4 for g in groups) and not labelled:
        return False
    return digits >= 9 or labelled


def find_phones(text: str) -> list[Mention]:
    out: list[Mention] = []
    if _SEVEN_DIGITS_RE.search(text) is None:
        return out
    for m in _PHONE_RE.finditer(text):
        raw = m.group().rstrip(" .-")
        start = m.start()
        label = label_at(text, start, start + len(raw))
        if not _looks_like_phone(m.group("num"), label):
            continue
        p = _from_text(raw)
        if p is not None:
            out.append(Mention(p, start, start + len(raw), raw, False, label))
    return out


def same_phone(a: Phone, b: Phone, tolerance: float | None = None) -> bool:
    """Same NSN; or one NSN ends with the other (a local number without its area code) when
    it has at least 7 digits. Known, different country codes never match."""
    if tolerance is not None:
        return phone_distance(a, b) <= tolerance
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.national == b.national:
        return True
    short, long_ = sorted((a.national, b.national), key=len)
    return len(short) >= MIN_NSN and long_.endswith(short) and len(long_) - len(short) <= 4


def phone_distance(a: Phone, b: Phone) -> float:
    if a.national == b.national and (
        a.country_code == b.country_code or not a.country_code or not b.country_code
    ):
        return 0.0
    if same_phone(a, b):
        return 0.05
    d = float(Levenshtein.normalized_distance(a.national, b.national))
    if a.country_code and b.country_code and a.country_code != b.country_code:
        d = max(d, 0.5)
    return max(0.1, d)


def render_phone(p: Phone) -> str:
    return p.digits
