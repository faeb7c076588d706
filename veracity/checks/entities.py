"""Which entity each part of a source is about, and whether that is the run's input entity.

Sources name the companies they speak of: a JSON record's name and domain keys, a
registry's `Name:` line, a page's title, a search result's title and URL, a rival in a
news sentence. Those anchors are grouped into records (name, domain, country) and every
position of a source belongs to the nearest record before it (else to what the step was
asked for: the URL or domain in its arguments). A record is compared with the input's
entity the way record linkage does: strong identifiers (domain) decide; otherwise the
name with its legal suffix stripped and the country, with a confusable name (shared
words, different key) counting against.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from veracity.model import Run, Source, Step
from veracity.values import ValueType, find_names, find_values, org_key, registrable_domain
from veracity.values.country import parse_country
from veracity.values.names import parse_org

Same = Literal["same", "different", "unknown"]

_NAME_KEY_RE = re.compile(
    r'"(?:name|legal_?name|legalName|company(?:_name|Name)?|display_?name|displayName|organi[sz]ation'
    r'|org_name|business_name|entity_name|title)"\s*:\s*"([^"\n]{2,120})"'
)
_NAME_LINE_RE = re.compile(r"(?im)^\s*(?:company|legal name|name|entity|organi[sz]ation)\s*[:=]\s*(.{2,120}?)\s*$")
_HTML_NAME_RE = re.compile(r"(?is)<(?:title|h1)[^>]*>\s*([^<]{2,120}?)\s*</(?:title|h1)>")
_COUNTRY_RE = re.compile(
    r'(?i)(?:"(?:country|country_?code|countryCode|jurisdiction|hq_country)"\s*:\s*"([A-Za-z .]{2,40})"'
    r"|^\s*(?:country|jurisdiction)\s*[:=]\s*([A-Za-z .]{2,40})\s*$)",
    re.MULTILINE,
)
_TITLE_NOISE_RE = re.compile(
    r"(?i)\s*(?:[|\-–—:]\s*(?:home|about(?: us)?|official site|company|welcome).*"
    r"|^(?:about|inside|meet|introducing|welcome to|spotlight on|profile:?)\s+)"
)
_SENTENCE_END_RE = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n")
RECORD_REACH = 700  # characters after its anchor that a record still covers


@dataclass
class Record:
    """One entity a source speaks of."""

    start: int
    name: str | None = None
    domain: str | None = None
    country: str | None = None
    end: int | None = None  # a name met in running text speaks only until its sentence ends

    @property
    def key(self) -> str | None:
        if not self.name:
            return None
        words = org_key(self.name).split()
        while len(words) > 1 and len(words[-1]) == 1:
            words.pop()  # "Fjord Solar B" is "Fjord Solar B.V." cut at its dots
        return " ".join(words)

    @property
    def countries(self) -> frozenset[str]:
        """Where the entity is: stated, else implied by its legal form or its domain's country code."""
        if self.country:
            return frozenset({self.country})
        implied = legal_form_countries(self.name) if self.name else frozenset()
        if not implied and self.domain:
            implied = domain_country(self.domain)
        return implied


@dataclass
class Profile:
    """The input's entity: its name keys, domains and country."""

    keys: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    country: str | None = None

    def compare(self, record: Record) -> Same:
        if record.domain and self.domains:
            return "same" if record.domain in self.domains else "different"
        key = record.key
        if key and self.keys:
            if key not in self.keys:
                return "different"
            if self.country and record.countries and self.country not in record.countries:
                return "different"  # the same name in another country
            return "same"
        if record.domain and not self.domains:
            return "unknown"
        return "unknown"


_SEGMENT_RE = re.compile(r"\s+[|–—-]\s+|:\s+")
_NAME_WORD_RE = re.compile(r"[A-Z0-9&][\w&'’.,-]*|&|and|of|de|du|van|von|der|y|et|für|und")


