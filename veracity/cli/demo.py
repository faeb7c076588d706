"""`veracity demo` and `veracity workload generate`: the reference world from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from veracity.cli.render import DemoView

workload_app = typer.Typer(help="The reference enrichment world: traces with the truth about every run.",
                           no_args_is_help=True)


def demo(
    runs: Annotated[int, typer.Option(help="Runs to simulate (about a minute for the default).")] = 6_000,
    seed: Annotated[int, typer.Option(help="The world's seed.")] = 7,
    db: Annotated[Path, typer.Option("--db", help="The demo's own store (never the default one).")] = Path(
        "veracity-demo.duckdb"
    ),
) -> None:
    """Simulate a month of enrichment agents, check every run, and show what was true."""
    from veracity.demo import run_demo

    console = Console()
    with Progress(
        TextColumn("[bold]simulate → OTLP → decode → assemble → check → DuckDB"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("runs", total=runs)
        result = run_demo(runs, db, seed=seed, progress=lambda done: bar.update(task, completed=done))
    console.print(DemoView(result))


@workload_app.command("generate")
def generate(
    runs: Annotated[int, typer.Option(help="How many runs.")] = 1000,
    out: Annotated[Path, typer.Option(help="Folder for traces/ and truth.jsonl.")] = Path("world"),
    seed: Annotated[int, typer.Option(help="The world's seed.")] = 7,
    world: Annotated[str, typer.Option(help="Which reference world: a, or b (written apart from a: other agents, "
                                            "formats, languages).")] = "a",
) -> None:
    """Write DIR/traces/ (OTLP JSON lines) and DIR/truth.jsonl, one truth record per run."""
    if world not in ("a", "b"):
        raise typer.BadParameter(f"unknown world {world!r}; the worlds are a and b", param_hint="--world")
    if world == "b":
        from veracity.workload.world_b import generate_b

        generate_b(runs, out, seed=seed)
    else:
        from veracity.workload import generate as write_world

        write_world(runs, out, seed=seed)
    Console(stderr=True).print(f"wrote {runs} runs to {out}/traces and their truth to {out}/truth.jsonl")
