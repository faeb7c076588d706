"""The pairs check on the reference world: the issue's bars, with type-default thresholds."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.checks.calls import call_pair
from veracity.checks.context import Context
from veracity.model import SEVERITY_RANK
from veracity.pipeline import read_runs
from veracity.workload import generate


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any]]]]:
    out: Path = tmp_path_factory.mktemp("pairs-world")
    generate(1200, out, seed=31, pair_benign=0.18, pair_material=0.12)
    runs, _ = read_runs([str(out / "traces")])
    truth = [orjson.loads(line) for line in (out / "truth.jsonl").read_bytes().splitlines()]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in truth:
        if t.get("pair_key"):
            groups[t["pair_key"]].append(t)
    return {r.run_id: r for r in runs}, [(g[0], g[1]) for g in groups.values() if len(g) == 2]


def test_world_bars(world: tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any]]]]) -> None:
    runs, pairs = world
    tp = fp = fn = benign = benign_flagged = origin_ok = origin_n = 0
    for x, y in pairs:
        a, b = runs[x["run_id"]], runs[y["run_id"]]
        fs = [f for f in call_pair(a, b, Context()) if f.severity in ("critical", "major")]
        actual = x["failure"] == "pair_material" and bool(x["divergent_fields"])
        tp += bool(fs) and actual
        fp += bool(fs) and not actual
        fn += actual and not fs
        if x["failure"] == "pair_benign":
            benign += 1
            benign_flagged += bool(fs)
        if actual and y["divergent_step"]:
            origin_n += 1
            on_b = [f for f in fs if f.run_id == b.run_id]
            if on_b:
                origin_ok += (
                    max(on_b, key=lambda f: SEVERITY_RANK[f.severity]).origin_step == y["divergent_step"]
                )
    assert tp + fn >= 40 and benign >= 60
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.9
    assert benign_flagged / benign <= 0.02
    assert origin_ok / origin_n >= 0.8
