"""One world-B run: the agent calls its tools in its own order, the simulated model decides, spans are emitted."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

import pycountry
from opentelemetry.trace import Span

from veracity.workload.world_b import render as r
from veracity.workload.world_b import sources as src
from veracity.workload.world_b.agents import CAN_STATE, OPENINFERENCE, Agent, put
from veracity.workload.world_b.firms import SECTORS, Firm, Money
from veracity.workload.world_b.scenario import Scenario, invent, perturb
from veracity.workload.world_b.spans import SpanWriter, sid
from veracity.workload.world_b.text import Slot, describe

MS = 1_000_000
UNKNOWN = object()
INVENTABLE = ("staff", "turnover", "raised", "year", "chief", "phone")


@dataclass
class Outcome:
    trace_id: str = ""
    root_span: str = ""
    output: dict[str, object] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)
    origins: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    subjects: dict[str, Firm] = field(default_factory=dict)
    text: str = ""
    slots: list[Slot] = field(default_factory=list)
    steps: dict[str, str] = field(default_factory=dict)
    #: The model steps by their task key ("homepage", "vendor", ...): a task and a tool role may share a
    #: key ("vendor"), and `steps` keeps the later of the two, so a decision is looked up here.
    decisions: dict[str, str] = field(default_factory=dict)
    attempts: list[dict[str, object]] = field(default_factory=list)
    failed: list[dict[str, object]] = field(default_factory=list)
    garbage: set[str] = field(default_factory=set)
    started_ns: int = 0
    ended_ns: int = 0


class _Run:
    def __init__(self, agent: Agent, sc: Scenario, w: SpanWriter, rng: random.Random, t0: int,
                 looks: list[Firm]) -> None:
        self.agent, self.sc, self.w, self.rng, self.t, self.looks = agent, sc, w, rng, t0, looks
        self.out = Outcome(started_ns=t0)
        self.root: Span | None = None

    def tick(self, lo: float, hi: float) -> tuple[int, int]:
        s = self.t + int(self.rng.uniform(3, 60) * MS)
        self.t = s + int(self.rng.uniform(lo, hi) * MS)
        return s, self.t

    def llm(self, key: str, msgs: list[tuple[str, str]], reply: str) -> None:
        s, e = self.tick(300, 4000)
        a = self.agent
        system = f"You are {a.name} ({a.prompt}). Task: {a.steps[key]}. Report only what the sources say."
        assert self.root is not None
        self.out.steps[key] = self.out.decisions[key] = self.w.chat(
            self.root, a.steps[key], a.model, a.provider, a.prompt, [("system", system), *msgs], reply, s, e)

    def call(self, role: str, args: dict[str, object], real: str, url: str | None = None) -> None:
        a, rng = self.agent, self.rng
        pattern = self.sc.faults.get(role, ("ok",))
        ids: list[str] = []
        for i, attempt in enumerate(pattern):
            http = 200 if role in a.http else None
            body = real
            if attempt == "http":
                http, reason = rng.choice(r.HTTP_ERRORS)
                body = json.dumps({"error": reason, "status": http}) if rng.random() < 0.5 else f"{http} {reason}"
            elif attempt == "garbage":
                body = rng.choice(r.GARBAGE_JSON) if role == "vendor" else rng.choice(r.GARBAGE[self.sc.target.lang])
            if i:
                self.t += int(rng.uniform(400, 5000) * MS)
            s, e = self.tick(120, 2500)
            assert self.root is not None
            ids.append(self.w.tool(self.root, a.tools[role], args, body, s, e, http, i, url))
        self.out.steps[role] = ids[-1]
        if pattern[-1] == "garbage":
            self.out.garbage.add(role)
            self.out.failed.append({"span_id": ids[-1], "tool": a.tools[role], "type": "garbage_200"})
        if len(pattern) > 1:
            self.out.attempts.append({"tool": a.tools[role], "span_ids": ids, "attempts": len(pattern),
                                      "first_ok": pattern[0] == "ok", "accepted_garbage": pattern[-1] == "garbage",
                                      "outcomes": list(pattern)})

    def search(self, name: str) -> None:
        sc, rng = self.sc, self.rng
        hits = src.hits(sc.target, self.looks, rng)
        s, e = self.tick(200, 1500)
        tool = self.agent.tools["search"]
        assert self.root is not None
        q = f"{name} {sc.target.country}" if rng.random() < 0.5 else name
        if self.agent.convention == OPENINFERENCE:
            self.out.steps["search"] = self.w.documents(self.root, tool, q, hits, s, e)
        else:
            self.out.steps["search"] = self.w.tool(self.root, tool, {"q": q, "limit": len(hits)},
                                                   json.dumps(hits, ensure_ascii=False), s, e, None, 0, None)
        listing = "\n".join(f"[{i}] {h['title']} <{h['link']}>" for i, h in enumerate(hits))
        site = sc.picks.get("site", sc.target)
        self.llm("homepage", [("user", f"Official website of {name}?\n{listing}")],
                 json.dumps({"homepage": f"https://www.{site.domain}/", "reason": "name and country match"}))

    def role(self, role: str, name: str) -> None:
        sc, rng = self.sc, self.rng
        pick = sc.picks[role]
        if role == "registry":
            entries = [pick, *[x for x in [sc.target, *self.looks] if x.key != pick.key][:2]]
            rng.shuffle(entries)
            style = rng.choice(("xml", "csv", "kv"))
            self.call(role, {"name": name, "country": sc.target.country},
                      src.registry(entries, pick, sc.states[role], style))
            if "register" in self.agent.steps:
                names = "; ".join(f"{x.legal} ({x.reg_no})" for x in entries)
                self.llm("register", [("user", f"Which register entry is {name}? {names}")],
                         json.dumps({"entry": pick.reg_no, "name": pick.legal}))
        elif role == "site":
            url = f"https://www.{pick.domain}/" + rng.choice(("", "about", "ueber-uns", "a-propos", "contact"))
            self.call(role, {"url": url}, src.site(pick, sc.states[role], rng), url)
        elif role == "vendor":
            self.llm("vendor", [("user", f"Vendor lookup key for {name}?")], json.dumps({"domain": pick.domain}))
            self.call(role, {"domain": pick.domain}, src.vendor(pick, sc.states[role], rng, rng.random() < 0.5),
                      f"https://data.vendor-firmdata.io/v3/lookup?domain={pick.domain}")
        elif role == "press":
            self.call(role, {"query": pick.brand, "lang": pick.lang},
                      src.press(pick, sc.states[role], sc.rival, rng))


def _extract(agent: Agent, sc: Scenario, out: Outcome, rng: random.Random) -> None:
    """Each field from the first source that states it; made up when lost to a bad answer or told to invent."""
    lost = {f for role in out.garbage for f in sc.states.get(role, ())}
    seen = [sc.target, *sc.picks.values()]
    site = sc.picks.get("site", sc.target)
    out.values["domain"], out.origins["domain"], out.subjects["domain"] = site.domain, ("source", out.steps["search"]), site
    for f in agent.paths:
        if f in ("text", "domain"):
            continue
        value: object = UNKNOWN
        for role in CAN_STATE[f]:
            pick = sc.picks.get(role)
            if pick is None or role in out.garbage or f not in sc.states[role] or pick.value(f) is None:
                continue
            value, out.origins[f], out.subjects[f] = pick.value(f), ("source", out.steps[role]), pick
            break
        if value is UNKNOWN and f == "country":
            value, out.origins[f], out.subjects[f] = sc.target.country, ("input", None), sc.target
        if value is UNKNOWN and f == "legal" and agent.input_keys[0] == "legal_name":
            value, out.origins[f], out.subjects[f] = sc.target.legal, ("input", None), sc.target
        if value is UNKNOWN and f in INVENTABLE and (f in sc.invent or f in lost):
            value, out.origins[f] = invent(f, sc.target, rng, {x.value(f) for x in seen}), ("invented", None)
        if f in sc.contradict and value is not UNKNOWN:
            value = perturb(f, value, sc.target, rng, {x.value(f) for x in seen})
            out.origins[f] = ("contradicted", out.origins[f][1])
            out.subjects.pop(f, None)
        out.values[f] = value


def _facts(sc: Scenario, out: Outcome) -> dict[str, object]:
    def known(f: str) -> object:
        v = out.values.get(f, UNKNOWN)
        return None if v is UNKNOWN else v

    named = out.subjects.get("legal", sc.target)
    where = out.subjects.get("address")
    return {"name": named.brand, "city": where.address.city if where else None,
            "sector": SECTORS[sc.target.sector]["en"].lower(), "year": known("year"), "staff": known("staff"),
            "chief": known("chief"), "turnover": known("turnover")}


def _text(sc: Scenario, out: Outcome, looks: list[Firm], rng: random.Random) -> None:
    facts = _facts(sc, out)
    rival = sc.rival.legal if sc.rival and "press" in sc.picks and "press" not in out.garbage else None
    state = rng.getstate()
    out.text, out.slots = describe(facts, rival, rng)
    if not sc.text_errors:
        return
    present = [s.field for s in out.slots if s.field in ("year", "staff", "chief", "city", "turnover")]
    bad = dict(facts)
    for f in rng.sample(present, min(sc.text_errors, len(present))):
        if f == "city":
            bad[f] = rng.choice([x.address.city for x in looks if x.address.city != facts["city"]] or ["Springfield"])
        else:
            bad[f] = perturb(f, facts[f], sc.target, rng, {x.value(f) for x in [sc.target, *looks]})
    again = random.Random()
    again.setstate(state)
    out.text, out.slots = describe(bad, rival, again)


def _render(agent: Agent, f: str, v: object, lang: str, rng: random.Random, alt: bool) -> object:
    if f == "domain":
        return str(v) if alt else agent.site_style.format(domain=v)
    if f == "country" and alt:
        c = pycountry.countries.get(alpha_2=str(v))
        return c.name if c else v
    if f == "sector":
        return SECTORS[str(v)]["en"]
    if f == "address":
        return r.address(v, lang, short=(rng.random() < 0.5) != alt)  # type: ignore[arg-type]
    if f == "year":
        return str(v) if agent.money == "locale" or alt else v
    if f == "staff" and isinstance(v, int):
        return r.grouped(v, lang) if agent.money == "locale" else f"{v:,} employees" if alt else v
    if isinstance(v, Money):
        style = agent.money if not alt else rng.choice(("object", "locale", "units"))
        return {"value": v.value, "currency": v.cur} if style == "object" else \
            r.money(v, lang, rng) if style == "locale" else v.value
    if f == "phone":
        return r.phone(str(v), rng)
    if f == "legal" and alt and rng.random() < 0.5:
        return str(v).rsplit(" ", 1)[0]
    if f == "reg_no" and alt:
        return str(v).replace(" ", "")
    return v


def _output(agent: Agent, sc: Scenario, out: Outcome, rng: random.Random, alt: bool) -> dict[str, object]:
    o: dict[str, object] = {}
    unknown = agent.unknown_for(sc.target.lang) if not alt else (None if agent.unknown is not None else "unknown")
    for f, path in agent.paths.items():
        if f == "text":
            put(o, path, out.text)
            continue
        v = out.values.get(f, UNKNOWN)
        lang = out.subjects[f].lang if f in out.subjects else sc.target.lang
        put(o, path, unknown if v is UNKNOWN else _render(agent, f, v, lang, rng, alt))
    return o


def execute(agent: Agent, sc: Scenario, w: SpanWriter, rng: random.Random, t0: int, looks: list[Firm],
            extra: dict[str, str | int | float | bool], alt: bool = False) -> Outcome:
    """Run the agent once on the scenario; the spans go to the writer's tracer."""
    run = _Run(agent, sc, w, rng, t0, looks)
    root = run.root = w.root(agent.name, agent.version, agent.model, sc.query, extra, t0)
    out = run.out
    out.trace_id, out.root_span = f"{root.get_span_context().trace_id:032x}", sid(root)
    name = str(sc.query[agent.input_keys[0]])
    for role in agent.order:
        if role == "search":
            run.search(name)
        else:
            run.role(role, name)
    _extract(agent, sc, out, rng)
    _text(sc, out, looks, rng)
    out.output = _output(agent, sc, out, rng, alt)
    draft = {k: v for k, v in out.output.items() if k != agent.paths["text"]} if "summary" in agent.steps else out.output
    run.llm("compose", [("user", f"Fill the profile for {json.dumps(sc.query, ensure_ascii=False)} from the tool "
                                 "results; leave a field empty when no source states it.")],
            json.dumps(draft, ensure_ascii=False))
    if "summary" in agent.steps:
        run.llm("summary", [("user", "Two to five sentences on the firm from this profile: "
                                     + json.dumps(draft, ensure_ascii=False))], out.text)
    out.steps["text"] = out.steps["summary" if "summary" in agent.steps else "compose"]
    out.ended_ns = run.t + int(rng.uniform(2, 20) * MS)
    w.close_root(root, out.output, out.ended_ns)
    return out
