"""The prose field of world B's outputs: a few sentences about the firm, with the span of every fact."""

from __future__ import annotations

import random
from dataclasses import dataclass

from num2words import num2words

from veracity.workload.world_b.firms import Money

_OPENERS = ("{name}, headquartered in {city}, operates in {sector}.",
            "Based in {city}, {name} is active in the {sector} sector.",
            "{name} ({sector}) has its head office in {city}.")
_NO_CITY = ("{name} operates in {sector}.", "{name} is a {sector} business.")
_LATER = {
    "year": ("It was established in {year}.", "The business dates back to {year}."),
    "staff": ("Its workforce numbers {staff}.", "It has {staff} employees on the payroll."),
    "chief": ("{chief} is at the helm.", "The chief executive is {chief}."),
    "turnover": ("Reported turnover: {turnover}.", "Sales came to {turnover} in the last fiscal year."),
}
_CODES = {"EUR": "EUR", "USD": "USD", "GBP": "GBP"}


@dataclass(frozen=True)
class Slot:
    field: str
    start: int
    end: int
    value: object


def _show(field: str, v: object, rng: random.Random) -> str:
    if field == "staff" and isinstance(v, int):
        return num2words(v) if v % 100 == 0 and v < 1000 and rng.random() < 0.5 else f"{v:,}"
    if field == "turnover" and isinstance(v, Money):
        return f"{_CODES[v.cur]} {v.value / 1e6:.1f} million".replace(".0 million", " million")
    return str(v)


def describe(facts: dict[str, object], rival: str | None, rng: random.Random) -> tuple[str, list[Slot]]:
    """The text and where each fact sits in it (facts left `None` are not mentioned)."""
    pieces = [rng.choice(_OPENERS if facts.get("city") else _NO_CITY)]
    pieces += [rng.choice(_LATER[f]) for f in ("year", "staff", "chief", "turnover") if facts.get(f) is not None]
    if rival:
        pieces.append(f"Among its competitors is {rival}.")
    text, slots = "", []
    for piece in pieces:
        sentence = piece
        while "{" in sentence:
            head, rest = sentence.split("{", 1)
            key, tail = rest.split("}", 1)
            shown = _show(key, facts[key], rng)
            text += head
            slots.append(Slot(key, len(text), len(text) + len(shown), facts[key]))
            text += shown
            sentence = tail
        text += sentence + " "
    return text.strip(), slots
