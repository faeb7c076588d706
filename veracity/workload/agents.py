"""The agents of the reference world: tool sets and names, steps, models, prompts, output schemas."""

from __future__ import annotations

import random
from dataclasses import dataclass

from veracity.workload import formats as fmt
from veracity.workload.spans import GENAI, OI
from veracity.workload.universe import Money

ROLES = ("search", "page", "registry", "api", "news")

#: Which tool roles can state each field, in the order extraction prefers them.
CAN_STATE: dict[str, tuple[str, ...]] = {
    "legal_name": ("registry", "page", "api"),
    "address": ("page", "registry", "api"),
    "country": ("registry", "api"),
    "founded_year": ("registry", "page", "api"),
    "employee_count": ("api", "page", "news"),
    "revenue": ("api", "news", "page"),
    "industry": ("api", "page"),
    "ceo": ("page", "registry", "news"),
    "executives": ("page", "registry"),
    "phone": ("page", "api"),
    "funding": ("news", "api", "page"),
    "registry_id": ("registry",),
    "ticker": ("page", "api"),
}


@dataclass(frozen=True)
class AgentSpec:
    name: str
    version: str
    convention: str
    model: str
    response_model: str
    provider: str
    prompt_version: str
    service: str
    tools: dict[str, str]  # role -> tool name
    http_roles: tuple[str, ...]  # roles whose spans carry http.* attributes
    retriever_search: bool  # search as an OpenInference RETRIEVER span
    select_step: str
    resolve_step: str
    extract_step: str
    summary_step: str | None  # a separate LLM call that writes the description
    plan_step: str | None  # a planning LLM call before the search
    api_schemas: tuple[str, ...]
    registry_json: float
    tool_messages: bool  # the extraction prompt carries the tool results as tool messages
    paths: dict[str, str]  # canonical field -> output key ("a.b" nests)
    money_styles: tuple[str, ...]
    count_as_text: float  # share of outputs that write the headcount as text ("about 230")
    unknown: tuple[object, ...]  # how this agent writes an unknown value
    wrap_names: tuple[str, ...]  # names of non-agent parent spans

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(self.tools)


