"""Every typed mention of one source text: by type and by normal form, each scan done once.

A run checks many output values against the same few sources. `Mentions` holds one source's
text and answers every question the checks ask of it: the mentions of a type
(`of`, `names`), the mentions of one normal form (`locate`), the places a country or a
weekday is named. Each scan runs at most once per source of a run and is kept in this
value (never in a module-level cache keyed by an object's id).

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

    __slots__ = ("_by_type", "_names", "_weekdays", "source", "text")

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.content
        self._by_type: dict[ValueType, tuple[Mention, ...]] = {}
        self._names: dict[ValueType, tuple[Mention, ...]] = {}
        self._weekdays: tuple[tuple[int, int, str], ...] | None = None

    @property
    def source_id(self) -> str:
        return self.source.source_id

    @property
    def step_id(self) -> str | None:
        return self.source.step_id

    def of(self, vtype: ValueType) -> tuple[Mention, ...]:
        """Every mention of one type (`find_values(text, vtype)`)."""
        found = self._by_type.get(vtype)
        if found is None:
            found = self._by_type[vtype] = tuple(find_values(self.text, vtype))
        return found

    def names(self, vtype: ValueType) -> tuple[Mention, ...]:
        """Organisation or person names as running text writes them (`find_names`)."""
        found = self._names.get(vtype)
        if found is None:
            found = self._names[vtype] = tuple(find_names(self.text, vtype))
        return found

    def locate(self, normal: Normal) -> list[Mention]:
        """The mentions that state this normal form (the same fact, within its type's tolerance)."""
        return locate(self.text, normal)

    def countries(self, code: str) -> list[tuple[int, int, str]]:
        """Where the text names the country with this ISO code."""
        return list(find_country(self.text, code))

    def weekdays(self) -> tuple[tuple[int, int, str], ...]:
        """(start, end, word) of every weekday the text names."""
        if self._weekdays is None:
            self._weekdays = tuple((m.start(), m.end(), m.group()) for m in WEEKDAY_RE.finditer(self.text))
        return self._weekdays
