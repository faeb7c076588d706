"""Distance and "same fact" for every type, dispatched on the normal form.

``distance`` is in [0, 1], symmetric, 0 for identical values; ``same_fact`` applies each
type's tolerance. Values of different types are never the same fact (except a year against a
date, and a domain against a URL, which compare on what they share).

>>> from veracity.values.normalize import normalize
>>> from veracity.values.types import ValueType
>>> same_fact(normalize("$12.5M", ValueType.MONEY), normalize("12.5 million dollars", ValueType.MONEY))
True
>>> distance(normalize(230, ValueType.COUNT), normalize(2300, ValueType.COUNT))
0.9
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .address import address_distance, same_address
from .counts import count_distance, percentage_distance, same_count, same_percentage
from .dates import date_distance, same_date
from .money import money_distance, same_money
from .names import org_distance, person_distance, same_org, same_person
from .phone import phone_distance, same_phone
from .simple import (
    category_distance,
    free_text_distance,
    identifier_distance,
    same_category,
    same_free_text,
    same_identifier,
)
from .types import (
    Address,
    Boolean,
    Category,
    Count,
    DateValue,
    Email,
    FreeText,
    Identifier,
    ListValue,
    Missing,
    Money,
    Normal,
    OrgName,
    Percentage,
    PersonName,
    Phone,
    WebAddress,
)
from .web import email_distance, same_email, same_web, web_distance


def _pair_same(a: Normal, b: Normal, tol: float | None) -> bool | None:
    """Same fact for two normals of one kind; None when the kinds are not comparable."""
    t = type(a)
    if t is type(b):  # the common case: one lookup instead of the chain below
        same = _SAME_BY_TYPE.get(t)
        if same is not None:
            return same(a, b, tol)
    return _pair_same_chain(a, b, tol)


def _pair_same_chain(a: Normal, b: Normal, tol: float | None) -> bool | None:
    if isinstance(a, Money) and isinstance(b, Money):
        return same_money(a, b, tol)
    if isinstance(a, Count) and isinstance(b, Count):
        return same_count(a, b, tol)
    if isinstance(a, Percentage) and isinstance(b, Percentage):
        return same_percentage(a, b, tol)
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        return same_date(a, b, tol)
    if isinstance(a, WebAddress) and isinstance(b, WebAddress):
        return same_web(a, b, tol)
    if isinstance(a, Email) and isinstance(b, Email):
        return same_email(a, b, tol)
    if isinstance(a, Phone) and isinstance(b, Phone):
        return same_phone(a, b, tol)
    if isinstance(a, Address) and isinstance(b, Address):
        return same_address(a, b, tol)
    if isinstance(a, OrgName) and isinstance(b, OrgName):
        return same_org(a, b, tol)
    if isinstance(a, PersonName) and isinstance(b, PersonName):
        return same_person(a, b, tol)
    if isinstance(a, Identifier) and isinstance(b, Identifier):
        return same_identifier(a, b, tol)
    if isinstance(a, Category) and isinstance(b, Category):
        return same_category(a, b, tol)
    if isinstance(a, FreeText) and isinstance(b, FreeText):
        return same_free_text(a, b, tol)
    if isinstance(a, Boolean) and isinstance(b, Boolean):
        return a.value == b.value
    if isinstance(a, Missing) and isinstance(b, Missing):
        return True
    if isinstance(a, ListValue) and isinstance(b, ListValue):
        return _same_list(a, b, tol)
    return None


_SAME_BY_TYPE: dict[type, Callable[[Any, Any, float | None], bool]] = {
    Money: same_money,
    Count: same_count,
    Percentage: same_percentage,
    DateValue: same_date,
    WebAddress: same_web,
    Email: same_email,
    Phone: same_phone,
    Address: same_address,
    OrgName: same_org,
    PersonName: same_person,
    Identifier: same_identifier,
    Category: same_category,
    FreeText: same_free_text,
}


def _pair_distance(a: Normal, b: Normal) -> float | None:
    if isinstance(a, Money) and isinstance(b, Money):
        return money_distance(a, b)
    if isinstance(a, Count) and isinstance(b, Count):
        return count_distance(a, b)
    if isinstance(a, Percentage) and isinstance(b, Percentage):
        return percentage_distance(a, b)
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        return date_distance(a, b)
    if isinstance(a, WebAddress) and isinstance(b, WebAddress):
        return web_distance(a, b)
    if isinstance(a, Email) and isinstance(b, Email):
        return email_distance(a, b)
    if isinstance(a, Phone) and isinstance(b, Phone):
        return phone_distance(a, b)
    if isinstance(a, Address) and isinstance(b, Address):
        return address_distance(a, b)
    if isinstance(a, OrgName) and isinstance(b, OrgName):
        return org_distance(a, b)
    if isinstance(a, PersonName) and isinstance(b, PersonName):
        return person_distance(a, b)
    if isinstance(a, Identifier) and isinstance(b, Identifier):
        return identifier_distance(a, b)
    if isinstance(a, Category) and isinstance(b, Category):
        return category_distance(a, b)
    if isinstance(a, FreeText) and isinstance(b, FreeText):
        return free_text_distance(a, b)
    if isinstance(a, Boolean) and isinstance(b, Boolean):
        return 0.0 if a.value == b.value else 1.0
    if isinstance(a, Missing) and isinstance(b, Missing):
        return 0.0
    if isinstance(a, ListValue) and isinstance(b, ListValue):
        return _list_distance(a, b)
    return None


def same_fact(a: Normal | None, b: Normal | None, tolerance: float | None = None) -> bool:
    """Whether two normal forms state the same fact, within the type's tolerance.

    ``tolerance`` overrides the type's default: a relative difference for numbers, a
    :func:`distance` threshold for the other types. Approximate values ("about $12M")
    always get at least the type's approximate tolerance."""
    if a is None or b is None:
        return False
    if a == b:
        return True
    r = _pair_same(a, b, tolerance)
    return bool(r)


def distance(a: Normal | None, b: Normal | None) -> float:
    """Distance in [0, 1] (0 = identical); 1 for values of different kinds or a missing side."""
    if a is None or b is None:
        return 0.0 if a is None and b is None else 1.0
    if a == b:
        return 0.0
    d = _pair_distance(a, b)
    if d is None:
        return 1.0
    return min(1.0, max(0.0, d))


# --- lists: set semantics with a best matching --------------------------------------------


def _greedy_pairs(a: tuple[Normal, ...], b: tuple[Normal, ...]) -> list[tuple[int, int, float]]:
    """A best-first matching of a's and b's elements by distance (order ignored)."""
    cand = sorted(
        ((distance(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)),
        key=lambda t: (t[0], t[1], t[2]),
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for d, i, j in cand:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j, d))
    return out


def _list_distance(a: ListValue, b: ListValue) -> float:
    if not a.items and not b.items:
        return 0.0
    if a.items == b.items or set(a.items) == set(b.items):
        return 0.0
    ua, ub = tuple(dict.fromkeys(a.items)), tuple(dict.fromkeys(b.items))
    pairs = _greedy_pairs(ua, ub)
    n = max(len(ua), len(ub))
    total = sum(d for _, _, d in pairs) + (n - len(pairs))
    return total / n


def _same_list(a: ListValue, b: ListValue, tol: float | None) -> bool:
    """Every element of each list has a same-fact partner in the other."""
    if set(a.items) == set(b.items):
        return True
    return all(any(same_fact(x, y, tol) for y in b.items) for x in a.items) and all(
        any(same_fact(x, y, tol) for x in a.items) for y in b.items
    )
