"""A deterministic universe of companies full of confusable neighbours."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, replace

from veracity.workload.geo import COUNTRIES, COUNTRY_BY_CODE, FIRST_NAMES, LAST_NAMES, Country


@dataclass(frozen=True)
class Money:
    amount: int
    currency: str


@dataclass(frozen=True)
class Person:
    name: str
    title: str  # CEO, CTO, CFO


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    legal_name: str
    suffix: str
    domain: str
    street: str
    city: str
    region: str
    postal: str
    country: str
    founded_year: int
    employee_count: int
    revenue: Money | None
    industry: str
    executives: tuple[Person, ...]
    phone: str  # E.164, e.g. +14155550132
    funding: Money | None
    product: str
    registry_id: str
    ticker: str | None
    parent_id: str | None
    former_name: str | None
    neighbours: tuple[str, ...] = ()

    @property
    def ceo(self) -> str:
        return self.executives[0].name

    @property
    def address(self) -> str:
        """Canonical address line: street, city, region and postal code."""
        region = f"{self.region} {self.postal}" if self.region else self.postal
        return f"{self.street}, {self.city}, {region}"

    @property
    def country_name(self) -> str:
        return COUNTRY_BY_CODE[self.country].name


@dataclass(frozen=True)
class Universe:
    companies: tuple[Company, ...]
    by_id: dict[str, Company]
    by_domain: dict[str, Company]

    def neighbours(self, company: Company) -> list[Company]:
        return [self.by_id[i] for i in company.neighbours]


# (industry, name nouns, confusable nouns, products)
INDUSTRIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("Robotics", ("Robotics",), ("Robotic Systems", "Robotix", "Automation"),
     ("warehouse picking robots", "collaborative robot arms", "autonomous inspection drones")),
    ("Data Analytics", ("Analytics",), ("Analytic", "Data", "Insights"),
     ("a customer analytics platform", "forecasting software for retailers", "a BI dashboard suite")),
    ("Logistics", ("Freight", "Logistics"), ("Freightways", "Shipping", "Cargo"),
     ("freight brokerage services", "last-mile delivery software", "cold-chain logistics")),
    ("Optics", ("Optics", "Photonics"), ("Optical", "Lens Works", "Vision"),
     ("precision lenses", "lidar optics", "industrial imaging systems")),
    ("Biotechnology", ("Bio", "Therapeutics"), ("Biosciences", "Biologics", "Genomics"),
     ("antibody therapeutics", "gene-editing tools", "diagnostic assays")),
    ("Energy", ("Energy", "Solar"), ("Power", "Renewables", "Grid"),
     ("rooftop solar installations", "battery storage systems", "grid-balancing software")),
    ("Software", ("Software", "Labs"), ("Systems", "Technologies", "Digital"),
     ("developer tooling", "workflow automation software", "an API management platform")),
    ("Financial Services", ("Payments", "Capital"), ("Pay", "Finance", "Financial"),
     ("payment processing", "invoice financing", "treasury software for SMEs")),
    ("Cybersecurity", ("Security", "Cyber"), ("Secure", "Defense", "Shield"),
     ("endpoint protection", "identity and access management", "threat-intelligence feeds")),
    ("Healthcare", ("Health", "Care"), ("Healthcare", "Medical", "Clinics"),
     ("telehealth services", "clinical scheduling software", "remote patient monitoring")),
    ("Food & Beverage", ("Foods", "Kitchen"), ("Food Company", "Provisions", "Brewing"),
     ("plant-based snacks", "meal kits", "craft beverages")),
    ("Materials", ("Materials", "Composites"), ("Polymers", "Metals", "Advanced Materials"),
     ("carbon-fibre composites", "recycled packaging materials", "specialty coatings")),
)

STEMS = (
    "Acme", "Birchwood", "Cobalt", "Dunmore", "Everly", "Falcon", "Granite", "Harbor", "Ironclad", "Juniper",
    "Keystone", "Lumen", "Meridian", "Northwind", "Orion", "Pinnacle", "Quartz", "Redwood", "Summit",
    "Tidewater", "Umbra", "Vertex", "Willow", "Zenith", "Atlas", "Beacon", "Cascade", "Delta", "Ember",
    "Fjord", "Glacier", "Helix", "Indigo", "Jasper", "Kestrel", "Lattice", "Magnolia", "Nimbus", "Onyx",
    "Polaris", "Quill", "Raven", "Sable", "Tundra", "Unity", "Vanguard", "Wren", "Yonder", "Zephyr",
    "Alder", "Bramble", "Cinder", "Drift", "Echo", "Flint", "Grove", "Hawthorn", "Ion", "Jade", "Kite",
    "Lynx", "Mosaic", "Nova", "Oak", "Pulse", "Ridge", "Slate", "Torch", "Upland", "Vista", "Whistler",
    "Apex", "Blue Heron", "Copperline", "Driftwood", "Eastgate", "Fairway", "Goldcrest", "Highmark",
    "Silverline", "Brightwater", "Clearpath", "Stonebridge", "Westfield", "Northstar", "Bluebird", "Redline",
)
REBRAND_STEMS = ("Axiom", "Verity", "Nexa", "Solenne", "Quantia", "Corvana", "Luminar", "Trellis", "Ostara")
SUB_WORDS = ("Europe", "Asia", "Labs", "International", "UK", "North America")

_SLUG = re.compile(r"[^a-z0-9]+")


def _sig(value: float, digits: int) -> int:
    """Round to `digits` significant digits."""
    if value <= 0:
        return 0
    exp = math.floor(math.log10(value)) - digits + 1
    return round(value / 10**exp) * 10**exp if exp > 0 else round(value)


def _person(rng: random.Random, title: str) -> Person:
    return Person(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", title)


def _postal(rng: random.Random, code: str) -> str:
    d = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))  # noqa: E731
    up = lambda: rng.choice("ABCDEFGHJKLMNPRSTUVWXY")  # noqa: E731
    return {
        "GB": f"{up()}{up()}{rng.randrange(1, 20)} {d(1)}{up()}{up()}",
        "NL": f"{rng.randrange(1000, 9999)} {up()}{up()}",
        "CA": f"{up()}{d(1)}{up()} {d(1)}{up()}{d(1)}",
        "AU": d(4), "SE": f"{d(3)} {d(2)}", "SG": d(6), "IN": d(6), "IE": f"D{d(2)} {up()}{d(3)}",
    }.get(code, d(5))


def _registry_id(rng: random.Random, country: Country, year: int) -> str:
    n = lambda k: "".join(str(rng.randrange(10)) for _ in range(k))  # noqa: E731
    return {
        "us": f"{rng.choice(['DE', 'CA', 'NY', 'TX'])}-{n(7)}",
        "gb": f"{rng.randrange(1, 14):02d}{n(6)}",
        "de": f"HRB {n(6)}",
        "fr": f"{n(3)} {n(3)} {n(3)}",
        "nl": n(8),
        "ca": n(9),
        "au": f"{n(3)} {n(3)} {n(3)}",
        "se": f"55{n(4)}-{n(4)}",
        "es": f"B{n(8)}",
        "sg": f"{year}{n(5)}{rng.choice('KDEWZ')}",
        "in": f"U{n(5)}KA{year}PTC{n(6)}",
    }[country.registry]


def _phone(rng: random.Random, country: Country) -> str:
    if country.dial == "1":
        return f"+1{rng.randrange(201, 989)}555{rng.randrange(100, 10000):04d}"
    return f"+{country.dial}{rng.randrange(10**8, 10**9)}"


def _domain(name: str, country: Country, rng: random.Random, used: set[str]) -> str:
    slug = _SLUG.sub("", name.lower())
    tlds = [country.tld, country.tld, "com", "io", "ai"] if country.code != "US" else ["com", "com", "io", "ai", "co"]
    for attempt in range(50):
        tld = rng.choice(tlds)
        base = slug if attempt == 0 else rng.choice([f"{slug}-{country.code.lower()}", f"get{slug}", f"{slug}hq",
                                                      f"{slug}{attempt}", f"{slug}group"])
        domain = f"{base}.{tld}"
        if domain not in used:
            used.add(domain)
            return domain
    raise RuntimeError("domain space exhausted")


def _company(rng: random.Random, cid: str, name: str, country: Country, industry: int, used: set[str],
             city: tuple[str, str] | None = None) -> Company:
    ind, _, _, products = INDUSTRIES[industry]
    year = min(2023, int(2024 - rng.expovariate(1 / 14)))
    employees = _sig(math.exp(rng.uniform(math.log(6), math.log(40000))), rng.choice((2, 2, 3)))
    revenue = None
    if rng.random() > 0.2:
        revenue = Money(_sig(employees * rng.uniform(60_000, 350_000), rng.choice((2, 3))), country.currency)
    funding = None
    if rng.random() < 0.5:
        funding = Money(_sig(math.exp(rng.uniform(math.log(5e5), math.log(3e8))), 2), rng.choice(("USD", country.currency)))
    execs = [_person(rng, "CEO")]
    execs += [_person(rng, t) for t in ("CTO", "CFO") if rng.random() < 0.55]
    city_region = city or rng.choice(country.cities)
    street = f"{rng.randrange(1, 2400)} {rng.choice(country.streets)}"
    if country.code in ("DE", "NL", "SE", "ES", "FR"):
        street = f"{rng.choice(country.streets)} {rng.randrange(1, 180)}"
        if country.code == "FR":
            street = f"{rng.randrange(1, 180)} {rng.choice(country.streets)}"
    suffix = rng.choice(country.suffixes)
    ticker = None
    if rng.random() < 0.1 and employees > 500:
        letters = re.sub(r"[^A-Z]", "", name.upper())
        ticker = (letters[:2] + rng.choice("ABCDEFGHKLMNPRSTX") + (rng.choice("QRSTXZ") if rng.random() < 0.5 else ""))
    return Company(
        id=cid, name=name, legal_name=f"{name}{',' if suffix in ('Inc.', 'LLC') and rng.random() < 0.5 else ''} {suffix}",
        suffix=suffix, domain=_domain(name, country, rng, used), street=street, city=city_region[0],
        region=city_region[1], postal=_postal(rng, country.code), country=country.code, founded_year=year,
        employee_count=max(employees, 3), revenue=revenue, industry=ind, executives=tuple(execs),
        phone=_phone(rng, country), funding=funding, product=rng.choice(products),
        registry_id=_registry_id(rng, country, year), ticker=ticker, parent_id=None, former_name=None,
    )


def _cluster(rng: random.Random, next_id: int, used_domains: set[str], used_names: set[tuple[str, str]]) -> list[Company]:
    """One family of confusable companies around a base name."""
    industry = rng.randrange(len(INDUSTRIES))
    _, nouns, alts, _ = INDUSTRIES[industry]
    for _ in range(100):
        stem = rng.choice(STEMS)
        base_name = f"{stem} {rng.choice(nouns)}"
        c1 = rng.choice(COUNTRIES[:6]) if rng.random() < 0.7 else rng.choice(COUNTRIES)
        if (base_name, c1.code) not in used_names:
            break
    members: list[tuple[str, Country, str | None]] = [(base_name, c1, None)]  # (name, country, role)
    if rng.random() < 0.75:
        alt = rng.choice((f"{stem} {rng.choice(alts)}", f"{stem} {rng.choice(nouns)} Group",
                          f"{stem.replace(' ', '')}{rng.choice(nouns).lower()}", f"{stem} {rng.choice(nouns)} & Co"))
        members.append((alt, c1 if rng.random() < 0.6 else rng.choice(COUNTRIES), None))
    if rng.random() < 0.5:
        members.append((base_name, rng.choice([c for c in COUNTRIES if c.code != c1.code]), None))
    if rng.random() < 0.3:
        members.append((f"{stem} {rng.choice(('Holdings', 'Group'))}", c1, "parent"))
        members.append((f"{base_name} {rng.choice(SUB_WORDS)}", rng.choice(COUNTRIES), "subsidiary"))
    if rng.random() < 0.2:
        members.append((f"{rng.choice(REBRAND_STEMS)}{rng.choice(('ix', 'a', 'on', 'ity', ''))}", c1, "rebrand"))
    if rng.random() < 0.35:
        members.append((f"{rng.choice(STEMS)} {rng.choice(nouns)}", rng.choice(COUNTRIES), None))

    out: list[tuple[Company, str | None]] = []
    shared_city = rng.choice(c1.cities) if rng.random() < 0.25 else None
    for name, country, role in members:
        if (name, country.code) in used_names:
            continue
        used_names.add((name, country.code))
        city = shared_city if shared_city and country.code == c1.code else None
        out.append((_company(rng, f"C{next_id + len(out):05d}", name, country, industry, used_domains, city), role))
    parent = next((c for c, r in out if r == "parent"), None)
    fixed = []
    for c, role in out:
        if (role == "subsidiary" and parent is not None) or (role is None and parent is not None and c.name == base_name):
            c = replace(c, parent_id=parent.id)
        elif role == "rebrand":
            c = replace(c, former_name=f"{base_name} {rng.choice(('Labs', 'Studio', 'Works'))}")
        fixed.append(c)
    return fixed


def build_universe(seed: int, size: int = 3000) -> Universe:
    """`size` companies (a little more, whole clusters), each with its confusable neighbours."""
    rng = random.Random(f"universe:{seed}")
    used_domains: set[str] = set()
    used_names: set[tuple[str, str]] = set()
    clusters: list[list[Company]] = []
    count = 0
    while count < size:
        cluster = _cluster(rng, count + 1, used_domains, used_names)
        if len(cluster) < 2:
            continue
        clusters.append(cluster)
        count += len(cluster)
    by_stem: dict[str, list[str]] = {}
    for cluster in clusters:
        for c in cluster:
            by_stem.setdefault(c.name.split()[0], []).append(c.id)
    companies: list[Company] = []
    for cluster in clusters:
        ids = [c.id for c in cluster]
        for c in cluster:
            extra = [i for i in by_stem.get(c.name.split()[0], []) if i not in ids]
            rng.shuffle(extra)
            companies.append(replace(c, neighbours=tuple([i for i in ids if i != c.id] + extra[:2])))
    return Universe(tuple(companies), {c.id: c for c in companies}, {c.domain: c for c in companies})


#: The facts a profile states, by canonical name.
FIELDS = ("legal_name", "domain", "address", "country", "founded_year", "employee_count", "revenue", "industry",
          "ceo", "phone", "funding", "registry_id", "ticker", "executives")

#: Fields whose absence in the world is a fact (private companies do not disclose them).
OPTIONAL_FIELDS = ("revenue", "funding", "ticker")


def value_of(c: Company, field: str) -> object:
    """The true canonical value of one field of a company (None when it has none)."""
    if field == "ceo":
        return c.ceo
    if field == "executives":
        return tuple((p.name, p.title) for p in c.executives)
    return getattr(c, field)
