"""veracity on real, human-annotated data: ../shared/data/real-dev (see its README), beside trivial baselines.

    .venv/bin/python bench/realdev.py [--data ../shared/data/real-dev] [--json]

- accuracy: factual errors marked in generated NBA summaries. An error is found when a
  non-info finding's `evidence.quote` (or start/end) overlaps it and is at most 3× longer;
  precision is the share of non-info findings with a quote that match an error. Recall is
  given per error category and for NUMBER+NAME; on the clean controls, the share with a
  critical or major finding and the share with any non-info finding.
- chatprotect: a pair is predicted contradictory when either run has a critical or major
  `divergent_field`; precision, recall and F1 on the development half as it is (about 80%
  contradictory) and reweighted to 15% contradictory (each contradictory pair weighs
  0.15/p, each consistent one 0.85/(1-p), p the half's own share), each beside "always
  contradictory" and a word-overlap rule (contradictory when the two sentences' word sets
  overlap, Jaccard, below a threshold; the threshold with the best F1 on this very data,
  so the baseline is an optimistic one).
- whowhen: the predicted decisive step is the `origin_step` of the run's most severe
  finding; accuracy against the labelled step, beside "the first agent step after the
  question" (the first step not written by the human) and "the first delegated step" (the
  first step of an agent other than the one that answered the question first).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veracity.config import Config
from veracity.model import SEVERITY_RANK, Verdict
from veracity.pipeline import check_paths

SERIOUS = ("critical", "major")
CATEGORIES = ("NUMBER", "NAME", "WORD", "CONTEXT", "NOT_CHECKABLE", "OTHER")
PREVALENCE = 0.15


def _truth(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _check(traces: Path) -> tuple[dict[str, Verdict], float]:
    start = time.perf_counter()
    checked = check_paths([str(traces)], Config())
    return {v.run_id: v for v in checked.verdicts}, time.perf_counter() - start


def _overlaps(q: tuple[int, int], e: dict[str, Any]) -> bool:
    (qs, qe), es, ee = q, e["start"], e["end"]
    return qs < ee and es < qe and (qe - qs) <= 3 * max(1, ee - es)


def _spans(v: Verdict | None, summary: str) -> list[tuple[int, int]]:
    spans = []
    for f in (v.findings if v else []):
        if f.severity == "info":
            continue
        ev = f.evidence or {}
        if "start" in ev and "end" in ev:
            spans.append((int(ev["start"]), int(ev["end"])))
        elif ev.get("quote") and summary.find(ev["quote"]) >= 0:
            s = summary.find(ev["quote"])
            spans.append((s, s + len(ev["quote"])))
    return spans


def accuracy(data: Path) -> dict[str, Any]:
    truth = _truth(data / "accuracy" / "truth.jsonl")
    verdicts, seconds = _check(data / "accuracy" / "traces.jsonl")
    found = dict.fromkeys(CATEGORIES, 0)
    total = dict.fromkeys(CATEGORIES, 0)
    quoted = matched = clean_flagged = clean_any = clean = 0
    for t in truth:
        v = verdicts.get(t["run_id"])
        spans = _spans(v, t["summary"])
        quoted += len(spans)
        matched += sum(any(_overlaps(q, e) for e in t["errors"]) for q in spans)
        for e in t["errors"]:
            cat = e["category"] if e["category"] in total else "OTHER"
            total[cat] += 1
            found[cat] += any(_overlaps(q, e) for q in spans)
        if t["kind"] == "clean_control":
            clean += 1
            clean_flagged += bool(v and any(f.severity in SERIOUS for f in v.findings))
            clean_any += bool(v and any(f.severity != "info" for f in v.findings))
    nn = found["NUMBER"] + found["NAME"], total["NUMBER"] + total["NAME"]
    return {
        "texts": len(truth),
        "recall_all": round(sum(found.values()) / max(1, sum(total.values())), 3),
        "recall_number_name": round(nn[0] / max(1, nn[1]), 3),
        "precision": round(matched / max(1, quoted), 3),
        "recall_by_category": {c: f"{found[c]}/{total[c]}" for c in CATEGORIES if total[c]},
        "findings_with_quote": quoted,
        "clean_controls_flagged": round(clean_flagged / max(1, clean), 3),
        "clean_controls_any_finding": round(clean_any / max(1, clean), 3),
        "ms_per_run": round(1000 * seconds / max(1, len(truth)), 1),
    }


def prf(pred: list[bool], actual: list[bool], w_pos: float = 1.0, w_neg: float = 1.0) -> dict[str, float]:
    """Weighted precision, recall and F1 (a pair's weight by its true class)."""
    tp = sum(w_pos for p, a in zip(pred, actual, strict=True) if p and a)
    fp = sum(w_neg for p, a in zip(pred, actual, strict=True) if p and not a)
    fn = sum(w_pos for p, a in zip(pred, actual, strict=True) if a and not p)
    p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def jaccard(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def best_overlap_rule(overlaps: list[float], actual: list[bool], w_pos: float, w_neg: float) -> dict[str, float]:
    """The word-overlap rule at the threshold with the best weighted F1 on this data."""
    best = {"f1": -1.0}
    for th in [*sorted(set(overlaps)), 1.01]:
        r = prf([o < th for o in overlaps], actual, w_pos, w_neg)
        if r["f1"] > best["f1"]:
            best = {**r, "threshold": round(th, 3)}
    return best


def chatprotect(data: Path) -> dict[str, Any]:
    truth = _truth(data / "chatprotect" / "truth.jsonl")
    verdicts, seconds = _check(data / "chatprotect" / "traces.jsonl")
    pred = [any(f.kind == "divergent_field" and f.severity in SERIOUS
                for rid in t["run_ids"] for f in (verdicts[rid].findings if rid in verdicts else [])) for t in truth]
    actual = [bool(t["contradiction"]) for t in truth]
    overlaps = [jaccard(*t["texts"][:2]) for t in truth]
    base = sum(actual) / max(1, len(actual))
    out: dict[str, Any] = {"pairs": len(truth), "contradictory_share": round(base, 3)}
    for label, w_pos, w_neg in (("dev", 1.0, 1.0),
                                (f"at_{int(PREVALENCE * 100)}pct", PREVALENCE / base, (1 - PREVALENCE) / (1 - base))):
        out[label] = {"veracity": prf(pred, actual, w_pos, w_neg),
                      "always_contradictory": prf([True] * len(actual), actual, w_pos, w_neg),
                      "word_overlap_best": best_overlap_rule(overlaps, actual, w_pos, w_neg)}
    out["ms_per_pair"] = round(1000 * seconds / max(1, len(truth)), 1)
    return out


def first_agent_step(t: dict[str, Any]) -> str | None:
    """The first step after the question: the first one whose author is not the human."""
    for span_id, agent in zip(t.get("step_span_ids") or [], t.get("step_agents") or [], strict=False):
        if str(agent).strip().lower() not in ("human", "user"):
            return str(span_id)
    return None


def first_delegate_step(t: dict[str, Any]) -> str | None:
    """The first step of an agent other than the human and the first responder (the planner that hands out
    the work, e.g. an orchestrator): where a multi-agent run's first delegated action sits."""
    planner: str | None = None
    for span_id, agent in zip(t.get("step_span_ids") or [], t.get("step_agents") or [], strict=False):
        base = str(agent).split(" (")[0].strip().lower()
        if base in ("human", "user"):
            continue
        if planner is None:
            planner = base
        elif base != planner:
            return str(span_id)
    return None


def whowhen(data: Path) -> dict[str, Any]:
    truth = _truth(data / "whowhen" / "truth.jsonl")
    verdicts, seconds = _check(data / "whowhen" / "traces.jsonl")
    right = predicted = baseline = delegate = 0
    for t in truth:
        baseline += first_agent_step(t) == t["origin_step"]
        delegate += first_delegate_step(t) == t["origin_step"]
        v = verdicts.get(t["run_id"])
        findings = [f for f in (v.findings if v else []) if f.origin_step and f.severity != "info"]
        if not findings:
            continue
        predicted += 1
        top = max(findings, key=lambda f: SEVERITY_RANK[f.severity])
        right += top.origin_step == t["origin_step"]
    return {
        "runs": len(truth),
        "with_an_origin": predicted,
        "step_accuracy": round(right / max(1, len(truth)), 3),
        "first_agent_step_baseline": round(baseline / max(1, len(truth)), 3),
        "first_delegate_step_baseline": round(delegate / max(1, len(truth)), 3),
        "ms_per_run": round(1000 * seconds / max(1, len(truth)), 1),
    }


def _line(name: str, figures: dict[str, Any]) -> str:
    return f"{name:12s} " + "  ".join(f"{k} {v}" for k, v in figures.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "real-dev")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {"accuracy": accuracy(args.data), "chatprotect": chatprotect(args.data), "whowhen": whowhen(args.data)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(_line("accuracy", results["accuracy"]))
    cp = results["chatprotect"]
    print(_line("chatprotect", {k: v for k, v in cp.items() if not isinstance(v, dict)}))
    for label in [k for k, v in cp.items() if isinstance(v, dict)]:
        for who, fig in cp[label].items():
            print(_line(f"  {label}", {"rule": who, **fig}))
    print(_line("whowhen", results["whowhen"]))


if __name__ == "__main__":
    main()
