"""The one switch between the native evidence core (``veracity._core``, Rust) and the Python
scanners, which stay the specification and the fallback.

The native core is used when it was built (``pip install -e .`` builds it) and the environment
does not say ``VERACITY_NATIVE=0``; :data:`CORE` is then the extension module, else None. Every
scanner with a native twin asks here, once, at import: a process runs one implementation.

>>> CORE is None or CORE.token_spans("Acme 42") == [("acme", 0, 4), ("42", 5, 7)]
True
"""

from __future__ import annotations

import os
from types import ModuleType

__all__ = ["CORE", "ENV", "wanted"]

ENV = "VERACITY_NATIVE"


def wanted(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Whether the environment allows the native core (anything but ``0`` does)."""
    return environ.get(ENV, "1").strip() != "0"


def _load() -> ModuleType | None:
    if not wanted():
        return None
    try:
        import veracity._core as _core
    except ImportError:  # not built (a source tree without the extension): the Python scanners
        return None
    return _core


CORE: ModuleType | None = _load()
