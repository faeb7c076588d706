"""Years and dates. The normal form is a :class:`DateValue` at year, month or day precision;
two dates are compared at the coarser of their precisions, so a year matches a date in it.

>>> parse_date("March 3, 2021").iso, parse_date("3 March 2021").iso, parse_date("03/03/2021").iso
('2021-03-03', '2021-03-03', '2021-03-03')
>>> parse_year("founded in 2011").iso, parse_year("est. 2011").iso
('2011', '2011')
>>> same_date(parse_year(2011), parse_date("2011-06-30")), same_date(parse_year(2011), parse_year(2012))
(True, False)
"""

from __future__ import annotations

import datetime as _dt
import re

from .folding import has_digit, trie_regex
from .labels import label_at
from .lexicon import LANGUAGES, en, for_language, guess_language
from .textcache import PerText
from .types import DateValue, Mention, ValueType

MIN_YEAR = 1800
MAX_YEAR = 2100

_MONTHS = {k: v for k, v in en.MONTHS.items() if len(k) == 3}  # "jan" -> 1 (the key a match is read by)
_MONTH_WORDS = list(en.MONTHS)
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
_MON_CASED = trie_regex(_MONTH_WORDS, cased=True)
_APPROX = r"(?P<approx>\b(?:about|around|circa|ca\.|c\.|approximately|roughly|early|mid|late)[\s-]+)?"

