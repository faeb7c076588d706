"""Two outputs compared field by field over the union of their dotted paths, with typed distances.

Dicts are walked key by key; lists of objects are matched element to element (order ignored)
and walked; lists of scalars are compared as sets; free text by its claims. An object in one
run where the other has a scalar (``{"amount": 8e7, "currency": "CAD"}`` against
``"80 million Canadian dollars"``) is read as the text of its values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from veracity.checks.pairs.text import (
    Contradiction,
    contradictions,
    definition_conflict,
    name_head,
    negated_phrase,
    negation_flip,
)
from veracity.values import (
    ListValue,
    Missing,
    Normal,
    ValueType,
    distance,
    element_type,
    infer_type,
    is_missing,
    normalize,
    same_fact,
    type_from_value,
)
from veracity.values.designations import same_designation

ABSENT: Any = object()
_INDEX_RE = re.compile(r"\.\d+(?=\.|$)")
_LONG_TEXT = 80


@dataclass(frozen=True)
class FieldDiff:
    """One leaf of the union of two outputs: both values, their type and their distance."""

    field: str
    field_b: str
    vtype: ValueType
    value_a: Any
    value_b: Any
    distance: float
    same: bool
    kind: str = "value"  # value | unknown | claims | list | element
    detail: dict[str, Any] = dc_field(default_factory=dict)

    @property
    def generic(self) -> str:
        """The path with list indices as ``*`` (one calibration key for every element)."""
        return _INDEX_RE.sub(".*", self.field)


def missing(value: Any, vtype: ValueType | None = None) -> bool:
    return (
        value is ABSENT or is_missing(value, vtype)
        if vtype is not None
        else value is ABSENT or is_missing(value)
    )


def _as_text(value: dict[str, Any]) -> str:
    parts: list[str] = []
    for v in value.values():
        if isinstance(v, dict):
            parts.append(_as_text(v))
        elif isinstance(v, list):
            parts.extend(str(x) for x in v if not isinstance(x, dict | list))
        elif not missing(v):
            parts.append(str(v))
    return " ".join(parts)


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def compare_outputs(a: Any, b: Any, declared: dict[str, ValueType] | None = None) -> list[FieldDiff]:
    """Every leaf of the union of both outputs, with its distance (0 where they agree).

    ``declared`` maps dotted paths (list indices as ``*``) to the type the project declares."""
    out: list[FieldDiff] = []
    _walk(a, b, "", "", out, declared or {})
    return out


def _walk(a: Any, b: Any, pa: str, pb: str, out: list[FieldDiff], declared: dict[str, ValueType]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            _walk(a.get(k, ABSENT), b.get(k, ABSENT), _join(pa, k), _join(pb, k), out, declared)
        return
    if isinstance(a, dict) or isinstance(b, dict):
        other = b if isinstance(a, dict) else a
        if missing(other) or isinstance(other, list):
            _unknown_vs_object(a, b, pa, pb, out)
            return
        a = _as_text(a) if isinstance(a, dict) else a
        b = _as_text(b) if isinstance(b, dict) else b
    if _object_list(a) or _object_list(b):
        _walk_object_lists(a, b, pa, pb, out, declared)
        return
    path = pa or "value"
    out.append(compare_leaf(path, a, b, pb or "value", declared.get(_INDEX_RE.sub(".*", path))))


def _unknown_vs_object(a: Any, b: Any, pa: str, pb: str, out: list[FieldDiff]) -> None:
    """An object in one run, nothing (or an honest unknown) in the other."""
    present = a if isinstance(a, dict) else b
    if not _as_text(present).strip():
        return
    unknown_in = {"unknown_in": "b" if present is a else "a"}
    out.append(FieldDiff(pa or "value", pb or "value", infer_type(pa, present), a, b, 1.0, False, "unknown", unknown_in))


def _object_list(x: Any) -> bool:
    return isinstance(x, list) and any(isinstance(e, dict) for e in x)


def _object_distance(x: Any, y: Any) -> float:
    diffs = compare_outputs(x, y)
    return sum(d.distance for d in diffs) / len(diffs) if diffs else 0.0


def _walk_object_lists(
    a: Any, b: Any, pa: str, pb: str, out: list[FieldDiff], declared: dict[str, ValueType]
) -> None:
    la = a if isinstance(a, list) else [] if missing(a) else [a]
    lb = b if isinstance(b, list) else [] if missing(b) else [b]
    cand = sorted((_object_distance(x, y), i, j) for i, x in enumerate(la) for j, y in enumerate(lb))
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched: list[tuple[int, int]] = []
    for d, i, j in cand:
        if i in used_a or j in used_b or d > 0.75:
            continue
        used_a.add(i)
        used_b.add(j)
        matched.append((i, j))
    for i, j in sorted(matched):
        _walk(la[i], lb[j], _join(pa, i), _join(pb, j), out, declared)
    for i, x in enumerate(la):
        if i not in used_a:
            out.append(FieldDiff(_join(pa, i), pb, ValueType.LIST, x, ABSENT, 1.0, False, "element"))
    for j, y in enumerate(lb):
        if j not in used_b:
            out.append(FieldDiff(pa, _join(pb, j), ValueType.LIST, ABSENT, y, 1.0, False, "element"))


def leaf_type(path: str, a: Any, b: Any) -> ValueType:
    """The field's type from its name, else from whichever value is present; prose by its role.

    A value written as prose is free text whatever its field is called ("company_story",
    "perfil_empresa"): it is compared by the claims it makes, not as one name or category.
    Addresses keep their type (a long address is still one address)."""
    value = b if missing(a) else a
    vt = infer_type(path, value)
    if vt is ValueType.MISSING:
        vt = infer_type(path, b)
    if vt is ValueType.CATEGORY and _long_text(a, b):
        return ValueType.FREE_TEXT
    if vt not in _KEEP_TYPE_AS_PROSE and any(_prose(v) for v in (a, b)):
        return ValueType.FREE_TEXT
    return vt


_KEEP_TYPE_AS_PROSE = frozenset({ValueType.FREE_TEXT, ValueType.LIST, ValueType.ADDRESS})


def _long_text(a: Any, b: Any) -> bool:
    return any(isinstance(v, str) and (len(v) > _LONG_TEXT or len(v.split()) > 10) for v in (a, b))


def _prose(value: Any) -> bool:
    """A string whose shape is prose (many words; not a URL, e-mail, phone or date)."""
    return isinstance(value, str) and type_from_value(value) is ValueType.FREE_TEXT


def _norm(value: Any, vtype: ValueType, path: str) -> Normal | None:
    if vtype is ValueType.LIST:
        return normalize(value, vtype, element_type(path, value))
    n = normalize(value, vtype)
    if n is None and not isinstance(value, dict | list):
        # A value its field's type cannot read ("see annual report" as a revenue): its own type.
        n = normalize(value, ValueType.UNKNOWN)
    return n


def compare_leaf(
    path: str, a: Any, b: Any, path_b: str | None = None, vtype: ValueType | None = None
) -> FieldDiff:
    """One field's two values compared by their type (declared, else inferred)."""
    pb = path_b or path
    vtype = vtype or leaf_type(path, a, b)
    coded = same_designation(a, b)
    if coded is not None:  # "DE" and "Germany", "EUR" and "€": one member of one code list
        return FieldDiff(path, pb, vtype, a, b, 0.0 if coded else 1.0, coded)
    if vtype is ValueType.FREE_TEXT and isinstance(a, str) and isinstance(b, str):
        return _compare_text(path, pb, a, b)
    na = None if a is ABSENT else _norm(a, vtype, path)
    nb = None if b is ABSENT else _norm(b, vtype, path)
    ma = a is ABSENT or isinstance(na, Missing) or (na is None and missing(a))
    mb = b is ABSENT or isinstance(nb, Missing) or (nb is None and missing(b))
    if ma and mb:
        return FieldDiff(path, pb, vtype, a, b, 0.0, True)
    if ma or mb:
        empty_a = na is None or (isinstance(na, ListValue) and not na.items)
        empty_b = nb is None or (isinstance(nb, ListValue) and not nb.items)
        if vtype is ValueType.LIST and empty_a and empty_b:
            return FieldDiff(path, pb, vtype, a, b, 0.0, True)
        return FieldDiff(path, pb, vtype, a, b, 1.0, False, "unknown", {"unknown_in": "a" if ma else "b"})
    if na is None or nb is None:
        same = str(a).strip().casefold() == str(b).strip().casefold()
        return FieldDiff(path, pb, vtype, a, b, 0.0 if same else 1.0, same)
    if isinstance(na, ListValue) and isinstance(nb, ListValue):
        return _compare_list(path, pb, vtype, a, b, na, nb)
    same = same_fact(na, nb)
    d = 0.0 if same else distance(na, nb)
    return FieldDiff(path, pb, vtype, a, b, d, same)


