"""Which type a field holds, from its name first and from its value's shape otherwise.

>>> [infer_type(f, None) for f in ("revenue", "employee_count", "founded_year", "ceo", "company.domain")]
[<ValueType.MONEY: 'money'>, <ValueType.COUNT: 'count'>, <ValueType.YEAR: 'year'>, <ValueType.PERSON_NAME: 'person_name'>, <ValueType.DOMAIN: 'domain'>]
>>> [infer_type("x", v) for v in ("$12.5M", "dana@acme.io", "+1 (415) 555-0100", 230, True)]
[<ValueType.MONEY: 'money'>, <ValueType.EMAIL: 'email'>, <ValueType.PHONE: 'phone'>, <ValueType.COUNT: 'count'>, <ValueType.BOOLEAN: 'boolean'>]
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from .dates import find_dates
from .missing import is_missing
from .names import LEGAL_SUFFIXES, ORG_CUES
from .numbers import scan
from .types import ValueType
from .web import EMAIL_RE, parse_domain

_SPLIT_RE = re.compile(r"[^a-z0-9]+")
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

# Decisive tokens: the first one found (scanning the last path segment from its end, then the
# earlier segments) decides the type.
_DECISIVE: dict[str, ValueType] = {}
for _t, _words in (
    (ValueType.EMAIL, "email emails mail e-mail"),
    (ValueType.PHONE, "phone phones tel telephone mobile fax cell"),
    (ValueType.URL, "url urls link links linkedin twitter facebook homepage href"),
    (ValueType.DOMAIN, "domain domains website site web"),
    (ValueType.DATE, "date dated day timestamp updated created at on"),
    (ValueType.YEAR, "year yr founded founding established inception incorporated"),
    (ValueType.PERCENTAGE, "pct percent percentage rate margin growth share ratio churn yield"),
    (
        ValueType.MONEY,
        "revenue revenues arr mrr funding valuation raised sales turnover income price cost "
        "capital earnings ebitda profit budget amount usd eur gbp gmv salary",
    ),
    (
        ValueType.COUNT,
        "employees employee headcount staff count size workers fte ftes seats customers users members total",
    ),
    (
        ValueType.ADDRESS,
        "address addresses hq headquarters headquarter location locations city street "
        "country state region office offices zip postcode postal",
    ),
    (
        ValueType.PERSON_NAME,
        "ceo cfo cto coo founder founders cofounder person contact owner president "
        "chairman director manager author executive executives people lead leader",
    ),
    (
        ValueType.IDENTIFIER,
        "id ids identifier registry registration ticker symbol lei duns vat ein cik "
        "isin cusip sedol crn uuid sku code",
    ),
    (
        ValueType.CATEGORY,
        "industry industries sector sectors category categories type kind status stage "
        "segment vertical class tag tags classification ownership title titles role roles position "
        "seniority department function",
    ),
    (
        ValueType.FREE_TEXT,
        "description summary about text bio overview notes note comment comments "
        "details narrative profile blurb tagline",
    ),
    (ValueType.BOOLEAN, "is has active enabled verified public flag"),
    (
        ValueType.ORG_NAME,
        "company organization organisation org employer firm brand parent subsidiary "
        "competitor competitors customer acquirer investor investors",
    ),
):
    for _w in _words.split():
        _DECISIVE.setdefault(_w, _t)
_NAME_TOKENS = frozenset({"name", "names", "legal", "trading", "dba"})
# Words that make a `..._name` field a person's: the parts of a personal name.
_PERSON_PARTS = frozenset({"full", "first", "last", "given", "family", "middle", "maiden", "nick", "sur", "fore"})
# Tokens that say how a quantity is aggregated, not what it measures: they decide a field's type
# only when no other numeric token of its name does ("funding_total" is money, "total" alone a count).
_WEAK = frozenset({"total", "count", "size", "amount"})
_NUMBER_WORDS = frozenset({"number", "num", "no", "nr"})
_NUMBER_SPECIFIC = frozenset({ValueType.PHONE, ValueType.COUNT, ValueType.MONEY, ValueType.PERCENTAGE})
_PLURAL_LIST = frozenset(
    {
        "industries",
        "sectors",
        "tags",
        "locations",
        "offices",
        "founders",
        "executives",
        "competitors",
        "investors",
        "emails",
        "phones",
        "domains",
        "urls",
        "links",
        "names",
        "technologies",
        "categories",
        "keywords",
        "products",
        "customers",
        "people",
    }
)
_PHONE_SHAPE_RE = re.compile(r"^\+?[\d\s().-]{7,22}$")
_URL_SHAPE_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_ID_SHAPE_RE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9 ./-]{3,30}$")


def _tokens(field_path: str) -> list[list[str]]:
    segs = [s for s in re.split(r"[.\[\]/]+", field_path) if s and not s.isdigit()]
    return [[t for t in _SPLIT_RE.split(_CAMEL_RE.sub("_", s).lower()) if t] for s in segs]


@lru_cache(maxsize=4096)
def type_from_name(field_path: str) -> ValueType | None:
    """The type a field name implies, or None when the name says nothing."""
    segs = _tokens(field_path)
    if not segs:
        return None
    for seg in reversed(segs):
        if seg and seg[-1] in _NUMBER_WORDS:
            # "company_number", "vat_no": an identifier, unless the rest says what is counted
            # ("number_of_employees" ends otherwise; "phone_number", "employee_number" keep theirs).
            said = [_DECISIVE.get(t) for t in seg[:-1]]
            specific = next((vt for vt in said if vt in _NUMBER_SPECIFIC), None)
            return specific or ValueType.IDENTIFIER
        has_name = any(t in _NAME_TOKENS for t in seg)
        strong = [t for t in seg if t not in _WEAK and _DECISIVE.get(t) in _NUMBER_SPECIFIC]
        for t in reversed(seg):
            if strong and t in _WEAK:
                continue
            vt = _DECISIVE.get(t)
            if vt is None:
                continue
            if vt is ValueType.BOOLEAN and t != seg[0]:
                continue  # "is"/"has" only as a prefix: is_public, has_funding
            if has_name and vt is ValueType.ORG_NAME:
                return ValueType.ORG_NAME
            if has_name and vt is not ValueType.PERSON_NAME and vt is not ValueType.CATEGORY:
                continue  # "domain_name" -> domain handled below; "city_name" -> address
            return vt
        if has_name:
            person = any(_DECISIVE.get(t) is ValueType.PERSON_NAME for s in segs for t in s) or bool(
                _PERSON_PARTS & set(seg))  # "full_name", "first_name", "family_name"
            if person:
                return ValueType.PERSON_NAME
            for t in seg:
                vt = _DECISIVE.get(t)
                if vt in (ValueType.DOMAIN, ValueType.ADDRESS, ValueType.CATEGORY):
                    return vt
            return ValueType.ORG_NAME
    return None


def type_from_value(value: object) -> ValueType:
    """The type a value's shape suggests (used when the field name says nothing)."""
    if is_missing(value):
        return ValueType.MISSING
    if isinstance(value, bool):
        return ValueType.BOOLEAN
    if isinstance(value, int):
        return ValueType.COUNT
    if isinstance(value, float):
        return ValueType.PERCENTAGE if 0.0 < abs(value) < 1.0 else ValueType.COUNT
    if isinstance(value, _dt.date):
        return ValueType.DATE
    if isinstance(value, list | tuple | set):
        return ValueType.LIST
    if isinstance(value, dict):
        return ValueType.UNKNOWN
    if not isinstance(value, str):
        return ValueType.UNKNOWN
    s = value.strip()
    low = s.lower()
    if low in ("true", "false", "yes", "no"):
        return ValueType.BOOLEAN
    if EMAIL_RE.fullmatch(s):
        return ValueType.EMAIL
    if _URL_SHAPE_RE.match(s):
        return ValueType.URL
    if " " not in s and "." in s and parse_domain(s) is not None and not s.replace(".", "").isdigit():
        return ValueType.DOMAIN
    if _PHONE_SHAPE_RE.match(s) and sum(c.isdigit() for c in s) >= 9 and any(c in s for c in " ().-+"):
        return ValueType.PHONE
    toks = scan(s)
    if len(toks) == 1 and len(s) <= 40:
        t = toks[0]
        if t.percent:
            return ValueType.PERCENTAGE
        if t.currency:
            return ValueType.MONEY
    dm = find_dates(s)
    if dm and dm[0].start == 0 and dm[0].end == len(s):
        return ValueType.DATE
    if re.fullmatch(r"(?:18|19|20)\d\d", s):
        return ValueType.YEAR
    if len(toks) == 1 and toks[0].start == 0 and toks[0].end >= len(s) - 1 and not toks[0].is_word:
        return ValueType.COUNT
    words = s.split()
    if len(words) > 12 or len(s) > 100:
        return ValueType.FREE_TEXT
    if _ID_SHAPE_RE.match(s) and len(words) <= 2:
        return ValueType.IDENTIFIER
    last = re.sub(r"[^a-z]", "", words[-1].lower()) if words else ""
    if (last in LEGAL_SUFFIXES and len(words) > 1) or any(
        w.lower().strip(",.") in ORG_CUES for w in words[1:]
    ):
        return ValueType.ORG_NAME
    return ValueType.CATEGORY


def infer_type(field_path: str, value: object) -> ValueType:
    """The type of one output field: from its name (``revenue`` -> money, ``ceo`` -> person
    name, ``*_id`` -> identifier, ...) and, when the name says nothing, from the value.
    A list value is LIST whatever the name (its elements take the name's type)."""
    if isinstance(value, list | tuple | set) and not isinstance(value, str):
        return ValueType.LIST
    vt = type_from_name(field_path)
    if vt is not None:
        return vt
    return type_from_value(value)


def element_type(field_path: str, items: object) -> ValueType:
    """The type of the elements of a list field."""
    vt = type_from_name(field_path)
    if vt is not None:
        return vt
    if isinstance(items, list | tuple | set):
        for x in items:
            if not is_missing(x):
                return type_from_value(x)
    return ValueType.UNKNOWN
