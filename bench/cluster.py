"""Scale-out throughput: runs through the gateway with 3 workers against 1 worker (chdb store, real Kafka).

    .venv/bin/python bench/cluster.py [--runs 3000] [--workers 1 3] [--kill]

Starts a broker with scripts/kafka-dev (jars cached in .cache/kafka-dev), generates the reference
world's runs (one OTLP/JSON request per run), and for each worker count starts `veracity cluster`,
posts every run through the gateway (4 concurrent clients), waits until the workers and the writer
have committed everything, and reports runs/s end to end, the gateway's acknowledgement rate, and
agreement with single-process `veracity check` on the same traces. `--kill` SIGKILLs one worker
half-way through. Wall-clock figures: on a shared 2-core machine they move with its load.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scale.helpers import CLI, check_verdicts, generate, post, read_store, wait_drained  # noqa: E402


def start_broker(work: Path) -> str:
    out = subprocess.run([str(ROOT / "scripts" / "kafka-dev"), "start", str(work / "kafka")], check=True, text=True,
                         capture_output=True, env={**os.environ, "KAFKA_DEV_CACHE": str(ROOT / ".cache" / "kafka-dev")})
    return [x for x in out.stdout.splitlines() if x.startswith("BOOTSTRAP=")][-1].split("=", 1)[1]


def one(bootstrap: str, work: Path, bodies: list[bytes], workers: int, kill: bool) -> dict[str, object]:
    topic = f"bench{workers}{'k' if kill else ''}"
    store = f"chdb://{work}/store-{topic}"
    proc = subprocess.Popen([*CLI, "cluster", "--workers", str(workers), "--queue", f"kafka://{bootstrap}/{topic}",
                             "--store", store, "--quiet-period", "1"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    procs = [json.loads(proc.stdout.readline()) for _ in range(workers + 2)]
    address = procs[0]["address"]
    refused = 0
    try:
        started = time.perf_counter()
        half = len(bodies) // 2

        def send(chunk: list[bytes]) -> int:
            with httpx.Client() as client:
                return sum(post(client, address, b) for b in chunk)

        for i, part in enumerate((bodies[:half], bodies[half:])):
            with ThreadPoolExecutor(4) as pool:
                refused += sum(pool.map(send, [part[k::4] for k in range(4)]))
            if kill and i == 0:
                os.kill(procs[1]["pid"], signal.SIGKILL)
        acked = time.perf_counter() - started
        wait_drained(bootstrap, topic, with_writer=True, deadline_s=1800)
        total = time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(120)
    got = read_store(store)
    return {"workers": workers, "killed": kill, "runs": len(bodies), "stored_rows": got["rows"],
            "acked_s": round(acked, 1), "gateway_runs_per_s": round(len(bodies) / acked, 1),
            "end_to_end_s": round(total, 1), "runs_per_s": round(len(bodies) / total, 1), "refused_503": refused,
            "_got": got}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    ap.add_argument("--kill", action="store_true", help="SIGKILL one worker half-way (with more than one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="veracity-cluster-") as tmp:
        work = Path(tmp)
        bootstrap = start_broker(work)
        try:
            traces = generate(work / "world", args.runs)
            bodies = traces.read_bytes().splitlines()
            want = check_verdicts(traces)
            for n in args.workers:
                result = one(bootstrap, work, bodies, n, args.kill and n > 1)
                got = result.pop("_got")["runs"]  # type: ignore[union-attr]
                result["verdicts_agree"] = round(sum(got.get(r, [None])[0] == v for r, (v, _) in want.items())
                                                 / len(want), 4)
                print(json.dumps(result), flush=True)
        finally:
            subprocess.run([str(ROOT / "scripts" / "kafka-dev"), "stop", str(work / "kafka")], check=False)


if __name__ == "__main__":
    main()
