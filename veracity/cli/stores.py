"""Opening what a command needs, the store or the config: what cannot be opened is a clear exit (status 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from veracity.config import Config, ConfigError, load_config

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


def config_or_exit(path: Path | None) -> Config:
    """The config at `path` (else the default lookup); a bad file exits with status 2 naming what is wrong."""
    try:
        return load_config(path)
    except ConfigError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
