"""The browser UI against a real `veracity serve` on 127.0.0.1, driven by Playwright with Debian's Chromium.

The store: a few hundred runs of the reference world through the real pipeline (`veracity demo`'s
path, with its review sample of labels), plus one synthetic run of 10,000 steps.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from veracity.config import Config
from veracity.demo import _review_sample
from veracity.ingest import assemble, decode
from veracity.pipeline import store_runs
from veracity.store import open_store
from veracity.workload import WorldConfig, simulate
from veracity.workload.long_run import long_run_request

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).parent / "screenshots"
LONG_RUN = "long-run-10k"
WORLD_RUNS = 240


@pytest.fixture(scope="session")
def ui_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ui") / "ui.duckdb"
    store, config, truths = open_store(str(path)), Config(), []
    try:
        bodies = []
        for bundle in simulate(WorldConfig(runs=WORLD_RUNS, seed=11)):
            bodies.append(bundle.request.SerializeToString())
            truths.append(bundle.truth)
        spans = [span for body in bodies for span in decode(body, "application/x-protobuf").spans]
        store_runs(assemble(spans), store, config)
        store_runs(assemble(decode(long_run_request(10_000, run_id=LONG_RUN), "application/x-protobuf").spans),
                   store, config)
        store.write_labels(list(_review_sample(truths, 0.1, 11)))  # a review sample, as `veracity demo` keeps
    finally:
        store.close()
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def base_url(ui_store: Path) -> Iterator[str]:
    port = _free_port()
    exe = Path(sys.executable).parent / "veracity"
    proc = subprocess.Popen([str(exe), "serve", "--db", str(ui_store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"veracity serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.1)
        else:
            raise RuntimeError("veracity serve did not answer /healthz")
        yield url
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


class Page:
    """A browser tab that records console errors and failed requests."""

    def __init__(self, page: Any, base: str):
        self.page, self.base, self.errors = page, base, []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def shot(self, name: str) -> None:
        SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 850})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield Page(page, base_url)
    context.close()


def get_json(base: str, path: str) -> Any:
    response = httpx.get(base + path, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()
