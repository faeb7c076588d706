"""World B's contact agent: `lead-finder` looks up one person at their employer (a world-B firm).

The person is the entity: a name (some with a double surname or a hyphenated given name), a
position, a work e-mail, a direct line, the employer's town. Sources: the staff registry (JSON
records, one per person matched), the CRM's vCard 4.0 export, the employer's team page (HTML in
the firm's language: one card per person, a sentence on when they joined). Every person has a
namesake (same name) at a look-alike firm and colleagues at their own; those appear in the
sources as noise, and failures copy from them.

>>> import random
>>> from veracity.workload.world_b.firms import build_firms
>>> firms = build_firms(1, 4)
>>> p = person_at(firms.firms[0], random.Random(1))
>>> p.firm is firms.firms[0] and p.email.endswith(p.firm.domain)
True
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass, field, replace

from veracity.workload.world_b import render as r
from veracity.workload.world_b.firms import _NSN, COUNTRIES, Firm, _phone
from veracity.workload.world_b.spans import SpanWriter, sid

AGENT = "lead-finder"
VERSION = "2.1.0"
MODEL = "gpt-4.1-mini"
PROVIDER = "openai"
SERVICE = "lead-finder"
PROMPT = "lf-7"
CONVENTION = "genai"
#: Contact failure modes (world A's names) with their shares; the rest is clean.
CONTACT_MODES = (("blend", 0.08), ("wrong_entity", 0.07), ("inferred_missing", 0.08), ("contradiction", 0.07),
                 ("text_error", 0.07), ("silent_tool_failure", 0.06))
PATHS = {"name": "person.name", "title": "role.title", "level": "role.level", "employer": "organisation.name",
         "site": "organisation.site", "email": "reach.email", "phone": "reach.phone", "town": "location.town",
         "country": "location.country", "text": "summary"}

_GIVEN = {"de": ("Katrin", "Lukas", "Hannah", "Matthias", "Johanna", "Stefan", "Anne-Marie", "Florian"),
          "fr": ("Élodie", "Antoine", "Margaux", "Thibault", "Jean-Luc", "Aurélie", "Bastien", "Solène"),
          "en": ("Harriet", "Callum", "Imogen", "Declan", "Rosalind", "Theo", "Maeve", "Rupert")}
_FAMILY = {"de": ("Weißmann", "Köhler", "Brenner", "Lindqvist-Hahn", "Auer", "Rothe", "Ziegler", "Falk"),
           "fr": ("Marchetti", "Lacroix", "Roussel", "Delaunay-Bret", "Girard", "Chevalier", "Aubert", "Texier"),
           "en": ("Pemberton", "Achebe", "Holloway", "Sinclair-Rao", "Thornbury", "Quigley", "Marsh", "Oduya")}
_TITLES = {"de": ("Leiterin Einkauf", "Vertriebsleiter", "Projektleiterin", "Head of Finance", "Produktmanager"),
           "fr": ("Responsable des achats", "Directrice commerciale", "Chef de projet", "Head of Finance",
                  "Ingénieur qualité"),
           "en": ("Procurement Lead", "Regional Sales Director", "Programme Manager", "Head of Finance",
                  "Quality Engineer")}
_LEVELS = ("lead", "director", "manager", "head", "individual contributor")
_TEAM = {"de": ("Unser Team", "{given} ist seit {year} bei {brand}."),
         "fr": ("Notre équipe", "{given} a rejoint {brand} en {year}."),
         "en": ("Our team", "{given} joined {brand} in {year}.")}


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    firm: Firm
    title: str
    level: str
    email: str | None
    phone: str
    joined: int

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    def value(self, f: str) -> object:
        return {"name": self.name, "title": self.title, "level": self.level, "employer": self.firm.brand,
                "site": self.firm.domain, "email": self.email, "phone": self.phone, "town": self.firm.address.city,
                "country": self.firm.country}[f]


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def person_at(firm: Firm, rng: random.Random, given: str | None = None, family: str | None = None) -> Person:
    """A person employed at `firm` (a given name and surname of its language unless named)."""
    g = given or rng.choice(_GIVEN[firm.lang])
    f = family or rng.choice(_FAMILY[firm.lang])
    local = rng.choice(("{g}.{f}", "{i}{f}", "{g}"))
    email = local.format(g=_ascii(g).replace("-", ""), f=_ascii(f).split("-")[0], i=_ascii(g)[0]) + "@" + firm.domain
    c = COUNTRIES[firm.country]
    area = next(a for city, _, a in c.cities if city == firm.address.city)
    assert firm.country in _NSN
    return Person(g, f, firm, rng.choice(_TITLES[firm.lang]), rng.choice(_LEVELS), email,
                  _phone(c, firm.country, area, rng), rng.randrange(2004, 2024))


@dataclass
class ContactScenario:
    mode: str
    target: Person
    namesake: Person
    colleague: Person
    found: Person  # whom the lookups return first (the namesake when the run went to the wrong person)
    noise: bool  # the namesake's record is among the registry's matches
    blend: tuple[str, ...] = ()
    no_email: bool = False
    lost: tuple[str, ...] = ()  # fields only the garbage tool would have stated
    query: dict[str, object] = field(default_factory=dict)


def build(mode: str, target_firm: Firm, looks: list[Firm], rng: random.Random, honest: float) -> ContactScenario:
    target = person_at(target_firm, rng)
    other = rng.choice(looks) if looks else target_firm
    namesake = person_at(other, rng, target.given, target.family)
    colleague = person_at(target_firm, rng)
    while colleague.title == target.title or colleague.name == target.name:
        colleague = person_at(target_firm, rng)
    no_email = mode == "inferred_missing" or rng.random() < honest
    if no_email:
        target = replace(target, email=None)
    sc = ContactScenario(mode, target, namesake, colleague, namesake if mode == "wrong_entity" else target,
                         noise=mode == "blend" or rng.random() < 0.3, no_email=no_email)
    if mode == "blend":
        sc.blend = tuple(rng.sample(("title", "phone", "level"), 2))
    if mode == "silent_tool_failure":
        sc.lost = ("phone",)
    key = rng.choice(("employer", "employer_domain"))
    sc.query = {"contact_name": target.name, key: target_firm.brand if key == "employer" else target_firm.domain}
    return sc


# --- sources ---------------------------------------------------------------------------------------


def registry(people: list[Person], rng: random.Random) -> str:
    rows = [{"person": {"given": p.given, "family": p.family}, "position": p.title, "seniority": p.level,
             "org": {"label": p.firm.legal, "web": f"https://{p.firm.domain}"},
             **({"mail": p.email} if p.email else {}), "town": p.firm.address.city, "since": p.joined}
            for p in people]
    return json.dumps({"matches": rows, "total": len(rows)}, ensure_ascii=False)


def vcard(p: Person, rng: random.Random) -> str:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{p.name}", f"N:{p.family};{p.given};;;", f"ORG:{p.firm.legal}",
             f"TITLE:{p.title}", f"TEL;TYPE=work,voice;VALUE=uri:tel:{p.phone.replace(' ', '-')}",
             f"ADR;TYPE=work:;;{p.firm.address.number} {p.firm.address.street};{p.firm.address.city};;"
             f"{p.firm.address.postcode};{p.firm.country}",
             f"URL;TYPE=work:https://www.{p.firm.domain}/", f"NOTE:seniority={p.level}"]
    if p.email:
        lines.insert(6, f"EMAIL;TYPE=work:{p.email}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def team_page(firm: Firm, people: list[Person], rng: random.Random) -> str:
    heading, joined = _TEAM[firm.lang]
    cards = "".join(
        f'<section class="member"><h2>{p.name}</h2><p class="position">{p.title}</p>'
        f"<p>{joined.format(given=p.given, brand=firm.brand, year=p.joined)}</p></section>"
        for p in people)
    return (f"<html lang=\"{firm.lang}\"><head><title>{heading} – {firm.brand}</title></head><body>"
            f"<header>{firm.brand}</header><main><h1>{heading}</h1>{cards}</main>"
            f"<footer>{firm.legal} · {firm.address.postcode} {firm.address.city} · "
            f"{r.phone(firm.phone, rng)} · www.{firm.domain}</footer></body></html>")


def summary(title: str, brand: str, town: str, joined: int, name: str) -> tuple[str, tuple[int, int]]:
    """The agent's prose, with the span of the year it states."""
    head = f"{name} holds the position of {title} at {brand} ({town}); on the team since "
    return f"{head}{joined}.", (len(head), len(head) + 4)