def _compare_list(
    path: str, pb: str, vtype: ValueType, a: Any, b: Any, na: ListValue, nb: ListValue
) -> FieldDiff:
    only_a = [x for x in na.items if not any(same_fact(x, y) for y in nb.items)]
    only_b = [y for y in nb.items if not any(same_fact(x, y) for x in na.items)]
    same = not only_a and not only_b
    d = 0.0 if same else distance(na, nb)
    detail = {"only_a": len(only_a), "only_b": len(only_b), "item_type": na.item_type.value}
    return FieldDiff(path, pb, vtype, a, b, d, same, "list", detail)


def _compare_text(path: str, pb: str, a: str, b: str) -> FieldDiff:
    """Free text by its claims. Values of one attribute stated differently (aligned claims) or a
    negation are a contradiction; values of one kind that each text lacks, whose attribute the
    two sentences do not share, and one thing said to be two kinds of thing, are a weak
    divergence (``"aligned": False``: at most minor)."""
    found = contradictions(a, b)
    aligned = [c for c in found if c.aligned]
    if aligned:
        return _claims_diff(path, pb, a, b, aligned, True)
    if negation_flip(a, b) or negated_phrase(a, b):
        return FieldDiff(path, pb, ValueType.FREE_TEXT, a, b, 1.0, False, "claims", {"negation": True})
    if found:
        return _claims_diff(path, pb, a, b, found, False)
    if definition_conflict(a, b):
        # "X is a song" against "X is an album": as likely two things of one name as one
        # thing described two ways, so weak evidence of a contradiction.
        return FieldDiff(path, pb, ValueType.FREE_TEXT, a, b, 1.0, False, "claims", {"definition": True, "aligned": False})
    return FieldDiff(path, pb, ValueType.FREE_TEXT, a, b, 0.0, True, "claims")


def _claims_diff(path: str, pb: str, a: str, b: str, found: list[Contradiction], aligned: bool) -> FieldDiff:
    worst = max(found, key=lambda c: c.distance)
    detail = {
        "aligned": aligned,
        "contradictions": [
            {
                "kind": c.kind.value,
                "quote_a": name_head(c.a.raw) if c.a else None,
                "quote_b": name_head(c.b.raw) if c.b else None,
                "start_a": c.a.start if c.a else None,
                "start_b": c.b.start if c.b else None,
                "distance": round(c.distance, 4),
            }
            for c in found
        ],
    }
    return FieldDiff(path, pb, ValueType.FREE_TEXT, a, b, worst.distance, False, "claims", detail)
