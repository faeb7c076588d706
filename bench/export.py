"""Export streams: peak memory of `veracity export` stays flat as the store grows.

Builds DuckDB stores of synthetic runs (five findings each), then exports findings and runs to
Parquet in a child process per store and prints rows, seconds and the child's peak RSS.

    .venv/bin/python bench/export.py --runs 20000 200000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from veracity.model import Finding, Run, Verdict
from veracity.store import DuckStore

CHILD = """
import resource, sys, time
from veracity.export import export
from veracity.store import DuckStore
store = DuckStore(sys.argv[1], read_only=True)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
rows = export(store, sys.argv[2], sys.argv[3], batch=10_000)
print(rows, round(time.perf_counter() - t, 2), base // 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def build(path: Path, runs: int, batch: int = 5000) -> None:
    store = DuckStore(path)
    for start in range(0, runs, batch):
        rs, vs = [], []
        for i in range(start, min(runs, start + batch)):
            rid = f"run-{i:09d}"
            rs.append(Run(run_id=rid, trace_id=rid, agent=f"agent-{i % 3}", models=["m1"], started_at=i * 10**9,
                          ended_at=i * 10**9 + 5, input={"company": f"Company {i}"},
                          output={"name": f"Company {i}", "revenue": f"${i % 97}M", "note": "x" * 200}))
            vs.append(Verdict(run_id=rid, verdict="suspect", risk=0.4, checker_version="bench", findings=[
                Finding(check="grounding", kind="unsupported_value", severity="major", field=f"f{k}",
                        message=f"value {k} of run {i} is not supported by any source", run_id=rid,
                        evidence={"value": k, "sources": ["s1", "s2"]}) for k in range(5)]))
        store.write_results(rs, vs)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, nargs="+", default=[20_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.runs:
            db = Path(tmp) / f"s{n}.duckdb"
            t = time.perf_counter()
            build(db, n)
            print(f"store of {n} runs built in {time.perf_counter() - t:.1f}s ({db.stat().st_size / 1e6:.0f} MB)")
            for what in ("findings", "runs"):
                out = Path(tmp) / f"{what}-{n}.parquet"
                p = subprocess.run([sys.executable, "-c", CHILD, str(db), what, str(out)], capture_output=True,
                                   text=True, check=True)
                rows, seconds, base, peak = p.stdout.split()
                print(f"  export {what:8s} rows={rows:>9s} {seconds:>6s}s  peak RSS {peak} MB "
                      f"({base} MB before exporting: interpreter, DuckDB, pyarrow)")


if __name__ == "__main__":
    main()
