"""Evidence coverage, fingerprinted evidence, re-checks and retention on the reference world.

usage: .venv/bin/python bench/coverage.py [--runs N] [--seed S] [--json]

Generates a world, reads its spans and makes two variants by post-processing the spans: 20% of
the traces lose every tool result (tool `output.value` / `gen_ai.tool.call.result`, retrieved
documents' content and the tool-role messages handed to models: what hiding outputs does), and
another 20% have the same attributes replaced by fingerprint payloads (`veracity.sdk.fingerprint`,
the span processor's own function). Every run is checked twice, raw and as its variant.

The checks are the committed ones: the coverage check is registered, grounding skips unsupported
values that coverage explains, `veracity.evidence` reads fingerprinted sources and the entity
check attributes their facts by the payload's entity anchors.

Prints: verdicts of hidden runs (none may be `verified` when a field's supplying tool was hidden),
verdict agreement of fingerprinted runs with their raw twins, per-tool result coverage against
the truth of the post-processing, a re-check after a config change (exactly the runs whose
verdict the new config changes), and prune (verdicts, findings and labels kept, file sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import msgspec

from veracity.checks import coverage as coverage_check
from veracity.config import parse_config
from veracity.ingest import Span, assemble, read_paths
from veracity.model import Label, Run
from veracity.pipeline import check_runs, load_context, new_context, store_runs
from veracity.recheck import recheck
from veracity.retention import compact, file_size, prune
from veracity.sdk.fingerprint import Policy, fingerprint_attributes
from veracity.store.duck import DuckStore
from veracity.workload import generate

SECRET = "bench-secret"
TOOL_RESULT_KEYS = ("output.value", "gen_ai.tool.call.result", "traceloop.entity.output")


# --- variants ---------------------------------------------------------------------------------------


def _is_tool(attrs: dict[str, Any]) -> bool:
    kind = str(attrs.get("openinference.span.kind", "")).upper()
    return kind in ("TOOL", "RETRIEVER") or attrs.get("gen_ai.operation.name") == "execute_tool"


def _tool_name(span: Span) -> str:
    a = span.attributes
    return str(a.get("gen_ai.tool.name") or a.get("tool.name") or span.name)


def hide(attrs: dict[str, Any]) -> dict[str, Any]:
    """What hiding tool outputs leaves: no results, no document content, no tool messages to models."""
    out = dict(attrs)
    if _is_tool(attrs):
        for k in TOOL_RESULT_KEYS:
            out.pop(k, None)
        for k in [k for k in out if k.startswith("retrieval.documents.") and k.endswith(".document.content")]:
            del out[k]
    roles = [k for k, v in attrs.items() if k.startswith("llm.input_messages.") and k.endswith(".message.role")
             and v == "tool"]
    for k in roles:
        out.pop(k[: -len("role")] + "content", None)
    if isinstance(out.get("gen_ai.input.messages"), str):
        msgs = json.loads(out["gen_ai.input.messages"])
        for m in msgs:
            m["parts"] = [p for p in m.get("parts", []) if p.get("type") != "tool_call_response"]
        out["gen_ai.input.messages"] = json.dumps(msgs)
    return out


def _failed(span: Span) -> bool:
    status = span.attributes.get("http.response.status_code")
    return span.status_code == 2 or (isinstance(status, int) and status >= 400)


def variants(spans: list[Span], seed: int) -> tuple[list[Span], dict[str, str], dict[str, list[int]]]:
    """The post-processed spans, each trace's treatment, and per tool [calls, calls with a result kept]."""
    rng = random.Random(seed)
    treatment = {}
    for t in sorted({s.trace_id for s in spans}):
        x = rng.random()
        treatment[t] = "hidden" if x < 0.2 else "fingerprinted" if x < 0.4 else "raw"
    secret = SECRET.encode()
    truth: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    out = []
    for s in spans:
        how = treatment[s.trace_id]
        if _is_tool(s.attributes) and not _failed(s):
            truth[_tool_name(s)][0] += 1
            truth[_tool_name(s)][1] += how != "hidden"
        if how == "hidden":
            s = msgspec.structs.replace(s, attributes=hide(s.attributes))
        elif how == "fingerprinted":
            s = msgspec.structs.replace(s, attributes=fingerprint_attributes(s.attributes, secret, Policy(arguments=False)))
        out.append(s)
    return out, treatment, truth


# --- measurements -------------------------------------------------------------------------------------


def _check(runs: list[Run], config: Any) -> dict[str, Any]:
    return {v.run_id: v for v in check_runs(runs, new_context(config))}


