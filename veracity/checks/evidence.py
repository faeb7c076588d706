"""Which source supports or contradicts each value of a run's output.

The shared ground under grounding, entity coherence and lineage: every output leaf gets a
type, a normal form and the mentions of the same fact (support) or of a different value of
the same attribute (contradiction) among the sources the run saw. Plain functions; the
result of one run is cached so several checks can share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from veracity.checks.context import Context
from veracity.model import Run, Source
from veracity.values import (
    Claim,
    DateValue,
    Mention,
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
from veracity.values.country import find_country, parse_country
from veracity.values.dates import WEEKDAY_RE

NUMERIC = frozenset({ValueType.MONEY, ValueType.COUNT, ValueType.PERCENTAGE, ValueType.YEAR, ValueType.DATE})
#: Types whose values can be found as the same fact in a source (lists and booleans are not grounded).
GROUNDABLE = NUMERIC | {
    ValueType.DOMAIN,
    ValueType.URL,
    ValueType.EMAIL,
    ValueType.PHONE,
    ValueType.ADDRESS,
    ValueType.ORG_NAME,
    ValueType.PERSON_NAME,
    ValueType.IDENTIFIER,
    ValueType.CATEGORY,
}
#: Types for which a source about the same entity that states another value contradicts.
CONTRADICTABLE = NUMERIC | {ValueType.DOMAIN, ValueType.PHONE, ValueType.EMAIL, ValueType.PERSON_NAME, ValueType.IDENTIFIER}

# Words that name the same attribute. Domain knowledge of what profiles hold, not of any one agent.
_ATTRIBUTE_GROUPS = (
    "employee employees staff headcount people workforce workers team fte ftes personnel size",
    "revenue revenues turnover sales arr income",
    "funding raised investment financing capital round",
    "valuation valued",
    "founded founding established est incorporated inception since registered incorporation year",
    "ceo chief executive managing director md head leader leadership president",
    "cfo finance",
    "cto technology",
    "founder founders cofounder",
    "phone tel telephone mobile fax call",
    "customers clients",
    "users members subscribers",
    "profit earnings ebitda margin",
)
_GROUP_OF: dict[str, int] = {w: i for i, group in enumerate(_ATTRIBUTE_GROUPS) for w in group.split()}
_TOKEN_RE = re.compile(r"[a-z]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_GENERIC = frozenset({"the", "of", "a", "an", "in", "and", "total", "annual", "value", "amount", "count",
                      "number", "num", "usd", "eur", "gbp", "approx", "about", "estimated", "est", "data"})


@lru_cache(maxsize=4096)
def attribute_tokens(label: str | None) -> frozenset[str]:
    """The meaningful words of a field path or mention label (`annual_revenue_usd` → revenue)."""
    if not label:
        return frozenset()
    words = _TOKEN_RE.findall(_CAMEL_RE.sub(" ", label).lower())
    return frozenset(w for w in words if w not in _GENERIC)


def _abbreviates(short: str, word: str) -> bool:
    """`pts` abbreviates `points`, `emp` abbreviates `employees`: same first letter, letters in order."""
    if len(short) < 3 or len(short) >= len(word) or short[0] != word[0]:
        return False
    it = iter(word)
    return all(ch in it for ch in short)


def compatible(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Whether two labels name the same attribute: True, False, or None when either is unknown."""
    if not a or not b:
        return None
    if a & b or any(len(x) >= 4 and x in y for x in a for y in b) or any(len(y) >= 4 and y in x for x in a for y in b):
        return True
    groups_a = {g for w in a for g in _groups(w)}
    if groups_a & {g for w in b for g in _groups(w)}:
        return True
    return any(_abbreviates(x, y) or _abbreviates(y, x) for x in a for y in b)


@lru_cache(maxsize=4096)
def _groups(word: str) -> frozenset[int]:
    """The attribute groups a word belongs to, also inside run-together labels (`totalfunding`)."""
    if word in _GROUP_OF:
        return frozenset({_GROUP_OF[word]})
    return frozenset(g for w, g in _GROUP_OF.items() if len(w) >= 4 and w in word)


@dataclass(frozen=True)
class Hit:
    """A mention of a value in one source."""

    source_id: str
    step_id: str | None
    start: int
    end: int
    raw: str
    label: str | None = None

    def snippet(self, source: Source, width: int = 60) -> str:
        text = source.content
        return text[max(0, self.start - width) : self.end + width].replace("\n", " ")


