"""API keys, who a request is, and the checks every request passes before any route.

A key is `vk_<id>_<secret>` with a 256-bit random secret (`secrets.token_urlsafe(32)`); the
store keeps only `sha256(key)`. A fast hash is enough here because the secret is random and
long: nothing shorter than 2^256 guesses finds it, so a slow password hash (scrypt, argon2)
would only add tens of milliseconds to every OTLP export without adding safety.

Keys are sent as OTLP exporters' `headers` allow: `Authorization: Bearer <key>` or
`x-api-key: <key>`. With no key in the store the server is open, but `serve` binds to
loopback only. Whatever the keys, a browser's cross-site request is refused (its `Origin`
or `Sec-Fetch-Site` says so), and the `Host` header must name an allowed host, so a web
page cannot reach a local server through DNS rebinding.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import orjson

from veracity.store.base import ApiKey

PREFIX = "vk_"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
OPEN_PATHS = frozenset({"/healthz"})

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_key(project: str | None, admin: bool = False) -> tuple[str, ApiKey]:
    """A fresh key: the token to give the user once, and the record to store."""
    key_id = secrets.token_hex(4)
    token = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    return token, ApiKey(key_id, digest(token), None if admin else project, admin, time.time_ns())


@dataclass(frozen=True)
class Principal:
    """Who sent a request: an admin (every project) or one project's key; `open` when keys are off."""

    project: str | None
    admin: bool
    key_id: str | None = None

    def sees(self, project: str | None) -> bool:
        return self.admin or (project is not None and project == self.project)


OPEN = Principal(project=None, admin=True)


class KeyRing:
    """The live keys by digest, as loaded from the store; `enabled` once any key exists."""

    def __init__(self, keys: list[ApiKey]):
        self.by_digest: dict[str, ApiKey] = {}
        self.enabled = False
        self.reload(keys)

    def reload(self, keys: list[ApiKey]) -> None:
        """Take the store's keys as they are now (after a create or a revoke through the API)."""
        self.by_digest = {k.digest: k for k in keys if k.revoked_ns is None}
        self.enabled = bool(keys)

    def principal(self, token: str | None) -> Principal | None:
        if not self.enabled:
            return OPEN
        if not token or not token.startswith(PREFIX):
            return None
        found = self.by_digest.get(digest(token))
        if found is None or not hmac.compare_digest(found.digest, digest(token)):
            return None
        return Principal(project=found.project, admin=found.admin, key_id=found.key_id)


def token_of(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization", "")
    if value[:7].lower() == "bearer ":
        return value[7:].strip()
    return headers.get("x-api-key") or None


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def cross_site(headers: dict[str, str]) -> bool:
    """A browser request made by another site's page (form post, fetch, image)."""
    if headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return True
    origin = headers.get("origin")
    if origin and origin != "null":
        return origin.split("://", 1)[-1] != headers.get("host", "")
    return origin == "null"


class Guard:
    """ASGI middleware: Host check, cross-site refusal, then the key (401 without a valid one)."""

    def __init__(self, app: ASGIApp, ring: KeyRing, allowed_hosts: frozenset[str] | None):
        self.app = app
        self.ring = ring
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = _host_name(headers.get("host", ""))
        if self.allowed_hosts is not None and host.lower() not in self.allowed_hosts:
            await _deny(send, 400, f"host {host[:80]!r} is not served here")
            return
        if cross_site(headers):
            await _deny(send, 403, "cross-site requests are refused")
            return
        principal = OPEN if scope["path"] in OPEN_PATHS else self.ring.principal(token_of(headers))
        if principal is None:
            await _deny(send, 401, "a valid API key is required (Authorization: Bearer … or x-api-key)",
                        {"www-authenticate": "Bearer"})
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)


async def _deny(send: Send, status: int, message: str, headers: dict[str, str] | None = None) -> None:
    body = orjson.dumps({"code": status, "message": message})
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
