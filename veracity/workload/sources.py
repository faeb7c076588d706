"""What the tools answer: search results, pages, firmographics APIs, registries, news, and garbage.

Each renderer states exactly the fields it is told to (`states`), marks others as unavailable when told
(`unavail`), and returns a `Result` that records which facts about which company it carries.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from veracity.workload import formats as fmt
from veracity.workload.universe import Company, Money


@dataclass(frozen=True)
class Result:
    text: str
    subject: str | None  # id of the company the result is about (None for garbage)
    states: frozenset[str] = frozenset()
    mentions: tuple[str, ...] = ()  # other companies whose facts it carries
    values: dict[str, object] = field(default_factory=dict)  # facts not taken from the subject (placeholders)
    garbage: str | None = None  # the kind of garbage, when it is garbage


def _dump(obj: object, rng: random.Random) -> str:
    return json.dumps(obj, indent=2 if rng.random() < 0.2 else None, ensure_ascii=rng.random() < 0.3)


# ---------------------------------------------------------------- search


def search(results: list[Company], subject: Company, states: frozenset[str], rng: random.Random) -> list[dict[str, str]]:
    """Search hits for several companies; snippets carry numbers about the others."""
    hits = []
    for c in results:
        own = c.id == subject.id
        bits = [rng.choice((f"{c.name} builds {c.product}.", f"{c.name} — {c.product}.",
                            f"{c.legal_name} provides {c.product} in {c.country_name}.",
                            f"Official site of {c.name}, makers of {c.product}."))]
        if (not own or "employee_count" in states) and rng.random() < 0.6:
            bits.append(f"{fmt.staff_phrase(c.employee_count, rng).capitalize()}.")
        if (not own or "founded_year" in states) and rng.random() < 0.4:
            bits.append(f"{fmt.founded_phrase(c.founded_year, rng).capitalize()}.")
        if not own and c.revenue is not None and rng.random() < 0.3:
            bits.append(f"Revenue {fmt.any_money(c.revenue, rng)}.")
        if c.former_name and rng.random() < 0.7:
            bits.append(f"Formerly {c.former_name}.")
        path = rng.choice(("", "/about", "/company", "/en/about-us", ""))
        hits.append({"title": rng.choice((c.name, f"{c.name} | {c.product.capitalize()}", f"About {c.name}",
                                          f"{c.legal_name} - Home")),
                     "url": f"https://{'www.' if rng.random() < 0.3 else ''}{c.domain}{path}",
                     "snippet": " ".join(bits)})
    return hits


# ---------------------------------------------------------------- page


def page(c: Company, states: frozenset[str], unavail: frozenset[str], partner: Company | None,
         rng: random.Random) -> Result:
    """An HTML-ish company page in prose."""
    paras = [rng.choice((f"{c.name} makes {c.product} for customers across {c.country_name}.",
                         f"We are {c.name}. Since day one we have focused on {c.product}.",
                         f"At {c.name}, our mission is simple: better {c.product} with fewer errors and no limits on ambition."))]
    if c.former_name:
        paras.append(f"In {c.founded_year + 3} we changed our name from {c.former_name} to {c.name}.")
    if "founded_year" in states:
        paras.append(rng.choice((f"{fmt.founded_phrase(c.founded_year, rng).capitalize()}, we have grown steadily.",
                                 f"Our story began in {c.founded_year}.", f"Established {c.founded_year}.")))
    if "employee_count" in states:
        paras.append(rng.choice((f"Today we are {fmt.staff_phrase(c.employee_count, rng)} worldwide.",
                                 f"Our team: {fmt.staff_phrase(c.employee_count, rng)}.",
                                 f"We employ {fmt.staff_phrase(c.employee_count, rng)} across our offices.")))
    if "revenue" in states and c.revenue:
        paras.append(f"Last fiscal year we reported revenue of {fmt.any_money(c.revenue, rng)}.")
    elif "revenue" in unavail:
        paras.append("As a privately held company we do not publish revenue figures.")
    if "funding" in states and c.funding:
        paras.append(f"We are backed by leading investors, with {fmt.any_money(c.funding, rng)} raised to date.")
    if "industry" in states:
        paras.append(rng.choice((f"Industry: {c.industry}.", f"We are a {c.industry.lower()} company.")))
    if "ticker" in states and c.ticker:
        paras.append(f"Investors: our shares trade under the ticker {c.ticker}.")
    if "ceo" in states or "executives" in states:
        people = list(c.executives) if "executives" in states else [c.executives[0]]
        rng.shuffle(people) if rng.random() < 0.3 else None
        paras.append("Leadership: " + "; ".join(f"{p.name}, {rng.choice((p.title, _long_title(p.title)))}" for p in people))
    mentions: tuple[str, ...] = ()
    if partner is not None and rng.random() < 0.7:
        mentions = (partner.id,)
        paras.append(rng.choice((
            f"Trusted by {partner.name}, a {fmt.staff_phrase(partner.employee_count, rng)} leader in {partner.industry.lower()}.",
            f"Case study: how {partner.name} ({partner.city}) cut costs with our platform.",
            f"Partner spotlight: {partner.legal_name}, founded in {partner.founded_year}.")))
    foot = []
    if "legal_name" in states:
        foot.append(f"© 2026 {fmt.legal_name(c, rng)}")
    if "address" in states:
        foot.append(fmt.address(c, rng))
    if "phone" in states:
        foot.append(rng.choice(("Tel. ", "Phone: ", "Call us: ", "")) + fmt.phone(c.phone, rng))
    if rng.random() < 0.3:
        foot.append("All rights reserved. Error reports: support@" + c.domain)
    body = "".join(f"<p>{p}</p>" for p in paras)
    title = rng.choice((c.name, f"{c.name} | About", f"About us - {c.name}"))
    text = (f"<html><head><title>{title}</title></head><body><h1>{c.name}</h1>{body}"
            f"<footer>{' | '.join(foot)}</footer></body></html>")
    return Result(text, c.id, states, mentions)


def _long_title(title: str) -> str:
    return {"CEO": "Chief Executive Officer", "CTO": "Chief Technology Officer", "CFO": "Chief Financial Officer"}[title]


# ---------------------------------------------------------------- firmographics API

API_SCHEMAS = ("flat", "usd", "nested", "metrics")


def api(c: Company, schema: str, states: frozenset[str], unavail: frozenset[str], rng: random.Random) -> Result:
    """A firmographics API record in one of several schemas and field names."""
    def na() -> object:
        return rng.choice((None, fmt.unavailable(rng)))

    s = states
    rev = c.revenue if "revenue" in s else None
    if schema == "flat":
        d: dict[str, object] = {"name": c.name, "domain": c.domain}
        if "employee_count" in s:
            d["employees"] = c.employee_count
        elif "employee_count" in unavail:
            d["employees"] = na()
        if rev:
            d["revenue"] = {"amount": rev.amount, "currency": rev.currency} if rng.random() < 0.5 else fmt.any_money(rev, rng)
        elif "revenue" in unavail:
            d["revenue"] = na()
        if "founded_year" in s:
            d["founded"] = c.founded_year
        if "industry" in s:
            d["industry"] = c.industry
        if "address" in s:
            d["hq"] = {"street": c.street, "city": c.city, "postal_code": c.postal, "country": c.country}
        _more(d, c, s, rng, {"legal_name": "legal_name", "phone": "phone", "funding": "funding_total",
                             "ticker": "ticker", "country": "country"})
    elif schema == "usd":
        d = {"company_name": c.legal_name if "legal_name" in s else c.name, "website": f"https://{c.domain}"}
        if "employee_count" in s:
            d["headcount"] = c.employee_count
            d["size_range"] = _range(c.employee_count)
        elif "employee_count" in unavail:
            d["headcount"] = na()
        if rev:
            key = "annual_revenue_usd" if rev.currency == "USD" else f"annual_revenue_{rev.currency.lower()}"
            d[key] = rev.amount
        elif "revenue" in unavail:
            d["annual_revenue_usd"] = na()
        if "founded_year" in s:
            d["year_founded"] = str(c.founded_year)
        if "industry" in s:
            d["sector"] = c.industry
        if "phone" in s:
            d["phone"] = fmt.phone(c.phone, rng)
        _more(d, c, s, rng, {"address": "hq_address", "funding": "total_funding", "ticker": "stock_symbol",
                             "country": "country_code"})
    elif schema == "nested":
        attrs: dict[str, object] = {"legalName": c.legal_name, "country": c.country}
        if "employee_count" in s:
            attrs["staff_count"] = fmt.count(c.employee_count, rng.choice(("plain", "comma", "k")))
            attrs["employeeRange"] = _range(c.employee_count)
        elif "employee_count" in unavail:
            attrs["staff_count"] = na()
        if rev:
            attrs["turnover"] = fmt.any_money(rev, rng)
        elif "revenue" in unavail:
            attrs["turnover"] = na()
        if "founded_year" in s:
            attrs["foundedYear"] = c.founded_year
        if "industry" in s:
            attrs["category"] = {"sector": c.industry}
        if "funding" in s and c.funding:
            attrs["totalFunding"] = fmt.any_money(c.funding, rng)
        _more(attrs, c, s, rng, {"address": "address", "phone": "phoneNumber", "ticker": "ticker"})
        d = {"data": {"id": c.domain, "type": "company", "attributes": attrs},
             "meta": {"source": rng.choice(("registry+web", "crowd", "partner-feed")),
                      "updated": f"2026-0{rng.randrange(1, 3)}-{rng.randrange(10, 28)}"}}
    else:
        org: dict[str, object] = {"display_name": c.name, "domain": c.domain}
        metrics: dict[str, object] = {}
        if "employee_count" in s:
            metrics["num_employees"] = c.employee_count
        elif "employee_count" in unavail:
            metrics["num_employees"] = na()
        if rev:
            metrics["revenue"] = str(rev.amount)
            metrics["revenue_currency"] = rev.currency
        elif "revenue" in unavail:
            metrics["revenue"] = na()
        if "address" in s:
            org["headquarters"] = fmt.address(c, rng)
        if "phone" in s:
            org["phone"] = fmt.phone(c.phone, rng)
        if "ticker" in s and c.ticker:
            org["ticker"] = c.ticker
        if "founded_year" in s:
            org["founded_on"] = fmt.reg_date(c.founded_year, rng)
        _more(org, c, s, rng, {"legal_name": "legal_name", "industry": "industry", "country": "country"})
        _more(metrics, c, s, rng, {"funding": "funding_total"})
        d = {"status": "ok", "org": org, "metrics": metrics, "error": None}
    return Result(_dump(d, rng), c.id, states)


def _more(d: dict[str, object], c: Company, states: frozenset[str], rng: random.Random, keys: dict[str, str]) -> None:
    """Fields a schema carries under its own names, when stated."""
    for f, key in keys.items():
        if f not in states:
            continue
        if f == "legal_name":
            d[key] = fmt.legal_name(c, rng)
        elif f == "phone":
            d[key] = fmt.phone(c.phone, rng)
        elif f == "address":
            d[key] = fmt.address(c, rng)
        elif f == "funding" and c.funding:
            d[key] = fmt.any_money(c.funding, rng)
        elif f == "ticker" and c.ticker:
            d[key] = c.ticker
        elif f == "country":
            d[key] = c.country
        elif f == "industry":
            d[key] = c.industry


def _range(n: int) -> str:
    for lo, hi in ((1, 10), (11, 50), (51, 200), (201, 500), (501, 1000), (1001, 5000), (5001, 10000)):
        if n <= hi:
            return f"{lo}-{hi}"
    return "10001+"


# ---------------------------------------------------------------- registry


def registry(c: Company, others: list[Company], states: frozenset[str], rng: random.Random, as_json: bool) -> Result:
    """A company-registry record (key: value text or JSON), sometimes with other matches."""
    def rec(x: Company, full: bool) -> dict[str, object]:
        r: dict[str, object] = {"name": x.legal_name.upper() if rng.random() < 0.5 else x.legal_name,
                                "number": x.registry_id, "jurisdiction": x.country,
                                "status": rng.choice(("Active", "active", "Registered", "Live"))}
        if (full and "founded_year" in states) or not full:
            r["incorporated"] = fmt.reg_date(x.founded_year, rng)
        if (full and "address" in states) or not full:
            r["registered_office"] = fmt.address(x, rng)
        if (full and ("ceo" in states or "executives" in states)) or not full:
            people = x.executives if (full and "executives" in states) else x.executives[:1]
            r["officers"] = [{"name": p.name.upper() if rng.random() < 0.3 else p.name,
                              "role": rng.choice(("Director", "Managing Director", "Officer")) + f" ({p.title})"}
                             for p in people]
        if x.former_name and rng.random() < 0.6:
            r["previous_names"] = [x.former_name]
        return r

    records = [rec(c, True)] + [rec(o, False) for o in others]
    if len(records) > 1:
        rng.shuffle(records)
    if as_json:
        text = _dump({"query_matches": len(records), "results": records}, rng)
    else:
        blocks = []
        for r in records:
            lines = []
            for k, v in r.items():
                if k == "officers":
                    assert isinstance(v, list)
                    v = "; ".join(f"{o['name']} - {o['role']}" for o in v)
                elif isinstance(v, list):
                    v = ", ".join(map(str, v))
                lines.append(f"{k.replace('_', ' ').title()}: {v}")
            blocks.append("\n".join(lines))
        text = "\n\n".join(blocks)
    return Result(text, c.id, states, tuple(o.id for o in others))


# ---------------------------------------------------------------- news

NOISE = (
    "Analysts noted that several enrichment APIs imposed stricter rate limits this quarter, and one vendor's error rate briefly spiked.",
    "Pricing data for the sector remained unavailable from the statistics office until March.",
    "The company said a login outage last year was caused by an error at a cloud provider, not a breach.",
    "Supply of key components remains limited, and the firm declined to comment on its unreleased product.",
    "Industry-wide data on churn is not disclosed by most private vendors.",
)


def news(c: Company, competitors: list[Company], states: frozenset[str], unavail: frozenset[str],
         rng: random.Random) -> Result:
    """News articles about the company that mention rivals with their own numbers."""
    body = []
    if "funding" in states and c.funding:
        body.append(rng.choice((f"{c.name} has raised {fmt.any_money(c.funding, rng)} to date.",
                                f"The new round brings total funding for {c.name} to {fmt.any_money(c.funding, rng)}.")))
    if "employee_count" in states:
        body.append(f"{c.name}, which has {fmt.staff_phrase(c.employee_count, rng)}, is expanding in {c.city}.")
    if "revenue" in states and c.revenue:
        body.append(rng.choice((f"{c.name} reported annual revenue of {fmt.any_money(c.revenue, rng)}.",
                                f"Revenue reached {fmt.any_money(c.revenue, rng)}, according to filings.")))
    elif "revenue" in unavail:
        body.append(rng.choice((f"{c.name} did not disclose revenue.", "Financial terms were not disclosed.")))
    if "ceo" in states:
        body.append(rng.choice((f"\"We are just getting started,\" said CEO {c.ceo}.",
                                f"Chief executive {c.ceo} told reporters the company would keep hiring.")))
    mentioned = []
    for o in competitors[: rng.randrange(1, 3)]:
        mentioned.append(o.id)
        bits = [f"rival {o.name}"]
        bits.append(rng.choice((f"which employs {fmt.staff_phrase(o.employee_count, rng)}",
                                f"led by CEO {o.ceo}", f"founded in {o.founded_year}")))
        if o.revenue is not None and rng.random() < 0.6:
            bits.append(f"reported {fmt.any_money(o.revenue, rng)} in revenue")
        body.append(f"It competes with {', '.join(bits)}.")
    if rng.random() < 0.35:
        body.append(rng.choice(NOISE))
    rng.shuffle(body)
    outlets = ("TechWire", "Business Daily", "The Ledger", "Reuters-like Wire", "Regional Times", "Startup Digest")
    articles = [{"title": rng.choice((f"{c.name} expands", f"{c.name}: what's next", f"Inside {c.name}",
                                      f"{c.industry} roundup")),
                 "source": rng.choice(outlets), "published": f"2026-0{rng.randrange(1, 3)}-{rng.randrange(10, 28)}",
                 "text": " ".join(body)}]
    if rng.random() < 0.5:
        return Result(_dump({"articles": articles, "total": len(articles)}, rng), c.id, states, tuple(mentioned))
    a = articles[0]
    return Result(f"{a['title']} ({a['source']}, {a['published']})\n{a['text']}", c.id, states, tuple(mentioned))


# ---------------------------------------------------------------- garbage

GARBAGE_KINDS = ("rate_limit", "captcha", "login", "empty", "truncated", "placeholder")
PLACEHOLDER: dict[str, object] = {"employee_count": 0, "revenue": Money(0, "USD"), "phone": "+10000000000", "address": "123 Main St, Anytown, ST 00000",
               "ceo": "John Doe", "legal_name": "Example Company Inc.", "founded_year": 1970, "industry": "N/A",
               "registry_id": "00000000"}


def garbage(kind: str, real: Result, rng: random.Random) -> Result:
    """A 200 answer that is not the data: a rate-limit or bot wall, a login page, nothing, half JSON, placeholders."""
    if kind == "rate_limit":
        text = rng.choice(("<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>"
                           "<p>You have exceeded your request quota. Please retry after 60 seconds.</p></body></html>",
                           '{"error": {"code": 429, "message": "Rate limit exceeded. Upgrade your plan for higher limits."}}',
                           "Rate limit exceeded - try again later."))
    elif kind == "captcha":
        text = rng.choice(("<html><title>Attention Required! | Cloudflare</title><body>Please complete the security check "
                           "to access this site. Why do I have to complete a CAPTCHA?</body></html>",
                           "<html><body><h2>Checking your browser before accessing the site.</h2>"
                           "<p>Verify you are human.</p></body></html>"))
    elif kind == "login":
        text = ("<html><head><title>Sign in</title></head><body><form action='/login'><h1>Sign in to continue</h1>"
                "<input name='email'><input type='password' name='password'><button>Log in</button></form></body></html>")
    elif kind == "empty":
        text = rng.choice(("", "{}", "[]", "null", " "))
    elif kind == "truncated":
        cut = max(10, int(len(real.text) * rng.uniform(0.2, 0.5)))
        text = real.text[:cut]
    else:
        text = _dump(rng.choice((
            {"name": "Example Company", "employees": 0, "revenue": 0, "phone": "000-000-0000",
             "address": "123 Main St, Anytown, ST 00000", "ceo": "John Doe"},
            {"company_name": "Lorem Ipsum Inc.", "headcount": 0, "annual_revenue_usd": 0,
             "description": "Lorem ipsum dolor sit amet.", "year_founded": "1970"},
            {"status": "ok", "org": {"display_name": "TBD", "domain": "example.com"}, "metrics": {"num_employees": 0}},
        )), rng)
    return Result(text, None, frozenset(), (), dict(PLACEHOLDER) if kind == "placeholder" else {}, kind)


def http_error(rng: random.Random) -> tuple[int, str]:
    """A loud failure: status code and body."""
    code = rng.choice((429, 429, 429, 503, 502, 500))
    body = {429: '{"error": "rate_limited", "retry_after": 30}', 503: "Service Unavailable",
            502: "<html><body>502 Bad Gateway</body></html>", 500: '{"error": "internal"}'}[code]
    return code, body
