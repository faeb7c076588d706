"""World B: a second enrichment world, written apart from world A (other agents, tools, formats, languages,
output layouts and failure phrasing), emitting real OTLP with truth records of world A's schema.

>>> from veracity.workload.world_b import WorldBConfig, simulate_b
>>> bundle = next(simulate_b(WorldBConfig(runs=1, seed=1)))
>>> bundle.truth["world"]
'b'
"""

from veracity.workload.world_b.agents import AGENTS_B, Agent
from veracity.workload.world_b.world import RATES_B, WorldBConfig, generate_b, simulate_b

__all__ = ["AGENTS_B", "RATES_B", "Agent", "WorldBConfig", "generate_b", "simulate_b"]
