"""Free-text descriptions with tracked fact slots, so wrong substrings have exact offsets."""

from __future__ import annotations

import random
from dataclasses import dataclass

from veracity.workload import formats as fmt
from veracity.workload.universe import Money


@dataclass(frozen=True)
class Slot:
    field: str  # name, city, industry, founded_year, employee_count, ceo, revenue
    value: object  # canonical value the slot states
    start: int
    end: int


def _render(field: str, value: object, rng: random.Random) -> str:
    if field == "employee_count":
        assert isinstance(value, int)
        return fmt.count(value, rng.choice(("comma", "comma", "plain", "k")))
    if field == "revenue":
        assert isinstance(value, Money)
        return fmt.any_money(value, rng)
    if field == "industry":
        return str(value).lower()
    return str(value)


def describe(facts: dict[str, object], rng: random.Random, rival: str | None = None) -> tuple[str, list[Slot]]:
    """A paraphrased description of the facts given (unknown facts are left out)."""
    parts: list[str | tuple[str, object]] = []

    def say(*seq: str | tuple[str, object]) -> None:
        parts.extend(seq)

    name = ("name", facts["name"])
    industry = ("industry", facts["industry"])
    city = ("city", facts["city"]) if facts.get("city") else None
    opener = rng.randrange(3)
    if opener == 0 or city is None:
        say(name, " is a ", industry, f" company that builds {facts['product']}")
        if city is not None:
            say(" from its headquarters in ", city)
        say(". ")
    elif opener == 1:
        say("Headquartered in ", city, ", ", name, f" provides {facts['product']}. ")
    else:
        say("Based in ", city, ", ", name, " operates in ", industry, f", focused on {facts['product']}. ")
    year = facts.get("founded_year")
    staff = facts.get("employee_count")
    if year is not None and staff is not None and rng.random() < 0.5:
        say(rng.choice(("Founded in ", "Established in ", "Since ")), ("founded_year", year),
            rng.choice((", it has grown to about ", ", the company now employs ", ", it has a team of ")),
            ("employee_count", staff), rng.choice((" people. ", " employees. ", " staff. ")))
    else:
        if year is not None:
            say(rng.choice(("The company was founded in ", "It was established in ", "It started operating in ")),
                ("founded_year", year), ". ")
        if staff is not None:
            say(rng.choice(("It employs ", "Headcount stands at ", "The team numbers ")), ("employee_count", staff),
                rng.choice((" people. ", ". ", " employees. ")))
    if facts.get("ceo"):
        say(*rng.choice(((("ceo", facts["ceo"]), " leads the company as CEO. "),
                         ("It is led by chief executive ", ("ceo", facts["ceo"]), ". "),
                         ("CEO ", ("ceo", facts["ceo"]), " heads the business. "))))
    if facts.get("revenue") is not None and rng.random() < 0.6:
        say(rng.choice(("Annual revenue is ", "It reported revenue of ", "Revenue last year was ")),
            ("revenue", facts["revenue"]), ". ")
    elif facts.get("revenue") is None and rng.random() < 0.3:
        say("Revenue is not publicly disclosed. ")
    if rival and rng.random() < 0.4:
        say(f"Its competitors include {rival}. ")
    text: list[str] = []
    slots: list[Slot] = []
    pos = 0
    for p in parts:
        if isinstance(p, str):
            s = p
        else:
            s = _render(p[0], p[1], rng)
            slots.append(Slot(p[0], p[1], pos, pos + len(s)))
        text.append(s)
        pos += len(s)
    out = "".join(text)
    stripped = out.rstrip()
    return stripped, [s for s in slots if s.end <= len(stripped)]
