"""An entity record and the input's profile: what a source says it is about, and how the two compare.

A record is one entity a source speaks of (a name, a domain, a country; a person a listing names,
with the organisation beside them). The profile is the input's entity. They are compared the way
record linkage does: strong identifiers (domain) decide; otherwise the name with its legal suffix
stripped and the country, a person's name by `same_person`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from veracity.evidence.entity_names import domain_country, legal_form_countries
from veracity.evidence.hosts import PUBLISHER_HOSTS, is_publisher, registrable, resembles
from veracity.evidence.payload import Hasher
from veracity.evidence.persons import same_person
from veracity.values import org_key

Same = Literal["same", "different", "unknown"]


@dataclass
class Record:
    """One entity a source speaks of.

    A record of a fingerprinted source (`hashed`) holds fingerprints: `name` the fingerprint of
    the name's key, `domain` and `country` theirs, and the fingerprints of the countries implied
    by the name's legal form and the domain's country code, computed before the text was dropped.
    """

    start: int
    name: str | None = None
    domain: str | None = None
    country: str | None = None
    end: int | None = None  # a name met in running text speaks only until its sentence ends
    hashed: bool = False
    multiword: bool = False  # hashed: the name's key has more than one word
    name_countries: frozenset[str] = frozenset()  # hashed: implied by the legal form
    domain_countries: frozenset[str] = frozenset()  # hashed: implied by the domain's country code
    written: str | None = None  # hashed: the name as written (lower-cased), to tell a repeat
    person: bool = False  # a person a source lists (contact runs): their attributes follow the name
    segment: int | None = None  # which record of a listing (JSON element, card, row) the anchor is in
    employer: Same | None = None  # a person record's: how the organisation in its segment compares

    @property
    def key(self) -> str | None:
        if not self.name:
            return None
        if self.hashed:
            return self.name
        return name_key(self.name)

    def named_by(self, name: str) -> bool:
        """Whether a plain name names this (plain) record: its name's key, else its own host built from
        the name ("Indigokitchen" and indigokitchen1.com)."""
        key = name_key(name)
        if self.hashed or not key:
            return False
        if self.name:
            return self.key == key
        return bool(self.domain) and own_host(self.domain or "", name)

    @property
    def countries(self) -> frozenset[str]:
        """Where the entity is: stated, else implied by its legal form or its domain's country code."""
        if self.country:
            return frozenset({self.country})
        # A country-code host is firmer than a legal form: forms are shared across jurisdictions
        # (a Belgian SRL, an Italian S.r.l.) and no list of them is complete.
        if self.hashed:
            return (self.domain_countries if self.domain else frozenset()) or (
                self.name_countries if self.name else frozenset()
            )
        implied = domain_country(self.domain) if self.domain else frozenset()
        if not implied and self.name:
            implied = legal_form_countries(self.name)
        return implied


def name_key(name: str) -> str:
    words = org_key(name).split()
    while len(words) > 1 and len(words[-1]) == 1:
        words.pop()  # "Fjord Solar B" is "Fjord Solar B.V." cut at its dots
    return " ".join(words)


@dataclass
class Profile:
    """The input's entity: its name keys, domains and country.

    `hasher` fingerprints them to compare with records of fingerprinted sources; `printed_domains`
    are the fingerprints of domains that fingerprinted sources give the input's exact name.
    """

    keys: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    country: str | None = None
    hasher: Hasher | None = None
    printed_domains: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)  # a contact run's person: name keys (`persons`)
    contact: bool = False  # the input is a person (their records are compared by name, `persons`)

    def hashed(self) -> tuple[set[str], set[str], str | None]:
        """(name keys, domains, country) as fingerprints."""
        h = self.hasher
        if h is None:
            return set(), set(), None
        return ({h("name", k) for k in self.keys}, {h("domain", d) for d in self.domains} | self.printed_domains,
                h("country", self.country) if self.country else None)

    def compare(self, record: Record) -> Same:
        if record.person and not record.hashed:
            if not self.persons:
                return record.employer or "unknown"  # an officer: who they are is whose officer they are
            if not (record.key and any(same_person(record.key, p) for p in self.persons)):
                return "different"
            return "different" if record.employer == "different" else "same"  # a namesake at another firm
        if record.hashed:
            if self.hasher is None:
                return "unknown"
            keys, domains, country = self.hashed()
            return _compare(record.domain, record.key, record.countries, keys, domains, country)
        if not self.domains and self.printed_domains and record.domain and self.hasher is not None:
            # the input's domain is known only from fingerprinted sources
            _, domains, _ = self.hashed()
            same = _compare(self.hasher("domain", record.domain), None, frozenset(), set(), domains, None)
            if same != "unknown":
                return same
        return _compare(record.domain, record.key, record.countries, self.keys, self.domains, self.country,
                        self.persons)


def _compare(domain: str | None, key: str | None, countries: frozenset[str], keys: set[str], domains: set[str],
             country: str | None, persons: set[str] | None = None) -> Same:
    if domain and domains:
        return "same" if domain in domains else "different"
    if key and (keys or persons):
        if key not in keys and not any(same_person(key, p) for p in persons or ()):
            return "different"
        if country and countries and country not in countries:
            return "different"  # the same name in another country
        return "same"
    return "unknown"


def own_host(domain: str, name: str | None) -> bool:
    """A host that can be the named company's own: not a publisher's, and built from the name when
    a name stands beside it."""
    if registrable(domain) in PUBLISHER_HOSTS:
        return False
    if name is None:
        return not is_publisher(domain)
    return resembles(domain, name_key(name))
