"""Asking a running `veracity serve` over HTTP: the commands that take `--server` share this."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console

err = Console(stderr=True)


def http_json(method: str, url: str, body: bytes | None = None) -> Any:
    """The JSON answer of ``method url``, with the API key in `VERACITY_API_KEY` if set; a
    transport error or an HTTP error status prints what failed, naming the URL, and exits with
    status 2."""
    import os

    import httpx

    headers = {"Content-Type": "application/json"} if body is not None else {}
    key = os.environ.get("VERACITY_API_KEY")
    if key:
        headers["Authorization"] = f"Bearer {key}"
    try:
        response = httpx.request(method, url, content=body, timeout=60, headers=headers)
    except httpx.HTTPError as e:
        err.print(f"[red]error:[/] {url}: {e}")
        raise typer.Exit(2) from None
    if response.status_code >= 400:
        err.print(f"[red]error:[/] {url}: HTTP {response.status_code}: {response.text[:300]}")
        raise typer.Exit(2)
    return response.json()
