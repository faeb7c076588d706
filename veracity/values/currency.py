"""Currencies: ISO codes, symbols and names, and :func:`currency_of` that maps one to a code.

>>> currency_of("US$"), currency_of("eur"), currency_of("Euros"), currency_of("€")
('USD', 'EUR', 'EUR', 'EUR')
"""

from __future__ import annotations

CURRENCY_CODES: frozenset[str] = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "INR",
        "CAD",
        "AUD",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "BRL",
        "MXN",
        "SGD",
        "HKD",
        "NZD",
        "ZAR",
        "KRW",
        "RUB",
        "TRY",
        "ILS",
        "AED",
        "SAR",
        "TWD",
        "THB",
        "IDR",
        "MYR",
        "PHP",
        "VND",
        "ARS",
        "CLP",
        "COP",
        "PEN",
        "EGP",
        "NGN",
        "KES",
        "PKR",
        "BDT",
        "UAH",
        "RON",
        "BGN",
        "ISK",
    ]
)
CODE_ALIASES = {"RMB": "CNY", "US$": "USD", "USDOLLAR": "USD"}

CURRENCY_SYMBOLS: dict[str, str] = {
    "us$": "USD",
    "u.s.$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "cdn$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "r$": "BRL",
    "mx$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "rs.": "INR",
    "rs": "INR",
    "chf": "CHF",
    "fr.": "CHF",
}

CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "us dollar": "USD",
    "u.s. dollar": "USD",
    "american dollar": "USD",
    "canadian dollar": "CAD",
    "australian dollar": "AUD",
    "new zealand dollar": "NZD",
    "hong kong dollar": "HKD",
    "singapore dollar": "SGD",
    "euro": "EUR",
    "pound": "GBP",
    "pound sterling": "GBP",
    "british pound": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "japanese yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "indian rupee": "INR",
    "swiss franc": "CHF",
    "franc": "CHF",
    "rouble": "RUB",
    "ruble": "RUB",
    "reais": "BRL",
    "krona": "SEK",
    "kronor": "SEK",
    "zloty": "PLN",
}


def currency_of(token: str) -> str | None:
    """ISO code for a currency symbol, code or word; None when unknown.

    >>> currency_of("US$"), currency_of("eur"), currency_of("Euros"), currency_of("€")
    ('USD', 'EUR', 'EUR', 'EUR')
    """
    t = " ".join(token.lower().split())
    if t in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[t]
    u = t.upper()
    if u in CURRENCY_CODES:
        return u
    if u in CODE_ALIASES:
        return CODE_ALIASES[u]
    if t in CURRENCY_WORDS:
        return CURRENCY_WORDS[t]
    if t.endswith("s") and t[:-1] in CURRENCY_WORDS:
        return CURRENCY_WORDS[t[:-1]]
    return None
