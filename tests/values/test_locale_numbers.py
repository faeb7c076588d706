"""Numbers formatted by ``babel`` in each lexicon language's locale parse back to the same value:
German "7.043" and "1.234,5", French "1 234,5" with narrow no-break spaces, Swiss "1'234", Indian
lakh grouping, currency symbols and codes before or after."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from veracity.values import ValueType, normalize
from veracity.values.numbers import scan
from veracity.values.numerals import decimal_comma

# A sentence per language around a number, so the text's language is known.
SENTENCES = {
    "de": "Das Unternehmen beschäftigt derzeit {} Mitarbeiter und hat seinen Sitz in der Stadt.",
    "fr": "La société emploie actuellement {} personnes et a son siège dans la ville.",
    "es": "La empresa tiene actualmente {} empleados y su sede está en la ciudad.",
    "it": "L'azienda ha attualmente {} dipendenti e la sua sede è nella città.",
    "nl": "Het bedrijf heeft op dit moment {} medewerkers en is gevestigd in de stad.",
    "pt": "A empresa tem atualmente {} funcionários e a sua sede fica na cidade.",
    "en": "The company currently has {} employees and is based in the city.",
}
LOCALES = {"de": "de_DE", "fr": "fr_FR", "es": "es_ES", "it": "it_IT", "nl": "nl_NL", "pt": "pt_PT", "en": "en_US"}


def _values(text: str) -> list[float]:
    return [t.value for t in scan(text) if not t.is_word]


@given(st.sampled_from(sorted(SENTENCES)), st.integers(min_value=1000, max_value=999_999_999))
def test_a_whole_number_in_a_sentence_round_trips(lang: str, n: int) -> None:
    written = format_decimal(n, locale=LOCALES[lang])
    assert float(n) in _values(SENTENCES[lang].format(written)), (lang, written)


@given(st.sampled_from(sorted(LOCALES)), st.integers(min_value=1000, max_value=99_999_999), st.integers(1, 9))
def test_a_number_with_decimals_round_trips_without_context(lang: str, n: int, tenth: int) -> None:
    value = n + tenth / 10
    written = format_decimal(value, format="#,##0.0", locale=LOCALES[lang])
    assert _values(written) == [value], (lang, written)


@given(st.sampled_from(["de_CH", "fr_CH", "en_IN", "fr_BE", "it_CH"]), st.integers(min_value=1000, max_value=99_999_999))
def test_swiss_indian_and_other_groupings_round_trip(locale: str, n: int) -> None:
    written = format_decimal(n, format="#,##0.00" if locale == "en_IN" else "#,##0", locale=locale)
    assert float(n) in _values(f"{written} units"), (locale, written)


@given(st.sampled_from(["de_DE", "fr_FR", "en_US", "en_GB", "de_CH", "it_IT"]),
       st.sampled_from(["EUR", "USD", "GBP", "CHF"]), st.integers(min_value=10_000, max_value=99_999_999))
def test_money_with_a_symbol_or_code_before_or_after_round_trips(locale: str, currency: str, n: int) -> None:
    written = format_currency(n, currency, locale=locale)
    money = normalize(written, ValueType.MONEY)
    assert money is not None and money.amount == float(n), (locale, written, money)  # type: ignore[attr-defined]
    assert money.currency == currency, (locale, written, money)  # type: ignore[attr-defined]


def test_lakh_and_crore_words_and_grouping() -> None:
    assert _values("revenue of 3.4 crore rupees") == [34_000_000.0]
    assert _values("12 lakh users") == [1_200_000.0]
    assert _values("INR 12,34,567") == [1_234_567.0]


def test_a_dot_group_reads_by_the_texts_language() -> None:
    assert _values(SENTENCES["de"].format("7.043")) == [7043.0]
    assert _values("The ratio was 7.043 on average in the city.") == [7.043]
    assert decimal_comma("de") and decimal_comma("fr-CH") and not decimal_comma("en") and not decimal_comma(None)


def test_a_count_written_with_a_dot_group_is_whole() -> None:
    assert normalize("6.436", ValueType.COUNT).value == 6436.0  # type: ignore[union-attr]
    assert normalize("1.25", ValueType.COUNT).value == 1.25  # type: ignore[union-attr]


# --- phone numbers as each country writes them ----------------------------------------------------------


@given(st.sampled_from(["AT", "DE", "FR", "GB", "US", "CH", "IT", "ES", "NL"]), st.integers(0, 10**6))
def test_an_international_phone_is_found_and_matches_its_e164_form(region: str, salt: int) -> None:
    import phonenumbers

    from veracity.values.locate import locate

    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE)
    assert example is not None
    digits = str(example.national_number)
    example.national_number = int(digits[:-3] + f"{salt % 1000:03d}")
    written = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    phone = normalize(e164, ValueType.PHONE)
    assert phone is not None
    assert locate(f"<p>Telefon: {written}</p>", phone), (region, written, e164)
