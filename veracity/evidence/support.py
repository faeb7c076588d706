"""Which source supports or contradicts each value of a run's output.

The shared ground under grounding, entity coherence, coverage and lineage: every output leaf
gets a type, a normal form and the mentions of the same fact (support) or of a different value
of the same attribute (contradiction) among the sources the run saw. It reads each source
through its `Mentions` (never the raw text again) and is computed once per run, into the
run's `Evidence`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from veracity.evidence.attributes import (
    CONTRADICTABLE,
    GROUNDABLE,
    attribute_tokens,
    compatible,
    words_before,
)
from veracity.evidence.fingerprint import ground_fingerprints
from veracity.evidence.hits import Hit, Value, filter_by_label
from veracity.evidence.mentions import Mentions
from veracity.evidence.prompt_entity import input_fields, input_strings
from veracity.evidence.table_claims import (
    Checked,
    article_counts,
    check_memberships,
    check_number,
    check_pairs,
    mentions,
    names_in_records,
    pair_spans,
)
from veracity.evidence.tables import Row, holds_places, names_a_place, rows_of
from veracity.model import Run, Source
from veracity.values import (
    Claim,
    DateValue,
    Normal,
    ValueType,
    extract_claims,
    find_values,
    infer_type,
    is_missing,
    locate,
    normalize,
    org_tokens,
)
from veracity.values.country import parse_country
from veracity.values.folding import fold
from veracity.values.namespans import title_spans


@dataclass
class Grounding:
    """Every output value of a run and what the run's sources say about it."""

    values: list[Value]
    sources: dict[str, Source]
    entity_sources: frozenset[str]


@dataclass(frozen=True, slots=True)
class Field:
    """One leaf of a run's output: its dotted path, raw value, type and (for groundable types) normal form."""

    path: str
    raw: Any
    vtype: ValueType
    normal: Normal | None


# --- walking the output ---------------------------------------------------------------------------

_AMOUNT_KEYS = ("amount", "value", "total")
_CURRENCY_KEYS = ("currency", "currency_code", "unit")


def _money_object(obj: dict[str, Any]) -> str | None:
    """`{"amount": 6750000, "currency": "GBP"}` is one money value, not two fields."""
    amount = next((obj[k] for k in _AMOUNT_KEYS if k in obj), None)
    currency = next((obj[k] for k in _CURRENCY_KEYS if k in obj), None)
    if isinstance(amount, int | float | str) and isinstance(currency, str) and len(obj) <= 4:
        return f"{amount} {currency}"
    return None


def leaves(obj: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) for every scalar of an output; lists of scalars element by element."""
    if isinstance(obj, dict):
        money = _money_object(obj) if prefix else None
        if money is not None:
            yield prefix, money
            return
        for key, value in obj.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(obj, list):
        if not obj:
            yield prefix, obj
        for i, value in enumerate(obj):
            yield from leaves(value, f"{prefix}.{i}")
    else:
        yield prefix, obj


# --- which sources are about the input's entity -----------------------------------------------------


def entity_markers(run: Run) -> tuple[set[str], set[str]]:
    """The input entity's domains and distinctive name tokens (from the run's input)."""
    domains: set[str] = set()
    names: set[str] = set()
    for text in input_strings(input_fields(run.input)):
        for m in find_values(text, ValueType.DOMAIN):
            domains.add(str(getattr(m.normal, "domain", "")) or m.raw.lower())
        if " " in text or text[:1].isupper():
            tokens = org_tokens(text)
            if tokens:
                names.add(" ".join(tokens))
    domains.discard("")
    return domains, names


def about_entity(source: Source, domains: set[str], names: set[str]) -> bool:
    """A source names the input's domain or its name (until entity attribution refines it)."""
    if source.kind == "input":
        return True
    text = source.content.lower()
    if any(d in text for d in domains):
        return True
    return any(name and all(word in text for word in name.split()) for name in names)


