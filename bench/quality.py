"""How well `veracity check` finds the reference world's injected failures, per failure mode.

usage: .venv/bin/python bench/quality.py [--runs N] [--seed S] [--json]
                                         [--world DIR] [--predictions FILE] [--veracity CMD]

Generates a held-out world (a seed no test uses), runs `veracity check DIR/traces --json`, joins its lines
with truth.jsonl on run_id and prints, per failure mode: run-level recall (a wrong run is caught when it
has a critical or major finding), field-level precision/recall/F1, the rate of findings of the expected
kind, origin-step accuracy, and the false-alarm rate on clean runs and benign pairs. `--predictions FILE`
scores a file of check lines instead of running the CLI (its run ids must be the world's).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HELD_OUT_SEED = 90210
SERIOUS = ("critical", "major")
EXPECTED: dict[str, tuple[str, ...]] = {
    "blend": ("blended_entity", "wrong_entity_field"),
    "wrong_entity": ("wrong_entity_field", "blended_entity"),
    "duplicate": ("duplicate_record",),
    "inferred_missing": ("unsupported_value", "contradicted_value"),
    "contradiction": ("unsupported_value", "contradicted_value"),
    "silent_tool_failure": ("silent_step_failure",),
    "retry_ok": ("retry_masked",),
    "retry_garbage": ("retry_masked",),
    "pair_material": ("divergent_field",),
    "text_error": (),  # measured by quote overlap
}
ORDER = ("clean", "blend", "wrong_entity", "inferred_missing", "contradiction", "silent_tool_failure", "retry_ok",
         "retry_garbage", "text_error", "pair_benign", "pair_material", "duplicate")


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def parse_predictions(lines: Iterable[str]) -> dict[str, dict[str, Any]]:
    """run_id -> the check line (later lines for the same run replace earlier ones)."""
    out: dict[str, dict[str, Any]] = {}
    for line in lines:
        if line.strip():
            d = json.loads(line)
            out[str(d["run_id"])] = d
    return out


def _serious(pred: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [f for f in (pred or {}).get("findings") or [] if f.get("severity") in SERIOUS]


def field_match(predicted: str, truth: str) -> bool:
    """Same path, or one a dotted prefix of the other (`revenue` and `revenue.amount`)."""
    return predicted == truth or truth.startswith(predicted + ".") or predicted.startswith(truth + ".")


def field_counts(pred_fields: set[str], wrong: set[str]) -> tuple[int, int, int]:
    """True positives, false positives, false negatives between predicted and wrong field paths."""
    tp = sum(1 for w in wrong if any(field_match(p, w) for p in pred_fields))
    fp = sum(1 for p in pred_fields if not any(field_match(p, w) for w in wrong))
    return tp, fp, len(wrong) - tp


def quote_hits(quote: str, text: str, start: int, end: int) -> bool:
    """A predicted quote overlaps the wrong characters and is not much longer than them."""
    if not quote or len(quote) > 2 * (end - start) + 20:
        return False
    i = text.find(quote)
    while i >= 0:
        if i < end and i + len(quote) > start:
            return True
        i = text.find(quote, i + 1)
    return False


def _quotes_found(t: dict[str, Any], findings: list[dict[str, Any]]) -> int:
    found = 0
    for q in t.get("wrong_quotes") or []:
        text = (t.get("texts") or {}).get(q["field"], "")
        if any(quote_hits(str((f.get("evidence") or {}).get("quote") or ""), text, q["start"], q["end"])
               for f in findings if f.get("severity") != "info"):
            found += 1
    return found


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def score(truth: list[dict[str, Any]], preds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The quality report: per failure mode and overall."""
    referenced = {r for t in truth for r in t.get("duplicate_of") or []}
    acc: dict[str, dict[str, float]] = {}
    for t in truth:
        mode = t["failure"]
        a = acc.setdefault(mode, dict.fromkeys(("runs", "missing", "wrong", "caught", "flagged", "tp", "fp", "fn",
                                                "kind", "origin_n", "origin_ok", "quotes", "quotes_found",
                                                "clean_n", "clean_flagged", "divergent"), 0.0))
        pred = preds.get(t["run_id"])
        serious = _serious(pred)
        findings = (pred or {}).get("findings") or []
        a["runs"] += 1
        a["missing"] += pred is None
        a["flagged"] += bool(serious)
        is_wrong = bool(t["wrong_fields"] or t["wrong_quotes"])
        if is_wrong:
            a["wrong"] += 1
            a["caught"] += bool(serious)
        tp, fp, fn = field_counts({f["field"] for f in serious if f.get("field")}, set(t["wrong_fields"]))
        a["tp"], a["fp"], a["fn"] = a["tp"] + tp, a["fp"] + fp, a["fn"] + fn
        kinds = {f.get("kind") for f in findings if f.get("severity") != "info"}
        a["kind"] += bool(kinds & set(EXPECTED.get(mode, ())))
        a["divergent"] += "divergent_field" in {f.get("kind") for f in serious}
        if t.get("origin_step"):
            a["origin_n"] += 1
            a["origin_ok"] += any(f.get("origin_step") == t["origin_step"] for f in findings
                                  if f.get("severity") != "info")
        a["quotes"] += len(t.get("wrong_quotes") or [])
        a["quotes_found"] += _quotes_found(t, findings)
        if mode == "clean" and t["run_id"] not in referenced:
            a["clean_n"] += 1
            a["clean_flagged"] += bool(serious)
    modes: dict[str, dict[str, Any]] = {}
    for mode in [m for m in ORDER if m in acc] + sorted(set(acc) - set(ORDER)):
        a = acc[mode]
        p, r = _ratio(a["tp"], a["tp"] + a["fp"]), _ratio(a["tp"], a["tp"] + a["fn"])
        expected = (_ratio(a["quotes_found"], a["quotes"]) if mode == "text_error"
                    else _ratio(a["kind"], a["runs"]) if mode in EXPECTED else None)
        modes[mode] = {
            "runs": int(a["runs"]), "missing_predictions": int(a["missing"]), "wrong_runs": int(a["wrong"]),
            "run_recall": _ratio(a["caught"], a["wrong"]), "flagged_rate": _ratio(a["flagged"], a["runs"]),
            "field_precision": p, "field_recall": r,
            "field_f1": round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None and r is not None else None),
            "expected_kind_rate": expected, "origin_accuracy": _ratio(a["origin_ok"], a["origin_n"]),
            "quote_recall": _ratio(a["quotes_found"], a["quotes"]),
        }
    wrong = sum(a["wrong"] for a in acc.values())
    clean = acc.get("clean", {})
    benign = acc.get("pair_benign", {})
    return {
        "runs": len(truth),
        "predicted_runs": sum(1 for t in truth if t["run_id"] in preds),
        "run_recall": _ratio(sum(a["caught"] for a in acc.values()), wrong),
        "false_alarm_clean": _ratio(clean.get("clean_flagged", 0), clean.get("clean_n", 0)),
        "false_alarm_benign_pairs": _ratio(benign.get("flagged", 0), benign.get("runs", 0)),
        "divergent_on_benign_pairs": _ratio(benign.get("divergent", 0), benign.get("runs", 0)),
        "origin_accuracy": _ratio(sum(a["origin_ok"] for a in acc.values()), sum(a["origin_n"] for a in acc.values())),
        "modes": modes,
    }


