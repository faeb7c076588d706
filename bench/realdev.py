"""veracity on real, human-annotated data: ../shared/data/real-dev (see its README).

    .venv/bin/python bench/realdev.py [--data ../shared/data/real-dev] [--json]

- accuracy: factual errors marked in generated NBA summaries. An error is found when a
  finding's `evidence.quote` overlaps it (and is at most 3× longer); precision is the share
  of non-info findings with a quote that match an error. Reported over all categories and
  for NUMBER+NAME.
- chatprotect: a pair is predicted contradictory when either run has a critical or major
  `divergent_field`; precision, recall, F1, and the "always contradictory" baseline.
- whowhen: the predicted decisive step is the `origin_step` of the run's most severe
  finding; accuracy against the labelled step.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veracity.config import Config
from veracity.model import SEVERITY_RANK, Verdict
from veracity.pipeline import check_paths

SERIOUS = ("critical", "major")


def _truth(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _check(traces: Path) -> tuple[dict[str, Verdict], float]:
    start = time.perf_counter()
    checked = check_paths([str(traces)], Config())
    return {v.run_id: v for v in checked.verdicts}, time.perf_counter() - start


def _overlaps(q: tuple[int, int], e: dict[str, Any]) -> bool:
    (qs, qe), es, ee = q, e["start"], e["end"]
    return qs < ee and es < qe and (qe - qs) <= 3 * max(1, ee - es)


def accuracy(data: Path) -> dict[str, Any]:
    truth = _truth(data / "accuracy" / "truth.jsonl")
    verdicts, seconds = _check(data / "accuracy" / "traces.jsonl")
    found = {"all": 0, "number_name": 0}
    total = {"all": 0, "number_name": 0}
    quoted = matched = clean_flagged = clean = 0
    for t in truth:
        v = verdicts.get(t["run_id"])
        spans = []
        for f in (v.findings if v else []):
            if f.severity == "info":
                continue
            ev = f.evidence or {}
            if "start" in ev and "end" in ev:
                spans.append((int(ev["start"]), int(ev["end"])))
            elif ev.get("quote") and t["summary"].find(ev["quote"]) >= 0:
                s = t["summary"].find(ev["quote"])
                spans.append((s, s + len(ev["quote"])))
        quoted += len(spans)
        matched += sum(any(_overlaps(q, e) for e in t["errors"]) for q in spans)
        for e in t["errors"]:
            hit = any(_overlaps(q, e) for q in spans)
            total["all"] += 1
            found["all"] += hit
            if e["category"] in ("NUMBER", "NAME"):
                total["number_name"] += 1
                found["number_name"] += hit
        if t["kind"] == "clean_control":
            clean += 1
            clean_flagged += bool(v and any(f.severity in SERIOUS for f in v.findings))
    return {
        "texts": len(truth),
        "recall_all": round(found["all"] / max(1, total["all"]), 3),
        "recall_number_name": round(found["number_name"] / max(1, total["number_name"]), 3),
        "precision": round(matched / max(1, quoted), 3),
        "findings_with_quote": quoted,
        "clean_controls_flagged": round(clean_flagged / max(1, clean), 3),
        "ms_per_run": round(1000 * seconds / max(1, len(truth)), 1),
    }


def chatprotect(data: Path) -> dict[str, Any]:
    truth = _truth(data / "chatprotect" / "truth.jsonl")
    verdicts, seconds = _check(data / "chatprotect" / "traces.jsonl")
    tp = fp = fn = tn = 0
    for t in truth:
        predicted = any(
            f.kind == "divergent_field" and f.severity in SERIOUS
            for rid in t["run_ids"]
            for f in (verdicts[rid].findings if rid in verdicts else [])
        )
        actual = bool(t["contradiction"])
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not predicted and not actual
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    base_p = (tp + fn) / max(1, len(truth))
    return {
        "pairs": len(truth),
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / max(1e-9, p + r), 3),
        "always_contradictory_f1": round(2 * base_p / (base_p + 1), 3),
        "ms_per_pair": round(1000 * seconds / max(1, len(truth)), 1),
    }


def whowhen(data: Path) -> dict[str, Any]:
    truth = _truth(data / "whowhen" / "truth.jsonl")
    verdicts, seconds = _check(data / "whowhen" / "traces.jsonl")
    right = predicted = 0
    for t in truth:
        v = verdicts.get(t["run_id"])
        findings = [f for f in (v.findings if v else []) if f.origin_step]
        if not findings:
            continue
        predicted += 1
        top = max(findings, key=lambda f: SEVERITY_RANK[f.severity])
        right += top.origin_step == t["origin_step"]
    return {
        "runs": len(truth),
        "with_an_origin": predicted,
        "step_accuracy": round(right / max(1, len(truth)), 3),
        "ms_per_run": round(1000 * seconds / max(1, len(truth)), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "real-dev")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {"accuracy": accuracy(args.data), "chatprotect": chatprotect(args.data), "whowhen": whowhen(args.data)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, figures in results.items():
        print(f"{name:12s} " + "  ".join(f"{k} {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