def field_type(path: str, raw: Any, declared: Mapping[str, str]) -> ValueType:
    """The type the project declared for a field (when it names a type), else the inferred one."""
    setting = declared.get(path)
    if setting:
        try:
            return ValueType(setting)
        except ValueError:
            pass
    return infer_type(path, raw)


def output_fields(run: Run, declared: Mapping[str, str]) -> tuple[Field, ...]:
    """Every leaf of the output (text output as the field `text`), typed once for every check."""
    output = run.output if isinstance(run.output, dict) else {"text": run.output} if run.output else {}
    out = []
    for path, raw in leaves(output):
        if not path:
            continue
        vtype = field_type(path, raw, declared)
        groundable = vtype in GROUNDABLE and raw is not None and not isinstance(raw, list)
        out.append(Field(path, raw, vtype, normalize(raw, vtype) if groundable else None))
    return tuple(out)


# --- grounding one value ----------------------------------------------------------------------------


def _locate_all(normal: Normal, sources: list[Mentions]) -> list[Hit]:
    hits = []
    for s in sources:
        for m in s.locate(normal):
            hits.append(Hit(s.source_id, s.step_id, m.start, m.end, m.raw, m.label))
    return hits


def _contradictions(
    normal: Normal, vtype: ValueType, labels: frozenset[str], sources: list[Mentions]
) -> list[tuple[Hit, Normal]]:
    """Mentions of another value of the same attribute in sources about the input's entity."""
    if vtype not in CONTRADICTABLE:
        return []
    search = ValueType.YEAR if vtype is ValueType.DATE else vtype
    found = []
    for s in sources:
        for m in s.of(search):
            label = m.label or words_before(s.text, m.start)
            if compatible(labels, attribute_tokens(label)) and m.normal is not None:
                found.append((Hit(s.source_id, s.step_id, m.start, m.end, m.raw, m.label), m.normal))
    return found


def _address_hits(normal: Normal, sources: list[Mentions]) -> list[Hit]:
    """A web address stated by a source's own address: the URI a retriever gave a document."""
    return [Hit(s.source_id, s.step_id, 0, 0, uri, "uri") for s in sources
            if (uri := s.source.uri) and locate(uri, normal)]


def ground_value(value: Value, labels: frozenset[str], sources: list[Mentions], entity: list[Mentions]) -> Value:
    if value.normal is None:
        return value
    hits = filter_by_label(_locate_all(value.normal, sources), value.vtype, labels)
    if hits:
        value.status, value.support = "supported", hits
        return value
    value.contradictions = _contradictions(value.normal, value.vtype, labels, entity)
    if not value.contradictions and value.vtype in (ValueType.URL, ValueType.DOMAIN):
        hits = _address_hits(value.normal, sources)  # weaker than a text stating another address
    if hits:
        value.status, value.support = "supported", hits
        return value
    value.status = "contradicted" if value.contradictions else "unsupported"
    return value


def _from_record(path: str, text: str, checked: Checked, vtype: ValueType, normal: Normal | None) -> Value:
    """A claim settled by the records: the cells of its entity's row that its words name."""
    raw = text[checked.start : checked.end]
    value = Value(path, vtype, raw, normal, quote=(checked.start, checked.end, raw))
    hits = [Hit(r.row.source_id, r.row.step_id, 0, 0, r.value, r.column) for r in checked.stated]
    if checked.status == "supported":
        value.status, value.support = "supported", hits
    elif checked.status == "contradicted":
        value.status = "contradicted"
        value.contradictions = [(h, normalize(h.raw, vtype) or normal) for h in hits]  # type: ignore[misc]
    else:
        value.status = "unsupported"
    return value


