"""Plain data for typed values: the value types, their normal forms, mentions and claims.

Every normal form is a frozen, hashable dataclass with a ``vtype`` attribute, so checks can
dispatch on it, store it in sets and compare it with ``==``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ValueType(StrEnum):
    """The type of one output field (or of one value found in text)."""

    MONEY = "money"
    COUNT = "count"
    PERCENTAGE = "percentage"
    YEAR = "year"
    DATE = "date"
    DOMAIN = "domain"
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    ORG_NAME = "org_name"
    PERSON_NAME = "person_name"
    IDENTIFIER = "identifier"
    CATEGORY = "category"
    FREE_TEXT = "free_text"
    LIST = "list"
    BOOLEAN = "boolean"
    UNKNOWN = "unknown"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money. ``currency`` is an ISO 4217 code, or None when the text named none."""

    amount: float
    currency: str | None = None
    approximate: bool = False
    vtype: ValueType = ValueType.MONEY


@dataclass(frozen=True, slots=True)
class Count:
    """A count. Exact counts have ``low == high == value``; ``230+`` has ``high=None``;
    a range ``201-500`` has ``value`` at its midpoint."""

    value: float
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    vtype: ValueType = ValueType.COUNT

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.low != self.high


@dataclass(frozen=True, slots=True)
class Percentage:
    """A percentage in percent units (``12%`` -> ``12.0``)."""

    value: float
    approximate: bool = False
    vtype: ValueType = ValueType.PERCENTAGE


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date at year, month or day precision (``vtype`` YEAR or DATE)."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    vtype: ValueType = ValueType.DATE

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class WebAddress:
    """A domain or URL. ``domain`` is the registrable domain (``acmerobotics.io``), ``host`` the
    full lowercased host without ``www.``, ``path`` the normalised path ('' for none)."""

    domain: str
    host: str
    path: str = ""
    vtype: ValueType = ValueType.DOMAIN


@dataclass(frozen=True, slots=True)
class Email:
    address: str
    domain: str
    vtype: ValueType = ValueType.EMAIL


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number: ``digits`` as written (with the country code when one was given),
    ``national`` the national significant number used for comparison."""

    digits: str
    national: str
    country_code: str | None = None
    vtype: ValueType = ValueType.PHONE


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address: ``key`` is the normalised text (abbreviations expanded)."""

    key: str
    tokens: tuple[str, ...]
    number: str | None = None
    postcode: str | None = None
    vtype: ValueType = ValueType.ADDRESS


@dataclass(frozen=True, slots=True)
class OrgName:
    """An organisation name. ``key`` is the comparison key (legal suffixes stripped),
    ``legal_suffix`` the canonical suffix that was stripped (``inc``, ``gmbh``) if any."""

    key: str
    tokens: tuple[str, ...]
    legal_suffix: str | None = None
    display: str = ""
    vtype: ValueType = ValueType.ORG_NAME


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name: first, middle names/initials and last, all casefolded without accents."""

    key: str
    first: str
    last: str
    middle: tuple[str, ...] = ()
    vtype: ValueType = ValueType.PERSON_NAME


@dataclass(frozen=True, slots=True)
class Identifier:
    key: str
    vtype: ValueType = ValueType.IDENTIFIER


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    tokens: tuple[str, ...]
    vtype: ValueType = ValueType.CATEGORY


@dataclass(frozen=True, slots=True)
class FreeText:
    key: str
    vtype: ValueType = ValueType.FREE_TEXT


@dataclass(frozen=True, slots=True)
class Boolean:
    value: bool
    vtype: ValueType = ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class Missing:
    """A value declared missing ("unknown", "n/a", null): honest, not a fact."""

    marker: str = ""
    vtype: ValueType = ValueType.MISSING


@dataclass(frozen=True, slots=True)
class ListValue:
    """A list of normal forms of one element type; compared with set semantics."""

    items: tuple[Normal, ...]
    item_type: ValueType = ValueType.UNKNOWN
    vtype: ValueType = ValueType.LIST


Normal = (
    Money
    | Count
    | Percentage
    | DateValue
    | WebAddress
    | Email
    | Phone
    | Address
    | OrgName
    | PersonName
    | Identifier
    | Category
    | FreeText
    | Boolean
    | Missing
    | ListValue
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a value in a text: ``text[start:end] == raw``.

    ``label`` is what the value seems to measure: the JSON key or table label just before it
    (``"employees": 230`` -> ``employees``) or the noun right after it (``230 staff`` -> ``staff``).
    """

    normal: Normal
    start: int
    end: int
    raw: str
    approximate: bool = False
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable claim found in prose: ``text[start:end] == raw``.

    ``kind`` is the value type; ``normal`` its normal form (None for claims such as a weekday,
    which have a kind but no comparable value); ``measure`` what a number counts or the JSON
    key before it (``points``, ``employee``, ``weekday``, ``name``).
    """

    kind: ValueType
    start: int
    end: int
    raw: str
    normal: Normal | None = None
    measure: str | None = None
    approximate: bool = False
