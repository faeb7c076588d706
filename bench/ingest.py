"""Ingestion speed: OTLP of whole agent runs to stored verdicts, stage by stage, against a floor.

    .venv/bin/python bench/ingest.py [--world synthetic|a|b] [--format proto|json] [--runs 3000]
                                     [--per-request 50] [--no-http]

Inputs: `synthetic` (20-span runs with 2 KB tool results, made with the OpenTelemetry SDK) or
the reference worlds `a` / `b` (`veracity workload generate --world …`), sent as OTLP protobuf
or OTLP JSON, `--per-request` runs a request. Every stage is timed in one process in CPU
seconds (decode, assemble, evidence, checks and learning, store), and so is the decode-only
floor on the same bodies (parse the payload and walk every span's attributes, nothing kept):
on a shared machine the ratio of the two is the figure that holds, wall-clock runs/s is
printed beside it. Then, unless `--no-http`, the same requests go through `veracity serve`
in its own process until every run is checked and stored.
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

import orjson
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
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


def world_requests(world: str, runs: int, per_request: int, seed: int = 7) -> list[ExportTraceServiceRequest]:
    """A reference world's runs (`a` or `b`), `per_request` whole runs a request."""
    if world == "b":
        from veracity.workload.world_b.world import WorldBConfig, simulate_b

        made = [b.request for b in simulate_b(WorldBConfig(runs=runs, seed=seed))]
    else:
        from veracity.workload.config import WorldConfig
        from veracity.workload.world import simulate

        made = [b.request for b in simulate(WorldConfig(runs=runs, seed=seed))]
    out = []
    for i in range(0, len(made), per_request):
        req = ExportTraceServiceRequest()
        for r in made[i : i + per_request]:
            req.resource_spans.extend(r.resource_spans)
        out.append(req)
    return out


def as_bodies(requests: list[ExportTraceServiceRequest], fmt: str) -> list[bytes]:
    if fmt == "json":
        from veracity.workload.emit import to_json_line

        return [to_json_line(r) for r in requests]
    return [r.SerializeToString() for r in requests]


def _walk_json(body: bytes) -> int:
    n = 0
    for rs in orjson.loads(body)["resourceSpans"]:
        for ss in rs["scopeSpans"]:
            for span in ss["spans"]:
                n += len(span.get("attributes", ())) + len(span["traceId"]) + len(span["spanId"])
    return n


def _walk_proto(body: bytes) -> int:
    n = 0
    for rs in ExportTraceServiceRequest.FromString(body).resource_spans:
        for ss in rs.scope_spans:
            for span in ss.spans:
                n += len(span.trace_id) + len(span.span_id)
                for kv in span.attributes:
                    n += len(kv.key) + len(kv.value.string_value)
    return n


def floor(bodies: list[bytes], fmt: str) -> float:
    """CPU seconds to parse every body and walk every span's attributes (the decode-only floor)."""
    walk = _walk_json if fmt == "json" else _walk_proto
    t0 = time.process_time()
    for body in bodies:
        walk(body)
    return time.process_time() - t0


STAGES = ("decode", "assemble", "evidence", "checks", "store")


def in_process(bodies: list[bytes], db: str, content_type: str) -> dict[str, float]:
    """Every stage of `veracity ingest` over the bodies, in CPU seconds, plus the wall time."""
    config = Config()
    store = DuckStore(db)
    context = load_context(store, config)
    t = dict.fromkeys(STAGES, 0.0)
    n_runs = n_spans = 0
    start = time.perf_counter()
    for body in bodies:
        t0 = time.process_time()
        spans = decode(body, content_type).spans
        t1 = time.process_time()
        runs = assemble(spans)
        t2 = time.process_time()
        evidence = EvidenceSet(config, runs)
        t3 = time.process_time()
        verdicts = check_batch(runs, evidence, context)
        learn(runs, evidence, context)
        t4 = time.process_time()
        store.write_results(runs, verdicts)
        t5 = time.process_time()
        for name, took in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            t[name] += took
        n_runs += len(runs)
        n_spans += len(spans)
    wall = time.perf_counter() - start
    store.close()
    return {"runs": n_runs, "spans": n_spans, "wall": wall, "cpu": sum(t.values()),
            "bytes": os.path.getsize(db), **t}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def over_http(requests: list[bytes], runs: int, db: str, content_type: str) -> dict[str, float]:
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
                    r = client.post(f"{url}/v1/traces", content=body, headers={"Content-Type": content_type})
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


def report(r: dict[str, float], floor_s: float) -> None:
    runs = r["runs"]
    print(f"in process: {runs / r['cpu']:,.0f} runs/s of CPU ({runs / r['wall']:,.0f} runs/s wall), "
          f"{r['spans'] / r['cpu']:,.0f} spans/s; {runs} runs, {r['spans']} spans")
    print(f"  {'stage':9s} {'CPU s':>7s} {'µs/run':>8s}")
    for stage in STAGES:
        print(f"  {stage:9s} {r[stage]:7.2f} {1e6 * r[stage] / runs:8,.0f}")
    print(f"  {'floor':9s} {floor_s:7.2f} {1e6 * floor_s / runs:8,.0f}   (parse and walk only)")
    print(f"ratio to the decode-only floor: {floor_s / r['cpu']:.3f} (floor {runs / floor_s:,.0f} runs/s of CPU)")
    print(f"store: {r['bytes'] / runs / 1e3:.1f} KB a run on disk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--world", choices=("synthetic", "a", "b"), default="synthetic")
    parser.add_argument("--format", choices=("proto", "json"), default="proto")
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--per-request", type=int, default=50)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.world == "synthetic":
        requests = [ExportTraceServiceRequest.FromString(b) for b in make_requests(args.runs, args.per_request)]
    else:
        requests = world_requests(args.world, args.runs, args.per_request)
    bodies = as_bodies(requests, args.format)
    content_type = "application/json" if args.format == "json" else "application/x-protobuf"
    print(f"made {args.runs} runs of world {args.world} as OTLP {args.format} in {len(bodies)} requests "
          f"({sum(map(len, bodies)) / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f}s")
    with tempfile.TemporaryDirectory() as d:
        floor_s = floor(bodies, args.format)
        r = in_process(bodies, os.path.join(d, "bench.duckdb"), content_type)
        report(r, floor_s)
        if not args.no_http:
            h = over_http(bodies, r["runs"], os.path.join(d, "http.duckdb"), content_type)
            print(f"over HTTP: acknowledged {r['runs'] / h['acked_seconds']:,.0f} runs/s, "
                  f"checked and stored {r['runs'] / h['checked_seconds']:,.0f} runs/s "
                  f"({r['spans'] / h['checked_seconds']:,.0f} spans/s; {h['retries']} 503 retries)")


if __name__ == "__main__":
    main()
