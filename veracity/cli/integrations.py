"""`veracity export`, `veracity sql`, `veracity alerts …` and `veracity corrections …`.

Registered in `veracity/cli/main.py`. Every command reads the store through named operations of the
`Store` protocol (`export_batches`, `sql_readonly`, the delivery log); no SQL is built here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from veracity.config import ConfigError, load_config

err = Console(stderr=True)
alerts_app = typer.Typer(help="Alert destinations: test them, read the delivery log.", no_args_is_help=True)
corrections_app = typer.Typer(help="Downstream corrections become labels.", no_args_is_help=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="Store: a DuckDB file or URL (else $VERACITY_DB).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (default ./veracity.toml).")]


def _open(db: str | None, read_only: bool) -> Any:
    from veracity.store import db_path, open_store

    if read_only and "://" not in db_path(db) and not Path(db_path(db)).exists():
        err.print(f"[red]error:[/] no store at {db_path(db)}")
        raise typer.Exit(2)
    try:
        return open_store(db, read_only=read_only)
    except Exception as e:  # the engine raises when another process holds the store
        err.print(f"[red]error:[/] cannot open the store: {e}")
        raise typer.Exit(2) from None


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def export(
    what: Annotated[str, typer.Option("--what", help="runs | findings | verdicts | labels | alerts")],
    out: Annotated[Path, typer.Option("--out", help="File to write (replaced only once complete).")],
    fmt: Annotated[str | None, typer.Option("--format", help="parquet | csv | jsonl (default: from --out).")] = None,
    since: Annotated[str | None, typer.Option(help="Runs started since: ISO 8601 date or time, or 24h, 7d.")] = None,
    agent: Annotated[str | None, typer.Option(help="Only rows of this agent's runs.")] = None,
    batch: Annotated[int, typer.Option(help="Rows held in memory at once.")] = 10_000,
    db: DbOpt = None,
) -> None:
    """Export one table in its stable schema (docs/export.md), streamed batch by batch."""
    from veracity.export import export as run_export
    from veracity.store.base import RunFilter
    from veracity.timespec import parse_since

    try:
        where = RunFilter(agent=agent, since_ns=parse_since(since) if since else None)
    except ValueError as e:
        raise _fail(str(e)) from None
    store = _open(db, read_only=True)
    try:
        rows = run_export(store, what, out, fmt, where, batch=max(1, batch))
    except ValueError as e:
        raise _fail(str(e)) from None
    finally:
        store.close()
    err.print(f"wrote {rows} {what} rows to {out}")


def sql(
    query: Annotated[str, typer.Argument(help="One SELECT over the views runs, findings, verdicts, labels, alerts, in the "
                                                "store's dialect: DuckDB SQL, or ClickHouse SQL on chdb:// and clickhouse://.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per row, one per line.")] = False,
    max_rows: Annotated[int | None, typer.Option("--max-rows", help="Print at most this many rows.")] = None,
    db: DbOpt = None,
) -> None:
    """Ad-hoc SQL over the store, opened read-only (the views are documented in docs/export.md)."""
    store = _open(db, read_only=True)
    try:
        table = store.sql_readonly(query, max_rows)
    except ValueError as e:
        raise _fail(str(e)) from None
    finally:
        store.close()
    from veracity.export import plain_rows

    rows = plain_rows(table)
    if as_json:
        out = sys.stdout.buffer
        for row in rows:
            out.write(orjson.dumps(row, default=str) + b"\n")
        out.flush()
        return
    view = Table(*table.schema.names, show_edge=False)
    for row in rows:
        view.add_row(*("" if v is None else str(v) for v in row.values()))
    Console().print(view)


def _destinations(config: Path | None) -> list[Any]:
    from veracity.notify import destinations

    try:
        found = destinations(load_config(config))
    except (ConfigError, ValueError) as e:
        raise _fail(str(e)) from None
    if not found:
        raise _fail("no [[alerts.destinations]] in veracity.toml")
    return found


@alerts_app.command("test")
def alerts_test(config: ConfigOpt = None) -> None:
    """Send a sample alert (a trigger, then its resolve) to every configured destination."""
    from veracity.notify import send_test

    results = send_test(_destinations(config))
    view = Table("destination", "type", "trigger", "resolve", show_edge=False)
    for r in results:
        view.add_row(r["destination"], r["type"], r["trigger"], r["resolve"])
    Console().print(view)
    if any(r[t] != "ok" for r in results for t in ("trigger", "resolve")):
        raise typer.Exit(1)


@alerts_app.command("deliveries")
def alerts_deliveries(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per delivery.")] = False,
    db: DbOpt = None,
) -> None:
    """The delivery log: one line per alert, destination, transition and episode."""
    store = _open(db, read_only=True)
    try:
        rows = store.delivery_rows()
    finally:
        store.close()
    if as_json:
        for row in rows:
            sys.stdout.write(orjson.dumps(row).decode() + "\n")
        return
    view = Table("alert", "destination", "transition", "status", "attempts", "last error", show_edge=False)
    for r in rows:
        view.add_row(r["alert_id"], r["destination"], r["transition"], r["status"], str(r["attempts"]),
                     r["last_error"] or "")
    Console().print(view)


@corrections_app.command("import")
def corrections_import(
    folder: Annotated[Path, typer.Argument(help="Drop folder of CSV, JSON lines or Parquet correction files.")],
    keep: Annotated[bool, typer.Option(help="Leave the files in place (else moved to imported/ or rejected/).")] = False,
    db: DbOpt = None,
) -> None:
    """Turn downstream corrections into labels (source `correction`) of the stored runs."""
    from veracity.corrections import import_folder

    store = _open(db, read_only=False)
    try:
        result = import_folder(store, folder, keep=keep)
    except ValueError as e:
        raise _fail(str(e)) from None
    finally:
        store.close()
    for problem in result["problems"]:
        err.print(f"[yellow]warning:[/] {problem}", highlight=False, soft_wrap=True)
    for run_id in result["unknown_runs"]:
        err.print(f"[yellow]warning:[/] no stored run {run_id}; correction skipped", highlight=False)
    err.print(f"{result['files']} files: stored {result['stored']} correction labels "
              f"({result['corrected']} runs corrected, {len(result['unknown_runs'])} unknown runs skipped)")
