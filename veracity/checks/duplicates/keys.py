"""Identifying attributes of a run's output and the blocking keys the duplicate index holds.

A run's *signature* is its input entity (name key and registrable domain) and, per
identifying attribute, the typed normal forms of its output: phone (national number),
street address (words and digits, order- and spacing-free), web address, e-mail, registry
identifier, and revenue with headcount as one joint key (either alone is too common to
identify a company). Each attribute value becomes a 64-bit blocking key; an index `Entry`
is (key, run id, input keys, start time). Read from the run's evidence (its typed output
fields); pure functions and plain data; no I/O.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from veracity.checks.context import EvidenceSet
from veracity.checks.duplicates.types import Entry
from veracity.checks.steps.placeholder import placeholder
from veracity.evidence import Evidence, attribute_tokens, compatible
from veracity.model import Run
from veracity.values import (
    Address,
    Count,
    Email,
    Identifier,
    Money,
    Phone,
    ValueType,
    WebAddress,
    canonical,
    find_values,
    org_key,
    registrable_domain,
)
from veracity.values.country import parse_country

#: Attribute kinds, in the order evidence lists them.
KINDS = ("phone", "address", "domain", "email", "registry", "revenue_headcount")

_REVENUE = frozenset({"revenue"})
_HEADCOUNT = frozenset({"employees"})
_NAME_KEYS = ("company", "company_name", "name", "organization", "organisation", "org", "entity", "legal_name",
              "business", "account", "query")
_DOMAIN_KEYS = ("domain", "website", "url", "homepage", "web", "site")
_COUNTRY_KEYS = ("country", "country_code", "jurisdiction", "hq_country", "nation")
_LETTERS = re.compile(r"[a-z]{3,}")
_DIGITS = re.compile(r"\d")


def key_hash(text: str) -> int:
    """A stable signed 64-bit hash of a key string (0 is kept for "none")."""
    if not text:
        return 0
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True) or 1


@dataclass
class Signature:
    """A run's input entity and its output's identifying attributes: kind -> {key: shown value}."""

    run_id: str
    input_name: int
    input_domain: int
    input_country: str
    started_at: int
    pair_key: str | None
    attrs: dict[str, dict[int, Any]] = field(default_factory=dict)

    def key_kinds(self) -> dict[int, str]:
        """Every blocking key of the run and its attribute kind."""
        return {k: kind for kind, values in self.attrs.items() for k in values}

    def entries(self) -> list[Entry]:
        return [Entry(k, self.run_id, self.input_name, self.input_domain, self.input_country, self.started_at) for k in self.key_kinds()]


def same_input(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two runs asked about the same entity: (name key, domain, country) of each input.

    Two known domains decide alone. Otherwise the same name key in compatible countries (equal,
    or one unknown) is one entity; "Torch Photonics" in France and in Canada are two.
    """
    (a_name, a_domain, a_country), (b_name, b_domain, b_country) = a, b
    if a_domain and b_domain:
        return a_domain == b_domain
    if not a_name or a_name != b_name:
        return False
    return not a_country or not b_country or a_country == b_country


# --- the input entity ---------------------------------------------------------------------------------


def _name_key(text: str) -> str:
    """A company name's key without spaces, so "Indigo Solar" and "Indigosolar" are one input."""
    return org_key(text).replace(" ", "")


def _input_domain(text: str) -> str:
    for m in find_values(text, ValueType.DOMAIN):
        if isinstance(m.normal, WebAddress) and m.normal.domain:
            return registrable_domain(m.normal.domain) or m.normal.domain
    return ""


def input_keys(value: Any) -> tuple[int, int, str]:
    """(name key hash, domain hash, ISO country) of a run's input; an unrecognised input keys on its text."""
    if isinstance(value, str):
        return key_hash(_name_key(value)), key_hash(_input_domain(value)), ""
    if not isinstance(value, dict):
        return (key_hash(repr(value)) if value is not None else 0), 0, ""
    lowered = {str(k).lower(): v for k, v in value.items()}
    name = next((v for k in _NAME_KEYS if isinstance(v := lowered.get(k), str) and v.strip()), "")
    domain = next((d for k in _DOMAIN_KEYS if isinstance(v := lowered.get(k), str) and (d := _input_domain(v))), "")
    country = next((c for k in _COUNTRY_KEYS if isinstance(v := lowered.get(k), str) and (c := parse_country(v))), "")
    if not name and not domain:
        return key_hash(repr(sorted(lowered.items(), key=lambda kv: kv[0]))), 0, ""
    return key_hash(_name_key(name) if name else ""), key_hash(domain), country or ""


