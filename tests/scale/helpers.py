"""Helpers of the Kafka tests and the cluster bench: traces, posting like an exporter, waiting for lag 0."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from veracity.queue.lag import group_lag
from veracity.queue.worker import GROUP
from veracity.queue.writer import GROUP as WRITER_GROUP

CLI = [sys.executable, "-m", "veracity.cli.main"]
READ_STORE = """
import json, sys
from veracity.store import open_store
from veracity.store.clickhouse.schema import VERDICTS
s = open_store(sys.argv[1], read_only=True)
verdicts = dict(s.query(f"SELECT run_id, verdict FROM {VERDICTS}"))
kinds = dict(s.query("SELECT run_id, arraySort(groupArray(kind)) FROM findings FINAL GROUP BY run_id"))
out = {rid: [verdicts.get(rid), list(kinds.get(rid, [])), pk]
       for rid, pk in s.query("SELECT run_id, pair_key FROM runs FINAL")}
rows = s.query("SELECT count(), uniqExact(run_id) FROM runs FINAL")
from veracity.report.sections import pipeline
print(json.dumps({"runs": out, "rows": [list(r) for r in rows], "pipeline": pipeline(s)}))
s.close()
"""


def generate(out: Path, runs: int, seed: int = 7) -> Path:
    """`veracity workload generate`: one OTLP/JSON request per line, all parts in one file."""
    subprocess.run([*CLI, "workload", "generate", "--out", str(out), "--runs", str(runs), "--seed", str(seed)],
                   check=True, capture_output=True)
    joined = out / "all.jsonl"
    with joined.open("wb") as f:
        for part in sorted((out / "traces").glob("*.jsonl")):
            f.write(part.read_bytes())
    return joined


def post(client: httpx.Client, address: str, body: bytes, patience_s: float = 120.0) -> int:
    """POST like an OTLP exporter: retry on 503 (after Retry-After) until acknowledged; returns 503s seen."""
    refused = 0
    deadline = time.monotonic() + patience_s
    while True:
        r = client.post(f"{address}/v1/traces", content=body, headers={"content-type": "application/json"},
                        timeout=30)
        if r.status_code == 200:
            return refused
        if r.status_code != 503 or time.monotonic() > deadline:
            raise AssertionError(f"gateway answered {r.status_code}: {r.text[:200]}")
        refused += 1
        time.sleep(float(r.headers.get("retry-after", "1")) / 4)


def wait_drained(bootstrap: str, topic: str, with_writer: bool, deadline_s: float = 240.0) -> None:
    """Until the workers (and the writer) have committed every message: lag 0 twice in a row."""
    zero_seen = 0
    deadline = time.monotonic() + deadline_s
    lags: list[dict[int, int]] = []
    while time.monotonic() < deadline:
        try:
            lags = [group_lag(bootstrap, GROUP, topic)]
            if with_writer:
                lags.append(group_lag(bootstrap, WRITER_GROUP, f"{topic}.results"))
        except Exception as e:  # a partition between leaders (a fresh topic, a loaded broker): ask again
            lags = [{-1: -1}]
            print(f"lag not read, retrying: {e}")
        zero_seen = zero_seen + 1 if all(lag and not sum(lag.values()) for lag in lags) else 0
        if zero_seen >= 2:
            return
        time.sleep(1.0)
    raise AssertionError(f"consumers still behind after {deadline_s:.0f} s: {lags}")


def read_store(url: str) -> dict[str, Any]:
    """A chdb store's runs, verdicts and finding kinds, read in a process of its own (one process owns it)."""
    out = subprocess.run([sys.executable, "-c", READ_STORE, url], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def check_verdicts(path: Path) -> dict[str, tuple[str, list[str]]]:
    """`veracity check --json` on the same traces, in one process."""
    out = subprocess.run([*CLI, "check", str(path), "--json"], capture_output=True, text=True)
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return {r["run_id"]: (r["verdict"], sorted(f["kind"] for f in r.get("findings", []))) for r in rows}
