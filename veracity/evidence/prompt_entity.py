"""The input's entity when the input is a free-text prompt, not a structured record.

"Enrich the profile of Acme GmbH (acme.de)" names the company and its domain inside a sentence:
the entity is the organisation name and the domains found in it, as the fields a structured
input would give (``{"name": "Acme GmbH", "domain": "acme.de"}``).

>>> input_fields("Enrich the profile of Acme GmbH (acme.de) for the sales team")
{'name': 'Acme GmbH', 'domain': 'acme.de'}
>>> input_fields({"company": "Acme", "country": "DE"})
{'company': 'Acme', 'country': 'DE'}
>>> input_fields({"task": "Find the CEO of Northwind Traders, please."})
{'name': 'Northwind Traders'}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from veracity.values import ValueType, find_values
from veracity.values.lexicon import words
from veracity.values.namespans import name_spans

# Keys of a structured input that name the entity: with one of them the input is no prompt.
_ENTITY_KEYS = ("company", "name", "organization", "organisation", "org", "entity", "domain", "website", "url",
                "site", "firm", "business", "employer", "brand", "ticker", "lei", "registration")
_ROLES = words("roles")


def input_strings(value: Any) -> Iterator[str]:
    """Every string of an input, however nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from input_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from input_strings(v)


def _prose(text: str) -> bool:
    return len(text.split()) >= 4


def _prompt_text(value: Any) -> str | None:
    """The free text of an input that is a prompt (a string, or a record whose only long text is one)."""
    if isinstance(value, str):
        return value if _prose(value) else None
    if not isinstance(value, dict) or any(any(k in str(key).lower() for k in _ENTITY_KEYS) for key in value):
        return None
    texts = [v for v in value.values() if isinstance(v, str) and _prose(v)]
    return texts[0] if len(texts) == 1 else None


def _org_name(text: str) -> str | None:
    """The organisation a prompt names: one with a legal form or an organisation word first, else the
    longest capitalised name that is not a role."""
    spans = [(s, e, kind, measure) for s, e, kind, measure in name_spans(text)
             if text[s:e].lower() not in _ROLES]
    orgs = [text[s:e] for s, e, kind, measure in spans if kind is ValueType.ORG_NAME and measure == "org"]
    if orgs:
        return orgs[0]
    names = sorted((text[s:e] for s, e, _, measure in spans if measure == "name"), key=len, reverse=True)
    return names[0] if names else None


def input_fields(value: Any) -> dict[str, Any]:
    """The input as fields: a structured input as it is, a prompt as the name and domains it states."""
    text = _prompt_text(value)
    if text is None:
        return value if isinstance(value, dict) else {"name": value}
    out: dict[str, Any] = {}
    name = _org_name(text)
    if name:
        out["name"] = name
    domains = [str(getattr(m.normal, "domain", "") or m.raw) for m in find_values(text, ValueType.DOMAIN)]
    if domains:
        out["domain"] = domains[0] if len(domains) == 1 else domains
    return out or {"name": value if isinstance(value, str) else text}
