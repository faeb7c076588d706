"""The `veracity` command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console

from veracity.cli.demo import demo, workload_app
from veracity.cli.integrations import alerts_app, corrections_app, export, sql
from veracity.cli.keys import keys_app
from veracity.cli.maintenance import prune, recheck
from veracity.cli.remote import http_json
from veracity.cli.render import VerdictTable
from veracity.cli.review import review_app
from veracity.cli.scale import cluster, worker, writer
from veracity.cli.stores import config_or_exit, open_or_exit
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

WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=0, help="Processes that check runs (default 1: in this process; 0 picks one a CPU). "
                 "Shipping evidence back costs ~1.7 ms a run, so more workers pay only on idle cores."),
]

FAIL_ORDER = {"failed": ("failed",), "suspect": ("failed", "suspect")}


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


def _finish(
    verdicts: list[Verdict], files: list[FileResult], as_json: bool, fail_on: str | None, errors: list[str] | None = None
) -> None:
    _report_files(files)
    for problem in errors or []:
        err.print(f"[red]error:[/] {problem}", highlight=False)
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
    workers: WorkersOpt = None,
) -> None:
    """Check every run in the traces given; print a verdict per run. Stores nothing."""
    from veracity.parallel import default_workers
    from veracity.pipeline import check_paths
    from veracity.store import open_store

    _check_fail_on(fail_on)
    settings = config_or_exit(config)
    n = default_workers() if workers == 0 else workers or 1
    if db is None:
        checked = check_paths(paths, settings, workers=n)
    else:
        store = open_store(db, read_only=True)
        try:
            checked = check_paths(paths, settings, store, workers=n)
        finally:
            store.close()
    _finish(checked.verdicts, checked.files, as_json, fail_on, checked.errors)


@app.command()
def ingest(
    paths: PathsArg,
    as_json: JsonOpt = False,
    fail_on: FailOnOpt = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Check the runs in the traces given and store them with their verdicts."""
    from veracity.parallel import default_workers
    from veracity.pipeline import ingest_paths
    from veracity.store import open_store

    _check_fail_on(fail_on)
    settings = config_or_exit(config)
    from veracity.alerting import process_alerts

    store = open_store(db)
    try:
        checked = ingest_paths(paths, store, settings, workers=default_workers() if workers == 0 else workers or 1)
        process_alerts(store, settings, force=True)
    finally:
        store.close()
    if not as_json:
        err.print(f"stored {len(checked.runs)} runs in {store.path}")
    _finish(checked.verdicts, checked.files, as_json, fail_on, checked.errors)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="OTLP/HTTP port.")] = 4318,
    db: DbOpt = None,
    config: ConfigOpt = None,
    quiet_period: Annotated[
        float | None, typer.Option(help="Seconds without new spans before a trace is checked.")
    ] = None,
    get: Annotated[
        str | None, typer.Option("--get", help="Answer one GET (e.g. /api/report) without opening a socket, then exit.")
    ] = None,
    emit_otlp: Annotated[
        str | None,
        typer.Option("--emit-otlp", help="Send each checked run's findings as gen_ai.evaluation.result events "
                     "(a span in the run's trace) to this OTLP/HTTP endpoint, e.g. http://collector:4318."),
    ] = None,
    queue: Annotated[
        str | None, typer.Option("--queue", help="Be a gateway: append OTLP to kafka://HOST:PORT/TOPIC, store nothing.")
    ] = None,
    workers: WorkersOpt = None,
) -> None:
    """Receive OTLP/HTTP traces at POST /v1/traces and logs at /v1/logs, check runs as they complete, store everything."""
    from veracity.server.run import answer_once, serve_forever

    if queue is not None:
        from veracity.queue.gateway import serve_gateway
        from veracity.queue.url import parse_kafka_url
        from veracity.server.run import allowed_hosts, bind_host, gateway_keys
        from veracity.store import db_path, engine_path

        settings = config_or_exit(config)
        engine, location = engine_path(db_path(db))
        dead = Path("veracity-gateway.deadletter" if engine == "clickhouse" else location + ".deadletter")
        ring = gateway_keys(db)
        listen, note = bind_host(host, ring.enabled)
        if note:
            err.print(note)
        serve_gateway(listen, port, parse_kafka_url(queue), dead, limits=settings.limits, ring=ring,
                      allowed_hosts=allowed_hosts(settings, ring))
        return
    settings = config_or_exit(config)
    if get is not None:
        status, body = answer_once(get, db=db, config=settings)
        sys.stdout.write(body + "\n")
        raise typer.Exit(0 if status < 400 else 2)
    from veracity.parallel import default_workers

    serve_forever(host=host, port=port, db=db, config=settings, quiet_period=quiet_period, emit_otlp=emit_otlp,
                  workers=default_workers() if workers == 0 else workers or 1)


