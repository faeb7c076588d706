"""What will happen in one run: which entity each decision picks, what the sources state, what breaks."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace

from veracity.workload.agents import CAN_STATE, AgentSpec
from veracity.workload.geo import COUNTRY_BY_CODE, FIRST_NAMES, LAST_NAMES
from veracity.workload.sources import GARBAGE_KINDS
from veracity.workload.universe import INDUSTRIES, Company, Money, Universe, value_of

#: Fields that an agent may invent when its sources lack them (the seed's model swap).
INVENTABLE = ("revenue", "employee_count", "funding", "founded_year")
CONTRADICTABLE = ("employee_count", "revenue", "founded_year", "ceo", "phone")
HONEST_UNKNOWN = ("employee_count", "founded_year", "phone", "funding", "revenue", "ceo")


@dataclass(frozen=True)
class Scenario:
    mode: str
    target: Company
    pick1: Company  # what the selection step chose (page, registry, news follow it)
    pick2: Company  # what the resolve step chose (the firmographics API follows it)
    hits: tuple[Company, ...]
    states: dict[str, frozenset[str]]
    unavail: dict[str, frozenset[str]]
    input: dict[str, object]
    invent: frozenset[str] = frozenset()
    contradict: tuple[str, ...] = ()
    faults: dict[str, tuple[str, ...]] = field(default_factory=dict)
    text_errors: int = 0
    keep_input_name: bool = False
    partner: Company | None = None
    competitors: tuple[Company, ...] = ()
    registry_others: tuple[Company, ...] = ()


def agent_fields(spec: AgentSpec) -> list[str]:
    return [f for f in spec.paths if f not in ("description", "domain")]


def _states(spec: AgentSpec, withheld: set[str], rng: random.Random) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    states: dict[str, set[str]] = {r: set() for r in spec.roles}
    unavail: dict[str, set[str]] = {r: set() for r in spec.roles}
    for f in agent_fields(spec):
        cands = [r for r in CAN_STATE[f] if r in spec.roles]
        if not cands:
            continue
        if f in withheld:
            for r in cands:
                if rng.random() < 0.6:
                    unavail[r].add(f)
            continue
        states[cands[0]].add(f)
        for r in cands[1:]:
            if rng.random() < 0.45:
                states[r].add(f)
    return states, unavail


def _neighbour(u: Universe, c: Company, rng: random.Random, need: tuple[str, ...] = ()) -> Company | None:
    """A confusable neighbour that differs from `c` on every field in `need`."""
    options = [n for n in u.neighbours(c) if all(value_of(n, f) is not None and value_of(n, f) != value_of(c, f)
                                                 for f in need)]
    return rng.choice(options) if options else None


def build(u: Universe, spec: AgentSpec, target: Company, mode: str, rng: random.Random, honest_unknown: float,
          pick: Company | None = None) -> Scenario:
    """Decide one run. `pick` forces the entity the run ends up about (duplicates)."""
    fields_ = agent_fields(spec)
    withheld = {f for f in ("revenue", "funding") if value_of(target, f) is None}
    invent: set[str] = set()
    if mode == "inferred_missing":
        f = rng.choice([f for f in INVENTABLE if f in fields_])
        withheld.add(f)
        invent.add(f)
    elif mode in ("clean", "pair_benign") and rng.random() < honest_unknown:
        withheld.add(rng.choice([f for f in HONEST_UNKNOWN if f in fields_ or (f == "ceo" and "executives" in fields_)]))
        if "ceo" in withheld and "executives" in fields_:
            withheld.add("executives")
    states, unavail = _states(spec, withheld, rng)
    pick1 = pick2 = target
    if mode == "wrong_entity":
        pick1 = pick2 = _neighbour(u, target, rng, ("employee_count",)) or target
    elif pick is not None:
        pick1 = pick2 = pick
    elif mode == "blend":
        if rng.random() < 0.6:
            pick2 = _neighbour(u, target, rng, ("employee_count", "revenue")) or target
            states["api"] |= {"employee_count", "revenue"}
        else:
            pick1 = _neighbour(u, target, rng, ("address", "phone")) or target
            states["page"] |= {"address", "phone"}
    faults: dict[str, tuple[str, ...]] = {}
    if mode in ("silent_tool_failure", "retry_garbage", "retry_ok"):
        pool = [r for r in ("page", "api", "registry") if r in spec.roles]
        if mode != "silent_tool_failure":
            pool = [r for r in pool if r in spec.http_roles] or pool
        role = rng.choice(pool)
        kind = rng.choice(GARBAGE_KINDS)
        if mode == "silent_tool_failure":
            faults[role] = (f"garbage:{kind}",)
        elif mode == "retry_garbage":
            faults[role] = ("http",) * rng.choice((1, 1, 2)) + (f"garbage:{rng.choice(GARBAGE_KINDS[:3] + GARBAGE_KINDS[4:])}",)
        else:
            first = rng.choice(("http", "http", f"garbage:{kind}"))
            faults[role] = (first,) + ("http",) * rng.choice((0, 0, 1)) + ("ok",)
        if mode != "retry_ok":
            # only the failed tool would have stated these fields, so the agent has to make them up
            own = {f for f in fields_ if role in CAN_STATE[f] and f not in withheld and f != "country"}
            own = set(rng.sample(sorted(own), min(len(own), rng.randint(2, 4))))
            for r in states:
                states[r] -= own
            states[role] |= own
    hits = _hits(u, target, (pick1, pick2), rng)
    competitors = tuple(rng.sample(u.neighbours(pick1), min(2, len(u.neighbours(pick1)))))
    others = [n for n in u.neighbours(pick1) if n.name == pick1.name or n.name.split()[0] == pick1.name.split()[0]]
    query: dict[str, object] = {"company": target.legal_name if (rng.random() < 0.3 or pick is not None) else target.name,
                                "country": target.country}
    if rng.random() < 0.3:
        query["domain"] = target.domain
    contradict: tuple[str, ...] = ()
    if mode == "contradiction":
        contradict = (rng.choice([f for f in CONTRADICTABLE if f in fields_ and f not in withheld]),)
    return Scenario(
        mode=mode, target=target, pick1=pick1, pick2=pick2, hits=hits,
        states={r: frozenset(s) for r, s in states.items()}, unavail={r: frozenset(s) for r, s in unavail.items()},
        input=query, invent=frozenset(invent), contradict=contradict, faults=faults,
        text_errors=rng.choice((1, 1, 2)) if mode == "text_error" else 0, keep_input_name=pick is not None,
        partner=rng.choice(u.companies) if rng.random() < 0.5 else None, competitors=competitors,
        registry_others=tuple(others[:2]) if rng.random() < 0.5 else (),
    )


def material_variant(u: Universe, sc: Scenario, rng: random.Random) -> Scenario:
    """The shadow of a pair that differs materially: another entity's API record, or a contradicted CEO/revenue."""
    if sc.pick2.id == sc.target.id and rng.random() < 0.5:
        n = _neighbour(u, sc.target, rng, ("employee_count", "revenue"))
        if n is not None:
            states = dict(sc.states)
            states["api"] = states["api"] | {"employee_count", "revenue"}
            return replace(sc, mode="pair_material", pick2=n, states=states, hits=_hits(u, sc.target, (sc.pick1, n), rng))
    fields_ = [f for f in ("ceo", "revenue", "employee_count") if any(f in s for s in sc.states.values())]
    return replace(sc, mode="pair_material", contradict=(rng.choice(fields_ or ["founded_year"]),))


