"""Span assembly on hostile parent graphs: long chains of agent spans and parent cycles.

    .venv/bin/python bench/assemble.py [--spans 20000]

Prints seconds per shape. Assembly is linear in the number of spans, so doubling
`--spans` should about double each figure (before the fix a 20k chain took > 25 s).
"""

from __future__ import annotations

import argparse
import time

from veracity.ingest import Span, assemble

TRACE = "cd" * 16


def _span(i: int, parent: int | None, agent: bool) -> Span:
    kind = "AGENT" if agent else "TOOL"
    return Span(TRACE, f"{i:016x}", None if parent is None else f"{parent:016x}", f"s{i}", 1_000 + i, 10**9,
                {"openinference.span.kind": kind, "input.value": f"q{i}"}, {})


def shapes(n: int) -> dict[str, list[Span]]:
    return {
        "chain of tools under one agent": [_span(0, None, True)] + [_span(i, i - 1, False) for i in range(1, n)],
        "chain of agents": [_span(0, None, True)] + [_span(i, i - 1, True) for i in range(1, n)],
        "agents under a long non-agent chain": [_span(0, None, False)]
        + [_span(i, i - 1, i > n // 2) for i in range(1, n)],
        "agent leaves under a long non-agent chain": [_span(0, None, False)]
        + [_span(i, i - 1, False) for i in range(1, n // 2)]
        + [_span(i, n // 2 - 1, True) for i in range(n // 2, n)],
        "one ring of n spans": [_span(i, (i + 1) % n, i % 7 == 0) for i in range(n)],
        "n self-parents": [_span(i, i, True) for i in range(n)],
        "siblings under orphaned agent roots": [_span(i, None if i % 2 else 10**9 + i, True) for i in range(n)],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spans", type=int, default=20_000)
    args = parser.parse_args()
    for name, spans in shapes(args.spans).items():
        t = time.perf_counter()
        runs = assemble(spans)
        print(f"{name:40s} {args.spans:>7} spans  {time.perf_counter() - t:7.2f} s  {len(runs)} runs")


if __name__ == "__main__":
    main()