@app.command()
def ui(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8000,
    config: ConfigOpt = None,
) -> None:
    """Serve the browser UI over a store, without an OTLP receiver (pages at http://HOST:PORT/)."""
    from veracity.server.ui.standalone import serve_ui

    serve_ui(host=host, port=port, db=db, config=config_or_exit(config))


ServerOpt = Annotated[
    str | None,
    typer.Option("--server", envvar="VERACITY_URL", help="Ask a running `veracity serve` (it owns the store)."),
]


@app.command()
def report(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    agent: Annotated[str | None, typer.Option(help="Only runs of this agent.")] = None,
    since: Annotated[str | None, typer.Option(help="ISO 8601 date or time, or a span back: 24h, 7d.")] = None,
    db: DbOpt = None,
    server: ServerOpt = None,
) -> None:
    """What the stored runs say: reported success next to the verified truth rate."""
    from veracity.cli.render import ReportView
    from veracity.report import build_report, parse_filter

    if server:
        params = "&".join(f"{k}={v}" for k, v in (("agent", agent), ("since", since)) if v)
        data = http_json("GET", f"{server.rstrip('/')}/api/report?{params}")
    else:
        try:
            where = parse_filter(agent=agent, since=since)
        except ValueError as e:
            err.print(f"[red]error:[/] {e}")
            raise typer.Exit(2) from None
        store = open_or_exit(db, read_only=True)
        try:
            data = build_report(store, where)
        finally:
            store.close()
    if as_json:
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
    else:
        Console().print(ReportView(data))


@app.command()
def label(
    paths: Annotated[list[Path], typer.Argument(help="JSONL or CSV files of labels.")],
    db: DbOpt = None,
    server: ServerOpt = None,
) -> None:
    """Import ground truth about stored runs (reviews, corrections, fixtures)."""
    from veracity.labels import parse_labels

    total, unknown_total, readable = 0, 0, 0
    store = None if server else open_or_exit(db)
    try:
        for path in paths:
            try:
                text = path.read_text()
            except OSError as e:
                err.print(f"[red]error:[/] {path}: {e.strerror}")
                continue
            readable += 1
            if server:
                result = http_json("POST", f"{server.rstrip('/')}/api/labels", text.encode())
                stored, unknown, problems = result["stored"], result["unknown_runs"], result["problems"]
            else:
                labels, problems = parse_labels(text, str(path))
                stored, unknown = store.write_labels(labels)  # type: ignore[union-attr]
            for problem in problems:
                err.print(f"[yellow]warning:[/] {problem}", highlight=False)
            for run_id in unknown:
                err.print(f"[yellow]warning:[/] {path}: no stored run {run_id}; label skipped", highlight=False)
            total += stored
            unknown_total += len(unknown)
    finally:
        if store is not None:
            store.close()
    err.print(f"stored {total} labels ({unknown_total} for unknown runs skipped)")
    if not readable:
        raise typer.Exit(2)


@app.command()
def show(
    run_id: Annotated[str, typer.Argument(help="The run to show.")],
    as_json: Annotated[bool, typer.Option("--json", help="The run and its verdict as JSON.")] = False,
    db: DbOpt = None,
    server: ServerOpt = None,
) -> None:
    """One stored run: its steps as a tree, each finding on the step where the failure began."""
    from veracity.cli.render import RunView
    from veracity.model import run_from_json
    from veracity.model.types import Verdict
    from veracity.server.api import run_detail

    if server:
        data = http_json("GET", f"{server.rstrip('/')}/api/runs/{run_id}")
    else:
        store = open_or_exit(db, read_only=True)
        try:
            data = run_detail(store, run_id)
        finally:
            store.close()
    if data is None:
        err.print(f"[red]error:[/] no stored run {run_id}")
        raise typer.Exit(2)
    if as_json:
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
        return
    import msgspec

    run = run_from_json(orjson.dumps(data["run"]))
    verdict = msgspec.convert(data["verdict"], Verdict) if data.get("verdict") else None
    Console().print(RunView(run, verdict))


app.command()(recheck)
app.command()(prune)
app.add_typer(review_app, name="review")
app.add_typer(keys_app, name="keys")
app.command()(export)
app.command()(sql)
app.add_typer(alerts_app, name="alerts")
app.add_typer(corrections_app, name="corrections")

app.command()(demo)
app.add_typer(workload_app, name="workload")

app.command()(worker)
app.command()(writer)
app.command()(cluster)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
