"""Payloads the server could not read, kept for inspection beside the store."""

from __future__ import annotations

import time
from itertools import count
from pathlib import Path

_serial = count()


def keep(folder: Path, body: bytes, content_type: str | None, reason: str) -> Path:
    """Write the payload and a note saying why it was refused; returns the payload's path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}-{next(_serial)}"
    path = folder / f"{stem}.bin"
    path.write_bytes(body)
    (folder / f"{stem}.txt").write_text(f"content-type: {content_type}\nreason: {reason}\n")
    return path
