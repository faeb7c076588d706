"""`[[alerts.destinations]]` of veracity.toml: where alerts go, each with its own secrets by env var name.

```toml
[alerts]
ui_url = "https://veracity.example.com"   # links in messages point at {ui_url}/runs?...

[[alerts.destinations]]
type = "slack"
url_env = "SLACK_WEBHOOK_URL"             # or url = "https://hooks.slack.com/services/..."

[[alerts.destinations]]
type = "pagerduty"
routing_key_env = "PAGERDUTY_ROUTING_KEY"   # url defaults to https://events.pagerduty.com/v2/enqueue

[[alerts.destinations]]
type = "webhook"
url = "https://hooks.example.com/veracity"
secret_env = "VERACITY_WEBHOOK_SECRET"    # HMAC-SHA256 key of X-Veracity-Signature
```
Secrets never sit in the file: it names the environment variables that hold them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

TYPES = ("slack", "pagerduty", "webhook")
PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue"
DEFAULT_UI_URL = "http://127.0.0.1:4318"


@dataclass(frozen=True)
class Destination:
    """One configured destination; `secret` is the webhook's HMAC key or PagerDuty's routing key."""

    name: str
    type: str
    url: str
    secret: str | None = None
    ui_url: str = DEFAULT_UI_URL
    timeout: float = 5.0
    retries: int = 3          # attempts within one delivery pass
    backoff: float = 0.5      # seconds before the second attempt, doubled each time after
    max_attempts: int = 12    # attempts over every pass before the delivery gives up


def _env(entry: dict[str, Any], key: str, where: str) -> str | None:
    name = entry.get(key)
    if name is None:
        return None
    value = os.environ.get(str(name))
    if not value:
        raise ValueError(f"{where}: {key} names ${name}, which is not set")
    return value


def _one(entry: Any, index: int, section: dict[str, Any]) -> Destination:
    where = f"veracity.toml [[alerts.destinations]] #{index + 1}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be a table")
    kind = entry.get("type")
    if kind not in TYPES:
        raise ValueError(f"{where}: type must be one of {', '.join(TYPES)}, not {kind!r}")
    url = entry.get("url") or _env(entry, "url_env", where) or (PAGERDUTY_URL if kind == "pagerduty" else None)
    if not url or not str(url).startswith(("http://", "https://")):
        raise ValueError(f"{where}: url (or url_env) must give an http(s) URL, not {url!r}")
    secret = _env(entry, "routing_key_env" if kind == "pagerduty" else "secret_env", where)
    if kind == "pagerduty":
        secret = secret or entry.get("routing_key")
        if not secret:
            raise ValueError(f"{where}: pagerduty needs routing_key_env (the integration key's variable)")
    if kind == "webhook" and entry.get("secret_env") is None:
        raise ValueError(f"{where}: webhook needs secret_env (the variable holding its HMAC key)")
    try:
        return Destination(
            name=str(entry.get("name") or f"{kind}-{index + 1}"), type=kind, url=str(url), secret=secret,
            ui_url=str(entry.get("ui_url") or section.get("ui_url") or DEFAULT_UI_URL).rstrip("/"),
            timeout=float(entry.get("timeout", section.get("timeout", 5.0))),
            retries=max(1, int(entry.get("retries", 3))), backoff=float(entry.get("backoff", 0.5)),
            max_attempts=max(1, int(entry.get("max_attempts", 12))))
    except (TypeError, ValueError) as e:
        raise ValueError(f"{where}: {e}") from None


def destinations(config: Any) -> list[Destination]:
    """The configured destinations, in file order; a bad entry is a ValueError naming it and the field."""
    raw = getattr(config, "raw", None) or {}
    found = raw.get("alerts")
    section: dict[str, Any] = found if isinstance(found, dict) else {}
    entries = section.get("destinations") or []
    if not isinstance(entries, list):
        raise ValueError("veracity.toml: alerts.destinations must be an array of tables ([[alerts.destinations]])")
    dests = [_one(entry, i, section) for i, entry in enumerate(entries)]
    names = [d.name for d in dests]
    if len(set(names)) != len(names):
        raise ValueError(f"veracity.toml [[alerts.destinations]]: names must differ ({', '.join(names)})")
    return dests
