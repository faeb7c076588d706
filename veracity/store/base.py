"""The store interface: DuckDB (embedded default) and, later, ClickHouse implement it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from veracity.ingest.spans import Span
from veracity.model import Label, Run, Verdict


@dataclass(frozen=True)
class RunFilter:
    """Which stored runs a query is about."""

    agent: str | None = None
    since_ns: int | None = None
    until_ns: int | None = None
    project: str | None = None


@dataclass(frozen=True)
class ApiKey:
    """An API key as stored: its id, the digest of its secret, its project (None with admin)."""

    key_id: str
    digest: str
    project: str | None
    admin: bool
    created_ns: int
    revoked_ns: int | None = None


class Store(Protocol):
    """Where runs, verdicts, spans, labels and learned state live."""

    def write_spans(self, spans: list[Span], received_ns: int) -> int:
        """Make spans durable (idempotent by trace and span id); returns how many were new or changed."""
        ...

    def due_traces(self, now_ns: int, quiet_ns: int) -> list[str]:
        """Traces whose last span arrived more than `quiet_ns` ago and that changed since checked."""
        ...

    def trace_spans(self, trace_ids: list[str]) -> list[Span]: ...

    def mark_checked(self, trace_ids: list[str], now_ns: int) -> None: ...

    def write_results(self, runs: list[Run], verdicts: list[Verdict]) -> None:
        """Store runs with their verdicts and findings; a run stored again replaces itself."""
        ...

    def pair_partners(self, runs: list[Run]) -> list[Run]:
        """Stored runs that share a pair key with one of `runs` and are not among them."""
        ...

    def get_run(self, run_id: str) -> Run | None: ...

    def get_verdict(self, run_id: str) -> Verdict | None: ...

    def iter_runs(self, where: RunFilter | None = None, batch: int = 1000, newest_first: bool = False) -> Any: ...

    def write_labels(self, labels: list[Label]) -> tuple[int, list[str]]:
        """Store labels of known runs; returns how many were stored and the unknown run ids."""
        ...

    def load_state(self, key: str) -> dict[str, Any] | None: ...

    def save_state(self, key: str, value: dict[str, Any]) -> None: ...

    def create_key(self, key: ApiKey) -> None:
        """Store a new key (its digest, never its secret)."""
        ...

    def list_keys(self) -> list[ApiKey]:
        """Every key, revoked ones included, oldest first."""
        ...

    def revoke_key(self, key_id: str, now_ns: int) -> bool:
        """Revoke a key; False when there is no such key or it was already revoked."""
        ...

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...
