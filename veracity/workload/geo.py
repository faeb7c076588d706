"""Country data for the universe: cities, legal suffixes, currencies, phone and registry formats."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    currency: str
    tld: str
    dial: str
    suffixes: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]  # (city, region or "")
    streets: tuple[str, ...]
    registry: str  # format name, see universe.registry_id


COUNTRIES: tuple[Country, ...] = (
    Country("US", "United States", "USD", "com", "1", ("Inc.", "LLC", "Corp."),
            (("San Francisco", "CA"), ("Austin", "TX"), ("Boston", "MA"), ("Denver", "CO"),
             ("Seattle", "WA"), ("Chicago", "IL"), ("New York", "NY"), ("Atlanta", "GA"), ("Raleigh", "NC")),
            ("Market Street", "Main Street", "Congress Avenue", "Pine Street", "Broadway", "Elm Street",
             "Harbor Drive", "Mission Street"), "us"),
    Country("GB", "United Kingdom", "GBP", "co.uk", "44", ("Ltd", "plc", "Limited"),
            (("London", ""), ("Manchester", ""), ("Leeds", ""), ("Bristol", ""), ("Cambridge", ""), ("Edinburgh", "")),
            ("High Street", "Old Street", "King's Road", "Station Road", "Church Lane", "Victoria Street"), "gb"),
    Country("DE", "Germany", "EUR", "de", "49", ("GmbH", "AG", "GmbH & Co. KG"),
            (("Berlin", ""), ("Munich", ""), ("Hamburg", ""), ("Cologne", ""), ("Frankfurt", ""), ("Stuttgart", "")),
            ("Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Gartenweg", "Friedrichstraße"), "de"),
    Country("FR", "France", "EUR", "fr", "33", ("SAS", "S.A.", "SARL"),
            (("Paris", ""), ("Lyon", ""), ("Toulouse", ""), ("Nantes", ""), ("Lille", "")),
            ("rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire", "rue Lafayette"), "fr"),
    Country("NL", "Netherlands", "EUR", "nl", "31", ("B.V.", "N.V."),
            (("Amsterdam", ""), ("Rotterdam", ""), ("Utrecht", ""), ("Eindhoven", "")),
            ("Keizersgracht", "Herengracht", "Stationsplein", "Kanaalweg"), "nl"),
    Country("CA", "Canada", "CAD", "ca", "1", ("Inc.", "Ltd.", "Corp."),
            (("Toronto", "ON"), ("Vancouver", "BC"), ("Montreal", "QC"), ("Ottawa", "ON")),
            ("King Street West", "Queen Street", "Granville Street", "Bay Street"), "ca"),
    Country("AU", "Australia", "AUD", "com.au", "61", ("Pty Ltd", "Ltd"),
            (("Sydney", "NSW"), ("Melbourne", "VIC"), ("Brisbane", "QLD"), ("Perth", "WA")),
            ("George Street", "Collins Street", "Queen Street", "Hay Street"), "au"),
    Country("SE", "Sweden", "SEK", "se", "46", ("AB",),
            (("Stockholm", ""), ("Gothenburg", ""), ("Malmö", "")),
            ("Drottninggatan", "Kungsgatan", "Sveavägen"), "se"),
    Country("SG", "Singapore", "SGD", "sg", "65", ("Pte. Ltd.",),
            (("Singapore", ""),), ("Robinson Road", "Cecil Street", "Anson Road"), "sg"),
    Country("IN", "India", "INR", "in", "91", ("Private Limited", "Pvt. Ltd."),
            (("Bengaluru", "KA"), ("Pune", "MH"), ("Hyderabad", "TS"), ("Chennai", "TN")),
            ("MG Road", "Residency Road", "Outer Ring Road"), "in"),
    Country("ES", "Spain", "EUR", "es", "34", ("S.L.", "S.A."),
            (("Madrid", ""), ("Barcelona", ""), ("Valencia", "")),
            ("Calle de Alcalá", "Gran Vía", "Carrer de Balmes"), "es"),
    Country("IE", "Ireland", "EUR", "ie", "353", ("Limited", "DAC"),
            (("Dublin", ""), ("Cork", ""), ("Galway", "")),
            ("Grafton Street", "Baggot Street", "Patrick Street"), "gb"),
)

COUNTRY_BY_CODE = {c.code: c for c in COUNTRIES}

#: Long forms of legal suffixes, for variants ("Inc." / "Incorporated").
SUFFIX_LONG = {
    "Inc.": "Incorporated", "Corp.": "Corporation", "Ltd": "Limited", "Ltd.": "Limited",
    "LLC": "L.L.C.", "Pvt. Ltd.": "Private Limited", "Pte. Ltd.": "Private Limited",
    "S.A.": "Société Anonyme", "SAS": "S.A.S.", "B.V.": "Besloten Vennootschap",
}

CURRENCY_SYMBOL = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "C$", "AUD": "A$", "SEK": "kr ", "SGD": "S$",
                   "INR": "₹"}
CURRENCY_WORD = {"USD": "dollars", "GBP": "pounds", "EUR": "euros", "CAD": "Canadian dollars",
                 "AUD": "Australian dollars", "SEK": "kronor", "SGD": "Singapore dollars", "INR": "rupees"}

FIRST_NAMES = (
    "Jane", "Marcus", "Priya", "Tomás", "Aiko", "Lena", "Oluwaseun", "Grace", "Henrik", "Sofia", "Daniel",
    "Mei", "Rafael", "Ingrid", "Kwame", "Claire", "Arjun", "Elena", "Jonas", "Fatima", "Liam", "Yuki",
    "Amara", "Pieter", "Chloé", "Mateo", "Hannah", "Ravi", "Nadia", "Owen", "Sara", "Viktor", "Isabel",
    "Tariq", "Emma", "Lucas", "Zanele", "Felix", "Noor", "Camille", "Dmitri", "Ana", "Samuel", "Julia",
)
LAST_NAMES = (
    "Smith", "Okafor", "Nakamura", "Fischer", "Larsen", "Moreau", "Patel", "García", "O'Brien", "Schmidt",
    "Chen", "Kowalski", "Haddad", "Johansson", "Rossi", "Van Dijk", "Murphy", "Singh", "Dubois", "Müller",
    "Andersson", "Tanaka", "Mensah", "Novak", "Silva", "Cohen", "Kim", "Bennett", "Ivanova", "Lindqvist",
    "Reyes", "Walsh", "Hoffmann", "Sato", "Nguyen", "Ahmed", "Costa", "Brennan", "Weber", "Park",
)
