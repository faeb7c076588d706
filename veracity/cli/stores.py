"""Opening the store for a command: an engine that refuses (another process holds it) is a clear exit."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console

err = Console(stderr=True)

HINT_SERVER = "If `veracity serve` is running, pass --server URL."
HINT_STOP = "Stop `veracity serve` first: it owns the store."


def open_or_exit(db: str | None, read_only: bool = False, hint: str = HINT_SERVER) -> Any:
    """The store at `db` (the configured one if None); exits with status 2 naming why it cannot open."""
    from veracity.store import open_store

    try:
        return open_store(db, read_only=read_only)
    except Exception as e:  # the engine raises when another process holds the store
        err.print(f"[red]error:[/] cannot open the store: {e}\n{hint}")
        raise typer.Exit(2) from None
