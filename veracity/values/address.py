"""Postal addresses: abbreviations expanded, punctuation and case folded; the house number
and postcode must agree; otherwise two addresses are the same when one's distinctive tokens
are contained in the other's (a less specific form of the same address).

>>> a = parse_address("12 Market St., San Francisco, CA")
>>> b = parse_address("12 Market Street, San Francisco, California")
>>> a == b, same_address(a, b)
(True, True)
>>> same_address(a, parse_address("14 Market Street, San Francisco, CA"))
False
>>> same_address(a, parse_address("12 Main Street, San Francisco, CA"))
False
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .folding import all_matched, has_digit, tokens, unmatched
from .labels import label_at
from .lexicon import for_language
from .types import Address, Mention

# Postal abbreviations and what they stand for, in every language (.lexicon): "st" -> "street".
STREET_TYPES: dict[str, str] = dict(for_language(None).postal_abbreviations)
US_STATES: dict[str, str] = {
    "al": "alabama", "ak": "alaska", "az": "arizona", "ar": "arkansas", "ca": "california",
    "co": "colorado", "ct": "connecticut", "de": "delaware", "fl": "florida", "ga": "georgia",
    "hi": "hawaii", "id": "idaho", "il": "illinois", "in": "indiana", "ia": "iowa", "ks": "kansas",
    "ky": "kentucky", "la": "louisiana", "me": "maine", "md": "maryland", "ma": "massachusetts",
    "mi": "michigan", "mn": "minnesota", "ms": "mississippi", "mo": "missouri", "mt": "montana",
    "ne": "nebraska", "nv": "nevada", "nh": "new hampshire", "nj": "new jersey", "nm": "new mexico",
    "ny": "new york", "nc": "north carolina", "nd": "north dakota", "oh": "ohio", "ok": "oklahoma",
    "or": "oregon", "pa": "pennsylvania", "ri": "rhode island", "sc": "south carolina",
    "sd": "south dakota", "tn": "tennessee", "tx": "texas", "ut": "utah", "vt": "vermont",
    "va": "virginia", "wa": "washington", "wv": "west virginia", "wi": "wisconsin", "wy": "wyoming",
    "dc": "district of columbia",
}  # fmt: skip
COUNTRIES: dict[str, str] = {
    "usa": "united states", "us": "united states", "u s": "united states", "u s a": "united states",
    "united states of america": "united states", "america": "united states", "uk": "united kingdom",
    "gb": "united kingdom", "great britain": "united kingdom", "deutschland": "germany", "uae": "united arab emirates",
}  # fmt: skip
# Tokens that say what kind of place a token is, not which place: never distinctive alone.
GENERIC = frozenset(
    [
        "street",
        "avenue",
        "road",
        "boulevard",
        "drive",
        "lane",
        "court",
        "place",
        "plaza",
        "square",
        "highway",
        "parkway",
        "terrace",
        "circle",
        "trail",
        "alley",
        "way",
        "suite",
        "floor",
        "apartment",
        "building",
        "room",
        "unit",
        "department",
        "po",
        "box",
        "number",
        "the",
        "of",
        "and",
        "united",
        "states",
        "kingdom",
    ]
)
_ZIP_RE = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
_UK_POST_RE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b")
_CA_POST_RE = re.compile(r"\b([A-Z]\d[A-Z])\s?(\d[A-Z]\d)\b")
_NUM_TOKEN_RE = re.compile(r"^\d+[a-z]?$")
_UNIT_WORDS = frozenset({"suite", "floor", "apartment", "unit", "room", "building", "po", "box", "number"})


_COMPOUND_STREET_RE = re.compile(r"^([a-z]{3,})(?:strasse|str)$")
#: Tokens that name a region or country: an address may add one that its source leaves out.
REGION_TOKENS = frozenset(w for name in (*US_STATES.values(), *COUNTRIES.values()) for w in name.split()) | {
    "nsw",
    "vic",
    "qld",
    "tas",
    "act",
    "wa",
    "sa",
    "nt",  # Australian states and territories
}


def is_region_token(token: str) -> bool:
    """A state, province or country word, or a two-letter region code ("TS", "BC", "NSW" aside)."""
    return token in REGION_TOKENS or (len(token) == 2 and token.isalpha() and token not in STREET_TYPES)


def _expand(toks: list[str], n_commas_after: list[bool]) -> list[str]:
    out: list[str] = []
    for i, t in enumerate(toks):
        # A 2-letter state code is only a state after a comma or at the end ("Dr" is drive).
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        at_state_pos = i == len(toks) - 1 or n_commas_after[i] or (i > 0 and n_commas_after[i - 1])
        unit_number = bool(_NUM_TOKEN_RE.match(nxt)) and not (len(nxt) == 5 and nxt.isdigit())
        if t in STREET_TYPES and unit_number:
            out.append(STREET_TYPES[t])  # "Fl. 5", "Ste 200": a unit before its number, not a state
        elif t in US_STATES and (at_state_pos or (len(nxt) == 5 and nxt.isdigit())):
            out.extend(US_STATES[t].split())
        elif t in STREET_TYPES:
            out.append(STREET_TYPES[t])
        elif (m := _COMPOUND_STREET_RE.match(t)) is not None:
            out.extend((m.group(1), "street"))  # "Schillerstraße", "Schillerstr." → schiller street
        elif t in COUNTRIES:
            out.extend(COUNTRIES[t].split())
        else:
            out.append(t)
    return out


def _postcode(s: str) -> str | None:
    m = _UK_POST_RE.search(s.upper()) if not s.isdigit() else None
    if m and any(c.isalpha() for c in m.group(1)):
        return (m.group(1) + m.group(2)).lower()
    m = _CA_POST_RE.search(s.upper())
    if m:
        return (m.group(1) + m.group(2)).lower()
    m = _ZIP_RE.search(s)
    return m.group(1) if m else None


def parse_address(value: object) -> Address | None:
    if not isinstance(value, str):
        if isinstance(value, dict):
            value = ", ".join(
                str(v) for v in value.values() if isinstance(v, str | int) and not isinstance(v, bool)
            )
        else:
            return None
    s = value.strip()
    if not s:
        return None
    # Tokenise per comma-separated part so state codes are recognised by position.
    parts = [p for p in re.split(r"[,\n;]", s) if p.strip()]
    toks: list[str] = []
    comma_after: list[bool] = []
    for p in parts:
        pt = tokens(p)
        for j, t in enumerate(pt):
            toks.append(t)
            comma_after.append(j == len(pt) - 1)
    if not toks:
        return None
    toks = _expand(toks, comma_after)
    postcode = _postcode(s)
    number: str | None = None
    prev = ""
    for t in toks:
        if _NUM_TOKEN_RE.match(t) and prev not in _UNIT_WORDS and t != postcode and len(t) <= 6:
            number = t
            break
        prev = t
    return Address(key=" ".join(toks), tokens=tuple(toks), number=number, postcode=postcode)


def _distinctive(ts: list[str], number: str | None, postcode: str | None) -> list[str]:
    return [t for t in ts if t not in GENERIC and t != number and t != postcode]


def _hard_conflict(a: Address, b: Address) -> bool:
    if a.number and b.number and a.number != b.number:
        return True
    if a.postcode and b.postcode and a.postcode[:5] != b.postcode[:5]:
        return True
    la, lb = unmatched(a.tokens, b.tokens)
    da = _distinctive(la, a.number, a.postcode)
    db = _distinctive(lb, b.number, b.postcode)
    return bool(da) and bool(db)


def address_within(a: Address, b: Address) -> bool:
    """``b`` states the address ``a``: same fact and every token of ``a`` has a partner in
    ``b`` (``same_address(a, b) and not unmatched(a.tokens, b.tokens)[0]``, computed once)."""
    if a.number and b.number and a.number != b.number:
        return False
    if a.postcode and b.postcode and a.postcode[:5] != b.postcode[:5]:
        return False
    if all_matched(a.tokens, b.tokens):
        return True
    # "421 Queen Street, Perth, WA 0436" is stated by "421 QUEEN STREET PERTH 0436": the region
    # the value adds is not in the source, but nothing it says is contradicted.
    core = tuple(t for t in a.tokens if not is_region_token(t))
    return len(core) >= 3 and len(core) < len(a.tokens) and bool(a.number) and all_matched(core, b.tokens)


def address_distance(a: Address, b: Address) -> float:
    if a.tokens == b.tokens:
        return 0.0
    d = 1.0 - fuzz.token_set_ratio(a.key, b.key) / 100.0
    if _hard_conflict(a, b):
        return max(d, 0.5)
    return min(d, 0.2)


def same_address(a: Address, b: Address, tolerance: float | None = None) -> bool:
    if tolerance is not None:
        return address_distance(a, b) <= tolerance
    return not _hard_conflict(a, b)


_STREET_WORDS = "|".join(
    sorted(
        {*STREET_TYPES, *(v for v in STREET_TYPES.values() if v not in ("north", "south", "east", "west"))},
        key=len,
        reverse=True,
    )
)
_ADDR_RE = re.compile(
    rf"(?<![\w.,-])\d{{1,6}}[A-Za-z]?(?:-\d{{1,6}})?\s+(?:[A-Za-z0-9][\w'.-]*\s+){{0,5}}?(?:{_STREET_WORDS})\b\.?"
    r"(?:,?\s*(?:suite|ste\.?|floor|fl\.?|unit|apt\.?|#)\s*[\w-]+)?"
    r"(?:,\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}){0,3}"
    r"(?:,?\s+(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d))?",
    re.IGNORECASE,
)
_ADDR_LABEL_RE = re.compile(r"(?:address|addr|street|location|hq|headquarter|office|city|located)", re.I)
_JSON_STRING_RE = re.compile(r'"((?:[^"\\\n]|\\.){3,200})"')


def find_addresses(text: str) -> list[Mention]:
    """Street addresses ("12 Market St., San Francisco, CA 94105") and JSON strings or table
    cells labelled as an address/location."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    if has_digit(text):
        for m in _ADDR_RE.finditer(text):
            raw = m.group().rstrip(" ,.")
            a = parse_address(raw)
            if a is None:
                continue
            end = m.start() + len(raw)
            out.append(Mention(a, m.start(), end, raw, False, label_at(text, m.start(), end)))
            taken.append((m.start(), end))
    if '"' in text:
        for m in _JSON_STRING_RE.finditer(text):
            if any(x <= m.start(1) < y for x, y in taken):
                continue
            label = label_at(text, m.start(1), m.end(1))
            if label and _ADDR_LABEL_RE.search(label) and text[m.end() : m.end() + 3].lstrip()[:1] != ":":
                a = parse_address(m.group(1))
                if a is not None:
                    out.append(Mention(a, m.start(1), m.end(1), m.group(1), False, label))
    out.sort(key=lambda x: x.start)
    return out


def render_address(a: Address) -> str:
    return a.key


# Each abbreviation's words spelled out ("st" -> {"street", "saint"}), over states, street types
# and countries: what a window of tokens may hold once parsed as an address.
ADDRESS_EXPANSIONS: dict[str, frozenset[str]] = {}
for _table in (US_STATES, STREET_TYPES, COUNTRIES):
    for _k, _v in _table.items():
        ADDRESS_EXPANSIONS[_k] = ADDRESS_EXPANSIONS.get(_k, frozenset()) | frozenset(_v.split())
