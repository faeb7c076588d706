"""Simulation benchmark for `veracity.stats`: the truth rate's coverage and width, and regression alerts.

usage: .venv/bin/python bench/stats.py [--reps N] [--seq-reps N] [--seed S] [--quick] [--json]

(a) The model-swap scenario at the first user's volume: ~110,000 runs an hour (Poisson), a new model
    serving a share of the traffic, one failure rate rising from 4% to 7% in its runs; hourly
    aggregated counts feed `SequentialTest(alpha=0.01)`. Reports hours to alert, and false alerts over
    720 hourly looks (a month) of unchanged traffic whose rate drifts ±25% over the day.
(b) The truth rate: a week of runs (N simulated; the user's week is ~18.5M, N only enters through the
    negligible variance of the predictions' mean), 200 labels a week, drawn uniformly (the user's
    random review) or by the review queue (Poisson, π ∝ sqrt(risk(1 − risk)) with a 20% uniform floor).
    Predictions are either the checks' 0/1 verdict with recall 0.8 and a 2% false-alarm rate, or a
    continuous risk from the same checks (binormal scores with d' = 2.90, which give recall 0.8 at 2%
    false alarms when thresholded), calibrated on earlier weeks at a 10% rate. Coverage of the nominal
    95% interval and mean width, against the classical interval from the same labels alone.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import norm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veracity.stats import SequentialTest, classical_mean, fit_design, poisson_sample, ppi_mean

RUNS_PER_HOUR = 110_000
D_PRIME = float(norm.ppf(0.98) + norm.ppf(0.8))  # recall 0.8 at a 2% false-alarm rate


# ---- (a) regression alerts ---------------------------------------------------------------------------

def hourly_counts(rng: np.random.Generator, hour: int, share: float, base_rate: float, cohort_rate: float,
                  drift: float) -> tuple[int, int, int, int]:
    """One hour: (baseline events, baseline runs, cohort events, cohort runs)."""
    n = int(rng.poisson(RUNS_PER_HOUR))
    n_c = int(rng.binomial(n, share))
    n_b = n - n_c
    day = 1.0 + drift * math.sin(2 * math.pi * hour / 24)
    return (int(rng.binomial(n_b, base_rate * day)), n_b, int(rng.binomial(n_c, min(1.0, cohort_rate * day))), n_c)


def hours_to_alert(rng: np.random.Generator, share: float, base: float, after: float, max_hours: int,
                   alpha: float, drift: float = 0.25) -> int | None:
    """Hours of traffic until the first alert (1 = after the first hourly bucket), None if none."""
    test = SequentialTest(alpha)
    for hour in range(max_hours):
        if test.update(*hourly_counts(rng, hour, share, base, after, drift)).alert:
            return hour + 1
    return None


def null_peak(rng: np.random.Generator, looks: int, alpha: float) -> float:
    """The largest e-value over a month of hourly looks at unchanged traffic (Ville: P(≥ c) ≤ 1/c)."""
    test, peak = SequentialTest(alpha), 0.0
    for hour in range(looks):
        peak = max(peak, test.update(*hourly_counts(rng, hour, 0.05, 0.04, 0.04, 0.25)).e_value)
    return peak


def bench_alerts(reps: int, null_reps: int, seed: int, alpha: float = 0.01) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    rows = []
    for share, base, after, cap in ((0.05, 0.04, 0.07, 168), (0.01, 0.04, 0.07, 168), (0.05, 0.04, 0.05, 168),
                                    (0.01, 0.04, 0.05, 168), (0.05, 0.20, 0.23, 168)):
        t0 = time.perf_counter()
        hours = [hours_to_alert(rng, share, base, after, cap, alpha) for _ in range(reps)]
        got = np.array([h for h in hours if h is not None], dtype=float)
        rows.append({"share": share, "before": base, "after": after, "reps": reps,
                     "alerted": len(got), "within_6h": int(np.sum(got <= 6)),
                     "median_h": float(np.median(got)) if len(got) else None,
                     "p95_h": float(np.quantile(got, 0.95)) if len(got) else None,
                     "max_h": float(got.max()) if len(got) else None, "cap_h": cap,
                     "seconds": round(time.perf_counter() - t0, 1)})
    t0 = time.perf_counter()
    peaks = np.array([null_peak(rng, 720, alpha) for _ in range(null_reps)])
    null = {"share": 0.05, "rate": 0.04, "looks": 720, "reps": null_reps, "alpha": alpha,
            "false_alerts": int(np.sum(peaks >= 1 / alpha)), "ever_e_10": float(np.mean(peaks >= 10)),
            "ever_e_2": float(np.mean(peaks >= 2)), "seconds": round(time.perf_counter() - t0, 1)}
    return {"detection": rows, "null": null}


# ---- (b) the truth rate --------------------------------------------------------------------------------

def population(rng: np.random.Generator, n: int, theta: float, d_prime: float = D_PRIME,
               prior: float = 0.10) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(y, verdict, risk) for n runs with true error rate theta."""
    y = (rng.random(n) < theta).astype(float)
    score = rng.normal(size=n) + d_prime * y
    verdict = (score > norm.ppf(0.98)).astype(float) if d_prime == D_PRIME else (score > d_prime / 2).astype(float)
    logit = math.log(prior / (1 - prior)) + d_prime * score - d_prime**2 / 2
    risk = 1.0 / (1.0 + np.exp(-logit))
    return y, verdict, risk


