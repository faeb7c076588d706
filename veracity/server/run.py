"""`veracity serve`: the receiver, its store worker and uvicorn, with a graceful stop."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import uvicorn

from veracity.config import Config
from veracity.parallel import open_pool
from veracity.server.app import create_app
from veracity.server.auth import LOOPBACK_HOSTS, KeyRing
from veracity.server.worker import StoreWorker
from veracity.store import db_path, engine_path, open_store

log = logging.getLogger("veracity.server")


def allowed_hosts(config: Config, ring: KeyRing, extra: tuple[str, ...] = ()) -> frozenset[str] | None:
    """Host names a request may name: `[server] allowed_hosts`, else loopback names without keys, else any."""
    listed = (config.raw.get("server") or {}).get("allowed_hosts")
    if isinstance(listed, list) and listed:
        return frozenset(str(h).lower() for h in listed) | frozenset(extra)
    return None if ring.enabled else LOOPBACK_HOSTS | frozenset(extra)


def gateway_keys(db: str | None) -> KeyRing:
    """The API keys a gateway (`serve --queue`) asks for: those of the store `--db` names, read once at
    start; none (loopback only) when no store is named or it holds none."""
    if db is None:
        return KeyRing([])
    if engine_path(db_path(db))[0] == "chdb":  # its directory belongs to the writer process
        log.warning("keys are not read from %s (a chdb store belongs to one process): loopback only", db)
        return KeyRing([])
    try:
        store = open_store(db_path(db), read_only=True)
    except Exception as e:  # a store another process holds, or none at that path yet
        log.warning("no API keys read from %s (%s): the gateway listens on loopback only", db, e)
        return KeyRing([])
    try:
        return KeyRing(store.list_keys())
    finally:
        store.close()


def build(
    db: str | None, config: Config, quiet_period: float | None = None, extra_hosts: tuple[str, ...] = (),
    emit_otlp: str | None = None, workers: int = 1,
) -> tuple[Any, StoreWorker]:
    """The app and its (not yet started) worker, with a lifespan that starts and drains it.

    `emit_otlp`: an OTLP/HTTP endpoint that receives every checked run's findings as spans.
    `workers` > 1: the per-run checks run in that many processes, forked here before any thread.
    """
    if quiet_period is not None:
        config = replace(config, quiet_period=quiet_period)
    path = db_path(db)
    pool = open_pool(workers)
    store = open_store(path)
    ring = KeyRing(store.list_keys())
    emitter = None
    if emit_otlp:
        from veracity.sdk.emit import FindingsExporter

        emitter = FindingsExporter(emit_otlp)
    worker = StoreWorker(store, config, emitter=emitter, pool=pool)
    app = create_app(worker, Path(path + ".deadletter"), limits=config.limits, ring=ring,
                     allowed_hosts=allowed_hosts(config, ring, extra_hosts))
    app.state.keys_enabled = ring.enabled

    @asynccontextmanager
    async def lifespan(_: Any) -> Any:
        worker.start()
        yield
        worker.stop()  # drains: every acknowledged request is stored and checked
        if pool is not None:
            pool.close()
            pool.join()

    app.router.lifespan_context = lifespan
    return app, worker


def answer_once(path: str, db: str | None, config: Config) -> tuple[int, str]:
    """One GET through the app, in process and without a socket: `veracity serve --get /api/report`."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # starlette's note about its httpx client
        from fastapi.testclient import TestClient

    app, _ = build(db, config, extra_hosts=("testserver",))
    with TestClient(app) as client:  # runs the lifespan: the store worker starts and stops
        response = client.get(path)
    return response.status_code, response.text


def bind_host(host: str, keys_enabled: bool) -> tuple[str, str | None]:
    """The address to listen on, and a note when it differs: with no API key, loopback only."""
    if keys_enabled or host in LOOPBACK_HOSTS:
        return host, None
    return "127.0.0.1", (
        f"no API key is configured, so veracity listens on 127.0.0.1 only, not {host}; "
        "create one with `veracity keys create --project P` to serve other machines"
    )


def serve_forever(host: str, port: int, db: str | None, config: Config, quiet_period: float | None = None,
                  emit_otlp: str | None = None, workers: int = 1) -> None:
    """Serve until SIGTERM or SIGINT; then stop accepting, answer the requests in flight, drain the
    writer's queue, check every waiting trace, close the store and exit (uvicorn's graceful stop
    runs the lifespan's end)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app, _ = build(db, config, quiet_period, emit_otlp=emit_otlp, workers=workers)
    host, note = bind_host(host, app.state.keys_enabled)
    state = "API keys required" if app.state.keys_enabled else "no API keys: open to this machine only"
    log.warning("veracity serve on http://%s:%d (%s)", host, port, state)
    if note:
        log.warning("%s", note)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=30,
                timeout_keep_alive=5, h11_max_incomplete_event_size=64 * 1024)
