"""Reading paths: files, directories (recursively) and `-` for standard input."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from veracity.ingest.decode import Decoded, decode
from veracity.ingest.spans import DecodeError


@dataclass(frozen=True)
class FileResult:
    """One input file: what it held, or why it could not be read."""

    name: str
    decoded: Decoded | None
    error: str | None = None


def expand(paths: list[str]) -> Iterator[str]:
    """Files named, files under directories named (sorted), and `-`."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    yield str(child)
        else:
            yield p


def read_one(name: str) -> FileResult:
    try:
        body = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as e:
        return FileResult(name, None, f"cannot read: {e.strerror or e}")
    try:
        return FileResult(name, decode(body))
    except DecodeError as e:
        return FileResult(name, None, str(e))


def read_paths(paths: list[str]) -> Iterator[FileResult]:
    """Each file's result in turn; one bad file never stops the others."""
    for name in expand(paths):
        yield read_one(name)