def truth_trial(rng: np.random.Generator, n_pop: int, theta: float, labels: int, predictor: str, design: str,
                d_prime: float = D_PRIME) -> dict[str, float]:
    y, verdict, risk = population(rng, n_pop, theta, d_prime)
    f = verdict if predictor == "verdict" else risk
    truth = float(y.mean())
    if design == "random":
        idx = rng.choice(n_pop, size=labels, replace=False)
        est = ppi_mean(y[idx], f[idx], f)
        cls = classical_mean(y[idx])
    else:
        pi_all = fit_design(risk, labels).probabilities(risk)
        idx = poisson_sample(pi_all, rng)
        est = ppi_mean(y[idx], f[idx], f, pi=pi_all[idx])
        cls = classical_mean(y[idx], pi=pi_all[idx])
    srs = classical_mean(y[rng.choice(n_pop, size=labels, replace=False)])  # the user's random review today
    assert est.low is not None and est.high is not None and cls.low is not None and cls.high is not None
    assert srs.low is not None and srs.high is not None
    return {"cover": float(est.low <= truth <= est.high), "width": est.high - est.low,
            "cls_cover": float(cls.low <= truth <= cls.high), "cls_width": cls.high - cls.low,
            "srs_width": srs.high - srs.low, "n": float(len(idx))}


def bench_truth(reps: int, seed: int, n_pop: int, labels: int = 200) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    rows = []
    for theta in (0.04, 0.12, 0.31):
        for predictor in ("verdict", "risk"):
            for design in ("random", "queue"):
                trials = [truth_trial(rng, n_pop, theta, labels, predictor, design) for _ in range(reps)]
                m = {k: float(np.mean([t[k] for t in trials])) for k in trials[0]}
                rows.append({"theta": theta, "predictions": predictor, "labels": design, "reps": reps,
                             "mean_labels": round(m["n"], 1), "coverage": m["cover"], "width": m["width"],
                             "classical_coverage": m["cls_cover"], "classical_width": m["cls_width"],
                             "labels_alone_width": m["srs_width"], "narrower_x": m["srs_width"] / m["width"],
                             "worth_labels": round(labels * (m["srs_width"] / m["width"]) ** 2)})
    return rows


