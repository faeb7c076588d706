"""A mention of a value in one source (`Hit`) and one value of a run's output (`Value`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from veracity.evidence.attributes import NUMERIC, attribute_tokens, compatible, known_attribute
from veracity.model import Source
from veracity.values import Normal, ValueType


@dataclass(frozen=True)
class Hit:
    """A mention of a value in one source."""

    source_id: str
    step_id: str | None
    start: int
    end: int
    raw: str
    label: str | None = None

    def snippet(self, source: Source, width: int = 60) -> str:
        text = source.content
        return text[max(0, self.start - width) : self.end + width].replace("\n", " ")


@dataclass
class Value:
    """One value of the output (a field, a list element, or a claim inside free text)."""

    path: str
    vtype: ValueType
    raw: Any
    normal: Normal | None
    status: str = "unchecked"  # supported | contradicted | unsupported | missing | unchecked
    support: list[Hit] = field(default_factory=list)
    contradictions: list[tuple[Hit, Normal]] = field(default_factory=list)
    quote: tuple[int, int, str] | None = None  # for claims: (start, end, exact text) in the field's text
    approximate: bool = False
    country: str | None = None  # ISO alpha-2, for country fields
    claim: str | None = None  # what a prose claim with no normal form states ("job_title")

    @property
    def type_name(self) -> str:
        return "country" if self.country else self.vtype.value


def filter_by_label(hits: list[Hit], vtype: ValueType, labels: frozenset[str]) -> list[Hit]:
    """For numbers, a mention that the source labels as another known attribute is a coincidence.

    "230" under `"employees"` does not support a revenue of 230; "2011" under "officers" (a
    label that measures nothing known) still supports a founding year of 2011.
    """
    if vtype not in NUMERIC or not labels:
        return hits
    kept = []
    for h in hits:
        label = attribute_tokens(h.label)
        if compatible(labels, label) is not False or not known_attribute(label):
            kept.append(h)
    return kept