def _weekday(claim: Claim, path: str, sources: list[Mentions]) -> Value | None:
    """A weekday in prose against the weekdays its sources state (a date's day of the week)."""
    day = claim.raw.lower().rstrip("s")
    stated: list[Hit] = []
    for s in sources:
        for start, end, word in s.weekdays():
            stated.append(Hit(s.source_id, s.step_id, start, end, word))
    if not stated:
        return None
    value = Value(path, ValueType.DATE, claim.raw, None, quote=(claim.start, claim.end, claim.raw))
    support = [h for h in stated if h.raw.lower().rstrip("s") == day]
    if support:
        value.status, value.support = "supported", support
    else:
        value.status = "contradicted"
        value.contradictions = [(h, DateValue(year=0, vtype=ValueType.DATE)) for h in stated[:3]]
    return value


def _claim_values(path: str, text: str) -> Iterator[tuple[Value, frozenset[str], Claim]]:
    for claim in extract_claims(text):
        if claim.normal is None or claim.kind not in GROUNDABLE:
            continue
        yield (
            Value(
                path=path,
                vtype=claim.kind,
                raw=claim.raw,
                normal=claim.normal,
                quote=(claim.start, claim.end, claim.raw),
                approximate=claim.approximate,
            ),
            attribute_tokens(claim.measure) if claim.measure not in (None, "name") else frozenset(),
            claim,
        )


_COUNTRY_FIELDS = frozenset({"country", "country_code", "countrycode", "jurisdiction", "nation", "hq_country"})


def _ground_country(value: Value, sources: list[Mentions]) -> Value:
    assert value.country is not None
    for s in sources:
        for start, end, raw in s.countries(value.country):
            value.support.append(Hit(s.source_id, s.step_id, start, end, raw))
    value.status = "supported" if value.support else "unsupported"
    return value


def _is_claim_worthy(claim_value: Value) -> bool:
    return claim_value.vtype is not ValueType.CATEGORY


class _Tables:
    """The table rows of a run's sources, read once and only when a claim needs them."""

    def __init__(self, sources: list[Mentions]) -> None:
        self.sources = sources
        self.rows: list[Row] | None = None

    def get(self) -> list[Row]:
        if self.rows is None:
            self.rows = rows_of([s.source for s in self.sources])
        return self.rows


def _title_claims(path: str, raw: str, sources: list[Mentions]) -> list[Value]:
    """The job titles a free-text field states, each supported by a source that writes the same title
    (any case, accents folded) or its initials ("Chief Executive Officer", "CEO")."""
    spans = title_spans(raw)
    if not spans:
        return []
    out = []
    for start, end in spans:
        title = raw[start:end]
        words = title.split()
        initials = "".join(w[0] for w in words if fold(w) not in ("of", "for", "de", "des", "du", "der", "fur"))
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
                             + (rf"|\b{re.escape(initials.upper())}\b" if len(initials) >= 2 else ""), re.IGNORECASE)
        value = Value(path, ValueType.CATEGORY, title, None, quote=(start, end, title), claim="job_title")
        for s in sources:
            m = pattern.search(s.text)
            if m is None and len(folded := fold(s.text)) == len(s.text):
                m = pattern.search(folded)  # "Ingenieur qualite" for "Ingénieur qualité"
            if m is not None:
                value.support.append(Hit(s.source_id, s.step_id, m.start(), m.end(), m.group()))
        value.status = "supported" if value.support else "unsupported"
        out.append(value)
    return out


def _ground_name(value: Value, rows: list[Row]) -> Value:
    """A name no source writes as such may still be a record's name inflected or abbreviated as
    the record writes it ("Laker", "Los Angeles Clippers" for `LA Clippers`)."""
    if value.status != "unsupported" or value.vtype not in (ValueType.ORG_NAME, ValueType.PERSON_NAME):
        return value
    row = names_in_records(str(value.raw), rows)
    if row is not None:
        value.status = "supported"
        value.support = [Hit(row.source_id, row.step_id, 0, 0, sorted(row.names)[0], "name")]
    return value


