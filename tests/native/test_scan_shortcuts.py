"""The scanners' shortcuts (a cheap test that decides the answer before the costly step) give
exactly what the full path gives: number words without the language guess, CSV layouts
without ``csv.Sniffer``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.native.conftest import lexicon_texts, texts_of
from veracity.values.csvtext import csv_layout, sniffed_layout
from veracity.values.lexicon import LANGUAGES, for_language, guess_language
from veracity.values.numberwords import _FOREIGN, _foreign_any_re, _foreign_re, scan_words, scan_words_in
from veracity.values.numtoken import APPROX_LITERALS
from veracity.values.textcache import clear_text_caches


def _lexicon_words() -> list[str]:
    words: set[str] = set()
    for code in LANGUAGES:
        lex = for_language(code)
        words |= set(lex.number_words) | set(lex.number_joiners) | set(lex.function_words)
    return sorted(w for w in words if w)


_WORDS = st.sampled_from(
    [*_lexicon_words(), *APPROX_LITERALS, "Acme", "GmbH", "employees", "Mitarbeiter", "e-mail", "230", "3,5", "1.219",
     "a dozen", "twenty-five", "vingt-six", "dreiundzwanzig", "treinta y dos"]
)
_SEPARATORS = st.sampled_from([" ", "  ", "-", ", ", ". ", "\n", "\t", "'", "_", ""])


@st.composite
def _prose(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=14))
    return "".join(w.title() if draw(st.booleans()) and len(w) < 4 else w for w, _ in parts[:1]) + "".join(
        w + sep for w, sep in parts[1:]
    )


def _same_words(text: str) -> None:
    clear_text_caches()
    found = scan_words(text)
    assert found == scan_words_in(text, guess_language(text))
    if _foreign_any_re().search(text) is None:  # the shortcut's claim: no language changes the answer
        for lang in (None, *LANGUAGES, "xx"):
            assert found == scan_words_in(text, lang), lang


def _runs_covered(text: str) -> None:
    """Where one language's run of number words starts, a run of the union pattern starts."""
    union = _foreign_any_re()
    for code in _FOREIGN:
        for m in _foreign_re(code).finditer(text):
            assert union.match(text, m.start()) is not None, (code, m.group())


@given(_prose())
@settings(max_examples=400, deadline=None)
def test_number_words_without_the_language_guess(text: str) -> None:
    _same_words(text)
    _runs_covered(text)


@pytest.mark.parametrize(
    "text",
    [
        "The company has two hundred employees.",
        "Die Firma hat zwölf Mitarbeiter und dreiundzwanzig Kunden.",
        "about twenty-five people, vingt-six salariés",
        "e-mail y teléfono",
        "",
    ],
)
def test_number_word_examples(text: str) -> None:
    _same_words(text)


_CELLS = st.sampled_from(["name", "Firma", "employees", "Umsatz EUR", "3,5", "1.219", "Acme GmbH", '"a, b"', "x y z w v",
                          "230", "", "Revenue (USD)", "note.", "{", "ok"])
_DELIMS = st.sampled_from([",", ";", "\t", "|", " ", ", "])


@st.composite
def _tables(draw: st.DrawFn) -> str:
    rows = draw(st.lists(st.lists(_CELLS, min_size=1, max_size=4), min_size=1, max_size=5))
    delim = draw(_DELIMS)
    mixed = draw(st.booleans())
    return "\n".join((draw(_DELIMS) if mixed else delim).join(r) for r in rows)


@given(_tables())
@settings(max_examples=500, deadline=None)
def test_csv_layout_without_the_sniffer(text: str) -> None:
    clear_text_caches()
    assert csv_layout(text) == sniffed_layout(text)


def test_shortcuts_on_real_and_generated_texts(world_dirs: dict, real_slices: list) -> None:
    texts = [*lexicon_texts().values(), *texts_of([str(p) for p in (*world_dirs.values(), *real_slices)])]
    assert len(texts) > 100
    for text in texts:
        clear_text_caches()
        assert csv_layout(text) == sniffed_layout(text), text[:200]
        _same_words(text)
