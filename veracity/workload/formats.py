"""Many ways to write one fact: money, counts, years, phones, addresses, legal names, "unknown"."""

from __future__ import annotations

import random

from veracity.workload.geo import CURRENCY_SYMBOL, CURRENCY_WORD, SUFFIX_LONG
from veracity.workload.universe import Company, Money

MONEY_STYLES = ("sym_short", "code_full", "code_million", "word", "sym_full", "code_short", "mn", "eu")
COUNT_STYLES = ("plain", "comma", "about", "k", "approx", "space")
UNAVAILABLE = ("not disclosed", "undisclosed", "n/a", "N/A", "unknown", "not publicly available", "—",
               "private", "not reported", "withheld")


def _dec(x: float) -> str:
    """A decimal with no trailing zeros: 12.5, 3, 0.85."""
    return f"{x:.3f}".rstrip("0").rstrip(".")


def short_money(amount: int) -> str:
    """12500000 -> '12.5M', 850000 -> '850K', 1200000000 -> '1.2B'."""
    if amount >= 1_000_000_000:
        return f"{_dec(amount / 1e9)}B"
    if amount >= 1_000_000:
        return f"{_dec(amount / 1e6)}M"
    if amount >= 1_000:
        return f"{_dec(amount / 1e3)}K"
    return str(amount)


def money(m: Money, style: str) -> str:
    """One written form of an amount of money; every style states the exact amount."""
    sym = CURRENCY_SYMBOL.get(m.currency, m.currency + " ")
    big = m.amount >= 1_000_000_000
    unit, div = ("billion", 1e9) if big else ("million", 1e6)
    scaled = _dec(m.amount / div)
    if style == "sym_short":
        return f"{sym}{short_money(m.amount)}"
    if style == "code_full":
        return f"{m.amount:,} {m.currency}"
    if style == "code_million":
        return f"{m.currency} {scaled} {unit}"
    if style == "word":
        return f"{scaled} {unit} {CURRENCY_WORD.get(m.currency, m.currency)}"
    if style == "sym_full":
        return f"{sym}{m.amount:,}"
    if style == "code_short":
        return f"{m.currency} {short_money(m.amount)}"
    if style == "mn":
        return f"{sym}{scaled}{'bn' if big else 'mn'}"
    if style == "eu":
        return f"{m.currency} {scaled.replace('.', ',')} {'Mrd' if big else 'Mio'}"
    raise ValueError(style)


def any_money(m: Money, rng: random.Random) -> str:
    style = rng.choice(MONEY_STYLES if m.currency == "EUR" else MONEY_STYLES[:-1])
    return money(m, style)


def count(n: int, style: str) -> str:
    """One written form of a count; 'k' falls back to commas when it would round."""
    if style == "plain":
        return str(n)
    if style == "comma":
        return f"{n:,}"
    if style == "about":
        return f"about {n:,}"
    if style == "approx":
        return f"approximately {n:,}"
    if style == "space":
        return f"{n:,}".replace(",", " ")
    if style == "k":
        return f"{_dec(n / 1000)}k" if n >= 1000 and n % 100 == 0 else f"{n:,}"
    raise ValueError(style)


def staff_phrase(n: int, rng: random.Random) -> str:
    """'about 230 staff', '1.2k employees', 'a team of 45 people'."""
    num = count(n, rng.choice(("comma", "comma", "plain", "k", "space")))
    return rng.choice((f"about {num} staff", f"{num} employees", f"a team of {num} people", f"{num} people",
                       f"roughly {num} employees", f"{num} full-time employees", f"headcount of {num}"))


def founded_phrase(year: int, rng: random.Random) -> str:
    return rng.choice((f"founded in {year}", f"est. {year}", f"established in {year}", f"since {year}",
                       f"Founded {year}", f"started in {year}", f"incorporated in {year}"))


def reg_date(year: int, rng: random.Random) -> str:
    """An incorporation date in the given year, in one of several layouts."""
    m, d = rng.randrange(1, 13), rng.randrange(1, 29)
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
    return rng.choice((f"{year}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{year}", f"{d} {months[m - 1]} {year}",
                       f"{months[m - 1]} {d}, {year}"))


def phone(e164: str, rng: random.Random) -> str:
    """+14155550132 as '(415) 555-0132', '+1 415 555 0132', '+1-415-555-0132', '415.555.0132', ..."""
    if e164.startswith("+1"):
        a, b, c = e164[2:5], e164[5:8], e164[8:]
        return rng.choice((f"({a}) {b}-{c}", f"+1 {a} {b} {c}", f"+1-{a}-{b}-{c}", f"{a}.{b}.{c}", e164,
                           f"+1 ({a}) {b}-{c}"))
    for dial in ("353", "44", "49", "33", "31", "61", "46", "65", "91", "34"):
        if e164.startswith("+" + dial):
            rest = e164[1 + len(dial):]
            return rng.choice((f"+{dial} {rest[:3]} {rest[3:6]} {rest[6:]}", f"+{dial} ({rest[:2]}) {rest[2:]}",
                               f"+{dial}-{rest}", e164, f"00{dial} {rest[:4]} {rest[4:]}", f"0{rest[:3]} {rest[3:]}"))
    return e164


def address(c: Company, rng: random.Random) -> str:
    """The canonical address or one of its variants (abbreviated, upper case, with country)."""
    region = f"{c.region} {c.postal}" if c.region else c.postal
    street = c.street
    if rng.random() < 0.4:
        for long, short in (("Street", "St."), ("Avenue", "Ave"), ("Road", "Rd"), ("Drive", "Dr."),
                            ("straße", "str."), ("Boulevard", "Blvd")):
            street = street.replace(long, short)
    form = rng.randrange(5)
    if form == 0:
        return f"{street}, {c.city}, {region}"
    if form == 1:
        return f"{street}, {c.city}, {region}, {c.country_name}"
    if form == 2:
        return f"{street}, {c.postal} {c.city}, {c.country_name}"
    if form == 3:
        return f"{street.upper()} {c.city.upper()} {c.postal.upper()}"
    return f"{street} · {c.city} {region}"


def legal_name(c: Company, rng: random.Random) -> str:
    """'Acme Robotics, Inc.', 'Acme Robotics Inc', 'ACME ROBOTICS INC.', 'Acme Robotics Incorporated'."""
    form = rng.randrange(6)
    if form <= 1:
        return c.legal_name
    if form == 2:
        return f"{c.name} {c.suffix.rstrip('.')}"
    if form == 3:
        return c.legal_name.upper()
    if form == 4:
        return f"{c.name} {SUFFIX_LONG.get(c.suffix, c.suffix)}"
    return f"{c.name}, {c.suffix}"


def unavailable(rng: random.Random) -> str:
    return rng.choice(UNAVAILABLE)
