"""Postal abbreviations (English, German, French) normalise to the spelled-out form, and a field's
aggregation word does not decide its type."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from veracity.values.address import parse_address, same_address
from veracity.values.infer import type_from_name
from veracity.values.locate import locate
from veracity.values.types import ValueType

# (abbreviated, spelled) pairs per language; "{n}" house number, "{s}" street name, "{f}" floor.
FORMS = {
    "en": ("{n} {s} Rd, Fl. {f}", "{n} {s} Road, Floor {f}"),
    "en2": ("{n} {s} Ave, Ste {f}", "{n} {s} Avenue, Suite {f}"),
    "de": ("{s}str. {n}, {f}. OG", "{s}straße {n}, {f}. Obergeschoss"),
    "de2": ("{s} Str. {n}, {f}. OG", "{s} Straße {n}, {f}. Obergeschoss"),
    "fr": ("{n} r. des {s}, {f}e ét.", "{n} rue des {s}, {f}e étage"),
    "fr2": ("{n} bd {s}, {f}e ét.", "{n} boulevard {s}, {f}e étage"),
}
names = st.sampled_from(["Lilas", "Linking", "Mariahilfer", "Schiller", "Voltaire", "Market", "Haussmann"])
numbers = st.integers(min_value=1, max_value=999)


@given(st.sampled_from(sorted(FORMS)), names, numbers, st.integers(min_value=1, max_value=30))
def test_an_abbreviated_address_is_the_spelled_out_one(lang: str, street: str, n: int, floor: int) -> None:
    short, long = (f.format(n=n, s=street, f=floor) for f in FORMS[lang])
    a, b = parse_address(short), parse_address(long)
    assert a is not None and b is not None
    assert a.tokens == b.tokens, (short, long)
    assert same_address(a, b)
    assert locate(f"Adresse : {long}, Toulouse", a), (short, long)


@given(st.sampled_from(sorted(FORMS)), names, numbers, st.integers(min_value=1, max_value=30))
def test_another_house_number_is_another_address(lang: str, street: str, n: int, floor: int) -> None:
    short = FORMS[lang][0].format(n=n, s=street, f=floor)
    other = FORMS[lang][1].format(n=n + 1, s=street, f=floor)
    a, b = parse_address(short), parse_address(other)
    assert a is not None and b is not None
    assert not same_address(a, b)


def test_an_aggregation_word_defers_to_what_is_measured() -> None:
    assert type_from_name("funding_total") is ValueType.MONEY
    assert type_from_name("revenue_amount") is ValueType.MONEY
    assert type_from_name("headcount_total") is ValueType.COUNT
    assert type_from_name("customer_count") is ValueType.COUNT
    assert type_from_name("company_size") is ValueType.COUNT
    assert type_from_name("total") is ValueType.COUNT


# --- one registrable-domain function --------------------------------------------------------------------

labels_ = st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True)


@given(st.lists(labels_, min_size=0, max_size=3), labels_, st.sampled_from(["com", "co.uk", "de", "com.au", "io", "fr"]))
def test_the_registrable_domain_is_the_label_under_the_public_suffix(subs: list[str], name: str, suffix: str) -> None:
    from veracity.evidence.hosts import registrable
    from veracity.values.web import registrable_domain

    host = ".".join([*subs, name, suffix])
    assert registrable_domain(host) == f"{name}.{suffix}" == registrable(host.upper())
