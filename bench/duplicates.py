"""Cross-run duplicates: quality on a generated world, cost per run, index size and memory at scale.

usage: .venv/bin/python bench/duplicates.py [--runs 3000] [--seed 4242] [--batch 500]
                                            [--scale 200000] [--json]

Quality: the world's runs go through a DuckDB store in batches (as `store_runs` would wire it);
a truth pair (`duplicate_of`) is found when both runs carry a `duplicate_record` naming the other.
Precision is given two ways: strict (a predicted pair is one of `duplicate_of`) and by entity
(the two outputs are records of the same real company for two different inputs, which is what
the check claims; the world labels only the injected pair, not the other runs of the copied
company). Cost: µs per run for keying and for the index lookup plus matching. Scale: `--scale`
synthetic keyed entries through a persistent index in batches, with resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from veracity.checks import duplicates as dup
from veracity.checks.context import Context, EvidenceSet
from veracity.checks.duplicates import DuplicateCandidates, Entry, batch_entries
from veracity.model import Finding, Run
from veracity.pipeline import read_runs
from veracity.store.base import DuplicateRow
from veracity.store.duplicates import DuplicateIndex
from veracity.workload import generate


def rss_mb() -> float:
    """Current resident set size in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _entity(t: dict[str, Any]) -> set[str]:
    """The real company (or companies) a run's output is a record of."""
    if t["failure"] in ("duplicate", "wrong_entity"):
        return {t["blend_entity"]}
    if t["failure"] == "blend":
        return {t["entity"]["id"], t["blend_entity"]} - {None}
    return {t["entity"]["id"]}


def _rows(entries: list[Entry]) -> list[DuplicateRow]:
    """The check's index entries as the store's rows (the store keeps what it is given)."""
    return [DuplicateRow(e.key, e.run_id, e.input_name, e.input_domain, e.input_country, e.started_at) for e in entries]


def _lookup(index: DuplicateIndex, entries: list[Entry], exclude: set[str]) -> DuplicateCandidates:
    hits = index.candidates([e.key for e in entries], exclude=exclude).entries
    return DuplicateCandidates(tuple(Entry(r.key, r.run_id, r.input_name, r.input_domain, r.input_country,
                                           r.started_at) for r in hits))


def quality(runs: list[Run], truth: list[dict[str, Any]], batch: int) -> dict[str, Any]:
    runs = sorted(runs, key=lambda r: (r.started_at, r.run_id))
    with tempfile.TemporaryDirectory() as tmp:
        index = DuplicateIndex(duckdb.connect(str(Path(tmp) / "d.duckdb")))
        findings: dict[str, list[Finding]] = defaultdict(list)
        key_s = look_s = 0.0
        for start in range(0, len(runs), batch):
            part = runs[start : start + batch]
            t0 = time.perf_counter()
            evidence = EvidenceSet(runs=part)
            entries = batch_entries(part, evidence)
            t1 = time.perf_counter()
            context = Context(state={dup.NAME: _lookup(index, entries, {r.run_id for r in part})})
            found = dup.check_cohort(part, evidence, context)
            t2 = time.perf_counter()
            key_s, look_s = key_s + t1 - t0, look_s + t2 - t1
            for f in found:
                findings[f.run_id].append(f)
                # the pipeline re-checks the stored run; here its finding is the mirror image
                if f.evidence["other_is_earlier"] and f.evidence["other_run_id"] not in {r.run_id for r in part}:
                    findings[f.evidence["other_run_id"]].append(f.__class__(**{
                        **{k: getattr(f, k) for k in f.__struct_fields__},
                        "run_id": f.evidence["other_run_id"],
                        "evidence": {**f.evidence, "other_run_id": f.run_id}}))
            index.add(_rows(entries))
        entries_n = index.size()
        index.db.execute("CHECKPOINT").fetchall()
        size = Path(tmp, "d.duckdb").stat().st_size
    pred = {rid: {f.evidence["other_run_id"] for f in fs} for rid, fs in findings.items()}
    by_id = {t["run_id"]: t for t in truth}
    pairs = {frozenset((t["run_id"], o)) for t in truth for o in t["duplicate_of"]}
    predicted = {frozenset((a, b)) for a, os in pred.items() for b in os if a in pred.get(b, set())}
    found_pairs = pairs & predicted
    explained = {p for p in predicted if _entity(by_id[min(p)]) & _entity(by_id[max(p)])}
    referenced = {o for t in truth for o in t["duplicate_of"]}
    clean = [t for t in truth if t["failure"] == "clean" and t["run_id"] not in referenced]
    flagged = [t for t in clean if t["run_id"] in pred]
    unexplained = [t for t in flagged if any(not (_entity(t) & _entity(by_id[o])) for o in pred[t["run_id"]])]
    n = len(runs)
    return {
        "runs": n, "truth_pairs": len(pairs), "predicted_pairs": len(predicted), "found_pairs": len(found_pairs),
        "recall": round(len(found_pairs) / max(1, len(pairs)), 4),
        "precision_strict": round(len(found_pairs) / max(1, len(predicted)), 4),
        "precision_entity": round(len(explained) / max(1, len(predicted)), 4),
        "clean_runs": len(clean),
        "false_alarm_clean": round(len(flagged) / max(1, len(clean)), 4),
        "false_alarm_clean_unexplained": round(len(unexplained) / max(1, len(clean)), 4),
        "us_per_run_keying": round(key_s / n * 1e6, 1),
        "us_per_run_lookup_and_match": round(look_s / n * 1e6, 1),
        "index_entries": entries_n, "index_file_bytes": size,
        "bytes_per_entry": round(size / max(1, entries_n), 1),
    }


