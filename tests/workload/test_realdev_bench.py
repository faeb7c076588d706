"""The scoring helpers of bench/realdev.py: weighted P/R/F1, the word-overlap baseline, the Who&When baselines."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realdev", ROOT / "bench" / "realdev.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


rd = _load()


def test_prf_weighted_to_another_prevalence() -> None:
    pred = [True, True, False, True, False]
    actual = [True, True, True, False, False]
    assert rd.prf(pred, actual) == {"precision": 0.667, "recall": 0.667, "f1": 0.667}
    # 60% positive here; reweighted to 15%: each positive weighs 0.15/0.6, each negative 0.85/0.4
    w = rd.prf(pred, actual, 0.15 / 0.6, 0.85 / 0.4)
    assert w["recall"] == 0.667
    assert w["precision"] == pytest.approx(0.5 / (0.5 + 0.85 / 0.4), abs=1e-3)


def test_always_contradictory_at_fifteen_percent() -> None:
    actual = [True] * 8 + [False] * 2
    r = rd.prf([True] * 10, actual, 0.15 / 0.8, 0.85 / 0.2)
    assert r["precision"] == pytest.approx(0.15, abs=1e-3) and r["recall"] == 1.0


def test_word_overlap_rule_picks_its_best_threshold() -> None:
    assert rd.jaccard("The league had ten teams", "the league had eight teams") == pytest.approx(4 / 6)
    overlaps = [0.2, 0.3, 0.9, 0.95]
    actual = [True, True, False, False]
    best = rd.best_overlap_rule(overlaps, actual, 1.0, 1.0)
    assert best["f1"] == 1.0 and 0.3 < best["threshold"] <= 0.9


def test_whowhen_baselines() -> None:
    t = {"step_span_ids": ["q", "p1", "p2", "w1", "p3"],
         "step_agents": ["human", "Orchestrator (thought)", "Orchestrator (-> WebSurfer)", "WebSurfer", "Orchestrator"]}
    assert rd.first_agent_step(t) == "p1"
    assert rd.first_delegate_step(t) == "w1"
    assert rd.first_delegate_step({"step_span_ids": ["q", "a"], "step_agents": ["human", "A"]}) is None
