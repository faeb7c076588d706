"""What goes wrong in one world-B run: which firm each source is about, what each source states, which tool
calls fail and how, which values the model makes up or changes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from veracity.workload.world_b.agents import CAN_STATE, Agent
from veracity.workload.world_b.firms import FIRST_NAMES, LAST_NAMES, Address, Firm, Firms, Money

_STATES: dict[str, tuple[str, ...]] = {
    "site": ("legal", "year", "staff", "chief", "sector", "address", "phone"),
    "registry": ("address", "year", "chief"),
    "vendor": ("staff", "turnover", "raised", "sector", "phone"),
    "press": ("raised", "turnover", "staff", "chief"),
}
_DROP = {"site": 0.3, "registry": 0.15, "vendor": 0.25, "press": 0.35}
_ALWAYS = {"registry": ("legal", "reg_no", "country")}


@dataclass(frozen=True)
class Scenario:
    mode: str
    target: Firm  # the firm the input names
    query: dict[str, object]
    picks: dict[str, Firm]  # role -> the firm its result is about
    states: dict[str, frozenset[str]]  # role -> fields its result states
    deviated: str | None = None  # the decision step that left the target (homepage, register, vendor)
    faults: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> attempts: ok, http, garbage
    invent: frozenset[str] = frozenset()
    contradict: frozenset[str] = frozenset()
    text_errors: int = 0
    rival: Firm | None = None


def _roles(agent: Agent) -> list[str]:
    return [r for r in agent.order if r != "search"]


def _states(agent: Agent, rng: random.Random) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for role in _roles(agent):
        keep = [f for f in _STATES[role] if rng.random() > _DROP[role]]
        out[role] = frozenset((*keep, *_ALWAYS.get(role, ())))
    return out


def first_decision(agent: Agent) -> str:
    """The agent's first decision that picks a firm (the registry entry, the homepage or the vendor record)."""
    decides = {"registry": "register", "search": "homepage", "vendor": "vendor"}
    return next(decides[r] for r in agent.order if r in decides and decides[r] in agent.steps)


def stated_by(sc: Scenario, f: str, roles: list[str]) -> list[str]:
    return [r for r in CAN_STATE.get(f, ()) if r in roles and f in sc.states[r] and sc.picks[r].value(f) is not None]


def _without(states: dict[str, frozenset[str]], fields: set[str]) -> dict[str, frozenset[str]]:
    return {r: s - fields for r, s in states.items()}


def _fault(sc: Scenario, agent: Agent, mode: str, rng: random.Random) -> Scenario:
    roles = _roles(agent)
    if mode == "retry_ok":
        role = rng.choice([r for r in roles if r in agent.http] or roles)
        return replace(sc, faults={role: ("http",) * rng.choice((1, 1, 2)) + ("ok",)})
    pattern = ("garbage",) if mode == "silent_tool_failure" else ("http", "garbage")

    def lost_by(role: str) -> set[str]:
        return {f for f in sc.states[role] if stated_by(sc, f, roles)[:1] == [role]} - {"legal", "country"}

    role = rng.choice([r for r in roles if lost_by(r)] or roles)
    lost = lost_by(role)
    return replace(sc, faults={role: pattern}, states={**_without(sc.states, lost), role: sc.states[role]})


