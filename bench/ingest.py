"""Ingestion speed: OTLP protobuf of 20-span runs (2 KB tool results) to stored verdicts.

    .venv/bin/python bench/ingest.py [--runs 4000] [--per-request 50] [--http]

Phases are timed in one process (decode, assemble, check, store), then the same payloads
go through the HTTP receiver (`veracity serve` in its own process) and are timed until
every run is checked and stored. Prints runs/s and spans/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veracity.checks import EvidenceSet
from veracity.config import Config
from veracity.ingest import assemble, decode
from veracity.pipeline import check_batch, learn, load_context
from veracity.store import DuckStore

WORDS = ["acme", "robotics", "revenue", "employees", "founded", "headquarters", "market", "street", "industrial", "platform", "customers"]


def _text(rng: random.Random, size: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(size // 7))[:size]


def make_requests(runs: int, per_request: int, seed: int = 1) -> list[bytes]:
    """OTLP protobuf requests, each holding `per_request` whole runs of 20 spans."""
    rng = random.Random(seed)
    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "bench-enricher"}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("bench")
    requests = []
    for i in range(runs):
        with tracer.start_as_current_span("enrich") as root:
            root.set_attribute("openinference.span.kind", "AGENT")
            root.set_attribute("input.value", json.dumps({"company": f"Company {i}", "domain": f"c{i}.com"}))
            for step in range(19):
                if step % 4 == 3:
                    with tracer.start_as_current_span("llm") as s:
                        s.set_attribute("openinference.span.kind", "LLM")
                        s.set_attribute("llm.model_name", "gpt-4.1")
                        s.set_attribute("llm.token_count.prompt", 900)
                        s.set_attribute("output.value", _text(rng, 300))
                else:
                    with tracer.start_as_current_span(f"tool_{step % 5}") as s:
                        s.set_attribute("openinference.span.kind", "TOOL")
                        s.set_attribute("tool.name", f"tool_{step % 5}")
                        s.set_attribute("input.value", json.dumps({"q": f"c{i}.com", "page": step}))
                        s.set_attribute("output.value", _text(rng, 2048))
                        s.set_attribute("http.response.status_code", 200)
            root.set_attribute("output.value", json.dumps({"legal_name": f"Company {i}", "employee_count": 200 + i,
                                                           "revenue": "$12.5M", "domain": f"c{i}.com"}))
        if (i + 1) % per_request == 0 or i == runs - 1:
            requests.append(encode_spans(exporter.get_finished_spans()).SerializeToString())
            exporter.clear()
    provider.shutdown()
    return requests


def in_process(requests: list[bytes], db: str) -> dict[str, float]:
    config = Config()
    store = DuckStore(db)
    context = load_context(store, config)
    t = {"decode": 0.0, "assemble": 0.0, "check": 0.0, "store": 0.0}
    n_runs = n_spans = 0
    start = time.perf_counter()
    for body in requests:
        t0 = time.perf_counter()
        spans = decode(body, "application/x-protobuf").spans
        t1 = time.perf_counter()
        runs = assemble(spans)
        t2 = time.perf_counter()
        evidence = EvidenceSet(config)
        verdicts = check_batch(runs, evidence, context)
        learn(runs, evidence, context)
        t3 = time.perf_counter()
        store.write_results(runs, verdicts)
        t4 = time.perf_counter()
        t["decode"] += t1 - t0
        t["assemble"] += t2 - t1
        t["check"] += t3 - t2
        t["store"] += t4 - t3
        n_runs += len(runs)
        n_spans += len(spans)
    total = time.perf_counter() - start
    store.close()
    return {"runs": n_runs, "spans": n_spans, "seconds": total, **t}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def over_http(requests: list[bytes], runs: int, db: str) -> dict[str, float]:
    import httpx

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "veracity.cli.main", "serve", "--db", db, "--port", str(port), "--quiet-period", "0.2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(timeout=60) as client:
            for _ in range(200):
                try:
                    client.get(f"{url}/healthz")
                    break
                except httpx.HTTPError:
                    time.sleep(0.05)
            start = time.perf_counter()
            retries = 0
            for body in requests:
                while True:
                    r = client.post(f"{url}/v1/traces", content=body, headers={"Content-Type": "application/x-protobuf"})
                    if r.status_code == 200:
                        break
                    retries += 1
                    time.sleep(float(r.headers.get("Retry-After", "0.1")) / 10)
            acked = time.perf_counter() - start
            while client.get(f"{url}/healthz").json()["checked_runs"] < runs:
                time.sleep(0.02)
            checked = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(60)
    return {"acked_seconds": acked, "checked_seconds": checked, "retries": retries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=4000)
    parser.add_argument("--per-request", type=int, default=50)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    requests = make_requests(args.runs, args.per_request)
    size = sum(map(len, requests))
    print(f"made {args.runs} runs × 20 spans in {len(requests)} requests ({size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - t0:.1f}s")
    with tempfile.TemporaryDirectory() as d:
        r = in_process(requests, os.path.join(d, "bench.duckdb"))
        print(f"in process: {r['runs'] / r['seconds']:,.0f} runs/s, {r['spans'] / r['seconds']:,.0f} spans/s "
              f"({r['runs']} runs in {r['seconds']:.2f}s)")
        for phase in ("decode", "assemble", "check", "store"):
            print(f"  {phase:9s} {r[phase]:.2f}s  {1e6 * r[phase] / r['runs']:.0f} µs/run")
        if not args.no_http:
            h = over_http(requests, args.runs, os.path.join(d, "http.duckdb"))
            print(f"over HTTP: acknowledged {args.runs / h['acked_seconds']:,.0f} runs/s, "
                  f"checked and stored {args.runs / h['checked_seconds']:,.0f} runs/s "
                  f"({20 * args.runs / h['checked_seconds']:,.0f} spans/s; {h['retries']} 503 retries)")


if __name__ == "__main__":
    main()
