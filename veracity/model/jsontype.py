"""The JSON Schema type name of a decoded JSON value, as the schema and steps checks compare them.

>>> [json_type(v) for v in (None, True, 3, 2.5, "x", [], {})]
['null', 'boolean', 'number', 'number', 'string', 'array', 'object']
>>> json_type("N/A", null_words=frozenset({"n/a"}))
'null'
"""

from __future__ import annotations

from typing import Any


def json_type(value: Any, null_words: frozenset[str] = frozenset()) -> str:
    """`null`, `boolean`, `number`, `string`, `array` or `object`; a string among `null_words`
    (compared stripped and lower-cased) counts as `null`, an answer that says it has no value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "null" if null_words and value.strip().lower() in null_words else "string"
    return "array" if isinstance(value, list) else "object"
