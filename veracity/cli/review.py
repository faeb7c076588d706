"""`veracity review …`: the review queue from the command line (a typer sub-app).

Registered in `veracity/cli/main.py` with `app.add_typer(review_app, name="review")`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from veracity.cli.stores import HINT_STOP, open_or_exit
from veracity.config import ConfigError, load_config

err = Console(stderr=True)
review_app = typer.Typer(help="The review queue: which runs to review next, drawn with known probabilities.",
                         no_args_is_help=True)

DEFAULT_BUDGET = 200
DbOpt = Annotated[str | None, typer.Option("--db", help="DuckDB file (else $VERACITY_DB, else ./veracity.duckdb).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (default ./veracity.toml).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object per run, one per line.")]
ServerOpt = Annotated[
    str | None,
    typer.Option("--server", envvar="VERACITY_URL", help="Ask a running `veracity serve` (it owns the store)."),
]


def _budget(budget: int | None, config: Path | None) -> int:
    if budget is not None:
        return budget
    try:
        section = load_config(config).raw.get("review") or {}
    except ConfigError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    return int(section.get("budget", DEFAULT_BUDGET)) if isinstance(section, dict) else DEFAULT_BUDGET


def _table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for name, justify in (("run", "left"), ("agent", "left"), ("verdict", "left"), ("risk", "right"),
                          ("π", "right"), ("why chosen", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in rows:
        risk = "" if r.get("risk") is None else f"{r['risk']:.2f}"
        table.add_row(r["run_id"], r.get("agent") or "", r.get("verdict") or "", risk, f"{r['pi']:.3f}",
                      r.get("reason") or "")
    return table


def _emit(rows: list[dict[str, Any]], as_json: bool, title: str) -> None:
    if as_json:
        from veracity.review import as_json as lines

        sys.stdout.write(lines(rows))
    else:
        Console().print(_table(rows, title))


@review_app.command("next")
def next_(
    budget: Annotated[int | None, typer.Option(help="Reviews a week (else [review] budget, else 200).")] = None,
    week: Annotated[bool, typer.Option("--week", help="Draw the whole week's queue from the last 7 days.")] = False,
    seed: Annotated[int | None, typer.Option(help="Random seed (for reproducible draws).")] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
    server: ServerOpt = None,
) -> None:
    """Hand out the next runs to review (runs stored since the last draw; the budget pro rata)."""
    from veracity.review import draw

    size = _budget(budget, config)
    if size <= 0:
        err.print("[red]error:[/] --budget must be positive")
        raise typer.Exit(2)
    if server:
        from veracity.cli.remote import http_json

        week_flag = "true" if week else "false"
        rows = http_json("GET", f"{server.rstrip('/')}/api/review?budget={size}&week={week_flag}")
    else:
        store = open_or_exit(db, hint=HINT_STOP)
        try:
            rows = draw(store, size, week=week, seed=seed)
        finally:
            store.close()
    for r in rows:
        r["flags"] = list(r.get("flags") or [])
    _emit(rows, as_json, f"{len(rows)} runs to review (label them with `veracity label`)")


@review_app.command("pending")
def pending_(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """Runs handed out that have no review label yet."""
    from veracity.review import pending

    store = open_or_exit(db, hint=HINT_STOP)
    try:
        rows = pending(store)
    finally:
        store.close()
    _emit(rows, as_json, f"{len(rows)} handed-out runs still to review")


@review_app.command("status")
def status_(db: DbOpt = None) -> None:
    """Draws, runs handed out and labelled, and the rule for labels outside the queue."""
    from veracity.review import status

    store = open_or_exit(db, hint=HINT_STOP)
    try:
        data = status(store)
    finally:
        store.close()
    sys.stdout.write(orjson.dumps(data).decode() + "\n")


@review_app.command("policy")
def policy_(
    unqueued: Annotated[str, typer.Argument(help="auto, uniform or exclude: how labels of runs not drawn by the "
                                                 "queue count in the truth rate.")],
    db: DbOpt = None,
) -> None:
    """Say whether review labels of runs the queue did not draw are a uniform random sample."""
    from veracity.review import set_policy

    store = open_or_exit(db, hint=HINT_STOP)
    try:
        set_policy(store, unqueued)
    except ValueError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    finally:
        store.close()
    err.print(f"labels outside the review queue: {unqueued}")


@review_app.command("calibrate")
def calibrate_(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    db: DbOpt = None,
) -> None:
    """Fit the risk calibration on the review labels, save it, and show its reliability table."""
    from veracity.stats.risk import calibrate

    store = open_or_exit(db, hint=HINT_STOP)
    try:
        data = calibrate(store, save=True)
    finally:
        store.close()
    if as_json:
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
        return
    table = Table(title=f"risk calibration: {data['method']} on {data['labels']} labels ({data['fitted_on']})",
                  title_justify="left")
    for name in ("risk bin", "mean predicted", "observed wrong", "labels"):
        table.add_column(name, justify="right")
    for row in data["bins"]:
        table.add_row(f"{row['low']:.1f}–{row['high']:.1f}", f"{row['predicted']:.3f}", f"{row['observed']:.3f}",
                      str(row["count"]))
    Console().print(table)
