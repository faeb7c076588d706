"""Alert destinations against real receivers on 127.0.0.1 (tests/receivers.py validates each payload):
Slack Block Kit, PagerDuty Events API v2, signed webhooks; fire then resolve, retries, no duplicates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import orjson
import pytest

from tests.receivers import Receiver
from tests.test_review import world
from veracity import alerting
from veracity.config import Config
from veracity.model import Verdict
from veracity.notify import deliver_all, destinations, send_test
from veracity.notify.payloads import sign
from veracity.store import DuckStore
from veracity.store.base import RunFilter

ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF"
SECRET = "whsec-test-secret"


@pytest.fixture
def receivers() -> Iterator[dict[str, Receiver]]:
    found = {"slack": Receiver("slack"), "pagerduty": Receiver("pagerduty"), "webhook": Receiver("webhook", SECRET)}
    yield found
    for r in found.values():
        r.close()


@pytest.fixture
def store(tmp_path) -> Iterator[DuckStore]:
    s = DuckStore(tmp_path / "v.duckdb")
    yield s
    s.close()


def _config(receivers: dict[str, Receiver], monkeypatch: pytest.MonkeyPatch, **extra: object) -> Config:
    monkeypatch.setenv("TEST_SLACK_URL", receivers["slack"].url)
    monkeypatch.setenv("TEST_PD_KEY", ROUTING_KEY)
    monkeypatch.setenv("TEST_HOOK_SECRET", SECRET)
    common = {"backoff": 0.001, **extra}
    return Config(raw={"alerts": {"interval": 0, "ui_url": "http://veracity.test", "destinations": [
        {"type": "slack", "name": "team", "url_env": "TEST_SLACK_URL", **common},
        {"type": "pagerduty", "url": receivers["pagerduty"].url, "routing_key_env": "TEST_PD_KEY", **common},
        {"type": "webhook", "url": receivers["webhook"].url, "secret_env": "TEST_HOOK_SECRET", **common},
    ]}})


def _transitions(receiver: Receiver) -> Counter[tuple[str, str]]:
    """(alert, transition) of every accepted delivery, read from the payload as the service sees it."""
    out: Counter[tuple[str, str]] = Counter()
    for item in receiver.accepted:
        body = item["json"]
        if receiver.kind == "pagerduty":
            out[(body["dedup_key"].removeprefix("veracity-"), body["event_action"])] += 1
        elif receiver.kind == "webhook":
            out[(body["alert_id"], "resolve" if body["type"] == "alert.resolved" else "trigger")] += 1
        else:
            resolved = body["blocks"][0]["text"]["text"].startswith("Recovered")
            out[(body["text"].split(" for ")[-1].split(" (")[0], "resolve" if resolved else "trigger")] += 1
    return out


def test_an_alert_fires_then_resolves_once_at_every_destination(store, receivers, monkeypatch):
    world(store, 2400, seed=1, rate=0.05, hours=48)
    world(store, 1200, seed=2, rate=0.45, model="m2", prefix="m", start_hour=24, hours=24)
    config = _config(receivers, monkeypatch)
    first = alerting.process_alerts(store, config, force=True)
    assert first is not None and first["opened"] >= 1 and first["destinations_sent"] == 3 * first["opened"]
    opened = {a["alert_id"] for a in alerting.stored(store, "open")}
    # A recheck brings the new model's runs back to the old rate: the test no longer rejects, the alert resolves.
    fixed = [r for batch in store.iter_runs(RunFilter(model="m2")) for r in batch]
    store.write_results(fixed, [Verdict(run_id=r.run_id, verdict="failed" if i % 9 == 0 else "verified", risk=0.05,
                                        findings=[], checker_version="v1") for i, r in enumerate(fixed)])
    second = alerting.process_alerts(store, config, force=True)
    assert second is not None and second["resolved"] == len(opened) and second["destinations_sent"] == 3 * len(opened)
    third = alerting.process_alerts(store, config, force=True)
    assert third is not None and third["destinations_sent"] == 0  # nothing twice
    for kind, receiver in receivers.items():
        assert receiver.rejected == [], kind
        counts = _transitions(receiver)
        assert sorted(counts.values()) == [1] * (2 * len(opened)), kind
        if kind != "slack":
            assert {a for a, _ in counts} == opened
    slack = receivers["slack"].accepted[0]["json"]
    fields = " ".join(f["text"] for f in slack["blocks"][1]["fields"])
    assert "model=m2" in fields and "→" in fields and "Interval (after)" in fields and "%" in fields
    assert slack["blocks"][-1]["elements"][0]["url"].startswith("http://veracity.test/runs?agent=a&model=m2")
    assert "Example runs" in slack["blocks"][2]["elements"][0]["text"]
    trigger = receivers["pagerduty"].accepted[0]["json"]
    assert trigger["payload"]["custom_details"]["examples"] and trigger["links"][0]["href"].startswith("http://veracity.test/runs")
    log = store.delivery_rows()
    assert len(log) == 6 * len(opened) and {d["status"] for d in log} == {"delivered"}


def test_failed_deliveries_retry_with_backoff_and_give_up_on_refusals(store, receivers, monkeypatch):
    alert = {"cohort": {"agent": "a", "model": "m2"}, "metric": "error_rate", "before": 0.05, "after": 0.3,
             "at": "2026-03-02T10:00:00Z", "method": "sequential", "examples": ["r1"], "after_interval": [0.2, 0.4]}
    alerting.record(store, [alert], now_ns=1)
    dests = destinations(_config(receivers, monkeypatch, retries=2, max_attempts=3))
    receivers["slack"].fail_next = [503, 503, 500]       # two passes fail, the third succeeds
    receivers["pagerduty"].fail_next = [400]             # a refusal: no retry
    pauses: list[float] = []
    assert deliver_all(store, dests, now_ns=10, sleep=pauses.append) == {"sent": 1, "failed": 1, "gave_up": 1}
    assert pauses == [0.001]  # a pause before slack's second attempt; pagerduty gave up at once
    [slack] = [d for d in store.delivery_rows() if d["destination"] == "team"]
    assert slack["status"] == "failed" and slack["attempts"] == 1 and slack["next_ns"] > 10
    assert deliver_all(store, dests, now_ns=10, sleep=pauses.append)["sent"] == 0  # not due yet: backoff
    later = slack["next_ns"]
    assert deliver_all(store, dests, now_ns=later, sleep=pauses.append) == {"sent": 1, "failed": 0, "gave_up": 0}
    assert deliver_all(store, dests, now_ns=later * 2, sleep=pauses.append) == {"sent": 0, "failed": 0, "gave_up": 0}
    assert len(receivers["slack"].accepted) == 1 and receivers["pagerduty"].accepted == []
    assert len(receivers["webhook"].accepted) == 1
    rows = {d["destination"]: d for d in store.delivery_rows()}
    assert rows["team"]["status"] == "delivered" and rows["pagerduty-2"]["status"] == "gave_up"


def test_a_reopened_alert_is_a_new_episode_announced_again(store, receivers, monkeypatch):
    alert = {"cohort": {"agent": "a", "model": "m2"}, "metric": "error_rate", "before": 0.05, "after": 0.3,
             "at": "2026-03-02T10:00:00Z", "examples": []}
    dests = destinations(_config(receivers, monkeypatch))[2:]  # the webhook
    for now, found in ((1, [alert]), (2, []), (3, [alert])):
        alerting.record(store, found, now_ns=now)
        deliver_all(store, dests, now_ns=now)
    types = [a["json"]["type"] for a in receivers["webhook"].accepted]
    assert types == ["alert.triggered", "alert.resolved", "alert.triggered"]
    assert len({a["headers"]["X-Veracity-Delivery"] for a in receivers["webhook"].accepted}) == 3


def test_a_wrong_secret_is_refused_by_the_receiver(store, receivers, monkeypatch):
    config = _config(receivers, monkeypatch)
    monkeypatch.setenv("TEST_HOOK_SECRET", "not-the-secret")
    [result] = send_test(destinations(config)[2:])
    assert result["trigger"].startswith("HTTP 401") and receivers["webhook"].rejected
    assert sign("k", 1, b"x") != sign("k", 2, b"x") != sign("j", 1, b"x")


def test_alerts_test_sends_a_sample_to_each_destination(receivers, monkeypatch):
    results = send_test(destinations(_config(receivers, monkeypatch)))
    assert [(r["trigger"], r["resolve"]) for r in results] == [("ok", "ok")] * 3
    for receiver in receivers.values():
        assert len(receiver.accepted) == 2 and receiver.rejected == []


@pytest.mark.parametrize(("entry", "message"), [
    ({"type": "teams", "url": "http://x"}, "type must be one of"),
    ({"type": "slack"}, "url"),
    ({"type": "webhook", "url": "http://x"}, "secret_env"),
    ({"type": "pagerduty", "routing_key_env": "NOT_SET_ANYWHERE"}, r"\$NOT_SET_ANYWHERE"),
])
def test_bad_destinations_are_named(entry, message):
    with pytest.raises(ValueError, match=message) as info:
        destinations(Config(raw={"alerts": {"destinations": [entry]}}))
    assert "#1" in str(info.value)


def test_the_alerts_test_command_and_the_delivery_log(store, receivers, monkeypatch, tmp_path):
    from tests.test_cli import run as cli

    _config(receivers, monkeypatch)  # sets the variables the file names
    (tmp_path / "veracity.toml").write_text(f"""
