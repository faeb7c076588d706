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
        elif err.get("labels_excluded"):
            yield Text(f"error rate {_pct(estimate)} predicted by the checks; {err['labels_excluded']} review labels "
                       "left out because the review queue did not draw their runs (`veracity review policy`)",
                       style="dim")
        else:
            yield Text(f"error rate {_pct(estimate)} predicted by the checks (no labels yet: no interval)", style="dim")
        verdicts = d.get("verdicts") or {}
        yield Text("  ".join(f"{k}: {verdicts.get(k, 0):,}" for k in VERDICT_STYLE))
        steps = d.get("steps") or {}
        if steps.get("runs"):
            calls = steps.get("calls") or {}
            yield Text(
                f"runs that succeeded at the first attempt {_pct(steps.get('first_attempt_success_rate'))} "
                f"(eventually {_pct(steps.get('eventual_success_rate'))}); "
                f"rate limits are {_pct(calls.get('rate_limit_share'))} of step errors"
            )
        unknown = d.get("unknown_rate") or {}
        if unknown.get("runs") is not None:
            models = unknown.get("by_model") or {}
            yield Text(
                f"honest \"unknown\" in {_pct(unknown['runs'])} of runs"
                + (" (" + ", ".join(f"{m} {_pct(r)}" for m, r in list(models.items())[:4]) + ")" if models else "")
            )
        pairs = d.get("pairs") or {}
        if pairs.get("pairs"):
            yield Text(f"{pairs['pairs']:,} dual-run pairs, {pairs['divergent']:,} diverged materially "
                       f"(agreement {_pct(pairs.get('agreement_rate'))})")
        flow = d.get("pipeline")
        if flow:
            lag = ", ".join(f"{topic} {n:,}" if n is not None else f"{topic} ?" for topic, n in flow["lag"].items())
            write = flow.get("write_ms_per_run")
            yield Text(f"pipeline: {flow['workers']} workers at {flow['runs_per_s']:,} runs/s; consumer lag {lag or '?'} "
                       f"messages; store writes {write if write is not None else '?'} ms a run", style="dim")
        for alert in d.get("alerts") or []:
            cohort = ", ".join(f"{k}={v}" for k, v in alert["cohort"].items())
            yield Text(f"ALERT {alert['at']}: {cohort}: {alert['metric']} {_pct(alert['before'])} → "
                       f"{_pct(alert['after'])}", style="bold red")
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
                if counts.get(kind):
                    table.add_row(kind, f"{counts[kind]:,}", example["message"])
            yield table
        if r.worst:
            table = Table(title="the riskiest runs (veracity show RUN for the whole story)", title_justify="left", expand=True)
            table.add_column("run", no_wrap=True, min_width=12)
            table.add_column("agent", no_wrap=True, min_width=16)
            table.add_column("origin step", no_wrap=True, min_width=16)
            table.add_column("most severe finding", overflow="ellipsis", no_wrap=True, ratio=1)
            for w in r.worst:
                table.add_row(w["run_id"][:12], w["agent"] or "", w["origin_step"] or "—", w["finding"])
            yield table
        yield Text(f"stored in {r.store}: try `veracity report --db {r.store}`", style="dim")
        yield Text(f"browse it: `veracity ui --db {r.store}`, then open http://127.0.0.1:8000/", style="bold")


SEVERITY_STYLE = {"critical": "bold red", "major": "yellow", "minor": "cyan", "info": "dim"}


@dataclass
class RunView:
    """One run as a tree of its steps, each finding hung on the step where its failure began."""

    run: Any
    verdict: Any

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.tree import Tree

        run, verdict = self.run, self.verdict
        head = f"run {run.run_id}  agent {run.agent or '?'}  model {', '.join(run.models) or '?'}"
        if verdict is not None:
            head += f"  verdict {verdict.verdict} (risk {verdict.risk:.2f})"
        yield Text(head, style=VERDICT_STYLE.get(verdict.verdict, "") if verdict else "")
        yield Text(f"input: {str(run.input)[:200]}", style="dim")
        findings = list(verdict.findings) if verdict else []
        by_origin: dict[str | None, list[Any]] = {}
        for f in findings:
            by_origin.setdefault(f.origin_step if run.step(f.origin_step) else None, []).append(f)
        children: dict[str | None, list[Any]] = {}
        for step in sorted(run.steps, key=lambda s: s.order):
            children.setdefault(step.parent_id if run.step(step.parent_id) else None, []).append(step)

        def label(step: Any) -> Text:
            text = Text(f"{step.kind:9s} {step.name}", style="bold" if step.kind in ("tool", "retriever") else "")
            extra = [f"attempt {step.attempt}"] if step.attempt > 1 else []
            if step.http_status:
                extra.append(f"HTTP {step.http_status}")
            if step.result is None and step.kind in ("tool", "retriever"):
                extra.append("no result recorded")
            if extra:
                text.append("  " + ", ".join(extra), style="dim")
            text.append(f"  {step.step_id}", style="dim")
            return text

        def grow(node: Any, parent: str | None) -> None:
            for step in children.get(parent, []):
                branch = node.add(label(step))
                for f in by_origin.get(step.step_id, []):
                    branch.add(Text(f"← {f.severity} {f.kind}: {f.message}", style=SEVERITY_STYLE[f.severity]))
                grow(branch, step.step_id)

        tree = Tree(Text("steps (findings hang on the step where they began)", style="bold"))
        grow(tree, None)
        yield tree
        for f in by_origin.get(None, []):
            yield Text(f"{f.severity} {f.kind}: {f.message}", style=SEVERITY_STYLE[f.severity])
