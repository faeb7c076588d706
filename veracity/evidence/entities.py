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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from veracity.evidence.entity_names import (
    clean_name,
    domain_country,
    legal_form_countries,
    not_a_name,
    strip_descriptor,
    trim_furniture,
)
from veracity.evidence.hosts import MANY_NAMES, is_publisher, registrable
from veracity.evidence.mentions import Mentions
from veracity.evidence.payload import PAYLOAD_KEY, Hasher, entity_hasher, parse_payload
from veracity.evidence.persons import (
    input_emails,
    input_persons,
    is_contact_input,
    person_anchors,
    persons_by_email,
    under_people_key,
    vcard_anchors,
)
from veracity.evidence.prompt_entity import input_fields, input_strings
from veracity.evidence.records import Profile, Record, Same, name_key, own_host
from veracity.evidence.segments import segments
from veracity.model import Run, Source, Step
from veracity.values import ValueType, find_names, find_values, org_key
from veracity.values.country import parse_country
from veracity.values.csvtext import csv_cells
from veracity.values.namespans import title_spans

_NAME_KEY_RE = re.compile(
    r'"(?:name|legal_?name|legalName|company(?:_name|Name)?|display_?name|displayName|organi[sz]ation'
    r'|org_name|business_name|entity_name|title)"\s*:\s*"([^"\n]{2,120})"'
)
_NAME_LINE_RE = re.compile(r"(?im)^\s*(?:company|legal name|name|entity|organi[sz]ation)\s*[:=]\s*(.{2,120}?)\s*$")
_XML_NAME_RE = re.compile(
    r"(?i)<(name|legal_?name|company(?:_?name)?|organi[sz]ation|entity_?name|business_?name)>\s*([^<\n]{2,120}?)\s*</\1>"
)
_XML_COUNTRY_RE = re.compile(r"(?i)<(country|country_?code|jurisdiction)>\s*([A-Za-z .]{2,40}?)\s*</\1>")
_NAME_HEADER_RE = re.compile(r"(?:company|legal[ _]?name|name|entity|organi[sz]ation)(?:[ _]?name)?")
_COUNTRY_HEADER_RE = re.compile(r"country(?:[ _]?code)?|jurisdiction")
_HTML_NAME_RE = re.compile(r"(?is)<(?:title|h1)[^>]*>\s*([^<]{2,120}?)\s*</(?:title|h1)>")
_COUNTRY_RE = re.compile(
    r'(?i)(?:"(?:country|country_?code|countryCode|jurisdiction|hq_country)"\s*:\s*"([A-Za-z .]{2,40})"'
    r"|^\s*(?:country|jurisdiction)\s*[:=]\s*([A-Za-z .]{2,40})\s*$)",
    re.MULTILINE,
)
# A full stop after a one- or two-digit number is an ordinal ("4. Obergeschoss", "1. März"), not an end.
_SENTENCE_END_RE = re.compile(r"(?<!\b\d)(?<!\b\d\d)[.!?]\s+(?=[A-Z\"“])|\n")
RECORD_REACH = 700  # characters after its anchor that a record still covers


def _anchors(text: str, mentions: Mentions | None = None) -> Iterator[tuple[int, str, str]]:
    """(position, kind, value): names, domains and countries in a source's text."""
    for regex in (_NAME_KEY_RE, _NAME_LINE_RE, _HTML_NAME_RE):
        for m in regex.finditer(text):
            name = clean_name(m.group(1))
            if name and title_spans(name) != [(0, len(name))]:  # a job's title ("VP Engineering") names no entity
                yield m.start(1), "name", name
    for pos, _kind, value in vcard_anchors(text):  # a card's FN and ORG
        name = clean_name(value)
        if name:
            yield pos, "name", name
    for m in _XML_NAME_RE.finditer(text):  # a registry's XML: <name>…</name>
        name = clean_name(m.group(2))
        if name:
            yield m.start(2), "name", name
    for m in _XML_COUNTRY_RE.finditer(text):
        code = parse_country(m.group(2).strip())
        if code:
            yield m.start(2), "country", code
    for pos, header, cell in csv_cells(text):  # a registry's CSV: the name and country columns
        if _NAME_HEADER_RE.fullmatch(header) and (name := clean_name(cell)):
            yield pos, "name", name
        elif _COUNTRY_HEADER_RE.fullmatch(header) and (code := parse_country(cell)):
            yield pos, "country", code
    for mention in mentions.of(ValueType.DOMAIN) if mentions is not None else find_values(text, ValueType.DOMAIN):
        domain = getattr(mention.normal, "domain", None)
        if isinstance(domain, str) and not domain.endswith(("example.com", "example-data.com")):
            yield mention.start, "domain", registrable(domain)
    for m in _COUNTRY_RE.finditer(text):
        code = parse_country((m.group(1) or m.group(2) or "").strip())
        if code:
            yield m.start(), "country", code


