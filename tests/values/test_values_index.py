"""index_text: one scan per text whose mentions equal the union of find_values over every type;
per-text memoisation must never change a result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.values import (
    INDEXED_TYPES,
    TextIndex,
    ValueType,
    extract_claims,
    find_values,
    index_text,
    locate,
    normalize,
)
from veracity.values import numbers as _numbers
from veracity.values.types import Mention

FRAGMENTS = [
    "Acme Robotics, Inc.", " (https://www.acmerobotics.io/about) ", "about $12.5M", " revenue of ",
    "EUR 3,1 Mio", "230 employees", "201-500", " 18% ", "1.2k staff", "founded in 2011", "March 3, 2021",
    "2021-03-03", "+1 (415) 555-0100", "press@acmerobotics.io", "12 Market Street, San Francisco, CA 94105",
    "Dana J. Liu", "Dr. Maria Gómez", "CEO", "Ltd", " and ", ", ", ". ", "\n", '{"employees": ', '"lei": ',
    '"5493001KJTIIGC8Y1R12"', "}", "twenty-five", "a dozen", "between 200 and 500", "£2bn", "12 500",
    "USD 40 mn", "Series B", "www.example.com", " 0.18", "08-146-6849", "~", "over ", "\u00a0", "Straße",
]  # fmt: skip
texts = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=25).map("".join) | st.text(
    alphabet="0123456789 ,.$€%-+kMb\nAcme:\"{}'@/", max_size=120
)


def _cold_find(text: str, vt: ValueType) -> tuple[Mention, ...]:
    _numbers.scan.cache_clear()
    return tuple(find_values(text, vt))


def _check_index(text: str) -> None:
    _numbers.scan.cache_clear()
    ix = index_text(text)
    assert isinstance(ix, TextIndex) and ix.text == text
    union: list[tuple[ValueType, Mention]] = []
    for vt in INDEXED_TYPES:
        expected = _cold_find(text, vt)
        assert ix.of(vt) == expected, vt
        union.extend((vt, m) for m in expected)
    assert sorted(ix.mentions, key=repr) == sorted(union, key=repr)
    assert [m.start for _, m in ix.mentions] == sorted(m.start for _, m in ix.mentions)
    for _, m in ix.mentions:
        assert text[m.start : m.end] == m.raw


@settings(max_examples=150, deadline=None)
@given(texts)
def test_index_equals_union_of_find_values(text: str) -> None:
    _check_index(text)


@settings(max_examples=100, deadline=None)
@given(texts)
def test_cached_scans_equal_cold_scans(text: str) -> None:
    """A warm call (every per-text cache filled, in any order) returns what a cold one does."""
    _numbers.scan.cache_clear()
    cold_claims = extract_claims(text)
    cold = {vt: _cold_find(text, vt) for vt in INDEXED_TYPES}
    index_text(text)
    for vt in INDEXED_TYPES:
        assert tuple(find_values(text, vt)) == cold[vt]
    _numbers.scan.cache_clear()
    for vt in INDEXED_TYPES:
        find_values(text, vt)
    assert extract_claims(text) == cold_claims


def test_returned_lists_are_copies() -> None:
    text = "Revenue was $12.5M with 230 employees."
    first = find_values(text, ValueType.MONEY)
    first.clear()
    assert [m.raw for m in find_values(text, ValueType.MONEY)] == ["$12.5M"]


def test_index_locate_matches_locate() -> None:
    text = "Acme Robotics, Inc. has 230 staff at 12 Market Street, San Francisco, CA; CEO Dana Liu."
    ix = index_text(text)
    for value, vt in [
        ("$12.5M", ValueType.MONEY),
        (230, ValueType.COUNT),
        ("Acme Robotics Inc", ValueType.ORG_NAME),
        ("Dana Liu", ValueType.PERSON_NAME),
        ("12 Market St., San Francisco, CA", ValueType.ADDRESS),
    ]:
        n = normalize(value, vt)
        assert n is not None
        assert ix.locate(n) == locate(text, n)
    assert ix.locate(normalize("12 Market St", ValueType.ADDRESS)) != []  # type: ignore[arg-type]


def test_empty_text() -> None:
    ix = index_text("")
    assert ix.mentions == () and all(ix.of(vt) == () for vt in INDEXED_TYPES)


DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real-dev" / "accuracy"  # ../shared beside the repository


@pytest.mark.skipif(not (DATA / "traces.jsonl").exists(), reason="real-dev data not present")
def test_index_on_real_texts() -> None:
    seen = 0
    for line in (DATA / "traces.jsonl").read_text().splitlines()[:15]:
        doc = json.loads(line)
        for rs in doc["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for span in ss["spans"]:
                    for a in span.get("attributes", []):
                        v = a["value"].get("stringValue", "")
                        if len(v) > 40:
                            _check_index(v[:5000])
                            seen += 1
    assert seen > 10
