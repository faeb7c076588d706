"""Real HTTP receivers on 127.0.0.1 for each alert destination, each validating what it gets against
the destination's documented schema, and answering as the real service does.

- Slack incoming webhooks (Block Kit reference: message `text` + `blocks`; header, section, context,
  actions blocks and their documented limits): 200 `ok`, or 400 `invalid_blocks`.
- PagerDuty Events API v2 (`POST /v2/enqueue`: routing_key, event_action, dedup_key, payload with
  summary/source/severity for a trigger): 202 `{"status": "success", ...}`, or 400 `invalid event`.
- A signed webhook: `X-Veracity-Signature: sha256=HMAC(secret, "{timestamp}.{body}")` checked with a
  constant-time compare and a five-minute window: 204, or 401.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jsonschema

TEXT = {"type": "object", "required": ["type", "text"], "additionalProperties": False,
        "properties": {"type": {"enum": ["plain_text", "mrkdwn"]}, "text": {"type": "string", "minLength": 1},
                       "emoji": {"type": "boolean"}, "verbatim": {"type": "boolean"}}}


def _plain(limit: int) -> dict[str, Any]:
    return {**TEXT, "properties": {**TEXT["properties"], "type": {"const": "plain_text"},
                                   "text": {"type": "string", "minLength": 1, "maxLength": limit}}}


BUTTON = {"type": "object", "required": ["type", "text"], "additionalProperties": False,
          "properties": {"type": {"const": "button"}, "text": _plain(75), "url": {"type": "string", "maxLength": 3000},
                         "action_id": {"type": "string", "maxLength": 255}, "value": {"type": "string"},
                         "style": {"enum": ["primary", "danger"]}}}
SLACK_SCHEMA = {
    "type": "object", "required": ["text", "blocks"],
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "blocks": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"oneOf": [
            {"type": "object", "required": ["type", "text"], "additionalProperties": False,
             "properties": {"type": {"const": "header"}, "text": _plain(150), "block_id": {"type": "string"}}},
            {"type": "object", "required": ["type"], "additionalProperties": False, "anyOf": [
                {"required": ["text"]}, {"required": ["fields"]}],
             "properties": {"type": {"const": "section"}, "block_id": {"type": "string"},
                            "text": {**TEXT, "properties": {**TEXT["properties"],
                                                            "text": {"type": "string", "maxLength": 3000}}},
                            "fields": {"type": "array", "maxItems": 10, "items": {**TEXT, "properties": {
                                **TEXT["properties"], "text": {"type": "string", "maxLength": 2000}}}}}},
            {"type": "object", "required": ["type", "elements"], "additionalProperties": False,
             "properties": {"type": {"const": "context"}, "block_id": {"type": "string"},
                            "elements": {"type": "array", "minItems": 1, "maxItems": 10, "items": TEXT}}},
            {"type": "object", "required": ["type", "elements"], "additionalProperties": False,
             "properties": {"type": {"const": "actions"}, "block_id": {"type": "string"},
                            "elements": {"type": "array", "minItems": 1, "maxItems": 25, "items": BUTTON}}},
        ]}},
    },
}
PAGERDUTY_SCHEMA = {
    "type": "object", "required": ["routing_key", "event_action"], "additionalProperties": False,
    "properties": {
        "routing_key": {"type": "string", "minLength": 32, "maxLength": 32},
        "event_action": {"enum": ["trigger", "acknowledge", "resolve"]},
        "dedup_key": {"type": "string", "minLength": 1, "maxLength": 255},
        "client": {"type": "string"}, "client_url": {"type": "string"},
        "links": {"type": "array", "items": {"type": "object", "required": ["href"],
                                              "properties": {"href": {"type": "string"}, "text": {"type": "string"}}}},
        "images": {"type": "array"},
        "payload": {"type": "object", "required": ["summary", "source", "severity"], "additionalProperties": False,
                    "properties": {"summary": {"type": "string", "minLength": 1, "maxLength": 1024},
                                   "source": {"type": "string", "minLength": 1},
                                   "severity": {"enum": ["critical", "error", "warning", "info"]},
                                   "timestamp": {"type": "string"}, "component": {"type": "string"},
                                   "group": {"type": "string"}, "class": {"type": "string"},
                                   "custom_details": {"type": "object"}}},
    },
    "if": {"properties": {"event_action": {"const": "trigger"}}},
    "then": {"required": ["payload"]},
    "else": {"required": ["dedup_key"]},
}


class Receiver:
    """One destination's service on 127.0.0.1: validates, records what it accepted, can fail on purpose."""

    def __init__(self, kind: str, secret: str | None = None) -> None:
        self.kind, self.secret = kind, secret
        self.accepted: list[dict[str, Any]] = []
        self.rejected: list[str] = []
        self.fail_next: list[int] = []  # statuses to answer before accepting again
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status, answer = receiver.handle(body, dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if answer.startswith("{") else "text/plain")
                self.end_headers()
                self.wfile.write(answer.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        path = {"slack": "/services/T0/B0/x", "pagerduty": "/v2/enqueue", "webhook": "/hooks/veracity"}[kind]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{path}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def handle(self, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        if self.fail_next:
            return self.fail_next.pop(0), "temporarily unavailable"
        try:
            data = json.loads(body)
        except ValueError:
            return self._reject(400, "invalid_payload")
        if self.kind == "webhook":
            problem = self._signature_problem(body, headers)
            if problem:
                return self._reject(401, problem)
        else:
            try:
                jsonschema.validate(data, SLACK_SCHEMA if self.kind == "slack" else PAGERDUTY_SCHEMA)
            except jsonschema.ValidationError as e:
                if self.kind == "slack":
                    return self._reject(400, f"invalid_blocks: {e.message}")
                return self._reject(400, json.dumps({"status": "invalid event", "message": "Event object is invalid",
                                                     "errors": [e.message]}))
        self.accepted.append({"json": data, "headers": headers})
        if self.kind == "pagerduty":
            return 202, json.dumps({"status": "success", "message": "Event processed", "dedup_key": data["dedup_key"]})
        return (200, "ok") if self.kind == "slack" else (204, "")

    def _signature_problem(self, body: bytes, headers: dict[str, str]) -> str | None:
        stamp, signature = headers.get("X-Veracity-Timestamp"), headers.get("X-Veracity-Signature", "")
        if not stamp or not stamp.isdigit() or abs(time.time() - int(stamp)) > 300:
            return "missing or stale X-Veracity-Timestamp"
        expected = "sha256=" + hmac.new((self.secret or "").encode(), stamp.encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
        return None if hmac.compare_digest(expected, signature) else "bad X-Veracity-Signature"

    def _reject(self, status: int, why: str) -> tuple[int, str]:
        self.rejected.append(why)
        return status, why

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