AGENTS: dict[str, AgentSpec] = {a.name: a for a in (
    AgentSpec(
        name="company-enricher", version="2.3.1", convention=OI, model="gpt-4.1", response_model="gpt-4.1-2025-04-14",
        provider="openai", prompt_version="enrich-v7", service="enrichment-worker",
        tools={"search": "web_search", "page": "fetch_page", "registry": "company_registry",
               "api": "firmographics_lookup", "news": "news_search"},
        http_roles=("page", "api"), retriever_search=False, select_step="select_result",
        resolve_step="resolve_api_key", extract_step="extract_profile", summary_step=None, plan_step=None,
        api_schemas=("flat", "metrics"), registry_json=0.3, tool_messages=True,
        paths={"legal_name": "legal_name", "domain": "domain", "address": "address", "country": "country",
               "founded_year": "founded_year", "employee_count": "employee_count", "revenue": "revenue",
               "industry": "industry", "ceo": "ceo", "phone": "phone", "funding": "funding",
               "registry_id": "registry_id", "ticker": "ticker", "description": "description"},
        money_styles=("sym_short", "sym_short", "code_full"), count_as_text=0.1, unknown=(None, "unknown"),
        wrap_names=("job.run enrichment-batch",)),
    AgentSpec(
        name="lead-researcher", version="1.8.0", convention=OI, model="claude-sonnet-4",
        response_model="claude-sonnet-4-20250514", provider="anthropic", prompt_version="research-v3",
        service="lead-research",
        tools={"search": "kb_search", "page": "get_webpage", "api": "company_data_api", "news": "news_feed",
               "registry": "registry_api"},
        http_roles=("page", "api", "registry"), retriever_search=True, select_step="pick_source",
        resolve_step="match_entity", extract_step="compose_profile", summary_step="write_summary",
        plan_step="plan_research", api_schemas=("usd", "nested"), registry_json=0.8, tool_messages=False,
        paths={"legal_name": "name", "domain": "website", "address": "hq_address", "country": "country",
               "founded_year": "year_founded", "employee_count": "employees", "revenue": "annual_revenue",
               "industry": "sector", "executives": "executives", "phone": "phone", "funding": "total_funding",
               "registry_id": "company_number", "description": "summary"},
        money_styles=("code_full", "code_million"), count_as_text=0.3, unknown=("not disclosed", None),
        wrap_names=()),
    AgentSpec(
        name="firmo-agent", version="0.9.4", convention=GENAI, model="gpt-4o", response_model="gpt-4o-2024-11-20",
        provider="openai", prompt_version="firmo-2024-11", service="firmo",
        tools={"search": "search_web", "page": "browse", "api": "enrichment_api", "registry": "registry_search"},
        http_roles=("search", "page", "api"), retriever_search=False, select_step="choose_result",
        resolve_step="pick_api_domain", extract_step="fill_profile", summary_step=None, plan_step=None,
        api_schemas=("nested", "metrics", "flat"), registry_json=0.5, tool_messages=True,
        paths={"legal_name": "company", "domain": "domain", "address": "address", "founded_year": "founded",
               "employee_count": "headcount", "revenue": "revenue", "industry": "industry", "ceo": "ceo",
               "phone": "phone", "funding": "funding", "registry_id": "registration_id", "description": "about"},
        money_styles=("object",), count_as_text=0.0, unknown=(None,), wrap_names=("POST /enrich",)),
    AgentSpec(
        name="account-profiler", version="3.1.0", convention=GENAI, model="gemini-2.5-pro",
        response_model="gemini-2.5-pro", provider="gcp.gemini", prompt_version="acct-profile-v12",
        service="account-profiler",
        tools={"search": "google_search", "page": "scrape_url", "api": "firmographics_v2",
               "registry": "companies_house", "news": "news_api"},
        http_roles=("search", "page", "api", "registry", "news"), retriever_search=False,
        select_step="rank_results", resolve_step="confirm_entity", extract_step="draft_profile",
        summary_step="write_description", plan_step="plan", api_schemas=("usd", "flat", "metrics"),
        registry_json=0.2, tool_messages=False,
        paths={"legal_name": "legal_name", "domain": "website", "address": "location.address",
               "country": "location.country", "founded_year": "founded_year", "employee_count": "employee_count",
               "revenue": "revenue", "industry": "industry", "ceo": "ceo", "phone": "phone",
               "registry_id": "registry_id", "description": "description"},
        money_styles=("code_million", "code_short", "sym_full"), count_as_text=0.2, unknown=("unknown", "N/A"),
        wrap_names=("POST /v1/profiles", "job.run crm-sync")),
)}


def render_value(spec: AgentSpec, field: str, value: object, rng: random.Random, alt: bool) -> object:
    """How this agent writes a canonical value in its output; `alt` picks another style (shadow runs)."""
    if field in ("revenue", "funding"):
        assert isinstance(value, Money)
        styles = spec.money_styles
        style = styles[0] if not alt else rng.choice(("sym_short", "code_full", "code_million", "word", "sym_full"))
        if style == "object" and not alt:
            return {"amount": value.amount, "currency": value.currency}
        return fmt.money(value, style if style != "object" else "code_full")
    if field == "employee_count":
        assert isinstance(value, int)
        if rng.random() < (0.6 if alt else spec.count_as_text):
            return fmt.count(value, rng.choice(("about", "comma", "k")))
        return value
    if field == "phone":
        assert isinstance(value, str)
        return fmt.phone(value, rng) if alt or rng.random() < 0.5 else value
    if field == "legal_name" and alt:
        assert isinstance(value, str)
        return value.replace(", Inc.", " Inc").replace("Ltd", "Limited") if rng.random() < 0.7 else value
    if field == "domain" and spec.paths.get("domain") == "website":
        return f"https://{value}" if not alt else f"https://www.{value}/"
    return value


def put(out: dict[str, object], path: str, value: object) -> None:
    """Set a dotted path in a nested dict."""
    keys = path.split(".")
    cur = out
    for k in keys[:-1]:
        nxt = cur.setdefault(k, {})
        assert isinstance(nxt, dict)
        cur = nxt
    cur[keys[-1]] = value