def _prose_names(text: str, known: set[str], mentions: Mentions | None = None) -> Iterator[tuple[int, str]]:
    """Organisation names in running text: the input's, names a reader could confuse with it, and
    suffixed company names — looked for only in texts that mention the input's name at all."""
    low = text.lower()
    if not any(key.split()[0] in low for key in known if key):
        return
    for mention in mentions.names(ValueType.ORG_NAME) if mentions is not None else find_names(text, ValueType.ORG_NAME):
        raw = trim_furniture(strip_descriptor(mention.raw))
        if not_a_name(raw):
            continue  # "registered in GB", "a Boston-based company"
        key = org_key(raw)
        suffixed = mention.normal is not None and getattr(mention.normal, "legal_suffix", None)
        confusable = bool(key) and any(_shares_first_word(key, k) for k in known)
        if key and (key in known or confusable or (suffixed and " " in key)):  # "Denver, CO" is a city
            yield mention.start + mention.raw.find(raw[:8]) if raw[:8] in mention.raw else mention.start, raw


def _shares_first_word(a: str, b: str) -> bool:
    """"bramble materials group" and "bramble payments": names a reader could confuse."""
    wa, wb = a.split(), b.split()
    return len(wa[0]) >= 4 and wa[0] == wb[0] and a != b


def records_of(source: Source, known_keys: set[str], mentions: Mentions | None = None,
               people: bool = False) -> list[Record]:
    """The records a source speaks of, in order of position (read from its `mentions` when given;
    `people`: a contact run's, where the people a source lists are records of their own)."""
    text = source.content
    bounds = segments(text)
    anchors = sorted(_anchors(text, mentions))
    listed = [(pos, name, end) for pos, raw, end in (person_anchors(text) if people else ()) if (name := clean_name(raw))]
    if "{" in text:  # an officer's name in a company's record: a person, listed under the company
        listed += [(pos, value, None) for pos, kind, value in anchors if kind == "name" and under_people_key(text, pos)]
    ends = {pos: end for pos, _, end in listed}
    if listed:  # a person a key, a heading or a row names: a person record, not a company's name
        anchors = sorted([a for a in anchors if a[0] not in ends] + [(pos, "person", name) for pos, name, _ in listed])
    names_at = {pos for pos, kind, _ in anchors if kind in ("name", "person")}
    anchors += [(pos, "prose", raw) for pos, raw in _prose_names(text, known_keys, mentions) if pos not in names_at]
    anchors.sort()
    records: list[Record] = []
    for pos, kind, value in anchors:
        current = records[-1] if records else None
        same_segment = current is not None and bisect_right(bounds, pos) == bisect_right(bounds, current.start)
        near = current is not None and pos - current.start <= 300 and same_segment
        if kind == "person":
            records.append(Record(start=pos, name=value, person=True, end=ends.get(pos)))
        elif kind in ("name", "prose"):
            if current is not None and near and current.name is None:
                current.name = value  # a domain just before its name: one record (a search result)
                if current.domain and not own_host(current.domain, value):
                    current.domain = None  # a directory's page about the company, not its own site
            elif (current is not None and same_segment and current.name and current.name.lower() == value.lower()
                  and pos - current.start <= 200):
                continue  # the same name again: a page's <title> and <h1>
            else:
                end = _prose_end(text, pos, bounds) if kind == "prose" else None
                records.append(Record(start=pos, name=value, end=end))
        elif kind == "domain":
            if current is not None and near and current.domain is None:
                if own_host(value, current.name):
                    current.domain = value
            elif not is_publisher(value) and (current is None or current.domain != value):
                records.append(Record(start=pos, domain=value))
        elif current is not None and near and current.country is None:
            current.country = value
    if len(bounds) >= 2:
        for r in records:  # a record speaks until its segment ends: the next search result is another's
            after = bisect_right(bounds, r.start)
            r.segment = after
            if after < len(bounds) and (r.end is None or r.end > bounds[after]):
                r.end = bounds[after]
    # A lone word with nothing to identify it ("Logistics roundup" → "Logistics") is no entity.
    return [r for r in records if r.domain or r.country or r.person or (r.key and (" " in r.key or r.key in known_keys))]