def _hits(u: Universe, target: Company, picks: tuple[Company, ...], rng: random.Random) -> tuple[Company, ...]:
    pool = {c.id: c for c in [target, *picks, *u.neighbours(target)[: rng.randint(2, 4)]]}
    hits = list(pool.values())
    if rng.random() < 0.3:
        hits.append(rng.choice(u.companies))
    rng.shuffle(hits)
    return tuple({c.id: c for c in hits}.values())


def _sig(x: float) -> int:
    exp = max(0, math.floor(math.log10(max(x, 1))) - 1)
    return round(x / 10**exp) * 10**exp


def invent(f: str, target: Company, rng: random.Random, avoid: set[object]) -> object:
    """A plausible value for a field that the sources did not give, different from anything the run saw."""
    for _ in range(100):
        v = _invent_once(f, target, rng)
        if v not in avoid and v != value_of(target, f):
            return v
    raise RuntimeError(f"could not invent {f}")


def _invent_once(f: str, t: Company, rng: random.Random) -> object:
    country = COUNTRY_BY_CODE[t.country]
    if f == "employee_count":
        return _sig(math.exp(rng.uniform(math.log(12), math.log(20000))))
    if f == "revenue":
        return Money(_sig(t.employee_count * rng.uniform(70_000, 300_000)), country.currency)
    if f == "funding":
        return Money(_sig(math.exp(rng.uniform(math.log(1e6), math.log(2e8)))), "USD")
    if f == "founded_year":
        return rng.randint(1985, 2021)
    if f == "ceo":
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if f == "executives":
        return ((f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "CEO"),)
    if f == "phone":
        return t.phone[:-4] + f"{rng.randrange(10000):04d}"
    if f == "address":
        city = t.city if rng.random() < 0.5 else rng.choice(country.cities)[0]
        return f"{rng.randrange(1, 900)} {rng.choice(country.streets)}, {city}, {t.postal}"
    if f == "legal_name":
        return f"{t.name} {rng.choice([s for s in ('Inc.', 'LLC', 'Ltd', 'GmbH', 'Group') if s != t.suffix])}"
    if f == "registry_id":
        return f"{rng.randrange(10**7, 10**8)}"
    if f == "industry":
        return rng.choice([i[0] for i in INDUSTRIES if i[0] != t.industry])
    if f == "country":
        return t.country
    if f == "ticker":
        return None
    raise ValueError(f)


def perturb(f: str, v: object, target: Company, rng: random.Random, avoid: set[object]) -> object:
    """A value that contradicts `v` (a wrong number, year or name) and that no source of the run states."""
    for _ in range(100):
        if f == "employee_count" and isinstance(v, int):
            w: object = _sig(v * rng.choice((0.5, 1.5, 2, 3, 10, 0.1))) or v + 7
        elif f == "revenue" and isinstance(v, Money):
            w = Money(_sig(v.amount * rng.choice((0.25, 0.5, 2, 3, 10))), v.currency)
        elif f == "founded_year" and isinstance(v, int):
            w = v + rng.choice((-8, -5, -3, -2, 2, 3, 4))
        elif f == "phone" and isinstance(v, str):
            w = v[:-3] + f"{rng.randrange(1000):03d}"
        else:
            w = _invent_once(f, target, rng)
        if w != v and w not in avoid:
            return w
    raise RuntimeError(f"could not perturb {f}")
