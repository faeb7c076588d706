"""What each destination receives for an alert's transition (trigger or resolve), as plain data.

Pure functions, no I/O: `slack_message`, `pagerduty_event`, `webhook_body` and `sign` (the HMAC
header of a signed webhook). Transport, retries and the delivery log live in `deliver`.

>>> sign("s3cret", 1700000000, b'{}')
'sha256=97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf'
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from urllib.parse import urlencode

import orjson

TRANSITIONS = ("trigger", "resolve")
SIGNATURE_HEADER = "X-Veracity-Signature"
TIMESTAMP_HEADER = "X-Veracity-Timestamp"
DELIVERY_HEADER = "X-Veracity-Delivery"
WEBHOOK_VERSION = 1


def _pct(x: Any) -> str:
    return f"{100 * float(x):.1f}%" if x is not None else "?"


def _cohort(alert: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in alert["cohort"].items())


def ui_link(alert: dict[str, Any], ui_url: str) -> str:
    """The UI page of the alert's runs: `/runs?agent=…&model=…` (the cohort) plus the metric."""
    query = {**{k: str(v) for k, v in alert["cohort"].items()}, "metric": alert["metric"]}
    return f"{ui_url.rstrip('/')}/runs?{urlencode(query)}"


def interval_text(alert: dict[str, Any]) -> str:
    """The anytime-valid interval of the rate after, when the alert carries one."""
    low_high = (alert.get("detail") or {}).get("after_interval")
    if not low_high:
        return "n/a"
    return f"{_pct(low_high[0])} – {_pct(low_high[1])}"


def summary(alert: dict[str, Any], transition: str) -> str:
    cohort = _cohort(alert)
    if transition == "resolve":
        return f"Recovered: {alert['metric']} for {cohort} is no longer above {_pct(alert['before'])}"
    return (f"Regression: {alert['metric']} rose from {_pct(alert['before'])} to {_pct(alert['after'])} "
            f"for {cohort} (since {alert['at']})")


def slack_message(alert: dict[str, Any], transition: str, ui_url: str) -> dict[str, Any]:
    """A Slack incoming-webhook message: fallback `text` and Block Kit blocks (header, fields, context, button)."""
    detail = alert.get("detail") or {}
    examples = [str(e) for e in detail.get("examples") or []][:3]
    resolved = transition == "resolve"
    title = ("Recovered: " if resolved else "Regression: ") + str(alert["metric"])
    fields = [
        {"type": "mrkdwn", "text": f"*Cohort*\n{_cohort(alert)}"},
        {"type": "mrkdwn", "text": f"*Rate before → after*\n{_pct(alert['before'])} → {_pct(alert['after'])}"},
        {"type": "mrkdwn", "text": f"*Interval (after)*\n{interval_text(alert)}"},
        {"type": "mrkdwn", "text": f"*Since*\n{alert['at']} ({detail.get('method', 'sequential')})"},
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150], "emoji": False}},
        {"type": "section", "text": {"type": "mrkdwn", "text": summary(alert, transition)[:3000]}, "fields": fields},
    ]
    if examples:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": "Example runs: " + ", ".join(f"`{e}`" for e in examples)}]})
    blocks.append({"type": "actions", "elements": [
        {"type": "button", "action_id": "veracity_open_runs", "url": ui_link(alert, ui_url),
         "text": {"type": "plain_text", "text": "Open the runs"}}]})
    return {"text": summary(alert, transition), "blocks": blocks}


def pagerduty_event(alert: dict[str, Any], transition: str, routing_key: str, ui_url: str) -> dict[str, Any]:
    """A PagerDuty Events API v2 event; `dedup_key` is the alert id, so trigger and resolve meet."""
    event: dict[str, Any] = {"routing_key": routing_key, "event_action": transition,
                             "dedup_key": f"veracity-{alert['alert_id']}"}
    if transition == "resolve":
        return event
    detail = alert.get("detail") or {}
    event["payload"] = {
        "summary": summary(alert, transition)[:1024],
        "source": "veracity",
        "severity": "error" if alert["metric"] == "error_rate" else "warning",
        "component": str(alert["cohort"].get("agent", "")),
        "group": next((f"{k}={v}" for k, v in alert["cohort"].items() if k != "agent"), ""),
        "class": str(alert["metric"]),
        "custom_details": {"cohort": alert["cohort"], "before": alert["before"], "after": alert["after"],
                           "after_interval": detail.get("after_interval"), "since": alert["at"],
                           "method": detail.get("method"), "examples": detail.get("examples") or []},
    }
    event["links"] = [{"href": ui_link(alert, ui_url), "text": "The runs in veracity"}]
    event["client"] = "veracity"
    event["client_url"] = ui_link(alert, ui_url)
    return event


def webhook_body(alert: dict[str, Any], transition: str, delivery_id: str, ui_url: str) -> dict[str, Any]:
    """The generic webhook's JSON: `type` alert.triggered / alert.resolved, the alert, a link, the delivery id."""
    detail = alert.get("detail") or {}
    return {
        "version": WEBHOOK_VERSION,
        "type": "alert.resolved" if transition == "resolve" else "alert.triggered",
        "delivery_id": delivery_id,
        "alert_id": alert["alert_id"],
        "cohort": alert["cohort"],
        "metric": alert["metric"],
        "before": alert["before"],
        "after": alert["after"],
        "after_interval": detail.get("after_interval"),
        "since": alert["at"],
        "method": detail.get("method"),
        "examples": detail.get("examples") or [],
        "status": "resolved" if transition == "resolve" else "open",
        "url": ui_link(alert, ui_url),
        "summary": summary(alert, transition),
    }


def encode(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=` + hex HMAC-SHA256 over `{timestamp}.{body}` with the shared secret (the receiver
    recomputes it and rejects old timestamps, so a captured request cannot be replayed later)."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def delivery_id(alert_id: str, destination: str, transition: str, episode_ns: int) -> str:
    """The idempotency key of one delivery (sent as `X-Veracity-Delivery` and in the body)."""
    raw = f"{alert_id}|{destination}|{transition}|{episode_ns}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]