_NUM_DATE_RE = re.compile(
    r"""\d(?:
      (?P<iy>\d{3})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\d)
        (?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?
    | (?P<bd>\d?)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<bm>MON)\b\.?,?\s+(?P<by>\d{4})(?!\d)
    | (?P<nd1>\d?)(?P<nsep>[/.-])(?P<nd2>\d{1,2})(?P=nsep)(?P<ny>\d{4}|\d{2})(?![\d/.-]\d)(?!\d)
    | (?P<yy>\d{3})-(?P<ym>\d{2})(?![\d-])
    )""".replace("MON", _MON_CASED),
    re.VERBOSE,
)
_MON_DATE_RE = re.compile(
    rf"""\b(?:
      (?P<am>{_MON_CASED})\.?\s+(?P<ad>\d{{1,2}}){_ORD}(?!\d),?\s+(?P<ay>\d{{4}})(?!\d)
    | (?P<mm>{_MON_CASED})\.?,?\s+(?P<my>\d{{4}})(?!\d)
    )""",
    re.VERBOSE,
)
_DATE_APPROX_RE = re.compile(
    r"(?<![\w])(?:about|around|circa|ca\.|c\.|approximately|roughly|early|mid|late)[\s-]+\Z", re.I
)
_MONTH_HINT_RE = re.compile(r"(?i)\b" + trie_regex(list(_MONTHS)))
# Dates written with a month in another lexicon language (German, French, Spanish, Italian, Dutch, Portuguese): "12. März 2021", "1er mars 2021",
# "12 de marzo de 2021", "März 2021". Tried when a text is not English (or its language unknown).
_FOREIGN_MONTHS = {k: v for code in LANGUAGES if code != "en" for k, v in for_language(code).months.items()}
_FMON = trie_regex(sorted(_FOREIGN_MONTHS), cased=True)
_FOREIGN_DATE_RE = re.compile(
    rf"""(?<![\w.])(?:
      (?P<fd>\d{{1,2}})(?:\.|er|º|°)?\s+(?:de\s+)?(?P<fm>{_FMON})\.?,?\s+(?:de\s+|del\s+)?(?P<fy>\d{{4}})(?!\d)
    | (?P<gm>{_FMON})\.?\s+(?:de\s+|del\s+)?(?P<gy>\d{{4}})(?!\d)
    )""",
    re.VERBOSE,
)
_FOREIGN_HINT_RE = re.compile(r"(?i)(?<!\w)" + trie_regex(sorted(_FOREIGN_MONTHS)) + r"(?!\w)")
_YEAR_RE = re.compile(r"(?:1[89]\d\d|20\d\d|2100)(?![\w%]|[.,]\d)")
_YEAR_BEFORE_BAD = frozenset("0123456789.,$€£¥#_")
_YEAR_APPROX_RE = re.compile(r"(?:about|around|circa|ca\.|c\.|approximately|roughly)\s+\Z", re.IGNORECASE)
_APPROX_YEAR_WORDS = frozenset({"about", "around", "circa", "ca.", "c.", "approximately", "roughly"})
_NOT_YEAR_UNITS = frozenset(
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
        "points",
        "units",
        "shares",
        "dollars",
        "euros",
        "pounds",
        "usd",
        "eur",
        "gbp",
        "items",
        "rows",
        "km",
        "miles",
        "kg",
        "lbs",
    ]
)
WEEKDAY_RE = re.compile(
    r"\b"
    + trie_regex(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
    + r"s?\b",
    re.IGNORECASE,
)


def _valid(y: int, m: int | None, d: int | None) -> bool:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return False
    if m is None:
        return True
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _full_year(s: str) -> int:
    y = int(s)
    if len(s) == 2:
        y += 2000 if y < 50 else 1900
    return y


def _from_match(m: re.Match[str], approx: bool = False) -> DateValue | None:

    y: int
    mo: int | None
    d: int | None
    gd = {k: v for k, v in m.groupdict().items() if v is not None}
    lead = m.group()[0]
    for k in ("iy", "bd", "nd1", "yy"):
        if k in gd and m.re is _NUM_DATE_RE:
            gd[k] = lead + gd[k]
    if "iy" in gd:
        y, mo, d = int(gd["iy"]), int(gd["im"]), int(gd["id"])
    elif "am" in gd:
        y, mo, d = int(gd["ay"]), _MONTHS[gd["am"][:3].lower()], int(gd["ad"])
    elif "bm" in gd:
        y, mo, d = int(gd["by"]), _MONTHS[gd["bm"][:3].lower()], int(gd["bd"])
    elif "nd1" in gd:
        a, b = int(gd["nd1"]), int(gd["nd2"])
        y = _full_year(gd["ny"])
        if gd["nsep"] == "." or a > 12:
            d, mo = a, b  # European day.month.year, or unambiguous day first
        else:
            mo, d = a, b  # US month/day/year
    elif "mm" in gd:
        y, mo, d = int(gd["my"]), _MONTHS[gd["mm"][:3].lower()], None
    elif "yy" in gd:
        y, mo, d = int(gd["yy"]), int(gd["ym"]), None
    elif "fm" in gd:
        y, mo, d = int(gd["fy"]), _FOREIGN_MONTHS[gd["fm"].lower()], int(gd["fd"])
    elif "gm" in gd:
        y, mo, d = int(gd["gy"]), _FOREIGN_MONTHS[gd["gm"].lower()], None
    else:
        return None
    if not _valid(y, mo, d):
        return None
    return DateValue(year=y, month=mo, day=d, approximate=approx, vtype=ValueType.DATE)


def find_dates(text: str) -> list[Mention]:
    """Every calendar date (day or month precision) in ``text``; bare years are :func:`find_years`."""
    return list(_dates(text))


def find_years(text: str) -> list[Mention]:
    """Every 4-digit year 1800-2100 in ``text``, including the year inside a full date."""
    return list(_years(text))


def _find_dates(text: str) -> tuple[Mention, ...]:
    out: list[Mention] = []
    if not has_digit(text):
        return ()
    matches = list(_NUM_DATE_RE.finditer(text))
    if _MONTH_HINT_RE.search(text):
        matches += _MON_DATE_RE.finditer(text)
        matches.sort(key=lambda m: m.start())
    # The month-name test first: it is a regex over the text, the language guess may be the detector's.
    if _FOREIGN_HINT_RE.search(text) and guess_language(text) != "en":
        matches += _FOREIGN_DATE_RE.finditer(text)
        matches.sort(key=lambda m: (m.start(), -m.end()))
    last_end = -1
    for m in matches:
        if m.start() < last_end:
            continue
        if m.start() and (
            text[m.start() - 1].isalnum() or (m.re is _NUM_DATE_RE and text[m.start() - 1] in "./-")
        ):
            continue
        start = m.start()
        am = (
            _DATE_APPROX_RE.search(text, max(0, start - 16), start)
            if start and text[start - 1] in " -"
            else None
        )
        v = _from_match(m, am is not None)
        if v is not None:
            if am is not None:
                start = am.start()
            out.append(
                Mention(
                    v, start, m.end(), text[start : m.end()], v.approximate, label_at(text, start, m.end())
                )
            )
            last_end = m.end()
    return tuple(out)


def _find_years(text: str) -> tuple[Mention, ...]:
    out: list[Mention] = []
    if not has_digit(text):
        return ()
    dates: tuple[Mention, ...] | None = None
    for m in _YEAR_RE.finditer(text):
        ys = m.start()
        if ys and (text[ys - 1] in _YEAR_BEFORE_BAD or text[ys - 1].isalpha()):
            continue
        y = int(m.group())
        if dates is None:
            dates = _dates(text)
        # The year of a full date measures what the date does ("Incorporated: 3 May 2018").
        enclosing = next((d for d in dates if d.start <= ys and m.end() <= d.end), None)
        label = enclosing.label if enclosing is not None else label_at(text, ys, m.end())
        if label in _NOT_YEAR_UNITS:
            continue
        am = _YEAR_APPROX_RE.search(text, max(0, ys - 16), ys) if ys and text[ys - 1] == " " else None
        start = am.start() if am is not None else ys
        approx = am is not None
        out.append(
            Mention(
                DateValue(year=y, approximate=approx, vtype=ValueType.YEAR),
                start,
                m.end(),
                text[start : m.end()],
                approx,
                label,
            )
        )
    return tuple(out)


# Memoised per text (mentions are immutable; the finders hand out fresh lists).
_dates: PerText[tuple[Mention, ...]] = PerText(_find_dates, maxsize=256)
_years: PerText[tuple[Mention, ...]] = PerText(_find_years, maxsize=256)


def parse_date(value: object) -> DateValue | None:
    """A date (``datetime.date``, ISO text, written dates); falls back to a bare year."""
    if isinstance(value, _dt.datetime | _dt.date):
        return (
            DateValue(value.year, value.month, value.day)
            if _valid(value.year, value.month, value.day)
            else None
        )
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return DateValue(value, vtype=ValueType.YEAR) if _valid(value, None, None) else None
    if not isinstance(value, str):
        return None
    for mention in find_dates(value):
        if isinstance(mention.normal, DateValue):
            return mention.normal
    return parse_year(value)


def parse_year(value: object) -> DateValue | None:
    """A year (``2011``, ``"founded in 2011"``, ``"2011-05-01"`` -> 2011)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return DateValue(value, vtype=ValueType.YEAR) if _valid(value, None, None) else None
    if isinstance(value, _dt.date):
        return DateValue(value.year, vtype=ValueType.YEAR)
    if not isinstance(value, str):
        return None
    for mention in find_years(value):
        return mention.normal if isinstance(mention.normal, DateValue) else None
    return None


def _delta_years(a: DateValue, b: DateValue) -> float:
    if a.month is None or b.month is None:
        return float(abs(a.year - b.year))
    if a.day is None or b.day is None:
        return abs((a.year * 12 + a.month) - (b.year * 12 + b.month)) / 12.0
    da = _dt.date(a.year, a.month, a.day)
    db = _dt.date(b.year, b.month, b.day)
    return abs((da - db).days) / 365.25


def date_distance(a: DateValue, b: DateValue) -> float:
    """0 when equal at the common precision, 0.5 at one year apart, tending to 1."""
    d = _delta_years(a, b)
    return d / (1.0 + d)


def same_date(a: DateValue, b: DateValue, tolerance: float | None = None) -> bool:
    """Equal at the coarser precision; "around 2011" also matches 2010 and 2012.

    ``tolerance`` is a distance (0.5 = one year)."""
    d = _delta_years(a, b)
    if a.approximate or b.approximate:
        d = max(0.0, d - 1.0)
    if tolerance is not None:
        return d / (1.0 + d) <= tolerance + 1e-12
    return d == 0.0


def render_date(v: DateValue) -> str:
    s = v.iso
    return ("around " + s) if v.approximate else s
