"""Italian, Dutch and Portuguese lexicons, and choosing a text's lexicon by its language."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from veracity.values.lexicon import LANGUAGES, for_language, guess_language, words
from veracity.values.lexicon.detect import detect
from veracity.values.numberwords import scan_words, words_to_number_in

NEW = ("it", "nl", "pt")


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=0, max_value=999_999), lang=st.sampled_from(NEW))
def test_number_words_render_and_parse_back(n: int, lang: str) -> None:
    if lang == "it":
        n %= 1000  # text2num does not read Italian compounds past a thousand ("trecentodicottomila")
    text = num2words(n, lang=lang)
    assert words_to_number_in(text, lang) == float(n), text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("L'azienda ha dodici dipendenti e un fatturato di 3,4 milioni di euro.", "it"),
        ("Het bedrijf heeft twaalf medewerkers en een omzet van 3,4 miljoen euro.", "nl"),
        ("A empresa tem doze funcionários e receita de R$ 12,5 milhões em 2023.", "pt"),
        ("La empresa tiene doce empleados y su sede está en Madrid.", "es"),
        ("Acme Corp has 120 employees and is based in Boston.", "en"),
    ],
)
def test_language_of_a_sentence(text: str, lang: str) -> None:
    assert guess_language(text) == lang


def test_detector_gives_no_language_to_names_and_numbers() -> None:
    assert detect("Acme GmbH 42") is None
    assert guess_language("12") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("L'azienda conta ventitré dipendenti nella sede di Milano.", 23.0),
        ("Het bedrijf telt drieëntwintig medewerkers in de vestiging in Utrecht.", 23.0),
        ("A empresa conta com vinte e três funcionários na sede do Porto.", 23.0),
    ],
)
def test_number_words_in_the_text_language(text: str, value: float) -> None:
    assert value in [t.value for t in scan_words(text)]


def test_number_words_of_another_language_are_not_read() -> None:
    # "tien" is ten in Dutch; in an English text it is no number.
    assert [t.value for t in scan_words("The Tien family runs the bakery in the old town square.")] == []


def test_every_language_has_its_lists() -> None:
    assert set(NEW) <= set(LANGUAGES)
    for code in NEW:
        lex = for_language(code)
        assert lex.missing and lex.rate_limit and lex.refusals and lex.magnitudes and lex.months
        for family, rx in lex.status_phrases.items():
            re.compile(rx)
            assert family in lex.status_anchors
    assert {"non disponibile", "onbekend", "não disponível"} <= words("missing")
    assert words("missing", "nl") >= {"onbekend", "niet beschikbaar"}


@pytest.mark.parametrize(
    ("lang", "page", "family"),
    [
        ("it", "troppe richieste, riprova tra 30 secondi", "rate_limit"),
        ("nl", "te veel verzoeken, probeer het over 30 seconden opnieuw", "rate_limit"),
        ("pt", "erro interno do servidor", "error_page"),
        ("pt", "muitas requisições", "rate_limit"),
        ("nl", "pagina niet gevonden", "error_page"),
    ],
)
def test_status_pages(lang: str, page: str, family: str) -> None:
    lex = for_language(lang)
    assert any(a in page for a in lex.status_anchors[family])
    assert re.search(lex.status_phrases[family], page)


@pytest.mark.parametrize(
    ("lang", "reply"),
    [("it", "mi dispiace, non posso aiutarti"), ("nl", "het spijt me, dat weet ik niet"), ("pt", "desculpe, não posso ajudar")],
)
def test_refusals(lang: str, reply: str) -> None:
    assert any(re.search(rx, reply) for rx in for_language(lang).refusals)
