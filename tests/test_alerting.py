"""Alert delivery: stored, deduplicated, posted to a real HTTP server on 127.0.0.1, retried on failure."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.test_review import world
from veracity import alerting
from veracity.config import Config
from veracity.store import DuckStore


class Hook:
    """A webhook that records what it receives and answers with `status`."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.received.append({"json": json.loads(body), "type": self.headers["Content-Type"]})
                self.send_response(hook.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    yield h
    h.close()


@pytest.fixture
def store(tmp_path) -> Iterator[DuckStore]:
    s = DuckStore(tmp_path / "v.duckdb")
    yield s
    s.close()


def _alert(model: str = "m2", after: float = 0.3) -> dict:
    return {"cohort": {"agent": "a", "model": model}, "metric": "error_rate", "before": 0.05, "after": after,
            "at": "2026-03-02T10:00:00Z", "method": "sequential", "examples": ["r1", "r2"]}


def _config(url: str | None, interval: float = 0.0) -> Config:
    return Config(raw={"alerts": {"webhook": url, "timeout": 2, "interval": interval}} if url else {})


def test_one_open_alert_per_cohort_and_metric_updated_not_repeated(store):
    assert alerting.record(store, [_alert(), _alert(after=0.31)], now_ns=1) == {"opened": 1, "updated": 0,
                                                                              "resolved": 0}
    assert alerting.record(store, [_alert(after=0.35), _alert("m3")], now_ns=2) == {"opened": 1, "updated": 1,
                                                                                  "resolved": 0}
    rows = {a["cohort"]["model"]: a for a in alerting.stored(store)}
    assert rows["m2"]["times_seen"] == 2 and rows["m2"]["after"] == 0.35 and rows["m2"]["opened_ns"] == 1
    assert rows["m2"]["detail"]["examples"] == ["r1", "r2"] and rows["m2"]["at"] == "2026-03-02T10:00:00Z"
    assert alerting.record(store, [_alert("m3")], now_ns=3)["resolved"] == 1
    assert [a["cohort"]["model"] for a in alerting.stored(store, "open")] == ["m3"]
    assert alerting.record(store, [_alert(), _alert("m3")], now_ns=4)["opened"] == 1  # m2 came back: reopened
    assert len(alerting.stored(store)) == 2


def test_alerts_are_posted_once_as_slack_payloads(store, hook):
    alerting.record(store, [_alert(), _alert("m3")])
    assert alerting.deliver(store, hook.url) == {"sent": 2, "failed": 0}
    assert alerting.deliver(store, hook.url) == {"sent": 0, "failed": 0}
    assert len(hook.received) == 2 and hook.received[0]["type"] == "application/json"
    payload = hook.received[0]["json"]
    assert "error_rate" in payload["text"] and "5.0%" in payload["text"] and "30.0%" in payload["text"]
    assert payload["blocks"][0]["type"] == "header" and "`r1`" in json.dumps(payload["blocks"])
    alerting.record(store, [_alert(after=0.4), _alert("m3")])  # an update is not a new message
    assert alerting.deliver(store, hook.url)["sent"] == 0 and len(hook.received) == 2


def test_a_failing_webhook_is_logged_and_retried(store, hook, caplog):
    alerting.record(store, [_alert()])
    hook.status = 500
    with caplog.at_level(logging.WARNING, logger="veracity.alerting"):
        assert alerting.deliver(store, hook.url) == {"sent": 0, "failed": 1}
    assert "HTTP 500" in caplog.text
    row = alerting.stored(store)[0]
    assert row["delivered_ns"] is None and row["attempts"] == 1 and "500" in row["last_error"]
    unreachable = "http://127.0.0.1:9/hook"  # the discard port: nothing listens
    assert alerting.deliver(store, unreachable, timeout=0.5)["failed"] == 1
    hook.status = 200
    assert alerting.deliver(store, hook.url)["sent"] == 1
    row = alerting.stored(store)[0]
    assert row["delivered_ns"] is not None and row["attempts"] == 3 and row["last_error"] is None


def test_process_alerts_finds_a_regression_in_the_store_and_posts_it(store, hook):
    world(store, 2400, seed=1, rate=0.05, hours=48)
    world(store, 1200, seed=2, rate=0.45, model="m2", prefix="m", start_hour=24, hours=24)
    config = _config(hook.url)
    first = alerting.process_alerts(store, config, force=True)
    assert first is not None and first["opened"] >= 1 and first["sent"] == first["opened"]
    posted = [h["json"]["text"] for h in hook.received]
    assert any("model=m2" in text and "error_rate" in text for text in posted)
    again = alerting.process_alerts(store, config, force=True)
    assert again is not None and again["opened"] == 0 and again["sent"] == 0 and len(hook.received) == len(posted)
    assert alerting.process_alerts(store, _config(hook.url, interval=3600)) is None  # throttled


def test_no_webhook_stores_only_and_nothing_raises(store, caplog):
    world(store, 100, seed=1)
    assert alerting.settings(Config()) == {"webhook": None, "timeout": 5.0, "interval": 60.0}
    assert alerting.process_alerts(store, Config(), force=True) == {"opened": 0, "updated": 0, "resolved": 0}
    store.close()
    with caplog.at_level(logging.ERROR):
        assert alerting.process_alerts(store, Config(), force=True) is None  # a closed store: logged
    assert "processing alerts failed" in caplog.text
