"""Values that name a member of a standard code list: a country (ISO 3166) or a currency (ISO 4217).

A code, a symbol and a name of one member are one fact ("DE", "DEU" and "Germany"; "EUR", "€"
and "euro"), whatever type the field's name suggests (a country under ``country_code`` reads as
an identifier, under ``jurisdiction`` as a category, under ``registration.country`` as an
address). Only a value that is *wholly* a designation is one: "Valencia, Spain" is an address.

>>> designations("Germany"), designations("€")
({'country': 'DE'}, {'currency': 'EUR'})
>>> same_designation("GB", "United Kingdom"), same_designation("DE", "Austria"), same_designation("DE", "Berlin")
(True, False, None)
>>> same_designation(["FR", "DE"], ["Germany", "France"])
True
"""

from __future__ import annotations

from collections.abc import Sequence

from .country import parse_country
from .currency import currency_of

_MAX_LEN = 60


def designations(value: object) -> dict[str, str]:
    """Each code list the value wholly names a member of, with that member's code."""
    if not isinstance(value, str):
        return {}
    text = value.strip()
    if not text or len(text) > _MAX_LEN:
        return {}
    out: dict[str, str] = {}
    if country := parse_country(text):
        out["country"] = country
    if currency := currency_of(text):
        out["currency"] = currency
    return out


def _members(values: Sequence[object]) -> list[dict[str, str]] | None:
    found = [designations(v) for v in values]
    return found if found and all(found) else None


def _shared_list(xs: list[dict[str, str]], ys: list[dict[str, str]]) -> str | None:
    """The one code list every element of both sides names a member of (None when there is none)."""
    common = set.intersection(*(set(d) for d in xs + ys))
    return min(common) if common else None  # "country" before "currency" when both fit


def same_designation(a: object, b: object) -> bool | None:
    """Whether two values (or two lists of values) name the same members of one code list.

    None when they are not both designations of one list (then they compare by their type)."""
    xs = _members(a if isinstance(a, list) else [a])
    ys = _members(b if isinstance(b, list) else [b])
    if xs is None or ys is None:
        return None
    code_list = _shared_list(xs, ys)
    if code_list is None:
        return None
    return {d[code_list] for d in xs} == {d[code_list] for d in ys}
