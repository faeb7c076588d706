"""People as entities: the input person of a contact run, person names that denote them, vCard cards.

A contact run's input is a person with an employer (``{"name": "Carla Santos", "company":
"Talrima"}``). Sources name that person by a longer or shorter form of the same name ("Carla
Santos Fernandes": Iberian and Lusophone names carry two surnames, a directory may give one);
they are the same person when one name's words contain the other's and the given names agree.
Which employer a person record belongs to is the organisation record beside it, compared as
any company is (`entities`).

>>> input_persons({"name": "Carla Santos", "company": "Talrima Máquinas"})
{'carla santos'}
>>> input_persons({"name": "Talrima Máquinas", "country": "PT"})
set()
>>> same_person("carla santos fernandes", "carla santos")
True
>>> same_person("rui sousa carvalho", "rui sousa martins")
False
>>> [(kind, value) for _, kind, value in vcard_anchors("BEGIN:VCARD\\nFN:Ana Gil\\nORG:Acme S.L.;Ventas\\nEND:VCARD")]
[('person', 'Ana Gil'), ('name', 'Acme S.L.')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from veracity.values import org_key

# Input keys that name a person: a contact's own name.
_PERSON_KEYS = ("full_name", "fullname", "person", "contact", "first_name", "last_name", "given_name",
                "family_name", "surname", "fn")
# Input keys that name the person's employer: with one of them, a bare `name` is the person's.
_EMPLOYER_KEYS = ("company", "employer", "organisation", "organization", "org", "firm", "works_for", "worksfor")

_VCARD_BEGIN_RE = re.compile(r"(?im)^BEGIN:VCARD\s*$")
# One content line of a card (RFC 6350 §3.3): name, parameters after `;`, value after the first `:`.
_VCARD_LINE_RE = re.compile(r"(?im)^(?:[a-z0-9-]+\.)?(FN|N|ORG|TITLE|NICKNAME)(?:;[^:\n]*)?:([^\n]*)$")


def input_persons(inp: Mapping[str, Any]) -> set[str]:
    """The name keys of the person a structured input asks about (empty for a company input)."""
    keys = [str(k).lower() for k in inp]
    has_employer = any(any(e in k for e in _EMPLOYER_KEYS) or k.endswith("domain") for k in keys)
    out: set[str] = set()
    for key, value in inp.items():
        low = str(key).lower()
        person = any(p == low or low.endswith("_" + p) or low.startswith(p + "_") for p in _PERSON_KEYS)
        if (person or (low == "name" and has_employer)) and isinstance(value, str) and (k := org_key(value)):
            out.add(k)
    first = next((v for k, v in inp.items() if str(k).lower() in ("first_name", "given_name")), None)
    last = next((v for k, v in inp.items() if str(k).lower() in ("last_name", "family_name", "surname")), None)
    if isinstance(first, str) and isinstance(last, str) and (k := org_key(f"{first} {last}")):
        out.add(k)
    return out


def same_person(a: str, b: str) -> bool:
    """Whether two person-name keys can denote one person: the same given name, and the words of
    the shorter name (two at least) all among the longer's."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2 or wa[0] != wb[0]:
        return False
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return set(short) <= set(long_)


def _unfold(text: str) -> str:
    """RFC 6350 §3.2 unfolding: a line that starts with a space or tab continues the one before.
    Folding breaks are replaced by spaces of the same length, so positions keep pointing into the text."""
    return re.sub(r"\r?\n[ \t]", lambda m: " " * len(m.group()), text)


def vcard_starts(text: str) -> list[int]:
    """Where each card of a vCard text begins (one record each)."""
    return [m.start() for m in _VCARD_BEGIN_RE.finditer(text)]


def vcard_anchors(text: str) -> Iterator[tuple[int, str, str]]:
    """(position, kind, value) of a vCard text's names: `person` for FN (or N when no FN), `name` for
    ORG (its first component: the rest are units). Read with a small RFC 6350 reader: the properties
    needed are few and plain, and a card stays text the other readers also scan."""
    if "BEGIN:VCARD" not in text.upper():
        return
    flat = _unfold(text)
    starts = vcard_starts(flat) + [len(flat)]
    for begin, end in zip(starts, starts[1:], strict=False):
        has_fn = False
        found: list[tuple[int, str, str]] = []
        for m in _VCARD_LINE_RE.finditer(flat, begin, end):
            prop, value = m.group(1).upper(), m.group(2).strip()
            if prop == "FN" and value:
                has_fn = True
                found.append((m.start(2), "person", value.replace("\\,", ",")))
            elif prop == "N" and value:
                family, _, rest = value.partition(";")
                given = rest.split(";", 1)[0]
                if family or given:
                    found.append((m.start(2), "n", f"{given} {family}".strip()))
            elif prop == "ORG" and (org := value.split(";", 1)[0].replace("\\,", ",").strip()):
                found.append((m.start(2), "name", org))
        for pos, kind, value in found:
            if kind == "n":
                if has_fn:
                    continue
                kind = "person"
            yield pos, kind, value
