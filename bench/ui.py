"""How fast a 10,000-step run's page becomes interactive in Chromium, through a real `veracity serve`.

usage: .venv/bin/python bench/ui.py [--db FILE] [--steps N] [--repeat R] [--json]

With `--db`, a copy of that store (e.g. `veracity-demo.duckdb` after `make demo`) gets the synthetic
run added; without, a store holding only that run. The server runs on 127.0.0.1; Debian's Chromium
(/usr/bin/chromium) opens `/runs/<id>` R times in fresh tabs. Per load it times, from the navigation's
start: the HTML's first byte, the page's `load` event, and "interactive" (the step tree drawn by
run.js and the page accepting a click: `body[data-ready]`), then clicks a step and times its lazily
loaded body. Also the other pages' server time (their JSON twins). Prints medians (and all samples).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from veracity.config import Config
from veracity.ingest import assemble, decode
from veracity.pipeline import store_runs
from veracity.store import open_store
from veracity.workload.long_run import long_run_request

RUN_ID = "bench-long-run"


def _store(db: str | None, steps: int, folder: Path) -> Path:
    path = folder / "ui-bench.duckdb"
    if db:
        shutil.copy(db, path)
    store = open_store(str(path))
    try:
        runs = assemble(decode(long_run_request(steps, run_id=RUN_ID), "application/x-protobuf").spans)
        store_runs(runs, store, Config())
    finally:
        store.close()
    return path


def _serve(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "veracity"
    proc = subprocess.Popen([str(exe), "serve", "--db", str(path), "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("veracity serve did not start")


def _loads(url: str, repeat: int) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for _ in range(repeat):
            page = browser.new_context(viewport={"width": 1366, "height": 850}).new_page()
            page.goto(f"{url}/runs/{RUN_ID}", wait_until="commit")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            timing = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
                return {first_byte: n.responseStart, ready: performance.now(), bytes: n.transferSize}; }""")
            page.wait_for_load_state("load")
            load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            start = time.perf_counter()
            page.locator("#tree .row").nth(5).click()
            page.wait_for_selector("#step-body article.step")
            page.wait_for_selector("#fields li.field", timeout=120_000)  # the lazy fields, before the next load
            samples.append({"first_byte_ms": timing["first_byte"], "interactive_ms": timing["ready"], "load_ms": load,
                            "step_body_ms": 1000 * (time.perf_counter() - start), "html_bytes": timing["bytes"]})
            page.context.close()
        browser.close()
    return samples


def _server_times(url: str) -> dict[str, float]:
    out = {}
    for path in ("/.json", "/runs.json", f"/runs/{RUN_ID}.json", f"/runs/{RUN_ID}/fields.json", "/review.json",
                 "/alerts.json", "/coverage.json"):
        start = time.perf_counter()
        httpx.get(url + path, timeout=120).raise_for_status()
        out[path] = round(1000 * (time.perf_counter() - start), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = _store(args.db, args.steps, Path(tmp))
        proc, url = _serve(path)
        try:
            samples = _loads(url, args.repeat)
            servers = _server_times(url)
        finally:
            proc.terminate()
            proc.wait(30)
    result: dict[str, Any] = {"steps": args.steps, "store": args.db or "(only the long run)", "repeat": args.repeat,
                              "median": {k: round(statistics.median(s[k] for s in samples), 1) for k in samples[0]},
                              "samples": samples, "server_ms": servers}
    if args.json:
        print(json.dumps(result))
        return
    m = result["median"]
    print(f"run of {args.steps} steps over {result['store']}, {args.repeat} loads in Chromium (medians):")
    print(f"  first byte {m['first_byte_ms']:.0f} ms, interactive {m['interactive_ms']:.0f} ms, "
          f"load event {m['load_ms']:.0f} ms, a step's body {m['step_body_ms']:.0f} ms, HTML {m['html_bytes'] / 1e6:.2f} MB")
    print("  server time per JSON twin (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in servers.items()))


if __name__ == "__main__":
    main()
