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
>>> same_person("o fletcher", "owen fletcher"), email_person("o.fletcher@uxmora.com")
(True, 'o fletcher')
>>> [(kind, value) for _, kind, value in vcard_anchors("BEGIN:VCARD\\nFN:Ana Gil\\nORG:Acme S.L.;Ventas\\nEND:VCARD")]
[('person', 'Ana Gil'), ('name', 'Acme S.L.')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any

from veracity.values import org_key
from veracity.values.labels import enclosing_open
from veracity.values.namespans import title_spans

# Input keys that name a person: a contact's own name.
_PERSON_KEYS = ("full_name", "fullname", "person", "contact", "fn")
# Keys that hold one part of the person's name: joined, never a name alone.
_PART_KEYS = ("first_name", "given_name", "last_name", "family_name", "surname")
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
        person = low not in _PART_KEYS and any(p == low or low.endswith("_" + p) or low.startswith(p + "_")
                                               for p in _PERSON_KEYS)
        if (person or (low == "name" and has_employer)) and isinstance(value, str) and (k := org_key(value)):
            out.add(k)
        if "mail" in low and isinstance(value, str) and (spelt := email_person(value)):
            out.add(spelt)
    first = next((v for k, v in inp.items() if str(k).lower() in ("first_name", "given_name")), None)
    last = next((v for k, v in inp.items() if str(k).lower() in ("last_name", "family_name", "surname")), None)
    if isinstance(first, str) and isinstance(last, str) and (k := org_key(f"{first} {last}")):
        out.add(k)
    return out


def email_person(address: str) -> str | None:
    """The name a work address spells ("anouk.kok@…" → "anouk kok", "o.fletcher@…" → "o fletcher"),
    when its local part separates given name and surname."""
    local, at, _ = address.strip().partition("@")
    parts = [p for p in re.split(r"[._-]+", local.lower()) if p.isalpha()]
    return " ".join(parts) if at and len(parts) >= 2 else None


def same_person(a: str, b: str) -> bool:
    """Whether two person-name keys can denote one person: the same given name (or its initial), and
    the other words of the shorter name (one at least) all among the longer's."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2:
        return False
    if len(wa) == len(wb) and len(wa[0]) > len(wb[0]):
        wa, wb = wb, wa  # "m hayes" and "megan hayes": the initial is the short one
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if short[0] != long_[0] and not (len(short[0]) == 1 and long_[0].startswith(short[0])):
        return False
    return set(short[1:]) <= set(long_[1:])


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
    for begin, end in pairwise([*vcard_starts(flat), len(flat)]):
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


# Where a source lists people one record each: a heading per person (a team page's cards), the
# first cell of a table whose first column is headed by a name word, a directory record's name keys.
_HEADING_RE = re.compile(r"(?is)<h[2-5][^>]*>\s*([^<]{3,80}?)\s*</h[2-5]>")
# A name set in bold or strong type to open a paragraph about that person.
_EMPHASIS_RE = re.compile(r"(?:\*\*|__|<(?:b|strong)>)([^*_<\n]{3,80}?)(?:\*\*|__|</(?:b|strong)>)")
_PERSON_KEY_RE = re.compile(
    r'"(?:full_?name|fullName|display|display_?name|displayName|person_?name|contact_?name|fn)"\s*:\s*"([^"\n]{3,80})"'
)
_GIVEN_FAMILY_RE = re.compile(
    r'"(?:given|first|first_?name|givenName|forename)"\s*:\s*"([^"\n]{1,40})"\s*,\s*'
    r'"(?:family|last|last_?name|familyName|surname)"\s*:\s*"([^"\n]{1,40})"'
)
#: A table column that holds people's names, in the languages the lexicons cover.
_NAME_HEADERS = frozenset({"name", "full name", "naam", "nome", "nombre", "nom", "mitarbeiter", "person",
                           "contact", "kontakt"})
_PERSON_WORD_RE = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*$")


def looks_like_person(text: str) -> bool:
    """Two to five capitalised words, none a digit, not a job title: a person's name as a list writes it."""
    words = text.split()
    if title_spans(text) == [(0, len(text))]:
        return False  # "VP Engineering"
    return 2 <= len(words) <= 5 and all(_PERSON_WORD_RE.match(w) or w.lower() in ("de", "da", "van", "von", "di",
                                                                                   "del", "dos", "der")
                                        for w in words)


def _table_people(text: str) -> Iterator[tuple[int, str, int | None]]:
    header: str | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if header is None:
                header = cells[0].lower() if cells else ""
            elif header in _NAME_HEADERS and cells and looks_like_person(cells[0]):
                yield pos + line.index(cells[0]), cells[0], pos + len(line.rstrip("\n"))  # the row's end
        else:
            header = None
        pos += len(line)


def person_anchors(text: str) -> Iterator[tuple[int, str, int | None]]:
    """(position, name, end or None) of the people a source lists one by one (read in contact runs
    only): a table row's person speaks until the row ends, a heading's or a key's until the next record."""
    for regex in (_HEADING_RE, _EMPHASIS_RE):
        for m in regex.finditer(text):
            if looks_like_person(m.group(1)):
                yield m.start(1), m.group(1), None
    for m in _PERSON_KEY_RE.finditer(text):
        yield m.start(1), m.group(1), None
    for m in _GIVEN_FAMILY_RE.finditer(text):
        yield m.start(1), f"{m.group(1)} {m.group(2)}", None
    if "|" in text:
        yield from _table_people(text)
    for pos, kind, value in vcard_anchors(text):
        if kind == "person":
            yield pos, value, None


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def input_emails(inp: Mapping[str, Any]) -> list[str]:
    """The e-mail addresses a structured input gives (lower-cased)."""
    return [m.group().lower() for key, value in inp.items() if "mail" in str(key).lower() and isinstance(value, str)
            for m in _EMAIL_RE.finditer(value)]


def is_contact_input(inp: Mapping[str, Any]) -> bool:
    """Whether an input asks about a person: it names one, or gives their e-mail address."""
    return bool(input_persons(inp) or input_emails(inp))


def persons_by_email(emails: list[str], sources: list[tuple[str, list[Any]]]) -> set[str]:
    """Name keys of the person records that hold one of the input's e-mail addresses (`sources`: each
    source's text with its records, in position order): the input person, however they are named."""
    found: set[str] = set()
    for text, recs in sources:
        low = text.lower()
        for email in emails:
            at = low.find(email)
            while at >= 0:
                before = [r for r in recs if r.person and r.start <= at and at - r.start <= 600]
                if before and before[-1].key:
                    found.add(before[-1].key)
                at = low.find(email, at + 1)
    return found


# Keys under which a record lists people, not organisations ("officers": [{"name": …}]).
_PEOPLE_KEYS = frozenset({"officers", "officer", "directors", "director", "management", "managers", "executives",
                          "executive", "leadership", "leaders", "board", "people", "persons", "person", "contacts",
                          "contact", "employees", "team", "members", "founders", "founder", "ceo", "cfo", "cto",
                          "coo", "owner", "owners", "shareholders", "signatories", "representatives", "keypeople",
                          "key_people", "staff", "officials", "partners", "principals"})
_KEY_BEFORE_RE = re.compile(r'"([A-Za-z_]+)"\s*:\s*$')


def under_people_key(text: str, pos: int, reach: int = 400) -> bool:
    """Whether the JSON value at `pos` sits in an object that a people key holds (`"officers": [{"name":`):
    walks back over balanced brackets to the enclosing object, then to the key before it or its array."""
    stop = max(0, pos - reach)
    i = enclosing_open(text, pos, stop)
    while i is not None:
        j = i
        while j > stop and text[j - 1] in " \t\r\n[":  # `"officers": [ {` : past the array's bracket
            j -= 1
        m = _KEY_BEFORE_RE.search(text, max(0, j - 60), j)
        if m is not None:
            return m.group(1).lower() in _PEOPLE_KEYS
        if text[i] != "[" and text[j - 1 : j] != ",":
            return False
        i = enclosing_open(text, j, stop)  # a later element of the array: its key stands before the first
    return False
