"""Every typed mention in one text, scanned once, for matching many output values against
one source without rescanning.

>>> ix = index_text("Acme Robotics, Inc. (acmerobotics.io) has about 230 employees and $12.5M revenue.")
>>> [m.raw for m in ix.of(ValueType.MONEY)], [m.raw for m in ix.of(ValueType.DOMAIN)]
(['$12.5M'], ['acmerobotics.io'])
>>> [(vt.value, m.raw) for vt, m in ix.mentions if vt is ValueType.COUNT]
[('count', 'about 230')]
>>> from veracity.values import normalize
>>> [m.raw for m in ix.locate(normalize("12.5 million dollars", ValueType.MONEY))]
['$12.5M']
"""

from __future__ import annotations

from dataclasses import dataclass

from .locate import locate
from .normalize import find_values
from .textcache import per_text
from .types import Mention, Normal, ValueType

# The types whose values a text can be scanned for (CATEGORY and FREE_TEXT are only located).
INDEXED_TYPES: tuple[ValueType, ...] = (
    ValueType.MONEY,
    ValueType.COUNT,
    ValueType.PERCENTAGE,
    ValueType.YEAR,
    ValueType.DATE,
    ValueType.DOMAIN,
    ValueType.URL,
    ValueType.EMAIL,
    ValueType.PHONE,
    ValueType.ADDRESS,
    ValueType.IDENTIFIER,
    ValueType.ORG_NAME,
    ValueType.PERSON_NAME,
)


@dataclass(frozen=True, slots=True)
class TextIndex:
    """Every mention of every indexed type in ``text``.

    ``by_type[vt]`` equals ``find_values(text, vt)`` (as a tuple) for each type of
    :data:`INDEXED_TYPES`; ``mentions`` lists all of them as ``(type, mention)`` ordered by
    offset. The same span may appear under several types (``230`` is a count; ``2011`` a year
    and a count), as :func:`find_values` reports it for each."""

    text: str
    by_type: dict[ValueType, tuple[Mention, ...]]
    mentions: tuple[tuple[ValueType, Mention], ...]

    def of(self, vtype: ValueType) -> tuple[Mention, ...]:
        """The mentions of one type (``find_values(text, vtype)``); LIST is not indexed."""
        return self.by_type.get(vtype, ())

    def locate(self, normal: Normal) -> list[Mention]:
        """``locate(text, normal)``, reusing this text's scans."""
        return locate(self.text, normal)


@per_text
def index_text(text: str) -> TextIndex:
    """Scan ``text`` once for every indexed type (see :class:`TextIndex`); memoised per text."""
    by_type = {vt: tuple(find_values(text, vt)) for vt in INDEXED_TYPES}
    order = {vt: i for i, vt in enumerate(INDEXED_TYPES)}
    flat = sorted(
        ((vt, m) for vt, ms in by_type.items() for m in ms),
        key=lambda p: (p[1].start, p[1].end, order[p[0]]),
    )
    return TextIndex(text=text, by_type=by_type, mentions=tuple(flat))