def _ground_text(path: str, raw: str, sources: list[Mentions], entity: list[Mentions], tables: _Tables) -> list[Value]:
    """The claims of a free-text field, each grounded: a claim about an entity that a record of
    the sources holds is checked against that record's cells, any other against the sources' text
    (and the job titles it gives, `_title_claims`)."""
    values: list[Value] = _title_claims(path, raw, sources)
    for claim in extract_claims(raw):
        if claim.measure == "weekday" and (day := _weekday(claim, path, sources)) is not None:
            values.append(day)
    rows = tables.get()
    found = mentions(raw, rows) if rows else []
    paired = pair_spans(raw) if found else []
    for pair in check_pairs(raw, rows, found) if found else []:
        first = raw[pair.start : pair.end].split("-")[0].split()[0]
        values.append(_from_record(path, raw, pair, ValueType.COUNT, normalize(first, ValueType.COUNT)))
    members = check_memberships(raw, rows, found) if found else []
    for member in members:
        values.append(_from_record(path, raw, member, ValueType.ORG_NAME, None))
    claimed: set[int] = set()
    claim_values = list(_claim_values(path, raw))
    for claim_value, labels, claim in claim_values:
        if not _is_claim_worthy(claim_value):
            continue
        if any(c.start < claim.end and claim.start < c.end for c in members):
            continue  # a group's name the records contradict (above)
        claimed.add(claim.start)
        numeric = claim.kind in (ValueType.COUNT, ValueType.PERCENTAGE)
        if found and claim.kind in (ValueType.ORG_NAME, ValueType.PERSON_NAME) and names_a_place(raw, claim.start, claim.end) \
                and not holds_places(rows):
            continue  # a venue's name, and records with no place for one: nothing here could state it
        if numeric and any(s <= claim.start < e for s, e in paired):
            continue  # one of two numbers read together: the pair is checked as one claim
        checked = check_number(claim, raw, found) if numeric and found else None
        if checked is not None:
            values.append(_from_record(path, raw, checked, claim.kind, claim.normal))
        else:
            values.append(_ground_name(ground_value(claim_value, labels, sources, entity), rows if found else []))
    if not found:
        return values
    numerals = [c for _, _, c in claim_values
                if c.kind is ValueType.COUNT and c.measure and c.raw.lower() not in ("a", "an", "one")]
    counted = {c.measure for c in numerals if c.measure}
    for claim in article_counts(raw, counted, [c.start for c in numerals]):  # "a steal", "an assist": one, when a record counts them
        if claim.start in claimed:
            continue
        one = check_number(claim, raw, found)
        if one is not None and one.status != "unsupported":
            values.append(_from_record(path, raw, one, ValueType.COUNT, claim.normal))
    return values


def ground_output(fields: tuple[Field, ...], sources: list[Mentions], entity: list[Mentions], printed: list[Source],
                  secret: bytes | None, markers: tuple[set[str], set[str]]) -> Grounding:
    """Ground every output value against the run's plain sources (`entity`: those about the input's
    entity) and, where they leave a value unsupported, its fingerprinted sources (`printed`)."""
    tables = _Tables(sources)
    values: list[Value] = []
    for f in fields:
        path, raw, vtype = f.path, f.raw, f.vtype
        if is_missing(raw, vtype):
            values.append(Value(path, vtype, raw, None, status="missing"))
            continue
        if vtype is ValueType.FREE_TEXT and isinstance(raw, str):
            values.extend(_ground_text(path, raw, sources, entity, tables))
            continue
        if path.rsplit(".", 1)[-1].lower() in _COUNTRY_FIELDS and (code := parse_country(raw)):
            values.append(_ground_country(Value(path, ValueType.CATEGORY, raw, None, country=code), sources))
            continue
        if vtype not in GROUNDABLE:
            continue
        value = Value(path, vtype, raw, f.normal)
        values.append(ground_value(value, attribute_tokens(path), sources, entity))
    ground_fingerprints(values, printed, secret, markers=markers)
    plain = {s.source_id: s.source for s in sources}
    return Grounding(values, plain | {s.source_id: s for s in printed}, frozenset(s.source_id for s in entity))
