"""The reference world: simulated company-enrichment agents that emit real OpenTelemetry traces,
with injected failures and the truth about every run.

>>> from veracity.workload import WorldConfig, simulate
>>> bundle = next(simulate(WorldConfig(runs=1, seed=1)))
>>> len(bundle.run_id)
32
"""

from veracity.workload.agents import AGENTS, AgentSpec
from veracity.workload.config import MODES, CohortChange, Rates, WorldConfig, rates_with
from veracity.workload.emit import encode, to_json_dict, to_json_line, to_protobuf, write_delimited
from veracity.workload.universe import Company, Universe, build_universe
from veracity.workload.world import RunBundle, generate, simulate

__all__ = [
    "AGENTS",
    "MODES",
    "AgentSpec",
    "CohortChange",
    "Company",
    "Rates",
    "RunBundle",
    "Universe",
    "WorldConfig",
    "build_universe",
    "encode",
    "generate",
    "rates_with",
    "simulate",
    "to_json_dict",
    "to_json_line",
    "to_protobuf",
    "write_delimited",
]
