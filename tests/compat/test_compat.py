"""Every setup × every scenario, judged through `veracity serve` and through files.

Each case runs a real agent under a real third-party instrumentation (in its own process)
against the fake OpenAI-compatible server, exporting with the real OTLP/HTTP exporters to a
`veracity serve` on 127.0.0.1 and to an OTLP JSON lines file. The file is judged by the
`veracity check --json` command; the served run by the server's own API. Both must say what
the scenario expects (`tests.compat.scenarios.judged_right`), and say the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.compat.fake_openai import FakeOpenAI
from tests.compat.scenarios import SCENARIOS, judged_right
from tests.compat.setups import SETUPS, env
from tests.test_server import Server

ROOT = Path(__file__).resolve().parents[2]
VERACITY = str(Path(sys.executable).with_name("veracity"))


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with Server(tmp_path_factory.mktemp("serve") / "v.duckdb", quiet=0.5) as server:
        yield server


def drive(setup: str, scenario: str, model_url: str, otlp_url: str, out: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "OPENINFERENCE_", "TRACELOOP_"))}
    environment |= env(setup, scenario)
    done = subprocess.run(
        [sys.executable, "-m", "tests.compat.drive", setup, scenario, model_url, otlp_url, str(out)],
        env=environment, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, f"{setup} {scenario} agent failed:\n{done.stderr[-3000:]}"


def check_file(path: Path) -> list[dict]:
    done = subprocess.run([VERACITY, "check", str(path), "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def served_verdict(server: Server, run_id: str) -> dict:
    deadline = time.time() + 60
    while True:
        response = httpx.get(f"{server.url}/api/runs/{run_id}")
        if response.status_code == 200 and response.json().get("verdict"):
            return response.json()["verdict"]
        assert time.time() < deadline, f"serve never checked run {run_id} ({response.status_code})"
        time.sleep(0.2)


def _summary(verdict: dict) -> tuple[str, list[tuple[str, str]]]:
    return verdict["verdict"], sorted((f["kind"], f.get("field") or "") for f in verdict["findings"])


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("setup", sorted(SETUPS))
def test_setup_scenario(setup: str, scenario: str, fake: FakeOpenAI, served: Server, tmp_path: Path) -> None:
    out = tmp_path / "trace.jsonl"
    drive(setup, scenario, fake.base_url(scenario), served.url, out)
    keep = os.environ.get("VERACITY_COMPAT_KEEP")  # a folder to keep the traces in, for comparisons
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{setup}-{scenario}.jsonl").write_bytes(out.read_bytes())
    from_file = check_file(out)
    assert len(from_file) == 1, f"{setup} {scenario}: {len(from_file)} runs in one agent run's trace"
    verdict = from_file[0]
    assert judged_right(scenario, verdict, setup) == [], f"{setup} {scenario} (file): {_summary(verdict)}"
    from_serve = served_verdict(served, verdict["run_id"])
    assert judged_right(scenario, from_serve, setup) == [], f"{setup} {scenario} (serve): {_summary(from_serve)}"
    assert _summary(from_serve) == _summary(verdict)
