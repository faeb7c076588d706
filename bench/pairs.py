"""Dual-run consistency measured: the pairs check on a generated world and on ChatProtect.

    .venv/bin/python bench/pairs.py [--runs 2000] [--seed 101] [--calib-seed 202] [--pair-rate 0.3]

World: precision / recall of material divergences (pair level: any major or critical
`divergent_field` on either run; field level against truth's `divergent_fields`), the share
of benign pairs flagged, and first-divergent-step accuracy (the origin step of the most severe
finding on the shadow run against truth's `divergent_step`), first with type defaults, then
with thresholds calibrated on the benign pairs of a second world (another seed).
ChatProtect: a pair is predicted contradictory when either run carries a major or critical
`divergent_field`; precision, recall, F1, against "always contradictory" and "numbers differ".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from veracity.checks.context import Context, EvidenceSet
from veracity.checks.pairs import NAME, check_pair, record_pair
from veracity.model import SEVERITY_RANK, Finding, Run
from veracity.pipeline import read_runs
from veracity.stats.calibration import Calibration
from veracity.values import ValueType, extract_claims

CHATPROTECT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real-dev" / "chatprotect"
MATERIAL = ("critical", "major")


def _context(cal: Calibration | None) -> Context:
    return Context(state={NAME: cal} if cal is not None else {})


def world(runs: int, seed: int, pair_rate: float, out: Path) -> tuple[dict[str, Run], list[dict[str, Any]]]:
    from veracity.workload import generate

    rates: dict[str, Any] = (
        {"pair_benign": pair_rate * 0.6, "pair_material": pair_rate * 0.4} if pair_rate else {}
    )
    generate(runs, out, seed=seed, **rates)
    rs, _ = read_runs([str(out / "traces")])
    truth = [orjson.loads(line) for line in (out / "truth.jsonl").read_bytes().splitlines()]
    return {r.run_id: r for r in rs}, truth


def pairs_of(truth: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in truth:
        if t.get("pair_key"):
            groups[t["pair_key"]].append(t)
    return [(g[0], g[1]) for g in groups.values() if len(g) == 2]


def calibrate(runs: dict[str, Run], truth: list[dict[str, Any]]) -> Calibration:
    cal = Calibration()
    for x, y in pairs_of(truth):
        if x["failure"] == "pair_benign" and x["run_id"] in runs and y["run_id"] in runs:
            record_pair(runs[x["run_id"]], runs[y["run_id"]], cal)
    return cal


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
    }


def evaluate_world(
    runs: dict[str, Run], truth: list[dict[str, Any]], cal: Calibration | None
) -> dict[str, Any]:
    ctx = _context(cal)
    tp = fp = fn = tn = 0
    ftp = ffp = ffn = 0
    origin_ok = origin_n = 0
    benign = benign_flagged = benign_any = 0
    elapsed = 0.0
    n_pairs = 0
    misses: list[str] = []
    for x, y in pairs_of(truth):
        a, b = runs.get(x["run_id"]), runs.get(y["run_id"])
        if a is None or b is None:
            continue
        t0 = time.perf_counter()
        fs = check_pair(a, b, EvidenceSet(ctx.config), ctx)
        elapsed += time.perf_counter() - t0
        n_pairs += 1
        material = [f for f in fs if f.severity in MATERIAL]
        predicted = bool(material)
        actual = x["failure"] == "pair_material" and bool(x["divergent_fields"])
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not predicted and not actual
        if x["failure"] == "pair_benign":
            benign += 1
            benign_flagged += predicted
            benign_any += bool(fs)
            if predicted:
                misses.append(
                    f"benign flagged: {[(f.field, f.evidence.get('value_a'), f.evidence.get('value_b')) for f in material[:2]]}"
                )
        if actual:
            got = {f.field for f in fs if f.severity in MATERIAL}
            want = set(x["divergent_fields"])
            ftp += len(got & want)
            ffp += len(got - want)
            ffn += len(want - got)
            if want - got:
                misses.append(f"missed fields {sorted(want - got)} of {x['run_id'][:8]}")
            if y.get("divergent_step"):
                origin_n += 1
                on_b = [f for f in fs if f.run_id == b.run_id and f.severity in MATERIAL]
                if on_b:
                    top = max(on_b, key=lambda f: SEVERITY_RANK[f.severity])
                    origin_ok += top.origin_step == y["divergent_step"]
        elif predicted:
            ffp += len({f.field for f in fs if f.severity in MATERIAL})
    return {
        "pairs": n_pairs,
        "material_pairs": tp + fn,
        "benign_pairs": benign,
        "pair_level": _prf(tp, fp, fn),
        "field_level": _prf(ftp, ffp, ffn),
        "benign_flagged_rate": round(benign_flagged / benign, 4) if benign else None,
        "benign_any_finding_rate": round(benign_any / benign, 4) if benign else None,
        "first_step_accuracy": round(origin_ok / origin_n, 3) if origin_n else None,
        "us_per_pair": round(1e6 * elapsed / max(n_pairs, 1), 1),
        "examples": misses[:8],
    }


def _numbers_differ(ta: str, tb: str) -> bool:
    kinds = (ValueType.COUNT, ValueType.MONEY, ValueType.PERCENTAGE, ValueType.YEAR, ValueType.DATE)
    na = {c.raw for c in extract_claims(ta) if c.kind in kinds}
    nb = {c.raw for c in extract_claims(tb) if c.kind in kinds}
    return bool(na) and bool(nb) and na != nb


def chatprotect() -> dict[str, Any]:
    rs, _ = read_runs([str(CHATPROTECT / "traces.jsonl")])
    runs = {r.run_id: r for r in rs}
    truth = [orjson.loads(line) for line in (CHATPROTECT / "truth.jsonl").read_bytes().splitlines()]
    ctx = Context()
    counts = {"model": [0, 0, 0], "always": [0, 0, 0], "numbers_differ": [0, 0, 0]}
    elapsed = 0.0
    n = 0
    for t in truth:
        ids = t["run_ids"]
        a, b = runs.get(ids[0]), runs.get(ids[1])
        if a is None or b is None:
            continue
        t0 = time.perf_counter()
        fs: list[Finding] = check_pair(a, b, EvidenceSet(ctx.config), ctx)
        elapsed += time.perf_counter() - t0
        n += 1
        y = bool(t["contradiction"])
        for name, pred in (
            ("model", any(f.severity in MATERIAL for f in fs)),
            ("always", True),
            ("numbers_differ", _numbers_differ(t["texts"][0], t["texts"][1])),
        ):
            c = counts[name]
            c[0] += pred and y
            c[1] += pred and not y
            c[2] += y and not pred
    out: dict[str, Any] = {"pairs": n, "contradictory": sum(bool(t["contradiction"]) for t in truth)}
    for name, (tp, fp, fn) in counts.items():
        out[name] = _prf(tp, fp, fn)
    out["us_per_pair"] = round(1e6 * elapsed / max(n, 1), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--calib-seed", type=int, default=202)
    ap.add_argument(
        "--pair-rate", type=float, default=0.3, help="share of runs in pairs (0: the world's default)"
    )
    ap.add_argument("--skip-chatprotect", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs, truth = world(args.runs, args.seed, args.pair_rate, Path(tmp) / "eval")
        report: dict[str, Any] = {"world": {"runs": len(runs), "seed": args.seed}}
        report["world"]["defaults"] = evaluate_world(runs, truth, None)
        cruns, ctruth = world(args.runs, args.calib_seed, args.pair_rate, Path(tmp) / "calib")
        cal = calibrate(cruns, ctruth)
        report["world"]["calibrated"] = evaluate_world(runs, truth, cal)
        report["world"]["calibration_keys"] = {
            k: len(v) for k, v in sorted(cal.distances.items()) if k.startswith("type:")
        }
    if not args.skip_chatprotect and CHATPROTECT.exists():
        report["chatprotect"] = chatprotect()
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
