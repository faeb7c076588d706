"""`veracity serve` under load: four sender processes post OTLP protobuf; the server's memory over time.

    .venv/bin/python bench/serve.py [--world synthetic|b] [--runs 2000] [--per-request 50]
                                    [--senders 4] [--workers 1] [--cheap] [--sample 1.0]

Inputs: `synthetic` (`bench/ingest.py`'s 20-span runs with 2 KB tool results) or reference world
`b`, `--per-request` whole runs a request, shared round-robin among `--senders` processes that
post as fast as they are answered (a 503 is retried after a tenth of its Retry-After). Printed:
acknowledged runs/s (every request answered 200: its whole traces are checked and stored by
then), checked-and-stored runs/s (until `/healthz` counts every run), the decode-only floor in
CPU of this process over the same bodies (parse and walk every span, as `bench/ingest.py`) and
the ratio of acknowledged runs/s to it, and the server's RSS (with its worker processes) sampled
every `--sample` seconds: at the start, the middle and the end.

`--cheap --runs 1000000`: a long stream to show that memory stays flat. Each sender replays a few
template requests of small 4-span runs (200-byte tool results), each replay with new trace ids
and new company names and domains (same-length byte substitutions, so every run is a new run to
the checks, the duplicate index and the store).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import _free_port, floor, make_requests, world_requests

PROTOBUF = "application/x-protobuf"
#: The slot each cheap run's name takes in the template; replays overwrite it with a same-length serial.
SLOT = b"#########"


def cheap_template(per_request: int, sender: int) -> bytes:
    """One request of `per_request` small runs (agent, two tools, an LLM), names holding `SLOT`."""
    rng = random.Random(sender)
    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "bench-cheap"}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("bench")
    for i in range(per_request):
        name = f"Firm{sender}x{i:04d}{SLOT.decode()}"
        domain = f"f{sender}x{i:04d}{SLOT.decode()}.com"
        staff = 10 + rng.randrange(5000)
        with tracer.start_as_current_span("enrich") as root:
            root.set_attribute("openinference.span.kind", "AGENT")
            root.set_attribute("input.value", json.dumps({"company": name, "domain": domain}))
            for step in range(2):
                with tracer.start_as_current_span(f"lookup_{step}") as s:
                    s.set_attribute("openinference.span.kind", "TOOL")
                    s.set_attribute("tool.name", f"lookup_{step}")
                    s.set_attribute("input.value", json.dumps({"q": domain}))
                    s.set_attribute("output.value", json.dumps({"name": name, "domain": domain, "employees": staff,
                                                                "city": rng.choice(["Austin", "Leeds", "Lyon"])}))
            with tracer.start_as_current_span("llm") as s:
                s.set_attribute("openinference.span.kind", "LLM")
                s.set_attribute("llm.model_name", "gpt-4.1")
                s.set_attribute("output.value", f"{name} has {staff} employees.")
            root.set_attribute("output.value", json.dumps({"legal_name": name, "domain": domain,
                                                           "employee_count": staff}))
    body = encode_spans(exporter.get_finished_spans()).SerializeToString()
    provider.shutdown()
    return body


def trace_ids(body: bytes) -> list[bytes]:
    request = ExportTraceServiceRequest.FromString(body)
    return sorted({s.trace_id for rs in request.resource_spans for ss in rs.scope_spans for s in ss.spans})


def replay(body: bytes, ids: list[bytes], sender: int, serial: int) -> bytes:
    """The template with new trace ids and its name slot filled with a serial (same lengths)."""
    out = body.replace(SLOT, f"{serial:09d}".encode())
    for old in ids:
        out = out.replace(old, hashlib.blake2b(old + f"{sender}:{serial}".encode(), digest_size=16).digest())
    return out


def _post(client: object, url: str, body: bytes) -> int:
    retries = 0
    while True:
        r = client.post(url, content=body, headers={"Content-Type": PROTOBUF})  # type: ignore[attr-defined]
        if r.status_code == 200:
            return retries
        retries += 1
        time.sleep(float(r.headers.get("Retry-After", "1")) / 10)


def send(url: str, bodies: list[bytes], cheap_runs: int, per_request: int, sender: int, start: float,
         done: multiprocessing.Queue) -> None:
    """One sender: post its bodies (or, with `cheap_runs`, replays of its template) one after another."""
    import httpx

    while time.time() < start:
        time.sleep(0.005)
    retries = 0
    sent = 0
    with httpx.Client(timeout=600) as client:
        if cheap_runs:
            template = cheap_template(per_request, sender)
            ids = trace_ids(template)
            serial = 0
            while sent < cheap_runs:
                retries += _post(client, f"{url}/v1/traces", replay(template, ids, sender, serial))
                serial += 1
                sent += per_request
                done.put(("progress", sender, per_request))
        else:
            for body in bodies:
                retries += _post(client, f"{url}/v1/traces", body)
    done.put(("done", sender, retries))


def family(pid: int) -> list[int]:
    """The process and its live children (the worker processes of `--workers`)."""
    with contextlib.suppress(OSError):
        return [pid] + [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return [pid]


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children, in KB."""
    total = 0
    for p in family(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def cpu_s(pid: int) -> float:
    """CPU seconds (user and system) of a process and its live children (the worker processes)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in family(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / tick


def _wait_ready(url: str, server: subprocess.Popen) -> None:
    import httpx

    for _ in range(600):
        try:
            httpx.get(f"{url}/healthz")
            return
        except httpx.HTTPError:
            if server.poll() is not None:
                raise SystemExit("serve exited at start") from None
            time.sleep(0.1)
    raise SystemExit("serve did not start")


def run(bodies: list[bytes], runs: int, args: argparse.Namespace, db: str) -> dict[str, object]:
    """Start serve, let the senders go, sample RSS until every run is acknowledged and then checked."""
    import httpx

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "veracity.cli.main", "serve", "--db", db, "--port", str(port), "--quiet-period", "0.2",
         *(["--workers", str(args.workers)] if args.workers > 1 else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[tuple[float, int, int]] = []  # (seconds, runs acknowledged, RSS KB)
    try:
        _wait_ready(url, server)
        ctx = multiprocessing.get_context("spawn")
        done: multiprocessing.Queue = ctx.Queue()
        start = time.time() + 2.0
        cheap_each = runs // args.senders if args.cheap else 0
        senders = [ctx.Process(target=send, args=(url, bodies[k :: args.senders], cheap_each, args.per_request, k,
                                                  start, done)) for k in range(args.senders)]
        for p in senders:
            p.start()
        acked = 0 if args.cheap else None
        finished, retries = 0, 0
        while time.time() < start:
            time.sleep(0.001)
        cpu0 = cpu_s(server.pid)
        stop_sampling = threading.Event()

        def sample() -> None:
            while not stop_sampling.is_set():
                if time.time() >= start:
                    samples.append((time.time() - start, acked or 0, rss_kb(server.pid)))
                stop_sampling.wait(args.sample)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        while finished < args.senders:
            kind, _, n = done.get()
            if kind == "progress":
                acked = (acked or 0) + n
            else:
                finished += 1
                retries += n
        acked_s = time.time() - start
        with httpx.Client(timeout=60) as client:
            while client.get(f"{url}/healthz").json()["checked_runs"] < runs:
                time.sleep(0.05)
            health = client.get(f"{url}/healthz").json()
        stored_s = time.time() - start
        cpu = cpu_s(server.pid) - cpu0
        stop_sampling.set()
        sampler.join()
        for p in senders:
            p.join()
    finally:
        server.terminate()
        server.wait(600)
    return {"acked_s": acked_s, "stored_s": stored_s, "cpu_s": cpu, "retries": retries, "samples": samples,
            "health": health}


def _rss_line(samples: list[tuple[float, int, int]]) -> str:
    if not samples:
        return "RSS: no samples"
    first, mid, last = samples[0], samples[len(samples) // 2], samples[-1]
    peak = max(s[2] for s in samples)
    return (f"server RSS: start {first[2] / 1024:,.0f} MB, middle {mid[2] / 1024:,.0f} MB (t={mid[0]:.0f}s), "
            f"end {last[2] / 1024:,.0f} MB (t={last[0]:.0f}s), peak {peak / 1024:,.0f} MB; {len(samples)} samples")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--world", choices=("synthetic", "b"), default="synthetic")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--per-request", type=int, default=50)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cheap", action="store_true", help="replay small runs (long streams: memory)")
    parser.add_argument("--sample", type=float, default=1.0, help="seconds between RSS samples")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.cheap:
        templates = [cheap_template(args.per_request, k) for k in range(args.senders)]
        floor_s = floor(templates, "proto") * args.runs / (args.per_request * args.senders)
        bodies: list[bytes] = []
        runs = args.runs // args.senders // args.per_request * args.per_request * args.senders
        what = f"{runs:,} cheap 4-span runs, replayed"
    else:
        if args.world == "synthetic":
            bodies = make_requests(args.runs, args.per_request)
        else:
            bodies = [r.SerializeToString() for r in world_requests("b", args.runs, args.per_request)]
        runs = len({t for body in bodies for t in trace_ids(body)})
        floor_s = floor(bodies, "proto")
        what = f"{runs:,} runs of world {args.world} in {len(bodies)} requests ({sum(map(len, bodies)) / 1e6:.1f} MB)"
    print(f"{what}, made in {time.perf_counter() - t0:.1f}s; {args.senders} senders, serve --workers {args.workers}")
    with tempfile.TemporaryDirectory() as d:
        r = run(bodies, runs, args, os.path.join(d, "serve.duckdb"))
    floor_rate = runs / floor_s
    acked, stored = runs / r["acked_s"], runs / r["stored_s"]  # type: ignore[operator]
    print(f"acknowledged {acked:,.0f} runs/s, checked and stored {stored:,.0f} runs/s "
          f"({r['retries']} 503 retries; {r['health'].get('whole_traces', 0):,} traces checked as they arrived)")  # type: ignore[index]
    per_cpu = runs / r["cpu_s"]  # type: ignore[operator]
    print(f"server CPU (with its worker processes): {r['cpu_s']:.1f}s, {per_cpu:,.0f} runs per CPU second "
          f"(wall figures above depend on what else the machine runs)")
    print(f"decode-only floor {floor_rate:,.0f} runs/s of CPU; ratio to it: acknowledged {acked / floor_rate:.4f}, "
          f"stored {stored / floor_rate:.4f}, server CPU {per_cpu / floor_rate:.4f}")
    print(_rss_line(r["samples"]))  # type: ignore[arg-type]
    if args.cheap:
        samples = r["samples"]
        for q in range(0, 11):
            s = samples[min(len(samples) - 1, q * (len(samples) - 1) // 10)]  # type: ignore[index]
            print(f"  t={s[0]:7.0f}s  acknowledged {s[1]:>10,} runs  RSS {s[2] / 1024:7,.0f} MB")


if __name__ == "__main__":
    main()
