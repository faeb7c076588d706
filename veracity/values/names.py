"""Organisation and person names.

Organisation names drop legal suffixes for comparison (kept in ``legal_suffix``) and must
then have the same distinctive tokens: similar-but-different names are different entities.

>>> k = [org_key(s) for s in ("Acme Robotics, Inc.", "Acme Robotics Inc", "ACME ROBOTICS INCORPORATED", "Acme Robotics")]
>>> len(set(k)), k[0]
(1, 'acme robotics')
>>> same_org(parse_org("Acme Robotics"), parse_org("Acme Robotic Systems"))
False
>>> parse_org("Acme Robotics GmbH").legal_suffix
'gmbh'
>>> same_person(parse_person("Dr. Dana J. Liu"), parse_person("Liu, Dana"))
True
>>> same_person(parse_person("Dana Liu"), parse_person("Dana Lee"))
False
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from .folding import fold, merge_initials, tokens
from .lexicon import words
from .types import OrgName, PersonName

LEGAL_SUFFIXES: dict[str, str] = {
    "inc": "inc", "incorporated": "inc", "corp": "corp", "corporation": "corp", "co": "co",
    "company": "co", "cos": "co", "llc": "llc", "llp": "llp", "lp": "lp", "ltd": "ltd", "limited": "ltd",
    "plc": "plc", "gmbh": "gmbh", "mbh": "gmbh", "ag": "ag", "kg": "kg", "kgaa": "kgaa", "ug": "ug", "ohg": "ohg",
    "se": "se", "sa": "sa", "sas": "sas", "sasu": "sasu", "sarl": "sarl", "sl": "sl", "sau": "sau",
    "spa": "spa", "srl": "srl", "sro": "sro", "bv": "bv", "nv": "nv", "cv": "cv", "oy": "oy", "oyj": "oyj",
    "ab": "ab", "publ": "publ", "as": "as", "asa": "asa", "aps": "aps", "kk": "kk", "pty": "pty",
    "pte": "pte", "pvt": "pvt", "private": "pvt", "bhd": "bhd", "sdn": "sdn", "tbk": "tbk", "lda": "lda",
    "ltda": "ltda", "limitada": "ltda", "sab": "sab", "de": "de", "jsc": "jsc", "pjsc": "pjsc", "ojsc": "ojsc", "ooo": "ooo",
    "zao": "zao", "oao": "oao", "kft": "kft", "zrt": "zrt", "doo": "doo", "dd": "dd", "ad": "ad",
    "nl": "nl", "sca": "sca", "scs": "scs", "eg": "eg", "ev": "ev", "gk": "gk", "yk": "yk", "pllc": "pllc",
    "lllp": "lllp", "pc": "pc", "sp": "sp", "zoo": "zoo", "pbc": "pbc", "ulc": "ulc", "gbr": "gbr",
    "dac": "dac", "uc": "uc", "clg": "clg", "cic": "cic", "sarf": "sarf", "slu": "slu",
}  # fmt: skip
# Suffix tokens that are also ordinary words: stripped only after another suffix or a comma.
_WEAK_SUFFIXES = frozenset(
    {"de", "as", "private", "co", "company", "sp", "zoo", "ad", "se", "eg", "ev", "pc", "dd", "nl"}
)
ORG_ABBREV = {
    "intl": "international", "int'l": "international", "natl": "national", "assoc": "association",
    "assn": "association", "bros": "brothers", "univ": "university", "inst": "institute",
    "svcs": "services", "mgmt": "management", "grp": "group", "hldgs": "holdings", "mfg": "manufacturing",
    "and": "and",
}  # fmt: skip
_LEADING_DROP = frozenset({"the"})
# Legal forms written out in full: "Besloten Vennootschap" is "BV", "Société Anonyme" is "SA".
_SPELLED_SUFFIXES = {
    "besloten vennootschap": "bv", "naamloze vennootschap": "nv", "societe anonyme": "sa",
    "sociedad anonima": "sa", "aktiengesellschaft": "ag", "gesellschaft mit beschrankter haftung": "gmbh",
    "public limited company": "plc", "limited liability company": "llc", "societa per azioni": "spa",
    "sociedad limitada": "sl", "societe par actions simplifiee": "sas", "proprietary limited": "pty ltd",
    "aktiebolag": "ab", "osakeyhtio": "oy", "aksjeselskap": "as", "sociedade limitada": "lda",
    "sociedade anonima": "sa", "societa a responsabilita limitata": "srl",
    "sociedad de responsabilidad limitada": "srl",
}  # fmt: skip
ORG_CUES = frozenset(fold(w) for w in words("org_words"))  # every language's (.lexicon)


@lru_cache(maxsize=8192)
def _org_parts(name: str) -> tuple[tuple[str, ...], str | None]:
    raw_toks = merge_initials(tokens(name.replace(".", " ")))
    toks = [ORG_ABBREV.get(t, t) for t in raw_toks]
    joined = " ".join(toks)
    if any(form in joined for form in _SPELLED_SUFFIXES):
        for form, short in _SPELLED_SUFFIXES.items():
            joined = re.sub(rf"\b{form}$", short, joined)
        toks = joined.split()
    while toks and toks[0] in _LEADING_DROP and len(toks) > 1:
        toks.pop(0)
    comma_tail = "," in name
    suffix: list[str] = []
    while len(toks) > 1 and (toks[-1] in LEGAL_SUFFIXES or (toks[-1] == "and" and suffix)):
        t = toks[-1]
        if t == "and":  # "GmbH & Co. KG": the "&" between two suffixes is part of them
            toks.pop()
            continue
        if t in _WEAK_SUFFIXES and not suffix and not comma_tail and len(toks) <= 2:
            break
        if t in _WEAK_SUFFIXES and not suffix and not comma_tail and t not in ("co", "company"):
            break
        suffix.insert(0, LEGAL_SUFFIXES[t])
        toks.pop()
    # "Acme & Co" -> the "and" left behind belongs to the suffix.
    if suffix and len(toks) > 1 and toks[-1] == "and":
        toks.pop()
    return tuple(toks), (" ".join(suffix) if suffix else None)


def org_tokens(name: str) -> tuple[str, ...]:
    """Comparison tokens of an organisation name, legal suffixes and a leading "The" removed."""
    return _org_parts(name)[0]


def org_key(name: str) -> str:
    """A normalised key for record linkage: ``"The Acme Robotics, Inc."`` -> ``"acme robotics"``."""
    return " ".join(_org_parts(name)[0])


def parse_org(value: object) -> OrgName | None:
    if not isinstance(value, str):
        return None
    return _parse_org(value)


@lru_cache(maxsize=8192)
def _parse_org(value: str) -> OrgName | None:
    toks, suffix = _org_parts(value.strip())
    if not toks:
        return None
    return OrgName(key=" ".join(toks), tokens=toks, legal_suffix=suffix, display=" ".join(value.split()))


def same_org(a: OrgName, b: OrgName, tolerance: float | None = None) -> bool:
    """Same distinctive tokens (any order); the legal suffix is ignored."""
    if tolerance is not None:
        return org_distance(a, b) <= tolerance
    return a.tokens == b.tokens or sorted(a.tokens) == sorted(b.tokens)


def org_distance(a: OrgName, b: OrgName) -> float:
    if a.tokens == b.tokens or sorted(a.tokens) == sorted(b.tokens):
        return 0.0
    return max(0.01, 1.0 - fuzz.token_sort_ratio(a.key, b.key) / 100.0)


def render_org(o: OrgName) -> str:
    return o.key + (" " + o.legal_suffix if o.legal_suffix else "")


# --- people -------------------------------------------------------------------------------

TITLES = frozenset(fold(w) for w in words("titles"))  # every language's (.lexicon)
NAME_SUFFIXES = frozenset(
    [
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "v",
        "phd",
        "md",
        "mba",
        "cpa",
        "esq",
        "dds",
        "jd",
        "cfa",
        "pe",
        "rn",
        "obe",
        "cbe",
        "mbe",
        "kc",
        "qc",
    ]
)
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "st",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
        "ter",
        "ten",
    ]
)


@lru_cache(maxsize=8192)
def _person_parts(name: str) -> tuple[str, tuple[str, ...], str]:
    s = name.strip()
    if "," in s:
        head, _, tail = s.partition(",")
        tail_toks = tokens(tail.replace(".", " "))
        # "Liu, Dana J." -> "Dana J. Liu"; "Nance, Jr." -> "Nance"
        s = tail + " " + head if tail_toks and not all(t in NAME_SUFFIXES for t in tail_toks) else head
    toks = [t for t in tokens(s.replace(".", " "))]
    while toks and toks[0] in TITLES:
        toks.pop(0)
    while len(toks) > 1 and toks[-1] in NAME_SUFFIXES:
        toks.pop()
    if not toks:
        return "", (), ""
    if len(toks) == 1:
        return "", (), toks[0]
    last = [toks.pop()]
    while len(toks) > 1 and toks[-1] in PARTICLES:
        last.insert(0, toks.pop())
    first = toks[0]
    return first, tuple(toks[1:]), " ".join(last)


def parse_person(value: object) -> PersonName | None:
    if not isinstance(value, str):
        return None
    return _parse_person(value)


@lru_cache(maxsize=8192)
def _parse_person(value: str) -> PersonName | None:
    first, middle, last = _person_parts(value)
    if not last:
        return None
    key = " ".join(x for x in (first, *middle, last) if x)
    return PersonName(key=key, first=first, last=last, middle=middle)


def _first_compatible(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)  # "Dan" / "Daniel"


def _same_person(a: PersonName, b: PersonName) -> bool:
    if a.last != b.last:
        return False
    if not _first_compatible(a.first, b.first):
        return False
    if a.middle and b.middle:
        return _first_compatible(a.middle[0], b.middle[0])
    return True


def same_person(a: PersonName, b: PersonName, tolerance: float | None = None) -> bool:
    """Same last name and compatible first names (initials, a shortened first name); middle
    names only conflict when both are given; "Liu Dana" also matches "Dana Liu"."""
    if tolerance is not None:
        return person_distance(a, b) <= tolerance
    if _same_person(a, b):
        return True
    swapped = PersonName(key=b.key, first=b.last, last=b.first, middle=b.middle)
    return bool(b.first) and " " not in b.last and _same_person(a, swapped)


def person_distance(a: PersonName, b: PersonName) -> float:
    if a.key == b.key:
        return 0.0
    if same_person(a, b):
        return 0.05
    return max(0.3, 1.0 - fuzz.token_sort_ratio(a.key, b.key) / 100.0)


def render_person(p: PersonName) -> str:
    return p.key
