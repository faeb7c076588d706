"""Risk cross-world: the logistic risk model fitted on one world's findings, measured on the others.

usage: .venv/bin/python bench/risk.py [--runs N] [--cache DIR] [--write] [--json]

Generates world A and world B twice (a training world at `TRAIN_SEED`, a held-out one at quality.py's
seed), reads world C from ../shared/data/world-c (measured only, never fitted), runs `veracity check`
on each, and then for each fit (on A's training world, on B's) prints, on every held-out world: risk
AUC, expected calibration error, Brier score and the reliability table (predicted-probability bins
against the observed wrong rate, with counts), beside two trivial baselines: a constant risk equal to
the held-out world's base rate (AUC 0.5, perfectly calibrated on average), and "any finding" (the
training world's wrong rate among runs with / without a non-info finding). The shipped model
(`veracity/checks/risk_model.json`) is measured the same way. `--write` replaces it with the fit on
world A (the model that ships is fitted on A; B and C report it). `--cache DIR` keeps the worlds and
check lines between invocations (delete it after a checker change).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quality import HELD_OUT_SEED, _generate, auc, load_jsonl, parse_predictions, run_check

from veracity.checks.risk_features import items_of_json, names, vector
from veracity.checks.verdict import MODEL_FILE, shipped_model
from veracity.stats.logistic import RiskModel, fit_logistic
from veracity.stats.risk import brier, ece, reliability

TRAIN_SEED = 4242
WORLD_C = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "world-c"
Data = tuple[np.ndarray, np.ndarray, np.ndarray]  # features, wrong (0/1), any non-info finding (0/1)


def is_wrong(t: dict[str, Any]) -> bool:
    """World C says `wrong`; worlds A and B name wrong fields or quotes."""
    return bool(t["wrong"]) if "wrong" in t else bool(t.get("wrong_fields") or t.get("wrong_quotes"))


def dataset(truth: list[dict[str, Any]], preds: dict[str, dict[str, Any]]) -> Data:
    rows, ys, anys = [], [], []
    for t in truth:
        findings = (preds.get(t["run_id"]) or {}).get("findings") or []
        rows.append(vector(items_of_json(findings)))
        ys.append(float(is_wrong(t)))
        anys.append(float(any(f.get("severity") != "info" for f in findings)))
    return np.array(rows), np.array(ys), np.array(anys)


def _world(name: str, args: argparse.Namespace, cache: Path) -> Data:
    """One world's data: generated (or C's files), checked, joined with its truth."""
    if name == "c":
        traces, truth_file = WORLD_C / "traces.jsonl", WORLD_C / "truth.jsonl"
    else:
        kind, part = name.split("-")
        world = cache / name
        if not (world / "truth.jsonl").exists():
            _generate(kind, args.runs, world, TRAIN_SEED if part == "train" else HELD_OUT_SEED)
        traces, truth_file = world / "traces", world / "truth.jsonl"
    lines_file = cache / f"{name}.check.jsonl"
    if not lines_file.exists():
        lines_file.write_text("\n".join(run_check(traces, args.veracity.split())) + "\n")
    return dataset(load_jsonl(truth_file), parse_predictions(lines_file.read_text().splitlines()))


def measure(predicted: np.ndarray, y: np.ndarray, bins: int = 10) -> dict[str, Any]:
    table = reliability(predicted, y, bins=bins)
    return {"auc": auc(list(predicted[y == 1]), list(predicted[y == 0])), "ece": round(ece(table), 4),
            "brier": round(brier(predicted, y), 4), "base_rate": round(float(y.mean()), 4), "n": len(y),
            "bins": table}


def any_finding_rule(train: Data) -> tuple[float, float]:
    """The training world's wrong rate among runs without / with a non-info finding."""
    _, y, anys = train
    return (float(y[anys == 0].mean()) if (anys == 0).any() else 0.0,
            float(y[anys == 1].mean()) if (anys == 1).any() else 1.0)


def evaluate(fits: dict[str, tuple[RiskModel, Data]], tests: dict[str, Data]) -> dict[str, Any]:
    """Every fit on every held-out world, with the baselines."""
    out: dict[str, Any] = {}
    for fit_name, (model, train) in fits.items():
        no, yes = any_finding_rule(train) if train[0].size else (0.0, 1.0)
        for test_name, (x, y, anys) in tests.items():
            out[f"{fit_name} -> {test_name}"] = {
                "model": measure(model.predict(x), y),
                "constant base rate": measure(np.full(len(y), y.mean()), y),
                "any finding": measure(np.where(anys > 0, yes, no), y),
            }
    return out


def render(report: dict[str, Any]) -> str:
    lines = []
    for key, rows in report.items():
        lines.append(f"== fitted on {key}")
        for who, m in rows.items():
            lines.append(f"  {who:<20} AUC {m['auc'] if m['auc'] is not None else '-':<7} ECE {m['ece']:<7} "
                         f"Brier {m['brier']:<7} (base rate {m['base_rate']}, n {m['n']})")
        lines.append("  reliability (model): bin      predicted  observed  count")
        for b in rows["model"]["bins"]:
            lines.append(f"                       {b['low']:.1f}-{b['high']:.1f}  {b['predicted']:9.3f} "
                         f"{b['observed']:9.3f} {b['count']:6d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--cache", type=Path, help="keep worlds and check lines here between invocations")
    ap.add_argument("--veracity", default=".venv/bin/veracity", help="the CLI to run")
    ap.add_argument("--write", action="store_true", help=f"write the fit on world A to veracity/checks/{MODEL_FILE}")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="veracity-risk-") as tmp:
        cache = args.cache or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        data = {n: _world(n, args, cache) for n in ("a-train", "b-train", "a-test", "b-test", "c")}
    fits = {f"world {k.upper()} (seed {TRAIN_SEED})": (fit_logistic(data[f"{k}-train"][0], data[f"{k}-train"][1],
                                                                    names(), fitted_on=f"world {k} seed {TRAIN_SEED}, "
                                                                    f"{args.runs} runs"), data[f"{k}-train"])
            for k in ("a", "b")}
    fits["shipped model"] = (shipped_model(), data["a-train"])
    tests = {"A held-out": data["a-test"], "B held-out": data["b-test"], "C": data["c"]}
    report = evaluate(fits, tests)
    print(json.dumps(report, indent=2) if args.json else render(report))
    if args.write:
        model = fits[f"world A (seed {TRAIN_SEED})"][0]
        path = Path(__file__).resolve().parent.parent / "veracity" / "checks" / MODEL_FILE
        path.write_text(json.dumps(model.to_json(), indent=1) + "\n")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