def _fmt(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def render(report: dict[str, Any]) -> str:
    """The report as a plain-text table."""
    cols = ("runs", "wrong_runs", "run_recall", "field_precision", "field_recall", "field_f1", "expected_kind_rate",
            "origin_accuracy", "flagged_rate")
    heads = ("mode", "runs", "wrong", "recall", "field P", "field R", "field F1", "exp.kind", "origin", "flagged")
    rows = [heads] + [(m, *(_fmt(d[c]) for c in cols)) for m, d in report["modes"].items()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(heads))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines += ["",
              f"runs {report['runs']} (predicted {report['predicted_runs']}); overall run recall {_fmt(report['run_recall'])}; "
              f"origin accuracy {_fmt(report['origin_accuracy'])}",
              f"false alarms: clean runs {_fmt(report['false_alarm_clean'])}, benign pairs "
              f"{_fmt(report['false_alarm_benign_pairs'])} (divergent_field {_fmt(report['divergent_on_benign_pairs'])})"]
    return "\n".join(lines)


def run_check(traces: Path, command: list[str]) -> list[str]:
    """Run `veracity check TRACES --json` and return its lines; exits with the CLI's error when it fails."""
    try:
        p = subprocess.run([*command, "check", str(traces), "--json"], capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        sys.exit(f"quality: cannot run {command[0]!r} (is the CLI installed?)")
    if p.returncode not in (0, 1):
        sys.exit(f"quality: {' '.join(command)} check exited {p.returncode}:\n{p.stderr[-2000:]}")
    return p.stdout.splitlines()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=HELD_OUT_SEED)
    ap.add_argument("--world", type=Path, help="use an already generated world (DIR/traces, DIR/truth.jsonl)")
    ap.add_argument("--predictions", type=Path, help="score this file of check lines instead of running the CLI")
    ap.add_argument("--veracity", default=".venv/bin/veracity", help="the CLI to run")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="veracity-quality-") as tmp:
        world = args.world
        if world is None:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from veracity.workload import generate

            world = generate(args.runs, Path(tmp) / "world", seed=args.seed)
        truth = load_jsonl(world / "truth.jsonl")
        lines = (args.predictions.read_text().splitlines() if args.predictions
                 else run_check(world / "traces", args.veracity.split()))
        report = score(truth, parse_predictions(lines))
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
