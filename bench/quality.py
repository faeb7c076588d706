"""How well `veracity check` finds a reference world's injected failures, per failure mode, beside trivial baselines.

usage: .venv/bin/python bench/quality.py [--world-kind a|b|both] [--runs N] [--seed S] [--json]
                                         [--world DIR] [--predictions FILE] [--veracity CMD]

Generates a held-out world (`--world-kind a`: the first reference world, `b`: the one written apart from
it; `both`: each in turn, then their headlines side by side; a seed no test uses), runs `veracity check DIR/traces --json`, joins its lines with truth.jsonl on
run_id and prints per failure mode and overall. The rules, kept honest on purpose:

- a wrong run is *caught* only when a critical or major finding is on one of its wrong fields (a dotted
  prefix counts) or quotes one of its wrong spans; for a prose field whose wrong facts are marked by
  span, only a quote on a wrong span counts;
- *clean runs flagged*: clean runs (the originals of duplicates included) with a critical or major finding;
  beside it the share with any non-info finding;
- *field precision* counts every non-info finding that names a field; *field recall* the wrong fields
  named by a critical or major finding;
- *origin accuracy*: the `origin_step` of the run's most severe non-info finding that has one (the first
  of equal severity) against the truth;
- *risk AUC*: the probability that a wrong run's verdict risk ranks above a right run's (ties half);
- baselines from the traces alone: "flag every run" and "flag runs whose tool returned an error status"
  (origin: the first such span); a flagged run has every field the truth names flagged.

`--predictions FILE` scores a file of check lines instead of running the CLI (its run ids must be the world's).
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
RANK = {"info": 0, "minor": 1, "major": 2, "critical": 3}
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


def _findings(pred: dict[str, Any] | None, severities: Iterable[str]) -> list[dict[str, Any]]:
    keep = set(severities)
    return [f for f in (pred or {}).get("findings") or [] if f.get("severity") in keep]


def _serious(pred: dict[str, Any] | None) -> list[dict[str, Any]]:
    return _findings(pred, SERIOUS)


def _noninfo(pred: dict[str, Any] | None) -> list[dict[str, Any]]:
    return _findings(pred, ("critical", "major", "minor"))


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


def _quote_of(f: dict[str, Any]) -> str:
    return str((f.get("evidence") or {}).get("quote") or "")


def _quotes_found(t: dict[str, Any], findings: list[dict[str, Any]]) -> int:
    found = 0
    for q in t.get("wrong_quotes") or []:
        text = (t.get("texts") or {}).get(q["field"], "")
        if any(quote_hits(_quote_of(f), text, q["start"], q["end"]) for f in findings):
            found += 1
    return found


def caught(t: dict[str, Any], serious: list[dict[str, Any]]) -> bool:
    """A serious finding on a wrong field, or quoting a wrong span (prose fields count by span only)."""
    quoted = {q["field"] for q in t.get("wrong_quotes") or []}
    plain = [w for w in t["wrong_fields"] if w not in quoted]
    if any(f.get("field") and any(field_match(f["field"], w) for w in plain) for f in serious):
        return True
    return _quotes_found(t, serious) > 0


def top_origin(findings: list[dict[str, Any]]) -> str | None:
    """The origin step of the most severe finding that has one (the first of equal severity)."""
    best: dict[str, Any] | None = None
    for f in findings:
        if f.get("origin_step") and (best is None or RANK.get(f["severity"], 0) > RANK.get(best["severity"], 0)):
            best = f
    return None if best is None else str(best["origin_step"])


def auc(scores_pos: list[float], scores_neg: list[float]) -> float | None:
    """P(score of a positive > score of a negative), ties counted half (Mann-Whitney U / n1 n0)."""
    if not scores_pos or not scores_neg:
        return None
    allv = sorted((s, 1) for s in scores_pos) + sorted((s, 0) for s in scores_neg)
    allv.sort(key=lambda x: x[0])
    rank_sum, i = 0.0, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # 1-based average rank of the tie block
        rank_sum += mid * sum(1 for k in range(i, j) if allv[k][1])
        i = j
    n1, n0 = len(scores_pos), len(scores_neg)
    return round((rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0), 4)


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


_KEYS = ("runs", "missing", "wrong", "caught", "flagged", "any", "tp", "fp", "rtp", "fn", "kind", "origin_n",
         "origin_ok", "quotes", "quotes_found", "clean_n", "clean_flagged", "clean_any", "divergent")


def _tally(a: dict[str, float], t: dict[str, Any], pred: dict[str, Any] | None) -> None:
    mode = t["failure"]
    serious, noninfo = _serious(pred), _noninfo(pred)
    a["runs"] += 1
    a["missing"] += pred is None
    a["flagged"] += bool(serious)
    a["any"] += bool(noninfo)
    wrong = set(t["wrong_fields"])
    if wrong or t["wrong_quotes"]:
        a["wrong"] += 1
        a["caught"] += caught(t, serious)
    tp, fp, _ = field_counts({f["field"] for f in noninfo if f.get("field")}, wrong)
    rtp, _, fn = field_counts({f["field"] for f in serious if f.get("field")}, wrong)
    a["tp"], a["fp"], a["rtp"], a["fn"] = a["tp"] + tp, a["fp"] + fp, a["rtp"] + rtp, a["fn"] + fn
    a["kind"] += bool({f.get("kind") for f in noninfo} & set(EXPECTED.get(mode, ())))
    a["divergent"] += "divergent_field" in {f.get("kind") for f in serious}
    if t.get("origin_step"):
        a["origin_n"] += 1
        a["origin_ok"] += top_origin(noninfo) == t["origin_step"]
    a["quotes"] += len(t.get("wrong_quotes") or [])
    a["quotes_found"] += _quotes_found(t, serious)
    if mode == "clean":
        a["clean_n"] += 1
        a["clean_flagged"] += bool(serious)
        a["clean_any"] += bool(noninfo)


def _mode_row(mode: str, a: dict[str, float]) -> dict[str, Any]:
    p, r = _ratio(a["tp"], a["tp"] + a["fp"]), _ratio(a["rtp"], a["rtp"] + a["fn"])
    expected = (_ratio(a["quotes_found"], a["quotes"]) if mode == "text_error"
                else _ratio(a["kind"], a["runs"]) if mode in EXPECTED else None)
    return {
        "runs": int(a["runs"]), "missing_predictions": int(a["missing"]), "wrong_runs": int(a["wrong"]),
        "run_recall": _ratio(a["caught"], a["wrong"]), "flagged_rate": _ratio(a["flagged"], a["runs"]),
        "any_finding_rate": _ratio(a["any"], a["runs"]),
        "field_precision": p, "field_recall": r, "field_f1": _f1(p, r),
        "expected_kind_rate": expected, "origin_accuracy": _ratio(a["origin_ok"], a["origin_n"]),
        "quote_recall": _ratio(a["quotes_found"], a["quotes"]),
    }


def _risk_auc(truth: list[dict[str, Any]], preds: dict[str, dict[str, Any]]) -> float | None:
    pos, neg = [], []
    for t in truth:
        risk = float((preds.get(t["run_id"]) or {}).get("risk") or 0.0)
        (pos if t["wrong_fields"] or t["wrong_quotes"] else neg).append(risk)
    return auc(pos, neg)


def risk_reliability(truth: list[dict[str, Any]], preds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The verdict risk's reliability table (10 bins: predicted vs observed wrong rate, counts) and ECE.

    The shipped risk model is fitted on world A (`bench/risk.py`), so on world B this is cross-world.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from veracity.stats.risk import ece, reliability

    risk = [float((preds.get(t["run_id"]) or {}).get("risk") or 0.0) for t in truth]
    wrong = [float(bool(t["wrong_fields"] or t["wrong_quotes"])) for t in truth]
    table = reliability(risk, wrong) if truth else []
    return {"bins": table, "ece": round(ece(table), 4) if table else None}


def score(truth: list[dict[str, Any]], preds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The quality report: per failure mode and overall."""
    acc: dict[str, dict[str, float]] = {}
    for t in truth:
        _tally(acc.setdefault(t["failure"], dict.fromkeys(_KEYS, 0.0)), t, preds.get(t["run_id"]))
    modes = {m: _mode_row(m, acc[m]) for m in [m for m in ORDER if m in acc] + sorted(set(acc) - set(ORDER))}
    tot = {k: sum(a[k] for a in acc.values()) for k in _KEYS}
    clean, benign = acc.get("clean", {}), acc.get("pair_benign", {})
    p, r = _ratio(tot["tp"], tot["tp"] + tot["fp"]), _ratio(tot["rtp"], tot["rtp"] + tot["fn"])
    return {
        "runs": len(truth),
        "predicted_runs": sum(1 for t in truth if t["run_id"] in preds),
        "run_recall": _ratio(tot["caught"], tot["wrong"]),
        "false_alarm_clean": _ratio(clean.get("clean_flagged", 0), clean.get("clean_n", 0)),
        "clean_any_finding": _ratio(clean.get("clean_any", 0), clean.get("clean_n", 0)),
        "false_alarm_benign_pairs": _ratio(benign.get("flagged", 0), benign.get("runs", 0)),
        "divergent_on_benign_pairs": _ratio(benign.get("divergent", 0), benign.get("runs", 0)),
        "field_precision": p, "field_recall": r, "field_f1": _f1(p, r),
        "origin_accuracy": _ratio(tot["origin_ok"], tot["origin_n"]),
        "risk_auc": _risk_auc(truth, preds),
        "risk_ece": (rel := risk_reliability(truth, preds))["ece"],
        "risk_reliability": rel["bins"],
        "modes": modes,
    }


