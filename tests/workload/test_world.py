"""Determinism, failure rates, cohorts and the config surface of the reference world."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

import veracity.workload as wl
from veracity.workload import MODES, CohortChange, Rates, RunBundle, WorldConfig, generate, simulate
from veracity.workload.emit import to_json_line


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(120, tmp_path / "a", seed=3)
    b = generate(120, tmp_path / "b", seed=3)
    files = sorted(p.relative_to(a) for p in a.rglob("*.jsonl"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.jsonl"))
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes()
    c = generate(120, tmp_path / "c", seed=4)
    assert (c / "truth.jsonl").read_bytes() != (a / "truth.jsonl").read_bytes()


def test_simulate_is_deterministic_in_process() -> None:
    one = [to_json_line(b.request) for b in simulate(WorldConfig(runs=40, seed=9))]
    two = [to_json_line(b.request) for b in simulate(WorldConfig(runs=40, seed=9))]
    assert one == two


def test_each_mode_at_its_rate(bundles: list[RunBundle]) -> None:
    n = len(bundles)
    assert n == 3000
    counts = Counter(b.truth["failure"] for b in bundles)
    rates = Rates().as_dict()
    for mode in MODES:
        p = rates[mode]
        if mode == "inferred_missing":
            continue  # raised for one cohort; checked below
        sd = math.sqrt(n * p * (1 - p)) * (1.5 if mode.startswith("pair") or mode == "duplicate" else 1)
        assert abs(counts[mode] - n * p) < 4 * sd + 2, (mode, counts[mode], n * p)
    assert counts["clean"] > n * 0.5


def test_cohort_change_raises_its_rate() -> None:
    cfg = WorldConfig(runs=4000, seed=21, agents=("company-enricher", "firmo-agent"),
                      cohort_change=CohortChange(agent="company-enricher", at_fraction=0.5, model="gpt-4.1-mini",
                                                 mode="inferred_missing", delta=0.08))
    by: Counter[tuple[str, bool]] = Counter()
    total: Counter[str] = Counter()
    for b in simulate(cfg):
        c = b.truth["cohort"]
        if c["agent"] != "company-enricher" or b.truth["failure"] in ("pair_benign", "pair_material", "duplicate"):
            continue
        total[c["model"]] += 1
        by[(c["model"], b.truth["failure"] == "inferred_missing")] += 1
    before = by[("gpt-4.1", True)] / total["gpt-4.1"]
    after = by[("gpt-4.1-mini", True)] / total["gpt-4.1-mini"]
    assert total["gpt-4.1"] > 500 and total["gpt-4.1-mini"] > 500
    assert after - before > 0.04, (before, after)


def test_rates_can_be_set_and_unknown_rates_fail(tmp_path: Path) -> None:
    out = generate(60, tmp_path / "w", seed=2, blend=0.5, pair_benign=0.0, pair_material=0.0, duplicate=0.0)
    lines = (out / "truth.jsonl").read_text().splitlines()
    assert sum('"failure":"blend"' in ln for ln in lines) > 15
    with pytest.raises(ValueError):
        generate(5, tmp_path / "x", nonsense=0.1)
    with pytest.raises(ValueError):
        WorldConfig(rates=Rates(blend=0.99))


def test_truth_has_the_contract_keys(bundles: list[RunBundle]) -> None:
    keys = {"run_id", "failure", "wrong_fields", "wrong_quotes", "origin_step", "pair_key", "divergent_fields",
            "duplicate_of", "cohort", "entity", "blend_entity", "failed_steps", "attempts", "convention",
            "missing_fields"}
    for b in bundles[:100]:
        assert keys <= set(b.truth)
        assert set(b.truth["cohort"]) == {"agent", "agent_version", "model", "prompt_version"}
        assert b.truth["failure"] in (*MODES, "clean")


def test_wrong_runs_have_an_origin(bundles: list[RunBundle]) -> None:
    for b in bundles:
        t = b.truth
        if t["wrong_fields"]:
            assert t["origin_step"] is not None, t["failure"]
        if t["failure"] in ("blend", "wrong_entity", "inferred_missing", "contradiction", "silent_tool_failure",
                            "retry_garbage", "text_error", "duplicate"):
            assert t["wrong_fields"], (t["failure"], t["run_id"])


def test_public_api_is_listed() -> None:
    for name in wl.__all__:
        assert hasattr(wl, name)
    assert {"WorldConfig", "simulate", "generate", "RunBundle"} <= set(wl.__all__)


def test_agents_report_success_almost_always_right_or_wrong() -> None:
    """The seed's dashboards: ~96% self-reported success, whatever the truth."""
    import tempfile
    from pathlib import Path

    from veracity.pipeline import read_runs
    from veracity.workload import generate

    with tempfile.TemporaryDirectory() as d:
        generate(600, Path(d), seed=12)
        runs, _ = read_runs([str(Path(d) / "traces")])
    share = sum(r.reported_status == "success" for r in runs) / len(runs)
    assert 0.93 <= share <= 0.99
