"""World B's sources: search hits, company sites (HTML with navigation and footer, or markdown), registry
extracts (XML, `;`-separated CSV, key-value text), a vendor's JSON profile and press releases on a
newswire's domain, each in the firm's own language. `states` says which fields a source carries this run.
"""

from __future__ import annotations

import json
import random

from veracity.workload.world_b import render as r
from veracity.workload.world_b.firms import SECTORS, Firm

_NAV = {"en": "Home | Solutions | Careers | Investors | Contact", "de": "Startseite | Leistungen | Karriere | "
        "Presse | Kontakt", "fr": "Accueil | Nos solutions | Carrières | Presse | Contact"}
_FOOT = {"en": "© 2026 {legal}. All rights reserved. Privacy policy · Cookie settings",
         "de": "© 2026 {legal} · Impressum · Datenschutzerklärung · Cookie-Einstellungen",
         "fr": "© 2026 {legal} · Mentions légales · Politique de confidentialité"}
_LINES = {
    "en": {"address": "Head office: {v}", "phone": "Call us: {v}", "chief": "{v}, Chief Executive Officer",
           "year": "Since {v}, we have been building better {sector}.", "staff": "Our team of {v} people",
           "legal": "{v} is registered in {country}.", "sector": "Industry: {v}"},
    "de": {"address": "Firmensitz: {v}", "phone": "Telefon: {v}", "chief": "Geschäftsführung: {v}",
           "year": "Gegründet {v}", "staff": "{v} Mitarbeiter", "legal": "Anbieter: {v}", "sector": "Branche: {v}"},
    "fr": {"address": "Siège social : {v}", "phone": "Tél. : {v}", "chief": "Président : {v}",
           "year": "Fondée en {v}", "staff": "{v} collaborateurs", "legal": "Éditeur du site : {v}",
           "sector": "Secteur : {v}"},
}
DIRECTORIES = ("firmenradar.de", "annuaire-pro.fr", "bizdirectory.io", "companyscope.net")
NEWSWIRE = ("presswire-hub.net", "newsroom-europa.eu", "communiques-eco.fr")


def _site_value(f: Firm, field: str, rng: random.Random) -> str:
    if field == "address":
        return r.address(f.address, f.lang, rng.random() < 0.3)
    if field == "phone":
        return r.phone(f.phone, rng)
    if field == "staff":
        assert f.staff is not None
        return r.count(f.staff, f.lang, rng)
    if field == "sector":
        return SECTORS[f.sector][f.lang]
    if field == "legal":
        return f.legal
    return str(f.value(field))


def site(f: Firm, states: frozenset[str], rng: random.Random) -> str:
    """The firm's own page: HTML with navigation and footer, or a markdown about page."""
    lines = [_LINES[f.lang][k].format(v=_site_value(f, k, rng), sector=SECTORS[f.sector][f.lang].lower(),
                                      country=f.country)
             for k in ("legal", "year", "staff", "chief", "sector", "address", "phone")
             if k in states and f.value(k) is not None]
    if rng.random() < 0.6:
        body = "".join(f"<p>{x}</p>" for x in lines)
        return (f"<!doctype html><html lang=\"{f.lang}\"><head><title>{f.brand}</title></head><body>"
                f"<nav>{_NAV[f.lang]}</nav><main><h1>{f.brand}</h1>{body}</main>"
                f"<footer>{_FOOT[f.lang].format(legal=f.legal)}</footer></body></html>")
    return f"# {f.brand}\n\n" + "\n".join(f"- {x}" for x in lines) + f"\n\n---\n{_FOOT[f.lang].format(legal=f.legal)}\n"


def _reg_fields(f: Firm, states: frozenset[str]) -> list[tuple[str, str]]:
    rows = [("name", f.legal), ("number", f.reg_no), ("country", f.country)]
    if "year" in states:
        rows.append(("incorporated", f"{f.year}-{(f.address.number % 12) + 1:02d}-{(f.address.number % 27) + 1:02d}"))
    if "address" in states:
        rows.append(("registered_office", r.address(f.address, f.lang)))
    if "chief" in states:
        rows.append(("director", f.chief))
    rows.append(("status", "active"))
    return rows


def registry(firms: list[Firm], pick: Firm, states: frozenset[str], style: str) -> str:
    """A registry search answer listing some firms (`pick`'s record carries `states`): XML, `;` CSV or
    key-value text."""
    recs = [_reg_fields(x, states if x.key == pick.key else frozenset({"address", "year", "chief"})) for x in firms]
    if style == "xml":
        body = "".join("<entity>" + "".join(f"<{k}>{v}</{k}>" for k, v in rec) + "</entity>" for rec in recs)
        return f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><register><results>{body}</results></register>"
    if style == "csv":
        keys = ["name", "number", "country", "incorporated", "registered_office", "director", "status"]
        rows = [";".join(keys)] + [";".join(dict(rec).get(k, "") for k in keys) for rec in recs]
        return "\n".join(rows) + "\n"
    return "\n\n".join("\n".join(f"{k.upper()}: {v}" for k, v in rec) for rec in recs) + "\n"