# --- baselines from the traces alone ---------------------------------------------------------------------


def _attr(span: dict[str, Any], key: str) -> Any:
    for a in span.get("attributes") or []:
        if a.get("key") == key:
            v = a.get("value") or {}
            return v.get("intValue", v.get("stringValue", v.get("doubleValue")))
    return None


def error_spans(lines: Iterable[bytes | str]) -> dict[str, str]:
    """trace id -> the first span (by start time) with an HTTP status >= 400 or an error status."""
    out: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        req = json.loads(line)
        bad: list[tuple[int, str, str]] = []
        for rs in req.get("resourceSpans") or []:
            for ss in rs.get("scopeSpans") or []:
                for s in ss.get("spans") or []:
                    status = _attr(s, "http.response.status_code")
                    if (status is not None and int(status) >= 400) or \
                            (s.get("status") or {}).get("code") in ("STATUS_CODE_ERROR", 2):
                        bad.append((int(s.get("startTimeUnixNano") or 0), s["traceId"], s["spanId"]))
        for _, trace_id, span_id in sorted(bad):
            out.setdefault(trace_id, span_id)
    return out


def _trace_lines(traces: Path) -> Iterable[bytes]:
    for path in sorted(traces.glob("*.jsonl")) if traces.is_dir() else [traces]:
        with open(path, "rb") as fh:
            yield from fh


