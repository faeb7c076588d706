"""Every typed mention of one source text: by type and by normal form, each scan done once.

A run checks many output values against the same few sources. `Mentions` holds one source's
text and answers every question the evidence layer asks of it: the mentions of a type
(`of`, `names`), the mentions of one normal form (`locate`), the places a country or a
weekday is named. The scans are those of `veracity.values`, memoised there per text (bounded),
so building a run's evidence scans each source once per type and holds no scan longer than
that needs (never a cache keyed by an object's id).

>>> from veracity.model import Source
>>> from veracity.values import normalize
>>> m = Mentions(Source(source_id="s", kind="tool_result", content="Acme (acme.io) has 230 employees."))
>>> [x.raw for x in m.of(ValueType.DOMAIN)], [x.raw for x in m.locate(normalize("230", ValueType.COUNT))]
(['acme.io'], ['230'])
"""

from __future__ import annotations

from veracity.model import Source
from veracity.values import Mention, Normal, ValueType, find_names, find_values, locate
from veracity.values.country import find_country
from veracity.values.dates import WEEKDAY_RE

__all__ = ["Mentions"]


class Mentions:
    """The typed mentions of one source (type, span, label, normal form), scanned on first use."""

    __slots__ = ("source", "text")

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.content

    @property
    def source_id(self) -> str:
        return self.source.source_id

    @property
    def step_id(self) -> str | None:
        return self.source.step_id

    def of(self, vtype: ValueType) -> tuple[Mention, ...]:
        """Every mention of one type (`find_values(text, vtype)`)."""
        return tuple(find_values(self.text, vtype))

    def names(self, vtype: ValueType) -> tuple[Mention, ...]:
        """Organisation or person names as running text writes them (`find_names`)."""
        return tuple(find_names(self.text, vtype))

    def locate(self, normal: Normal) -> list[Mention]:
        """The mentions that state this normal form (the same fact, within its type's tolerance)."""
        return locate(self.text, normal)

    def countries(self, code: str) -> list[tuple[int, int, str]]:
        """Where the text names the country with this ISO code."""
        return list(find_country(self.text, code))

    def weekdays(self) -> tuple[tuple[int, int, str], ...]:
        """(start, end, word) of every weekday the text names."""
        return tuple((m.start(), m.end(), m.group()) for m in WEEKDAY_RE.finditer(self.text))