def drop_aggregators(records: dict[str, list[Record]]) -> None:
    """A host given to many different companies in one run is an aggregator's, not theirs."""
    names: dict[str, set[str]] = {}
    for recs in records.values():
        for r in recs:
            if r.domain and r.key and not r.hashed:
                names.setdefault(r.domain, set()).add(r.key)
    crowded = {d for d, keys in names.items() if len(keys) >= MANY_NAMES}
    for recs in records.values():
        for r in recs:
            if r.domain in crowded:
                r.domain = None


def anchor_facts(text: str, hasher: Hasher, record_of: Callable[[int], int | None] | None = None) -> list[dict[str, Any]]:
    """The entity anchors of a text as fingerprint entries (`"t": "e"`), for a fingerprinted source.

    `k` is the anchor's kind: `n` a name (from a key, a `Name:` line, a title), `p` a name in
    running text (kept at check time only if it is the input's, confusable with it, or a suffixed
    company name, as `records_of` keeps them), `d` a domain, `c` a country. `h` fingerprints the
    name's key (the domain, the country code), `x` the name as written (a repeat of it is one
    record), `w` the name's first word when a reader could confuse names by it, `p` is where the anchor stood and `e` where its sentence ends; `m` marks a
    key of several words, `s` a suffixed company name, `c` the countries a legal form or a domain's
    country code implies. The text itself is not kept.
    """
    out: list[dict[str, Any]] = []

    def put(pos: int, kind: str, **entry: Any) -> None:
        row = {"t": "e", "k": kind, "p": pos, **{k: v for k, v in entry.items() if v}}
        r = record_of(pos) if record_of is not None else None
        if r is not None:
            row["r"] = r
        out.append(row)

    def name_entry(name: str) -> dict[str, Any]:
        key = name_key(name)
        first = key.split()[0] if key else ""
        return {"h": hasher("name", key) if key else None, "x": hasher("written", name.lower()),
                "w": hasher("word", first) if len(first) >= 4 else None,
                "m": 1 if " " in key else None,
                "c": sorted(hasher("country", c) for c in legal_form_countries(name)) or None}

    anchors = sorted(_anchors(text))
    names_at = {pos for pos, kind, _ in anchors if kind == "name"}
    for pos, kind, value in anchors:
        if kind == "name":
            put(pos, "n", **name_entry(value))
        elif kind == "domain":
            put(pos, "d", h=hasher("domain", value), c=sorted(hasher("country", c) for c in domain_country(value)) or None)
        else:
            put(pos, "c", h=hasher("country", value))
    for mention in find_names(text, ValueType.ORG_NAME):
        if mention.start in names_at or not org_key(mention.raw):
            continue
        suffixed = mention.normal is not None and getattr(mention.normal, "legal_suffix", None)
        put(mention.start, "p", e=_sentence_end(text, mention.start),
            s=1 if suffixed and " " in org_key(mention.raw) else None, **name_entry(mention.raw))
    return out