def output_fields(t: dict[str, Any]) -> set[str]:
    """The output's fields as far as the truth names them (wrong, unknown, unsupported, sourced, prose)."""
    return (set(t["wrong_fields"]) | set(t.get("missing_fields") or []) | set(t.get("unsupported_fields") or [])
            | set(t.get("field_sources") or {}) | set(t.get("texts") or {}))


def baselines(truth: list[dict[str, Any]], errors: dict[str, str],
              any_finding: frozenset[str] = frozenset()) -> dict[str, dict[str, Any]]:
    """The headline figures of two rules that read no evidence (a flagged run has every field flagged)."""
    def rule(flag: dict[str, bool], origin: dict[str, str]) -> dict[str, Any]:
        wrong = [t for t in truth if t["wrong_fields"] or t["wrong_quotes"]]
        clean = [t for t in truth if t["failure"] == "clean"]
        benign = [t for t in truth if t["failure"] == "pair_benign"]
        with_origin = [t for t in truth if t.get("origin_step")]
        flagged = [t for t in truth if flag[t["run_id"]]]
        tp = sum(len(t["wrong_fields"]) for t in flagged)
        p = _ratio(tp, sum(len(output_fields(t)) for t in flagged))
        r = _ratio(tp, sum(len(t["wrong_fields"]) for t in truth))
        pos = [float(flag[t["run_id"]]) for t in wrong]
        neg = [float(flag[t["run_id"]]) for t in truth if not (t["wrong_fields"] or t["wrong_quotes"])]
        # the rule's risk: its flag's observed wrong rate in this world (an in-world fit, flattering it)
        rate = {v: _ratio(sum(1 for x in pos if x == v), sum(1 for x in pos + neg if x == v)) for v in (0.0, 1.0)}
        return {"run_recall": _ratio(sum(flag[t["run_id"]] for t in wrong), len(wrong)),
                "false_alarm_clean": _ratio(sum(flag[t["run_id"]] for t in clean), len(clean)),
                "false_alarm_benign_pairs": _ratio(sum(flag[t["run_id"]] for t in benign), len(benign)),
                "field_precision": p, "field_recall": r, "field_f1": _f1(p, r),
                "origin_accuracy": _ratio(sum(origin.get(t["run_id"]) == t["origin_step"] for t in with_origin),
                                          len(with_origin)),
                "risk_auc": auc(pos, neg),
                "risk_ece": _ece_of([rate[x] or 0.0 for x in pos], [rate[x] or 0.0 for x in neg])}

    def _ece_of(pos: list[float], neg: list[float]) -> float | None:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from veracity.stats.risk import ece, reliability

        return round(ece(reliability(pos + neg, [1.0] * len(pos) + [0.0] * len(neg))), 4) if pos or neg else None

    every = rule({t["run_id"]: True for t in truth}, {})
    status = rule({t["run_id"]: t["run_id"] in errors for t in truth}, dict(errors))
    anyf = rule({t["run_id"]: t["run_id"] in any_finding for t in truth}, {})
    return {"flag every run": every, "flag runs with a tool error status": status,  # every: constant risk
            "any non-info finding": anyf}


