"""World B's agents: three research agents with their own tool names, call orders, steps and output layouts."""

from __future__ import annotations

from dataclasses import dataclass

OPENLLMETRY = "openllmetry"
GENAI = "genai"
OPENINFERENCE = "openinference"

#: Which roles can state each canonical field, in the order the agents prefer them.
CAN_STATE: dict[str, tuple[str, ...]] = {
    "legal": ("registry", "site", "vendor"),
    "country": ("registry",),
    "sector": ("vendor", "site"),
    "address": ("site", "registry"),
    "year": ("registry", "site"),
    "staff": ("vendor", "site", "press"),
    "turnover": ("vendor", "press"),
    "raised": ("press", "vendor"),
    "chief": ("registry", "site", "press"),
    "phone": ("site", "vendor"),
    "reg_no": ("registry",),
}


@dataclass(frozen=True)
class Agent:
    name: str
    version: str
    convention: str
    model: str
    provider: str
    service: str
    prompt: str
    order: tuple[str, ...]  # tool roles in the order the agent calls them
    tools: dict[str, str]  # role -> tool name
    http: tuple[str, ...]  # roles whose spans carry an HTTP status
    steps: dict[str, str]  # decision -> LLM step name: homepage, register, vendor, compose, summary
    input_keys: tuple[str, str]  # how the agent's input names the firm and its country
    paths: dict[str, str]  # canonical field -> output path ("a.b" nests); "text" is the prose field
    money: str  # "object", "locale" (figures as the firm's language writes them) or "units"
    site_style: str  # how the output writes the homepage
    unknown: object
    #: How the agent writes an unknown value for a firm in another language (else `unknown`).
    unknown_by_lang: tuple[tuple[str, str], ...] = ()

    def unknown_for(self, lang: str) -> object:
        return dict(self.unknown_by_lang).get(lang, self.unknown)


AGENTS_B: dict[str, Agent] = {a.name: a for a in (
    Agent(name="prospect-scout", version="4.0.2", convention=OPENLLMETRY, model="mistral-large-2411",
          provider="mistral", service="scout-pipeline", prompt="scout-p19",
          order=("registry", "search", "site", "vendor", "press"),
          tools={"registry": "registry_extract", "search": "serp.query", "site": "http_get",
                 "vendor": "vendor_profile", "press": "press_search"},
          http=("site", "vendor"),
          steps={"register": "pick_register_entry", "homepage": "choose_homepage", "vendor": "match_vendor",
                 "compose": "compose_record", "summary": "draft_overview"},
          input_keys=("account", "market"),
          paths={"legal": "company.name", "domain": "company.website", "reg_no": "company.registration.number",
                 "country": "company.registration.country", "address": "hq.address", "year": "founded",
                 "staff": "metrics.staff", "turnover": "metrics.turnover", "raised": "capital.raised",
                 "chief": "leadership.chief_executive", "phone": "contact.phone", "sector": "sector",
                 "text": "overview"},
          money="object", site_style="https://www.{domain}", unknown=None),
    Agent(name="kyb-verifier", version="1.12.0", convention=GENAI, model="claude-3-7-sonnet",
          provider="anthropic", service="kyb-service", prompt="kyb-2026-02",
          order=("search", "site", "registry", "vendor"),
          tools={"search": "web_lookup", "site": "open_url", "registry": "lookup_register", "vendor": "firmdata_v3"},
          http=("search", "site", "registry", "vendor"),
          steps={"homepage": "select_official_site", "register": "confirm_register_match",
                 "vendor": "resolve_vendor_domain", "compose": "fill_kyb_form"},
          input_keys=("legal_name", "jurisdiction"),
          paths={"legal": "entity_name", "domain": "homepage", "address": "registered_office",
                 "country": "jurisdiction", "year": "incorporation_year", "staff": "employees",
                 "turnover": "annual_revenue", "chief": "managing_director", "phone": "telephone",
                 "reg_no": "registration_number", "sector": "industry", "raised": "capital_raised", "text": "notes"},
          money="locale", site_style="{domain}", unknown="n/a", unknown_by_lang=(("de", "k. A."), ("fr", "non communiqué"))),
    Agent(name="market-mapper", version="0.7.5", convention=OPENINFERENCE, model="llama-3.3-70b",
          provider="groq", service="mapper", prompt="mm-v2",
          order=("search", "press", "site", "vendor"),
          tools={"search": "docs.search", "press": "newswire", "site": "crawl_site", "vendor": "company_db"},
          http=("site",),
          steps={"homepage": "rank_sources", "vendor": "link_vendor_record", "compose": "assemble_profile",
                 "summary": "write_blurb"},
          input_keys=("organisation", "country"),
          paths={"legal": "firm", "domain": "url", "address": "address_line", "country": "country_code",
                 "year": "established", "staff": "headcount_total", "turnover": "turnover_amount",
                 "raised": "funding_total", "chief": "ceo_name", "phone": "phone_number", "sector": "segment",
                 "text": "blurb"},
          money="units", site_style="https://{domain}/", unknown="not found"),
)}


def put(out: dict[str, object], path: str, value: object) -> None:
    """Set a dotted path in nested dicts."""
    *heads, last = path.split(".")
    cur = out
    for k in heads:
        nxt = cur.setdefault(k, {})
        assert isinstance(nxt, dict)
        cur = nxt
    cur[last] = value
