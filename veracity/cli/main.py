"""The `veracity` command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console

from veracity.cli.render import VerdictTable
from veracity.config import Config, ConfigError, load_config
from veracity.ingest import FileResult
from veracity.model import to_builtins
from veracity.model.types import Verdict

app = typer.Typer(
    name="veracity",
    help="Outcome observability for AI agents: was the agent right?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

PathsArg = Annotated[list[str], typer.Argument(help="Trace files, directories (recursive) or - for stdin.")]
DbOpt = Annotated[str | None, typer.Option("--db", help="DuckDB file (else $VERACITY_DB, else ./veracity.duckdb).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (default ./veracity.toml).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object per run, one per line.")]
FailOnOpt = Annotated[
    str | None, typer.Option("--fail-on", help="Exit 1 when any run reaches this verdict: failed or suspect.")
]

FAIL_ORDER = {"failed": ("failed",), "suspect": ("failed", "suspect")}


def _config(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None


def _report_files(files: list[FileResult]) -> None:
    for f in files:
        if f.decoded is None:
            err.print(f"[red]error:[/] {f.name}: {f.error}", markup=True, highlight=False)
        else:
            for problem in f.decoded.errors[:20]:
                err.print(f"[yellow]warning:[/] {f.name}: {problem}", highlight=False)
            if len(f.decoded.errors) > 20:
                err.print(f"[yellow]warning:[/] {f.name}: … {len(f.decoded.errors) - 20} more problems")


def verdict_json(verdict: Verdict) -> bytes:
    """A verdict as one line of `veracity check --json` (CONTRACT.md)."""
    findings = []
    for f in verdict.findings:
        d = to_builtins(f)
        d.pop("run_id", None)
        findings.append(d)
    return orjson.dumps(
        {
            "run_id": verdict.run_id,
            "verdict": verdict.verdict,
            "risk": verdict.risk,
            "findings": findings,
            "checker_version": verdict.checker_version,
        }
    )


def _finish(verdicts: list[Verdict], files: list[FileResult], as_json: bool, fail_on: str | None) -> None:
    _report_files(files)
    if files and all(f.decoded is None for f in files):
        raise typer.Exit(2)
    if as_json:
        out = sys.stdout.buffer
        for v in verdicts:
            out.write(verdict_json(v) + b"\n")
        out.flush()
    elif verdicts:
        Console().print(VerdictTable(verdicts))
    if fail_on and any(v.verdict in FAIL_ORDER[fail_on] for v in verdicts):
        raise typer.Exit(1)


def _check_fail_on(fail_on: str | None) -> None:
    if fail_on is not None and fail_on not in FAIL_ORDER:
        err.print(f"[red]error:[/] --fail-on takes failed or suspect, not {fail_on!r}")
        raise typer.Exit(2)


@app.command()
def check(
    paths: PathsArg,
    as_json: JsonOpt = False,
    fail_on: FailOnOpt = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check every run in the traces given; print a verdict per run. Stores nothing."""
    from veracity.pipeline import check_paths, load_learned
    from veracity.store import open_store

    _check_fail_on(fail_on)
    settings = _config(config)
    learned = None
    if db is not None:
        store = open_store(db, read_only=True)
        learned = load_learned(store)
        store.close()
    checked = check_paths(paths, settings, learned)
    _finish(checked.verdicts, checked.files, as_json, fail_on)


@app.command()
def ingest(
    paths: PathsArg,
    as_json: JsonOpt = False,
    fail_on: FailOnOpt = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check the runs in the traces given and store them with their verdicts."""
    from veracity.pipeline import ingest_paths
    from veracity.store import open_store

    _check_fail_on(fail_on)
    settings = _config(config)
    store = open_store(db)
    try:
        checked = ingest_paths(paths, store, settings)
    finally:
        store.close()
    if not as_json:
        err.print(f"stored {len(checked.runs)} runs in {store.path}")
    _finish(checked.verdicts, checked.files, as_json, fail_on)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="OTLP/HTTP port.")] = 4318,
    db: DbOpt = None,
    config: ConfigOpt = None,
    quiet_period: Annotated[
        float | None, typer.Option(help="Seconds without new spans before a trace is checked.")
    ] = None,
) -> None:
    """Receive OTLP/HTTP traces at POST /v1/traces, check runs as they complete, store everything."""
    from veracity.server.run import serve_forever

    settings = _config(config)
    serve_forever(host=host, port=port, db=db, config=settings, quiet_period=quiet_period)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
