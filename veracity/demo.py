"""`veracity demo`: a simulated period of the reference world through the real pipeline.

Traces are encoded as OTLP protobuf requests, decoded, assembled, checked and stored in a
DuckDB file of the demo's own; a small sample is labelled from the world's truth, as a
weekly review would, so the truth rate comes with a prediction-powered interval.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veracity.config import Config
from veracity.ingest import assemble, decode
from veracity.model import SEVERITY_RANK, Label
from veracity.pipeline import store_runs
from veracity.report import build_report
from veracity.store import open_store
from veracity.store.base import Store

BATCH = 250


def materially_wrong(truth: dict[str, Any]) -> bool:
    """What the world knows: a run is wrong when a field or a quote of its output is."""
    return bool(truth.get("wrong_fields") or truth.get("wrong_quotes"))


@dataclass
class DemoResult:
    """Everything the demo shows, as data (the CLI renders it)."""

    runs: int
    store: str
    report: dict[str, Any]
    true_error_rate: float
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)
    worst: list[dict[str, Any]] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    weeks: float = 0.0


def _ingest(bodies: list[bytes], store: Store, config: Config) -> int:
    spans = [span for body in bodies for span in decode(body, "application/x-protobuf").spans]
    runs = assemble(spans)
    store_runs(runs, store, config)
    return len(runs)


def _examples(store: Store) -> dict[str, dict[str, Any]]:
    return store.finding_examples()


def _worst(store: Store, limit: int) -> list[dict[str, Any]]:
    worst = []
    for run_id, agent, verdict_name, risk in store.riskiest_runs(limit):
        verdict = store.get_verdict(run_id)
        top = max(verdict.findings, key=lambda f: SEVERITY_RANK[f.severity]) if verdict and verdict.findings else None
        worst.append({"run_id": run_id, "agent": agent, "verdict": verdict_name, "risk": risk,
                      "finding": f"{top.kind}: {top.message}" if top else "", "origin_step": top.origin_step if top else None})
    return worst


def run_demo(
    runs: int,
    store_path: Path,
    seed: int = 7,
    label_share: float = 0.02,
    progress: Callable[[int], None] | None = None,
) -> DemoResult:
    """Simulate `runs` runs, ingest them, label a sample from the truth, and report."""
    from veracity.workload import WorldConfig, simulate

    if store_path.exists():
        store_path.unlink()
    world = WorldConfig(runs=runs, seed=seed)
    config = Config()
    store = open_store(str(store_path))
    truths: list[dict[str, Any]] = []
    pending: list[bytes] = []
    done = 0
    try:
        for bundle in simulate(world):
            pending.append(bundle.request.SerializeToString())
            truths.append(bundle.truth)
            if len(pending) >= BATCH:
                done += _ingest(pending, store, config)
                pending = []
                if progress:
                    progress(done)
        if pending:
            done += _ingest(pending, store, config)
            if progress:
                progress(done)
        store.write_labels(list(_review_sample(truths, label_share, seed)))
        return DemoResult(
            runs=done,
            store=str(store_path),
            report=build_report(store),
            true_error_rate=sum(map(materially_wrong, truths)) / max(1, len(truths)),
            examples=_examples(store),
            worst=_worst(store, 5),
            agents=sorted({t["agent"] for t in truths}),
            weeks=world.period_s / 604800,
        )
    finally:
        store.close()


def _review_sample(truths: list[dict[str, Any]], share: float, seed: int) -> Iterable[Label]:
    """A uniform random sample labelled from the truth, as a weekly human review would."""
    rng = random.Random(seed + 1)
    for truth in truths:
        if rng.random() < share:
            yield Label(run_id=truth["run_id"], correct=not materially_wrong(truth),
                        wrong_fields=list(truth.get("wrong_fields") or []), source="review", note="demo review sample")