# --- the output's identifying attributes ----------------------------------------------------------------


def _two_digits(x: float) -> str:
    """A number to two significant digits (3.52e9 -> 3.5e9): formatting and rounding variants agree."""
    if x == 0 or not math.isfinite(x):
        return "0"
    return f"{float(f'{x:.2g}'):.6g}"


def address_key(a: Address) -> str | None:
    """Street words (3+ letters, sorted) and the multiset of digits: free of order, spacing, abbreviations.

    Only an address with a number (street number or postcode) and two words identifies a place;
    a bare city or "Amsterdam, NL" does not.
    """
    text = " ".join(a.tokens)
    words = sorted(set(_LETTERS.findall(text)))
    digits = "".join(sorted(_DIGITS.findall(text)))
    if not digits or len(words) < 2:
        return None
    return "addr|" + " ".join(words) + "|" + digits


_WANTED = frozenset({ValueType.PHONE, ValueType.ADDRESS, ValueType.DOMAIN, ValueType.URL, ValueType.EMAIL,
                     ValueType.IDENTIFIER, ValueType.MONEY, ValueType.COUNT})


@lru_cache(maxsize=4096)
def _labelled(path: str, attribute: frozenset[str]) -> bool:
    """The path names the attribute (`annual_revenue` names revenue, `employee_count` employees)."""
    return bool(compatible(attribute_tokens(path), attribute))


def _is_list_element(path: str) -> bool:
    return any(part.isdigit() for part in path.split("."))


def signature(run: Run, evidence: Evidence) -> Signature:
    """The run's input keys and the identifying attributes of its output (its fields as the evidence typed them)."""
    name, domain, country = input_keys(run.input)
    sig = Signature(run.run_id, name, domain, country, run.started_at, run.pair_key)
    revenue: tuple[str, Any] | None = None
    headcount: tuple[str, Any] | None = None

    def put(kind: str, key: str, shown: Any) -> None:
        sig.attrs.setdefault(kind, {}).setdefault(key_hash(key), shown)

    fields = evidence.fields if isinstance(run.output, dict) else ()
    for f in fields:
        path, raw, vtype = f.path, f.raw, f.vtype
        if raw is None or isinstance(raw, bool | list):
            continue
        if vtype not in _WANTED:
            continue
        if vtype is ValueType.MONEY and (revenue is not None or not _labelled(path, _REVENUE)):
            continue
        if vtype is ValueType.COUNT and (headcount is not None or not _labelled(path, _HEADCOUNT)):
            continue
        if isinstance(raw, str) and placeholder(raw) is not None:
            continue  # "(000) 000-0000", "123 Main St, Anytown": stand-ins identify nothing
        normal = f.normal
        if isinstance(normal, Phone) and len(normal.national) >= 7:
            put("phone", f"phone|{normal.national}", raw)
        elif isinstance(normal, Address) and (akey := address_key(normal)):
            put("address", akey, raw)
        elif isinstance(normal, WebAddress) and not _is_list_element(path):
            put("domain", canonical(normal), raw)
        elif isinstance(normal, Email):
            put("email", f"email|{normal.address}", raw)
        elif isinstance(normal, Identifier) and len(normal.key) >= 5 and not _is_list_element(path):
            put("registry", f"id|{normal.key.lower()}", raw)
        elif isinstance(normal, Money) and normal.amount > 0:
            revenue = (f"{normal.currency or '?'}|{_two_digits(normal.amount)}", raw)
        elif isinstance(normal, Count) and normal.value > 0:
            headcount = (_two_digits(normal.value), raw)
    if revenue is not None and headcount is not None:
        put("revenue_headcount", f"rh|{revenue[0]}|{headcount[0]}", {"revenue": revenue[1], "headcount": headcount[1]})
    return sig


def signature_of(run: Run, evidence: Evidence) -> Signature:
    """`signature`, made once per run's evidence (the pipeline keys a batch, then the check reads it)."""
    return evidence.derive("duplicates.signature", lambda: signature(run, evidence))


def batch_entries(runs: list[Run], evidence: EvidenceSet) -> list[Entry]:
    """Every index entry of a batch of runs (what the pipeline looks up, then adds)."""
    return [e for run in runs for e in signature_of(run, evidence.of(run)).entries()]
