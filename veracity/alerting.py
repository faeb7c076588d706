"""Alert delivery: regression alerts kept in the store, deduplicated, and posted to a webhook.

`process_alerts(store, config)` recomputes the alerts of `veracity.report.alerts` over every
stored run and reconciles them with the `alerts` table: one row per (cohort, metric). A new one
opens; one that is already open is updated (rate after, time, examples, times seen), never
repeated; an open one no longer found is resolved, and if it is found again later it reopens
and is delivered again. Open alerts not yet delivered are posted to `[alerts] webhook` in
`veracity.toml` as a Slack-compatible payload (`{"text": ..., "blocks": [...]}`) with httpx and a
timeout; a failure is logged, counted on the row, and retried on the next call. Nothing raises.

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

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60.0
DEFAULT_TIMEOUT = 5.0
SCHEMA = """CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR PRIMARY KEY, cohort JSON, metric VARCHAR, status VARCHAR, before DOUBLE, after DOUBLE,
    alert_at VARCHAR, detail JSON, opened_ns BIGINT, updated_ns BIGINT, resolved_ns BIGINT, times_seen INTEGER,
    delivered_ns BIGINT, attempts INTEGER, last_error VARCHAR)"""
COLUMNS = ("alert_id", "cohort", "metric", "status", "before", "after", "alert_at", "detail", "opened_ns", "updated_ns",
           "resolved_ns", "times_seen", "delivered_ns", "attempts", "last_error")
_last_run: dict[str, float] = {}


def ensure_table(store: Any) -> None:
    store.db.execute(SCHEMA).fetchall()


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


def record(store: Any, found: list[dict[str, Any]], now_ns: int | None = None) -> dict[str, int]:
    """Reconcile computed alerts with the table; counts of opened, updated and resolved alerts."""
    ensure_table(store)
    now = time.time_ns() if now_ns is None else now_ns
    open_rows = {r[0]: r[1] for r in store.query("SELECT alert_id, status FROM alerts")}
    counts = {"opened": 0, "updated": 0, "resolved": 0}
    seen: set[str] = set()
    for a in found:
        key = alert_id(a["cohort"], a["metric"])
        if key in seen:
            continue
        seen.add(key)
        detail = orjson.dumps({k: v for k, v in a.items() if k not in ("cohort", "metric", "before", "after", "at")},
                              default=str).decode()
        cohort = orjson.dumps(a["cohort"], option=orjson.OPT_SORT_KEYS).decode()
        if open_rows.get(key) == "open":
            store.db.execute(
                """UPDATE alerts SET before = ?, after = ?, alert_at = ?, detail = ?, updated_ns = ?,
                   times_seen = times_seen + 1 WHERE alert_id = ?""",
                [a["before"], a["after"], a["at"], detail, now, key]).fetchall()
            counts["updated"] += 1
        else:  # new, or a resolved one that came back: (re)open and deliver again
            store.db.execute(
                "INSERT OR REPLACE INTO alerts VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, NULL, 1, NULL, 0, NULL)",
                [key, cohort, a["metric"], a["before"], a["after"], a["at"], detail, now, now]).fetchall()
            counts["opened"] += 1
    gone = [k for k, s in open_rows.items() if s == "open" and k not in seen]
    for key in gone:
        store.db.execute("UPDATE alerts SET status = 'resolved', resolved_ns = ?, updated_ns = ? WHERE alert_id = ?",
                         [now, now, key]).fetchall()
    counts["resolved"] = len(gone)
    return counts


def stored(store: Any, status: str | None = None) -> list[dict[str, Any]]:
    """Alerts in the table (optionally only `open` or `resolved` ones), oldest first."""
    ensure_table(store)
    where = "WHERE status = ?" if status else ""
    rows = store.query(f"SELECT {', '.join(COLUMNS)} FROM alerts {where} ORDER BY opened_ns, alert_id",
                       [status] if status else [])
    out = []
    for row in rows:
        item = dict(zip(COLUMNS, row, strict=True))
        item["at"] = item.pop("alert_at")
        item["cohort"] = orjson.loads(item["cohort"])
        item["detail"] = orjson.loads(item["detail"]) if item["detail"] else {}
        out.append(item)
    return out


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


def deliver(store: Any, webhook: str, timeout: float = DEFAULT_TIMEOUT, now_ns: int | None = None) -> dict[str, int]:
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
            if error is None:
                store.db.execute("UPDATE alerts SET delivered_ns = ?, attempts = attempts + 1, last_error = NULL "
                                 "WHERE alert_id = ?", [now, alert["alert_id"]]).fetchall()
                sent += 1
            else:
                log.warning("alert webhook failed (will retry): %s", error)
                store.db.execute("UPDATE alerts SET attempts = attempts + 1, last_error = ? WHERE alert_id = ?",
                                 [error, alert["alert_id"]]).fetchall()
                failed += 1
    return {"sent": sent, "failed": failed}


def process_alerts(store: Any, config: Any, force: bool = False, now_ns: int | None = None) -> dict[str, int] | None:
    """Recompute, store, deduplicate and deliver alerts; None when skipped. Never raises."""
    opts = settings(config)
    key = str(getattr(store, "path", id(store)))
    if not force and time.monotonic() - _last_run.get(key, -1e18) < opts["interval"]:
        return None
    _last_run[key] = time.monotonic()
    try:
        from veracity.report.alerts import alerts

        counts = record(store, alerts(store, "TRUE", []), now_ns)
        if opts["webhook"]:
            counts.update(deliver(store, opts["webhook"], opts["timeout"], now_ns))
        return counts
    except Exception:
        log.exception("processing alerts failed")
        return None