def vendor(f: Firm, states: frozenset[str], rng: random.Random, nested: bool) -> str:
    """A data vendor's JSON profile (its own keys; amounts in units)."""
    d: dict[str, object] = {"match": {"name": f.legal, "website": f.domain, "confidence": round(rng.uniform(.7, .99), 2)}}
    if "staff" in states and f.staff is not None:
        d["staffCount"] = f.staff
    if "turnover" in states and f.turnover is not None:
        d["turnover"] = {"value": f.turnover.value, "currency": f.turnover.cur} if nested else f.turnover.value
        if not nested:
            d["turnoverCurrency"] = f.turnover.cur
    if "raised" in states and f.raised is not None:
        d["fundingTotal"] = f"{f.raised.value} {f.raised.cur}"
    if "sector" in states:
        d["naics_label"] = SECTORS[f.sector]["en"]
    if "phone" in states:
        d["switchboard"] = f.phone.replace(" ", "")
    return json.dumps({"data": d} if nested else d, ensure_ascii=False)


# A press release's sentences per language: a dateline, then one sentence per fact the release states.
_PRESS: dict[str, dict[str, str]] = {
    "de": {
        "dateline": "{city}, {day}. März 2026 – Die {legal} informiert über ihre Geschäftsentwicklung.",
        "raised": "Mit der neuen Finanzierungsrunde steigt das eingesammelte Kapital auf {value}.",
        "turnover": "Der Umsatz lag zuletzt bei {value}.",
        "staff": "Das Unternehmen beschäftigt {value} Mitarbeiter.",
        "chief": "„Wir wachsen weiter“, sagt Geschäftsführer {value}.",
        "rival": "Zu den Wettbewerbern zählt unter anderem {value}.",
    },
    "fr": {
        "dateline": "{city}, le {day} mars 2026 – {legal} fait le point sur son développement.",
        "raised": "Une levée de fonds porte le total à {value}.",
        "turnover": "La société réalise un chiffre d'affaires de {value}.",
        "staff": "Elle compte {value} salariés.",
        "chief": "« Une étape importante », déclare {value}, président.",
        "rival": "Le marché compte aussi {value}.",
    },
    "en": {
        "dateline": "{city_upper}, March {day}, 2026 – {city}-based {legal} today shared an update on its growth.",
        "raised": "A new round brings total funding to {value}.",
        "turnover": "Annual revenue reached {value}.",
        "staff": "The company employs {value} people.",
        "chief": "\"This is a milestone,\" said {value}, CEO.",
        "rival": "Rivals include {value}.",
    },
}


def press(f: Firm, states: frozenset[str], rival: Firm | None, rng: random.Random) -> str:
    """A press release about the firm on a newswire's domain (mentions a rival in passing)."""
    city = f.address.city
    wire = rng.choice(NEWSWIRE)
    lang = f.lang if f.lang in _PRESS else "en"
    says = _PRESS[lang]
    parts = [says["dateline"].format(city=city, city_upper=city.upper(), day=rng.randrange(1, 28), legal=f.legal)]
    if "raised" in states and f.raised:
        parts.append(says["raised"].format(value=r.money(f.raised, lang, rng)))
    if "turnover" in states and f.turnover:
        parts.append(says["turnover"].format(value=r.money(f.turnover, lang, rng)))
    if "staff" in states and f.staff:
        parts.append(says["staff"].format(value=r.count(f.staff, lang, rng)))
    if "chief" in states:
        parts.append(says["chief"].format(value=f.chief))
    if rival:
        parts.append(says["rival"].format(value=rival.legal))
    return f"https://{wire}/releases/{f.domain.split('.')[0]}-{rng.randrange(1000, 9999)}\n\n" + " ".join(parts)


def hits(target: Firm, looks: list[Firm], rng: random.Random) -> list[dict[str, str]]:
    """Search results: the firm's site, look-alikes' sites, a directory page about the firm on a publisher's host."""
    def hit(f: Firm) -> dict[str, str]:
        return {"link": f"https://www.{f.domain}/", "title": f"{f.brand} | {SECTORS[f.sector][f.lang]}",
                "snippet": f"{f.address.city}-based {SECTORS[f.sector]['en'].lower()} company, {f.country}."}
    out = [hit(target), *(hit(x) for x in looks)]
    d = rng.choice(DIRECTORIES)
    out.append({"link": f"https://{d}/company/{target.domain.split('.')[0]}",
                "title": f"{target.legal} – profile, contacts | {d}",
                "snippet": f"{target.legal}, {r.address(target.address, target.lang)}. Founded {target.year}."})
    rng.shuffle(out)
    return out