@dataclass
class Value:
    """One value of the output (a field, a list element, or a claim inside free text)."""

    path: str
    vtype: ValueType
    raw: Any
    normal: Normal | None
    status: str = "unchecked"  # supported | contradicted | unsupported | missing | unchecked
    support: list[Hit] = field(default_factory=list)
    contradictions: list[tuple[Hit, Normal]] = field(default_factory=list)
    quote: tuple[int, int, str] | None = None  # for claims: (start, end, exact text) in the field's text
    approximate: bool = False
    country: str | None = None  # ISO alpha-2, for country fields

    @property
    def type_name(self) -> str:
        return "country" if self.country else self.vtype.value


@dataclass
class Grounding:
    """Every output value of a run and what the run's sources say about it."""

    values: list[Value]
    sources: dict[str, Source]
    entity_sources: frozenset[str]


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


def _input_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _input_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _input_strings(v)


def entity_markers(run: Run) -> tuple[set[str], set[str]]:
    """The input entity's domains and distinctive name tokens (from the run's input)."""
    domains: set[str] = set()
    names: set[str] = set()
    for text in _input_strings(run.input):
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


# --- grounding one value ----------------------------------------------------------------------------


def _locate_all(normal: Normal, sources: list[Source]) -> list[Hit]:
    hits = []
    for s in sources:
        for m in locate(s.content, normal):
            hits.append(Hit(s.source_id, s.step_id, m.start, m.end, m.raw, m.label))
    return hits


def _contradictions(
    normal: Normal, vtype: ValueType, labels: frozenset[str], sources: list[Source]
) -> list[tuple[Hit, Normal]]:
    """Mentions of another value of the same attribute in sources about the input's entity."""
    if vtype not in CONTRADICTABLE:
        return []
    search = ValueType.YEAR if vtype is ValueType.DATE else vtype
    found = []
    for s in sources:
        for m in find_values(s.content, search):
            label = m.label or _words_before(s.content, m.start)
            if compatible(labels, attribute_tokens(label)) and m.normal is not None:
                found.append((Hit(s.source_id, s.step_id, m.start, m.end, m.raw, m.label), m.normal))
    return found


def _known_attribute(label: frozenset[str]) -> bool:
    """Whether a label names an attribute a profile holds (employees, revenue, founded, …)."""
    return any(_groups(w) for w in label)


_WORDS_BEFORE_RE = re.compile(r"([A-Za-z]+)\W{0,3}(?:in|of|since)?\W{0,3}$")


def _words_before(text: str, start: int) -> str | None:
    """The word that names a value written after it: "Founded 2011", "Revenue: $12M", "Est. 1999"."""
    m = _WORDS_BEFORE_RE.search(text[max(0, start - 30) : start])
    return m.group(1) if m else None


def _filter_by_label(hits: list[Hit], vtype: ValueType, labels: frozenset[str]) -> list[Hit]:
    """For numbers, a mention that the source labels as another known attribute is a coincidence.

    "230" under `"employees"` does not support a revenue of 230; "2011" under "officers" (a
    label that measures nothing known) still supports a founding year of 2011.
    """
    if vtype not in NUMERIC or not labels:
        return hits
    kept = []
    for h in hits:
        label = attribute_tokens(h.label)
        if compatible(labels, label) is not False or not _known_attribute(label):
            kept.append(h)
    return kept


def ground_value(value: Value, labels: frozenset[str], sources: list[Source], entity: list[Source]) -> Value:
    if value.normal is None:
        return value
    hits = _filter_by_label(_locate_all(value.normal, sources), value.vtype, labels)
    if hits:
        value.status, value.support = "supported", hits
        return value
    value.contradictions = _contradictions(value.normal, value.vtype, labels, entity)
    value.status = "contradicted" if value.contradictions else "unsupported"
    return value


def _from_table(value: Value, bound: Bound) -> Value:
    """A claim settled by its table cell: the row of its subject, the column of its measure."""
    hit = Hit(bound.row.source_id, bound.row.step_id, 0, 0, str(bound.value), bound.column)
    if bound.agrees:
        value.status, value.support = "supported", [hit]
    else:
        value.status = "contradicted"
        value.contradictions = [(hit, normalize(bound.value, value.vtype) or value.normal)]  # type: ignore[list-item]
    return value


