"""The truth rate with veracity's own verdicts: interval coverage and width against labels alone.

    .venv/bin/python bench/truthrate.py [--runs 1500] [--seed 4242] [--labels 200] [--reps 400]

Generates a reference world, checks it, and treats its (verdict, truth) pairs as the week's
population (resampled to 100,000 runs, the first user's volume is far larger): each repetition
draws `--labels` uniform review labels, estimates the error rate by prediction-powered
inference over every run's verdict, and compares its interval with the labels-alone interval.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veracity.config import Config
from veracity.pipeline import check_paths
from veracity.stats import classical_mean, ppi_mean
from veracity.workload import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--labels", type=int, default=200)
    parser.add_argument("--reps", type=int, default=400)
    parser.add_argument("--population", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        generate(args.runs, Path(d), seed=args.seed)
        truth = {json.loads(line)["run_id"]: json.loads(line) for line in (Path(d) / "truth.jsonl").open()}
        verdicts = {v.run_id: v for v in check_paths([str(Path(d) / "traces")], Config()).verdicts}
    ids = sorted(truth)
    y0 = np.array([float(bool(truth[i]["wrong_fields"] or truth[i]["wrong_quotes"])) for i in ids])
    f0 = np.array([float(verdicts[i].verdict in ("failed", "suspect")) for i in ids])
    rng = np.random.default_rng(args.seed)
    ratios, covered = [], 0
    for _ in range(args.reps):
        idx = rng.integers(0, len(ids), args.population)
        y, f = y0[idx], f0[idx]
        labelled = rng.choice(args.population, args.labels, replace=False)
        ppi = ppi_mean(y[labelled], f[labelled], f, alpha=0.05)
        alone = classical_mean(y[labelled], alpha=0.05)
        assert ppi.low is not None and ppi.high is not None and alone.low is not None and alone.high is not None
        ratios.append((alone.high - alone.low) / (ppi.high - ppi.low))
        covered += ppi.low <= y.mean() <= ppi.high
    print(f"world: {len(ids)} runs, true error rate {y0.mean():.3f}, predicted {f0.mean():.3f}, "
          f"verdict and truth disagree on {np.mean(y0 != f0):.2%} of runs")
    print(f"{args.labels} labels, {args.reps} repetitions: interval {np.median(ratios):.2f}× narrower than labels alone "
          f"(10th percentile {np.percentile(ratios, 10):.2f}×), coverage {covered / args.reps:.1%} at nominal 95%")


if __name__ == "__main__":
    main()
