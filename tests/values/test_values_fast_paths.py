"""The fast paths of the scanners give exactly what the plain regexes they stand for give."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.values import Identifier, Normal, ValueType, find_values, locate, normalize
from veracity.values.compare import _pair_same, _pair_same_chain
from veracity.values.dates import find_dates, find_years
from veracity.values.folding import APOS_RE, DIGIT_RE, TOKEN_RE, fold, has_digit, token_spans, tokens
from veracity.values.labels import label_at
from veracity.values.locate import _ALNUM_RE, _alnum, _stemmed
from veracity.values.namespans import find_names, name_spans
from veracity.values.numberwords import WORD_TRIGGER, scan_words
from veracity.values.simple import (
    _identifier_pattern,
    _identifier_spans,
    locate_identifier,
    parse_identifier,
    stem,
)
from veracity.values.textcache import clear_text_caches

_ALPHABET = "aAbBkKsSiIoOnNeE1290 -./_,'’:\"\n\t\u00a0\u2009é\u0130\u0131\u017f\u212a"


def _texts(alphabet: str = _ALPHABET, max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, max_size=max_size)


@given(_texts())
@settings(max_examples=400, deadline=None)
def test_has_digit_is_the_digit_regex(text: str) -> None:
    assert has_digit(text) == (DIGIT_RE.search(text) is not None)


@given(_texts("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:!?'’\"-_()[]{}\n\té", 60))
@settings(max_examples=300, deadline=None)
def test_alnum_fast_path_is_the_regex(text: str) -> None:
    assert _alnum.__wrapped__(text) == _ALNUM_RE.sub("", text.lower())


_NUMBER_WORDS = [
    "one",
    "One",
    "ONE",
    "two",
    "twenty",
    "Twenty-five",
    "hundred",
    "a dozen",
    "a pair of",
    "thirteen",
]


@given(
    st.lists(
        st.sampled_from(
            [
                *_NUMBER_WORDS,
                "someone",
                "often",
                "tone",
                "one_two",
                "one1",
                "x",
                ",",
                " ",
                "-",
                "'",
                "é",
                "of",
                "and",
            ]
        ),
        max_size=12,
    )
)
@settings(max_examples=400, deadline=None)
def test_number_word_prefilter_never_drops_a_word(parts: list[str]) -> None:
    text = " ".join(parts)
    found = scan_words(text)
    if not any(
        m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
        for m in WORD_TRIGGER.finditer(text)
    ):
        assert found == []
    for t in found:
        assert text[t.start : t.end]


def test_number_words_are_still_found() -> None:
    for text, raw in [
        ("Founded by two engineers", "two"),
        ("about twenty-five staff", "about twenty-five"),
        ("a dozen people", "a dozen"),
        ("ONE HUNDRED items", "ONE HUNDRED"),
    ]:
        toks = scan_words(text)
        assert [text[t.start : t.end] for t in toks] == [raw]
    assert scan_words("someone often tones") == []


def _identifier_cases() -> st.SearchStrategy[tuple[str, str]]:
    keys = st.sampled_from(["A1", "AB", "A1B", "1A1", "AA", "ABA", "11", "K1", "S1", "I1", "KS", "HRB801127"])
    return st.tuples(
        keys, _texts("aA1bBkKsSiIhHrR80127 -./_\u00a0\u2009\u3000\x85é\u0130\u0131\u017f\u212a", 24)
    )


@given(_identifier_cases())
@settings(max_examples=1500, deadline=None)
def test_identifier_spans_are_the_pattern(case: tuple[str, str]) -> None:
    key, text = case
    spans = _identifier_spans(text, key)
    if spans is not None:
        assert spans == [m.span() for m in _identifier_pattern(key).finditer(text)]


def test_identifier_spans_random_ascii() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        key = rng.choice(["A1", "AB", "A1B", "1A1", "AA", "ABA", "11"])
        text = "".join(rng.choice("aA1bB -./_\t") for _ in range(rng.randint(0, 14)))
        assert _identifier_spans(text, key) == [m.span() for m in _identifier_pattern(key).finditer(text)]


def _ident(value: str) -> Identifier:
    ident = parse_identifier(value)
    assert ident is not None
    return ident


def _normal(value: str, vtype: ValueType) -> Normal:
    n = normalize(value, vtype)
    assert n is not None
    return n


def test_locate_identifier_examples() -> None:
    text = "Number: HRB 801127 | ticker DRS. Also hrb-801127 and XHRB801127."
    assert [m.raw for m in locate_identifier(text, _ident("HRB801127"))] == [
        "HRB 801127",
        "hrb-801127",
    ]
    # Non-ASCII texts: a Kelvin sign folds to "k" under IGNORECASE, so the pattern decides.
    assert [m.raw for m in locate_identifier("code \u212a1 and k1", _ident("K1"))] == [
        "\u212a1",
        "k1",
    ]
    assert [m.raw for m in locate_identifier("Straße 5: AB\u00a012", _ident("AB12"))] == ["AB\u00a012"]


@given(_texts("abcABC'’ é-_.&1", 40))
@settings(max_examples=400, deadline=None)
def test_tokens_drop_apostrophes_as_before(text: str) -> None:
    assert tokens(text) == [APOS_RE.sub("", t) for t in TOKEN_RE.findall(fold(text).replace("&", " and "))]
    assert [t for t, _, _ in token_spans(text)] == [
        APOS_RE.sub("", fold(m.group())) for m in TOKEN_RE.finditer(text)
    ] or not text.isascii()


def test_stemmed_tokens() -> None:
    text = "Companies and companies; robotics boxes."
    assert _stemmed.__wrapped__(text) == tuple(stem(t) for t, _, _ in token_spans(text))
    assert _stemmed.__wrapped__(text) == ("company", "and", "company", "robotic", "box")


def test_name_spans_one_word_and_sentence_starts() -> None:
    text = 'The Boston Celtics beat Miami. Smith scored; coach Erik Spoelstra\'s team lost in May. "Acme": 1'
    got = [text[s:e] for s, e, _, _ in name_spans(text)]
    assert got == ["Boston Celtics", "Miami", "Erik Spoelstra"]
    assert [
        m.raw for m in find_names("Dana Liu met Acme Robotics, Inc. in March", ValueType.PERSON_NAME)
    ] == ["Dana Liu"]


def test_dates_and_years_are_fresh_lists() -> None:
    text = "Incorporated: 3 May 2018; founded in 2011."
    a = find_dates(text)
    a.append(a[0])
    assert len(find_dates(text)) == 1
    assert [m.raw for m in find_years(text)] == ["2018", "2011"]


def test_label_at_memoised_and_cleared() -> None:
    text = '{"employee_count": 230}'
    assert label_at(text, 19, 22) == "employee_count"
    clear_text_caches()
    assert label_at(text, 19, 22) == "employee_count"
    assert label_at("230 full-time staff", 0, 3) == "staff"


def test_locate_is_memoised_but_returns_fresh_lists() -> None:
    text = "Acme Robotics, Inc. has about 230 employees; CEO Dana Liu."
    n = _normal("Acme Robotics", ValueType.ORG_NAME)
    first = locate(text, n)
    first.clear()
    assert [m.raw for m in locate(text, n)] == ["Acme Robotics, Inc"]
    assert [m.raw for m in locate(text, _normal("Dana Liu", ValueType.PERSON_NAME))] == ["Dana Liu"]


def test_pair_same_dispatch_matches_the_chain() -> None:
    samples = [
        ("$12.5M", ValueType.MONEY),
        ("12,500,000 USD", ValueType.MONEY),
        ("about 230", ValueType.COUNT),
        ("235", ValueType.COUNT),
        ("12%", ValueType.PERCENTAGE),
        ("2011", ValueType.YEAR),
        ("2011-06-30", ValueType.DATE),
        ("acme.io", ValueType.DOMAIN),
        ("dana@acme.io", ValueType.EMAIL),
        ("+1 415 555 0100", ValueType.PHONE),
        ("Acme Robotics, Inc.", ValueType.ORG_NAME),
        ("Dana Liu", ValueType.PERSON_NAME),
        ("HRB 12345", ValueType.IDENTIFIER),
        ("Industrial Robotics", ValueType.CATEGORY),
        ("some free text", ValueType.FREE_TEXT),
        ("yes", ValueType.BOOLEAN),
    ]
    normals = [normalize(v, t) for v, t in samples]
    for a in normals:
        for b in normals:
            assert a is not None and b is not None
            assert _pair_same(a, b, None) == _pair_same_chain(a, b, None)
            assert _pair_same(a, b, 0.2) == _pair_same_chain(a, b, 0.2)


def test_find_values_counts_in_word_texts() -> None:
    text = "acme robotics revenue employees founded headquarters market street " * 20
    assert find_values(text, ValueType.COUNT) == []
    assert [m.raw for m in find_values(text + " two hundred staff", ValueType.COUNT)] == ["two hundred"]


def test_patterns_used_by_the_fast_paths_are_unchanged() -> None:
    # The fast paths mirror these patterns; if one changes, revisit its fast path.
    assert _ALNUM_RE.pattern == "[^a-z0-9]+"
    assert DIGIT_RE.pattern == r"\d"
    assert _identifier_pattern("A1").flags & re.IGNORECASE
    assert not _identifier_pattern("AB").flags & re.IGNORECASE


@given(_texts("hHtTpPsSfFwW:/.aA1-@ \u212a\u0131\u017fé", 30))
@settings(max_examples=600, deadline=None)
def test_web_prefilters_are_necessary(text: str) -> None:
    from veracity.values.web import _BARE_DOMAIN_RE, _URL_RE, _may_hold_domain, _may_hold_url

    if _URL_RE.search(text):
        assert _may_hold_url(text)
    if _BARE_DOMAIN_RE.search(text):
        assert _may_hold_domain(text)


def test_web_finders_examples() -> None:
    text = 'See https://www.Acme.io/about, acmerobotics.io and "ridge1.in"; mail dana@acme.io. U.S. e.g. 12.5'
    assert [m.raw for m in find_values(text, ValueType.URL)] == [
        "https://www.Acme.io/about",
        "acmerobotics.io",
        "ridge1.in",
    ]
    assert [m.raw for m in find_values(text, ValueType.DOMAIN)] == [
        "https://www.Acme.io/about",
        "acmerobotics.io",
        "ridge1.in",
        "acme.io",
    ]
