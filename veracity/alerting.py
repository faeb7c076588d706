"""Alert delivery: regression alerts kept in the store, deduplicated, and posted to a webhook.

`process_alerts(store, config)` recomputes the alerts of `veracity.report.alerts` over every
stored run and reconciles them with the `alerts` table: one row per (cohort, metric). A new one
opens; one that is already open is updated (rate after, time, examples, times seen), never
repeated; an open one no longer found is resolved, and if it is found again later it reopens
and is delivered again. Open alerts not yet delivered are posted to `[alerts] webhook` in
`veracity.toml` as a Slack-compatible payload (`{"text": ..., "blocks": [...]}`) with httpx and a
timeout; a failure is logged, counted on the row, and retried on the next call. Nothing raises.

Destinations configured as `[[alerts.destinations]]` (Slack Block Kit, PagerDuty Events API v2,
signed webhooks: `veracity.notify`) get a trigger when an alert opens and a recovery notice when it
resolves (its test no longer rejects), each logged in the store and never sent twice.

Recomputing reads every stored run, so calls closer together than `[alerts] interval` seconds
(default 60) are skipped unless `force=True`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

import httpx
import orjson

from veracity.store.base import AlertStore, Store

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60.0
DEFAULT_TIMEOUT = 5.0
_last_run: dict[str, float] = {}


def alert_id(cohort: dict[str, Any], metric: str) -> str:
    """The deduplication key: the cohort and the metric."""
    body = orjson.dumps({"cohort": cohort, "metric": metric}, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(body).hexdigest()[:16]


def settings(config: Any) -> dict[str, Any]:
    """`[alerts]` of veracity.toml: webhook (URL or None), timeout and interval in seconds."""
    raw = getattr(config, "raw", None) or {}
    found = raw.get("alerts")
    section: dict[str, Any] = found if isinstance(found, dict) else {}
    return {"webhook": section.get("webhook") or None,
            "timeout": float(section.get("timeout", DEFAULT_TIMEOUT)),
            "interval": float(section.get("interval", DEFAULT_INTERVAL))}


def record(store: AlertStore, found: list[dict[str, Any]], now_ns: int | None = None) -> dict[str, int]:
    """Reconcile computed alerts with the table; counts of opened, updated and resolved alerts."""
    now = time.time_ns() if now_ns is None else now_ns
    open_rows = store.alert_statuses()
    counts = {"opened": 0, "updated": 0, "resolved": 0}
    seen: set[str] = set()
    for a in found:
        key = alert_id(a["cohort"], a["metric"])
        if key in seen:
            continue
        seen.add(key)
        if open_rows.get(key) == "open":
            store.update_alert({**a, "alert_id": key}, now)
            counts["updated"] += 1
        else:  # new, or a resolved one that came back: (re)open and deliver again
            store.open_alert({**a, "alert_id": key}, now)
            counts["opened"] += 1
    gone = [k for k, s in open_rows.items() if s == "open" and k not in seen]
    store.resolve_alerts(gone, now)
    counts["resolved"] = len(gone)
    return counts


def stored(store: AlertStore, status: str | None = None) -> list[dict[str, Any]]:
    """Alerts in the table (optionally only `open` or `resolved` ones), oldest first."""
    return store.alert_rows(status)


def _pct(x: Any) -> str:
    return f"{100 * float(x):.1f}%" if x is not None else "?"


def slack_payload(alert: dict[str, Any]) -> dict[str, Any]:
    """A Slack-compatible message (incoming webhook): fallback text plus Block Kit blocks."""
    cohort = ", ".join(f"{k}={v}" for k, v in alert["cohort"].items())
    detail = alert.get("detail") or {}
    text = (f"veracity: {alert['metric']} rose from {_pct(alert['before'])} to {_pct(alert['after'])} "
            f"for {cohort} (at {alert['at']})")
    examples = detail.get("examples") or []
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"Regression: {alert['metric']}"}},
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*Cohort*\n{cohort}"},
            {"type": "mrkdwn", "text": f"*Rate*\n{_pct(alert['before'])} → {_pct(alert['after'])}"},
            {"type": "mrkdwn", "text": f"*Since*\n{alert['at']}"},
            {"type": "mrkdwn", "text": f"*Test*\n{detail.get('method', 'sequential')}"},
        ]},
    ]
    if examples:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": "Example runs: " + ", ".join(f"`{e}`" for e in examples[:3])
             + " (`veracity show RUN`)"}]})
    return {"text": text, "blocks": blocks}


def deliver(store: AlertStore, webhook: str, timeout: float = DEFAULT_TIMEOUT, now_ns: int | None = None) -> dict[str, int]:
    """Post every open, undelivered alert; failures are logged and left for the next call."""
    sent = failed = 0
    pending = [a for a in stored(store, "open") if a["delivered_ns"] is None]
    if not pending:
        return {"sent": 0, "failed": 0}
    with httpx.Client(timeout=timeout) as client:
        for alert in pending:
            error = None
            try:
                response = client.post(webhook, json=slack_payload(alert))
                if response.status_code >= 300:
                    error = f"HTTP {response.status_code}: {response.text[:200]}"
            except httpx.HTTPError as e:
                error = f"{type(e).__name__}: {e}"
            now = time.time_ns() if now_ns is None else now_ns
            store.alert_attempt(alert["alert_id"], now, error)
            if error is None:
                sent += 1
            else:
                log.warning("alert webhook failed (will retry): %s", error)
                failed += 1
    return {"sent": sent, "failed": failed}


def process_alerts(store: Store, config: Any, force: bool = False, now_ns: int | None = None) -> dict[str, int] | None:
    """Recompute, store, deduplicate and deliver alerts; None when skipped. Never raises."""
    opts = settings(config)
    key = str(getattr(store, "path", id(store)))
    if not force and time.monotonic() - _last_run.get(key, -1e18) < opts["interval"]:
        return None
    _last_run[key] = time.monotonic()
    try:
        from veracity.notify import deliver_all, destinations
        from veracity.report.alerts import alerts

        counts = record(store, alerts(store), now_ns)
        if opts["webhook"]:
            counts.update(deliver(store, opts["webhook"], opts["timeout"], now_ns))
        targets = destinations(config)
        if targets:
            sent = deliver_all(store, targets, now_ns)
            counts.update({f"destinations_{k}": v for k, v in sent.items()})
        return counts
    except Exception:
        log.exception("processing alerts failed")
        return None