def printed_records(entries: list[dict[str, Any]], known: set[str], known_words: set[str]) -> list[Record]:
    """`records_of` for a fingerprinted source: the same grouping of anchors into records, on
    fingerprints (`known`: the input's name keys fingerprinted, `known_words` their first words)."""
    anchors = [e for e in entries if e.get("t") == "e" and isinstance(e.get("p"), int) and e.get("h")]
    names = [e for e in anchors if e.get("k") in ("n", "p")]
    mentions_input = any(e["h"] in known or e.get("w") in known_words for e in names)
    kept = []
    for e in anchors:
        if e.get("k") == "p":
            if not mentions_input:
                continue
            if not (e["h"] in known or (e.get("w") and e.get("w") in known_words) or e.get("s")):
                continue
        kept.append(e)
    order = {"c": "country", "d": "domain", "n": "name", "p": "prose"}
    kept.sort(key=lambda e: (e["p"], order.get(str(e.get("k")), "")))
    records: list[Record] = []
    for e in kept:
        pos, kind, value = e["p"], order.get(str(e.get("k")), ""), e["h"]
        current = records[-1] if records else None
        near = current is not None and pos - current.start <= 300
        implied = frozenset(e.get("c") or ())
        if kind in ("name", "prose"):
            if current is not None and near and current.name is None:
                current.name, current.multiword, current.name_countries = value, bool(e.get("m")), implied
                current.written = e.get("x")
            elif current is not None and current.written == e.get("x") and pos - current.start <= 200:
                continue  # the same name again
            else:
                end = e.get("e") if kind == "prose" else None
                records.append(Record(start=pos, name=value, end=end, hashed=True, multiword=bool(e.get("m")),
                                      name_countries=implied, written=e.get("x")))
        elif kind == "domain":
            if current is not None and near and current.domain is None:
                current.domain, current.domain_countries = value, implied
            elif current is None or current.domain != value:
                records.append(Record(start=pos, domain=value, hashed=True, domain_countries=implied))
        elif kind == "country" and current is not None and near and current.country is None:
            current.country = value
    return [r for r in records if r.domain or r.country or (r.name and (r.multiword or r.name in known))]


def _prose_end(text: str, pos: int, bounds: list[int]) -> int:
    """Where a name met in running text stops speaking: its sentence's end, within its segment."""
    i = bisect_right(bounds, pos)
    end = _sentence_end(text, pos)
    return min(end, bounds[i] - 1) if 0 < i < len(bounds) else end


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END_RE.search(text, pos)
    tag = text.find("</", pos)
    ends = [x for x in (m.start() if m else None, tag if tag >= 0 else None) if x is not None]
    return min(ends) if ends else len(text)


def _uri_record(source: Source) -> Record | None:
    """What a document is about by its own address: the registrable domain of its URI (a
    publisher's page is about someone else)."""
    if not source.uri or source.uri.startswith("#"):
        return None
    mentions = find_values(source.uri, ValueType.DOMAIN)
    domain = getattr(mentions[0].normal, "domain", None) if mentions else None
    if isinstance(domain, str) and not is_publisher(domain):
        return Record(start=0, domain=registrable(domain))
    return None


def _arg_record(step: Step | None, hasher: Hasher | None = None) -> Record | None:
    """What a tool was asked about: the domain of a URL or domain among its arguments (their
    fingerprint, when the arguments were recorded as fingerprints)."""
    if step is None or not isinstance(step.args, dict):
        return None
    printed = step.args.get(PAYLOAD_KEY)
    if isinstance(printed, list):
        if hasher is None:
            return None
        domain = next((e.get("h") for e in printed if isinstance(e, dict) and e.get("t") == "e" and e.get("k") == "d"),
                      None)
        return Record(start=0, domain=domain, hashed=True) if domain else None
    for value in step.args.values():
        if isinstance(value, str) and "." in value and " " not in value:
            mentions = find_values(value, ValueType.DOMAIN)
            if mentions:
                domain = getattr(mentions[0].normal, "domain", None)
                if isinstance(domain, str) and not is_publisher(domain):
                    return Record(start=0, domain=registrable(domain))  # a publisher's page is about someone else
    return None


