"""Grounding on fingerprints: output values matched against sources recorded as salted
fingerprints of their typed facts (the payload format: `veracity.evidence.payload`).

`facts` turns a text into fingerprint entries (what `veracity.sdk.fingerprint` and `veracity
prune` write); the matching functions build the same hits in fingerprint space that `support`
builds from plain text. An output value is supported by such a source when one of its
fingerprints (its own bucket and, for bucketed numbers, the two neighbouring buckets) is among
the source's, under a label that does not name another attribute. The project's secret is read
from the environment variable named by `[privacy] secret_env` in `veracity.toml` (default
`VERACITY_FINGERPRINT_SECRET`). See `docs/privacy.md` for what can and cannot be checked this way.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from veracity.evidence.attributes import CONTRADICTABLE, attribute_tokens, compatible
from veracity.evidence.entities import anchor_facts, entity_hasher, name_key
from veracity.evidence.hits import Hit, Value, filter_by_label
from veracity.evidence.payload import HASH_CHARS, PAYLOAD_KEY, hash_text, parse_payload
from veracity.model import Source
from veracity.model.text import readable
from veracity.values import (
    Address,
    Count,
    Identifier,
    Money,
    Normal,
    OrgName,
    ValueType,
    fingerprint,
    fingerprint_candidates,
    index_text,
    registrable_domain,
)
from veracity.values.address import COUNTRIES, STREET_TYPES, US_STATES, is_region_token, parse_address
from veracity.values.folding import token_spans
from veracity.values.names import parse_org
from veracity.values.simple import parse_identifier

# What an address token also stands for ("ave" avenue, "ca" California), as `locate` reads addresses.
EXPANSIONS: dict[str, frozenset[str]] = {}
for _table in (US_STATES, STREET_TYPES, COUNTRIES):
    for _k, _v in _table.items():
        EXPANSIONS[_k] = EXPANSIONS.get(_k, frozenset()) | frozenset(_v.split())

ADDRESS_WINDOW = 10  # tokens after an address mention that may hold its city, region and postcode


def digest(normal: Normal, secret: bytes) -> str:
    """HMAC-SHA256 of the canonical normal form, its first `HASH_CHARS` hex digits."""
    return fingerprint(normal, secret)[:HASH_CHARS]


def _bucket_of_exact(normal: Normal) -> Count | None:
    """An exact count as an approximate one, so it can meet approximate values in their bucket."""
    if isinstance(normal, Count) and normal.low is None and not normal.approximate:
        return Count(value=normal.value, approximate=True)
    return None


def candidates(normal: Normal, secret: bytes) -> list[str]:
    """The fingerprints an equal value may have been recorded under (neighbouring buckets for numbers)."""
    out = [h[:HASH_CHARS] for h in fingerprint_candidates(normal, secret)]  # with the neighbouring buckets
    if isinstance(normal, Identifier) and normal.key.isdigit() and len(normal.key) >= 5:
        out.append(digest(Count(float(normal.key)), secret))  # "Number: 318 373 986" reads as a count
    if isinstance(normal, Identifier) and normal.key.isalpha() and (word := parse_org(normal.key)) is not None:
        out.append(digest(word, secret))  # "the ticker PIS": a code of letters reads as a name in text
    if isinstance(normal, Money) and normal.currency is not None:
        out += candidates(Money(normal.amount, None, normal.approximate), secret)  # sources often name no currency
    return out


def _record_spans(text: str) -> list[tuple[int, int]]:
    """Where each element of a JSON list of objects lies in `text` (one entity each); [] for any other text."""
    if text.lstrip()[:1] != "[":
        return []
    decoder = json.JSONDecoder()
    i = text.index("[") + 1
    out: list[tuple[int, int]] = []
    try:
        while True:
            while i < len(text) and text[i] in " \t\r\n,":
                i += 1
            if i >= len(text) or text[i] == "]":
                break
            obj, end = decoder.raw_decode(text, i)
            if not isinstance(obj, dict):
                return []
            out.append((i, end))
            i = end
    except ValueError:
        return []
    return out


_ID_CHUNK_RE = re.compile(r"[A-Za-z0-9]+")
_ID_SEPARATORS = frozenset(" -./")
ID_RUN = 4  # chunks an identifier may be written in ("HRB 882848", "ABN 524 367 657")
NAME_WORDS = 8  # words of a name whose parts are fingerprinted as names too


def _identifier_runs(text: str) -> Iterator[tuple[int, Identifier]]:
    """Identifiers however a text spaces or punctuates them: every run of two to `ID_RUN`
    letter-and-digit chunks joined by one separator, with a digit in it ("Number: HRB 882848"
    states HRB882848, as `locate_identifier` finds it in raw text)."""
    chunks = [(m.start(), m.end()) for m in _ID_CHUNK_RE.finditer(text)]
    for i in range(len(chunks)):
        end = i
        for j in range(i + 1, min(len(chunks), i + ID_RUN)):
            gap = text[chunks[j - 1][1] : chunks[j][0]]
            if len(gap) != 1 or gap not in _ID_SEPARATORS:
                break
            end = j
        for j in range(i + 1, end + 1):
            raw = text[chunks[i][0] : chunks[j][1]]
            if any(c.isdigit() for c in raw):
                ident = parse_identifier(raw)
                if ident is not None and len(ident.key) >= 4:
                    yield chunks[i][0], ident


def _name_parts(raw: str) -> Iterator[OrgName]:
    """The shorter names inside a name mention ("Dublin D" holds Dublin, "HARBOR DRIVE ATLANTA"
    Atlanta): a raw text is searched window by window, so any part of a name is stated there."""
    spans = [(s, e) for _, s, e in token_spans(raw)]
    if not 2 <= len(spans) <= NAME_WORDS:
        return
    for a in range(len(spans)):
        for b in range(a, len(spans)):
            if (a, b) == (0, len(spans) - 1):
                continue
            part = parse_org(raw[spans[a][0] : spans[b][1]])
            if part is not None and part.tokens:
                yield part


@lru_cache(maxsize=65536)
def _address_words(token: str) -> tuple[str, ...]:
    """A token as the address parser reads it: "hauptstrasse" is haupt street, "ave" avenue, "ca" California."""
    parsed = parse_address(token)
    words = {token, *EXPANSIONS.get(token, ())}
    if parsed is not None:
        words.update(parsed.tokens)
    return tuple(sorted(words))


def _address_groups(text: str, starts: list[int]) -> list[tuple[int, set[str]]]:
    """(position, tokens) near where an address may be: each address mention and each short number
    (a house number), a few tokens before (European numbers follow the street) and more after
    (city, region, postcode, perhaps in later JSON keys)."""
    spans = token_spans(text)
    anchors = {i for i, (tok, _, _) in enumerate(spans) if tok.isdigit() and len(tok) <= 5}
    anchors.update(next((i for i, (_, s, _) in enumerate(spans) if s >= start), len(spans)) for start in starts)
    out = []
    for i in sorted(anchors):
        words: set[str] = set()
        for token, _, _ in spans[max(0, i - 4) : i + ADDRESS_WINDOW]:
            words.update(_address_words(token))
        if words:
            out.append((spans[min(i, len(spans) - 1)][1], words))
    return out


def facts(text: str, secret: bytes) -> list[dict[str, Any]]:
    """Every typed value in `text` as `{"t", "h", "p", "l"?, "r"?}`: fingerprints and where they
    stood (`p`, a character offset), never the value; then the tokens near addresses (`at`) and
    the entity anchors (`e`: names, domains, countries) that say which entity each part is about.

    The text is read as veracity reads a recorded result (JSON escapes written out), so offsets
    and values are those of the raw source."""

    text = readable(text)
    bounds = _record_spans(text)
    starts_of = [s for s, _ in bounds]

    def record_of(pos: int) -> int | None:
        i = bisect_right(starts_of, pos) - 1
        return i if i >= 0 and pos < bounds[i][1] else None

    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None, int]] = set()

    def add(vtype: str, h: str, label: str | None, pos: int, **extra: Any) -> None:
        if (h, label, pos) in seen:
            return
        seen.add((h, label, pos))
        entry: dict[str, Any] = {"t": vtype, "h": h, "p": pos}
        if label:
            entry["l"] = label
        r = record_of(pos)
        if r is not None:
            entry["r"] = r
        out.append({**entry, **extra})

    address_starts: list[int] = []
    for vtype, mention in index_text(text).mentions:
        if mention.normal is None:
            continue
        add(vtype.value, digest(mention.normal, secret), mention.label, mention.start)
        bucket = _bucket_of_exact(mention.normal)
        if bucket is not None:
            add(vtype.value, digest(bucket, secret), mention.label, mention.start, b=1)
        if vtype is ValueType.ADDRESS:
            address_starts.append(mention.start)
        elif vtype is ValueType.ORG_NAME:
            for part in _name_parts(mention.raw):
                add(vtype.value, digest(part, secret), None, mention.start)
    for pos, ident in _identifier_runs(text):
        add(ValueType.IDENTIFIER.value, digest(ident, secret), None, pos)
    near: dict[tuple[int | None, str], list[int]] = {}
    for pos, words in _address_groups(text, address_starts):
        for word in words:
            near.setdefault((record_of(pos), word), []).append(pos)
    for (r, word), places in sorted(near.items(), key=lambda kv: (kv[1][0], kv[0][1])):
        entry = {"t": "at", "h": hash_text("addrtok|" + word, secret), "q": places}  # q: the places it is near
        out.append(entry if r is None else {**entry, "r": r})
    out.extend(anchor_facts(text, entity_hasher(secret), record_of))
    return out


def payload(text: str, secret: bytes) -> str:
    """The JSON text that replaces a sensitive value."""
    return json.dumps({PAYLOAD_KEY: facts(text, secret)}, separators=(",", ":"))


def _places(entries: list[dict[str, Any]]) -> dict[tuple[Any, int], set[str]]:
    """(record, place) -> the address tokens near that place."""
    places: dict[tuple[Any, int], set[str]] = {}
    for e in entries:
        if e.get("t") == "at":
            for p in e.get("q") or [e.get("p", 0)]:
                places.setdefault((e.get("r"), p), set()).add(e["h"])
    return places


def _address_hits(normal: Address, source: Source, entries: list[dict[str, Any]], secret: bytes) -> list[Hit]:
    """An address is stated when every one of its tokens is among one record's address tokens; it
    stood where the tokens near one place cover most of it."""
    wanted = {hash_text("addrtok|" + t, secret) for t in normal.tokens if not is_region_token(t)}
    by_record: dict[Any, set[str]] = {}
    by_place = _places(entries)
    for e in entries:
        if e.get("t") == "at":
            by_record.setdefault(e.get("r"), set()).add(e["h"])
    for r, have in by_record.items():
        if wanted <= have:
            places = [(len(wanted & h), -p) for (rr, p), h in by_place.items() if rr == r]
            pos = -max(places)[1] if places else 0
            return [Hit(source.source_id, source.step_id, pos, pos, "#address", None)]
    return []


def accepted(normal: Normal, secret: bytes) -> set[str]:
    """Every hash an entry may carry to state `normal` (exact, bucket, count-as-identifier, address tokens)."""
    out = set(candidates(normal, secret))
    bucket = _bucket_of_exact(normal)
    if bucket is not None:
        out.update(candidates(bucket, secret))
    if isinstance(normal, Address):
        out.update(hash_text("addrtok|" + t, secret) for t in normal.tokens)
    return out


def keep_relevant(text: str, normals: list[Normal], secret: bytes) -> str:
    """A payload of `text` holding only the facts that bear on these values (what retention keeps)."""
    wanted: set[str] = set()
    for n in normals:
        wanted |= accepted(n, secret)
    entries = parse_payload(text)
    kept = [e for e in (facts(text, secret) if entries is None else entries) if e["h"] in wanted]
    return json.dumps({PAYLOAD_KEY: kept}, separators=(",", ":"))


_NOT_FACTS = frozenset({"at", "e"})  # address tokens and entity anchors: looked up on their own


def _place_hits(normal: OrgName, source: Source, entries: list[dict[str, Any]], secret: bytes) -> list[Hit]:
    """A name whose every word is a word of one address ("based in Atlanta" against "974 Mission
    St. Atlanta 39550"): raw text is searched window by window for a name, so a city stated in an
    address is a name stated there."""
    wanted = {hash_text("addrtok|" + t, secret) for t in normal.tokens}
    if not wanted:
        return []
    places = _places(entries)
    return [Hit(source.source_id, source.step_id, p, p, "#place", None)
            for (_, p), have in sorted(places.items(), key=lambda kv: kv[0][1]) if wanted <= have][:1]


Printed = list[tuple[Source, list[dict[str, Any]]]]  # fingerprinted sources with their entries, parsed once


def fingerprint_hits(value: Value, printed: Printed, secret: bytes, labels: frozenset[str]) -> list[Hit]:
    """The fingerprinted sources' entries that state `value` (same normal form, a compatible label)."""
    normal = value.normal
    if normal is None:
        return []
    exact = set(candidates(normal, secret))
    bucket = _bucket_of_exact(normal)
    # An exact count meets approximate source values in their bucket, never exact ones ("b": bucketed exact).
    loose = set(candidates(bucket, secret)) if bucket is not None else set()
    hits = []
    for source, entries in printed:
        if isinstance(normal, Address):
            hits += _address_hits(normal, source, entries, secret)
        found = len(hits)
        for i, entry in enumerate(entries):
            if entry.get("t") in _NOT_FACTS:
                continue
            h = entry["h"]
            if h in exact or (h in loose and not entry.get("b")):
                pos = entry.get("p", i)
                hits.append(Hit(source.source_id, source.step_id, pos, pos, f"#{h[:8]}", entry.get("l")))
        if isinstance(normal, OrgName) and len(hits) == found:
            hits += _place_hits(normal, source, entries, secret)
    return filter_by_label(hits, value.vtype, labels)


def about_input(entries: list[dict[str, Any]], markers: tuple[set[str], set[str]], secret: bytes) -> bool:
    """`evidence.about_entity` for a fingerprinted source: an entity anchor with the input's domain or name."""
    domains, names = markers
    h = entity_hasher(secret)
    wanted = {h("domain", registrable_domain(d) or d) for d in domains} | {h("name", name_key(n)) for n in names}
    return any(e.get("t") == "e" and e.get("h") in wanted for e in entries)


def fingerprint_contradictions(value: Value, printed: Printed, secret: bytes, labels: frozenset[str],
                               markers: tuple[set[str], set[str]]) -> list[tuple[Hit, Normal]]:
    """Another value of the same attribute in a fingerprinted source about the input's entity: a
    fingerprint of the same type under a compatible label (which value it is cannot be told)."""
    if value.vtype not in CONTRADICTABLE or value.normal is None or not labels:
        return []
    search = ValueType.YEAR if value.vtype is ValueType.DATE else value.vtype
    found: list[tuple[Hit, Normal]] = []
    for source, entries in printed:
        if not about_input(entries, markers, secret):
            continue
        for i, e in enumerate(entries):
            if e.get("t") == search.value and not e.get("b") and compatible(labels, attribute_tokens(e.get("l"))):
                pos = e.get("p", i)
                found.append((Hit(source.source_id, source.step_id, pos, pos, f"#{e['h'][:8]}", e.get("l")),
                              value.normal))
    return found


def ground_fingerprints(values: list[Value], printed: list[Source], secret: bytes | None,
                        markers: tuple[set[str], set[str]] | None = None) -> list[Value]:
    """Values that plain sources left unsupported or contradicted, supported where a fingerprint
    states them; with the input's entity `markers` (`evidence.entity_markers`), an unsupported
    field is contradicted where a fingerprinted source about the input states another value of
    its attribute."""
    if not printed or secret is None:
        return values
    parsed = [(s, parse_payload(s.content) or []) for s in printed]
    for value in values:
        if value.status not in ("unsupported", "contradicted") or value.normal is None:
            continue
        labels = attribute_tokens(value.path) if value.quote is None else frozenset()
        hits = fingerprint_hits(value, parsed, secret, labels)
        if hits:
            value.status, value.support, value.contradictions = "supported", hits, []
        elif markers is not None and value.status == "unsupported":
            value.contradictions = fingerprint_contradictions(value, parsed, secret, labels, markers)
            if value.contradictions:
                value.status = "contradicted"
    return values
