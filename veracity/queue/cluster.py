"""`veracity cluster`: a gateway, N workers and (for a single-process store) the writer, as processes.

For development and demos. Prints one JSON line per process (`{"role", "pid", "address"}`), then
waits; SIGTERM or SIGINT stops them all (workers first get SIGTERM, so they commit what they wrote).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from typing import Any

import orjson

from veracity.queue.url import KafkaUrl
from veracity.queue.worker import writes_directly


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "veracity.cli.main", *args]


def plan(queue: KafkaUrl, store: str, workers: int, port: int, config: str | None,
         quiet_period: float | None) -> list[tuple[str, list[str], str | None]]:
    """(role, command, address) of each process to start."""
    extra = (["--config", config] if config else []) + (
        ["--quiet-period", str(quiet_period)] if quiet_period is not None else [])
    procs: list[tuple[str, list[str], str | None]] = [
        ("gateway", _cli("serve", "--queue", str(queue), "--host", "127.0.0.1", "--port", str(port),
                         "--db", store), f"http://127.0.0.1:{port}")]
    for _ in range(workers):
        procs.append(("worker", _cli("worker", "--queue", str(queue), "--store", store, *extra), None))
    if not writes_directly(store):
        procs.append(("writer", _cli("writer", "--queue", str(queue), "--store", store), None))
    return procs


def _wait_healthy(address: str, proc: subprocess.Popen[Any], timeout_s: float = 120.0) -> None:
    """Wait until the gateway answers /healthz (or exits, which is an error)."""
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the gateway exited with {proc.returncode}")
        try:
            if httpx.get(f"{address}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the gateway did not answer at {address} within {timeout_s:.0f} s")


def run_cluster(queue: KafkaUrl, store: str, workers: int, port: int | None = None, config: str | None = None,
                quiet_period: float | None = None) -> int:
    started: list[subprocess.Popen[Any]] = []
    stop = {"now": False}

    def on_signal(_sig: int, _frame: Any) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        for role, command, address in plan(queue, store, workers, port or _free_port(), config, quiet_period):
            proc = subprocess.Popen(command)
            started.append(proc)
            if address is not None:
                _wait_healthy(address, proc)
            sys.stdout.write(orjson.dumps({"role": role, "pid": proc.pid, "address": address}).decode() + "\n")
            sys.stdout.flush()
        while not stop["now"]:
            time.sleep(0.2)
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 30
        for proc in started:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0