def bench_quality(reps: int, seed: int, n_pop: int, labels: int = 200) -> list[dict[str, Any]]:
    """How good the checks must be for a 3x narrower interval (continuous risk, θ = 12%)."""
    rng = np.random.default_rng(seed)
    rows = []
    for d_prime in (D_PRIME, 3.5, 4.0, 4.5, 5.0):
        for design in ("random", "queue"):
            trials = [truth_trial(rng, n_pop, 0.12, labels, "risk", design, d_prime) for _ in range(reps)]
            recall = float(norm.sf(d_prime / 2 - d_prime)) if d_prime != D_PRIME else 0.8
            far = float(norm.sf(d_prime / 2)) if d_prime != D_PRIME else 0.02
            width = float(np.mean([t["width"] for t in trials]))
            rows.append({"d_prime": round(d_prime, 2), "recall": round(recall, 3), "false_alarm": round(far, 3),
                         "labels": design, "coverage": float(np.mean([t["cover"] for t in trials])),
                         "narrower_x": float(np.mean([t["srs_width"] for t in trials])) / width})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=1000, help="repetitions for the truth-rate claims")
    ap.add_argument("--seq-reps", type=int, default=200, help="repetitions for the alert claims")
    ap.add_argument("--null-reps", type=int, default=1000, help="repetitions of a month of unchanged traffic")
    ap.add_argument("--pop", type=int, default=200_000, help="runs in a simulated week")
    ap.add_argument("--seed", type=int, default=20260)
    ap.add_argument("--quick", action="store_true", help="200 and 50 repetitions")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    reps, seq_reps, null_reps = (200, 50, 50) if args.quick else (args.reps, args.seq_reps, args.null_reps)
    t0 = time.perf_counter()
    out: dict[str, Any] = {"truth": bench_truth(reps, args.seed, args.pop), "quality": bench_quality(max(reps // 2, 200), args.seed + 1,
                                                                                     args.pop),
           "alerts": bench_alerts(seq_reps, null_reps, args.seed + 2)}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"(b) truth rate, nominal 95%, 200 labels a week, N={args.pop:,} runs, {reps} repetitions")
    print(f"{'θ':>5} {'predictions':>11} {'labels':>7} {'n':>6} {'cover':>6} {'width':>7} {'cls cov':>7} "
          f"{'cls wid':>7} {'alone':>7} {'narrower':>8} {'worth':>6}")
    for r in out["truth"]:
        print(f"{r['theta']:>5.2f} {r['predictions']:>11} {r['labels']:>7} {r['mean_labels']:>6.1f} "
              f"{r['coverage']:>6.3f} {r['width']:>7.4f} {r['classical_coverage']:>7.3f} {r['classical_width']:>7.4f} "
              f"{r['labels_alone_width']:>7.4f} {r['narrower_x']:>7.2f}x {r['worth_labels']:>6}")
    print("\n    check quality needed (continuous risk, θ = 0.12): narrower than 200 random labels alone")
    print(f"{'d′':>6} {'recall':>7} {'f.alarm':>7} {'labels':>7} {'cover':>6} {'narrower':>8}")
    for r in out["quality"]:
        print(f"{r['d_prime']:>6} {r['recall']:>7} {r['false_alarm']:>7} {r['labels']:>7} {r['coverage']:>6.3f} "
              f"{r['narrower_x']:>7.2f}x")
    a = out["alerts"]
    print(f"\n(a) regression alerts, {RUNS_PER_HOUR:,} runs/hour, hourly counts, alpha = 0.01, {seq_reps} repetitions")
    print(f"{'share':>6} {'before':>6} {'after':>6} {'alerted':>8} {'≤6h':>5} {'median h':>8} {'p95 h':>6} {'max h':>6}")
    for r in a["detection"]:
        print(f"{r['share']:>6.2f} {r['before']:>6.2f} {r['after']:>6.2f} {r['alerted']:>4}/{r['reps']:<3} "
              f"{r['within_6h']:>5} {r['median_h']!s:>8} {r['p95_h']!s:>6} {r['max_h']!s:>6}")
    n = a["null"]
    print(f"    no change, {n['looks']} hourly looks: {n['false_alerts']}/{n['reps']} false alerts; e-value ever ≥ 10 "
          f"in {n['ever_e_10']:.3f} (Ville: ≤ 0.1), ever ≥ 2 in {n['ever_e_2']:.3f} (≤ 0.5) ({n['seconds']} s)")
    print(f"\ntotal {out['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
