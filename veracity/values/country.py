"""Countries: ISO 3166 codes and names (from `pycountry`) as one normal form, the alpha-2 code.

>>> parse_country("Germany"), parse_country("DE"), parse_country("deu"), parse_country("UK")
('DE', 'DE', 'DE', 'GB')
>>> [raw for _, _, raw in find_country("HQ: Berlin, Germany (DE)", "DE")]
['Germany', 'DE']
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "holland": "NL",
    "the netherlands": "NL",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "czechia": "CZ",
    "uae": "AE",
    "deutschland": "DE",
    "españa": "ES",
    "viet nam": "VN",
    "vietnam": "VN",
}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Lower-cased name → alpha-2, for every ISO country and its common and official names."""
    names: dict[str, str] = dict(_ALIASES)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.setdefault(value.lower(), c.alpha_2)
    return names


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    codes = {c.alpha_2: c.alpha_2 for c in pycountry.countries}
    codes.update({c.alpha_3: c.alpha_2 for c in pycountry.countries})
    return codes


@lru_cache(maxsize=4096)
def parse_country(value: object) -> str | None:
    """The ISO alpha-2 code of a country code or name, or None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 60:
        return None
    code = _codes().get(text.upper()) if len(text) in (2, 3) else None
    return code or _names().get(text.lower().strip(" ."))


@lru_cache(maxsize=256)
def _pattern(alpha2: str) -> re.Pattern[str]:
    names = sorted((n for n, code in _names().items() if code == alpha2), key=len, reverse=True)
    alpha3 = [a3 for a3, a2 in _codes().items() if a2 == alpha2 and len(a3) == 3]
    words = "|".join(re.escape(n) for n in names)
    codes = "|".join([alpha2, *alpha3])
    return re.compile(
        rf"(?i:\b(?:{words})\b)|(?<![A-Za-z])(?:{codes})(?![A-Za-z])"
        if words
        else rf"(?<![A-Za-z])(?:{codes})(?![A-Za-z])"
    )


def find_country(text: str, alpha2: str) -> list[tuple[int, int, str]]:
    """Where a text names the country: its names in any case, its codes in capitals only."""
    return [(m.start(), m.end(), m.group()) for m in _pattern(alpha2).finditer(text)]
