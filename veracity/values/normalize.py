"""One entry point per operation: normalise a value of a type, find a type's values in text,
render a normal form back to text.

>>> normalize("$12.5M", ValueType.MONEY) == normalize("12,500,000 USD", ValueType.MONEY)
True
>>> normalize("n/a", ValueType.MONEY)
Missing(marker='n/a', vtype=<ValueType.MISSING: 'missing'>)
>>> [m.raw for m in find_values('{"employees": 230, "founded": 2011}', ValueType.COUNT)]
['230', '2011']
>>> [m.label for m in find_values('{"employees": 230, "founded": 2011}', ValueType.COUNT)]
['employees', 'founded']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .address import find_addresses, parse_address, render_address
from .counts import (
    find_counts,
    find_percentages,
    parse_count,
    parse_percentage,
    render_count,
    render_percentage,
)
from .dates import find_dates, find_years, parse_date, parse_year, render_date
from .infer import type_from_value
from .missing import find_missing, is_missing, parse_missing
from .money import find_money, parse_money, render_money
from .names import parse_org, parse_person, render_org, render_person
from .namespans import find_names
from .phone import find_phones, parse_phone, render_phone
from .simple import (
    find_booleans,
    find_identifiers,
    parse_boolean,
    parse_category,
    parse_free_text,
    parse_identifier,
)
from .textcache import TEXT_CACHE_SIZE, register_clearer
from .types import (
    Address,
    Boolean,
    Category,
    Count,
    DateValue,
    FreeText,
    Identifier,
    ListValue,
    Mention,
    Missing,
    Money,
    Normal,
    OrgName,
    Percentage,
    PersonName,
    Phone,
    ValueType,
    WebAddress,
)
from .web import find_domains, find_emails, find_urls, parse_domain, parse_email, parse_url, render_web

PARSERS: dict[ValueType, Callable[[object], Normal | None]] = {
    ValueType.MONEY: parse_money,
    ValueType.COUNT: parse_count,
    ValueType.PERCENTAGE: parse_percentage,
    ValueType.YEAR: parse_year,
    ValueType.DATE: parse_date,
    ValueType.DOMAIN: parse_domain,
    ValueType.URL: parse_url,
    ValueType.EMAIL: parse_email,
    ValueType.PHONE: parse_phone,
    ValueType.ADDRESS: parse_address,
    ValueType.ORG_NAME: parse_org,
    ValueType.PERSON_NAME: parse_person,
    ValueType.IDENTIFIER: parse_identifier,
    ValueType.CATEGORY: parse_category,
    ValueType.FREE_TEXT: parse_free_text,
    ValueType.BOOLEAN: parse_boolean,
}
_LIST_SPLIT_RE = re.compile(r"\s*(?:[;|\n]|,(?!\d{3})|\band\b)\s*")


def normalize(value: object, vtype: ValueType, item_type: ValueType | None = None) -> Normal | None:
    """The normal form of ``value`` read as ``vtype``; :class:`Missing` for a declared-missing
    value ("unknown", "n/a", None); None when nothing of that type can be parsed.

    For LIST, ``item_type`` is the element type (inferred from the elements when not given);
    a string is split on ``,``/``;``/``|``/"and". UNKNOWN infers the type from the value."""
    if is_missing(value, vtype):
        return parse_missing(value, vtype)
    if vtype is ValueType.MISSING:
        return None
    if vtype is ValueType.UNKNOWN:
        vtype = type_from_value(value)
        if vtype in (ValueType.UNKNOWN, ValueType.MISSING):
            return None
    if vtype is ValueType.LIST:
        return _normalize_list(value, item_type)
    parser = PARSERS.get(vtype)
    if parser is None:
        return None
    if isinstance(value, list | tuple) and len(value) == 1:
        value = value[0]
    try:
        return parser(value)
    except (ValueError, OverflowError, RecursionError):
        return None


def _normalize_list(value: object, item_type: ValueType | None) -> ListValue | None:
    if isinstance(value, str):
        items: list[object] = [p for p in _LIST_SPLIT_RE.split(value) if p.strip()]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        items = [value]
    if item_type is None or item_type in (ValueType.UNKNOWN, ValueType.LIST):
        item_type = ValueType.UNKNOWN
        for x in items:
            if not is_missing(x):
                item_type = type_from_value(x)
                break
    out: list[Normal] = []
    for x in items:
        if is_missing(x):
            continue
        n = normalize(x, item_type) if item_type not in (ValueType.UNKNOWN, ValueType.LIST) else None
        if n is not None and not isinstance(n, Missing):
            out.append(n)
    return ListValue(items=tuple(out), item_type=item_type)


_FINDERS: dict[ValueType, Callable[[str], list[Mention]]] = {
    ValueType.MONEY: find_money,
    ValueType.COUNT: find_counts,
    ValueType.PERCENTAGE: find_percentages,
    ValueType.YEAR: find_years,
    ValueType.DATE: find_dates,
    ValueType.DOMAIN: find_domains,
    ValueType.URL: find_urls,
    ValueType.EMAIL: find_emails,
    ValueType.PHONE: find_phones,
    ValueType.ADDRESS: find_addresses,
    ValueType.IDENTIFIER: find_identifiers,
    ValueType.BOOLEAN: find_booleans,
    ValueType.MISSING: find_missing,
}


def find_values(text: str, vtype: ValueType) -> list[Mention]:
    """Every occurrence of a ``vtype`` value in ``text`` (prose, tables, HTML-ish text or JSON
    of any schema), with exact offsets and, where one is near, a label saying what it measures.

    ORG_NAME / PERSON_NAME return capitalised name spans; CATEGORY and FREE_TEXT return
    nothing (search them with :func:`veracity.values.locate`); LIST searches its item type."""
    if not text:
        return []
    return list(_find_cached(text, vtype))


@lru_cache(maxsize=TEXT_CACHE_SIZE * 8)
def _find_cached(text: str, vtype: ValueType) -> tuple[Mention, ...]:
    finder = _FINDERS.get(vtype)
    if finder is not None:
        return tuple(finder(text))
    if vtype in (ValueType.ORG_NAME, ValueType.PERSON_NAME):
        return tuple(find_names(text, vtype))
    return ()


register_clearer(_find_cached.cache_clear)


def render(normal: Normal) -> str:
    """Text that :func:`normalize` maps back to ``normal`` (for its own type)."""
    if isinstance(normal, Money):
        return render_money(normal)
    if isinstance(normal, Count):
        return render_count(normal)
    if isinstance(normal, Percentage):
        return render_percentage(normal)
    if isinstance(normal, DateValue):
        return render_date(normal)
    if isinstance(normal, WebAddress):
        return render_web(normal)
    if isinstance(normal, Phone):
        return render_phone(normal)
    if isinstance(normal, Boolean):
        return "true" if normal.value else "false"
    if isinstance(normal, Missing):
        return normal.marker or "unknown"
    if isinstance(normal, ListValue):
        return "; ".join(render(x) for x in normal.items)
    if isinstance(normal, Identifier | FreeText | Category):
        return normal.key
    if isinstance(normal, Address):
        return render_address(normal)
    if isinstance(normal, OrgName):
        return render_org(normal)
    if isinstance(normal, PersonName):
        return render_person(normal)
    return normal.address