# Legal forms tied to a jurisdiction; a form used in many places ("Ltd", "SA", "Inc") ties nothing.
_FORM_COUNTRIES = {
    "gmbh": "DE AT CH", "ag": "DE AT CH", "kg": "DE AT", "ug": "DE", "llc": "US", "pllc": "US",
    "pty": "AU", "pte": "SG", "pvt": "IN SG PK LK BD NP MY", "bv": "NL", "nv": "NL BE", "ab": "SE", "dac": "IE",
    "sas": "FR", "sarl": "FR LU", "oy": "FI", "oyj": "FI", "sl": "ES", "slu": "ES", "spa": "IT", "srl": "IT RO",
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


def _clean_name(raw: str) -> str | None:
    """A company name from a title or key: "Yonder Capital | Treasury software" → "Yonder Capital",
    "Oak Group expands" → "Oak Group" (the leading run of capitalised words)."""
    name = _TITLE_NOISE_RE.sub("", raw).strip(" |-–—:\"'")
    name = _SEGMENT_RE.split(name, maxsplit=1)[0]
    words = []
    for word in name.split():
        if not _NAME_WORD_RE.fullmatch(word):
            break
        words.append(word)
    while words and not words[-1][:1].isupper() and not words[-1][:1].isdigit():
        words.pop()  # a trailing connector
    name = " ".join(words).strip(" ,")
    return name if 2 <= len(name) <= 100 and any(c.isalpha() for c in name) else None


def _anchors(text: str) -> Iterator[tuple[int, str, str]]:
    """(position, kind, value): names, domains and countries in a source's text."""
    for regex in (_NAME_KEY_RE, _NAME_LINE_RE, _HTML_NAME_RE):
        for m in regex.finditer(text):
            name = _clean_name(m.group(1))
            if name:
                yield m.start(1), "name", name
    for mention in find_values(text, ValueType.DOMAIN):
        domain = getattr(mention.normal, "domain", None)
        if isinstance(domain, str) and not domain.endswith(("example.com", "example-data.com")):
            yield mention.start, "domain", registrable_domain(domain)
    for m in _COUNTRY_RE.finditer(text):
        code = parse_country((m.group(1) or m.group(2) or "").strip())
        if code:
            yield m.start(), "country", code


def _prose_names(text: str, known: set[str]) -> Iterator[tuple[int, str]]:
    """Organisation names in running text: the input's, names a reader could confuse with it, and
    suffixed company names — looked for only in texts that mention the input's name at all."""
    low = text.lower()
    if not any(key.split()[0] in low for key in known if key):
        return
    for mention in find_names(text, ValueType.ORG_NAME):
        key = org_key(mention.raw)
        suffixed = mention.normal is not None and getattr(mention.normal, "legal_suffix", None)
        confusable = bool(key) and any(_shares_first_word(key, k) for k in known)
        if key and (key in known or confusable or (suffixed and " " in key)):  # "Denver, CO" is a city
            yield mention.start, mention.raw


def _shares_first_word(a: str, b: str) -> bool:
    """"bramble materials group" and "bramble payments": names a reader could confuse."""
    wa, wb = a.split(), b.split()
    return len(wa[0]) >= 4 and wa[0] == wb[0] and a != b


def records_of(source: Source, known_keys: set[str]) -> list[Record]:
    """The records a source speaks of, in order of position."""
    text = source.content
    anchors = sorted(_anchors(text))
    names_at = {pos for pos, kind, _ in anchors if kind == "name"}
    anchors += [(pos, "prose", raw) for pos, raw in _prose_names(text, known_keys) if pos not in names_at]
    anchors.sort()
    records: list[Record] = []
    for pos, kind, value in anchors:
        current = records[-1] if records else None
        near = current is not None and pos - current.start <= 300
        if kind in ("name", "prose"):
            if current is not None and near and current.name is None:
                current.name = value  # a domain just before its name: one record (a search result)
            elif current is not None and current.name and current.name.lower() == value.lower() and pos - current.start <= 200:
                continue  # the same name again: a page's <title> and <h1>
            else:
                end = _sentence_end(text, pos) if kind == "prose" else None
                records.append(Record(start=pos, name=value, end=end))
        elif kind == "domain":
            if current is not None and near and current.domain is None:
                current.domain = value
            elif current is None or current.domain != value:
                records.append(Record(start=pos, domain=value))
        elif current is not None and near and current.country is None:
            current.country = value
    # A lone word with nothing to identify it ("Logistics roundup" → "Logistics") is no entity.
    return [r for r in records if r.domain or r.country or (r.key and (" " in r.key or r.key in known_keys))]


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END_RE.search(text, pos)
    tag = text.find("</", pos)
    ends = [x for x in (m.start() if m else None, tag if tag >= 0 else None) if x is not None]
    return min(ends) if ends else len(text)


def _arg_record(step: Step | None) -> Record | None:
    """What a tool was asked about: the domain of a URL or domain among its arguments."""
    if step is None or not isinstance(step.args, dict):
        return None
    for value in step.args.values():
        if isinstance(value, str) and "." in value and " " not in value:
            mentions = find_values(value, ValueType.DOMAIN)
            if mentions:
                domain = getattr(mentions[0].normal, "domain", None)
                if isinstance(domain, str):
                    return Record(start=0, domain=registrable_domain(domain))
    return None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def input_profile(run: Run, records: dict[str, list[Record]]) -> Profile:
    """The input entity, completed with the domains that sources give its exact name (and country)."""
    profile = Profile()
    inp = run.input if isinstance(run.input, dict) else {"name": run.input}
    for key, value in inp.items():
        for text in _strings(value):
            low = str(key).lower()
            if "country" in low or "jurisdiction" in low:
                profile.country = parse_country(text) or profile.country
            elif any(w in low for w in ("domain", "website", "url", "site")):
                for m in find_values(text, ValueType.DOMAIN):
                    domain = getattr(m.normal, "domain", None)
                    if isinstance(domain, str):
                        profile.domains.add(registrable_domain(domain))
            elif any(w in low for w in ("company", "name", "organization", "organisation", "query", "entity")) and (
                key := org_key(text)
            ):
                profile.keys.add(key)
    if not profile.domains and profile.keys:
        # Domains that sources give the input's exact name, less any that a source places in
        # another country (the same name abroad: "Luminarix, LLC", US, for Luminarix Ltd., CA).
        every = [r for recs in records.values() for r in recs if r.domain]
        home = profile.country
        elsewhere = {r.domain for r in every if r.countries and home and home not in r.countries}
        profile.domains = {
            r.domain for r in every if r.domain
            and r.key in profile.keys and r.domain not in elsewhere
        }  # fmt: skip
    return profile


@dataclass
class EntityMap:
    """For every source of a run: its records, and the record each position belongs to."""

    profile: Profile
    records: dict[str, list[Record]]
    defaults: dict[str, Record | None]

    def record_at(self, source_id: str, pos: int) -> Record | None:
        recs = self.records.get(source_id, [])
        i = bisect_right([r.start for r in recs], pos) - 1
        while i >= 0 and (end := recs[i].end) is not None and end < pos:
            i -= 1  # a rival named in an earlier sentence says nothing about this one
        if i >= 0 and pos - recs[i].start <= RECORD_REACH:
            return recs[i]
        return self.defaults.get(source_id) or (recs[0] if recs and i < 0 and recs[0].start - pos <= 200 else None)

    def about(self, source: Source, pos: int) -> Same:
        if source.kind == "input":
            return "same"
        record = self.record_at(source.source_id, pos)
        return self.profile.compare(record) if record is not None else "unknown"


def entity_map(run: Run) -> EntityMap:
    """Records of every source of a run and the input entity's profile."""
    steps = {s.step_id: s for s in run.steps}
    first_keys: set[str] = set()
    inp = run.input if isinstance(run.input, dict) else {"name": run.input}
    for text in _strings(inp):
        if org_key(text):
            first_keys.add(org_key(text))
    records: dict[str, list[Record]] = {}
    defaults: dict[str, Record | None] = {}
    for source in run.sources:
        if source.kind == "input":
            continue
        recs = records_of(source, first_keys)
        asked = _arg_record(steps.get(source.step_id or ""))
        if asked is not None and recs and recs[0].domain is None:
            recs[0].domain = asked.domain  # a page fetched by URL is about that URL's site
        records[source.source_id] = recs
        defaults[source.source_id] = asked
    return EntityMap(input_profile(run, records), records, defaults)
