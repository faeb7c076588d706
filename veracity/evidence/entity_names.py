"""Company names as sources write them: cleaned from titles and keys, told apart from descriptors
("Boston-based"), countries and page furniture, and the jurisdictions a legal form or a domain ties
a name to."""

from __future__ import annotations

import re

from veracity.values.country import parse_country
from veracity.values.names import parse_org

_TITLE_NOISE_RE = re.compile(
    r"(?i)\s*(?:[|\-–—:]\s*(?:home|about(?: us)?|official site|company|welcome).*"
    r"|^(?:about|inside|meet|introducing|welcome to|spotlight on|profile:?)\s+)"
)

_SEGMENT_RE = re.compile(r"\s+[|–—-]\s+|:\s+")
# A name's word opens with a capital of any Latin script ("Énergie", "Øresund", "Łódź") or a digit.
_NAME_WORD_RE = re.compile(r"[A-Z0-9&À-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ][\w&'’.,-]*"
                            r"|&|and|of|de|du|van|von|der|y|et|für|und")


# Legal forms tied to a jurisdiction; a form used in many places ("Ltd", "SA", "Inc") ties nothing.
_FORM_COUNTRIES = {
    "gmbh": "DE AT CH", "ag": "DE AT CH", "kg": "DE AT", "ug": "DE", "llc": "US", "pllc": "US",
    "pty": "AU", "pte": "SG", "pvt": "IN SG PK LK BD NP MY", "bv": "NL BE", "nv": "NL BE", "ab": "SE", "dac": "IE",
    "sas": "FR", "sarl": "FR LU", "sprl": "BE", "srl": "IT RO BE", "oy": "FI", "oyj": "FI", "sl": "ES", "slu": "ES", "spa": "IT",
    "kk": "JP", "asa": "NO", "aps": "DK", "plc": "GB IE", "ulc": "CA",
}
_GENERIC_TLDS = frozenset({"io", "ai", "co", "me", "tv", "app", "ly", "fm", "gg", "so", "to", "cc", "ws", "la"})


def legal_form_countries(name: str) -> frozenset[str]:
    suffix = parse_org(name)
    form = getattr(suffix, "legal_suffix", None) if suffix else None
    if not form:
        return frozenset()
    found: set[str] = set()
    for part in str(form).split():
        found.update(_FORM_COUNTRIES.get(part, "").split())
    return frozenset(found)


def domain_country(domain: str) -> frozenset[str]:
    tld = domain.rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or tld in _GENERIC_TLDS:
        return frozenset()
    code = "GB" if tld == "uk" else tld.upper()
    return frozenset({code}) if parse_country(code) else frozenset()


# "Boston-based", "Hamburg-headquartered": where a company is, not part of its name.
_DESCRIPTOR_RE = re.compile(r"(?i)^(?:[\w.'’]+[-\s](?:based|headquartered|born|founded)\b[,]?\s*)+")
# Page furniture after a name: "Glimau Software Ltd. All rights reserved".
_FURNITURE = frozenset({"all", "rights", "reserved", "privacy", "cookie", "cookies", "home", "contact", "menu"})


def strip_descriptor(name: str) -> str:
    """"Leeds-based Iselfeld Foods plc" → "Iselfeld Foods plc"."""
    return _DESCRIPTOR_RE.sub("", name.strip()).strip()


def trim_furniture(name: str) -> str:
    words = name.split()
    for i, word in enumerate(words):
        if i and word.lower().strip(".,") in _FURNITURE:
            return " ".join(words[:i])
    return name


def not_a_name(name: str) -> bool:
    """A country ("United Kingdom", "GB") or a bare descriptor is no entity's name."""
    bare = name.strip(" .,;:")
    if not bare or not strip_descriptor(bare):
        return True
    return parse_country(bare) is not None


def clean_name(raw: str) -> str | None:
    """A company name from a title or key: "Yonder Capital | Treasury software" → "Yonder Capital",
    "Oak Group expands" → "Oak Group" (the leading run of capitalised words)."""
    name = strip_descriptor(_TITLE_NOISE_RE.sub("", raw).strip(" |-–—:\"'"))
    name = _SEGMENT_RE.split(name, maxsplit=1)[0]
    words = []
    for word in name.split():
        if not _NAME_WORD_RE.fullmatch(word) or word.lower().strip(".,") in _FURNITURE:
            break
        words.append(word)
    while words and not words[-1][:1].isupper() and not words[-1][:1].isdigit():
        words.pop()  # a trailing connector
    name = " ".join(words).strip(" ,")
    if not_a_name(name):
        return None
    return name if 2 <= len(name) <= 100 and any(c.isalpha() for c in name) else None
