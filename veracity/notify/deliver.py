"""Send what is due to each destination, retry with backoff, and log every attempt in the store.

What is due comes from the alerts table (`veracity.alerting.record` keeps it): every open alert
owes each destination one `trigger`; every resolved alert whose trigger reached a destination owes
it one `resolve` (the recovery notice). An *episode* is one opening of an alert (its `opened_ns`):
an alert that comes back after resolving is a new episode, announced again. The delivery log
(`Store.record_delivery`) holds one row per (alert, destination, transition, episode): a delivered
row is never sent again, a failed one is retried on a later pass once its `next_ns` has come
(exponential backoff), and after `max_attempts`, or at once on a permanent refusal (HTTP 4xx other
than 408/429), it gives up. Receivers get an idempotency key (PagerDuty's `dedup_key`, the
webhook's `X-Veracity-Delivery`) in case a crash between a send and its log line repeats one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import httpx

from veracity.notify import payloads
from veracity.notify.config import Destination
from veracity.store.base import Store

log = logging.getLogger(__name__)
RETRYABLE = {408, 425, 429}
MAX_BACKOFF_S = 3600.0


def request_for(dest: Destination, alert: dict[str, Any], transition: str, episode_ns: int,
                now_s: int) -> tuple[bytes, dict[str, str]]:
    """The body and headers one destination receives (the webhook's are signed)."""
    key = payloads.delivery_id(alert["alert_id"], dest.name, transition, episode_ns)
    headers = {"Content-Type": "application/json", "User-Agent": "veracity"}
    if dest.type == "slack":
        body = payloads.encode(payloads.slack_message(alert, transition, dest.ui_url))
    elif dest.type == "pagerduty":
        body = payloads.encode(payloads.pagerduty_event(alert, transition, dest.secret or "", dest.ui_url))
    else:
        body = payloads.encode(payloads.webhook_body(alert, transition, key, dest.ui_url))
        headers[payloads.TIMESTAMP_HEADER] = str(now_s)
        headers[payloads.SIGNATURE_HEADER] = payloads.sign(dest.secret or "", now_s, body)
    headers[payloads.DELIVERY_HEADER] = key
    return body, headers


def post(client: httpx.Client, dest: Destination, body: bytes, headers: dict[str, str],
         sleep: Callable[[float], None]) -> tuple[str | None, bool]:
    """Up to `dest.retries` attempts with doubling pauses; (error or None, whether it may succeed later)."""
    error: str | None = None
    for attempt in range(dest.retries):
        if attempt:
            sleep(dest.backoff * 2 ** (attempt - 1))
        try:
            response = client.post(dest.url, content=body, headers=headers, timeout=dest.timeout)
        except httpx.HTTPError as e:
            error = f"{type(e).__name__}: {e}"
            continue
        if response.status_code < 300:
            return None, True
        error = f"HTTP {response.status_code}: {response.text[:200]}"
        if response.status_code < 500 and response.status_code not in RETRYABLE:
            return error, False  # a refusal (bad key, bad payload): retrying cannot help
    return error, True


def due(store: Store, dests: list[Destination], now_ns: int) -> list[tuple[Destination, dict[str, Any], str]]:
    """(destination, alert, transition) owed now, triggers before resolves of the same alert."""
    logged = {(d["alert_id"], d["destination"], d["transition"], d["episode_ns"]): d for d in store.delivery_rows()}
    out = []
    for alert in store.alert_rows():
        episode = alert["opened_ns"]
        for dest in dests:
            trigger = logged.get((alert["alert_id"], dest.name, "trigger", episode))
            if alert["status"] == "open":
                wanted = "trigger"
            elif trigger is not None and trigger["status"] == "delivered":
                wanted = "resolve"
            else:
                continue  # resolved before it was ever announced here: nothing to recover from
            entry = logged.get((alert["alert_id"], dest.name, wanted, episode))
            if entry is None or (entry["status"] == "failed" and (entry["next_ns"] or 0) <= now_ns):
                out.append((dest, alert, wanted))
    return out


def deliver_all(store: Store, dests: list[Destination], now_ns: int | None = None,
                sleep: Callable[[float], None] = time.sleep) -> dict[str, int]:
    """Send every due delivery; counts of sent, failed (to retry) and given up. Never raises on I/O."""
    counts = {"sent": 0, "failed": 0, "gave_up": 0}
    if not dests:
        return counts
    with httpx.Client() as client:
        for dest, alert, transition in due(store, dests, time.time_ns() if now_ns is None else now_ns):
            episode = alert["opened_ns"]
            now = time.time_ns() if now_ns is None else now_ns
            body, headers = request_for(dest, alert, transition, episode, int(time.time()))  # signed now
            error, retryable = post(client, dest, body, headers, sleep)
            previous = [d for d in store.delivery_rows(alert["alert_id"])
                        if (d["destination"], d["transition"], d["episode_ns"]) == (dest.name, transition, episode)]
            attempts = (previous[0]["attempts"] if previous else 0) + 1
            gave_up = error is not None and (not retryable or attempts >= dest.max_attempts)
            wait_s = min(MAX_BACKOFF_S, dest.backoff * 2 ** (dest.retries + attempts - 1))
            store.record_delivery({"alert_id": alert["alert_id"], "destination": dest.name, "transition": transition,
                                   "episode_ns": episode, "now_ns": now, "error": error,
                                   "status": "gave_up" if gave_up else "failed",
                                   "next_ns": None if error is None or gave_up else now + int(wait_s * 1e9)})
            if error is None:
                counts["sent"] += 1
            else:
                counts["gave_up" if gave_up else "failed"] += 1
                log.warning("alert %s to %s (%s) failed%s: %s", transition, dest.name, alert["alert_id"],
                            "; giving up" if gave_up else ", will retry", error)
    return counts


def sample_alert(now_ns: int) -> dict[str, Any]:
    """A made-up alert for `veracity alerts test` (its id says so)."""
    return {"alert_id": f"test-{now_ns // 10**9}", "cohort": {"agent": "sample-agent", "model": "sample-model"},
            "metric": "error_rate", "before": 0.05, "after": 0.12, "at": "1970-01-01T00:00:00Z",
            "status": "open", "opened_ns": now_ns,
            "detail": {"method": "sequential", "after_interval": [0.08, 0.17], "examples": ["sample-run-1"],
                       "test": True}}


def send_test(dests: list[Destination], now_ns: int | None = None,
              sleep: Callable[[float], None] = time.sleep) -> list[dict[str, Any]]:
    """Send a sample trigger, then its resolve, to each destination; nothing is logged in the store."""
    now = time.time_ns() if now_ns is None else now_ns
    alert = sample_alert(now)
    results = []
    with httpx.Client() as client:
        for dest in dests:
            outcome: dict[str, Any] = {"destination": dest.name, "type": dest.type}
            for transition in payloads.TRANSITIONS:
                body, headers = request_for(dest, alert, transition, now, int(time.time()))
                outcome[transition] = post(client, dest, body, headers, sleep)[0] or "ok"
            results.append(outcome)
    return results
