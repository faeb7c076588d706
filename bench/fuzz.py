"""The long fuzz campaign (`make fuzz`): mutated real OTLP payloads through the pipeline and the HTTP app.

    .venv/bin/python bench/fuzz.py [--payloads 100000] [--seed 1] [--http-every 50]

Each payload (tests/fuzz/target.py: a real SDK request, then structural and byte mutations) goes
through decode → assemble → check → store in process; every `--http-every`-th one is also POSTed to
a real `veracity serve` app (uvicorn on 127.0.0.1), which must answer 200, 400 or 413 (never 500,
never 503 to a payload it cannot read), and a good run is sent beside them every 500 payloads: all
of those must be stored at the end. Counts crashes (saved under tests/fuzz/crashes/ to become
regression fixtures), hangs (a payload over 5 s), the slowest payload and the peak memory.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

import httpx
from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz.target import Target, payloads, seeds
from tests.test_server import Server
from veracity.store import DuckStore

CRASHES = Path(__file__).resolve().parent.parent / "tests" / "fuzz" / "crashes"
HANG_SECONDS = 5.0


def _keep(body: bytes, ctype: str | None, why: str) -> None:
    CRASHES.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(body).hexdigest()[:16]
    (CRASHES / f"{name}.bin").write_bytes(body)
    (CRASHES / f"{name}.txt").write_text(f"content-type: {ctype}\n{why}\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payloads", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--http-every", type=int, default=50)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="veracity-fuzz-"))
    crashes, hangs, http_bad, good_sent = [], 0, [], 0
    statuses: dict[int, int] = {}
    target = Target(DuckStore(tmp / "fuzz-0.duckdb"))
    started = time.time()
    with Server(tmp / "served.duckdb", quiet=0.5) as server, httpx.Client(timeout=60) as client:

        @seed(args.seed)
        @settings(max_examples=args.payloads, database=None, deadline=None, derandomize=False,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(payloads())
        def campaign(payload: tuple[bytes, str | None]) -> None:
            nonlocal target, hangs, good_sent
            body, ctype = payload
            n = target.tally.payloads
            t = time.perf_counter()
            try:
                target.run(body, ctype)
            except Exception as e:
                crashes.append(repr(e)[:300])
                _keep(body, ctype, traceback.format_exc())
                target.pending.clear()
            if time.perf_counter() - t > HANG_SECONDS:
                hangs += 1
                _keep(body, ctype, f"hang: {time.perf_counter() - t:.1f} s")
            if n % args.http_every == 0:
                headers = {"Content-Type": ctype} if ctype else {}
                r = client.post(f"{server.url}/v1/traces", content=body, headers=headers)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                if r.status_code not in (200, 400, 413):
                    http_bad.append(r.status_code)
                    _keep(body, ctype, f"HTTP {r.status_code}: {r.text[:300]}")
            if n % 500 == 0:
                good = seeds()[0][good_sent % len(seeds()[0])]
                r = client.post(f"{server.url}/v1/traces", content=_fresh(good, good_sent),
                                headers={"Content-Type": "application/x-protobuf"})
                assert r.status_code == 200, r.text
                good_sent += 1
            if n and n % 10_000 == 0:
                try:
                    target.flush()
                except Exception as e:
                    crashes.append(repr(e)[:300])
                target.store.close()
                target = Target(DuckStore(tmp / f"fuzz-{n}.duckdb"), tally=target.tally)
                print(f"{n} payloads, {len(crashes)} crashes, {hangs} hangs, {time.time() - started:.0f} s, "
                      f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB", flush=True)

        campaign()
        try:
            target.flush()
        except Exception as e:
            crashes.append(repr(e)[:300])
        deadline = time.time() + 60
        stored = 0
        while time.time() < deadline:
            stored = _stored_good(client, server.url)
            if stored >= good_sent:
                break
            time.sleep(0.5)
        healthy = client.get(f"{server.url}/healthz").status_code == 200
    tally = target.tally
    print(f"payloads {tally.payloads} (refused as unreadable {tally.refused}), spans read {tally.spans}, "
          f"runs checked and stored {tally.runs}")
    print(f"crashes {len(crashes)}, hangs (> {HANG_SECONDS:g} s) {hangs}, slowest payload {tally.slowest:.2f} s, "
          f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB, {time.time() - started:.0f} s")
    print(f"HTTP: {sum(statuses.values())} mutated payloads sent, answers {dict(sorted(statuses.items()))}, "
          f"{len(http_bad)} outside 200/400/413; good runs sent {good_sent}, stored {stored}; healthy {healthy}")
    for crash in sorted(set(crashes))[:20]:
        print("  crash:", crash)
    if crashes or hangs or http_bad or stored < good_sent or not healthy:
        raise SystemExit(1)


def _fresh(body: bytes, n: int) -> bytes:
    """The seed request with a new trace id, so each good run is a new run."""
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    request = ExportTraceServiceRequest.FromString(body)
    trace_id = hashlib.sha256(f"good-{n}".encode()).digest()[:16]
    for rs in request.resource_spans:
        for ss in rs.scope_spans:
            for span in ss.spans:
                span.trace_id = trace_id
    return request.SerializeToString()


def _stored_good(client: httpx.Client, url: str) -> int:
    ids = {hashlib.sha256(f"good-{n}".encode()).digest()[:16].hex() for n in range(100_000)}
    runs = client.get(f"{url}/api/runs", params={"limit": 10_000}).json()
    return sum(1 for r in runs if r["run_id"][:32] in ids)


if __name__ == "__main__":
    main()
