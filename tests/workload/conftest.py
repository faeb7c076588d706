"""Shared worlds for the workload tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from veracity.workload import RunBundle, WorldConfig, generate, simulate


@pytest.fixture(scope="session")
def bundles() -> list[RunBundle]:
    return list(simulate(WorldConfig(runs=3000, seed=11)))


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(400, tmp_path_factory.mktemp("world") / "out", seed=5)
