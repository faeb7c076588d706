"""One agent run as ordinary Python: call the tools, let the (simulated) model decide, emit real spans."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from opentelemetry.trace import Span

from veracity.workload import sources as src
from veracity.workload.agents import CAN_STATE, AgentSpec, put, render_value
from veracity.workload.geo import COUNTRY_BY_CODE
from veracity.workload.scenario import Scenario, agent_fields, invent, perturb
from veracity.workload.spans import Writer, span_id
from veracity.workload.text import Slot, describe
from veracity.workload.universe import Company, value_of

MS = 1_000_000
UNKNOWN = object()


@dataclass
class Cohort:
    agent: str
    agent_version: str
    model: str
    prompt_version: str

    def as_dict(self) -> dict[str, str]:
        return {"agent": self.agent, "agent_version": self.agent_version, "model": self.model,
                "prompt_version": self.prompt_version}


@dataclass
class Outcome:
    """What happened in a run, as the truth needs it."""

    trace_id: str
    root_span: str
    trace_root_span: str
    output: dict[str, object]
    values: dict[str, object]  # canonical field -> canonical value or UNKNOWN
    origins: dict[str, tuple[str, str | None]]  # field -> (how, span id): source, input, invented, placeholder
    subjects: dict[str, str]  # field -> id of the company its value describes
    description: str
    slots: list[Slot]
    wrong_slots: list[Slot]
    steps: dict[str, str] = field(default_factory=dict)  # select, resolve, extract, summary, role -> span id
    attempts: list[dict[str, object]] = field(default_factory=list)
    failed: list[dict[str, object]] = field(default_factory=list)
    started_ns: int = 0
    ended_ns: int = 0


class Clock:
    """Simulated time: every step takes a plausible while."""

    def __init__(self, start: int, rng: random.Random) -> None:
        self.t, self.rng = start, rng

    def step(self, lo_ms: float, hi_ms: float) -> tuple[int, int]:
        start = self.t + int(self.rng.uniform(2, 40) * MS)
        end = start + int(self.rng.uniform(lo_ms, hi_ms) * MS)
        self.t = end
        return start, end


def execute(spec: AgentSpec, sc: Scenario, w: Writer, cohort: Cohort, start: int, rng: random.Random,
            session: str, user: str, extra: dict[str, str | int | float | bool], wrap: str | None,
            alt: bool = False) -> Outcome:
    """Run the agent once on the scenario and return what it did."""
    clock = Clock(start, rng)
    top: Span | None = None
    if wrap:
        server = wrap.startswith(("POST", "GET"))
        attrs: dict[str, str | int | float | bool] = (
            {"http.request.method": "POST", "http.route": wrap.split()[1], "url.path": wrap.split()[1],
             "http.response.status_code": 200} if server else {"job.name": wrap.split()[1], "job.attempt": 1})
        top = w.wrapper(wrap, attrs, start, server)
        clock.step(1, 5)
    root = w.agent(top, f"{spec.name}.run", spec.name, cohort.agent_version, cohort.model, sc.input, session, user,
                   extra, clock.t)
    out = Outcome(trace_id=f"{root.get_span_context().trace_id:032x}", root_span=span_id(root),
                  trace_root_span=span_id(top) if top else span_id(root), output={}, values={}, origins={},
                  subjects={}, description="", slots=[], wrong_slots=[], started_ns=start)
    name = str(sc.input["company"])

    def llm(step: str, messages: list[tuple[str, str]], reply: str, lo: float = 700, hi: float = 3500) -> str:
        s, e = clock.step(lo, hi)
        return w.llm(root, step, cohort.model, _response_model(spec, cohort), spec.provider, cohort.prompt_version,
                     [("system", _system(spec, step, cohort)), *messages], reply, s, e)

    if spec.plan_step:
        out.steps["plan"] = llm(spec.plan_step, [("user", f"Research {name} ({sc.target.country}) and build a profile.")],
                                "1. search the web 2. pick the official site 3. read site, registry, data API, news "
                                "4. compile the profile; mark anything not found as unknown.")
    # search
    hits = src.search(list(sc.hits), sc.target, sc.states.get("search", frozenset()), rng)
    query = f"{name} {sc.target.country}" if rng.random() < 0.5 else name
    s, e = clock.step(250, 1200)
    if spec.retriever_search:
        out.steps["search"] = w.retriever(root, spec.tools["search"], query, hits, s, e)
    else:
        http = 200 if "search" in spec.http_roles else None
        out.steps["search"] = w.tool(root, spec.tools["search"], {"query": query, "num": len(hits)},
                                     json.dumps(hits, ensure_ascii=False), s, e, http_status=http, call_id="call_search")
    url_of = {h["url"].split("/")[2].removeprefix("www."): h["url"] for h in hits}
    listing = "\n".join(f"{i + 1}. {h['title']} - {h['url']}" for i, h in enumerate(hits))
    url1 = url_of.get(sc.pick1.domain, f"https://{sc.pick1.domain}")
    out.steps["select"] = llm(spec.select_step, [("user", f"Which result is the official site of {name} "
                                                          f"({sc.target.country})?\n{listing}")],
                              json.dumps({"url": url1, "company": sc.pick1.name, "domain": sc.pick1.domain,
                                          "confidence": round(rng.uniform(0.78, 0.99), 2)}), 400, 1500)
    results: dict[str, src.Result] = {}
    tool_msgs: list[tuple[str, str]] = []

    def call(role: str, args: dict[str, object], real: src.Result, url: str | None = None) -> None:
        pattern = sc.faults.get(role, ("ok",))
        ids: list[str] = []
        res = real
        for i, attempt in enumerate(pattern):
            status = 200
            if attempt == "ok":
                res = real
            elif attempt == "http":
                status, body = src.http_error(rng)
                res = src.Result(body, None, garbage="http")
            else:
                res = src.garbage(attempt.split(":")[1], real, rng)
            if i:
                clock.t += int(rng.uniform(500, 4000) * MS)  # backoff
            s, e = clock.step(150, 1800)
            http = status if role in spec.http_roles or status != 200 else None
            ids.append(w.tool(root, spec.tools[role], args, res.text, s, e, http_status=http, resend=i or None,
                              url=url, call_id=f"call_{role}_{i}"))
        results[role] = res
        out.steps[role] = ids[-1]
        tool_msgs.append(("tool", res.text))
        if len(pattern) > 1:
            out.attempts.append({"tool": spec.tools[role], "span_ids": ids, "attempts": len(pattern),
                                 "first_ok": pattern[0] == "ok", "accepted_garbage": res.garbage is not None,
                                 "outcomes": list(pattern)})
        if res.garbage is not None:
            out.failed.append({"span_id": ids[-1], "tool": spec.tools[role], "type": res.garbage})

    call("page", {"url": url1}, src.page(sc.pick1, sc.states["page"], sc.unavail["page"], sc.partner, rng), url1)
    if "registry" in spec.roles:
        args: dict[str, object] = ({"name": sc.pick1.name, "country": sc.pick1.country} if rng.random() < 0.5
                                   else {"q": sc.pick1.name, "jurisdiction": sc.pick1.country.lower()})
        call("registry", args, src.registry(sc.pick1, list(sc.registry_others), sc.states["registry"], rng,
                                            rng.random() < spec.registry_json))
    cands = [h["url"].split("/")[2].removeprefix("www.") for h in hits][:4]
    out.steps["resolve"] = llm(spec.resolve_step, [("user", f"Pick the domain that identifies {name} for the data API. "
                                                            f"Candidates: {', '.join(cands)}")],
                               json.dumps({"domain": sc.pick2.domain}), 300, 1200)
    schema = rng.choice(spec.api_schemas)
    call("api", {"domain": sc.pick2.domain} if rng.random() < 0.6 else {"domain": sc.pick2.domain, "fields": "all"},
         src.api(sc.pick2, schema, sc.states["api"], sc.unavail["api"], rng),
         f"https://api.example-data.com/v2/companies?domain={sc.pick2.domain}")
    if "news" in spec.roles:
        call("news", {"q": sc.pick1.name, "days": 365},
             src.news(sc.pick1, list(sc.competitors), sc.states["news"], sc.unavail["news"], rng))

    _extract(spec, sc, results, out, rng)
    facts = _desc_facts(sc, out)
    # An agent names a rival only when a source it read did (the news mentions competitors[0]).
    news_ok = "news" in spec.roles and not any(f["tool"] == spec.tools.get("news") for f in out.failed)
    rival = sc.competitors[0].name if sc.competitors and news_ok else None
    state = rng.getstate()
    out.description, out.slots = describe(facts, rng, rival)
    if sc.text_errors:
        _text_errors(sc, facts, state, rival, out, rng)
    desc_step = "extract"
    if spec.summary_step:
        desc_step = "summary"
        out.steps["summary"] = llm(spec.summary_step, [("user", "Write a two-to-four sentence company description from "
                                                                f"these facts:\n{json.dumps(_jsonable(facts))}")],
                                   out.description, 800, 3000)
    out.output = _output(spec, sc, out, rng, alt)
    msgs: list[tuple[str, str]] = [("user", f"Build the company profile for {json.dumps(sc.input)} as JSON. "
                                            "Use only facts from the tool results; write unknown when a value is missing.")]
    if spec.tool_messages:
        msgs += tool_msgs
    out.steps["extract"] = llm(spec.extract_step, msgs, json.dumps(out.output, ensure_ascii=False), 1500, 6000)
    out.steps["description"] = out.steps[desc_step]
    out.ended_ns = clock.t + int(rng.uniform(3, 30) * MS)
    w.finish_agent(root, out.output, out.ended_ns)
    if top is not None:
        top.end(end_time=out.ended_ns + 2 * MS)
    return out


def _response_model(spec: AgentSpec, cohort: Cohort) -> str:
    return spec.response_model if cohort.model == spec.model else cohort.model


def _system(spec: AgentSpec, step: str, cohort: Cohort) -> str:
    return (f"[{cohort.prompt_version}] You are {spec.name}, a company research assistant. Step: {step}. "
            "Be precise; never guess numbers.")


def _subject(sc: Scenario, role: str) -> Company:
    return sc.pick2 if role == "api" else sc.pick1


def _extract(spec: AgentSpec, sc: Scenario, results: dict[str, src.Result], out: Outcome, rng: random.Random) -> None:
    """Take each field from the first tool that states it; make up what is lost or told to invent."""
    lost = {f for r, res in results.items() if res.garbage for f in sc.states.get(r, ())}
    seen = [*sc.hits, *sc.competitors, *sc.registry_others, sc.pick1, sc.pick2] + ([sc.partner] if sc.partner else [])
    out.values["domain"], out.origins["domain"], out.subjects["domain"] = sc.pick1.domain, ("source", out.steps["search"]), sc.pick1.id
    for f in agent_fields(spec):
        value: object = UNKNOWN
        for role in CAN_STATE[f]:
            res = results.get(role)
            if res is None:
                continue
            if res.garbage == "placeholder" and f in res.values and f in sc.states.get(role, ()):
                value, out.origins[f] = res.values[f], ("placeholder", out.steps[role])
                if f == "executives":
                    value = (("John Doe", "CEO"),)
                break
            subject = _subject(sc, role)
            if res.garbage is None and f in res.states and value_of(subject, f) is not None:
                value, out.origins[f], out.subjects[f] = value_of(subject, f), ("source", out.steps[role]), subject.id
                break
        if value is UNKNOWN and f == "country":
            value, out.origins[f], out.subjects[f] = sc.target.country, ("input", None), sc.target.id
        if value is UNKNOWN and f == "legal_name" and sc.keep_input_name:
            value, out.origins[f], out.subjects[f] = sc.input["company"], ("input", None), sc.target.id
        if value is UNKNOWN and (f in sc.invent or f in lost) and f != "ticker":
            avoid = {value_of(c, f) for c in seen}
            value, out.origins[f] = invent(f, sc.target, rng, avoid), ("invented", None)
        if f in sc.contradict and value is not UNKNOWN:
            avoid = {value_of(c, f) for c in seen}
            value, out.origins[f] = perturb(f, value, sc.target, rng, avoid), ("contradicted", out.origins[f][1])
            out.subjects.pop(f, None)
        if sc.keep_input_name and f == "legal_name":
            value, out.origins[f], out.subjects[f] = sc.input["company"], ("input", None), sc.target.id
        out.values[f] = value


def _desc_facts(sc: Scenario, out: Outcome) -> dict[str, object]:
    def known(f: str) -> object:
        v = out.values.get(f, UNKNOWN)
        return None if v is UNKNOWN else v

    ceo = known("ceo")
    execs = known("executives")
    if ceo is None and isinstance(execs, tuple) and execs:
        ceo = next((n for n, t in execs if t == "CEO"), None)
    named = sc.pick1 if out.subjects.get("legal_name") == sc.pick1.id else sc.target
    addr_subject = out.subjects.get("address")
    city = None
    if addr_subject is not None:
        city = sc.pick1.city if addr_subject == sc.pick1.id else sc.target.city
    return {"name": named.name, "city": city, "industry": known("industry") or sc.pick1.industry,
            "product": sc.pick1.product, "founded_year": known("founded_year"),
            "employee_count": known("employee_count"), "ceo": ceo, "revenue": known("revenue")}


def _text_errors(sc: Scenario, facts: dict[str, object], state: object, rival: str | None, out: Outcome,
                 rng: random.Random) -> None:
    """Rewrite the description with 1-2 wrong facts, keeping the same wording."""
    present = [s.field for s in out.slots if s.field in ("founded_year", "employee_count", "ceo", "revenue", "city")]
    if not present:
        present = [s.field for s in out.slots]
    chosen = rng.sample(present, min(sc.text_errors, len(present)))
    bad = dict(facts)
    seen = [*sc.hits, *sc.competitors, sc.pick1, sc.pick2]
    for f in chosen:
        if f == "city":
            cities = [c for c, _ in COUNTRY_BY_CODE[sc.target.country].cities if c != facts["city"]] or ["Springfield"]
            bad[f] = rng.choice(cities)
        elif f == "name":
            bad[f] = rng.choice([c.name for c in seen if c.name != facts["name"]] or [f"{facts['name']} Group"])
        else:
            bad[f] = perturb(f, facts[f], sc.target, rng, {value_of(c, f) for c in seen})
    again = random.Random()
    again.setstate(state)  # type: ignore[arg-type]
    out.description, out.slots = describe(bad, again, rival)
    out.wrong_slots = [s for s in out.slots if s.field in chosen]


def _jsonable(facts: dict[str, object]) -> dict[str, object]:
    return {k: (f"{v.amount} {v.currency}" if hasattr(v, "amount") else v) for k, v in facts.items() if v is not None}  # type: ignore[attr-defined]


def _output(spec: AgentSpec, sc: Scenario, out: Outcome, rng: random.Random, alt: bool) -> dict[str, object]:
    o: dict[str, object] = {}
    unknown = spec.unknown[1 % len(spec.unknown)] if alt else spec.unknown[0]
    for f, path in spec.paths.items():
        if f == "description":
            put(o, path, out.description)
            continue
        v = out.values.get(f, UNKNOWN)
        if v is UNKNOWN or v is None:
            if f != "ticker":
                put(o, path, [] if f == "executives" else unknown)
            continue
        if f == "executives":
            assert isinstance(v, tuple)
            people = [{"name": n, "title": t} for n, t in v]
            if alt:
                rng.shuffle(people)
            put(o, path, people)
            continue
        put(o, path, render_value(spec, f, v, rng, alt))
    return o
