"""``veracity check --json`` prints the same bytes with the native core on and off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.native.conftest import VERACITY


def _run(args: list[str], native: str, cwd: Path | None = None) -> bytes:
    env = {**os.environ, "VERACITY_NATIVE": native}
    env.pop("VERACITY_DB", None)
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return done.stdout


def test_the_switch_selects_the_core() -> None:
    probe = [sys.executable, "-c", "from veracity.values.native import CORE; print(CORE is not None)"]
    assert _run(probe, "1") == b"True\n"
    assert _run(probe, "0") == b"False\n"


def _same(paths: list[str], tmp: Path) -> None:
    args = [str(VERACITY), "check", "--json", *paths]  # (in an empty folder: no store, no settings)
    on, off = _run(args, "1", tmp), _run(args, "0", tmp)
    assert on.count(b"\n") > 10
    assert on == off


def test_world_b(world_dirs: dict[str, Path], tmp_path: Path) -> None:
    _same([str(world_dirs["b"])], tmp_path)


def test_world_c_and_real_dev(real_slices: list[Path], tmp_path: Path) -> None:
    if not real_slices:
        pytest.skip("shared data not present")
    _same([str(p) for p in real_slices], tmp_path)
