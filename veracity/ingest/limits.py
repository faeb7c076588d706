"""How much one payload may hold: sizes, counts and depths a small machine survives.

Set in `veracity.toml` under `[limits]`; every entry point (the server, `check`, `ingest`)
reads payloads under the same limits. A limit exceeded by a whole payload refuses it with the
reason (413 for sizes, 400 otherwise); one exceeded by a single value drops that value and
reports it on its span.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Defaults sized for a 2-core, few-GiB machine; every one can be raised in `[limits]`."""

    max_body_bytes: int = 32 * MIB  # a request or file as sent (compressed)
    max_decoded_bytes: int = 128 * MIB  # after gzip is inflated (checked while inflating)
    max_spans: int = 100_000  # spans in one request or file
    max_value_bytes: int = 4 * MIB  # one attribute value (all its strings together)
    max_depth: int = 32  # nesting of one attribute value (arrays and maps)
    max_frames: int = 100_000  # length-delimited protobuf requests in one file
    body_timeout: float = 30.0  # seconds a client may take to send one request body
    max_inflight: int = 16  # requests decoded or waiting for the store at once

    @classmethod
    def from_table(cls, table: Any, where: str = "[limits]") -> Limits:
        """Limits from a TOML table; raises ValueError naming the bad entry."""
        if table is None:
            return cls()
        if not isinstance(table, dict):
            raise ValueError(f"{where} must be a table")
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in table.items():
            if key not in known:
                raise ValueError(f"{where}: unknown limit {key!r} (known: {', '.join(sorted(known))})")
            kind = float if key == "body_timeout" else int
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"{where}: {key} must be a positive number, not {value!r}")
            values[key] = kind(value)
        return cls(**values)


DEFAULT_LIMITS = Limits()
