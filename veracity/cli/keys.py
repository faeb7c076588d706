"""`veracity keys …`: API keys per project (a typer sub-app registered in `veracity/cli/main.py`).

A key is printed once, at creation; the store keeps only its SHA-256 digest. `serve` reads the
keys at start; with a running server, pass `--server URL` (and an admin key in
`VERACITY_API_KEY`) so the server, which owns the store, makes the change at once.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from veracity.cli.remote import http_json
from veracity.cli.stores import open_or_exit

err = Console(stderr=True)
keys_app = typer.Typer(help="API keys: one project's key writes and reads only that project; an admin key sees all.",
                       no_args_is_help=True)
DbOpt = Annotated[str | None, typer.Option("--db", help="DuckDB file (else $VERACITY_DB, else ./veracity.duckdb).")]
ServerOpt = Annotated[
    str | None,
    typer.Option("--server", envvar="VERACITY_URL", help="Ask a running `veracity serve` (needs an admin key)."),
]


def _store(db: str | None) -> Any:
    return open_or_exit(db)


def _row(key: Any) -> dict[str, Any]:
    return {"key_id": key.key_id, "project": key.project, "admin": key.admin, "created_ns": key.created_ns,
            "revoked_ns": key.revoked_ns}


@keys_app.command("create")
def create(
    project: Annotated[str | None, typer.Option(help="The project this key writes and reads.")] = None,
    admin: Annotated[bool, typer.Option("--admin", help="A key that reads every project.")] = False,
    db: DbOpt = None,
    server: ServerOpt = None,
) -> None:
    """Create a key and print it (the only time it is shown)."""
    if not admin and not project:
        err.print("[red]error:[/] give --project P, or --admin for a key that sees every project")
        raise typer.Exit(2)
    if server:

        body = orjson.dumps({"project": project, "admin": admin})
        token = http_json("POST", f"{server.rstrip('/')}/api/keys", body)["key"]
    else:
        from veracity.server.auth import new_key

        token, record = new_key(project, admin)
        store = _store(db)
        try:
            store.create_key(record)
        finally:
            store.close()
    sys.stdout.write(token + "\n")
    err.print("Keep it: it is not stored and cannot be shown again. Send it as `Authorization: Bearer …` "
              "or `x-api-key`.")


@keys_app.command("list")
def list_keys(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per key.")] = False,
    db: DbOpt = None,
) -> None:
    """Every key: id, project, admin, created, revoked (never the key itself)."""
    store = _store(db)
    try:
        rows = [_row(k) for k in store.list_keys()]
    finally:
        store.close()
    if as_json:
        for row in rows:
            sys.stdout.write(orjson.dumps(row).decode() + "\n")
        return
    table = Table("key id", "project", "admin", "state")
    for row in rows:
        table.add_row(row["key_id"], row["project"] or "(all)", "yes" if row["admin"] else "",
                      "revoked" if row["revoked_ns"] else "active")
    Console().print(table)


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (see `veracity keys list`).")],
    db: DbOpt = None,
    server: ServerOpt = None,
) -> None:
    """Revoke a key: requests with it get 401 from then on."""
    if server:

        http_json("DELETE", f"{server.rstrip('/')}/api/keys/{key_id}")
        err.print(f"revoked {key_id}")
        return
    import time

    store = _store(db)
    try:
        done = store.revoke_key(key_id, time.time_ns())
    finally:
        store.close()
    if not done:
        err.print(f"[red]error:[/] no active key {key_id}")
        raise typer.Exit(2)
    err.print(f"revoked {key_id} (a running `veracity serve` sees this when it restarts; use --server to apply it now)")
