"""The native token scanner (``veracity._core.token_spans``) against its specification
(``folding.token_spans_py``): identical tokens and code-point spans on generated and real texts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.native.conftest import lexicon_texts, texts_of
from veracity import _core
from veracity.values import folding
from veracity.values.folding import token_spans_py


def native(text: str) -> list[tuple[str, int, int]]:
    """The native scan as ``token_spans`` returns it, whatever the switch says."""
    return [
        (t if t is not None else folding.fold(text[a:b]).replace("'", "").replace("’", ""), a, b)
        for t, a, b in _core.token_spans(text)
    ]


def test_letter_table_is_this_pythons_isalnum_on_every_code_point() -> None:
    assert __import__("unicodedata").unidata_version == _core.UNICODE_VERSION
    wrong = [cp for cp in range(sys.maxunicode + 1) if _core.is_word(cp) != chr(cp).isalnum()]
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Acme Robotics, Inc. (acmerobotics.io) has about 230 employees and $12.5M revenue.",
        "D'Angelo’s café l'' ’x ' a'b'c 'q",
        "Straße Ångström ﬁnance İstanbul ǅemal Ⅻ ²³ ١٢٣ 一二三",
        "emoji 😀x𝐀𝐁 𝟙𝟚 \U00010000z",
        "under_score x__y _a_",
        "a\u0301b e\u0308 ̈x",  # combining marks: not letters for Python
    ],
)
def test_examples(text: str) -> None:
    assert native(text) == token_spans_py(text)


def test_a_lone_surrogate_falls_back_to_python() -> None:
    text = "a\ud800b café"
    with pytest.raises(UnicodeEncodeError):
        _core.token_spans(text)
    assert folding.token_spans(text) == token_spans_py(text)


_PIECES = st.sampled_from(
    [
        "$12.5M", "€3,1 Mio.", "1.234,56", "12 345", "3.2bn", "£4k", "¥1,000", "CHF 2'500", "12%",
        "2024-03-12", "12. März 2024", "3 févr. 2021", "+1 (415) 555-0100", "0049 30 1234567",
        "acme.io", "https://www.acme.co.uk/a?b=c", "mail@acme.de", "ISIN US0378331005", "O'Brien",
        "l’été", "Ørsted A/S", "Müller GmbH", "São Paulo", "İzmir", "Δέλτα", "Москва", "東京", "😀",
        "𝐀𝐁𝐂", "١٢٣", "²", "Ⅻ", "_", "'", "’", " ", "\n", "\t", ",", ".", "-", "a\u0301",
    ]
)
_TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.lists(_PIECES, max_size=40).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map(" ".join),
)


@given(_TEXTS)
def test_generated_texts(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return  # lone surrogates take the Python path (test above)
    assert native(text) == token_spans_py(text)


def test_a_huge_text() -> None:
    text = ("Acme l’été 230 employees, Straße 12. " * 30000) + "😀end"
    assert native(text) == token_spans_py(text)


@pytest.mark.parametrize("code", sorted(lexicon_texts()))
def test_every_language_lexicon(code: str) -> None:
    text = lexicon_texts()[code]
    assert native(text) == token_spans_py(text)


def _check_all(texts: list[str]) -> None:
    assert texts
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            continue
        assert native(text) == token_spans_py(text), text[:200]


@pytest.mark.parametrize("world", ["a", "b"])
def test_generated_world_tool_results(world: str, world_dirs: dict[str, Path]) -> None:
    _check_all(texts_of([str(world_dirs[world])]))


def test_real_tool_results(real_slices: list[Path]) -> None:
    if not real_slices:
        pytest.skip("shared data not present")
    for path in real_slices:
        _check_all(texts_of([str(path)]))