def scale(total: int, batch: int = 5000, keys_per_run: int = 5) -> dict[str, Any]:
    """Feed `total` synthetic entries through a persistent index in batches; RSS stays bounded."""
    rng = random.Random(5)
    samples: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "s.duckdb")
        db = duckdb.connect(path)
        index = DuplicateIndex(db)
        start_rss = rss_mb()
        seen: list[int] = []
        fed = 0
        t_add = t_look = 0.0
        while fed < total:
            runs = batch // keys_per_run
            entries = [Entry(rng.getrandbits(63), f"{rng.getrandbits(128):032x}", rng.getrandbits(63), 0, "GB",
                             (fed // keys_per_run + i) * 10**9) for i in range(runs) for _ in range(keys_per_run)]
            probe = [e.key for e in entries] + rng.sample(seen, min(len(seen), 200))
            t0 = time.perf_counter()
            got = index.candidates(probe)
            t1 = time.perf_counter()
            index.add(_rows(entries))
            t_add += time.perf_counter() - t1
            t_look += t1 - t0
            assert len(got.entries) >= min(len(seen), 200)
            seen = (seen + [e.key for e in entries[::50]])[-20000:]
            fed += len(entries)
            if fed % (batch * 10) == 0 or fed >= total:
                samples.append((fed, round(rss_mb(), 1), round(t1 - t0, 4)))
        db.execute("CHECKPOINT").fetchall()
        size = os.path.getsize(path)
        db.close()
    rss = [s[1] for s in samples]
    return {"entries": fed, "batch_entries": batch, "rss_start_mb": round(start_rss, 1),
            "rss_samples_mb": samples, "rss_last_half_growth_mb": round(rss[-1] - rss[len(rss) // 2], 1),
            "ms_per_batch_lookup": round(t_look / (fed / batch) * 1e3, 2),
            "ms_per_batch_add": round(t_add / (fed / batch) * 1e3, 2),
            "file_bytes": size, "bytes_per_entry": round(size / fed, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--runs", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--scale", type=int, default=200_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        generate(args.runs, Path(tmp) / "w", seed=args.seed)
        runs, _ = read_runs([str(Path(tmp) / "w" / "traces")])
        truth = [json.loads(line) for line in (Path(tmp) / "w" / "truth.jsonl").read_text().splitlines()]
    report = {"world": {"seed": args.seed, **quality(runs, truth, args.batch)}}
    if args.scale:
        report["scale"] = scale(args.scale)
    print(json.dumps(report, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