def _weekday(claim: Claim, path: str, sources: list[Source]) -> Value | None:
    """A weekday in prose against the weekdays its sources state (a date's day of the week)."""
    day = claim.raw.lower().rstrip("s")
    stated: list[Hit] = []
    for s in sources:
        for m in WEEKDAY_RE.finditer(s.content):
            stated.append(Hit(s.source_id, s.step_id, m.start(), m.end(), m.group()))
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


def _ground_country(value: Value, sources: list[Source]) -> Value:
    assert value.country is not None
    for s in sources:
        for start, end, raw in find_country(s.content, value.country):
            value.support.append(Hit(s.source_id, s.step_id, start, end, raw))
    value.status = "supported" if value.support else "unsupported"
    return value


def _field_type(path: str, raw: Any, context: Context) -> ValueType:
    setting = context.config.fields.get(path)
    if setting and setting.type:
        try:
            return ValueType(setting.type)
        except ValueError:
            pass
    return infer_type(path, raw)


def _is_claim_worthy(claim_value: Value) -> bool:
    return claim_value.vtype is not ValueType.CATEGORY


from veracity.checks.coverage_fingerprint import (  # noqa: E402  (these build on the helpers above)
    fingerprint_secret,
    ground_fingerprints,
    split_fingerprinted,
)
from veracity.checks.tables import Bound, article_counts, bind  # noqa: E402


def ground_run(run: Run, context: Context) -> Grounding:
    """Ground every output value of a run against the sources it saw."""
    sources, printed = split_fingerprinted(s for s in run.sources if s.content)
    domains, names = entity_markers(run)
    entity = [s for s in sources if about_entity(s, domains, names)]
    output = run.output if isinstance(run.output, dict) else {"text": run.output} if run.output else {}
    values: list[Value] = []
    for path, raw in leaves(output):
        if not path:
            continue
        vtype = _field_type(path, raw, context)
        if is_missing(raw, vtype):
            values.append(Value(path, vtype, raw, None, status="missing"))
            continue
        if vtype is ValueType.FREE_TEXT and isinstance(raw, str):
            for claim in extract_claims(raw):
                if claim.measure == "weekday" and (day := _weekday(claim, path, sources)) is not None:
                    values.append(day)
            claimed: set[int] = set()
            for claim_value, labels, claim in _claim_values(path, raw):
                if not _is_claim_worthy(claim_value):
                    continue
                claimed.add(claim.start)
                bound = bind(claim, raw, sources)
                if bound is not None:
                    values.append(_from_table(claim_value, bound))
                else:
                    values.append(ground_value(claim_value, labels, sources, entity))
            for claim in article_counts(raw):  # "a steal", "an assist": one, when a table counts them
                if claim.start not in claimed and (bound := bind(claim, raw, sources)) is not None:
                    value = Value(path, ValueType.COUNT, claim.raw, claim.normal, quote=(claim.start, claim.end, claim.raw))
                    values.append(_from_table(value, bound))
            continue
        if path.rsplit(".", 1)[-1].lower() in _COUNTRY_FIELDS and (code := parse_country(raw)):
            values.append(_ground_country(Value(path, ValueType.CATEGORY, raw, None, country=code), sources))
            continue
        if vtype not in GROUNDABLE:
            continue
        normal = normalize(raw, vtype)
        value = Value(path, vtype, raw, normal)
        values.append(ground_value(value, attribute_tokens(path), sources, entity))
    ground_fingerprints(values, printed, fingerprint_secret(context.config), markers=(domains, names))
    return Grounding(values, {s.source_id: s for s in sources + printed}, frozenset(s.source_id for s in entity))


_cache: dict[tuple[str, int], tuple[Run, Context, Grounding]] = {}


def grounding_of(run: Run, context: Context) -> Grounding:
    """`ground_run`, computed once per run and context and shared by the checks that need it."""
    key = (run.run_id, id(run))
    hit = _cache.get(key)
    if hit is not None and hit[0] is run and hit[1] is context:
        return hit[2]
    result = ground_run(run, context)
    if len(_cache) > 256:
        _cache.clear()
    _cache[key] = (run, context, result)
    return result


__all__ = ["Grounding", "Hit", "Mention", "Value", "about_entity", "ground_run", "grounding_of", "leaves"]
