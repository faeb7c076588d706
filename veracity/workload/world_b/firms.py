"""World B's firms: invented companies in English-, German- and French-speaking countries, in look-alike groups.

Every brand stem is shared by two or three firms in different countries (the look-alikes a research
agent confuses); some figures are genuinely unknown (`None`), which an honest agent reports as such.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers

_HEADS = ("Nord", "Alpen", "Falken", "Silber", "Rhein", "Brise", "Lumi", "Corv", "Verd", "Ostra", "Hal", "Tann",
          "Mira", "Quell", "Sorel", "Kestrel", "Ambra", "Zephy", "Orla", "Vent", "Glim", "Harth", "Isel", "Jorv")
_TAILS = ("licht", "werk", "au", "mer", "ane", "ova", "stein", "bridge", "ford", "ique", "ia", "wood", "gate",
          "feld", "ac", "ix", "el", "by")

#: Sector: its word in English, German and French.
SECTORS: dict[str, dict[str, str]] = {
    "logistics": {"en": "Logistics", "de": "Logistik", "fr": "Logistique"},
    "software": {"en": "Software", "de": "Software", "fr": "Logiciels"},
    "biotech": {"en": "Biotech", "de": "Biotechnologie", "fr": "Biotechnologies"},
    "energy": {"en": "Energy", "de": "Energie", "fr": "Énergie"},
    "textiles": {"en": "Textiles", "de": "Textil", "fr": "Textile"},
    "robotics": {"en": "Robotics", "de": "Robotik", "fr": "Robotique"},
    "foods": {"en": "Foods", "de": "Lebensmittel", "fr": "Alimentaire"},
}

@dataclass(frozen=True)
class Country:
    lang: str
    cur: str
    forms: tuple[str, ...]
    tld: str
    cc: str
    cities: tuple[tuple[str, str, str], ...]  # city, postcode, telephone area code
    streets: tuple[str, ...]


#: Country: language, currency, legal forms, cities with a postcode and a telephone area code, streets.
COUNTRIES: dict[str, Country] = {
    "DE": Country("de", "EUR", ("GmbH", "AG"), "de", "49",
                  (("Hamburg", "20457", "40"), ("München", "80331", "89"), ("Köln", "50667", "221"),
                   ("Leipzig", "04109", "341")),
                  ("Hafenstraße", "Lindenallee", "Bahnhofstraße", "Am Sandtorkai")),
    "AT": Country("de", "EUR", ("GmbH",), "at", "43", (("Wien", "1010", "1"), ("Graz", "8010", "316")),
                  ("Mariahilfer Straße", "Ringstraße")),
    "FR": Country("fr", "EUR", ("SAS", "SA"), "fr", "33",
                  (("Lyon", "69002", "4"), ("Paris", "75008", "1"), ("Nantes", "44000", "2"),
                   ("Toulouse", "31000", "5")),
                  ("rue des Lilas", "boulevard Voltaire", "avenue Jean Jaurès", "quai Perrache")),
    "BE": Country("fr", "EUR", ("SA", "SRL"), "be", "32", (("Liège", "4000", "4"), ("Namur", "5000", "81")),
                  ("rue de la Loi", "avenue Louise")),
    "GB": Country("en", "GBP", ("Ltd", "plc"), "co.uk", "44",
                  (("Manchester", "M1 4BT", "161"), ("Bristol", "BS1 6QA", "117"), ("Leeds", "LS1 4DY", "113")),
                  ("Linking Road", "Canal Street", "Harbour Way")),
    "US": Country("en", "USD", ("Inc.", "LLC"), "com", "1",
                  (("Boston", "02110", "617"), ("Denver", "80202", "303"), ("Austin", "78701", "512")),
                  ("Summer Street", "Market Avenue", "Congress Avenue")),
}
FIRST_NAMES = ("Anna", "Jonas", "Claire", "Mathieu", "Priya", "Owen", "Lena", "Hugo", "Sofia", "Felix", "Inès", "Marcus",
          "Elif", "Noah", "Camille", "Tobias", "Grace", "Julien")
LAST_NAMES = ("Brandt", "Lefèvre", "Okafor", "Hartmann", "Dubois", "Whitfield", "Kowalski", "Moreau", "Vogel", "Ashdown",
         "Rinaldi", "Perrin", "Sauer", "Calloway", "Fontaine", "Eriksen")


@dataclass(frozen=True)
class Money:
    value: int
    cur: str


@dataclass(frozen=True)
class Address:
    number: int
    street: str
    floor: int | None
    postcode: str
    city: str


@dataclass(frozen=True)
class Firm:
    key: str
    stem: str
    brand: str
    legal: str
    domain: str
    country: str
    lang: str
    sector: str
    address: Address
    year: int
    staff: int | None
    turnover: Money | None
    raised: Money | None
    chief: str
    phone: str
    reg_no: str

    def value(self, field: str) -> object:
        """The firm's canonical value of a field (the names world B's truth compares)."""
        return {"legal": self.legal, "domain": self.domain, "country": self.country, "sector": self.sector,
                "address": self.address, "year": self.year, "staff": self.staff, "turnover": self.turnover,
                "raised": self.raised, "chief": self.chief, "phone": self.phone, "reg_no": self.reg_no}[field]


FIELDS = ("legal", "domain", "country", "sector", "address", "year", "staff", "turnover", "raised", "chief", "phone",
          "reg_no")


def _reg_no(country: str, rng: random.Random) -> str:
    if country == "DE":
        return f"HRB {rng.randrange(10000, 199999)}"
    if country == "AT":
        return f"FN {rng.randrange(100000, 599999)}{rng.choice('abdfkmp')}"
    if country in ("FR", "BE"):
        n = f"{rng.randrange(100000000, 999999999)}"
        return f"{n[:3]} {n[3:6]} {n[6:]}"
    if country == "GB":
        return f"{rng.randrange(1000000, 15000000):08d}"
    return f"{rng.choice(('DE', 'MA', 'CO'))}-{rng.randrange(1000000, 9999999)}"


#: Digits of a national number (area code included), so libphonenumber reads every number as valid.
_NSN = {"DE": 10, "AT": 10, "FR": 9, "BE": 8, "GB": 10, "US": 10}


def _phone(c: Country, country: str, area: str, rng: random.Random) -> str:
    """A number libphonenumber takes as valid for the country (so every format of it is a real one)."""
    for _ in range(200):
        rest = str(rng.randrange(2, 10)) + "".join(str(rng.randrange(10)) for _ in range(_NSN[country] - len(area) - 1))
        number = f"+{c.cc} {area} {rest}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number
    example = phonenumbers.example_number(country)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL) if example else number


def _money(cur: str, rng: random.Random, lo: float, hi: float) -> Money:
    raw = rng.uniform(lo, hi)
    step = 100_000 if raw < 50e6 else 1_000_000
    return Money(int(round(raw / step) * step), cur)


def _firm(key: str, stem: str, country: str, sector: str, rng: random.Random) -> Firm:
    c = COUNTRIES[country]
    lang = c.lang
    brand = f"{stem} {SECTORS[sector][lang]}"
    legal = f"{brand} {rng.choice(c.forms)}"
    slug = brand.lower().replace("é", "e").replace("ö", "oe").replace(" ", rng.choice(("-", "")))
    city, postcode, area = rng.choice(c.cities)
    addr = Address(rng.randrange(1, 320), rng.choice(c.streets),
                   rng.randrange(1, 12) if rng.random() < 0.45 else None, postcode, city)
    staff = rng.choice((rng.randrange(8, 90), rng.randrange(90, 900), rng.randrange(900, 9000)))
    if staff < 1000 and rng.random() < 0.3:
        staff = max(10, round(staff, -1))  # small firms often give a round headcount
    big = staff > 900
    return Firm(
        key=key, stem=stem, brand=brand, legal=legal, domain=f"{slug}.{c.tld}", country=country, lang=lang,
        sector=sector, address=addr, year=rng.randrange(1954, 2022),
        staff=staff if rng.random() > 0.08 else None,
        turnover=_money(c.cur, rng, 2e6, 900e6 if big else 60e6) if rng.random() > 0.15 else None,
        raised=_money(rng.choice((c.cur, "USD")), rng, 1e6, 700e6) if rng.random() < 0.55 else None,
        chief=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        phone=_phone(c, country, area, rng), reg_no=_reg_no(country, rng))


@dataclass
class Firms:
    firms: list[Firm]
    groups: dict[str, list[Firm]]

    def lookalikes(self, f: Firm) -> list[Firm]:
        return [g for g in self.groups[f.stem] if g.key != f.key]


def build_firms(seed: int, groups: int = 400) -> Firms:
    """Look-alike groups of two or three firms sharing a brand stem, each in another country."""
    rng = random.Random(f"world-b-firms:{seed}")
    stems = sorted({h + t for h in _HEADS for t in _TAILS})
    rng.shuffle(stems)
    firms: list[Firm] = []
    by_stem: dict[str, list[Firm]] = {}
    for stem in stems[:groups]:
        countries = rng.sample(sorted(COUNTRIES), rng.choice((2, 2, 3)))
        sector = rng.choice(sorted(SECTORS))
        for country in countries:
            f = _firm(f"b{len(firms):05d}", stem, country, sector, rng)
            firms.append(f)
            by_stem.setdefault(stem, []).append(f)
    return Firms(firms, by_stem)