# --- one run ---------------------------------------------------------------------------------------


def execute(sc: ContactScenario, w: SpanWriter, rng: random.Random, t0: int,
            extra: dict[str, str | int | float | bool]) -> dict[str, object]:
    """Run lead-finder once; return its truth record (world B's schema, `domain` "contact")."""
    t = t0
    steps: dict[str, str] = {}

    def tick() -> tuple[int, int]:
        nonlocal t
        s = t + int(rng.uniform(3, 60) * 1e6)
        t = s + int(rng.uniform(150, 2500) * 1e6)
        return s, t

    root = w.root(AGENT, VERSION, MODEL, sc.query, extra, t0)
    found = sc.found
    matches = [found] + ([sc.namesake] if sc.noise and found is sc.target else [])
    rng.shuffle(matches)
    s, e = tick()
    steps["registry"] = w.tool(root, "staff_registry.query", dict(sc.query), registry(matches, rng), s, e, None, 0, None)
    s, e = tick()
    card = rng.choice(r.GARBAGE[found.firm.lang]) if sc.lost else vcard(found, rng)
    steps["vcard"] = w.tool(root, "crm.vcard_export", {"name": found.name, "org": found.firm.brand}, card, s, e, 200,
                            0, None)
    s, e = tick()
    url = f"https://www.{found.firm.domain}/team"
    page = team_page(found.firm, [sc.colleague if found is sc.target else person_at(found.firm, rng), found], rng)
    steps["team"] = w.tool(root, "team_page.get", {"url": url}, page, s, e, 200, 0, url)
    values: dict[str, object] = {f: found.value(f) for f in PATHS if f != "text"}
    wrong = [PATHS[f] for f in values if values[f] != sc.target.value(f)]
    origin: str | None = steps["registry"] if sc.mode == "wrong_entity" else None
    for f in sc.blend:
        values[f] = sc.namesake.value(f)
        if values[f] != sc.target.value(f):
            wrong.append(PATHS[f])
            origin = origin or steps["registry"]
    if sc.mode == "inferred_missing":
        values["email"] = f"{_ascii(sc.target.given)}.{_ascii(sc.target.family)}@{sc.target.firm.domain}"
        wrong.append(PATHS["email"])
    if sc.mode == "contradiction":
        values["title"] = sc.colleague.title
        wrong.append(PATHS["title"])
    if sc.lost:
        values["phone"] = "+" + COUNTRIES[found.firm.country].cc + " " + str(rng.randrange(10**8, 10**9))
        wrong.append(PATHS["phone"])
        origin = steps["vcard"]
    joined = found.joined + (rng.choice((-3, -2, 2, 3)) if sc.mode == "text_error" else 0)
    text, span = summary(str(values["title"]), found.firm.brand, found.firm.address.city, joined, found.name)
    values["text"] = text
    output: dict[str, object] = {}
    for f, path in PATHS.items():
        head, _, leaf = path.partition(".")
        v = values[f]
        if f == "phone" and not sc.lost:
            v = r.phone(str(v), rng)
        if leaf:
            output.setdefault(head, {})[leaf] = v  # type: ignore[index]
        else:
            output[head] = v
    s, e = tick()
    steps["compose"] = w.chat(root, "draft_contact", MODEL, PROVIDER, PROMPT,
                              [("system", "Fill the contact card from the tool results only."),
                               ("user", json.dumps(sc.query, ensure_ascii=False))],
                              json.dumps(output, ensure_ascii=False), s, e)
    quotes = []
    t_ = sc.target
    if (values["title"], found.firm.brand, found.firm.address.city) != (t_.title, t_.firm.brand, t_.firm.address.city):
        wrong.append(PATHS["text"])  # the prose restates a wrong title, employer or town
    elif sc.mode == "text_error" and joined != sc.target.joined:
        quotes.append({"field": PATHS["text"], "start": span[0], "end": span[1], "quote": text[span[0]:span[1]],
                       "fact": "year"})
        wrong.append(PATHS["text"])
    if sc.mode in ("inferred_missing", "contradiction", "text_error"):
        origin = steps["compose"]
    end = t + int(rng.uniform(2, 20) * 1e6)
    w.close_root(root, output, end)
    missing = [PATHS[f] for f in PATHS if f != "text" and values[f] is None]
    trace_id = f"{root.get_span_context().trace_id:032x}"
    failed = [{"span_id": steps["vcard"], "tool": "crm.vcard_export", "type": "garbage_200"}] if sc.lost else []
    return {
        "run_id": trace_id, "world": "b", "domain": "contact", "failure": sc.mode, "wrong_fields": sorted(set(wrong)),
        "wrong_quotes": quotes, "origin_step": origin if wrong else None, "pair_key": None, "divergent_fields": [],
        "divergent_step": None, "duplicate_of": [],
        "cohort": {"agent": AGENT, "agent_version": VERSION, "model": MODEL, "prompt_version": PROMPT},
        "agent": AGENT, "convention": CONVENTION,
        "entity": {"id": f"{sc.target.firm.key}:{_ascii(sc.target.name)}", "domain": sc.target.firm.domain,
                   "name": sc.target.name},
        "blend_entity": sc.namesake.firm.key if sc.blend else None, "failed_steps": failed, "attempts": [],
        "missing_fields": missing, "unsupported_fields": [PATHS["email"]] * (sc.mode == "inferred_missing")
        + [PATHS["phone"]] * bool(sc.lost),
        "field_sources": {}, "texts": {PATHS["text"]: text}, "root_span": sid(root), "trace_root_span": sid(root),
        "steps": steps, "started_at_ns": t0, "ended_at_ns": end,
    }


def draw(rng: random.Random) -> str:
    x = rng.random()
    for mode, share in CONTACT_MODES:
        x -= share
        if x < 0:
            return mode
    return "clean"
