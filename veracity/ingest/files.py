"""Reading paths: files, directories (recursively) and `-` for standard input."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from veracity.ingest.decode import Decoded, decode
from veracity.ingest.limits import DEFAULT_LIMITS, Limits
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


def _read(name: str, limit: int) -> bytes:
    """The file's bytes, refusing (before reading) one larger than `limit`."""
    if name == "-":
        body = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(name)
        size = path.stat().st_size
        if size > limit:
            raise DecodeError(f"{size} bytes exceeds max_body_bytes ({limit}); raise it in [limits]")
        body = path.read_bytes()
    if len(body) > limit:
        raise DecodeError(f"more than max_body_bytes ({limit}); raise it in [limits]")
    return body


def read_one(name: str, limits: Limits = DEFAULT_LIMITS) -> FileResult:
    """One file's spans and runs, or why it could not be read; never raises for a bad file."""
    try:
        body = _read(name, limits.max_body_bytes)
    except OSError as e:
        return FileResult(name, None, f"cannot read: {e.strerror or e}")
    except DecodeError as e:
        return FileResult(name, None, str(e))
    try:
        return FileResult(name, decode(body, None, limits))
    except DecodeError as e:
        return FileResult(name, None, str(e))
    except Exception as e:  # a reader bug must not cost the files beside this one
        return FileResult(name, None, f"could not be read ({type(e).__name__}: {str(e)[:200]})")


def read_paths(paths: list[str], limits: Limits = DEFAULT_LIMITS) -> Iterator[FileResult]:
    """Each file's result in turn; one bad file never stops the others."""
    for name in expand(paths):
        yield read_one(name, limits)