def measure(n: int, seed: int) -> dict[str, Any]:
    os.environ["VERACITY_FINGERPRINT_SECRET"] = SECRET
    work = Path(tempfile.mkdtemp(prefix="veracity-coverage-"))
    generate(n, work / "world", seed=seed)
    truth = {json.loads(line)["run_id"]: json.loads(line) for line in (work / "world" / "truth.jsonl").open()}
    spans = [s for f in read_paths([str(work / "world" / "traces")]) if f.decoded for s in f.decoded.spans]
    varied, treatment, tool_truth = variants(spans, seed)
    config = parse_config({}, work)
    t0 = time.perf_counter()
    raw_runs = assemble(spans)
    var_runs = assemble(varied)
    raw = _check(raw_runs, config)
    var = _check(var_runs, config)
    check_s = time.perf_counter() - t0
    how = {r.run_id: treatment[r.trace_id] for r in var_runs}

    hidden = [r for r in var_runs if how[r.run_id] == "hidden"]
    hidden_verdicts = Counter(var[r.run_id].verdict for r in hidden)
    no_evidence = [r for r in hidden if truth.get(r.run_id, {}).get("field_sources")]
    verified_without = [r.run_id for r in no_evidence if var[r.run_id].verdict == "verified"]
    printed = [r for r in var_runs if how[r.run_id] == "fingerprinted"]
    agree = sum(var[r.run_id].verdict == raw[r.run_id].verdict for r in printed)
    mismatches = Counter((truth.get(r.run_id, {}).get("failure"), raw[r.run_id].verdict, var[r.run_id].verdict)
                         for r in printed if var[r.run_id].verdict != raw[r.run_id].verdict)
    raw_untouched = [r for r in var_runs if how[r.run_id] == "raw"]
    same_raw = sum(var[r.run_id].verdict == raw[r.run_id].verdict for r in raw_untouched)

    stats = coverage_check.coverage_stats(var_runs)
    per_tool = {}
    for name, (calls, kept) in sorted(tool_truth.items()):
        got = stats["tools"].get(name, {})
        per_tool[name] = {"truth": round(kept / calls, 4), "measured": got.get("result_rate"),
                          "calls": calls, "measured_calls": got.get("calls")}
    worst = max(abs((v["measured"] or 0) - v["truth"]) for v in per_tool.values())

    store_out = store_bench(work, var_runs, varied, truth, config)
    return {
        "runs": len(var_runs),
        "check_seconds": round(check_s, 1),
        "hidden": {"runs": len(hidden), "verdicts": dict(hidden_verdicts), "with_hidden_field_sources": len(no_evidence),
                   "verified_without_evidence": len(verified_without)},
        "fingerprinted": {"runs": len(printed), "same_verdict_as_raw_twin": agree,
                          "rate": round(agree / max(len(printed), 1), 4),
                          "mismatches": {f"{a}: {b}->{c}": k for (a, b, c), k in mismatches.most_common()}},
        "untouched_same_verdict": round(same_raw / max(len(raw_untouched), 1), 4),
        "coverage_per_tool": per_tool,
        "coverage_worst_gap_points": round(100 * worst, 2),
        **store_out,
    }


def store_bench(work: Path, runs: list[Run], spans: list[Span], truth: dict[str, Any], config: Any) -> dict[str, Any]:
    """Re-check after a config change, then prune, on a real DuckDB file."""
    path = work / "store.duckdb"
    store = DuckStore(path)
    store.write_spans(spans, received_ns=min(s.start_ns for s in spans))
    for i in range(0, len(runs), 500):
        store_runs(runs[i : i + 500], store, config)
    labels = [Label(run_id=r.run_id, correct=not truth.get(r.run_id, {}).get("wrong_fields"), source="fixture")
              for r in runs[::5]]
    store.write_labels(labels)
    # A config change that should alter some verdicts: money and counts stop being material.
    changed = parse_config({"fields": {"revenue": {"materiality": "minor"}, "employee_count": {"materiality": "minor"}}},
                           work)
    expected_ctx = load_context(store, changed)
    before = dict(store.query("SELECT run_id, verdict FROM verdicts"))
    expected = {v.run_id for v in check_runs(runs, expected_ctx) if before[v.run_id] != v.verdict}
    t0 = time.perf_counter()
    result = recheck(store, changed)
    recheck_s = time.perf_counter() - t0
    after = dict(store.query("SELECT run_id, verdict FROM verdicts"))
    actual = {r for r in after if after[r] != before[r]}
    again = recheck(store, changed)

    counts = lambda: store.query(  # noqa: E731
        "SELECT (SELECT count(*) FROM verdicts), (SELECT count(*) FROM findings), (SELECT count(*) FROM labels)")[0]
    kept_before = counts()
    verdict_rows = store.query("SELECT run_id, verdict, risk, checker_version FROM verdicts ORDER BY run_id")
    store._exec("CHECKPOINT")
    size_0 = file_size(path)
    pruned = prune(store, retention_days=0, secret=SECRET.encode(), now_ns=time.time_ns())
    kept_after = counts()
    same_rows = verdict_rows == store.query("SELECT run_id, verdict, risk, checker_version FROM verdicts ORDER BY run_id")
    store.close()
    _, size_2 = compact(path)
    store = DuckStore(path)
    still = store.query(
        "SELECT (SELECT count(*) FROM verdicts), (SELECT count(*) FROM findings), (SELECT count(*) FROM labels)")[0]
    store.close()
    return {
        "recheck": {"checked": result.checked, "changed": result.changed, "expected_changes": len(expected),
                    "same_runs": actual == expected, "unexpected": len(actual - expected),
                    "missed": len(expected - actual), "seconds": round(recheck_s, 1),
                    "second_pass_checked": again.checked},
        "prune": {"runs": pruned.runs, "spans_deleted": pruned.spans, "bytes_before": size_0,
                  "bytes_after_checkpoint": pruned.bytes_after, "bytes_after_compact": size_2,
                  "kept_before": kept_before, "kept_after": kept_after, "kept_after_compact": still,
                  "verdict_rows_identical": same_rows},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1600)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    out = measure(args.runs, args.seed)
    if args.json:
        print(json.dumps(out))
    else:
        print(json.dumps(out, indent=2))
    ok = (out["hidden"]["verified_without_evidence"] == 0 and out["fingerprinted"]["rate"] >= 0.98
          and out["coverage_worst_gap_points"] <= 1.0 and out["recheck"]["same_runs"]
          and out["prune"]["kept_after_compact"] == out["prune"]["kept_before"])
    print("bar met" if ok else "bar NOT met", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
