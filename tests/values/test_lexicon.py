"""The lexicon's lookup, and missing values and number words read in every language it holds."""

from __future__ import annotations

import datetime

import pytest
from babel.dates import format_date
from hypothesis import assume, given
from hypothesis import strategies as st
from num2words import num2words

from veracity.values import ValueType, is_missing, normalize
from veracity.values.lexicon import LANGUAGES, Lexicon, for_language, guess_language, words
from veracity.values.numberwords import words_to_number_in

_KINDS = [f for f in Lexicon.__dataclass_fields__ if f != "code"]


@given(st.sampled_from(LANGUAGES), st.sampled_from(["missing", "rate_limit", "function_words", "months"]))
def test_a_language_lists_a_subset_of_the_union(lang: str, kind: str) -> None:
    assert words(kind, lang) <= words(kind)
    assert words(kind, lang) == frozenset(getattr(for_language(lang), kind))


@given(st.text(max_size=8).filter(lambda c: c.split("-")[0].lower() not in LANGUAGES))
def test_an_unknown_language_gives_the_union(code: str) -> None:
    assert for_language(code).missing == frozenset().union(*(for_language(x).missing for x in LANGUAGES))


@given(st.sampled_from(LANGUAGES), st.sampled_from(["", "-AT", "_CH", "-x"]), st.booleans())
def test_region_and_case_do_not_matter(lang: str, region: str, upper: bool) -> None:
    code = lang + region
    assert for_language(code.upper() if upper else code) is for_language(lang)


def test_each_language_has_every_list_that_parsers_read() -> None:
    for lang in LANGUAGES:
        lex = for_language(lang)
        for kind in ("missing", "missing_phrases", "rate_limit", "function_words", "ones", "tens", "scales", "months"):
            assert getattr(lex, kind), (lang, kind)


_MISSING = {
    "de": ["unbekannt", "k. A.", "Keine Angabe", "nicht verfügbar", "nicht veröffentlicht"],
    "fr": ["inconnu", "non communiqué", "Non disponible", "non renseigné"],
    "es": ["desconocido", "no disponible", "No consta", "sin datos"],
    "en": ["unknown", "n/a", "not disclosed"],
}


@given(st.sampled_from(sorted(_MISSING)), st.data(), st.sampled_from(["", " ", "."]))
def test_missing_values_in_every_language(lang: str, data: st.DataObject, tail: str) -> None:
    value = data.draw(st.sampled_from(_MISSING[lang]))
    assert is_missing(value + tail)
    assert normalize(value, ValueType.COUNT).vtype is ValueType.MISSING


@given(st.sampled_from(["de", "fr", "es"]), st.data())
def test_every_lexicon_missing_word_is_missing(lang: str, data: st.DataObject) -> None:
    assert is_missing(data.draw(st.sampled_from(sorted(for_language(lang).missing))))


@given(st.sampled_from(["Umsatz", "Chiffre", "Ingresos", "Revenue"]))
def test_a_real_value_is_not_missing(word: str) -> None:
    assert not is_missing(word)


@given(st.sampled_from(LANGUAGES), st.integers(min_value=0, max_value=999_999))
def test_number_words_in_every_language(lang: str, n: int) -> None:
    written = num2words(n, lang=lang)
    # num2words misspells two forms no writer uses: German "…hunderteinstausend" (for …hunderteintausend,
    # 101000) and Italian "…centodicotto" (for …centodiciotto, 118)
    assume("einstausend" not in written and "dicotto" not in written)
    assert words_to_number_in(written, lang) == float(n), written


def test_italian_elided_hundreds_are_read() -> None:
    # regression: hypothesis drew 588000, written "cinquecentottantottomila", which read as nothing
    assert words_to_number_in("cinquecentottantottomila", "it") == 588_000.0
    assert words_to_number_in("centottantotto", "it") == 188.0
    assert words_to_number_in("ottocentottantotto") == 888.0


@given(st.sampled_from(["de", "fr", "es"]), st.integers(min_value=2, max_value=9_999))
def test_a_count_written_in_words_is_found_in_a_sentence(lang: str, n: int) -> None:
    sentence = {
        "de": "Die Firma hat {} Mitarbeiter und ist in der Stadt.",
        "fr": "La société a {} employés et elle est dans la ville.",
        "es": "La empresa tiene {} empleados y está en la ciudad.",
    }[lang]
    written = num2words(n, lang=lang)
    text = sentence.format(written)
    assert guess_language(text) == lang
    from veracity.values import find_values

    assert float(n) in [m.normal.value for m in find_values(text, ValueType.COUNT)], text


def test_english_text_is_english_and_short_values_have_no_language() -> None:
    assert guess_language("The company has about 230 employees and it is in the city") == "en"
    assert guess_language("zwölf") is None
    assert normalize("zwölf", ValueType.COUNT).value == 12.0
    assert normalize("sept", ValueType.COUNT) is None  # a month abbreviation, not "7", without a language


@given(
    st.sampled_from(LANGUAGES),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)),
    st.sampled_from(["long", "medium"]),
)
def test_written_dates_in_every_language(lang: str, day: datetime.date, style: str) -> None:
    written = format_date(day, format=style, locale=lang)
    n = normalize(written, ValueType.DATE)
    assert (n.year, n.month, n.day) == (day.year, day.month, day.day), written  # type: ignore[attr-defined]


@given(st.sampled_from(LANGUAGES), st.integers(min_value=1900, max_value=2099), st.integers(min_value=1, max_value=12))
def test_month_and_year_in_every_language(lang: str, year: int, month: int) -> None:
    written = format_date(datetime.date(year, month, 1), "MMMM y", locale=lang)
    n = normalize(written, ValueType.DATE)
    assert (n.year, n.month, n.day) == (year, month, None), written  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "amount"),
    [("Umsatz: 3,1 Mio. EUR", 3_100_000.0), ("ingresos de 2,5 millones", 2_500_000.0), ("1,2 milliards", 1.2e9),
     ("Umsatz 4 Mrd.", 4e9), ("etwa 230", 230.0)],
)
def test_magnitude_and_approximation_words(text: str, amount: float) -> None:
    from veracity.values.numbers import scan

    assert [t.value for t in scan(text)] == [amount]


@pytest.mark.parametrize(("text", "word"), [("etwa 230", "etwa"), ("plus de 200", "plus de"), ("unos 40", "unos")])
def test_approximation_words_in_every_language(text: str, word: str) -> None:
    from veracity.values.numbers import scan

    [t] = scan(text)
    assert t.approximate and t.approx_word == word
