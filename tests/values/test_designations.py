"""Values that wholly name a member of a code list (countries, currencies): codes, symbols and names are one fact."""

from __future__ import annotations

import pycountry
from hypothesis import given
from hypothesis import strategies as st

from veracity.values.currency import CURRENCY_CODES
from veracity.values.designations import designations, same_designation

COUNTRIES = sorted(pycountry.countries, key=lambda c: c.alpha_2)
countries = st.sampled_from(COUNTRIES)
# Each of a country's ways of being written, in any case for its names (codes as written: capitals).
spellings = st.sampled_from(["alpha_2", "alpha_3", "name", "name_upper", "name_lower"])


def _write(country: object, how: str) -> str:
    if how in ("alpha_2", "alpha_3"):
        return str(getattr(country, how))
    name = str(country.name)  # type: ignore[attr-defined]
    return name.upper() if how == "name_upper" else name.lower() if how == "name_lower" else name


@given(countries, spellings, spellings)
def test_every_spelling_of_a_country_is_the_same_fact(country: object, x: str, y: str) -> None:
    assert same_designation(_write(country, x), _write(country, y)) is True


@given(countries, countries, spellings, spellings)
def test_two_countries_are_the_same_fact_only_when_they_are_one(a: object, b: object, x: str, y: str) -> None:
    same = same_designation(_write(a, x), _write(b, y))
    assert same is (a.alpha_2 == b.alpha_2)  # type: ignore[attr-defined]


@given(st.sampled_from(sorted(CURRENCY_CODES)), st.sampled_from(sorted(CURRENCY_CODES)))
def test_currency_codes_compare_as_currencies(a: str, b: str) -> None:
    assert same_designation(a, b.lower()) is (a == b)
    assert same_designation(a, b) == same_designation(b, a)


@given(st.lists(countries, min_size=1, max_size=5, unique_by=lambda c: c.alpha_2), st.randoms())
def test_a_list_of_countries_is_a_set(members: list[object], rnd: object) -> None:
    codes = [c.alpha_2 for c in members]  # type: ignore[attr-defined]
    names = [c.name for c in members]  # type: ignore[attr-defined]
    rnd.shuffle(names)  # type: ignore[attr-defined]
    assert same_designation(codes, names) is True
    if len(codes) > 1:  # one member left out: not the same set
        assert same_designation(codes[1:], names) is False


@given(st.text(max_size=30))
def test_never_raises_and_is_symmetric(text: str) -> None:
    assert same_designation(text, "Germany") == same_designation("Germany", text)


def test_symbols_and_names_of_currencies() -> None:
    assert designations("€") == {"currency": "EUR"}
    assert same_designation("EUR", "euro") is True
    assert same_designation("GBP", "£") is True
    assert same_designation("USD", "€") is False


def test_a_value_that_only_contains_a_country_is_not_one() -> None:
    assert designations("Valencia, Spain") == {}
    assert same_designation("Valencia, Spain", "ES") is None
    assert same_designation("DE", "Berlin") is None
    assert same_designation(None, "DE") is None
    assert same_designation(["DE", "Berlin"], ["Germany"]) is None


def test_a_country_and_a_currency_share_no_code_list() -> None:
    assert same_designation("DE", "EUR") is None
