"""Property tests (hypothesis) for every normaliser and distance."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from veracity.values import (
    ValueType,
    distance,
    extract_claims,
    find_values,
    infer_type,
    is_missing,
    normalize,
    render,
    same_fact,
)
from veracity.values.types import Money

M = ValueType.MONEY
ALL_TYPES = list(ValueType)

amounts = st.integers(min_value=1, max_value=999_999).map(lambda k: k * 1000.0)  # 1,000 .. 999,999,000
currencies = st.sampled_from(["USD", "EUR", "GBP", "JPY", "CHF", None])


def _word(min_size: int = 3, max_size: int = 9) -> st.SearchStrategy[str]:
    return st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=min_size, max_size=max_size)


def _cap(words: list[str]) -> str:
    return " ".join(w.capitalize() for w in words)


# Values of each type, as a field would hold them.
VALUE_STRATEGIES: dict[ValueType, st.SearchStrategy[object]] = {
    ValueType.MONEY: st.builds(lambda a, c: f"{a:,.0f} {c}" if c else a, amounts, currencies),
    ValueType.COUNT: st.integers(min_value=0, max_value=10**9),
    ValueType.PERCENTAGE: st.floats(min_value=-500, max_value=500, allow_nan=False).map(
        lambda x: f"{x:.2f}%"
    ),
    ValueType.YEAR: st.integers(min_value=1800, max_value=2100),
    ValueType.DATE: st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 12, 31)).map(
        lambda d: d.isoformat()
    ),
    ValueType.DOMAIN: st.builds(
        lambda a, t: f"{a}.{t}", _word(), st.sampled_from(["com", "io", "co.uk", "de", "com.au"])
    ),
    ValueType.URL: st.builds(lambda a, p: f"https://www.{a}.com/{p}", _word(), _word(1, 6)),
    ValueType.EMAIL: st.builds(lambda a, b: f"{a}@{b}.com", _word(), _word()),
    ValueType.PHONE: st.builds(
        lambda a, b, c: f"+1 ({a}) {b}-{c}",
        st.integers(200, 999),
        st.integers(200, 999),
        st.integers(1000, 9999),
    ),
    ValueType.ADDRESS: st.builds(
        lambda n, w, c: f"{n} {w.capitalize()} St, {c.capitalize()}, CA",
        st.integers(1, 9999),
        _word(),
        _word(),
    ),
    ValueType.ORG_NAME: st.builds(
        lambda ws, s: _cap(ws) + s,
        st.lists(_word(), min_size=1, max_size=3),
        st.sampled_from(["", " Inc.", ", LLC", " GmbH"]),
    ),
    ValueType.PERSON_NAME: st.builds(lambda a, b: f"{a.capitalize()} {b.capitalize()}", _word(), _word()),
    ValueType.IDENTIFIER: st.text(alphabet="ABCDEFGHJK0123456789", min_size=4, max_size=12),
    ValueType.CATEGORY: st.lists(_word(), min_size=1, max_size=3).map(" ".join),
    ValueType.BOOLEAN: st.booleans(),
}


@st.composite
def typed_values(draw: st.DrawFn) -> tuple[ValueType, object]:
    vt = draw(st.sampled_from(sorted(VALUE_STRATEGIES)))
    return vt, draw(VALUE_STRATEGIES[vt])


@given(typed_values())
def test_normalize_is_idempotent_through_render(tv: tuple[ValueType, object]) -> None:
    vt, value = tv
    n = normalize(value, vt)
    assume(n is not None and n.vtype is not ValueType.MISSING)
    again = normalize(render(n), vt)
    assert again is not None
    assert same_fact(n, again), (value, n, render(n), again)
    assert distance(n, again) <= 0.05


@given(typed_values(), typed_values())
def test_distance_symmetric_bounded_identity(
    a: tuple[ValueType, object], b: tuple[ValueType, object]
) -> None:
    na, nb = normalize(a[1], a[0]), normalize(b[1], b[0])
    assume(na is not None and nb is not None)
    d = distance(na, nb)
    assert 0.0 <= d <= 1.0
    assert d == distance(nb, na)
    assert distance(na, na) == 0.0
    assert same_fact(na, na)
    assert same_fact(na, nb) == same_fact(nb, na)


@given(st.sampled_from(sorted(VALUE_STRATEGIES)), st.data())
def test_same_type_pairs_symmetric(vt: ValueType, data: st.DataObject) -> None:
    na = normalize(data.draw(VALUE_STRATEGIES[vt]), vt)
    nb = normalize(data.draw(VALUE_STRATEGIES[vt]), vt)
    assume(na is not None and nb is not None)
    assert distance(na, nb) == distance(nb, na)
    assert same_fact(na, nb) == same_fact(nb, na)
    if na == nb:
        assert distance(na, nb) == 0.0


@given(amounts, amounts, amounts)
def test_money_distance_triangle(x: float, y: float, z: float) -> None:
    a, b, c = Money(x, "USD"), Money(y, "USD"), Money(z, "USD")
    assert distance(a, c) <= distance(a, b) + distance(b, c) + 1e-9


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.integers(0, 10**7))
def test_count_distance_triangle(x: int, y: int, z: int) -> None:
    a, b, c = (normalize(v, ValueType.COUNT) for v in (x, y, z))
    assert distance(a, c) <= distance(a, b) + distance(b, c) + 1e-9


@given(st.integers(min_value=100, max_value=99_999))
def test_money_format_round_trips(k: int) -> None:
    """One amount written in several conventions is one fact."""
    amount = k * 1000.0  # 100,000 .. 99,999,000
    mil = amount / 1e6
    usd = [
        f"${mil:.1f}M",
        f"{amount:,.0f} USD",
        f"{mil:.1f} million dollars",
        f"USD {mil:.1f} mn",
        f"US$ {mil:.2f} million",
    ]
    eur = [
        f"EUR {mil:.1f}".replace(".", ",") + " Mio",
        f"€{mil:.1f}m",
        f"{amount:,.0f} EUR".replace(",", "."),
    ]
    for group, cur in ((usd, "USD"), (eur, "EUR")):
        normals = [normalize(s, M) for s in group]
        for s, nm in zip(group, normals, strict=True):
            assert isinstance(nm, Money), s
            assert nm.currency == cur, s
        # rounding to one decimal of a million moves the value by up to 0.05M
        tol = max(0.02, 0.051 / mil)
        for a in normals:
            for b in normals:
                assert same_fact(a, b, tolerance=tol), (group, a, b)
    assert not same_fact(normalize(usd[0], M), normalize(eur[1], M))


@given(st.integers(min_value=1, max_value=10**8))
def test_count_format_round_trips(v: int) -> None:
    forms = [str(v), f"{v:,}", f"{v:,}".replace(",", " "), f"{v} employees", f'{{"employees": {v}}}']
    normals = [normalize(f, ValueType.COUNT) for f in forms]
    assert all(same_fact(normals[0], x) for x in normals), (forms, normals)


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_date_format_round_trips(d: dt.date) -> None:
    forms = [d.isoformat(), d.strftime("%B %-d, %Y"), d.strftime("%-d %B %Y"), d.strftime("%b. %-d, %Y")]
    if d.day > 12:
        forms.append(d.strftime("%d/%m/%Y"))
    forms.append(d.strftime("%m/%d/%Y"))
    normals = [normalize(f, ValueType.DATE) for f in forms]
    assert all(x is not None and x.iso == d.isoformat() for x in normals), (forms, normals)  # type: ignore[union-attr]
    assert same_fact(normalize(d.year, ValueType.YEAR), normals[0])


@given(st.text(max_size=300), st.sampled_from(ALL_TYPES))
@settings(max_examples=300)
def test_parsers_never_raise(text: str, vt: ValueType) -> None:
    normalize(text, vt)
    is_missing(text)
    infer_type(text[:20], text)
    for m in find_values(text, vt):
        assert text[m.start : m.end] == m.raw
        assert 0 <= m.start <= m.end <= len(text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
@settings(max_examples=200)
def test_extract_claims_offsets(text: str) -> None:
    for c in extract_claims(text):
        assert text[c.start : c.end] == c.raw


_ALPHABET = "0123456789 .,$€£%-+/()@:abcdefghijklmnopqrstuvwxyzABCDEFGHIJKMN\n\"'{}[]~"


@given(st.text(alphabet=_ALPHABET, max_size=200), st.sampled_from(ALL_TYPES))
@settings(max_examples=400)
def test_parsers_never_raise_on_number_soup(text: str, vt: ValueType) -> None:
    """Text made of the characters the parsers care about (digits, separators, symbols)."""
    n = normalize(text, vt)
    if n is not None:
        assert distance(n, n) == 0.0
        render(n)
    for m in find_values(text, vt):
        assert text[m.start : m.end] == m.raw
    for c in extract_claims(text):
        assert text[c.start : c.end] == c.raw
