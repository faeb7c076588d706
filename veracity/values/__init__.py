"""veracity.values: typed values shared by every check.

Each output field gets a :class:`ValueType`; each type has a parser that finds its values
anywhere in text or JSON (:func:`find_values`), a normal form (:func:`normalize`) and a
distance with a tolerance that decides "the same fact" (:func:`distance`, :func:`same_fact`).
:func:`index_text` scans a source once for every type and keeps every mention with its
offsets, normal and label, so many output values can be matched against it without rescanning;
all scans are memoised per text (``numbers.scan.cache_clear()`` empties every such cache).
Pure functions over frozen dataclasses; no I/O; nothing else from veracity is imported.

>>> same_fact(normalize("$12.5M", ValueType.MONEY), normalize("12.5 million dollars", ValueType.MONEY))
True
>>> infer_type("employee_count", "about 230")
<ValueType.COUNT: 'count'>
"""

from .claims import extract_claims
from .compare import distance, same_fact
from .fingerprint import canonical, fingerprint, fingerprint_candidates
from .index import INDEXED_TYPES, TextIndex, index_text
from .infer import element_type, infer_type, type_from_name, type_from_value
from .locate import locate
from .missing import is_missing
from .names import org_key, org_tokens
from .namespans import find_names
from .normalize import find_values, normalize, render
from .types import (
    Address,
    Boolean,
    Category,
    Claim,
    Count,
    DateValue,
    Email,
    FreeText,
    Identifier,
    ListValue,
    Mention,
    Missing,
    Money,
    Normal,
    OrgName,
    Percentage,
    PersonName,
    Phone,
    ValueType,
    WebAddress,
)
from .web import registrable_domain

__all__ = [
    "INDEXED_TYPES",
    "Address",
    "Boolean",
    "Category",
    "Claim",
    "Count",
    "DateValue",
    "Email",
    "FreeText",
    "Identifier",
    "ListValue",
    "Mention",
    "Missing",
    "Money",
    "Normal",
    "OrgName",
    "Percentage",
    "PersonName",
    "Phone",
    "TextIndex",
    "ValueType",
    "WebAddress",
    "canonical",
    "distance",
    "element_type",
    "extract_claims",
    "find_names",
    "find_values",
    "fingerprint",
    "fingerprint_candidates",
    "index_text",
    "infer_type",
    "is_missing",
    "locate",
    "normalize",
    "org_key",
    "org_tokens",
    "registrable_domain",
    "render",
    "same_fact",
    "type_from_name",
    "type_from_value",
]