def _registrable_domains(text: str, vtype: ValueType) -> set[str]:
    """The registrable domains of the e-mail addresses or web addresses (`vtype`) a text states."""
    found = (getattr(m.normal, "domain", None) for m in find_values(text, vtype))
    return {registrable(d) for d in found if isinstance(d, str)}


def input_profile(run: Run, records: dict[str, list[Record]], hasher: Hasher | None = None) -> Profile:
    """The input entity, completed with the domains that sources give its exact name (and country)."""
    profile = Profile()
    inp = input_fields(run.input)
    profile.persons = input_persons(inp)
    unnamed: list[str] = []  # strings under keys that say nothing of what they hold
    for key, value in inp.items():
        for text in input_strings(value):
            low = str(key).lower()
            if "country" in low or "jurisdiction" in low:
                profile.country = parse_country(text) or profile.country
            elif "mail" in low:  # a work address names the employer by its domain
                profile.domains |= _registrable_domains(text, ValueType.EMAIL)
            elif any(w in low for w in ("domain", "website", "url", "site")):
                # a field that names a host holds one even where prose would not read it so ("bremano.it")
                host = text.strip()
                bare = "://" not in host and " " not in host and "." in host
                profile.domains |= _registrable_domains(f"https://{host}" if bare else text, ValueType.DOMAIN)
            elif any(w in low for w in ("company", "name", "organization", "organisation", "query", "entity",
                                        "employer", "firm")):
                if key := org_key(text):
                    profile.keys.add(key)
            else:
                unnamed.append(text)
    _type_unnamed(profile, unnamed, records)
    written = {" ".join(t.casefold().split()) for v in inp.values() for t in input_strings(v)}
    profile.hasher = hasher
    if profile.domains:
        # The names sources give the input's own domain are its names too (a contact run names the
        # employer by its domain; its pages name it "Bremano Medicale S.p.A."). A person is no name of it.
        profile.keys |= {r.key for recs in records.values() for r in recs
                         if r.key and not r.hashed and not r.person and r.domain in profile.domains}
    elif profile.keys:
        # Domains that sources give the input's exact name, less any that a source places in
        # another country (the same name abroad: "Luminarix, LLC", US, for Luminarix Ltd., CA).
        every = [r for recs in records.values() for r in recs if r.domain]
        home = profile.country
        plain = [r for r in every if not r.hashed]
        elsewhere = {r.domain for r in plain if r.countries and home and home not in r.countries}
        named = [r for r in plain if r.domain and r.key in profile.keys and r.domain not in elsewhere]
        # as record linkage ranks matches: the name as the input writes it outweighs the same key under
        # another form ("Keystone Capital & Co" and "Keystone Capital SAS"); then a site placed in the
        # input's country (stated, or its host's country code; a legal form is shared by several
        # countries) outweighs one placed nowhere (the same name's .com)
        exact = [r for r in named if r.name and " ".join(r.name.casefold().split()) in written] or named
        sites = [(r.domain, r.country) for r in exact if r.domain]
        at_home = {d for d, c in sites if home and (home == c or home in domain_country(d))}
        profile.domains = at_home or {d for d, _ in sites}
        printed = [r for r in every if r.hashed]
        if printed and hasher is not None:
            keys, _, home_h = profile.hashed()
            away = {r.domain for r in printed if r.countries and home_h and home_h not in r.countries}
            profile.printed_domains = {r.domain for r in printed if r.domain and r.key in keys and r.domain not in away}
    return profile


def _employers(profile: Profile, records: list[Record]) -> None:
    """Each listed person's employer: the organisation records of the same listing entry (a directory
    match, a card, a row), else the organisation named last before them, decide whether the person
    there is the input's or a namesake elsewhere (or, in a company run, the input's officer or another's)."""
    orgs: dict[int, set[Same]] = {}
    for r in records:
        if r.segment is not None and not r.person and (r.name or r.domain):
            orgs.setdefault(r.segment, set()).add(profile.compare(r))
    last: Record | None = None
    for r in records:
        if not r.person:
            last = r if (r.name or r.domain) and not r.hashed else last
            continue
        if r.segment is not None and (seen := orgs.get(r.segment)):
            r.employer = "same" if "same" in seen else "different" if "different" in seen else None
        elif last is not None and (verdict := profile.compare(last)) != "unknown":
            r.employer = verdict