def build(firms: Firms, agent: Agent, target: Firm, mode: str, rng: random.Random, honest_unknown: float,
          source: Firm | None = None) -> Scenario:
    """The scenario of one run; `source` (duplicates) is the firm every source is about instead of the target."""
    looks = firms.lookalikes(target)
    roles = _roles(agent)
    picks = {r: source or target for r in roles}
    name_key, country_key = agent.input_keys
    query: dict[str, object] = {name_key: target.legal if name_key == "legal_name" else target.brand,
                                country_key: target.country}
    sc = Scenario(mode, target, query, picks, _states(agent, rng),
                  rival=rng.choice(looks) if looks and rng.random() < 0.5 else None)
    if source is not None:
        return replace(sc, deviated=first_decision(agent))
    if mode == "clean" and rng.random() < honest_unknown:
        known = [f for f in ("staff", "turnover", "raised", "phone", "chief") if stated_by(sc, f, roles)]
        if known:
            sc = replace(sc, states=_without(sc.states, {rng.choice(known)}))
    if mode == "blend":
        options = [d for d in ("register", "vendor") if d in agent.steps and ("registry" if d == "register" else d) in roles]
        d = rng.choice(options)
        role = "registry" if d == "register" else d
        return replace(sc, picks={**picks, role: rng.choice(looks)}, deviated=d)
    if mode == "wrong_entity":
        other = rng.choice(looks)
        moved: dict[str, Firm] = {r: other for r in ("site", "vendor") if r in roles}
        return replace(sc, picks={**picks, **moved}, deviated="homepage")
    if mode == "inferred_missing":
        cands: list[str] = [f for f in ("staff", "turnover", "raised", "chief", "phone", "year")
                            if target.value(f) is not None and f in agent.paths]
        f = rng.choice(cands)
        return replace(sc, states=_without(sc.states, {f}), invent=frozenset({f}))
    if mode == "contradiction":
        cands = [f for f in ("staff", "turnover", "year", "chief", "phone", "address", "raised")
                 if stated_by(sc, f, roles) and f in agent.paths]
        return replace(sc, contradict=frozenset(rng.sample(cands, 1))) if cands else sc
    if mode in ("silent_tool_failure", "retry_ok", "retry_garbage"):
        return _fault(sc, agent, mode, rng)
    if mode == "text_error":
        return replace(sc, text_errors=rng.choice((1, 1, 2)))
    return sc


def material_variant(firms: Firms, agent: Agent, sc: Scenario, rng: random.Random) -> Scenario:
    """The shadow run of a material pair: it reads one look-alike's source, or changes a value."""
    if rng.random() < 0.5:
        return build(firms, agent, sc.target, "contradiction", rng, 0.0)
    return replace(build(firms, agent, sc.target, "blend", rng, 0.0), query=sc.query)


def invent(f: str, target: Firm, rng: random.Random, avoid: set[object]) -> object:
    """A made-up value of the field's kind that no firm the run saw has."""
    for _ in range(50):
        v = _draw(f, target, rng)
        if v not in avoid:
            return v
    return _draw(f, target, rng)


def _draw(f: str, t: Firm, rng: random.Random) -> object:
    if f == "staff":
        return rng.randrange(20, 5000)
    if f in ("turnover", "raised"):
        return Money(rng.randrange(20, 900) * 100_000, t.turnover.cur if t.turnover else "EUR")
    if f == "year":
        return rng.randrange(1960, 2022)
    if f == "chief":
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if f == "phone":
        return t.phone[:-3] + f"{rng.randrange(1000):03d}"
    raise ValueError(f"cannot invent {f}")


def perturb(f: str, v: object, t: Firm, rng: random.Random, avoid: set[object]) -> object:
    """A value near the true one but not it (the model changed what the source said)."""
    for _ in range(50):
        if f == "staff" and isinstance(v, int):
            w: object = max(1, int(v * rng.choice((0.5, 0.7, 1.4, 2.0))))
        elif f in ("turnover", "raised") and isinstance(v, Money):
            w = Money(int(v.value * rng.choice((0.1, 0.6, 1.5, 10))), v.cur)
        elif f == "year" and isinstance(v, int):
            w = v + rng.choice((-6, -3, -1, 1, 2, 5))
        elif f == "address" and isinstance(v, Address):
            w = replace(v, number=v.number + rng.randrange(1, 40))
        else:
            w = invent(f, t, rng, avoid)
        if w != v and w not in avoid:
            return w
    return invent(f, t, rng, avoid | {v})
