"""`veracity ui`: the same pages over a store, without an OTLP receiver."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.ui.conftest import _free_port, get_json


def test_veracity_ui_serves_the_pages_without_a_receiver(ui_store: Path, base_url: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(ui_store, copy)  # the running `serve` holds the original (one writing process per DuckDB file)
    port = _free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "veracity"), "ui", "--db", str(copy), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                response = httpx.get(url + "/runs.json", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.json()["total"] == get_json(base_url, "/runs.json")["total"]
        page = httpx.get(url + "/coverage", timeout=60)
        assert page.status_code == 200 and "<h1>Evidence coverage</h1>" in page.text
        assert httpx.post(url + "/v1/traces", content=b"", timeout=5).status_code in (404, 405)  # no receiver
        assert httpx.get(url + "/ui-static/vendor/htmx.min.js", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(30)


def test_bad_filters_and_unknown_runs_are_clear_errors(base_url: str) -> None:
    bad = httpx.get(base_url + "/runs.json?since=last+tuesday", timeout=30)
    assert bad.status_code == 400 and "since='last tuesday'" in bad.json()["detail"]
    page = httpx.get(base_url + "/runs?page=two", timeout=30)
    assert page.status_code == 400 and "page=&#39;two&#39;" in page.text
    for path in ("/runs/no-such-run", "/pairs/no-such-key", "/runs/no-such-run/steps/x"):
        assert httpx.get(base_url + path + ".json", timeout=30).status_code == 404
        html = httpx.get(base_url + path, timeout=30)
        assert html.status_code == 404 and "nothing at" in html.text
    assert httpx.post(base_url + "/runs/views", json={"name": "", "query": "x=1"}, timeout=30).status_code == 400