def _fmt(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _table(heads: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    rows = [heads, *rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(heads))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return lines


HEADLINE = (("clean flagged", "false_alarm_clean"), ("run recall", "run_recall"), ("field P", "field_precision"),
            ("field R", "field_recall"), ("field F1", "field_f1"), ("origin", "origin_accuracy"),
            ("benign pairs", "false_alarm_benign_pairs"), ("risk AUC", "risk_auc"), ("risk ECE", "risk_ece"))


def render(report: dict[str, Any]) -> str:
    """The report as plain-text tables: per mode, then the headline beside the baselines."""
    cols = ("runs", "wrong_runs", "run_recall", "field_precision", "field_recall", "field_f1", "expected_kind_rate",
            "origin_accuracy", "flagged_rate", "any_finding_rate")
    heads = ("mode", "runs", "wrong", "recall", "field P", "field R", "field F1", "exp.kind", "origin", "flagged",
             "any")
    lines = _table(heads, [(m, *(_fmt(d[c]) for c in cols)) for m, d in report["modes"].items()])
    who = [("veracity", report), *report.get("baselines", {}).items()]
    lines += ["", f"world {report.get('world', '?')}: runs {report['runs']} (predicted {report['predicted_runs']}); "
              f"clean runs with any non-info finding {_fmt(report['clean_any_finding'])}", ""]
    lines += _table(("", *(h for h, _ in HEADLINE)), [(name, *(_fmt(r.get(k)) for _, k in HEADLINE)) for name, r in who])
    if report.get("risk_reliability"):
        lines += ["", "risk reliability (the shipped model is fitted on world A):"]
        lines += _table(("bin", "predicted", "observed", "count"),
                        [(f"{b['low']:.1f}-{b['high']:.1f}", _fmt(b["predicted"]), _fmt(b["observed"]), str(b["count"]))
                         for b in report["risk_reliability"]])
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


def _generate(kind: str, runs: int, out: Path, seed: int) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if kind in ("b", "b-contact"):
        from veracity.workload.world_b import generate_b

        return generate_b(runs, out, seed=seed, contacts=1.0 if kind == "b-contact" else 0.0)
    from veracity.workload import generate

    return generate(runs, out, seed=seed)


def measure(kind: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Generate (or read) one world, check it (or read predictions) and score it with its baselines."""
    world = args.world or _generate(kind, args.runs, tmp / f"world-{kind}", args.seed)
    truth = load_jsonl(world / "truth.jsonl")
    lines = (args.predictions.read_text().splitlines() if args.predictions
             else run_check(world / "traces", args.veracity.split()))
    preds = parse_predictions(lines)
    report = score(truth, preds)
    flagged_any = frozenset(r for r, p in preds.items() if _noninfo(p))
    report["world"] = str(truth[0].get("world", "a")) if truth else kind
    if (world / "traces").exists():
        report["baselines"] = baselines(truth, error_spans(_trace_lines(world / "traces")), flagged_any)
    return report


def render_both(reports: dict[str, dict[str, Any]]) -> str:
    """The headlines of both worlds and the gap between them."""
    a, b = reports["a"], reports["b"]
    rows = [(f"world {k}", *(_fmt(r.get(key)) for _, key in HEADLINE)) for k, r in reports.items()]
    gap = [(None if a.get(key) is None or b.get(key) is None else round(b[key] - a[key], 4)) for _, key in HEADLINE]
    rows.append(("b - a", *(_fmt(g) for g in gap)))
    return "\n".join(_table(("", *(h for h, _ in HEADLINE)), rows))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--world-kind", choices=("a", "b", "both", "b-contact"), default="a",
                    help="which reference world to generate (b-contact: world B's contact agent alone)")
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=HELD_OUT_SEED)
    ap.add_argument("--world", type=Path, help="use an already generated world (DIR/traces, DIR/truth.jsonl)")
    ap.add_argument("--predictions", type=Path, help="score this file of check lines instead of running the CLI")
    ap.add_argument("--veracity", default=".venv/bin/veracity", help="the CLI to run")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    kinds = ("a", "b") if args.world_kind == "both" else (args.world_kind,)
    if len(kinds) > 1 and (args.world or args.predictions):
        ap.error("--world-kind both generates both worlds; --world and --predictions name one")
    with tempfile.TemporaryDirectory(prefix="veracity-quality-") as tmp:
        reports = {k: measure(k, args, Path(tmp)) for k in kinds}
    if args.json:
        print(json.dumps(reports if len(kinds) > 1 else reports[kinds[0]], indent=2))
    else:
        print("\n\n".join(render(r) for r in reports.values()))
        if len(kinds) > 1:
            print("\n" + render_both(reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
