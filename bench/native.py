"""`veracity check` with the native evidence core and without it, on the same input in one run.

    .venv/bin/python bench/native.py [--world b] [--runs 3000] [--repeat 1] [PATHS...]

Generates the world's runs (unless trace paths are given), then times `veracity check --json`
as a user runs it (a fresh process, start-up included) with VERACITY_NATIVE=1 and =0, the two
modes alternated `--repeat` times, and prints runs/s of each, their ratio, and whether both
printed the same bytes. On a shared machine the ratio is the figure to read.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VERACITY = Path(sys.executable).with_name("veracity")


def _check(paths: list[str], native: str, cwd: str) -> tuple[float, int, str]:
    env = {**os.environ, "VERACITY_NATIVE": native}
    env.pop("VERACITY_DB", None)
    t0 = time.perf_counter()
    done = subprocess.run([str(VERACITY), "check", "--json", *paths], env=env, cwd=cwd, capture_output=True)
    took = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"veracity check failed (VERACITY_NATIVE={native}): {done.stderr.decode()[-1000:]}")
    return took, done.stdout.count(b"\n"), hashlib.sha256(done.stdout).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="trace files or folders (default: a generated world)")
    ap.add_argument("--world", default="b", choices=["a", "b"])
    ap.add_argument("--runs", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.paths
        if not paths:
            out = Path(tmp) / "world"
            subprocess.run(
                [str(VERACITY), "workload", "generate", "--world", args.world, "--runs", str(args.runs),
                 "--out", str(out)],
                check=True, capture_output=True,
            )
            paths = [str(out / "traces")]
        paths = [str(Path(p).resolve()) for p in paths]
        secs = {"1": 0.0, "0": 0.0}
        digests: dict[str, set[str]] = {"1": set(), "0": set()}
        runs = 0
        for _ in range(args.repeat):
            for mode in ("1", "0"):
                took, runs, digest = _check(paths, mode, tmp)
                secs[mode] += took
                digests[mode].add(digest)
        rate = {m: runs * args.repeat / s for m, s in secs.items()}
        label = " ".join(args.paths) if args.paths else f"world {args.world}, {args.runs} runs"
        print(f"{label}: {runs} runs checked, start-up included")
        print(f"  native  {rate['1']:8.1f} runs/s")
        print(f"  python  {rate['0']:8.1f} runs/s")
        print(f"  ratio   {rate['1'] / rate['0']:8.2f}x")
        print(f"  same output: {digests['1'] == digests['0'] and len(digests['1']) == 1}")


if __name__ == "__main__":
    main()
