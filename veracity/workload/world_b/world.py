"""World B's simulation: draw each run's failure, run the agent, emit its trace as OTLP, keep its truth."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanLimits, TracerProvider

from veracity.workload.config import MODES, PAIR_MODES, Rates
from veracity.workload.emit import Collector, encode, to_json_line
from veracity.workload.world import RunBundle, SeededIds
from veracity.workload.world_b import contacts
from veracity.workload.world_b import scenario as scen
from veracity.workload.world_b.agents import AGENTS_B, Agent
from veracity.workload.world_b.firms import Firm, build_firms
from veracity.workload.world_b.runner import execute
from veracity.workload.world_b.spans import SpanWriter
from veracity.workload.world_b.truth import record

#: World B's own mix: about half of the runs carry a failure (world A's default is about a third).
RATES_B = Rates(blend=0.06, wrong_entity=0.05, inferred_missing=0.06, contradiction=0.05, silent_tool_failure=0.05,
                retry_ok=0.05, retry_garbage=0.03, text_error=0.05, pair_benign=0.06, pair_material=0.04,
                duplicate=0.03, honest_unknown=0.15, reported_error=0.05)
START_NS = 1_780_000_000 * 1_000_000_000


@dataclass(frozen=True)
class WorldBConfig:
    runs: int = 1000
    seed: int = 7
    rates: Rates = field(default_factory=lambda: RATES_B)
    groups: int = 400
    period_s: int = 14 * 24 * 3600
    contacts: float = 0.0  # share of runs by the contact agent (`contacts`); 0: company runs only


class _WorldB:
    def __init__(self, cfg: WorldBConfig) -> None:
        self.cfg = cfg
        self.firms = build_firms(cfg.seed, cfg.groups)
        self.rng = random.Random(f"world-b:{cfg.seed}")
        self.ids = SeededIds(random.Random(f"world-b-ids:{cfg.seed}"))
        self.collector = Collector()
        self.writers: dict[str, SpanWriter] = {}
        self.contact_rng = random.Random(f"world-b-contacts:{cfg.seed}")

    def writer(self, agent: Agent) -> SpanWriter:
        return self._writer(agent.name, agent.service, agent.version, agent.convention)

    def _writer(self, name: str, service: str, version: str, convention: str) -> SpanWriter:
        if name not in self.writers:
            p = TracerProvider(resource=Resource({"service.name": service, "service.version": version,
                                                  "deployment.environment.name": "prod"}),
                               id_generator=self.ids, shutdown_on_exit=False,
                               span_limits=SpanLimits(max_span_attributes=1024, max_attributes=1024))
            p.add_span_processor(self.collector)
            self.writers[name] = SpanWriter(p.get_tracer(service, version), convention)
        return self.writers[name]

    def contact(self, t: int) -> tuple[ExportTraceServiceRequest, dict[str, Any]]:
        """One run of the contact agent on a person at a random firm."""
        rng = random.Random(self.contact_rng.getrandbits(64))
        firm = rng.choice(self.firms.firms)
        mode = contacts.draw(rng)
        sc = contacts.build(mode, firm, self.firms.lookalikes(firm), rng, self.cfg.rates.honest_unknown)
        extra: dict[str, str | int | float | bool] = {"veracity.reported_status": "success",
                                                      "session.id": f"s-{rng.getrandbits(40):010x}"}
        w = self._writer(contacts.AGENT, contacts.SERVICE, contacts.VERSION, contacts.CONVENTION)
        truth = contacts.execute(sc, w, rng, t, extra)
        return encode(self.collector.drain()), truth

    def one(self, agent: Agent, sc: scen.Scenario, t: int, failure: str, pair_key: str | None = None,
            alt: bool = False) -> tuple[ExportTraceServiceRequest, dict[str, Any]]:
        rng = random.Random(self.rng.getrandbits(64))
        extra: dict[str, str | int | float | bool] = {
            "veracity.reported_status": "error" if rng.random() < self.cfg.rates.reported_error else "success",
            "session.id": f"{'shadow' if alt else 's'}-{rng.getrandbits(40):010x}",
            "user.id": f"svc-shadow-{rng.randrange(50)}" if alt else f"acct-{rng.randrange(9000):04d}"}
        if pair_key:
            extra["veracity.pair_key"] = pair_key
        out = execute(agent, sc, self.writer(agent), rng, t, self.firms.lookalikes(sc.target), extra, alt)
        cohort = {"agent": agent.name, "agent_version": agent.version, "model": agent.model,
                  "prompt_version": agent.prompt}
        return encode(self.collector.drain()), record(agent, sc, out, failure, pair_key, cohort)

    def draw(self) -> str:
        r = self.cfg.rates.as_dict()
        weights = {m: (r[m] / 2 if m in PAIR_MODES else r[m]) for m in MODES}
        weights["clean"] = max(0.0, 1 - sum(r.values()) - r["duplicate"])
        x = self.rng.random() * sum(weights.values())
        for m, wt in weights.items():
            x -= wt
            if x < 0:
                return m
        return "clean"

    def events(self) -> Iterator[tuple[ExportTraceServiceRequest, dict[str, Any]]]:
        cfg, rng = self.cfg, self.rng
        agents = [AGENTS_B[k] for k in sorted(AGENTS_B)]
        step = cfg.period_s * 1e9 / max(cfg.runs, 1)
        n = 0
        while n < cfg.runs:
            t = START_NS + int((n + rng.random()) * step)
            if cfg.contacts and self.contact_rng.random() < cfg.contacts:
                yield self.contact(t)
                n += 1
                continue
            agent, mode = rng.choice(agents), self.draw()
            if (mode in PAIR_MODES or mode == "duplicate") and n + 2 > cfg.runs:
                mode = "clean"
            target: Firm = rng.choice(self.firms.firms)
            hu = cfg.rates.honest_unknown
            if mode in PAIR_MODES:
                key = f"pair-{rng.getrandbits(56):014x}"
                sc = scen.build(self.firms, agent, target, "clean", rng, hu)
                first = self.one(agent, sc, t, mode, key)
                sc2 = replace(scen.material_variant(self.firms, agent, sc, rng), mode=mode) \
                    if mode == "pair_material" else sc
                second = self.one(agent, sc2, t + int(rng.uniform(2, 120) * 1e9), mode, key, alt=True)
                if mode == "pair_material":
                    for x in (first[1], second[1]):
                        x["divergent_fields"], x["divergent_step"] = list(second[1]["wrong_fields"]), second[1]["origin_step"]
                yield first
                yield second
                n += 2
            elif mode == "duplicate":
                first = self.one(agent, scen.build(self.firms, agent, target, "clean", rng, 0.0), t, "clean")
                other = rng.choice(self.firms.lookalikes(target))
                sc = scen.build(self.firms, agent, other, "duplicate", rng, 0.0, source=target)
                second = self.one(agent, sc, t + int(rng.uniform(10, 900) * 1e9), "duplicate")
                second[1]["duplicate_of"] = [first[1]["run_id"]]
                yield first
                yield second
                n += 2
            else:
                yield self.one(agent, scen.build(self.firms, agent, target, mode, rng, hu), t, mode)
                n += 1


def simulate_b(config: WorldBConfig) -> Iterator[RunBundle]:
    """Every run of world B in simulated-time order, with its truth."""
    for req, truth in _WorldB(config).events():
        yield RunBundle(req, truth)


def generate_b(runs: int, out: Path, seed: int = 7, files: int = 2, contacts: float = 0.0) -> Path:
    """Write `out/traces/part-NNN.jsonl` (OTLP JSON lines) and `out/truth.jsonl`, as world A's `generate` does
    (`contacts`: the share of runs by the contact agent)."""
    out = Path(out)
    traces = out / "traces"
    traces.mkdir(parents=True, exist_ok=True)
    for old in traces.glob("part-*.jsonl"):
        old.unlink()
    per = max(1, -(-runs // files))
    handles = [open(traces / f"part-{i:03d}.jsonl", "wb") for i in range(files)]  # noqa: SIM115
    try:
        with open(out / "truth.jsonl", "wb") as truth:
            for i, b in enumerate(simulate_b(WorldBConfig(runs=runs, seed=seed, contacts=contacts))):
                handles[min(i // per, files - 1)].write(to_json_line(b.request))
                truth.write(orjson.dumps(b.truth) + b"\n")
    finally:
        for h in handles:
            h.close()
    return out