[alerts]
ui_url = "http://veracity.test"
[[alerts.destinations]]
type = "slack"
url_env = "TEST_SLACK_URL"
[[alerts.destinations]]
type = "pagerduty"
url = "{receivers['pagerduty'].url}"
routing_key_env = "TEST_PD_KEY"
[[alerts.destinations]]
type = "webhook"
url = "{receivers['webhook'].url}"
secret_env = "TEST_HOOK_SECRET"
""")
    p = cli("alerts", "test", "--config", str(tmp_path / "veracity.toml"))
    assert p.returncode == 0, p.stderr
    assert len(re.findall(rb"\bok\b", p.stdout)) == 6 and all(len(r.accepted) == 2 for r in receivers.values())
    receivers["slack"].fail_next = [500] * 3
    p = cli("alerts", "test", "--config", str(tmp_path / "veracity.toml"))
    assert p.returncode == 1 and b"HTTP 500" in p.stdout
    (tmp_path / "bad.toml").write_text('[[alerts.destinations]]\ntype = "email"\n')
    p = cli("alerts", "test", "--config", str(tmp_path / "bad.toml"))
    assert p.returncode == 2 and b"type must be one of" in p.stderr
    alerting.record(store, [{"cohort": {"agent": "a", "model": "m"}, "metric": "error_rate", "before": 0.1,
                             "after": 0.2, "at": "2026-01-01T00:00:00Z"}], now_ns=1)
    deliver_all(store, destinations(_config(receivers, monkeypatch))[1:], now_ns=1)
    store.close()
    p = cli("alerts", "deliveries", "--json", "--db", str(tmp_path / "v.duckdb"))
    assert p.returncode == 0, p.stderr
    assert sorted(orjson.loads(line)["destination"] for line in p.stdout.splitlines()) == ["pagerduty-2", "webhook-3"]
