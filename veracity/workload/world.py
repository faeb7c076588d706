"""The simulation: schedule runs over simulated time, inject failures, emit traces with their truth."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanLimits, TracerProvider
from opentelemetry.sdk.trace.id_generator import IdGenerator

from veracity.workload import scenario as scen
from veracity.workload.agents import AGENTS, AgentSpec
from veracity.workload.config import MODES, PAIR_MODES, Rates, WorldConfig, rates_with
from veracity.workload.emit import Collector, encode, to_json_line
from veracity.workload.run import Cohort, Outcome, execute
from veracity.workload.scenario import Scenario
from veracity.workload.spans import Writer
from veracity.workload.truth import record
from veracity.workload.universe import Company, Universe, build_universe


@dataclass(frozen=True)
class RunBundle:
    """One run: its OTLP request (one trace) and its truth record."""

    request: ExportTraceServiceRequest
    truth: dict[str, Any]

    @property
    def run_id(self) -> str:
        return str(self.truth["run_id"])


class SeededIds(IdGenerator):
    """Trace and span ids from a seeded generator, so the same seed gives the same ids."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def generate_span_id(self) -> int:
        return self.rng.getrandbits(64) or 1

    def generate_trace_id(self) -> int:
        return self.rng.getrandbits(128) or 1


class _Tracers:
    def __init__(self, ids: SeededIds) -> None:
        self.ids = ids
        self.collector = Collector()
        self.providers: dict[tuple[str, str], TracerProvider] = {}

    def writer(self, spec: AgentSpec, version: str) -> Writer:
        key = (spec.service, version)
        if key not in self.providers:
            resource = Resource({"service.name": spec.service, "service.version": version,
                                 "deployment.environment.name": "production", "telemetry.sdk.language": "python",
                                 "telemetry.sdk.name": "opentelemetry"})
            p = TracerProvider(resource=resource, id_generator=self.ids, shutdown_on_exit=False,
                               span_limits=SpanLimits(max_span_attributes=1024, max_attributes=1024))
            p.add_span_processor(self.collector)
            self.providers[key] = p
        tracer = self.providers[key].get_tracer(f"{spec.service}.agent", version)
        return Writer(tracer, spec.convention)


def _cohort(cfg: WorldConfig, spec: AgentSpec, t: int) -> tuple[Cohort, Rates]:
    c = Cohort(spec.name, spec.version, spec.model, spec.prompt_version)
    ch = cfg.cohort_change
    if ch is None or ch.agent != spec.name or t < cfg.start_ns + int(ch.at_fraction * cfg.period_s * 1e9):
        return c, cfg.rates
    c = Cohort(spec.name, ch.agent_version or c.agent_version, ch.model or c.model, ch.prompt_version or c.prompt_version)
    return c, rates_with(cfg.rates, **{ch.mode: getattr(cfg.rates, ch.mode) + ch.delta})


def _draw(rates: Rates, rng: random.Random) -> str:
    """An event: single modes by their rate, pairs at half (two records each), duplicates add a clean record."""
    r = rates.as_dict()
    weights = {m: (r[m] / 2 if m in PAIR_MODES else r[m]) for m in MODES}
    weights["clean"] = max(0.0, 1 - sum(r.values()) - r["duplicate"])
    x = rng.random() * sum(weights.values())
    for m, wt in weights.items():
        x -= wt
        if x < 0:
            return m
    return "clean"


