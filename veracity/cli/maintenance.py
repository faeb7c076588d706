"""`veracity recheck` and `veracity prune`: store maintenance commands, as plain functions.

Registered in `veracity/cli/main.py` with `app.command()(recheck)` and `app.command()(prune)`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from veracity.config import ConfigError, load_config

err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="DuckDB file (else $VERACITY_DB, else ./veracity.duckdb).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (default ./veracity.toml).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object.")]


@contextmanager
def _bar(label: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on standard error; the callback takes (done, total)."""
    if quiet:
        yield lambda done, total: None
        return
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def _open_store(db: str | None):  # type: ignore[no-untyped-def]
    from veracity.store import open_store

    try:
        return open_store(db)
    except Exception as e:  # the engine raises when another process holds the store
        err.print(f"[red]error:[/] cannot open the store: {e}\nStop `veracity serve` first: it owns the store.")
        raise typer.Exit(2) from None


def recheck(
    since: Annotated[str | None, typer.Option(help="Only runs started since: ISO 8601, or a span back: 24h, 7d.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Re-check every run, not only other checker versions.")] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Re-run the checks over stored runs whose verdict came from another checker version."""
    from veracity.recheck import recheck as run_recheck
    from veracity.timespec import parse_since

    try:
        settings = load_config(config)
        since_ns = parse_since(since) if since else None
    except (ConfigError, ValueError) as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    store = _open_store(db)
    try:
        with _bar("re-checking", as_json) as progress:
            result = run_recheck(store, settings, since_ns=since_ns, everything=everything, progress=progress)
    finally:
        store.close()
    if as_json:
        sys.stdout.write(orjson.dumps(result.to_json()).decode() + "\n")
        return
    err.print(f"re-checked {result.checked} runs with {result.version}: {result.changed} changed verdict"
              + (f", {result.skipped_pruned} pruned runs kept their verdict" if result.skipped_pruned else ""))
    for (old, new), n in sorted(result.transitions.items()):
        err.print(f"  {old} → {new}: {n}")


def prune(
    days: Annotated[int | None, typer.Option("--days", help="Keep raw evidence this many days (default: retention_days).")] = None,
    no_compact: Annotated[bool, typer.Option("--no-compact", help="Only CHECKPOINT; do not rewrite the file.")] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Drop raw tool results, documents and spans past retention; keep facts, verdicts, findings and labels."""
    from veracity.checks.context import fingerprint_secret
    from veracity.retention import compact, file_size
    from veracity.retention import prune as run_prune

    try:
        settings = load_config(config)
    except ConfigError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    keep = settings.retention_days if days is None else days
    if keep < 0:
        err.print("[red]error:[/] --days must be 0 or more")
        raise typer.Exit(2)
    store = _open_store(db)
    path = store.path
    try:
        with _bar("pruning", as_json) as progress:
            result = run_prune(store, keep, secret=fingerprint_secret(settings), progress=progress)
    finally:
        store.close()
    data = result.to_json()
    if not no_compact and path != ":memory:" and result.runs + result.spans:
        _, data["bytes_after"] = compact(path)
        data["freed"] = data["bytes_before"] - data["bytes_after"]
    data["bytes_now"] = file_size(path)
    if as_json:
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
        return
    err.print(f"pruned {data['runs_pruned']} runs and {data['spans_deleted']} spans older than {keep} days; "
              f"{path}: {data['bytes_before']:,} → {data['bytes_after']:,} bytes")
