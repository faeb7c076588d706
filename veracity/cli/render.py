"""Small renderables for the terminal: what `veracity check` and `report` show a person."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

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
        counts = Counter(v.verdict for v in self.verdicts)
        yield Text(
            "  ".join(f"{name}: {counts.get(name, 0)}" for name in VERDICT_STYLE),
        )
