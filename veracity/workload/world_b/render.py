"""How world B writes figures, addresses and phone numbers, in English, German and French.

Sources and outputs write the same canonical value in different surface forms: `1.234 Mitarbeiter`,
`12,5 Mio. €`, `chiffre d'affaires de 3,4 M€`, "680 million US dollars", numbers in words, "Fl. 5" beside
"Floor 5". The truth never depends on the form, only on the canonical value behind it.
"""

from __future__ import annotations

import random

import phonenumbers
from num2words import num2words

from veracity.workload.world_b.firms import Address, Money

_SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£"}
_CUR_WORDS = {"en": {"EUR": "euros", "USD": "US dollars", "GBP": "pounds sterling"},
              "de": {"EUR": "Euro", "USD": "US-Dollar", "GBP": "Pfund"},
              "fr": {"EUR": "euros", "USD": "dollars américains", "GBP": "livres sterling"}}


def grouped(n: int, lang: str) -> str:
    """12345 as `12,345` (en), `12.345` (de) or `12 345` (fr, narrow no-break space)."""
    s = f"{n:,}"
    return s.replace(",", ".") if lang == "de" else s.replace(",", "\u202f") if lang == "fr" else s


def decimal(x: float, lang: str, places: int = 1) -> str:
    s = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return s.replace(".", ",") if lang in ("de", "fr") else s


def count(n: int, lang: str, rng: random.Random) -> str:
    """A headcount as a source writes it: grouped digits, or words for small round numbers."""
    if n % 10 == 0 and n < 1000 and rng.random() < 0.35:
        return num2words(n, lang=lang)
    return grouped(n, lang)


def money(m: Money, lang: str, rng: random.Random) -> str:
    """A sum in the page's language: `12,5 Mio. €`, `3,4 M€`, `€12.5 million`, `680 million US dollars`."""
    sym = _SYMBOL[m.cur]
    mil = m.value / 1e6
    if m.value % 1_000_000 == 0 and mil < 100 and rng.random() < 0.3:
        return money_words(m, lang)
    style = rng.randrange(3)
    if lang == "de":
        if style == 0:
            return f"{decimal(mil, lang)} Mio. {sym}"
        if style == 1 and mil >= 1000:
            return f"{decimal(mil / 1000, lang, 2)} Mrd. {_CUR_WORDS[lang][m.cur]}"
        return f"{decimal(mil, lang)} Millionen {_CUR_WORDS[lang][m.cur]}"
    if lang == "fr":
        if style == 0:
            return f"{decimal(mil, lang)} M{sym}"
        return f"{decimal(mil, lang)} millions d'{_CUR_WORDS[lang][m.cur]}" if m.cur == "EUR" else \
            f"{decimal(mil, lang)} millions de {_CUR_WORDS[lang][m.cur]}"
    if style == 0:
        return f"{sym}{decimal(mil, lang, 2)} million"
    if style == 1:
        return f"{decimal(mil, lang, 2)} million {_CUR_WORDS[lang][m.cur]}"
    return f"{m.cur} {grouped(m.value, lang)}"


def money_words(m: Money, lang: str) -> str:
    """Whole millions in words: "twelve million euros", "zwölf Millionen Euro", "douze millions d'euros"."""
    n = m.value // 1_000_000
    words = num2words(n, lang=lang)
    cur = _CUR_WORDS[lang][m.cur]
    if lang == "de":
        return f"{'eine Million' if n == 1 else words + ' Millionen'} {cur}"
    if lang == "fr":
        unit = "million" if n == 1 else "millions"
        return f"{words} {unit} d'{cur}" if cur[0] in "aeiou" else f"{words} {unit} de {cur}"
    return f"{words} million {cur}"


def street_line(a: Address, lang: str, short: bool) -> str:
    """The street part; `short` uses the postal abbreviations (Str., r., bd, Rd, St, Ave)."""
    street = a.street
    if short:
        for long, abbr in (("straße", "str."), ("Straße", "Str."), ("rue ", "r. "), ("boulevard ", "bd "),
                           ("avenue ", "av. "), (" Road", " Rd"), (" Street", " St"), (" Avenue", " Ave")):
            street = street.replace(long, abbr)
    if lang == "fr":
        return f"{a.number} {street}"
    if lang == "de":
        return f"{street} {a.number}"
    return f"{a.number} {street}"


def floor(n: int, lang: str, short: bool) -> str:
    if lang == "de":
        return f"{n}. OG" if short else f"{n}. Obergeschoss"
    if lang == "fr":
        return f"{n}e ét." if short else f"{n}e étage"
    return f"Fl. {n}" if short else f"Floor {n}"


def address(a: Address, lang: str, short: bool = False) -> str:
    """One line: `Floor 5, 300 Linking Road, Manchester M1 4BT` / `Hafenstraße 12, 5. OG, 20457 Hamburg`."""
    parts = [street_line(a, lang, short)]
    if a.floor is not None:
        if lang == "en":
            parts.insert(0, floor(a.floor, lang, short))
        else:
            parts.append(floor(a.floor, lang, short))
    place = f"{a.city} {a.postcode}" if lang == "en" else f"{a.postcode} {a.city}"
    return ", ".join([*parts, place])


def phone(number: str, rng: random.Random) -> str:
    """The same number, international or national, as libphonenumber writes it."""
    parsed = phonenumbers.parse(number)
    fmt = rng.choice((phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.NATIONAL,
                      phonenumbers.PhoneNumberFormat.E164))
    return phonenumbers.format_number(parsed, fmt)


#: 200 responses that carry no data: maintenance pages, bot walls, quota notes, refusals, cut-off JSON.
GARBAGE: dict[str, tuple[str, ...]] = {
    "en": ("<html><head><title>Just a moment…</title></head><body><p>Checking your browser before accessing the "
           "site. Please enable cookies and JavaScript.</p></body></html>",
           "We are currently performing scheduled maintenance. We'll be back shortly.",
           "I'm sorry, but I can't access that page right now."),
    "de": ("<html><head><title>Wartungsarbeiten</title></head><body><p>Diese Seite ist vorübergehend nicht "
           "erreichbar. Bitte versuchen Sie es später erneut.</p></body></html>",
           "Zu viele Anfragen. Bitte warten Sie einen Moment und laden Sie die Seite neu.",
           "Entschuldigung, ich kann auf diese Seite leider nicht zugreifen."),
    "fr": ("<html><head><title>Service indisponible</title></head><body><h1>Service temporairement indisponible"
           "</h1><p>Merci de réessayer plus tard.</p></body></html>",
           "Accès refusé : vous avez dépassé le nombre de requêtes autorisées.",
           "Désolé, je ne peux pas consulter cette page pour le moment."),
}
GARBAGE_JSON = ('{"status": "ok", "data": null, "note": "quota exceeded for this key"}', '{"matches": []}',
                '{"profile": {"id": "', '{"result": "pending", "retry_after": 30}')
HTTP_ERRORS = ((429, "Too Many Requests"), (503, "Service Unavailable"), (502, "Bad Gateway"),
               (504, "Gateway Timeout"))