class _World:
    def __init__(self, cfg: WorldConfig) -> None:
        self.cfg = cfg
        self.u: Universe = build_universe(cfg.seed, cfg.companies)
        self.rng = random.Random(f"world:{cfg.seed}")
        self.tracers = _Tracers(SeededIds(random.Random(f"ids:{cfg.seed}")))
        self.status_rng = random.Random(f"status:{cfg.seed}")  # its own stream: other draws stay as they were
        self.specs = [AGENTS[a] for a in cfg.agents]
        wrapping = sum(1 for s in self.specs if s.wrap_names) / len(self.specs)
        self.wrap_p = min(1.0, cfg.wrapped_root / wrapping) if wrapping else 0.0

    def _one(self, spec: AgentSpec, sc: Scenario, t: int, failure: str, pair_key: str | None, alt: bool = False,
             shadow: bool = False) -> tuple[ExportTraceServiceRequest, dict[str, Any], Outcome]:
        cohort, _ = _cohort(self.cfg, spec, t)
        rng = random.Random(self.rng.getrandbits(64))
        # Agents call themselves done almost always, right or wrong: the seed's 96% "success".
        said = "error" if self.status_rng.random() < self.cfg.rates.reported_error else "success"
        extra: dict[str, str | int | float | bool] = {"veracity.reported_status": said,
                                                      "veracity.prompt_version": cohort.prompt_version}
        if pair_key:
            extra["veracity.pair_key"] = pair_key
        wrap = rng.choice(spec.wrap_names) if spec.wrap_names and rng.random() < self.wrap_p else None
        session = f"{'shadow' if shadow else 'sess'}-{rng.getrandbits(48):012x}"
        user = f"svc-shadow-{rng.randrange(100)}" if shadow else f"user-{rng.randrange(5000):04d}"
        out = execute(spec, sc, self.tracers.writer(spec, cohort.agent_version), cohort, t, rng, session, user,
                      extra, wrap, alt)
        req = encode(self.tracers.collector.drain())
        return req, record(spec, sc, out, cohort, failure, pair_key), out

    def _target(self, mode: str) -> Company:
        while True:
            c = self.rng.choice(self.u.companies)
            if mode != "duplicate" or c.revenue is not None:
                return c

    def events(self) -> Iterator[tuple[ExportTraceServiceRequest, dict[str, Any]]]:
        cfg, rng = self.cfg, self.rng
        step = cfg.period_s * 1e9 / max(cfg.runs, 1)
        n = 0
        while n < cfg.runs:
            t = cfg.start_ns + int((n + rng.random()) * step)
            spec = rng.choice(self.specs)
            _, rates = _cohort(cfg, spec, t)
            mode = _draw(rates, rng)
            if (mode in PAIR_MODES or mode == "duplicate") and n + 2 > cfg.runs:
                mode = "clean"
            target = self._target(mode)
            if mode in PAIR_MODES:
                key = f"pk-{rng.getrandbits(64):016x}"
                sc = scen.build(self.u, spec, target, mode, rng, cfg.rates.honest_unknown)
                a_req, a, _ = self._one(spec, replace(sc, mode="clean"), t, mode, key)
                sc_b = scen.material_variant(self.u, sc, rng) if mode == "pair_material" else sc
                b_req, b, _ = self._one(spec, sc_b, t + int(rng.uniform(1, 90) * 1e9), mode, key, alt=True, shadow=True)
                if mode == "pair_material":
                    for x in (a, b):
                        x["divergent_fields"] = list(b["wrong_fields"])
                        x["divergent_step"] = b["origin_step"]
                yield a_req, a
                yield b_req, b
                n += 2
            elif mode == "duplicate":
                sc_a = scen.build(self.u, spec, target, "clean", rng, 0.0)
                a_req, a, _ = self._one(spec, sc_a, t, "clean", None)
                other = rng.choice(self.u.neighbours(target))
                sc_b = scen.build(self.u, spec, other, "duplicate", rng, 0.0, pick=target)
                b_req, b, _ = self._one(spec, sc_b, t + int(rng.uniform(5, 600) * 1e9), "duplicate", None)
                b["duplicate_of"] = [a["run_id"]]
                yield a_req, a
                yield b_req, b
                n += 2
            else:
                sc = scen.build(self.u, spec, target, mode, rng, cfg.rates.honest_unknown)
                req, tr, _ = self._one(spec, sc, t, mode, None)
                yield req, tr
                n += 1


def simulate(config: WorldConfig) -> Iterator[RunBundle]:
    """Every run of the reference world, in simulated-time order of their events, with their truth."""
    for req, truth in _World(config).events():
        yield RunBundle(req, truth)


def generate(runs: int, out: Path, seed: int = 7, files: int | None = None, **rates: float) -> Path:
    """Write `out/traces/part-NNN.jsonl` (OTLP JSON lines, one trace a line) and `out/truth.jsonl`."""
    base = WorldConfig()
    cfg = WorldConfig(runs=runs, seed=seed, rates=rates_with(base.rates, **rates))
    out = Path(out)
    traces = out / "traces"
    traces.mkdir(parents=True, exist_ok=True)
    for old in traces.glob("part-*.jsonl"):
        old.unlink()
    nfiles = files or max(1, min(8, (runs + 4999) // 5000 + 2))
    per = max(1, -(-runs // nfiles))
    handles = [open(traces / f"part-{i:03d}.jsonl", "wb") for i in range(nfiles)]  # noqa: SIM115
    try:
        with open(out / "truth.jsonl", "wb") as truth:
            for i, b in enumerate(simulate(cfg)):
                handles[min(i // per, nfiles - 1)].write(to_json_line(b.request))
                truth.write(orjson.dumps(b.truth) + b"\n")
    finally:
        for h in handles:
            h.close()
    return out
