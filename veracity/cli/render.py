"""Small renderables for the terminal: what `veracity check` and `report` show a person."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from veracity.model import SEVERITY_RANK, Verdict

VERDICT_STYLE = {"failed": "bold red", "suspect": "yellow", "unverifiable": "magenta", "verified": "green"}


@dataclass
class VerdictTable:
    """One line per run: verdict, risk and its most severe finding."""

    verdicts: list[Verdict]
    limit: int = 50

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = Table(title=f"{len(self.verdicts)} runs checked", title_justify="left", expand=False)
        table.add_column("run")
        table.add_column("verdict")
        table.add_column("risk", justify="right")
        table.add_column("findings", justify="right")
        table.add_column("most severe finding", overflow="fold")
        ranked = sorted(self.verdicts, key=lambda v: -v.risk)
        for v in ranked[: self.limit]:
            worst = max(v.findings, key=lambda f: SEVERITY_RANK[f.severity], default=None)
            table.add_row(
                v.run_id[:16],
                Text(v.verdict, style=VERDICT_STYLE[v.verdict]),
                f"{v.risk:.2f}",
                str(len(v.findings)),
                f"[{worst.severity}] {worst.kind}: {worst.message}" if worst else "",
            )
        yield table
        if len(ranked) > self.limit:
            yield Text(f"… and {len(ranked) - self.limit} more runs (use --json for all)", style="dim")
        counts: Counter[str] = Counter(v.verdict for v in self.verdicts)
        yield Text(
            "  ".join(f"{name}: {counts.get(name, 0)}" for name in VERDICT_STYLE),
        )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


@dataclass
class ReportView:
    """The report at a glance: what the agents say about themselves next to what is true."""

    data: dict

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        d = self.data
        err = d.get("error_rate") or {}
        estimate = err.get("estimate")
        truth = None if estimate is None else 1 - estimate
        head = Table.grid(padding=(0, 3))
        head.add_row(
            Text(f"{d.get('runs', 0):,} runs", style="bold"),
            Text(f"reported success {_pct(d.get('reported_success_rate'))}", style="green"),
            Text(f"verified truth rate {_pct(truth)}", style="bold red" if truth is not None and truth < 0.9 else "bold"),
        )
        yield head
        if err.get("method") == "ppi":
            yield Text(
                f"error rate {_pct(estimate)} (95% CI {_pct(err.get('low'))}–{_pct(err.get('high'))}, "
                f"{err.get('labels')} labels, prediction-powered)"
            )
        else:
            yield Text(f"error rate {_pct(estimate)} predicted by the checks (no labels yet: no interval)", style="dim")
        verdicts = d.get("verdicts") or {}
        yield Text("  ".join(f"{k}: {verdicts.get(k, 0):,}" for k in VERDICT_STYLE))
        kinds = d.get("findings_by_kind") or {}
        if kinds:
            table = Table(title="findings by kind", title_justify="left")
            table.add_column("kind")
            table.add_column("count", justify="right")
            for kind, count in kinds.items():
                table.add_row(kind, f"{count:,}")
            yield table


@dataclass
class DemoView:
    """The demo's one-glance page."""

    result: Any

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.result
        yield Text(f"veracity demo: {r.runs:,} runs of {len(r.agents)} enrichment agents over "
                   f"{r.weeks:.0f} simulated weeks", style="bold")
        yield ReportView(r.report)
        yield Text(f"the world's true error rate (known only to the simulation): {_pct(r.true_error_rate)}",
                   style="dim")
        if r.examples:
            table = Table(title="what was found, one example each", title_justify="left")
            table.add_column("kind")
            table.add_column("count", justify="right")
            table.add_column("example", overflow="fold")
            counts = r.report.get("findings_by_kind", {})
            for kind, example in sorted(r.examples.items(), key=lambda kv: -counts.get(kv[0], 0)):
                table.add_row(kind, f"{counts.get(kind, 0):,}", example["message"])
            yield table
        if r.worst:
            table = Table(title="the riskiest runs", title_justify="left")
            for column in ("run", "agent", "verdict", "risk", "origin step", "most severe finding"):
                table.add_column(column, overflow="fold")
            for w in r.worst:
                table.add_row(w["run_id"][:16], w["agent"] or "", Text(w["verdict"], style=VERDICT_STYLE[w["verdict"]]),
                              f"{w['risk']:.2f}", w["origin_step"] or "—", w["finding"])
            yield table
        yield Text(f"stored in {r.store}: try `veracity report --db {r.store}`", style="dim")
