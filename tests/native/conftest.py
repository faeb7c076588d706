"""Source texts for the differential tests: tool results of real and generated traces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from veracity.pipeline import read_runs
from veracity.values.lexicon import LANGUAGES, for_language

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
REAL = [SHARED / "world-c" / "traces.jsonl", *sorted((SHARED / "real-dev").glob("*/traces.jsonl"))]
VERACITY = Path(sys.executable).with_name("veracity")


def _head(path: Path, lines: int, out: Path) -> Path:
    with path.open() as f:
        out.write_text("".join(line for _, line in zip(range(lines), f, strict=False)))
    return out


def texts_of(paths: list[str]) -> list[str]:
    """Every source text and output text of the runs in these trace files."""
    runs, _ = read_runs(paths)
    out: list[str] = []
    for run in runs:
        out.extend(s.content for s in run.sources)
        out.extend(str(v) for v in (run.output, run.input) if v)
    return out


@pytest.fixture(scope="session")
def world_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small generated worlds A and B (their traces folders)."""
    base = tmp_path_factory.mktemp("worlds")
    out = {}
    for world in ("a", "b"):
        dest = base / world
        subprocess.run(
            [str(VERACITY), "workload", "generate", "--world", world, "--runs", "80", "--out", str(dest)],
            check=True,
            capture_output=True,
        )
        out[world] = dest / "traces"
    return out


@pytest.fixture(scope="session")
def real_slices(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The first traces of world C and of each real-dev set (those present)."""
    base = tmp_path_factory.mktemp("real")
    return [_head(p, 120, base / f"{p.parent.name}.jsonl") for p in REAL if p.exists()]


def lexicon_texts() -> dict[str, str]:
    """One text per language: every word of its lexicon, in running text with punctuation."""
    out = {}
    for code in LANGUAGES:
        lex = for_language(code)
        words: list[str] = []
        for value in vars(lex).values():
            if isinstance(value, frozenset | tuple):
                words.extend(w for w in value if isinstance(w, str))
            elif isinstance(value, dict):
                words.extend(k for k in value if isinstance(k, str))
        out[code] = ", ".join(sorted(words)) + ". L'été d’Ørsted: 3,5 Mio. € — 12. März 2024."
    return out