def _type_unnamed(profile: Profile, texts: list[str], records: dict[str, list[Record]]) -> None:
    """Read input values whose keys name no attribute (`{"account": "Acme SRL", "market": "BE"}`) by what
    they are: a value that is a country is the entity's country; with no name or domain given, a value
    that the run's sources name as an entity (a record's name key) is the entity's name."""
    countries = {text: parse_country(text) for text in texts}
    if profile.country is None:
        profile.country = next((c for c in countries.values() if c), None)
    if profile.keys or profile.domains:
        return
    named = {r.key for recs in records.values() for r in recs if r.key and not r.hashed}
    profile.keys.update(k for text in texts if not countries[text] and (k := org_key(text)) and k in named)


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
        ahead = recs[0] if recs and 0 <= recs[0].start - pos <= 200 else None  # a name just after: a title line
        return self.defaults.get(source_id) or ahead

    def about(self, source: Source, pos: int) -> Same:
        if source.kind == "input":
            return "same"
        record = self.record_at(source.source_id, pos)
        return self.profile.compare(record) if record is not None else "unknown"


def entity_map(run: Run, secret: bytes | None = None, mentions: Mapping[str, Mentions] | None = None) -> EntityMap:
    """Records of every source of a run and the input entity's profile.

    Sources recorded as fingerprints (`veracity.sdk.fingerprint`) have their records read from
    the payload's entity anchors and compared, with the project's `secret`, in fingerprints."""
    steps = {s.step_id: s for s in run.steps}
    first_keys: set[str] = set()
    inp = input_fields(run.input)
    for text in input_strings(inp):
        if org_key(text):
            first_keys.add(org_key(text))
    contact = isinstance(inp, dict) and is_contact_input(inp)
    hasher = entity_hasher(secret) if secret else None
    known = {hasher("name", k) for k in first_keys} if hasher else set()
    known_words = {hasher("word", k.split()[0]) for k in first_keys if len(k.split()[0]) >= 4} if hasher else set()
    records: dict[str, list[Record]] = {}
    defaults: dict[str, Record | None] = {}
    for source in run.sources:
        if source.kind == "input":
            continue
        entries = parse_payload(source.content)
        if entries is not None:
            recs = printed_records(entries, known, known_words) if hasher else []
        else:
            scanned = (mentions or {}).get(source.source_id)
            recs = records_of(source, first_keys, scanned if scanned is not None and scanned.source is source else None,
                              people=contact)
        asked = _uri_record(source) or _arg_record(steps.get(source.step_id or ""), hasher)
        if asked is not None and recs and recs[0].domain is None:
            if recs[0].hashed == asked.hashed and not recs[0].hashed:
                if own_host(asked.domain or "", recs[0].name):
                    recs[0].domain = asked.domain  # a page fetched by URL is about that URL's site
            elif recs[0].hashed == asked.hashed:
                recs[0].domain = asked.domain  # a page fetched by URL is about that URL's site
            elif hasher is not None and not asked.hashed:
                recs[0].domain = hasher("domain", asked.domain or "")
        records[source.source_id] = recs
        # the page's first record is the site asked for: its name and domain cover the page's start too
        defaults[source.source_id] = recs[0] if asked and recs and recs[0].domain == asked.domain else asked
    drop_aggregators(records)
    profile = input_profile(run, records, hasher)
    if contact:
        profile.contact = True
        texts = {s.source_id: s.content for s in run.sources}
        profile.persons |= persons_by_email(input_emails(inp), [(texts[k], v) for k, v in records.items()])
    for recs in records.values():
        _employers(profile, recs)
    return EntityMap(profile, records, defaults)

