"""The store contract: every engine behind `open_store` passes these tests.

A second engine joins by adding itself to `ENGINES` (a URL for a fresh store under `tmp_path`),
e.g. `"chdb": lambda tmp: f"chdb://{tmp}/contract"`. Tests only use the `Store` protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from veracity.model import Finding, Label, Run, Step, Verdict
from veracity.store import open_store
from veracity.store.base import Store

ENGINES: dict[str, Callable[[Path], str]] = {
    "duckdb": lambda tmp: f"duckdb://{tmp}/contract.duckdb",
    "chdb": lambda tmp: f"chdb://{tmp}/contract-chdb",
}
#: Engines whose store one process owns at a time (chdb: ClickHouse inside the process).
SINGLE_PROCESS = {"chdb"}
HOUR = 3_600 * 10**9
DAY = 24 * HOUR
T0 = 1_767_225_600 * 10**9  # 2026-01-01T00:00:00Z


@pytest.fixture(params=sorted(ENGINES))
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "chdb":
        pytest.importorskip("chdb", reason="the chdb engine needs the scale extra: pip install -e '.[scale]'")
    return ENGINES[request.param](tmp_path)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()


def run(i: int, agent: str = "a1", model: str | None = "m1", started: int | None = None, pair_key: str | None = None,
        output: Any = None, steps: list[Step] | None = None, status: str = "success", **extra: Any) -> Run:
    """A run with a fixed id, start and output (keyword overrides for the rest)."""
    return Run(run_id=f"r{i:03d}", trace_id=f"t{i:03d}", agent=agent, models=[model] if model else [],
               started_at=T0 + i * HOUR if started is None else started, ended_at=0, pair_key=pair_key,
               input={"company": f"Company {i}"}, output={"name": f"Company {i}"} if output is None else output,
               reported_status=status, steps=steps or [], **extra)


def finding(kind: str, severity: str = "major", field: str | None = "revenue", check: str = "grounding",
            origin_step: str | None = None) -> Finding:
    return Finding(check=check, kind=kind, severity=severity, message=f"{kind} on {field}", field=field,  # type: ignore[arg-type]
                   origin_step=origin_step)


def verdict(r: Run, name: str = "verified", risk: float = 0.1, findings: list[Finding] | None = None,
            version: str = "v1") -> Verdict:
    return Verdict(run_id=r.run_id, verdict=name, risk=risk,  # type: ignore[arg-type]
                   findings=[f.__class__(**{**{k: getattr(f, k) for k in f.__struct_fields__}, "run_id": r.run_id})
                             for f in findings or []], checker_version=version)


def write(store: Store, *pairs: tuple[Run, Verdict]) -> None:
    store.write_results([r for r, _ in pairs], [v for _, v in pairs])


def review(r: Run, correct: bool, source: str = "review") -> Label:
    return Label(run_id=r.run_id, correct=correct, source=source, created_at=T0)  # type: ignore[arg-type]
